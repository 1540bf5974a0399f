"""Analysts' view of repeated rebuilds: a reader process opens the published warehouse read-only and
queries it every 0.2 s while `labourlens build` rebuilds the same corpus several times into one file.

    .venv/bin/python bench/publication_bench.py [--documents 10000] [--builds 3] [--no-reader] [--project DIR]

Prints per build its seconds, exit code and the warehouse file's size, then the reader's polls, errors
and slowest poll. ``--project`` runs another checkout's CLI (e.g. an export of an older commit) for a
before/after; ``--no-reader`` measures the file's growth alone (an older build fails when a reader holds
the file).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import build_command

ROOT = Path(__file__).resolve().parent.parent

READER = """
import json, os, sys, time
import duckdb
path, stop, out = sys.argv[1:4]
polls, errors, worst = 0, [], 0.0
while not os.path.exists(stop):
    started = time.monotonic()
    try:
        con = duckdb.connect(path, read_only=True)
        con.execute("select count(*) from marts.occupations").fetchall()
        con.close()
    except Exception as exc:
        errors.append(str(exc).splitlines()[0][:160])
    worst = max(worst, time.monotonic() - started)
    polls += 1
    time.sleep(0.2)
json.dump(dict(polls=polls, errors=errors, worst=worst), open(out, "w"))
"""


def build(project: Path, raw: Path, warehouse: Path) -> tuple[float, int]:
    started = time.monotonic()
    done = subprocess.run(
        build_command(raw, warehouse),
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(project)},
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.monotonic() - started, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=10_000, help="resumes, and as many postings")
    parser.add_argument("--builds", type=int, default=3, help="rebuilds of the same corpus")
    parser.add_argument("--project", type=Path, default=ROOT, help="checkout whose CLI builds")
    parser.add_argument("--no-reader", dest="reader", action="store_false", help="no reader during builds")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from pipelines.sample.generate import generate

    work = Path(tempfile.mkdtemp(prefix="labourlens-publication-"))
    raw, warehouse = work / "raw", work / "wh" / "labourlens.duckdb"
    generate(raw, resumes=args.documents, postings=args.documents, with_defects=False)
    seconds, code = build(args.project, raw, warehouse)
    sizes = [warehouse.stat().st_size]
    print(f"build 1: {seconds:.0f} s, exit {code}, warehouse {sizes[0] / 1e6:.1f} MB")
    stop, results = work / "stop", work / "reader.json"
    reader = None
    if args.reader:
        reader = subprocess.Popen([sys.executable, "-c", READER, str(warehouse), str(stop), str(results)])
    try:
        for n in range(2, args.builds + 1):
            seconds, code = build(args.project, raw, warehouse)
            sizes.append(warehouse.stat().st_size)
            print(f"build {n}: {seconds:.0f} s, exit {code}, warehouse {sizes[-1] / 1e6:.1f} MB")
    finally:
        stop.touch()
        if reader is not None:
            reader.wait()
    if reader is not None:
        polls = json.loads(results.read_text())
        print(
            f"reader during builds 2-{args.builds}: {polls['polls']} polls, {len(polls['errors'])} errors,"
            f" slowest poll {polls['worst']:.2f} s"
        )
        for error in sorted(set(polls["errors"]))[:3]:
            print(f"  e.g. {error}")
    print(
        f"file size: {sizes[0] / 1e6:.1f} MB -> {sizes[-1] / 1e6:.1f} MB over {args.builds} builds ({work})"
    )


if __name__ == "__main__":
    main()
