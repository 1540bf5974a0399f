"""Research scale: a full build, a rebuild with nothing changed and one with 1% more documents, against
a DuckDB-only floor on the same raw files timed in the same run.

    .venv/bin/python bench/scale.py [--documents 200000] [--reference ../shared/data] [--workdir DIR]

Generates ``--documents`` resumes and as many postings with the project's own generator (no planted
defects), builds end to end with ``labourlens build`` into a warehouse under the work folder and
prints each step's wall and CPU seconds, the peak resident memory of the build's whole process tree, the load
average before and after, how many tables the build copied from the published warehouse
(``audit.asset_inputs``), the floor and the ratio. ``--reference`` links the onet/, oews/ and soc/ folders of another raw directory (the real
releases) in place of the generated starter ones. Exits non-zero, loudly, when a build's verdict is
not OK: a benchmark of a build that does not publish measures nothing.
"""

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import build_command  # noqa: E402

STEP_LINE = re.compile(r"^\s+done\s+(\S+)\s+\(([\d.]+) s")
REFERENCE_FOLDERS = ("onet", "oews", "soc")


class TreeSampler:
    """Every 0.2 s from /proc: the summed resident memory of a process and all its descendants (a
    process pool's workers count together), kept as its peak; and the tree's CPU seconds (each live
    process's own and its reaped children's), noted when a step's ``done`` line appears in ``log``. A
    build runs one step at a time, so a step's CPU seconds are the tree's between its ``done`` line and
    the one before: on a shared machine the work a step did, where its wall seconds also hold its
    waits for a core."""

    def __init__(self, pid: int, log: Path) -> None:
        self.pid, self.log, self.peak, self._stop = pid, log, 0, threading.Event()
        self.cpu = 0.0
        # (step, the tree's CPU seconds when its line appeared), in the order the lines came
        self.step_cpu: list[tuple[str, float]] = []
        self._lines = 0
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @staticmethod
    def _stats(root: int) -> list[list[str]]:
        """The /proc/<pid>/stat fields after the command name, of ``root`` and its descendants."""
        parents: dict[int, list[int]] = {}
        stats: dict[int, list[str]] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            stats[int(entry)] = fields
            parents.setdefault(int(fields[1]), []).append(int(entry))
        tree, pending = [], [root]
        while pending:
            pid = pending.pop()
            if pid in stats:
                tree.append(stats[pid])
            pending += parents.get(pid, [])
        return tree

    def _run(self) -> None:
        tick, page = os.sysconf("SC_CLK_TCK"), os.sysconf("SC_PAGE_SIZE")
        while not self._stop.is_set():
            tree = self._stats(self.pid)
            # fields 14-17 of stat: utime, stime, cutime, cstime; 24: resident pages
            self.peak = max(self.peak, sum(int(f[21]) for f in tree) * page)
            # a helper that ends moves its seconds into its parent's cutime: the sum never falls back
            self.cpu = max(self.cpu, sum(int(x) for f in tree for x in f[11:15]) / tick)
            self._note_steps()
            self._stop.wait(0.2)

    def _note_steps(self) -> None:
        try:
            text = self.log.read_text()
        except OSError:
            return
        lines = text.split("\n")[:-1]  # whole lines only: the last may be half written
        for line in lines[self._lines :]:
            if m := STEP_LINE.match(line):
                self.step_cpu.append((m[1], self.cpu))
        self._lines = len(lines)

    def stop(self, total: float) -> tuple[int, dict[str, float]]:
        """The peak memory, and each step's CPU seconds; ``total``, the build's exact CPU seconds once it
        ended, gives the last step what the samples after its last one missed."""
        self._stop.set()
        self._thread.join()
        self._note_steps()  # the last lines, written as the build ended
        steps: dict[str, float] = {}
        before = 0.0
        for step, at in self.step_cpu:
            steps[step], before = steps.get(step, 0.0) + at - before, at  # a step seen twice: both spans
        if self.step_cpu and total > before:
            last = self.step_cpu[-1][0]
            steps[last] += total - before
        return self.peak, steps


