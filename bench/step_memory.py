"""Peak memory per step: which steps' resident memory grows with the corpus.

    .venv/bin/python bench/step_memory.py [--documents 1000000] [--workdir DIR]

Generates ``--documents`` resumes and as many postings (as bench/scale.py does), then runs a full
build, a rebuild with nothing changed and one with 1% more documents, each with ``labourlens build``.
While a build runs, the summed resident memory of its process tree is sampled every 0.2 s; the steps
run one after another in the build's process, so the peak between two steps' ``done`` lines is the
later step's. Prints, for each build, the peak of the whole build and the steps with the highest
peaks: run it at two sizes to see which of them grow.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from common import build_command  # noqa: E402
from scale import STEP_LINE, TreeMemory, add_documents  # noqa: E402


class StepPeaks(TreeMemory):
    """The tree's peak since the last ``take``, besides its overall peak."""

    def __init__(self, pid: int) -> None:
        self.since = 0
        self._mutex = threading.Lock()
        super().__init__(pid)

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = sum(self._rss(p) for p in self._tree(self.pid))
            with self._mutex:
                self.peak, self.since = max(self.peak, rss), max(self.since, rss)
            self._stop.wait(0.2)

    def take(self) -> int:
        with self._mutex:
            peak, self.since = self.since, 0
        return peak


def build(raw: Path, warehouse: Path, label: str, log_dir: Path) -> tuple[float, int, dict[str, int], str]:
    command = build_command(raw, warehouse)
    started, steps, verdict = time.monotonic(), {}, "verdict: (none)"
    with (log_dir / f"{label}.log").open("w") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},  # each done line as its step ends
        )
        memory = StepPeaks(process.pid)
        assert process.stdout is not None
        for line in process.stdout:
            log.write(line)
            if match := STEP_LINE.match(line):
                steps[match[1]] = memory.take()
            elif line.startswith("verdict:"):
                verdict = line.strip()
        process.wait()
        peak = memory.stop()
    return time.monotonic() - started, peak, steps, verdict


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1_000_000, help="resumes, and as many postings")
    parser.add_argument("--workdir", type=Path, help="work folder, kept (default: a new one under /tmp)")
    parser.add_argument("--top", type=int, default=8, help="steps listed per build")
    args = parser.parse_args()
    from pipelines.sample.generate import generate

    work = args.workdir or Path(tempfile.mkdtemp(prefix="labourlens-memory-"))
    raw, warehouse = work / "raw", work / "wh" / "labourlens.duckdb"
    generate(raw, resumes=args.documents, postings=args.documents, with_defects=False)
    print(f"corpus: {args.documents:,} resumes + {args.documents:,} postings ({work})")
    failed = False
    for label in ("full build", "no-change rebuild", "plus-1% rebuild"):
        if label.startswith("plus"):
            add_documents(raw, max(1, args.documents // 100), seed=7)
        load = os.getloadavg()[0]
        seconds, peak, steps, verdict = build(raw, warehouse, label.replace(" ", "-"), work)
        failed |= verdict != "verdict: OK"
        print(
            f"\n{label}: {seconds:.0f} s, peak RSS {peak / 2**30:.2f} GiB (process tree),"
            f" load {load:.1f} -> {os.getloadavg()[0]:.1f}, {verdict}"
        )
        for step, rss in sorted(steps.items(), key=lambda kv: -kv[1])[: args.top]:
            print(f"  {rss / 2**30:6.2f} GiB  {step}")
        if failed:
            break  # a rebuild after a build that did not publish starts from nothing, as bench/scale.py
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
