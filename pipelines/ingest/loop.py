"""The ingestion loop: raw files -> Parquet batches of accepted rows and rejected records.

Memory is bounded by ``batch_size`` rows: each batch is written to its own Parquet part and
dropped. A file that turns out unreadable part-way has its parts removed, so a file is either
wholly ingested or wholly reported as unreadable.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
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

Normaliser = Callable[[Mapping[str, Any]], "dict[str, Any] | Rejection"]

RAW_RECORD_LIMIT = 100_000

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
) -> list[FileOutcome]:
    """Read, normalise and write every file of one source; returns one outcome per file.

    ``normaliser_for(relative_path)`` gives a fresh normaliser per file (column maps are per file).
    A symbolic link that may not be followed is listed as an unreadable file with its problem.
    Writes ``records/*.parquet`` (schema + source_file, record_position), ``rejects/*.parquet`` and
    ``files.parquet`` under ``out_dir``, replacing what a previous run left there.
    """
    records_dir, rejects_dir = out_dir / "records", out_dir / "rejects"
    for directory in (records_dir, rejects_dir):
        directory.mkdir(parents=True, exist_ok=True)
        for old in directory.glob("*.parquet"):
            old.unlink()
    record_schema = {**schema, **_KEY_SCHEMA}
    _write_empty(records_dir, record_schema)
    _write_empty(rejects_dir, REJECT_SCHEMA)

    outcomes = []
    for index, found in enumerate(files):
        path = found.path
        relative = path.relative_to(raw_dir).as_posix()
        prefix = f"f{index:06d}"
        accepted = _PartWriter(records_dir, record_schema, prefix, batch_size)
        rejected = _PartWriter(rejects_dir, REJECT_SCHEMA, prefix, batch_size)
        outcome = FileOutcome(source, relative, "", "read")
        try:
            if found.problem:
                raise FileUnreadable(found.problem)
            outcome.file_format = file_format(path)
            normalise = normaliser_for(relative)
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
                            "source": source,
                            "source_file": relative,
                            "record_position": position,
                            "reason": result.reason,
                            "raw_record": _raw(record),
                        }
                    )
                else:
                    outcome.parsed += 1
                    accepted.add({**result, "source_file": relative, "record_position": position})
            accepted.flush()
            rejected.flush()
        except (FileUnreadable, OSError, UnicodeError) as exc:
            accepted.discard()
            rejected.discard()
            outcome = FileOutcome(source, relative, outcome.file_format, "unreadable", reason=str(exc))
        outcomes.append(outcome)
    write_outcomes(outcomes, out_dir / "files.parquet")
    return outcomes


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
