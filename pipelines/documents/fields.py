"""Reading the values of raw records: text, lists, dates, JSON objects, and a table's columns.

Every normaliser is a callable ``record -> dict | Rejection`` and knows nothing about files or
Dagster; the ingestion loop adds source file and position.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from pipelines.documents.text import clean_line, is_null_token
from pipelines.ingest.columns import ColumnMap, resolve_columns
from pipelines.ingest.readers import FileUnreadable

TEXT_LIST = pl.List(pl.String())


@dataclass(frozen=True)
class Rejection:
    reason: str


class WrongType(ValueError):
    """A field holds a value of the wrong type or an unreadable value; the message names it."""


_CURRENT = {"present", "current", "now", "till date", "to date", "ongoing", "today", "till now"}
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_MONTH_YEAR = re.compile(r"^([a-z]{3})[a-z]*\.?,?\s+(\d{4})$")
_NUM_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?(?:[t ].*)?$")
# 03/15/2026 (US order unless the first number cannot be a month), 15.03.2026 (European)
_NUM_DATE = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[t ].*)?$")
_MONTH_DAY_YEAR = re.compile(r"^([a-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3})[a-z]*\.?,?\s+(\d{4})$")


def parse_date(value: object, field: str) -> dt.date | None:
    """Dates as resumes and postings write them: ISO (``2019``, ``2019-05``, ``2019-05-01T..``,
    ``2019/05/01``), ``Nov 2019``, ``11/2019``, ``03/15/2026`` (month first unless it cannot be),
    ``15.03.2026``, ``March 15, 2026``, ``15 March 2026``. ``Present``-like words and placeholders are
    None; anything else is unreadable."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100:
        return dt.date(value, 1, 1)
    if not isinstance(value, str):
        raise WrongType(f"{field} must be a date string, got {type(value).__name__}")
    text = value.strip().lower()
    if is_null_token(text) or text in _CURRENT:
        return None
    try:
        if m := _ISO.match(text):
            return dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
        if (m := _MONTH_YEAR.match(text)) and m[1] in _MONTHS:
            return dt.date(int(m[2]), _MONTHS[m[1]], 1)
        if m := _NUM_MONTH_YEAR.match(text):
            return dt.date(int(m[2]), int(m[1]), 1)
        if m := _NUM_DATE.match(text):
            first, second, year = int(m[1]), int(m[3]), int(m[4])
            if m[2] == "." or first > 12:
                return dt.date(year, second, first)
            return dt.date(year, first, second)
        if (m := _MONTH_DAY_YEAR.match(text)) and m[1] in _MONTHS:
            return dt.date(int(m[3]), _MONTHS[m[1]], int(m[2]))
        if (m := _DAY_MONTH_YEAR.match(text)) and m[2] in _MONTHS:
            return dt.date(int(m[3]), _MONTHS[m[2]], int(m[1]))
    except ValueError:
        pass
    raise WrongType(f"unreadable date in {field}: {value!r}")


def as_text(value: object, field: str) -> str | None:
    """A scalar cell as repaired text; placeholders become None; containers are the wrong type."""
    if value is None:
        return None
    if isinstance(value, (bool, dict, list)):
        raise WrongType(f"{field} must be text, got {type(value).__name__}")
    text = value if isinstance(value, str) else str(value)
    return None if is_null_token(text) else text


def as_list(value: object, field: str) -> list[str]:
    """A list-valued cell: a JSON/Python list, a Python-literal string ``"['a', 'b']"``, or lines."""
    if value is None:
        return []
    if isinstance(value, str):
        text = value.strip()
        if not text or is_null_token(text):
            return []
        if text.startswith("["):
            try:
                value = ast.literal_eval(text)
            except (ValueError, SyntaxError):
                try:
                    value = json.loads(text)
                except json.JSONDecodeError:
                    raise WrongType(f"{field} is not a readable list: {text[:80]!r}") from None
        else:
            return [clean_line(p) for p in re.split(r"\n|;|\|", text) if p.strip() and not is_null_token(p)]
    if not isinstance(value, (list, tuple)):
        raise WrongType(f"{field} must be a list, got {type(value).__name__}")
    out: list[str] = []
    for item in value:
        if isinstance(item, (list, tuple)):
            out.extend(as_list(list(item), field))
        elif item is not None and not is_null_token(str(item)):
            out.append(clean_line(str(item)))
    return out


def string_list(value: object, field: str) -> list[str]:
    """A JSON array of strings (JSON Resume highlights and keywords), nulls in it skipped; anything
    else is the wrong type."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) or v is None for v in value):
        raise WrongType(f"{field} must be a list of strings")
    return [clean_line(v) for v in value if v is not None and v.strip()]


def json_list(record: Mapping[str, Any], key: str) -> list[Any]:
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise WrongType(f"{key} must be a list, got {type(value).__name__}")
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


class Tabular:
    """Rows of a table whose columns are found once per file, from the first record's keys."""

    synonyms: Mapping[str, tuple[str, ...]] = {}

    def __init__(self, declared: Mapping[str, str] | None = None) -> None:
        self.declared = dict(declared or {})
        self.columns: ColumnMap | None = None

    def resolve(self, record: Mapping[str, Any]) -> ColumnMap:
        if self.columns is None:
            self.columns = resolve_columns(record.keys(), self.synonyms, self.declared)
            missing = [c for c in self.declared.values() if c not in record]
            if missing:
                raise FileUnreadable(f"declared column(s) {missing} not in the header")
        return self.columns


def lenient_date(value: str | None) -> dt.date | None:
    """Structured exports fill date lists with free text (``Till Date``, ``N/A``, ``6 months``)."""
    try:
        return parse_date(value, "date")
    except WrongType:
        return None


def opt_line(value: str | None) -> str | None:
    return clean_line(value) if value else None
