"""Fixture workbooks in the official BLS OEWS national layouts (written here; no BLS file is copied).

Columns and values follow the published files: May 2022 upper-case ``natsector_M2022_dl.xlsx`` /
``national_M2022_dl.xlsx`` (``AREA ... PCT_RPT ... ANNUAL, HOURLY``), May 2019 lower-case files without
``prim_state``/``pct_rpt``, and the older ``OCC_GROUP`` header; NAICS codes stored as numbers where
Excel made them numbers (``31`` for Manufacturing), the ``*``, ``**``, ``#``, ``~`` markers, and SOC codes
that BLS lists twice in one industry, as ``broad`` and as ``detailed`` (13-1020).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

UPPER_2022 = [
    "AREA",
    "AREA_TITLE",
    "AREA_TYPE",
    "PRIM_STATE",
    "NAICS",
    "NAICS_TITLE",
    "I_GROUP",
    "OWN_CODE",
    "OCC_CODE",
    "OCC_TITLE",
    "O_GROUP",
    "TOT_EMP",
    "EMP_PRSE",
    "JOBS_1000",
    "LOC_QUOTIENT",
    "PCT_TOTAL",
    "PCT_RPT",
    "H_MEAN",
    "A_MEAN",
    "MEAN_PRSE",
    "H_PCT10",
    "H_PCT25",
    "H_MEDIAN",
    "H_PCT75",
    "H_PCT90",
    "A_PCT10",
    "A_PCT25",
    "A_MEDIAN",
    "A_PCT75",
    "A_PCT90",
    "ANNUAL",
    "HOURLY",
]
LOWER_2019 = [
    c.lower() for c in UPPER_2022 if c not in {"PRIM_STATE", "PCT_RPT"}
]  # the 2019 files: lower case, no prim_state / pct_rpt


def _wages(mean: float) -> dict[str, Any]:
    hourly = round(mean / 2080, 2)
    return {
        "H_MEAN": hourly,
        "A_MEAN": mean,
        "MEAN_PRSE": 1.2,
        "H_PCT10": round(hourly * 0.6, 2),
        "H_PCT25": round(hourly * 0.8, 2),
        "H_MEDIAN": hourly,
        "H_PCT75": round(hourly * 1.2, 2),
        "H_PCT90": round(hourly * 1.4, 2),
        "A_PCT10": round(mean * 0.6),
        "A_PCT25": round(mean * 0.8),
        "A_MEDIAN": mean,
        "A_PCT75": round(mean * 1.2),
        "A_PCT90": round(mean * 1.4),
    }


def natsector_rows() -> list[dict[str, Any]]:
    """Sector rows as natsector_M2022_dl.xlsx has them: totals, groups, a broad/detailed twin, markers."""
    sectors = [
        (52, "Finance and Insurance", "5"),
        (31, "Manufacturing", "5"),  # Excel stored the code as the number 31
        (
            "99",
            "Federal, State, and Local Government, excluding state and local schools and hospitals "
            "and the U.S. Postal Service (OES Designation)",
            "123",
        ),
    ]
    rows = []
    for naics, title, own in sectors:
        base = {
            "AREA": "99",
            "AREA_TITLE": "U.S.",
            "AREA_TYPE": "1",
            "PRIM_STATE": "US",
            "NAICS": naics,
            "NAICS_TITLE": title,
            "I_GROUP": "sector",
            "OWN_CODE": own,
            "JOBS_1000": None,
            "LOC_QUOTIENT": None,
            "PCT_TOTAL": 0.4,
            "PCT_RPT": "~",
            "ANNUAL": "",
            "HOURLY": "",
        }
        bump = 10_000 if naics == 52 else 0
        rows += [
            {
                **base,
                "OCC_CODE": "00-0000",
                "OCC_TITLE": "All Occupations",
                "O_GROUP": "total",
                "TOT_EMP": 6_000_000,
                "EMP_PRSE": 0.3,
                **_wages(70_000 + bump),
            },
            {
                **base,
                "OCC_CODE": "13-0000",
                "OCC_TITLE": "Business and Financial Operations Occupations",
                "O_GROUP": "major",
                "TOT_EMP": 900_000,
                "EMP_PRSE": 0.8,
                **_wages(85_000 + bump),
            },
            {
                **base,
                "OCC_CODE": "13-1000",
                "OCC_TITLE": "Business Operations Specialists",
                "O_GROUP": "minor",
                "TOT_EMP": 500_000,
                "EMP_PRSE": 0.9,
                **_wages(80_000 + bump),
            },
            # SOC 2018 gives this broad group one detailed occupation of the same code: BLS lists it twice
            {
                **base,
                "OCC_CODE": "13-1020",
                "OCC_TITLE": "Buyers and Purchasing Agents",
                "O_GROUP": "broad",
                "TOT_EMP": 12_000,
                "EMP_PRSE": 3.1,
                **_wages(72_000 + bump),
            },
            {
                **base,
                "OCC_CODE": "13-1020",
                "OCC_TITLE": "Buyers and Purchasing Agents",
                "O_GROUP": "detailed",
                "TOT_EMP": 12_000,
                "EMP_PRSE": 3.1,
                **_wages(72_000 + bump),
            },
            {
                **base,
                "OCC_CODE": "15-2051",
                "OCC_TITLE": "Data Scientists",
                "O_GROUP": "detailed",
                "TOT_EMP": 21_350,
                "EMP_PRSE": 4.0,
                **_wages(128_540 + bump),
                "A_PCT90": "#",
                "H_PCT90": "#",
            },
            {
                **base,
                "OCC_CODE": "11-1011",
                "OCC_TITLE": "Chief Executives",
                "O_GROUP": "detailed",
                "TOT_EMP": "**",
                "EMP_PRSE": "**",
                **_wages(0),
                "H_MEAN": "*",
                "A_MEAN": "*",
            },
        ]
    return rows


def national_rows() -> list[dict[str, Any]]:
    """Cross-industry rows as national_M2022_dl.xlsx has them (NAICS 000000, OWN_CODE 1235)."""
    base = {
        "AREA": "99",
        "AREA_TITLE": "U.S.",
        "AREA_TYPE": "1",
        "PRIM_STATE": "US",
        "NAICS": "000000",
        "NAICS_TITLE": "Cross-industry",
        "I_GROUP": "cross-industry",
        "OWN_CODE": "1235",
        "PCT_TOTAL": None,
        "PCT_RPT": None,
        "ANNUAL": "",
        "HOURLY": "",
    }
    return [
        {
            **base,
            "OCC_CODE": "00-0000",
            "OCC_TITLE": "All Occupations",
            "O_GROUP": "total",
            "TOT_EMP": 147_886_000,
            "EMP_PRSE": 0.1,
            **_wages(61_900),
        },
        {
            **base,
            "OCC_CODE": "13-1020",
            "OCC_TITLE": "Buyers and Purchasing Agents",
            "O_GROUP": "broad",
            "TOT_EMP": 450_000,
            "EMP_PRSE": 1.0,
            **_wages(71_000),
        },
        {
            **base,
            "OCC_CODE": "13-1020",
            "OCC_TITLE": "Buyers and Purchasing Agents",
            "O_GROUP": "detailed",
            "TOT_EMP": 450_000,
            "EMP_PRSE": 1.0,
            **_wages(71_000),
        },
        {
            **base,
            "OCC_CODE": "15-2051",
            "OCC_TITLE": "Data Scientists",
            "O_GROUP": "detailed",
            "TOT_EMP": 168_900,
            "EMP_PRSE": 2.0,
            **_wages(115_240),
        },
    ]


def write_workbook(path: Path, rows: list[dict[str, Any]], header: list[str] = UPPER_2022) -> Path:
    """One data sheet (plus the UpdateTime sheet BLS adds), header keys matched case-insensitively."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = path.stem.capitalize()
    sheet.append(header)
    for row in rows:
        by_key = {k.upper(): v for k, v in row.items()}
        by_key["OCC_GROUP"] = by_key.get("O_GROUP")  # the older name of the same column
        sheet.append([by_key.get(c.upper()) for c in header])
    workbook.create_sheet("UpdateTime").append(["alldataupdate"])
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path
