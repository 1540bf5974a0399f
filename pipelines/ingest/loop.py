"""The ingestion loop: raw files -> Parquet batches of accepted rows and rejected records.

Memory is bounded by ``batch_size`` rows: each batch is written to its own Parquet part and
dropped. A file that turns out unreadable part-way has its parts removed, so a file is either
wholly ingested or wholly reported as unreadable.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.documents.fields import Rejection
from pipelines.ingest.readers import (
    DEFAULT_LIMITS,
    BadRecord,
    FileUnreadable,
    Limits,
    file_format,
    read_records,
)
from pipelines.shards.files import WORK_FINGERPRINT, Shards, fingerprint

Normaliser = Callable[[Mapping[str, Any]], "dict[str, Any] | Rejection"]

RAW_RECORD_LIMIT = 100_000

# Below this many bytes to read, one process is done before spawned workers have imported the code
# (~2 s each on a busy machine), so files are read in parallel only above it.
PARALLEL_BYTES = 32_000_000

REJECT_SCHEMA: dict[str, pl.DataType] = {
    "source": pl.String(),
    "source_file": pl.String(),
    "record_position": pl.Int64(),
    "reason": pl.String(),
    "raw_record": pl.String(),
}
FILE_SCHEMA: dict[str, pl.DataType] = {
    "source": pl.String(),
    "source_file": pl.String(),
    "file_format": pl.String(),
    "status": pl.String(),
    "records_read": pl.Int64(),
    "parsed": pl.Int64(),
    "rejected": pl.Int64(),
    "reason": pl.String(),
}
_KEY_SCHEMA: dict[str, pl.DataType] = {"source_file": pl.String(), "record_position": pl.Int64()}


@dataclass
class FileOutcome:
    """What happened to one raw file: ``read`` (records_read = parsed + rejected), or ``unreadable``."""

    source: str
    source_file: str
    file_format: str
    status: str
    records_read: int = 0
    parsed: int = 0
    rejected: int = 0
    reason: str | None = None


@dataclass(frozen=True)
class Found:
    """A file under a source folder, or a symbolic link that may not be followed and why."""

    path: Path
    problem: str | None = None


def _is_data(name: str) -> bool:
    """Hidden files and READMEs are not data."""
    return not name.startswith(".") and not name.lower().startswith("readme")


def link_problem(path: Path, roots: Sequence[Path]) -> str | None:
    """Why a path may not be read: a dangling or looping symbolic link, or one that leads out of the
    raw directory (``roots``: see ``raw_roots``). A file that is simply missing is the reader's to
    report."""
    if not os.path.lexists(path):
        return None
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        target = os.readlink(path) if path.is_symlink() else "a missing place"
        return f"dangling symbolic link (to {target})"
    except (RuntimeError, OSError):
        return "symbolic link loop"
    if roots and not any(real.is_relative_to(root) for root in roots):
        return f"symbolic link to {real}, outside the raw directory (LABOURLENS_LINK_ROOTS names folders links may lead into)"
    return None


def find_files(directory: Path, roots: Sequence[Path] = ()) -> list[Found]:
    """Every data file below a directory in a stable order, following folder links that stay inside
    ``roots``; links that may not be followed are listed with the problem instead of skipped."""
    if not directory.is_dir():
        return []
    found: list[Found] = []
    seen = {directory.resolve()}
    pending = [directory]
    while pending:
        folder = pending.pop()
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if not _is_data(entry.name):
                continue
            path = Path(entry.path)
            if problem := link_problem(path, roots):
                found.append(Found(path, problem))
            elif path.is_dir():
                real = path.resolve()
                if real in seen:
                    found.append(Found(path, f"symbolic link loop (back to {real})"))
                else:
                    seen.add(real)
                    pending.append(path)
            elif path.is_file():
                found.append(Found(path))
    return sorted(found, key=lambda f: f.path)


def discover(directory: Path, roots: Sequence[Path] = ()) -> list[Path]:
    """The readable data files below a directory (``find_files`` without the refused links)."""
    return [f.path for f in find_files(directory, roots) if f.problem is None]


def raw_roots(raw_dir: Path, link_roots: Sequence[Path] = ()) -> tuple[Path, ...]:
    """Where links in the raw directory may lead: the raw directory itself, the real place of each of
    its top-level folders (a source folder may itself be a link: raw/onet -> /data/onet), and the
    folders a build names in LABOURLENS_LINK_ROOTS."""
    roots = [raw_dir.resolve()]
    if raw_dir.is_dir():
        roots += [entry.resolve() for entry in raw_dir.iterdir() if entry.is_dir()]
    return tuple(dict.fromkeys([*roots, *(r.resolve() for r in link_roots)]))


def _raw(value: Mapping[str, Any] | BadRecord) -> str:
    try:
        text = (
            value.raw if isinstance(value, BadRecord) else json.dumps(value, ensure_ascii=False, default=str)
        )
    except (RecursionError, ValueError):
        text = "(record nested too deeply to show)"
    return text[:RAW_RECORD_LIMIT]


def _size(record: Mapping[str, Any]) -> int:
    """Bytes a record holds, near enough to hold it to the record limit."""
    return sum(len(v) if isinstance(v, str) else len(json.dumps(v, default=str)) for v in record.values())


class _PartWriter:
    def __init__(self, directory: Path, schema: Mapping[str, pl.DataType], prefix: str, batch_size: int):
        self.directory = directory
        self.schema = dict(schema)
        self.prefix = prefix
        self.batch_size = batch_size
        self.rows: list[dict[str, Any]] = []
        self.parts = 0

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        frame = pl.from_dicts(self.rows, schema=self.schema)
        frame.write_parquet(self.directory / f"{self.prefix}-{self.parts:05d}.parquet")
        self.parts += 1
        self.rows = []

    def discard(self) -> None:
        self.rows = []
        for part in self.directory.glob(f"{self.prefix}-*.parquet"):
            part.unlink()


def _write_empty(directory: Path, schema: Mapping[str, pl.DataType]) -> None:
    """A schema-only part, so readers of ``*.parquet`` always find a file and the column types."""
    pl.DataFrame(schema=dict(schema)).write_parquet(directory / "empty.parquet")


@dataclass(frozen=True)
class _Task:
    """One file to read and normalise into ``dest``; picklable, for a process pool."""

    found: Found
    relative: str
    source: str
    normaliser_for: Callable[[str], Normaliser]
    schema: Mapping[str, pl.DataType]
    dest: Path
    prefix: str
    batch_size: int
    limits: Limits


def _ingest_file(task: _Task) -> FileOutcome:
    """Read one file into ``records/`` and ``rejects/`` parts under ``task.dest``."""
    record_schema = {**task.schema, **_KEY_SCHEMA}
    accepted = _PartWriter(task.dest / "records", record_schema, task.prefix, task.batch_size)
    rejected = _PartWriter(task.dest / "rejects", REJECT_SCHEMA, task.prefix, task.batch_size)
    outcome = FileOutcome(task.source, task.relative, "", "read")
    path, limits = task.found.path, task.limits
    try:
        if task.found.problem:
            raise FileUnreadable(task.found.problem)
        outcome.file_format = file_format(path)
        normalise = task.normaliser_for(task.relative)
        # text readers hold each record to the limit as they read it; tables are checked here
        sized = outcome.file_format in {"parquet", "xlsx"}
        for position, record in read_records(path, limits):
            outcome.records_read += 1
            if isinstance(record, BadRecord):
                result: dict[str, Any] | Rejection = Rejection(record.reason)
            elif sized and (problem := limits.check_record(_size(record))):
                result = Rejection(problem)
            else:
                result = _safe(normalise, record)
            if isinstance(result, Rejection):
                outcome.rejected += 1
                rejected.add(
                    {
                        "source": task.source,
                        "source_file": task.relative,
                        "record_position": position,
                        "reason": result.reason,
                        "raw_record": _raw(record),
                    }
                )
            else:
                outcome.parsed += 1
                accepted.add({**result, "source_file": task.relative, "record_position": position})
        accepted.flush()
        rejected.flush()
    except (FileUnreadable, OSError, UnicodeError) as exc:
        accepted.discard()
        rejected.discard()
        outcome = FileOutcome(task.source, task.relative, outcome.file_format, "unreadable", reason=str(exc))
    return outcome


def _into_shard(task: _Task) -> FileOutcome:
    """Read one file into a new shard folder, renamed into place only when complete: a build that dies
    part-way leaves no shard that looks reusable."""
    final = task.dest
    partial = final.with_name(final.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    for folder in ("records", "rejects"):
        (partial / folder).mkdir(parents=True)
    outcome = _ingest_file(replace(task, dest=partial))
    if outcome.status == "read":
        (partial / "outcome.json").write_text(json.dumps(asdict(outcome)), encoding="utf-8")
        partial.rename(final)
    else:
        shutil.rmtree(partial)
    return outcome


def _link_parts(shard: Path, out_dir: Path, prefix: str) -> None:
    for folder in ("records", "rejects"):
        for part in sorted((shard / folder).glob("*.parquet")):
            target = out_dir / folder / f"{prefix}-{part.name}"
            try:
                os.link(part, target)
            except OSError:
                shutil.copyfile(part, target)


def ingest_files(
    *,
    source: str,
    files: Iterable[Found],
    raw_dir: Path,
    normaliser_for: Callable[[str], Normaliser],
    schema: Mapping[str, pl.DataType],
    out_dir: Path,
    batch_size: int,
    limits: Limits = DEFAULT_LIMITS,
    shards: Shards | None = None,
    workers: int = 1,
    parallel_bytes: int = PARALLEL_BYTES,
) -> list[FileOutcome]:
    """Read, normalise and write every file of one source; returns one outcome per file, in file order.

    ``normaliser_for(relative_path)`` gives a fresh normaliser per file (column maps are per file).
    A symbolic link that may not be followed is listed as an unreadable file with its problem.
    Writes ``records/*.parquet`` (schema + source_file, record_position), ``rejects/*.parquet`` and
    ``files.parquet`` under ``out_dir``, replacing what a previous run left there; with ``shards``,
    also the fingerprint of what they were made from (``WORK_FINGERPRINT``: the files' shard keys).

    With ``shards``, each readable file is one shard under ``shards.root``, keyed by its content and the
    fingerprint: an unchanged file's shard is reused (its parts linked in), the others are read anew, and
    shards no file uses any more are removed. Files to read are read by ``workers`` processes when they
    hold more than ``parallel_bytes`` (then ``normaliser_for`` must be picklable); the outputs do not
    depend on the number of workers or the order files finish in.
    """
    records_dir, rejects_dir = out_dir / "records", out_dir / "rejects"
    (out_dir / WORK_FINGERPRINT).unlink(missing_ok=True)
    for directory in (records_dir, rejects_dir):
        directory.mkdir(parents=True, exist_ok=True)
        for old in directory.glob("*.parquet"):
            old.unlink()
    _write_empty(records_dir, {**schema, **_KEY_SCHEMA})
    _write_empty(rejects_dir, REJECT_SCHEMA)

    outcomes: dict[int, FileOutcome] = {}
    direct: list[tuple[int, _Task]] = []
    to_shard: list[tuple[int, _Task]] = []
    reused: dict[int, Path] = {}
    made_from: dict[int, str] = {}  # what each file's output is a function of, for the work fingerprint
    for index, found in enumerate(files):
        relative = found.path.relative_to(raw_dir).as_posix()
        task = _Task(
            found, relative, source, normaliser_for, schema, out_dir, f"f{index:06d}", batch_size, limits
        )
        if shards is None or found.problem or not found.path.is_file():
            direct.append((index, task))
            made_from[index] = f"{relative}\0{found.problem}"
            continue
        try:
            shard = shards.root / shards.key(found.path, relative)
        except OSError:
            direct.append((index, task))
            made_from[index] = f"{relative}\0unreadable"
            continue
        made_from[index] = shard.name
        if shards.reusable(shard):
            reused[index] = shard
        else:
            shutil.rmtree(shard, ignore_errors=True)  # unfinished, or its day's date window has moved
            to_shard.append((index, replace(task, dest=shard, prefix="part")))
    if shards is not None:
        shards.root.mkdir(parents=True, exist_ok=True)
    for index, task in direct:
        outcomes[index] = _ingest_file(task)
    tasks = [t for _, t in to_shard]
    read_on = dt.date.today()
    if sum(t.found.path.stat().st_size for t in tasks) <= parallel_bytes:
        workers = 1  # one process reads them before spawned ones would have imported the code
    for (index, task), outcome in zip(to_shard, _map(_into_shard, tasks, workers), strict=True):
        if outcome.status == "read":
            assert shards is not None
            shards.seal(task.dest, read_on)
            reused[index] = task.dest
        else:
            outcomes[index] = outcome
    for index, shard in reused.items():
        outcomes[index] = FileOutcome(**json.loads((shard / "outcome.json").read_text(encoding="utf-8")))
        if shards is not None:
            made_from[index] = shards.made_from(shard)
        _link_parts(shard, out_dir, f"f{index:06d}")
    if shards is not None:
        for stale in set(shards.root.iterdir()) - set(reused.values()):
            shutil.rmtree(stale, ignore_errors=True)
    ordered = [outcomes[i] for i in sorted(outcomes)]
    write_outcomes(ordered, out_dir / "files.parquet")
    if shards is not None:
        shards.hashes.save()
        (out_dir / WORK_FINGERPRINT).write_text(
            fingerprint(shards.fingerprint, [made_from[i] for i in sorted(made_from)]), encoding="utf-8"
        )
    return ordered


def _map(fn: Callable[[_Task], FileOutcome], tasks: list[_Task], workers: int) -> list[FileOutcome]:
    """``fn`` over the tasks, in a pool of fresh (spawned) processes when there is more than one task
    and worker: polars' thread pool does not survive a fork. A daemonic process (a dask worker started
    without ``DASK_DISTRIBUTED__WORKER__DAEMON=False``) may have no children: it reads the files itself."""
    if workers <= 1 or len(tasks) <= 1 or multiprocessing.current_process().daemon:
        return [fn(t) for t in tasks]
    context = multiprocessing.get_context("spawn")
    # the largest files first, so that no worker starts a long file last
    order = sorted(range(len(tasks)), key=lambda i: -tasks[i].found.path.stat().st_size)
    with ProcessPoolExecutor(min(workers, len(tasks)), mp_context=context) as pool:
        done = dict(zip(order, pool.map(fn, [tasks[i] for i in order]), strict=True))
    return [done[i] for i in range(len(tasks))]


def _safe(normalise: Normaliser, record: Mapping[str, Any]) -> dict[str, Any] | Rejection:
    """A value no normaliser rule foresaw still only rejects its record, with the error as the reason."""
    try:
        return normalise(record)
    except FileUnreadable:
        raise
    except RecursionError:
        return Rejection("unreadable value: nested too deeply")
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        return Rejection(f"unreadable value: {type(exc).__name__}: {exc}")


def write_outcomes(outcomes: list[FileOutcome], path: Path) -> None:
    pl.from_dicts([asdict(o) for o in outcomes], schema=FILE_SCHEMA).write_parquet(path)
