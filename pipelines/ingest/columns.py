"""Which source column feeds which field: built-in synonyms, overridden by a declared mapping file.

A raw directory may hold ``column_mappings.toml``::

    [[mapping]]
    files = "resumes/acme_*.csv"      # glob, relative to the raw directory
    [mapping.columns]
    text = "cv_body"                   # field = source column
    title = "current_role"

The first mapping whose glob matches a file wins; fields it does not name fall back to the synonyms.
An entry may also list ``apart = ["column", ...]``: columns that are not the document's own content
(the job ad a resume was matched with), kept apart and never read as a field. Known public layouts are
declared the same way in ``reference/resume_layouts.toml``, recognised by their header.
"""

from __future__ import annotations

import fnmatch
import itertools
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pipelines import REFERENCE_DIR

MAPPING_FILE = "column_mappings.toml"
LAYOUTS_FILE = REFERENCE_DIR / "resume_layouts.toml"

SYNONYMS_FILE = REFERENCE_DIR / "column_synonyms.toml"
_SYNONYMS = tomllib.loads(SYNONYMS_FILE.read_text(encoding="utf-8"))
# field -> the column names it is found under, earlier names first
RESUME_SYNONYMS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _SYNONYMS["resumes"].items()}
POSTING_SYNONYMS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _SYNONYMS["postings"].items()}
# every column name a field of a resume or a posting is found under (``column_key`` form)
KNOWN_COLUMNS = frozenset(
    name for table in (RESUME_SYNONYMS, POSTING_SYNONYMS) for names in table.values() for name in names
)

# the columns of a document's own content (its title, its text): an object that only wraps records
# (``{"type": "search", "results": [...]}``) has none of them
CONTENT_COLUMNS = frozenset(
    [
        *RESUME_SYNONYMS["title"],
        *RESUME_SYNONYMS["text"],
        *POSTING_SYNONYMS["title"],
        *POSTING_SYNONYMS["description"],
    ]
)

# the keys a JSON document's wrapping object may hold its records under
RECORD_KEYS: tuple[str, ...] = tuple(_SYNONYMS["records"]["under"])


def skill_list_columns() -> tuple[str, ...]:
    """The names a skill list's column (or a JSON record's key) of skill names goes by, earlier first."""
    return tuple(_SYNONYMS["skill_lists"]["skill"])


# where a camelCase name (JSON's datePosted, jobTitle) starts a word
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def column_key(name: str) -> str:
    """A column name compared as the synonyms are written: lower case, words (also camelCase ones)
    joined by one underscore."""
    words = _CAMEL.sub("_", name.replace("\ufeff", "").strip())
    return re.sub(r"[^a-z0-9]+", "_", words.lower()).strip("_")


def _clean_header(name: str | None) -> str:
    return (name or "").replace("\ufeff", "").strip()


def cell_name(cell: object) -> str:
    return _clean_header(None if cell is None else str(cell))


def header_columns(header: Iterable[object]) -> list[str]:
    """A header's column names, cleaned; a name used again is numbered as pandas numbers it
    (``Title``, ``Title.1``), so the first column of a name is the one read by it, as a reader of the
    file would expect, rather than the last silently taking its place."""
    names = [cell_name(c) for c in header]
    taken, columns = set(names), []
    following: dict[str, int] = {}  # a name seen -> the number its next repeat tries
    for name in names:
        n = following.get(name, 0)
        while n and name and f"{name}.{n}" in taken:  # ``a.1,a,a``: a number the header has is passed over
            n += 1
        following[name] = n + 1
        columns.append(f"{name}.{n}" if n and name else name)
        taken.add(columns[-1])
    return columns


def header_names(header: Sequence[object]) -> list[str]:
    """A header's cleaned names without the empty ones a sheet pads its rows with."""
    names = [cell_name(c) for c in header]
    while names and not names[-1]:
        names.pop()
    return names


def filled_cells(row: Sequence[object]) -> list[int]:
    """The positions of a header row's cells that hold something."""
    return [i for i, cell in enumerate(row) if cell is not None and str(cell).strip() != ""]


def _known(row: Sequence[object], cells: Sequence[int]) -> int:
    return sum(column_key(cell) in KNOWN_COLUMNS for i in cells if isinstance(cell := row[i], str))


def labels_over_header(first: Sequence[object], second: Sequence[object]) -> bool:
    """Whether ``first`` is a row of group labels over merged cells (``Job`` over three columns,
    ``Pay`` over two) and ``second`` the real header below it: the labels are fewer than the names
    below and stand above them, every cell of ``second`` is text, and ``second`` holds at least two
    column names a resume or posting field is found under, more than ``first`` does. A merged cell
    reads as its first cell, the rest empty."""
    labels, names = filled_cells(first), filled_cells(second)
    if not labels or len(labels) >= len(names) or labels[0] < names[0] or labels[-1] > names[-1]:
        return False
    if not all(isinstance(second[i], str) for i in names):
        return False
    known = _known(second, names)
    return known >= 2 and known > _known(first, labels)


def is_header_again(row: Sequence[object], names: Sequence[str]) -> bool:
    """A data row that repeats the header (``header_names``): files concatenated with their headers
    (a weekly export appended to the last), which would otherwise be read as a record of column
    names. Cells past the header's last name must be empty."""
    if len(row) < len(names) or not names or cell_name(row[len(names) - 1]) != names[-1]:
        return False  # one comparison for nearly every row
    return all(cell_name(v) == n for v, n in zip(row, names, strict=False)) and not any(
        cell_name(v) for v in row[len(names) :]
    )


