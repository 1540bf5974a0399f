"""One raw file (or its share of blocks) -> Parquet parts of accepted rows and rejected records.

Memory is bounded by ``batch_size`` rows: each block of ``batch_size`` records is written to its own
part, named by its block, and dropped; so the parts are the same whichever process read which block.
A file that turns out unreadable part-way has its parts removed, so a file is either wholly ingested
or wholly reported as unreadable.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from operator import itemgetter
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa

from pipelines.documents.fields import Rejection
from pipelines.ingest.readers import BadRecord, FileUnreadable, Limits, file_format, read_records
from pipelines.shards.files import link_or_copy

# A normaliser may read a file by what it learns from its first records (a table's columns, from the
# first row it reads); such a one has ``learn(record)``, which takes that from a record without reading
# it. A part that reads every n-th block has it learn from the records of the other blocks, so that it
# learns from the same record as a read of the whole file.
Normaliser = Callable[[Mapping[str, Any]], "dict[str, Any] | Rejection"]
# What a source does to each batch of its normalised rows as a whole (searches that are faster over a
# column than record by record).
Finisher = Callable[[pl.DataFrame], pl.DataFrame]


RAW_RECORD_LIMIT = 100_000


REJECT_SCHEMA: dict[str, pl.DataType] = {
    "source": pl.String(),
    "source_file": pl.String(),
    "record_position": pl.Int64(),
    "reason": pl.String(),
    "raw_record": pl.String(),
}

KEY_SCHEMA: dict[str, pl.DataType] = {"source_file": pl.String(), "record_position": pl.Int64()}


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


class PartWriter:
    """Rows into one Parquet part per block of records (``{prefix}-{block}.parquet``): the parts are the
    same whichever process wrote which block."""

    def __init__(
        self, directory: Path, schema: Mapping[str, pl.DataType], prefix: str, finish: Finisher | None = None
    ):
        self.directory = directory
        self.schema = pl.DataFrame(schema=dict(schema)).to_arrow().schema
        self.prefix = prefix
        self.finish = finish
        self.rows: list[dict[str, Any]] = []
        self.block = 0

    def add(self, row: dict[str, Any], block: int) -> None:
        self.block = block
        self.rows.append(row)

    def flush(self) -> None:
        if not self.rows:
            return
        # pyarrow builds list and struct columns from Python values, column by column, 3-10x faster
        # than pl.from_dicts; the rows are turned into columns by itemgetter and zip, in C
        names = self.schema.names
        # itemgetter of one name gives the bare value, not a one-item tuple
        row_values = itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
        try:
            values: list[Any] = list(zip(*map(row_values, self.rows), strict=True))
        except KeyError:  # a row lacks a column: null there
            values = [[row.get(c) for row in self.rows] for c in names]
        frame = pl.from_arrow(pa.Table.from_pydict(dict(zip(names, values, strict=True)), schema=self.schema))
        assert isinstance(frame, pl.DataFrame)
        if self.finish is not None:
            frame = self.finish(frame)
        frame.write_parquet(self.directory / f"{self.prefix}-{self.block:06d}.parquet")
        self.rows = []

    def discard(self) -> None:
        self.rows = []
        for part in self.directory.glob(f"{self.prefix}-*.parquet"):
            part.unlink()


def write_empty(directory: Path, schema: Mapping[str, pl.DataType]) -> None:
    """A schema-only part, so readers of ``*.parquet`` always find a file and the column types."""
    pl.DataFrame(schema=dict(schema)).write_parquet(directory / "empty.parquet")


@dataclass(frozen=True)
class Task:
    """One file to read and normalise into ``dest``, or its ``part``-th of ``parts`` (every
    ``parts``-th block of ``batch_size`` records); picklable, for a process pool."""

    path: Path
    problem: str | None
    relative: str
    source: str
    normaliser_for: Callable[[str], Normaliser]
    schema: Mapping[str, pl.DataType]
    dest: Path
    prefix: str
    batch_size: int
    limits: Limits
    finish: Finisher | None = None
    part: int = 0
    parts: int = 1


@dataclass
class PartOutcome:
    """A part's outcome, and the block it was reading when the file turned out unreadable: of the
    parts of one file, the one that failed first in the file's order says why."""

    outcome: FileOutcome
    failed_block: int = -1


