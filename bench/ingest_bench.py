"""Ingestion throughput and peak memory at two corpus sizes: memory must follow the batch, not the corpus.

    .venv/bin/python bench/ingest_bench.py [--sizes 20000 100000] [--batch-size 20000]

Each size runs in a fresh process (peak RSS is per process) on a generated corpus of that many
resumes and as many postings, through the build's own assets up to staging.resumes and staging.postings.
"""

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import run_fresh  # noqa: E402

# The ingestion path of a build: the published resume and posting tables and everything upstream of
# them (reference tables, title matching), with their checks.
TARGETS = ["staging/resumes", "staging/postings"]


def _cpu_seconds() -> float:
    """User and system CPU of this process and of its finished children (the ingest workers): on a
    shared machine the work done, where wall seconds also hold the waits for a core."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_one(size: int, batch_size: int, memory_limit: str, workdir: Path) -> dict[str, float]:
    import dagster as dg

    from pipelines.definitions import build_definitions
    from pipelines.sample.generate import generate
    from pipelines.settings import Settings
    from pipelines.warehouse.resource import Warehouse

    raw = workdir / "raw"
    generate(raw, resumes=size, postings=size, with_defects=False)
    megabytes = sum(p.stat().st_size for p in raw.rglob("*") if p.is_file()) / 1e6
    warehouse = Warehouse(
        settings=Settings(
            raw_dir=str(raw),
            warehouse=str(workdir / "bench.duckdb"),
            batch_size=batch_size,
            duckdb_memory=memory_limit,
        )
    )
    definitions = build_definitions(warehouse)
    job = definitions.resolve_job_def("refresh_warehouse")
    targets = dg.AssetSelection.assets(*(dg.AssetKey(k.split("/")) for k in TARGETS)).upstream()
    selection = list(targets.resolve(definitions.resolve_asset_graph()))
    started, cpu_started, load = time.perf_counter(), _cpu_seconds(), os.getloadavg()[0]
    result = job.execute_in_process(asset_selection=selection)
    seconds = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_started
    documents = sum(
        int(m.materialization.metadata["records_read"].value)
        for m in (e.step_materialization_data for e in result.get_asset_materialization_events())
        if m.materialization.asset_key.path[0] == "ingest"
    )
    return {
        "documents": documents,
        "input_mb": megabytes,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "docs_per_cpu_s": documents / cpu,
        "load": (load, os.getloadavg()[0]),
        "docs_per_s": documents / seconds,
        "mb_per_s": megabytes / seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument("--duckdb-memory", default="1GB")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        workdir = Path(tempfile.mkdtemp(prefix="labourlens-bench-"))
        try:
            print(json.dumps(run_one(args.one, args.batch_size, args.duckdb_memory, workdir)))
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        return
    print(
        f"{'documents':>10} {'input MB':>9} {'seconds':>8} {'docs/s':>8} {'MB/s':>6} {'CPU s':>7}"
        f" {'docs/CPU s':>10} {'peak RSS MB':>12} {'load':>11}"
    )
    for size in args.sizes:
        r = run_fresh(
            __file__,
            "--one",
            str(size),
            "--batch-size",
            str(args.batch_size),
            "--duckdb-memory",
            args.duckdb_memory,
        )
        print(
            f"{r['documents']:>10,.0f} {r['input_mb']:>9.1f} {r['seconds']:>8.1f} {r['docs_per_s']:>8,.0f} "
            f"{r['mb_per_s']:>6.1f} {r['cpu_seconds']:>7.1f} {r['docs_per_cpu_s']:>10,.0f}"
            f" {r['peak_rss_mb']:>12,.0f} {r['load'][0]:>5.1f}->{r['load'][1]:<5.1f}"
        )


if __name__ == "__main__":
    main()
