"""BLS OEWS wage tables: the flattened lower-case layout and the official upper-case workbooks."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import polars as pl

from pipelines.documents.fields import Rejection
from pipelines.reference.values import SOC_CODE, cell, integer, number

# BLS datatype codes used by the footnote column of the flat files ("03:5;04:5" = hourly and annual
# mean are top-coded).
_DATATYPE_COLUMNS = {
    "01": "tot_emp",
    "02": "emp_prse",
    "03": "h_mean",
    "04": "a_mean",
    "05": "mean_prse",
    "06": "h_pct10",
    "07": "h_pct25",
    "08": "h_median",
    "09": "h_pct75",
    "10": "h_pct90",
    "11": "a_pct10",
    "12": "a_pct25",
    "13": "a_median",
    "14": "a_pct75",
    "15": "a_pct90",
}
OEWS_NUMERIC = tuple(_DATATYPE_COLUMNS.values())
_TOP_CODED_FOOTNOTE = "5"
_NOT_RELEASED_FOOTNOTE = "8"
_I_GROUP_LEVEL = {
    "cross-industry": 0,
    "cross-industry, ownership": 1,
    "ownership": 1,
    "sector": 2,
    "3-digit": 3,
    "4-digit": 4,
    "5-digit": 5,
    "6-digit": 5,
}
_O_GROUP_LEVEL = {"total": 0, "major": 0, "minor": 1, "broad": 2, "detailed": 3}
_SECTOR_RANGE = re.compile(r"^(\d{2})(-{1,2})(\d{2,3})$")


def naics_code(industry_code: str, level: int) -> str:
    """Canonical NAICS code: sectors as ``52`` or ranges ``31-33``; other levels trimmed of padding zeros.

    The flattened BLS files write sector ranges half-open (``31--34``, ``99-100``); the official files
    inclusive (``31-33``).
    """
    code = industry_code.strip()
    if m := _SECTOR_RANGE.match(code):
        first, last = int(m[1]), int(m[3])
        if m[2] == "--" or last >= 100:
            last -= 1
        return f"{first}" if last == first else f"{first}-{last}"
    if level == 2 and re.fullmatch(r"\d{2}(0000)?", code):
        return code[:2]
    if level >= 3 and re.fullmatch(r"\d{6}|\d{4}A\d", code):
        digits = {3: 3, 4: 4, 5: 5}.get(level, 6)
        return code[:digits] if code[digits:].strip("0") == "" else code
    return code


OEWS_SCHEMA: dict[str, pl.DataType] = {
    "soc_code": pl.String(),
    "occupation_title": pl.String(),
    "occupation_level": pl.Int64(),
    "industry_code": pl.String(),
    "naics_code": pl.String(),
    "industry_title": pl.String(),
    "industry_level": pl.Int64(),
    **{column: pl.Float64() for column in OEWS_NUMERIC},
    "top_coded_columns": pl.List(pl.String()),
    "not_released_columns": pl.List(pl.String()),
}


class OewsNormaliser:
    """Both OEWS layouts: the flattened lower-case one and the official upper-case one (``OCC_CODE``)."""

    def __call__(self, record: Mapping[str, Any]) -> dict[str, Any] | Rejection:
        row = {str(k).strip().lower(): v for k, v in record.items()}
        official = "naics" in row or "i_group" in row
        soc = cell(row.get("occ_code"))
        if soc is None or not SOC_CODE.match(soc):
            return Rejection(f"wrong type or unreadable value in occ_code: {soc!r}")
        industry = cell(row.get("naics") if official else row.get("industry_code"))
        if industry is None:
            return Rejection("missing required field: industry code")
        try:
            if official:
                level = _I_GROUP_LEVEL.get(str(row.get("i_group", "")).strip().lower())
                if level is None:
                    return Rejection(f"wrong type or unreadable value in i_group: {row.get('i_group')!r}")
                occ_level = _O_GROUP_LEVEL.get(str(row.get("o_group", "")).strip().lower())
            else:
                level = integer(row.get("industry_display_level"))
                occ_level = integer(row.get("occ_display_level"))
            if level is None:
                return Rejection("missing required field: industry level")
        except ValueError as exc:
            return Rejection(f"wrong type or unreadable value in display level: {exc}")
        top_coded: list[str] = []
        not_released: list[str] = []
        for code, flag in _footnote_pairs(cell(row.get("footnotes"))):
            column = _DATATYPE_COLUMNS.get(code)
            if column and flag == _TOP_CODED_FOOTNOTE:
                top_coded.append(column)
            elif column and flag == _NOT_RELEASED_FOOTNOTE:
                not_released.append(column)
        out: dict[str, Any] = {
            "soc_code": soc,
            "occupation_title": cell(row.get("occ_title")),
            "occupation_level": occ_level,
            "industry_code": industry,
            "naics_code": naics_code(industry, level),
            "industry_title": cell(row.get("naics_title") if official else row.get("industry_title")),
            "industry_level": level,
        }
        for column in OEWS_NUMERIC:
            raw = row.get(column)
            text = cell(raw)
            if text in {"#"}:
                top_coded.append(column)
                out[column] = None
            elif text in {"*", "**", "~"}:
                not_released.append(column)
                out[column] = None
            else:
                try:
                    out[column] = number(raw)
                except ValueError:
                    return Rejection(f"wrong type or unreadable value in {column}: {raw!r}")
        out["top_coded_columns"] = sorted(set(top_coded))
        out["not_released_columns"] = sorted(set(not_released))
        return out


def _footnote_pairs(value: str | None) -> list[tuple[str, str]]:
    if not value:
        return []
    pairs = []
    for part in value.split(";"):
        code, _, flag = part.partition(":")
        pairs.append((code.strip(), flag.strip()))
    return pairs
