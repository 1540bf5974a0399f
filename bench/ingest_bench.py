"""Ingestion throughput and peak memory at two corpus sizes: memory must follow the batch, not the corpus.

    .venv/bin/python bench/ingest_bench.py [--sizes 20000 100000] [--batch-size 20000]

Each size runs in a fresh process (peak RSS is per process) on a generated corpus of that many
resumes and as many postings, through the same ingestion loop and SQL the assets use.
"""

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def run_one(size: int, batch_size: int, memory_limit: str, workdir: Path) -> dict[str, float]:

    from pipelines.lib.ingest import ingest_files
    from pipelines.lib.sample import generate
    from pipelines.lib.sources import SOURCES_BY_NAME
    from pipelines.lib.warehouse import build_table, connect

    raw = workdir / "raw"
    generate(raw, resumes=size, postings=size, with_defects=False, reference=False)
    megabytes = sum(p.stat().st_size for p in raw.rglob("*") if p.is_file()) / 1e6
    started = time.perf_counter()
    documents = 0
    for name in ("resumes", "postings"):
        source = SOURCES_BY_NAME[name]
        outcomes = ingest_files(
            source=name,
            files=source.files(raw),
            raw_dir=raw,
            normaliser_for=lambda relative, s=source: s.normaliser_for(raw, relative),
            schema=source.schema,
            out_dir=workdir / "work" / name,
            batch_size=batch_size,
        )
        documents += sum(o.records_read for o in outcomes)
    ingest_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    con = connect(workdir / "bench.duckdb", memory_limit)
    for name in ("resumes", "postings"):
        build_table(con, "staging", name, {"records": str(workdir / "work" / name / "records" / "*.parquet")})
    con.close()
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "documents": documents,
        "input_mb": megabytes,
        "seconds": seconds,
        "docs_per_s": documents / seconds,
        "mb_per_s": megabytes / seconds,
        "ingest_peak_mb": ingest_peak_mb,
        "peak_rss_mb": peak_mb,
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
        f"{'documents':>10} {'input MB':>9} {'seconds':>8} {'docs/s':>8} {'MB/s':>6} {'parse peak MB':>14} {'peak RSS MB':>12}"
    )
    for size in args.sizes:
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--one",
                str(size),
                "--batch-size",
                str(args.batch_size),
                "--duckdb-memory",
                args.duckdb_memory,
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(
            f"{r['documents']:>10,.0f} {r['input_mb']:>9.1f} {r['seconds']:>8.1f} {r['docs_per_s']:>8,.0f} "
            f"{r['mb_per_s']:>6.1f} {r['ingest_peak_mb']:>14,.0f} {r['peak_rss_mb']:>12,.0f}"
        )


if __name__ == "__main__":
    main()