def _children_cpu() -> float:
    """User + system CPU seconds of the finished child processes and theirs (a build and its workers):
    the work a build did, where its wall seconds also hold its waits for a core on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(raw: Path, warehouse: Path, label: str, log_dir: Path) -> dict:
    """One ``labourlens build``; its wall seconds, per-step seconds, peak tree RSS and verdict."""
    command = build_command(raw, warehouse)
    log = log_dir / f"{label}.log"
    load = os.getloadavg()[0]
    started, cpu_started = time.monotonic(), _children_cpu()
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, text=True)
        sampler = TreeSampler(process.pid, log)
        code = process.wait()
        seconds, cpu = time.monotonic() - started, _children_cpu() - cpu_started
        peak, step_cpu = sampler.stop(cpu)
    text = log.read_text()
    steps = {m[1]: float(m[2]) for line in text.splitlines() if (m := STEP_LINE.match(line))}
    verdict = next((line for line in text.splitlines() if line.startswith("verdict:")), "verdict: (none)")
    return {
        "label": label,
        "seconds": seconds,
        "cpu": cpu,
        "load": (load, os.getloadavg()[0]),
        "copied": copied(warehouse) if code == 0 else None,
        "steps": steps,
        "step_cpu": step_cpu,
        "peak_rss": peak,
        "code": code,
        "verdict": verdict,
        "log": log,
    }


def copied(warehouse: Path) -> tuple[int, int]:
    """Tables the latest build copied from the published warehouse, of the tables it materialised."""
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        row = con.execute(
            "select count(*) filter (where reused), count(*) from audit.asset_inputs"
            " where run_id = (select run_id from audit.builds order by started_at desc limit 1)"
            " and not starts_with(asset, 'ingest/')"
        ).fetchone()
    finally:
        con.close()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def floor(raw: Path, threads: int) -> tuple[float, int]:
    """DuckDB alone on the same raw files: read every resume and posting file, lower-case the text,
    join the titles exactly to O*NET's titles and alternate titles, count documents per occupation.
    Returns its seconds and the documents it read."""
    import duckdb

    con = duckdb.connect(config={"threads": threads})
    started = time.monotonic()
    onet = raw / "onet"
    con.execute(
        'create table titles as select distinct lower("Alternate Title") as title, "O*NET-SOC Code" as code'
        " from read_csv(?, delim = '\t', header = true, all_varchar = true) union"
        ' select distinct lower("Title"), "O*NET-SOC Code"'
        " from read_csv(?, delim = '\t', header = true, all_varchar = true)",
        [str(onet / "Alternate Titles.txt"), str(onet / "Occupation Data.txt")],
    )
    selects = []
    for folder in ("resumes", "postings"):
        for path in sorted((raw / folder).iterdir()):
            selects.append(_floor_select(con, path))
    # a title O*NET lists under several occupations counts for each: the documents are counted apart
    documents = con.execute(
        "create table docs as " + " union all ".join(selects) + ";"
        " create table per_occupation as select t.code, count(*) as n from docs as d"
        " left join titles as t on d.title = t.title group by t.code;"
        " select count(*) from docs"
    ).fetchone()
    seconds = time.monotonic() - started
    con.close()
    return seconds, int(documents[0] if documents else 0)


def _floor_select(con, path: Path) -> str:
    """A select of (title, text), both lower-cased, from one raw file: JSON lines as whole objects
    (the JSON Resume label or the JobPosting title), tables with every column joined as the text."""
    quoted = "'" + str(path).replace("'", "''") + "'"
    if path.suffix == ".jsonl":
        return (
            "select lower(coalesce(json ->> 'title', json -> 'basics' ->> 'label')) as title,"
            f" lower(json::varchar) as text from read_json_objects({quoted}, format = 'newline_delimited')"
        )
    source = (
        f"read_parquet({quoted})" if path.suffix == ".parquet" else f"read_csv({quoted}, all_varchar = true)"
    )
    columns = [row[0] for row in con.execute(f"describe select * from {source}").fetchall()]
    title = next(
        (c for c in columns if c.lower() in {"title", "job title", "category", "positions"}), columns[0]
    )
    every = ", ".join(f"coalesce(\"{c}\"::varchar, '')" for c in columns)
    return (
        f"select lower(\"{title}\"::varchar) as title, lower(concat_ws(' ', {every})) as text from {source}"
    )


def add_documents(raw: Path, count: int, seed: int) -> None:
    """``count`` new resumes and as many postings, as new files beside the existing ones."""
    from pipelines.sample.generate import generate

    extra = raw.parent / "extra"
    generate(extra, resumes=count, postings=count, seed=seed, with_defects=False, reference=False)
    for folder in ("resumes", "postings"):
        for path in (extra / folder).iterdir():
            path.rename(raw / folder / f"added-{seed}-{path.name}")
    shutil.rmtree(extra)


def report(run: dict, full: float | None = None) -> None:
    share = f", {run['seconds'] / full:.1%} of the full build" if full else ""
    tables = f", {run['copied'][0]} of {run['copied'][1]} tables copied" if run["copied"] else ""
    print(
        f"\n{run['label']}: {run['seconds']:.1f} s wall{share}, {run['cpu']:.0f} CPU s, peak RSS {run['peak_rss'] / 2**30:.2f} GiB"
        f" (process tree), load average {run['load'][0]:.1f} -> {run['load'][1]:.1f}{tables}, {run['verdict']}"
    )
    print(f"  {sum(run['steps'].values()):8.1f} s  all {len(run['steps'])} steps together")
    # the first step's CPU seconds include the build's start (imports, definitions, run creation)
    print(f"  {'wall':>8}    {'CPU':>6}")
    for step, seconds in sorted(run["steps"].items(), key=lambda kv: -kv[1])[:12]:
        cpu = run["step_cpu"].get(step)
        print(f"  {seconds:8.1f} s  {'' if cpu is None else f'{cpu:6.1f} s'}  {step}")


def passed(run: dict) -> bool:
    return run["code"] == 0 and run["verdict"] == "verdict: OK"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=200_000, help="resumes, and as many postings")
    parser.add_argument("--reference", type=Path, help="a raw directory whose onet/, oews/, soc/ to use")
    parser.add_argument("--workdir", type=Path, help="work folder, kept (default: a new one under /tmp)")
    parser.add_argument("--threads", type=int, default=2, help="DuckDB threads of the floor")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    from pipelines.sample.generate import generate

    work = args.workdir or Path(tempfile.mkdtemp(prefix="labourlens-scale-"))
    raw, warehouse = work / "raw", work / "wh" / "labourlens.duckdb"
    started = time.monotonic()
    if args.reference:
        for folder in REFERENCE_FOLDERS:
            if (raw / folder).is_symlink():  # a kept work folder's link from an earlier run
                (raw / folder).unlink()
            shutil.rmtree(raw / folder, ignore_errors=True)
    # with a reference given the generator writes no reference of its own, which would otherwise go
    # through the links into the reference folders
    generate(
        raw, resumes=args.documents, postings=args.documents, with_defects=False, reference=not args.reference
    )
    if args.reference:
        for folder in REFERENCE_FOLDERS:
            (raw / folder).symlink_to((args.reference / folder).resolve(), target_is_directory=True)
    mb = sum(p.stat().st_size for f in ("resumes", "postings") for p in (raw / f).iterdir()) / 1e6
    print(
        f"corpus: {args.documents:,} resumes + {args.documents:,} postings, {mb:,.0f} MB,"
        f" generated in {time.monotonic() - started:.0f} s ({work})"
    )

    failed = []
    runs = []
    floor_seconds, floor_docs = floor(raw, args.threads)
    print(f"floor (DuckDB alone, {args.threads} threads): {floor_seconds:.1f} s for {floor_docs:,} documents")
    runs.append(build(raw, warehouse, "full-build", work))
    # a rebuild of a build that did not publish starts from nothing: its figures would mean nothing
    if passed(runs[0]):
        runs.append(build(raw, warehouse, "no-change-rebuild", work))
        add_documents(raw, max(1, args.documents // 100), seed=7)
        runs.append(build(raw, warehouse, "plus-1%-rebuild", work))
    full = runs[0]["seconds"]
    for n, run in enumerate(runs):
        report(run, None if n == 0 else full)
        if not passed(run):
            failed.append(run)
    print(f"\nfull build / floor: {full / floor_seconds:.1f}x ({full:.1f} s vs {floor_seconds:.1f} s)")
    for run in failed:
        tail = "\n".join(run["log"].read_text().splitlines()[-15:])
        print(
            f"\n*** {run['label']} did NOT pass (exit {run['code']}, {run['verdict']}); log {run['log']}:\n{tail}",
            file=sys.stderr,
        )
    if args.workdir is None and not args.keep and not failed:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