def ingest_part(task: Task) -> PartOutcome:
    """Read one file (or its part) into ``records/`` and ``rejects/`` parts under ``task.dest``."""
    record_schema = {**task.schema, **KEY_SCHEMA}
    accepted = PartWriter(task.dest / "records", record_schema, task.prefix, task.finish)
    rejected = PartWriter(task.dest / "rejects", REJECT_SCHEMA, task.prefix)
    outcome = FileOutcome(task.source, task.relative, "", "read")
    path, limits = task.path, task.limits
    block = 0
    try:
        if task.problem:
            raise FileUnreadable(task.problem)
        outcome.file_format = file_format(path)
        normalise = task.normaliser_for(task.relative)
        # text readers hold each record to the limit as they read it; tables are checked here
        sized = outcome.file_format in {"parquet", "xlsx"}
        learn: Any = getattr(normalise, "learn", None) if task.parts > 1 else None
        for index, (position, record) in enumerate(read_records(path, limits)):
            if index // task.batch_size != block:
                # a block is written once the reader has passed it, as one process reading all would
                accepted.flush()
                rejected.flush()
                block = index // task.batch_size
            own = block % task.parts == task.part
            if not own and learn is None:
                continue
            if isinstance(record, BadRecord):
                result: dict[str, Any] | Rejection = Rejection(record.reason)
            elif sized and (problem := limits.check_record(_size(record))):
                result = Rejection(problem)
            else:
                result = _safe(normalise if own else learn, record)
            if not own:
                continue  # another part's record: read only for what the normaliser learns from it
            outcome.records_read += 1
            if isinstance(result, Rejection):
                outcome.rejected += 1
                rejected.add(
                    {
                        "source": task.source,
                        "source_file": task.relative,
                        "record_position": position,
                        "reason": result.reason,
                        "raw_record": _raw(record),
                    },
                    block,
                )
            else:
                outcome.parsed += 1
                accepted.add({**result, "source_file": task.relative, "record_position": position}, block)
        accepted.flush()
        rejected.flush()
    except (FileUnreadable, OSError, UnicodeError) as exc:
        accepted.discard()
        rejected.discard()
        outcome = FileOutcome(task.source, task.relative, outcome.file_format, "unreadable", reason=str(exc))
        return PartOutcome(outcome, block)
    return PartOutcome(outcome)


def _merged(parts: Sequence[PartOutcome]) -> FileOutcome:
    """One file's outcome from its parts': read when every part read, else the first failure."""
    failed = [p for p in parts if p.outcome.status != "read"]
    if failed:
        return min(failed, key=lambda p: p.failed_block).outcome
    first = parts[0].outcome
    return replace(
        first,
        records_read=sum(p.outcome.records_read for p in parts),
        parsed=sum(p.outcome.parsed for p in parts),
        rejected=sum(p.outcome.rejected for p in parts),
    )


def _partial(shard: Path) -> Path:
    """The folder a shard is read into before it is complete."""
    return shard.with_name(shard.name + ".partial")


def shard_parts(task: Task, parts: int) -> list[Task]:
    """A file's parts, to be read into a fresh shard folder beside ``task.dest`` (see ``into_shard``)."""
    partial = _partial(task.dest)
    shutil.rmtree(partial, ignore_errors=True)
    for folder in ("records", "rejects"):
        (partial / folder).mkdir(parents=True)
    return [replace(task, dest=partial, part=k, parts=parts) for k in range(parts)]


def into_shard(task: Task, parts: Sequence[PartOutcome]) -> FileOutcome:
    """A file's shard folder renamed into place only when every part is complete: a build that dies
    part-way leaves no shard that looks reusable."""
    partial = _partial(task.dest)
    outcome = _merged(parts)
    if outcome.status == "read":
        (partial / "outcome.json").write_text(json.dumps(asdict(outcome)), encoding="utf-8")
        partial.rename(task.dest)
    else:
        shutil.rmtree(partial)
    return outcome


def link_parts(shard: Path, out_dir: Path, prefix: str) -> None:
    for folder in ("records", "rejects"):
        for part in sorted((shard / folder).glob("*.parquet")):
            link_or_copy(part, out_dir / folder / f"{prefix}-{part.name}")


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
