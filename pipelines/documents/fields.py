"""Reading the values of raw records: text, lists, dates, JSON objects, and a table's columns.

Every normaliser is a callable ``record -> dict | Rejection`` and knows nothing about files or
Dagster; the ingestion loop adds source file and position.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import polars as pl

from pipelines.documents.text import cache_short_texts, clean_line, has_letter, is_null_token, value_words
from pipelines.ingest.columns import ColumnMap, Declared, Layout, column_key, resolve_columns
from pipelines.ingest.jsonld import MAX_NESTING, too_deep
from pipelines.ingest.readers import FileUnreadable

TEXT_LIST = pl.List(pl.String())
# Values dropped from a kept record, each with its field and the reason (quarantine.rejected_values).
VALUE_ERRORS = pl.List(pl.Struct({"field": pl.String(), "value": pl.String(), "reason": pl.String()}))
_SHOWN_VALUE = 1_000
T = TypeVar("T")


@dataclass(frozen=True)
class Rejection:
    reason: str


class WrongType(ValueError):
    """A field holds a value of the wrong type or an unreadable value; the message names it."""


def shown(value: object) -> str | None:
    """A raw value as text for the quarantine, cut to a readable length."""
    if value is None:
        return None
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text[:_SHOWN_VALUE]


@dataclass
class ValueErrors:
    """The value-level problems of one record: a field that cannot be read is left empty and listed
    with its value and reason; the rest of the record loads."""

    items: list[dict[str, str | None]] = field(default_factory=list)

    def add(self, name: str, value: object, reason: str) -> None:
        self.items.append({"field": name, "value": shown(value), "reason": reason})

    def read(self, name: str, value: Any, parse: Callable[[Any, str], T], default: T) -> T:
        """``parse(value, name)``, or ``default`` with the problem listed when the value is unreadable."""
        try:
            return parse(value, name)
        except WrongType as exc:
            self.add(name, value, str(exc))
            return default


_CURRENT = frozenset(value_words()["current"])
_SUMMARY_ROWS = frozenset(value_words()["summary_rows"])
# A cell of a summary row: empty, or a figure (a count, an amount, a share), not words.
_FIGURE = re.compile(r"\s*[-+]?[$€£¥₹]?\s*[\d.,' ]*\d[\d.,' ]*\s*[kKmM%]?\s*|\s*")
# dates name a month by its first three letters ("Sept", "sept.", "September" alike)
_MONTHS = {forms[0][:3].lower(): int(month) for month, forms in value_words()["months"].items()}
# "Nov 2019", "Sept. 2019", "November, 2019", and a spreadsheet's mmm-yyyy "Nov-2019"
_MONTH_YEAR = re.compile(r"^([a-z]{3})[a-z]*\.?,?(?:\s+|\s*[-/]\s*)(\d{4})$")
_NUM_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
# a time only after a whole date (_CLOCK): "2019 - 2021" is a range, not 2019
_ISO = re.compile(r"^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2})(?:[t ](.*))?)?)?$")
# 03/15/2026 (US order unless the first number cannot be a month), 15.03.2026 (European)
_NUM_DATE = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[t ](.*))?$")
# What may follow a whole date: a clock time ("10:30 am", "10:00:00.000z", "00:00:00 +0000") and
# nothing else: "2019-05-01 - 2021-06-30" is a range, not its first day
_CLOCK = re.compile(
    r"^\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(?:[ap]\.?m\.?)?\s*(?:z|utc|gmt|[+-]\d{2}(?::?\d{2})?)?$"
)
_MONTH_DAY_YEAR = re.compile(r"^([a-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3})[a-z]*\.?,?\s+(\d{4})$")


_NUMBER = re.compile(r"^\d+(?:\.\d+)?(?:e\+?\d+)?$")
# Epoch timestamps (LinkedIn writes milliseconds, spreadsheets turn them into 1.71354E+12):
# from 1e11 they are milliseconds, from 1e8 seconds (1973 and later either way).
_EPOCH_MS, _EPOCH_S = 1e11, 1e8
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# A spreadsheet date written out as its number (a date cell not formatted as a date, or exported to
# CSV): days since 1899-12-30 in Excel's 1900 date system (its day 60, a 29 February 1900 that never
# was, is long past). Read only from 10,000 (1927-05-18) to 109,575 (2199-12-31): below are years
# and small counts, above epoch timestamps would be the reading.
_EXCEL_SERIALS = (10_000, 109_575)
_EXCEL_ZERO = dt.date(1899, 12, 30)


def _epoch(number: float) -> dt.date:
    seconds = number / 1000 if number >= _EPOCH_MS else number
    try:
        return (_EPOCH + dt.timedelta(seconds=seconds)).date()
    except OverflowError:
        raise WrongType(f"timestamp {number!r} out of range") from None


def _from_number(value: float) -> dt.date:
    """A year or an epoch timestamp; WrongType says what is unreadable about it."""
    if not math.isfinite(value):
        raise WrongType(repr(value))
    if value == int(value) and 1900 <= value <= 2100:
        return dt.date(int(value), 1, 1)
    if _EXCEL_SERIALS[0] <= value <= _EXCEL_SERIALS[1]:
        return _EXCEL_ZERO + dt.timedelta(days=int(value))
    if value >= _EPOCH_S:
        return _epoch(value)
    raise WrongType(repr(value))


def parse_date(
    value: object, field: str, window: tuple[dt.date, dt.date] | None = None, *, now_words: bool = True
) -> dt.date | None:
    """Dates as resumes and postings write them: ISO (``2019``, ``2019-05``, ``2019-05-01T..``,
    ``2019/05/01``), ``Nov 2019``, ``11/2019``, ``03/15/2026`` (month first unless it cannot be),
    ``15.03.2026``, ``March 15, 2026``, ``15 March 2026``, epoch seconds or milliseconds (also as
    ``1.71354E+12``). ``Present``-like words (unless ``now_words`` is false) and placeholders are
    None; anything else, a time after the date that cannot be (``25:00``), or a date outside
    ``window``, is unreadable."""
    if not now_words and is_current(value):
        raise WrongType(f"unreadable date in {field}: {value!r} names no day")
    date = _parse_date(value, field)
    if date is not None and window is not None and not window[0] <= date <= window[1]:
        raise WrongType(
            f"implausible date in {field}: {date.isoformat()} (outside {window[0]} to {window[1]})"
        )
    return date


def _parse_date(value: object, field: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return _from_number(float(value))
        except WrongType as exc:
            raise WrongType(f"unreadable date in {field}: {exc}") from None
    if not isinstance(value, str):
        raise WrongType(f"{field} must be a date string, got {type(value).__name__}")
    date, problem = _date_in_text(value)
    if problem is not None:
        raise WrongType(f"unreadable date in {field}: {problem}")
    return date


# The same date texts recur from record to record ("Jan 2019", "2024-03-01"): each is read once per
# process. The date, or what is unreadable about the text.
@cache_short_texts(maxsize=1 << 14)
def _date_in_text(value: str) -> tuple[dt.date | None, str | None]:
    text = value.strip().lower()
    if is_null_token(text) or text in _CURRENT:
        return None, None
    try:
        # "2019" is a year (read below as ISO), "2019.0" the same written by a float column
        if _NUMBER.match(text) and (float(text) >= _EXCEL_SERIALS[0] or text.endswith(".0")):
            return _from_number(float(text)), None
    except WrongType as exc:
        return None, str(exc)
    try:
        if m := _ISO.match(text):
            return _unless_clock_impossible(dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1)), m[4])
        if (m := _MONTH_YEAR.match(text)) and m[1] in _MONTHS:
            return dt.date(int(m[2]), _MONTHS[m[1]], 1), None
        if m := _NUM_MONTH_YEAR.match(text):
            return dt.date(int(m[2]), int(m[1]), 1), None
        if m := _NUM_DATE.match(text):
            first, second, year = int(m[1]), int(m[3]), int(m[4])
            if m[2] == "." or first > 12:
                return _unless_clock_impossible(dt.date(year, second, first), m[5])
            return _unless_clock_impossible(dt.date(year, first, second), m[5])
        if (m := _MONTH_DAY_YEAR.match(text)) and m[1] in _MONTHS:
            return dt.date(int(m[3]), _MONTHS[m[1]], int(m[2])), None
        if (m := _DAY_MONTH_YEAR.match(text)) and m[2] in _MONTHS:
            return dt.date(int(m[3]), _MONTHS[m[2]], int(m[1])), None
    except ValueError:
        pass
    return None, repr(value)


def _unless_clock_impossible(date: dt.date, time: str | None) -> tuple[dt.date | None, str | None]:
    """The date, or the reason its text is unreadable: what follows it is no clock time (another date:
    a range), or a time that cannot be (hour 25: the stamp is corrupt, so its date is no more to be
    trusted than its hour)."""
    if not time:
        return date, None
    clock = _CLOCK.match(time)
    if clock is None:
        return None, f"more than a date: {time.strip()[:40]!r} after it"
    if int(clock[1]) > 23 or int(clock[2]) > 59 or int(clock[3] or 0) > 60:
        return None, f"impossible time {clock[0].strip()!r}"
    return date, None


def as_text(value: object, field: str) -> str | None:
    """A scalar cell as repaired text; placeholders become None; containers are the wrong type."""
    if value is None:
        return None
    if isinstance(value, (bool, dict, list)):
        raise WrongType(f"{field} must be text, got {type(value).__name__}")
    text = value if isinstance(value, str) else str(value)
    return None if is_null_token(text) else text


# A flat list of plain quoted strings (``['Python', "SQL"]``: no escapes, no control characters, ASCII
# spacing), the form exports write: its items are the strings between the quotes, as
# ``ast.literal_eval`` would give them, at a fraction of its cost. Anything else goes to literal_eval.
_PLAIN_CHARS = r"\\\x00-\x1f\ud800-\udfff"  # what a plain item holds none of, besides its quote
_PLAIN_ITEM = rf"'([^'{_PLAIN_CHARS}]*)'|" + rf'"([^"{_PLAIN_CHARS}]*)"'  # the string between the quotes
_PLAIN_LIST = re.compile(rf"\[[ \t]*(?:(?:{_PLAIN_ITEM})[ \t]*,[ \t]*)*(?:(?:{_PLAIN_ITEM})[ \t]*)?\]")
_PLAIN_ITEMS = re.compile(_PLAIN_ITEM)


def as_list(value: object, field: str) -> list[str]:
    """A list-valued cell: a JSON/Python list, a Python-literal string ``"['a', 'b']"``, or lines."""
    return _cell_items(value, field, _LINE_SEPARATORS, _is_value)


def skill_list(value: object, field: str) -> list[str]:
    """A skills cell: a list (or a Python/JSON list literal) of names, or text with the names between
    commas, semicolons, pipes, bullets or line breaks. An item that is no text (``None``, ``1``) or
    has no letter in it names no skill and is skipped."""
    return _cell_items(value, field, _SKILL_SEPARATORS, _is_name)


# Where a list cell that is no list literal divides: its lines (or ``;``, ``|``); a skills cell
# ("Excel, SAP, Tally") also at commas and bullets.
_LINE_SEPARATORS = re.compile(r"\n|;|\|")
_SKILL_SEPARATORS = re.compile("[,;|\n\u2022\u00b7\u25aa\u25cf\u2023\u2219]")


def _cell_items(
    value: object, field: str, separators: re.Pattern[str], keep: Callable[[object], bool]
) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        text = value.strip()
        if not text.startswith("["):
            return [clean_line(p) for p in separators.split(text) if keep(p)]
        value = _list_literal(text, field)
    if not isinstance(value, (list, tuple)):
        raise WrongType(f"{field} must be a list, got {type(value).__name__}")
    out: list[str] = []
    for item in value:
        if isinstance(item, (list, tuple)):
            out.extend(_cell_items(list(item), field, separators, keep))
        elif keep(item):
            out.append(clean_line(str(item)))
    return out


def _is_value(item: object) -> bool:
    return item is not None and not is_null_token(str(item))


def _is_name(item: object) -> bool:
    return isinstance(item, str) and has_letter(item) and not is_null_token(item)


def _list_literal(text: str, field: str) -> Any:
    """A cell that opens with ``[``, as the Python or JSON list it is written as."""
    if _PLAIN_LIST.fullmatch(text):
        return [single or double for single, double in _PLAIN_ITEMS.findall(text)]
    if too_deep(text):
        raise WrongType(f"{field} is a list nested more than {MAX_NESTING} levels deep")
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            raise WrongType(f"{field} is not a readable list: {text[:80]!r}") from None


def string_list(value: object, field: str) -> list[str]:
    """A JSON array of strings (JSON Resume highlights and keywords), nulls in it skipped; anything
    else is the wrong type."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) or v is None for v in value):
        raise WrongType(f"{field} must be a list of strings")
    return [clean_line(v) for v in value if v is not None and v.strip()]


# JSON's names for the Python types a JSON value is read as
_JSON_TYPES = {
    "dict": "an object",
    "list": "an array",
    "str": "a string",
    "int": "a number",
    "float": "a number",
    "bool": "a boolean",
    "NoneType": "a null",
}


def json_kind(value: object) -> str:
    """A value's JSON type with its article (``a string``, ``an object``), as a reason names it."""
    return _JSON_TYPES.get(type(value).__name__, type(value).__name__)


def json_list(value: object, field: str) -> list[Any]:
    """A JSON array (a JSON Resume section: ``work``, ``education``, ``skills``); only the value is
    kept aside when it is anything else, never the document holding it."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise WrongType(f"{field} must be a list (a JSON array), got {json_kind(value)}")
    return value


def json_object(value: object, field: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise WrongType(f"{field} must be an object, got {type(value).__name__}")
    return value


def dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.casefold()
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return out


def is_current(value: object) -> bool:
    return isinstance(value, str) and value.strip().lower() in _CURRENT


# Distinct key sets whose columns a file's Tabular remembers (a JSON Lines file omits a record's
# empty keys, so its records come in a few key sets; a table's rows all have its header's).
_KEY_SETS = 64


class Tabular:
    """Rows of a table. Which mapping a file is read by is decided once, from its first record (a
    table's header): a declared mapping, else a known layout the header matches, else the synonyms
    alone. The column of each field is then found per set of keys a record has: a JSON Lines record
    that names a key the first one lacks is read by it, and each record by the synonym it itself holds.

    A declared column missing from a header is a file error (``headed``: a CSV or a sheet, whose rows
    all have the header's columns). JSON records each carry their own keys and may leave out what
    they do not hold, so there a record without a declared column just lacks that field."""

    synonyms: Mapping[str, tuple[str, ...]] = {}

    def __init__(self, declared: Declared | Mapping[str, str] | None = None, headed: bool = True) -> None:
        self.declared = declared if isinstance(declared, Declared | None) else Declared(dict(declared))
        self.headed = headed
        self.mapping: Declared | None = None
        # key set -> its column map and the columns it sets apart; cleared when full, so memory stays
        # bounded whatever a file holds
        self.maps: dict[tuple[str, ...], tuple[ColumnMap, tuple[str, ...]]] = {}

    def summary_row(self, record: Mapping[str, Any]) -> Rejection | None:
        """A table's totals row (``Total,$110K,,``) below the records, which would otherwise be a
        posting titled Total or a resume reading "2": its first cell a summary word and every other
        cell empty or a figure. A company named Total, or a person named Sum, has words beside it."""
        if not self.headed:
            return None
        values = iter(record.values())
        first = next(values, None)
        if not (isinstance(first, str) and first.strip().lower() in _SUMMARY_ROWS):
            return None
        if all(v is None or isinstance(v, int | float) or _FIGURE.fullmatch(str(v)) for v in values):
            return Rejection(f"a summary row ({first.strip()!r} in its first column), not a record")
        return None

    def learn(self, record: Mapping[str, Any]) -> None:
        """The file's mapping, if this is its first row (``pipelines.ingest.parts.Normaliser``)."""
        self.file_mapping(record)

    def layouts(self) -> tuple[Layout, ...]:
        return ()

    def file_mapping(self, record: Mapping[str, Any]) -> Declared:
        if self.mapping is None:
            declared = self.declared
            if declared is not None:
                missing = [c for c in declared.columns.values() if c not in record]
                if missing and self.headed:
                    raise FileUnreadable(f"declared column(s) {missing} not in the header")
            else:
                layout = next((lay for lay in self.layouts() if lay.matches(record)), None)
                declared = layout.declared if layout else Declared()
            self.mapping = declared
        return self.mapping

    def resolve(self, record: Mapping[str, Any]) -> tuple[ColumnMap, tuple[str, ...]]:
        """The record's column map and the columns of it kept apart from the document."""
        keys = tuple(record)
        found = self.maps.get(keys)
        if found is None:
            declared = self.file_mapping(record)
            columns = declared.columns
            if self.declared is None or not self.headed:
                # a known layout's columns, or a JSON record's keys, that a record lacks are not there
                columns = {f: c for f, c in columns.items() if c in record}
            apart = {column_key(c) for c in declared.apart}
            found = (
                resolve_columns(keys, self.synonyms, columns, declared.apart),
                tuple(c for c in keys if column_key(c) in apart),
            )
            if len(self.maps) >= _KEY_SETS:
                self.maps.clear()
            self.maps[keys] = found
        return found


def posting_date(value: object, field: str) -> dt.date | None:
    """A posting's date: job boards began in the mid-1990s; a year ahead at most. A word for now
    ("Present", "today") is the end of a position held, never the day a posting went up: unreadable."""
    return parse_date(
        value, field, (dt.date(1995, 1, 1), dt.date.today() + dt.timedelta(days=366)), now_words=False
    )


def work_date(value: object, field: str) -> dt.date | None:
    """A work-history date: no career began before 1940; planned ends up to ten years on."""
    return parse_date(value, field, (dt.date(1940, 1, 1), dt.date.today() + dt.timedelta(days=3653)))


def opt_line(value: str | None) -> str | None:
    return clean_line(value) if value else None
