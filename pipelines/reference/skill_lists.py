"""Skill lists under raw/skills/ -> ``staging.skill_lists``: one row per name, each file reconciled and
quarantined as any ingested file (a file that holds no list is an unreadable file, not a build stop).

A list is a JSON array of names or of objects naming a skill, a JSON object whose values are such
arrays (``{"skills": [...]}``, ``{"Data": [...], "Cloud": [...]}``), JSON Lines of either, a table
(CSV, TSV, a sheet, Parquet) with a skill column (or, without one, its first column), or one name a
line. A blank item is no record; an item that names no skill (a number, an object without a name) is a
rejected record.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from pipelines.documents.fields import json_kind
from pipelines.ingest.columns import column_key, skill_list_columns
from pipelines.ingest.jsonld import TooDeep, load_document, loads
from pipelines.ingest.loop import Found, find_files, printable, raw_roots, write_outcomes
from pipelines.ingest.parts import REJECT_SCHEMA, FileOutcome
from pipelines.ingest.readers import (
    RAW_SHOWN,
    BadRecord,
    FileUnreadable,
    Limits,
    file_format,
    open_text,
    read_records,
)
from pipelines.shards.files import WORK_FINGERPRINT, file_hashes, fingerprint

if TYPE_CHECKING:  # the build's context imports Dagster
    from pipelines.warehouse.build import StepContext

SOURCE = "skill_lists"
RECORD_SCHEMA: dict[str, pl.DataType] = {
    "source_file": pl.String(),
    "record_position": pl.Int64(),
    "skill": pl.String(),
}
# An item read: its name, or why it names no skill; with the item as the quarantine shows it.
Item = tuple[str | None, str | None, object]


def _shown(item: object) -> str:
    text = item if isinstance(item, str) else json.dumps(item, ensure_ascii=False, default=str)
    return text[:RAW_SHOWN]


def _named(item: Mapping[str, Any]) -> str | None:
    """The name an object (a JSON record, a table row) gives a skill under one of the skill-list column
    names (``reference/column_synonyms.toml`` [skill_lists])."""
    by_key = {column_key(str(k)): v for k, v in item.items()}
    return next((by_key[c] for c in skill_list_columns() if isinstance(by_key.get(c), str)), None)


def _item(item: object) -> Item | None:
    """A list item: a name, an object naming one, else a rejection; None for a blank item."""
    if item is None or (isinstance(item, str) and not item.strip()):
        return None
    if isinstance(item, str):
        return item.strip(), None, item
    name = _named(item) if isinstance(item, dict) else None
    if name is not None and name.strip():
        return name.strip(), None, item
    kind = "an object without a skill name" if isinstance(item, dict) else json_kind(item)
    return None, f"not a skill name: {kind}", item


def _lists_in(document: object) -> list[list[Any]] | None:
    """The arrays a JSON document holds its names in: itself, or the arrays among an object's values
    (and theirs, for an object of groups); None when it holds none."""
    if isinstance(document, list):
        return [document]
    found: list[list[Any]] = []
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            found.append(node)
        elif isinstance(node, dict):
            stack.extend(reversed(list(node.values())))
    return found or None


def _json_items(path: Path, limits: Limits) -> Iterator[tuple[int, Item | None]]:
    document = load_document(path, limits)
    lists = _lists_in(document)
    if lists is None and isinstance(document, dict) and _named(document):
        lists = [[document]]  # one object naming one skill
    if lists is None:
        if isinstance(document, dict):
            keys = ", ".join(repr(k) for k in list(document)[:8])
            raise FileUnreadable(f"no list of skills in it: a JSON object with no array in it (keys: {keys})")
        raise FileUnreadable(f"no list of skills in it: the JSON document is {json_kind(document)}")
    yield from enumerate((_item(item) for names in lists for item in names), start=1)


def _line_items(path: Path, limits: Limits, jsonl: bool) -> Iterator[tuple[int, Item | None]]:
    with open_text(path, limits) as fh:
        for number, line in enumerate(fh, start=1):
            if not jsonl or not line.strip():
                yield number, _item(line)
                continue
            try:
                yield number, _item(loads(line))
            except (json.JSONDecodeError, TooDeep) as exc:
                yield number, (None, f"malformed JSON line: {exc}", line.rstrip("\n"))


def _row_items(path: Path, limits: Limits) -> Iterator[tuple[int, Item | None]]:
    """A table's rows at the reader's positions: the skill column's cell, else (a table without one)
    the first column's. The column is the table's, so a row whose skill cell is empty is a blank
    item, never its first cell (a category) taken for a skill."""
    column: str | None = None
    for position, row in read_records(path, limits):
        if isinstance(row, BadRecord):
            yield position, (None, row.reason, row.raw)
            continue
        if column is None:
            keys = {column_key(str(k)): k for k in row}
            column = next((keys[c] for c in skill_list_columns() if c in keys), next(iter(row), ""))
        yield position, _item(row.get(column))


def _format(path: Path) -> str:
    try:
        return file_format(path)
    except FileUnreadable:
        return "txt"  # a list saved under any other name (``skills.list``, ``skills``): one name a line


def _items(path: Path, limits: Limits) -> Iterator[tuple[int, Item | None]]:
    """Each item with its position: its line, the table's row, or its place in the JSON lists."""
    fmt = _format(path)
    if fmt == "json":
        return _json_items(path, limits)
    if fmt in {"jsonl", "txt"}:
        return _line_items(path, limits, fmt == "jsonl")
    if fmt == "html":
        raise FileUnreadable("a web page is no skill list")
    return _row_items(path, limits)


