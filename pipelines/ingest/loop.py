"""The ingestion loop: raw files -> Parquet batches of accepted rows and rejected records.

Memory is bounded by ``batch_size`` rows: each batch is written to its own Parquet part and
dropped. A file that turns out unreadable part-way has its parts removed, so a file is either
wholly ingested or wholly reported as unreadable.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.documents.fields import Rejection
from pipelines.ingest.readers import BadRecord, FileUnreadable, file_format, read_records

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


def discover(directory: Path) -> list[Path]:
    """Every data file below a directory, in a stable order; hidden files and READMEs are not data."""
    if not directory.is_dir():
        return []
    return sorted(
        p
        for p in directory.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(directory).parts)
        and not p.name.lower().startswith("readme")
    )


def _raw(value: Mapping[str, Any] | BadRecord) -> str:
    text = value.raw if isinstance(value, BadRecord) else json.dumps(value, ensure_ascii=False, default=str)
    return text[:RAW_RECORD_LIMIT]


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
    files: Iterable[Path],
    raw_dir: Path,
    normaliser_for: Callable[[str], Normaliser],
    schema: Mapping[str, pl.DataType],
    out_dir: Path,
    batch_size: int,
) -> list[FileOutcome]:
    """Read, normalise and write every file of one source; returns one outcome per file.

    ``normaliser_for(relative_path)`` gives a fresh normaliser per file (column maps are per file).
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
    for index, path in enumerate(files):
        relative = path.relative_to(raw_dir).as_posix()
        prefix = f"f{index:06d}"
        accepted = _PartWriter(records_dir, record_schema, prefix, batch_size)
        rejected = _PartWriter(rejects_dir, REJECT_SCHEMA, prefix, batch_size)
        outcome = FileOutcome(source, relative, "", "read")
        try:
            outcome.file_format = file_format(path)
            normalise = normaliser_for(relative)
            for position, record in read_records(path):
                outcome.records_read += 1
                result = (
                    Rejection(record.reason) if isinstance(record, BadRecord) else _safe(normalise, record)
                )
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
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        return Rejection(f"unreadable value: {type(exc).__name__}: {exc}")


def write_outcomes(outcomes: list[FileOutcome], path: Path) -> None:
    pl.from_dicts([asdict(o) for o in outcomes], schema=FILE_SCHEMA).write_parquet(path)
