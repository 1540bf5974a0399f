"""The Python steps of the skill tables: the taxonomy (staging.skills, staging.skill_aliases) and the
skills of every document (staging.document_skills), in bounded batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from itertools import groupby
from operator import itemgetter
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import polars as pl
import pyarrow as pa

from pipelines import REFERENCE_DIR
from pipelines.documents import personal
from pipelines.reference.skill_lists import read_skill_list
from pipelines.shards.files import fingerprint
from pipelines.shards.helpers import Helpers
from pipelines.shards.memo import CHANGES, Memo
from pipelines.skills.documents import PART_SCHEMA, document_skills
from pipelines.skills.extract import Extractor
from pipelines.skills.taxonomy import TRUSTED, Taxonomy, build_taxonomy

if TYPE_CHECKING:  # the build's context imports Dagster, which a spawned helper does not need
    from pipelines.warehouse.build import StepContext

CURATED_SKILLS = REFERENCE_DIR / "skills_curated.csv"
# Documents a process extracts at a time (pipelines.shards.helpers): each call builds the phrase
# automaton anew (~0.2 CPU-s), so slices are large, and enough of them that both cores stay busy.
SLICE_DOCUMENTS = 25_000


def taxonomy_from(
    technology_names: Iterable[str],
    skill_lists: Iterable[Path],
    tool_names: Iterable[str] = (),
    curated: Path = CURATED_SKILLS,
) -> Taxonomy:
    """The taxonomy with the skill list files given (benchmarks read them so, without a warehouse)."""
    return build_taxonomy(
        curated, technology_names, tool_names, [(p.name, read_skill_list(p)) for p in skill_lists]
    )


def write_taxonomy(ctx: StepContext) -> dict[str, Any]:
    technology = [name for (name,) in ctx.query("onet_technology_names").fetchall()]
    tools = [name for (name,) in ctx.query("onet_tool_names").fetchall()]
    # each list by its file name, as the taxonomy's origins name it (list:<file>)
    named = groupby(ctx.query("skill_list_names").fetchall(), key=itemgetter(0))
    lists = [(PurePosixPath(file).name, [name for _, name in rows]) for file, rows in named]
    taxonomy = build_taxonomy(CURATED_SKILLS, technology, tools, lists)
    taxonomy.frame().write_parquet(ctx.param_path("skills"))
    taxonomy.alias_frame().write_parquet(ctx.param_path("aliases"))
    return {"skills": len(taxonomy.skills), "aliases": len(taxonomy.aliases)}


class SkillModel:
    """What extraction needs from the taxonomy tables: the compiled phrases, the alias map for skills
    fields and the software skills (co-occurrence evidence). ``rows``: the ``skill_aliases`` input
    (alias, skill_id, ambiguous, in_prose, written: the name as a trusted source writes it, type,
    prior: a list phrase's log-odds of being a skill before its sentence's support)."""

    def __init__(self, rows: Iterable[tuple[str, str, bool, bool, str | None, str, float | None]]) -> None:
        rows = list(rows)
        self.aliases = {alias: skill_id for alias, skill_id, *_ in rows}
        self.software = {skill_id for _, skill_id, _, _, _, t, _ in rows if t == "software"}
        self.soft = {skill_id for _, skill_id, _, _, _, t, _ in rows if t == "soft"}
        self.extractor = Extractor.from_aliases(
            self.aliases,
            [alias for alias, _, ambiguous, *_ in rows if ambiguous],
            [alias for alias, _, _, in_prose, *_ in rows if not in_prose],
            {skill_id: written for _, skill_id, _, _, written, _, _ in rows if written},
            {alias: prior for alias, *_, prior in rows if prior is not None},
        )

    @classmethod
    def from_taxonomy(cls, taxonomy: Taxonomy) -> SkillModel:
        """The model of a taxonomy built in process, with the rows ``sql/inputs/skill_aliases.sql``
        reads from its tables."""
        trusted = {s for s, origins in taxonomy.origins.items() if origins & TRUSTED}
        named = {s for s in trusted if taxonomy.types[s] == "software"}
        return cls(
            (
                alias,
                skill_id,
                alias in taxonomy.ambiguous,
                alias not in taxonomy.list_only,
                taxonomy.skills[skill_id] if skill_id in named else None,
                taxonomy.types[skill_id],
                taxonomy.priors.get(alias),
            )
            for alias, skill_id in taxonomy.aliases.items()
        )

    def skills(self, batch: pl.DataFrame, doc_type: str, with_reasons: bool = False) -> pl.DataFrame:
        return document_skills(
            batch, doc_type, self.extractor, self.aliases, (self.software, self.soft), with_reasons
        )


def extract_document_skills(ctx: StepContext) -> dict[str, Any]:
    """Skills of every resume and posting, ``skill_batch_size`` documents at a time, into Parquet parts.
    A document whose content, the taxonomy and the extraction code are unchanged since the last build
    gets its skills from then (``pipelines.shards.memo``)."""
    rows = ctx.query("skill_aliases").fetchall()
    model = SkillModel(rows)
    out_dir = ctx.param_path("parts").parent
    for old in out_dir.glob("*.parquet"):
        old.unlink()
    fingerprint = _fingerprint(rows)
    stats = []
    with Helpers(ctx.settings.processes, model, SkillModel, (rows,)) as helpers:
        for doc_type, query in (("resume", "resume_skill_sources"), ("posting", "posting_skill_sources")):
            memo = Memo(
                ctx.param_path("memo") / doc_type, fingerprint, ["doc_type", "doc_id"], ctx.generation
            )
            reader = ctx.query(query).to_arrow_reader(ctx.settings.skill_batch_size)
            batches = (_frame(b).with_columns(pl.lit(doc_type).alias("doc_type")) for b in reader)
            compute = partial(_skills_shared, helpers, doc_type)
            stats.append(memo.run(batches, compute, out_dir, doc_type, out_dir / CHANGES))
    # an empty part keeps the glob and the columns valid when there are no documents at all
    pl.DataFrame(schema=PART_SCHEMA).write_parquet(out_dir / "empty.parquet")
    return {
        "documents_computed": sum(s.computed for s in stats),
        "documents_reused": sum(s.reused for s in stats),
    }


def _skills_shared(
    helpers: Helpers[SkillModel], doc_type: str, batches: Iterable[pl.DataFrame]
) -> Iterator[pl.DataFrame]:
    """``_skills`` over the memo's batches, in slices on every process (a document's skills do not
    depend on the others in its batch, and each is one row, so in one slice)."""
    for parts in helpers.stream(partial(_skills, doc_type=doc_type), batches, SLICE_DOCUMENTS):
        yield pl.concat(parts)


def _skills(model: SkillModel, batch: pl.DataFrame, doc_type: str) -> pl.DataFrame:
    return distinct_skills(model.skills(batch.drop("doc_type"), doc_type))


def distinct_skills(parts: pl.DataFrame) -> pl.DataFrame:
    """One row per document and skill (the grain of staging.document_skills): found in the text or a
    skills field if any match was, every surface form once in order, the least evidence bullet. Done
    per batch, as the memo keeps it, so that a rebuild does not group every document's matches again;
    a document is always in one batch."""
    return (
        parts.group_by("doc_type", "doc_id", "skill_id")
        .agg(
            _any("in_text"),
            _any("in_skills_field"),
            pl.col("forms").list.explode(keep_nulls=False, empty_as_null=False).drop_nulls().unique().sort(),
            pl.col("evidence").min(),
        )
        .select(list(PART_SCHEMA))
        .cast(PART_SCHEMA)
    )


def _any(column: str) -> pl.Expr:
    """SQL's bool_or: null when every value is."""
    value = pl.col(column)
    return pl.when(value.is_not_null().any()).then(value.any()).otherwise(None).alias(column)


def _frame(batch: pa.RecordBatch) -> pl.DataFrame:
    frame = pl.from_arrow(batch)
    assert isinstance(frame, pl.DataFrame)
    return frame


def _fingerprint(alias_rows: list[tuple[Any, ...]]) -> str:
    """What a document's skills depend on besides the document: the taxonomy, the rules and the code."""
    # text cleaning takes its e-mail and link patterns from the personal-data scrubber
    sources = [*sorted(Path(__file__).parent.glob("*.py")), Path(str(personal.__file__))]
    sources += sorted(REFERENCE_DIR.glob("skill*"))
    return fingerprint(sorted(alias_rows, key=repr), files=sources)