def read_skill_list(path: Path, limits: Limits | None = None) -> list[str]:
    """The names of one list (what a benchmark adds to the taxonomy from a file); FileUnreadable says
    why a file holds none."""
    return [item[0] for _, item in _items(path, limits or Limits()) if item and item[0]]


def read_list_file(
    found: Found, relative: str, limits: Limits
) -> tuple[FileOutcome, list[dict[str, Any]], list[Any]]:
    outcome = FileOutcome(SOURCE, relative, "", "read")
    records: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    try:
        if found.problem:
            raise FileUnreadable(found.problem)
        outcome.file_format = _format(found.path)
        for position, item in _items(found.path, limits):
            if item is None:
                continue  # a blank line or item, as a table's blank row, is no record
            name, reason, raw = item
            if name is not None:
                records.append({"source_file": relative, "record_position": position, "skill": name})
            else:
                rejects.append(
                    {
                        "source": SOURCE,
                        "source_file": relative,
                        "record_position": position,
                        "reason": reason,
                        "raw_record": _shown(raw),
                    }
                )
    except (FileUnreadable, OSError, UnicodeError) as exc:
        return FileOutcome(SOURCE, relative, outcome.file_format, "unreadable", reason=str(exc)), [], []
    outcome.parsed, outcome.rejected = len(records), len(rejects)
    outcome.records_read = outcome.parsed + outcome.rejected
    return outcome, records, rejects


def write_skill_lists(ctx: StepContext) -> dict[str, Any]:
    """The step of ``staging.skill_lists``: every file under raw/skills/ read, its names, rejected items
    and outcome written where the quarantine and the reconciliation read them."""
    layout, settings = ctx.layout, ctx.settings
    limits = Limits(settings.max_record_bytes, settings.max_file_bytes)
    out = ctx.param_path("records").parent
    (out / WORK_FINGERPRINT).unlink(missing_ok=True)
    outcomes, records, rejects = [], [], []
    files = find_files(layout.raw_dir / "skills", raw_roots(layout.raw_dir, layout.link_roots))
    for found in files:
        relative = printable(str(found.path.relative_to(layout.raw_dir)))
        outcome, named, rejected = read_list_file(found, relative, limits)
        outcomes.append(outcome)
        records += named
        rejects += rejected
        if outcome.status == "unreadable":
            ctx.log(f"unreadable file {relative}: {outcome.reason}")
    pl.DataFrame(records, schema=RECORD_SCHEMA).write_parquet(ctx.param_path("records"))
    (out / "rejects").mkdir(exist_ok=True)
    pl.DataFrame(rejects, schema=REJECT_SCHEMA).write_parquet(out / "rejects" / "rejects.parquet")
    write_outcomes(outcomes, out / "files.parquet")
    # what the work files were made from, so the tables that read them are copied when it is unchanged
    (out / WORK_FINGERPRINT).write_text(
        fingerprint(
            SOURCE,
            limits,
            [(str(f.path), f.problem) for f in files],
            files=[f.path for f in files if f.problem is None],
            hashes=file_hashes(layout.cache_dir),
        ),
        encoding="utf-8",
    )
    return {
        "files": len(outcomes),
        "records_read": sum(o.records_read for o in outcomes),
        "unreadable_files": [{"file": o.source_file, "reason": o.reason} for o in outcomes if o.reason],
    }
