"""BLS OEWS wage tables: the flattened lower-case layout and every official national workbook layout
since 2019 (cross-industry ``national_M20xx_dl``, industry-specific ``natsector_``, ``nat3d_``,
``nat4d_``, ``nat5d_6d_``; upper- or lower-case headers; ``O_GROUP`` or ``OCC_GROUP``; older
industry files without ``I_GROUP`` by their NAICS codes)."""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import PurePosixPath
from typing import Any

import polars as pl

from pipelines import REFERENCE_DIR
from pipelines.documents.fields import Rejection
from pipelines.reference.values import SOC_CODE, cell, integer, number

# The codes of the BLS files: datatypes, footnotes, cell markers, industry and occupation groups
# (reference/oews_codes.toml).
with (REFERENCE_DIR / "oews_codes.toml").open("rb") as _f:
    _CODES = tomllib.load(_f)
_DATATYPE_COLUMNS: dict[str, str] = _CODES["datatype_columns"]
OEWS_NUMERIC = tuple(_DATATYPE_COLUMNS.values())
_TOP_CODED_FOOTNOTE: str = _CODES["top_coded_footnote"]
_NOT_RELEASED_FOOTNOTE: str = _CODES["not_released_footnote"]
_TOP_CODED_MARKERS = frozenset(_CODES["top_coded_markers"])
_NOT_RELEASED_MARKERS = frozenset(_CODES["not_released_markers"])
_I_GROUP_LEVEL: dict[str, int] = _CODES["industry_group_levels"]
_DIGIT_GROUP = re.compile(r"^([3-6])-digit$")
_O_GROUP_LEVEL: dict[str, int] = _CODES["occupation_group_levels"]
_FLAT_O_GROUP = {int(level): group for level, group in _CODES["flat_occupation_groups"].items()}
_SECTOR_RANGE = re.compile(r"^(\d{2})(-{1,2})(\d{2,3})$")
_RELEASE_YEAR = re.compile(r"(?<!\d)(199[7-9]|20\d\d)(?!\d)")
CROSS_INDUSTRY_CODE = "000000"


@cache
def _sector_of_two_digits() -> dict[str, str]:
    """NAICS sectors that span several two-digit codes (31-33 Manufacturing), from reference/naics_sectors.csv."""
    with (REFERENCE_DIR / "naics_sectors.csv").open(encoding="utf-8", newline="") as fh:
        return {code: row["sector"] for row in csv.DictReader(fh) for code in row["two_digit_codes"].split()}


@cache
def ownership_industries() -> frozenset[str]:
    """OEWS industry codes that stand for an ownership (private, or a level of government), not an
    industry: they overlap the industries beside them (reference/oews_ownership_industries.csv)."""
    with (REFERENCE_DIR / "oews_ownership_industries.csv").open(encoding="utf-8", newline="") as fh:
        return frozenset(row["industry_code"] for row in csv.DictReader(fh))


def naics_code(industry_code: str, level: int) -> str:
    """Canonical NAICS code: sectors as ``52`` or ranges ``31-33``; other levels trimmed of padding zeros.

    The flattened BLS files write sector ranges half-open (``31--34``, ``99-100``); the official files
    inclusive (``31-33``) or by the first code alone (``31`` for Manufacturing).
    """
    code = industry_code.strip()
    if m := _SECTOR_RANGE.match(code):
        first, last = int(m[1]), int(m[3])
        if m[2] == "--" or last >= 100:
            last -= 1
        return f"{first}" if last == first else f"{first}-{last}"
    if level == 2 and re.fullmatch(r"\d{2}(0000)?", code):
        return _sector_of_two_digits().get(code[:2], code[:2])
    if level >= 3 and re.fullmatch(r"\d{6}|\d{4}A\d", code):
        digits = {3: 3, 4: 4, 5: 5}.get(level, 6)
        return code[:digits] if code[digits:].strip("0") == "" else code
    return code


def release_year(relative_path: str) -> int | None:
    """The estimates' year as the file is named (``natsector_M2022_dl.xlsx``, ``oews_may2025_...``)."""
    found = _RELEASE_YEAR.findall(PurePosixPath(relative_path).name)
    return int(found[-1]) if found else None


OEWS_SCHEMA: dict[str, pl.DataType] = {
    "soc_code": pl.String(),
    "occupation_title": pl.String(),
    "occupation_group": pl.String(),
    "occupation_level": pl.Int64(),
    "industry_code": pl.String(),
    "naics_code": pl.String(),
    "industry_title": pl.String(),
    "industry_level": pl.Int64(),
    "industry_kind": pl.String(),
    "own_code": pl.String(),
    "release_year": pl.Int64(),
    **{column: pl.Float64() for column in OEWS_NUMERIC},
    "top_coded_columns": pl.List(pl.String()),
    "not_released_columns": pl.List(pl.String()),
}


