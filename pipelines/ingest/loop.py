"""The ingestion loop: the files of a source found, and read (``pipelines.ingest.parts``) into the
Parquet parts of accepted rows and rejected records, in parallel and reusing unchanged shards."""

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

import polars as pl

from pipelines.ingest.parts import (
    KEY_SCHEMA,
    REJECT_SCHEMA,
    FileOutcome,
    Finisher,
    Normaliser,
    PartOutcome,
    Task,
    ingest_part,
    into_shard,
    link_parts,
    shard_parts,
    write_empty,
)
from pipelines.ingest.readers import DEFAULT_LIMITS, Limits
from pipelines.shards.files import WORK_FINGERPRINT, Shards, fingerprint
from pipelines.shards.helpers import light_main

# Below this many bytes to read, one process is done before spawned workers have imported the code
# (~2 s each on a busy machine), so files are read in parallel only above it.
PARALLEL_BYTES = 32_000_000
# A file of at least this many bytes is read in parallel too: each of ``workers`` processes reads the
# whole file but normalises only every ``workers``-th block of ``batch_size`` records (reading is ~6%
# of the work, normalising the rest), so one large file keeps every core busy.
SPLIT_BYTES = 8_000_000

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


@dataclass(frozen=True)
class Found:
    """A file under a source folder, or a symbolic link that may not be followed and why."""

    path: Path
    problem: str | None = None


def _is_data(name: str) -> bool:
    """Hidden files and READMEs (``README``, ``readme.md``, ``README.txt``) are not data; a data file
    whose name merely begins with the word (``readme_first.xlsx``) is."""
    return not name.startswith(".") and name.lower().split(".")[0] != "readme"


def printable(name: str) -> str:
    """A file name as the tables store it: a name that is not valid UTF-8 (an archive unpacked from
    another system) keeps its undecodable bytes as ``\\xe9`` escapes instead of failing every write."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


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


def _open_problem(path: Path) -> str | None:
    """Why a file cannot be opened (its permissions, mostly), found before anything hashes or reads it,
    so that it is reported as an unreadable file rather than stopping the build."""
    try:
        os.close(os.open(path, os.O_RDONLY))
    except OSError as exc:
        return f"cannot be opened: {exc.strerror or exc}"
    return None


def find_files(directory: Path, roots: Sequence[Path] = ()) -> list[Found]:
    """Every data file below a directory in a stable order, following folder links that stay inside
    ``roots``; links that may not be followed, files that cannot be opened and folders that cannot be
    listed are listed with the problem instead of skipped."""
    if not directory.is_dir():
        return []
    found: list[Found] = []
    seen = {directory.resolve()}
    pending = [directory]
    while pending:
        folder = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            found.append(Found(folder, f"folder cannot be listed: {exc.strerror or exc}"))
            continue
        for entry in entries:
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
                found.append(Found(path, _open_problem(path)))
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
    split_bytes: int = SPLIT_BYTES,
    finish: Finisher | None = None,
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
    hold more than ``parallel_bytes`` (then ``normaliser_for`` and ``finish`` must be picklable), and a
    file of ``split_bytes`` or more by all of them, each its share of the file's blocks; the outputs do
    not depend on the number of workers or the order files finish in. ``finish`` completes each batch
    of accepted rows as a frame.
    """
    records_dir, rejects_dir = out_dir / "records", out_dir / "rejects"
    (out_dir / WORK_FINGERPRINT).unlink(missing_ok=True)
    for directory in (records_dir, rejects_dir):
        directory.mkdir(parents=True, exist_ok=True)
        for old in directory.glob("*.parquet"):
            old.unlink()
    write_empty(records_dir, {**schema, **KEY_SCHEMA})
    write_empty(rejects_dir, REJECT_SCHEMA)

    outcomes: dict[int, FileOutcome] = {}
    direct: list[tuple[int, Task]] = []
    to_shard: list[tuple[int, Task]] = []
    reused: dict[int, Path] = {}
    made_from: dict[int, str] = {}  # what each file's output is a function of, for the work fingerprint
    for index, found in enumerate(files):
        relative = printable(found.path.relative_to(raw_dir).as_posix())
        task = Task(
            found.path,
            found.problem,
            relative,
            source,
            normaliser_for,
            schema,
            out_dir,
            f"f{index:06d}",
            batch_size,
            limits,
            finish,
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
        outcomes[index] = ingest_part(task).outcome
    sizes = [t.path.stat().st_size for _, t in to_shard]
    read_on = dt.date.today()
    if sum(sizes) <= parallel_bytes or multiprocessing.current_process().daemon:
        workers = 1  # one process reads them before spawned ones would have imported the code
    split = [
        shard_parts(t, workers if workers > 1 and size >= split_bytes else 1)
        for (_, t), size in zip(to_shard, sizes, strict=True)
    ]
    done = iter(_map(ingest_part, [part for parts in split for part in parts], workers))
    for (index, task), parts in zip(to_shard, split, strict=True):
        outcome = into_shard(task, [next(done) for _ in parts])
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
        link_parts(shard, out_dir, f"f{index:06d}")
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


def _map(fn: Callable[[Task], PartOutcome], tasks: list[Task], workers: int) -> list[PartOutcome]:
    """``fn`` over the tasks, in a pool of fresh (spawned) processes when there is more than one task
    and worker: polars' thread pool does not survive a fork. A daemonic process (a dask worker started
    without ``DASK_DISTRIBUTED__WORKER__DAEMON=False``) may have no children: it reads the files itself."""
    if workers <= 1 or len(tasks) <= 1 or multiprocessing.current_process().daemon:
        return [fn(t) for t in tasks]
    context = multiprocessing.get_context("spawn")
    # the largest files first, so that no worker starts a long file last
    order = sorted(range(len(tasks)), key=lambda i: -tasks[i].path.stat().st_size)
    with light_main(), ProcessPoolExecutor(min(workers, len(tasks)), mp_context=context) as pool:
        done = dict(zip(order, pool.map(fn, [tasks[i] for i in order]), strict=True))
    return [done[i] for i in range(len(tasks))]


def write_outcomes(outcomes: list[FileOutcome], path: Path) -> None:
    pl.from_dicts([asdict(o) for o in outcomes], schema=FILE_SCHEMA).write_parquet(path)
