"""The Python step of staging.title_occupations: code every ingested resume and posting with an
occupation, from its title and its own text, in batches."""

from __future__ import annotations

import gc
import os
import pickle
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.shards.files import fingerprint
from pipelines.shards.helpers import Helpers
from pipelines.shards.memo import CHANGES, Memo
from pipelines.titles import coder, normalise, reference, text_model, title_model, title_regression
from pipelines.titles.coder import CODER_SETTINGS, CoderSettings, Coding, FeatureModel, decide
from pipelines.titles.normalise import PLACES, TITLE_WORDS, TitleNormaliser
from pipelines.titles.reference import OccupationReference
from pipelines.titles.text_model import TEXT_SECTIONS, Sections

if TYPE_CHECKING:  # the build's context imports Dagster, which a spawned helper does not need
    from pipelines.warehouse.build import StepContext

# Documents scored at once: the evidence of a batch is (features x documents x occupations) float32,
# about 30 MB per 1,000 documents against O*NET's 1,016 occupations.
BATCH_DOCUMENTS = 1000
# Documents read per memo batch (pipelines.shards.memo), coded BATCH_DOCUMENTS at a time.
MEMO_BATCH = 50_000
# Documents a process codes at a time (pipelines.shards.helpers): small enough that every process is
# busy to the last batch, whole scoring batches so that a slice costs nothing beyond its documents.
SLICE_DOCUMENTS = 5 * BATCH_DOCUMENTS
MEMO_KEY = ("source", "source_file", "record_position")
# A cached model is reused only when it was trained on the same reference by the same code.
MODEL_SOURCES = (
    *(
        Path(str(m.__file__))
        for m in (coder, normalise, reference, text_model, title_model, title_regression)
    ),
    TITLE_WORDS,
    PLACES,
    TEXT_SECTIONS,
)

CODINGS_SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("source_file", pa.string()),
        ("record_position", pa.int64()),
        ("title", pa.string()),
        ("title_normalised", pa.string()),
        ("title_match", pa.string()),
        ("occupation_code", pa.string()),
        ("soc_code", pa.string()),
        ("probability", pa.float64()),
        ("method", pa.string()),
        ("candidate_codes", pa.list_(pa.string())),
        ("candidate_probabilities", pa.list_(pa.float64())),
    ]
)


def load_reference(ctx: StepContext) -> OccupationReference:
    return OccupationReference.from_rows(
        ctx.query("authority_titles").fetchall(),
        ctx.query("occupation_texts").fetchall(),
        ctx.query("occupation_priors").fetchall(),
        ctx.query("title_corrections").fetchall(),
    )


def model_fingerprint(occupations: OccupationReference) -> str:
    return fingerprint(occupations.fingerprint(), files=MODEL_SOURCES)


class TrainedModel(NamedTuple):
    model: FeatureModel
    # what the model was trained from (model_fingerprint): the reference, vocabulary and coder source
    fingerprint: str
    trained: bool


