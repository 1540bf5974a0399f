"""The occupation coder's speed on the shared data, and a digest of what it wrote, to compare two
versions of the coder run in the same conditions.

    .venv/bin/python bench/title_speed.py --warehouse /tmp/you/labourlens.duckdb [--runs 3]

The warehouse is a build of ../shared/data (as for bench/title_gold.py): the bench reads the coder's
reference from it, trains the coder, times writing and reading its model, ingests the raw resumes and
postings afresh into a temporary folder and codes them on one thread, as the build's step does
(``pipelines.titles.steps._code``, its title cache emptied first, the heap frozen as the step
freezes it), at least ``--documents`` of them (the documents repeated); then it codes distinct
authority titles alone. Speeds are per CPU-second of
this process (the machine is shared) with the load average beside each run. The md5 digests are over
every coding's row in order: two versions of the coder that write the same digests code alike.
"""

import argparse
import hashlib
import io
import json
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path

import polars as pl
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.ingest.sources import SOURCES_BY_NAME  # noqa: E402
from pipelines.ingest.steps import ingest  # noqa: E402
from pipelines.settings import load_settings  # noqa: E402
from pipelines.titles.coder import CoderSettings, FeatureModel, decide  # noqa: E402
from pipelines.titles.steps import _code, frozen_heap, load_reference  # noqa: E402
from pipelines.warehouse.build import StepContext, connect  # noqa: E402
from pipelines.warehouse.contracts import contract  # noqa: E402


def _digest(rows: list) -> str:
    return hashlib.md5(repr(rows).encode()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--warehouse", required=True)
    parser.add_argument("--raw-dir", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--titles", type=int, default=40_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    settings = load_settings(raw_dir=args.raw_dir, warehouse=args.warehouse)
    con = connect(settings.layout.warehouse, read_only=True)
    ctx = StepContext((contract("staging.title_occupations"),), settings, con, log=lambda _: None)
    reference = load_reference(ctx)
    started = time.process_time()
    model = FeatureModel(reference)
    trained = time.process_time() - started
    buffer = io.BytesIO()
    started = time.process_time()
    pickle.dump(model, buffer, protocol=pickle.HIGHEST_PROTOCOL)
    dumped = time.process_time() - started
    started = time.process_time()
    model = pickle.loads(buffer.getvalue())
    loaded = time.process_time() - started
    size = len(buffer.getvalue()) / 1e6
    print(
        f"coder trained in {trained:.1f} CPU-s; model {size:,.1f} MB, written in {dumped:.2f} CPU-s, "
        f"read in {loaded:.2f} CPU-s"
    )
    coder = CoderSettings.load()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = load_settings(raw_dir=settings.layout.raw_dir, warehouse=Path(tmp) / "bench.duckdb")
        for source in ("resumes", "postings"):
            ingest(SOURCES_BY_NAME[source], scratch)
        frame = pl.from_arrow(
            StepContext(ctx.contracts, scratch, con, log=print).query("coded_documents").to_arrow_table()
        )
    assert isinstance(frame, pl.DataFrame)
    frame = frame.sort("source", "source_file", "record_position")
    timed = pl.concat([frame] * max(1, -(-args.documents // len(frame))))
    titles = sorted({t for t, _, _, _ in reference.titles})[: args.titles]
    digests: dict[str, str] = {}
    runs = []
    # the heap frozen as the build's step freezes it once its model is loaded
    with threadpool_limits(1), frozen_heap():
        for run in range(args.runs):
            load = os.getloadavg()[0]
            model._cache.clear()
            cpu = time.process_time()
            coded = _code((model, coder), timed)
            with_text = len(timed) / (time.process_time() - cpu)
            model._cache.clear()
            cpu = time.process_time()
            alone = [
                decide(model, model.evidence(titles[k : k + 1000]), coder)
                for k in range(0, len(titles), 1000)
            ]
            title_only = len(titles) / (time.process_time() - cpu)
            runs.append({"load": load, "documents_per_cpu_s": with_text, "titles_per_cpu_s": title_only})
            print(
                f"run {run + 1}: load {load:.2f}; {with_text:,.0f} documents per CPU-second with text "
                f"({len(timed):,} documents); {title_only:,.0f} distinct titles per CPU-second title-only "
                f"({len(titles):,} titles)"
            )
            if not digests:
                digests["documents"] = _digest(coded.slice(0, len(frame)).to_pylist())
                digests["titles"] = _digest([c for batch in alone for c in batch])
    print(f"digests over {len(frame):,} documents and {len(titles):,} titles: {digests}")
    print(json.dumps({"runs": runs, "digests": digests, "model_mb": size, "model_read_cpu_s": loaded}))


if __name__ == "__main__":
    main()