def _sheet_header(
    rows: Iterator[tuple[Any, ...]], cells: int
) -> tuple[tuple[Any, ...], Iterator[tuple[Any, ...]]] | None:
    """A sheet's header and the rows below it: official workbooks open with a title and notes (the BLS
    SOC files), so the header is the first row with ``cells`` or more cells, or the row below it when
    that one is only group labels over merged cells (``labels_over_header``)."""
    for row in rows:
        if len(filled_cells(row)) >= cells:
            below = next(rows, ())
            if labels_over_header(row, below):
                return below, rows
            return row, itertools.chain([below] if below else [], rows)
    return None


def _with_a_value(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]] | None:
    """The rows again, or None when none of them holds a value."""
    seen: list[tuple[Any, ...]] = []
    for row in rows:
        seen.append(row)
        if any(cell is not None for cell in row):
            return itertools.chain(seen, rows)
    return None


def sheet_tables(
    sheets: list[Any], cells: int
) -> Iterator[tuple[tuple[Any, ...], Iterator[tuple[Any, ...]]]]:
    """The header and rows of each sheet that holds the table (a header of at least ``cells`` cells):
    the first such sheet, and the later ones with its header."""
    table: tuple[Any, ...] | None = None
    for sheet in sheets:  # visible ones: a hidden sheet is an old copy or a lookup list
        found = _sheet_header(sheet.iter_rows(values_only=True), cells)
        # a sheet pads its rows to its widest: a note beside the table widens the header
        if found is None or (table is not None and header_names(found[0]) != header_names(table)):
            continue
        header, below = found
        rows = _with_a_value(below) if cells == 1 else below
        if rows is None:
            continue  # a single note is no table
        table = table or header
        yield header, rows


# Delimiters a CSV export may use (European spreadsheets write ";"); the header line decides.
CSV_DELIMITERS = (",", ";", "\t", "|")


def sniff_delimiter(header: str) -> str:
    """The delimiter the header line uses most (outside quotes); "," when none appears."""
    unquoted = "".join(header.split('"')[::2])
    counts = {d: unquoted.count(d) for d in CSV_DELIMITERS}
    best = max(CSV_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


@dataclass(frozen=True)
class ColumnMap:
    """Field -> source column for one file."""

    columns: Mapping[str, str] = field(default_factory=dict)

    def get(self, record: Mapping[str, object], name: str) -> object:
        column = self.columns.get(name)
        return None if column is None else record.get(column)


def resolve_columns(
    header: Iterable[str],
    synonyms: Mapping[str, tuple[str, ...]],
    declared: Mapping[str, str],
    apart: Iterable[str] = (),
) -> ColumnMap:
    """Declared columns, then the first synonym present; columns set apart are never a field."""
    kept_apart = {column_key(c) for c in apart}
    by_key = {column_key(c): c for c in header if column_key(c) not in kept_apart}
    resolved: dict[str, str] = {}
    for name, candidates in synonyms.items():
        if name in declared:
            continue
        for candidate in candidates:
            if candidate in by_key:
                resolved[name] = by_key[candidate]
                break
    resolved.update(declared)
    return ColumnMap(resolved)


@dataclass(frozen=True)
class Declared:
    """What a mapping entry or a known layout declares for a file: field -> column, and the columns
    kept apart from the document's own content."""

    columns: Mapping[str, str] = field(default_factory=dict)
    apart: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeclaredMappings:
    entries: tuple[tuple[str, Declared], ...] = ()

    def for_file(self, relative_path: str) -> Declared | None:
        for pattern, declared in self.entries:
            if fnmatch.fnmatch(relative_path, pattern):
                return declared
        return None


@dataclass(frozen=True)
class Layout:
    """A known public export layout (reference/resume_layouts.toml), recognised by its header."""

    name: str
    signature: tuple[str, ...]
    declared: Declared

    def matches(self, header: Iterable[str]) -> bool:
        keys = {column_key(c) for c in header}
        return all(column_key(c) in keys for c in self.signature)


@dataclass(frozen=True)
class Headline:
    """Where a free-text layout states the person's role: a pattern with a group named ``role``, tried
    on texts that contain ``marker``."""

    name: str
    marker: str
    pattern: re.Pattern[str]


def _apart(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: `apart` must be a list of column names")
    return tuple(value)


@cache
def resume_layouts() -> tuple[tuple[Layout, ...], tuple[Headline, ...]]:
    data = tomllib.loads(LAYOUTS_FILE.read_text(encoding="utf-8"))
    layouts = tuple(
        Layout(
            entry["name"],
            tuple(entry["signature"]),
            Declared(
                {str(k): str(v) for k, v in entry.get("columns", {}).items()},
                _apart(entry.get("apart"), entry["name"]),
            ),
        )
        for entry in data.get("layout", [])
    )
    headlines = tuple(
        Headline(entry["name"], entry["marker"], re.compile(entry["pattern"]))
        for entry in data.get("headline", [])
    )
    return layouts, headlines


def load_declared_mappings(raw_dir: Path) -> DeclaredMappings:
    """Read ``column_mappings.toml``; a malformed file is a configuration error worth stopping for."""
    path = raw_dir / MAPPING_FILE
    if not path.exists():
        return DeclaredMappings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        # from None: a failed build names the root of an error's chain, and this line has the file
        raise ValueError(f"{path}: invalid TOML: {exc}") from None
    entries = []
    for number, entry in enumerate(data.get("mapping", []), start=1):
        files, columns = entry.get("files"), entry.get("columns", {})
        if not isinstance(files, str) or not isinstance(columns, dict):
            raise ValueError(f"{path}: mapping {number} needs `files` (a glob) and a `columns` table")
        apart = _apart(entry.get("apart"), f"{path}: mapping {number}")
        entries.append((files, Declared({str(k): str(v) for k, v in columns.items()}, apart)))
    return DeclaredMappings(tuple(entries))