def trained_model(occupations: OccupationReference, path: Path) -> TrainedModel:
    """The coder's model for ``occupations``: read from ``path`` when it was trained on the same
    reference, title vocabulary and coder source, else trained and written there; with its
    fingerprint and whether it was trained now."""
    fingerprint = model_fingerprint(occupations)
    # the fingerprint is written ahead of the model, so that a model older code wrote (whose classes
    # may no longer exist) is never unpickled, only replaced
    if path.exists():
        with path.open("rb") as fh:
            try:
                if pickle.load(fh) == fingerprint:
                    return TrainedModel(pickle.load(fh), fingerprint, False)
            except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
                pass
    model = FeatureModel(occupations, TitleNormaliser(), Sections.load())
    path.parent.mkdir(parents=True, exist_ok=True)
    written = path.with_suffix(".partial")
    with written.open("wb") as fh:
        pickle.dump(fingerprint, fh, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(model, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(written, path)
    return TrainedModel(model, fingerprint, True)


@contextmanager
def frozen_heap() -> Iterator[None]:
    """While the coder codes: every object alive now (the model's and the imported libraries', ~250k)
    out of the cyclic garbage collector's reach. Coding allocates many short-lived objects, which set off
    full collections that would walk all of them again (~0.25 CPU-s each, a tenth of coding 40,000
    titles) to free none: the model lives as long as the step."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def method_of(coding: Coding, title: str | None) -> str:
    if coding.occupation_code is None:
        return "below_threshold"
    if coding.title_match:
        return "known_title"
    return "similar_title" if title and title.strip() else "text_only"


def code_documents(ctx: StepContext) -> dict[str, Any]:
    """Code every ingested document into the ``codings`` work parts, ``BATCH_DOCUMENTS`` at a time. A
    document whose title and text, the reference and the coder are unchanged since the last build keeps
    its coding from then (``pipelines.shards.memo``)."""
    occupations = load_reference(ctx)
    model, model_print, trained = trained_model(occupations, ctx.param_path("model"))
    settings = CoderSettings.load(CODER_SETTINGS)
    out_dir = ctx.param_path("codings").parent
    for old in out_dir.glob("*.parquet"):
        old.unlink()
    pq.write_table(CODINGS_SCHEMA.empty_table(), out_dir / "empty.parquet")
    # the model's fingerprint covers the reference and the coder's source; a coding also depends on
    # the coder's settings and on this step
    memo = Memo(
        ctx.param_path("memo"),
        fingerprint(model_print, files=(CODER_SETTINGS, Path(__file__))),
        MEMO_KEY,
        ctx.generation,
    )
    with (
        frozen_heap(),
        Helpers(
            ctx.settings.processes, (model, settings), _load_coder, (ctx.param_path("model"), settings)
        ) as helpers,
    ):
        stats = memo.run(
            ctx.query("coded_documents").to_arrow_reader(MEMO_BATCH),
            partial(_code_shared, helpers),
            out_dir,
            "codings",
            out_dir / CHANGES,
        )
    # over every coding, computed now or reused
    by_method = pl.scan_parquet(out_dir / "*.parquet").group_by("method").len().collect()
    return {
        "by_method": dict(sorted(by_method.iter_rows())),
        "model_trained": trained,
        "documents_computed": stats.computed,
        "documents_reused": stats.reused,
    }


def _load_coder(path: Path, settings: CoderSettings) -> tuple[FeatureModel, CoderSettings]:
    """A helper's model: the one ``trained_model`` wrote (its fingerprint checked by the step), its
    heap frozen as the step's is (``frozen_heap``) for the helper's life, which is the step's."""
    with path.open("rb") as fh:
        pickle.load(fh)
        model = pickle.load(fh)
    gc.freeze()
    return model, settings


def _code_shared(
    helpers: Helpers[tuple[FeatureModel, CoderSettings]], frames: Iterable[pl.DataFrame]
) -> Iterator[pa.Table]:
    """``_code`` over the memo's batches, in slices on every process (a document's coding does not
    depend on the others in its batch)."""
    for parts in helpers.stream(_code, frames, SLICE_DOCUMENTS):
        yield pa.concat_tables(parts)


def _code(state: tuple[FeatureModel, CoderSettings], frame: pl.DataFrame) -> pa.Table:
    """The codings of a batch of documents (the ``coded_documents`` columns)."""
    model, settings = state
    tables = []
    for batch in frame.to_arrow().to_batches(BATCH_DOCUMENTS):
        columns = batch.to_pydict()
        titles = columns["title"]
        evidence = model.evidence(titles, columns["text"], settings.text_chars)
        codings = decide(model, evidence, settings)
        rows = {name: [] for name in CODINGS_SCHEMA.names}  # type: dict[str, list[Any]]
        for i, coding in enumerate(codings):
            method = method_of(coding, titles[i])
            rows["source"].append(columns["source"][i])
            rows["source_file"].append(columns["source_file"][i])
            rows["record_position"].append(columns["record_position"][i])
            rows["title"].append(titles[i])
            rows["title_normalised"].append(evidence.titles[i].key or None)
            rows["title_match"].append(coding.title_match or None)
            rows["occupation_code"].append(coding.occupation_code)
            rows["soc_code"].append(coding.occupation_code[:7] if coding.occupation_code else None)
            rows["probability"].append(coding.probability)
            rows["method"].append(method)
            rows["candidate_codes"].append(coding.candidates)
            rows["candidate_probabilities"].append(coding.probabilities)
        tables.append(pa.table(rows, schema=CODINGS_SCHEMA))
    return pa.concat_tables(tables) if tables else CODINGS_SCHEMA.empty_table()
