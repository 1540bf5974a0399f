"""Reading the cells of reference release files: codes, numbers, flags, and the column specs of a file."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from pipelines.documents.fields import Rejection
from pipelines.documents.text import value_words

ONET_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
SOC_CODE = re.compile(r"^\d{2}-\d{4}$")
_MISSING = frozenset(value_words()["release_missing"])


def cell(value: object) -> str | None:
    text = "" if value is None else str(value).strip()
    return None if text.lower() in _MISSING else text


def onet_code(value: object) -> str:
    text = cell(value) or ""
    if not ONET_CODE.match(text):
        raise ValueError(f"not an O*NET-SOC code: {text!r}")
    return text


def integer(value: object) -> int | None:
    text = cell(value)
    return None if text is None else int(float(text.replace(",", "")))


def number(value: object) -> float | None:
    text = cell(value)
    if text is None:
        return None
    result = float(text.replace(",", ""))
    if not math.isfinite(result):
        raise ValueError(f"not a finite number: {text!r}")
    return result


def flag(value: object) -> bool | None:
    text = cell(value)
    if text is None:
        return None
    if text.upper() not in {"Y", "N"}:
        raise ValueError(f"expected Y or N, got {text!r}")
    return text.upper() == "Y"


def required_text(value: object) -> str:
    text = cell(value)
    if text is None:
        raise ValueError("empty")
    return text


def soc_code(value: object) -> str:
    written = cell(value) or ""
    if not SOC_CODE.match(written):
        raise ValueError(f"not a SOC 2018 code: {written!r}")
    return written


def marked(value: object) -> bool:
    """A column that marks rows with an ``x`` (the Direct Match Title File's illustrative examples)."""
    return (cell(value) or "").lower() == "x"


@dataclass(frozen=True)
class Column:
    source: str
    target: str
    parse: Callable[[object], Any]

    @property
    def dtype(self) -> pl.DataType:
        return _DTYPES[self.parse]


_DTYPES: dict[Callable[[object], Any], pl.DataType] = {
    cell: pl.String(),
    required_text: pl.String(),
    onet_code: pl.String(),
    integer: pl.Int64(),
    number: pl.Float64(),
    flag: pl.Boolean(),
    soc_code: pl.String(),
    marked: pl.Boolean(),
}

# how a release file's column is read, by name (reference/release_files.toml)
PARSERS: dict[str, Callable[[object], Any]] = {parse.__name__: parse for parse in _DTYPES}


@dataclass(frozen=True)
class ReleaseFile:
    """One file of a reference release, the staging table it becomes, and its columns. ``file_names``
    are the official names, the first one found wins (a release may ship xlsx or CSV). An ``optional``
    file that is absent is not read (its table is empty); a required one is reported as unreadable."""

    folder: str
    file_names: tuple[str, ...]
    table: str
    columns: tuple[Column, ...]
    optional: bool = False

    @property
    def schema(self) -> dict[str, pl.DataType]:
        return {c.target: c.dtype for c in self.columns}

    def __call__(self, record: Mapping[str, Any]) -> dict[str, Any] | Rejection:
        row: dict[str, Any] = {}
        for column in self.columns:
            if column.source not in record:
                return Rejection(f"missing required field: {column.source!r}")
            try:
                row[column.target] = column.parse(record[column.source])
            except ValueError as exc:
                return Rejection(f"wrong type or unreadable value in {column.source!r}: {exc}")
        return row