def _industry_level(i_group: str) -> tuple[int, bool] | None:
    """``I_GROUP`` -> (industry level, names an ownership): ``sector``, ``4-digit``, ``cross-industry``,
    ``cross-industry, ownership``, ``3-digit, ownership``."""
    text = i_group.strip().lower()
    base, _, qualifier = (p.strip() for p in text.partition(","))
    if qualifier not in {"", "ownership"}:
        return None
    if base == "cross-industry":
        return (1, True) if qualifier else (0, False)
    if m := _DIGIT_GROUP.match(base):
        return min(int(m[1]), 5), False
    level = _I_GROUP_LEVEL.get(base)
    return None if level is None else (level, base == "ownership")


_SECTOR_CODE = re.compile(r"^\d{2}(?:0000)?$")
_DETAILED_CODE = re.compile(r"^\d{6}$")
# BLS's own aggregates of 4-digit industries ("3250A1": Chemical Manufacturing, 3251-3253 and 3259)
_AGGREGATE_CODE = re.compile(r"^\d{4}A\d$")
_WHOLE_OWNERSHIP_CODE = re.compile(r"^00000[1-9]$")


def _level_of_naics(code: str) -> tuple[int, bool] | None:
    """(industry level, names an ownership) read off the code itself, for a workbook with a NAICS column
    and no I_GROUP (releases before 2019): ``000000`` cross-industry, ``000001`` a whole ownership,
    ``52``/``31-33``/``31--34`` a sector, ``541500`` its significant digits (n-digit groups are level n, 6 digits 5)."""
    if code == CROSS_INDUSTRY_CODE:
        return 0, False
    if _WHOLE_OWNERSHIP_CODE.match(code):
        return 1, True
    if _SECTOR_CODE.match(code) or _SECTOR_RANGE.match(code):
        return 2, False
    if _AGGREGATE_CODE.match(code):
        return 4, False
    if _DETAILED_CODE.match(code):
        return max(3, min(len(code.rstrip("0")), 5)), False
    return None


def _code_text(value: object) -> str | None:
    """A code cell; spreadsheets turn ``31`` or ``000000`` into numbers."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return cell(value)


class OewsNormaliser:
    """One OEWS file of either layout; ``relative_path`` names the release year."""

    def __init__(self, relative_path: str = "") -> None:
        self.release_year = release_year(relative_path)

    def __call__(self, record: Mapping[str, Any]) -> dict[str, Any] | Rejection:
        row = {str(k).strip().lower(): v for k, v in record.items()}
        flat = "industry_display_level" in row or "industry_code" in row
        soc = cell(row.get("occ_code"))
        if soc is None or not SOC_CODE.match(soc):
            return Rejection(f"wrong type or unreadable value in occ_code: {soc!r}")
        area_type = cell(row.get("area_type"))
        if area_type is not None and area_type != "1":
            return Rejection(
                f"not a national estimate: area_type {area_type} ({cell(row.get('area_title'))})"
            )
        ownership = False
        try:
            if flat:
                industry = _code_text(row.get("industry_code"))
                level = integer(row.get("industry_display_level"))
                occ_level = integer(row.get("occ_display_level"))
                group = "total" if soc == "00-0000" else _FLAT_O_GROUP.get(occ_level or 0, "major")
                ownership = level == 1
            else:
                # Cross-industry workbooks before 2019 carry no industry columns at all.
                industry = _code_text(row.get("naics")) if "naics" in row else CROSS_INDUSTRY_CODE
                if "i_group" in row:
                    parsed = _industry_level(cell(row.get("i_group")) or "")
                    if parsed is None:
                        return Rejection(f"wrong type or unreadable value in i_group: {row.get('i_group')!r}")
                elif industry is None:
                    return Rejection("missing required field: industry code")
                else:
                    # Without I_GROUP the level is the code's: every row taken as cross-industry would
                    # make each sector's row a candidate for the national figure.
                    parsed = _level_of_naics(industry)
                    if parsed is None:
                        return Rejection(f"industry level unknown: NAICS {industry!r} and no I_GROUP column")
                level, ownership = parsed
                group = (cell(row.get("o_group")) or cell(row.get("occ_group")) or "").lower()
                if group not in _O_GROUP_LEVEL:
                    return Rejection(f"wrong type or unreadable value in o_group: {group!r}")
                occ_level = _O_GROUP_LEVEL[group]
        except ValueError as exc:
            return Rejection(f"wrong type or unreadable value in display level: {exc}")
        if industry is None:
            return Rejection("missing required field: industry code")
        if level is None:
            return Rejection("missing required field: industry level")
        if level == 0:
            kind = "cross_industry"
        elif ownership or industry in ownership_industries():
            kind = "ownership"
        else:
            kind = "industry"
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
            "occupation_group": group,
            "occupation_level": occ_level,
            "industry_code": industry,
            "naics_code": naics_code(industry, level),
            "industry_title": cell(row.get("industry_title") if flat else row.get("naics_title"))
            or ("Cross-industry" if level == 0 else None),
            "industry_level": level,
            "industry_kind": kind,
            "own_code": _code_text(row.get("own_code")),
            "release_year": self.release_year,
        }
        for column in OEWS_NUMERIC:
            raw = row.get(column)
            text = cell(raw)
            if text in _TOP_CODED_MARKERS:
                top_coded.append(column)
                out[column] = None
            elif text in _NOT_RELEASED_MARKERS:
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
