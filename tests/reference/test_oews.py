"""Every official national OEWS layout since 2019, read from workbooks shaped like the BLS downloads."""

from pathlib import Path

import pytest

from pipelines.documents.fields import Rejection
from pipelines.ingest.readers import read_records
from pipelines.reference.oews import OewsNormaliser, release_year
from tests.reference.oews_workbooks import LOWER_2019, national_rows, natsector_rows, write_workbook


def _read(path: Path, relative: str) -> list[dict]:
    normalise = OewsNormaliser(relative)
    rows = [normalise(record) for _, record in read_records(path)]
    assert not [r for r in rows if isinstance(r, Rejection)]
    return rows  # type: ignore[return-value]


def test_natsector_workbook_upper_case(tmp_path: Path):
    rows = _read(
        write_workbook(tmp_path / "natsector_M2022_dl.xlsx", natsector_rows()), "oews/natsector_M2022_dl.xlsx"
    )
    assert len(rows) == 21
    assert {r["release_year"] for r in rows} == {2022}
    # Excel's number 31 is the Manufacturing sector 31-33, as postings map it
    assert {r["naics_code"] for r in rows} == {"52", "31-33", "99"}
    assert all(r["industry_kind"] == "industry" and r["industry_level"] == 2 for r in rows)
    twins = [r for r in rows if r["soc_code"] == "13-1020" and r["naics_code"] == "52"]
    assert sorted((r["occupation_group"], r["occupation_level"]) for r in twins) == [
        ("broad", 2),
        ("detailed", 3),
    ]
    scientists = next(r for r in rows if r["soc_code"] == "15-2051" and r["naics_code"] == "52")
    assert scientists["a_mean"] == 138_540 and scientists["a_pct90"] is None
    assert scientists["top_coded_columns"] == ["a_pct90", "h_pct90"]
    executives = next(r for r in rows if r["soc_code"] == "11-1011" and r["naics_code"] == "52")
    assert executives["tot_emp"] is None and executives["a_mean"] is None
    assert executives["not_released_columns"] == ["a_mean", "emp_prse", "h_mean", "tot_emp"]
    assert {r["own_code"] for r in rows} == {"5", "123"}


def test_national_workbook_lower_case_2019_layout(tmp_path: Path):
    path = write_workbook(tmp_path / "national_M2019_dl.xlsx", national_rows(), header=LOWER_2019)
    rows = _read(path, "oews/national_M2019_dl.xlsx")
    assert {(r["industry_code"], r["naics_code"], r["industry_level"], r["industry_kind"]) for r in rows} == {
        ("000000", "000000", 0, "cross_industry")
    }
    assert [r["occupation_group"] for r in rows] == ["total", "broad", "detailed", "detailed"]
    assert rows[3]["a_mean"] == 115_240 and rows[3]["release_year"] == 2019


def test_occ_group_header_and_a_workbook_without_industry_columns(tmp_path: Path):
    """Older cross-industry files name the level OCC_GROUP and carry no NAICS or I_GROUP column."""
    header = ["OCC_CODE", "OCC_TITLE", "OCC_GROUP", "TOT_EMP", "H_MEAN", "A_MEAN", "A_MEDIAN"]
    path = write_workbook(tmp_path / "national_M2020_dl.xlsx", national_rows(), header=header)
    rows = _read(path, "oews/national_M2020_dl.xlsx")
    assert [(r["soc_code"], r["occupation_group"], r["industry_kind"]) for r in rows][1:3] == [
        ("13-1020", "broad", "cross_industry"),
        ("13-1020", "detailed", "cross_industry"),
    ]
    assert rows[0]["industry_title"] == "Cross-industry"


@pytest.mark.parametrize(
    ("record", "level", "kind"),
    [
        # official: a whole ownership across industries, and industries split by ownership
        ({"NAICS": "000001", "I_GROUP": "cross-industry, ownership", "OWN_CODE": "5"}, 1, "ownership"),
        ({"NAICS": "491100", "I_GROUP": "4-digit, ownership", "OWN_CODE": "1"}, 4, "industry"),
        ({"NAICS": "611102", "I_GROUP": "5-digit, ownership", "OWN_CODE": "2"}, 5, "ownership"),
        ({"NAICS": "541500", "I_GROUP": "4-digit", "OWN_CODE": "5"}, 4, "industry"),
        # flattened: level 1 and the "including schools and hospitals" government rows at level 2
        ({"industry_code": "999001", "industry_display_level": "1"}, 1, "ownership"),
        ({"industry_code": "999101", "industry_display_level": "2"}, 2, "ownership"),
        ({"industry_code": "99-100", "industry_display_level": "2"}, 2, "industry"),
        ({"industry_code": "52--53", "industry_display_level": "2"}, 2, "industry"),
    ],
)
def test_ownership_is_kept_apart_from_industries(record, level, kind):
    occupation = (
        {"occ_code": "15-2051", "occ_display_level": "3"}
        if "industry_code" in record
        else {"OCC_CODE": "15-2051", "O_GROUP": "detailed"}
    )
    row = OewsNormaliser()({**occupation, **record, "A_MEAN": "100000"})
    assert not isinstance(row, Rejection)
    assert (row["industry_level"], row["industry_kind"]) == (level, kind)


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"AREA_TYPE": "2", "AREA_TITLE": "Alabama", "I_GROUP": "cross-industry"}, "not a national estimate"),
        ({"I_GROUP": "sector", "O_GROUP": "galaxy"}, "o_group"),
        ({"I_GROUP": "sector", "A_MEAN": "inf"}, "a_mean"),
    ],
)
def test_official_rows_that_cannot_be_used_are_rejected_with_the_reason(record, reason):
    row = OewsNormaliser()({"OCC_CODE": "15-2051", "NAICS": "52", "O_GROUP": "detailed", **record})
    assert isinstance(row, Rejection) and reason in row.reason


@pytest.mark.parametrize(
    ("name", "year"),
    [
        ("oews/natsector_M2022_dl.xlsx", 2022),
        ("oews/nat4d_M2019_dl.xlsx", 2019),
        ("oews/oews_may2025_national_industry.csv", 2025),
        ("oews/2023/national_dl.xlsx", None),
        ("oews/wages.csv", None),
    ],
)
def test_release_year_is_read_from_the_file_name(name, year):
    assert release_year(name) == year


@pytest.mark.parametrize(
    ("naics", "level", "kind"),
    [
        ("000000", 0, "cross_industry"),
        ("000001", 1, "ownership"),
        ("52", 2, "industry"),
        (31, 2, "industry"),
        ("31-33", 2, "industry"),
        ("31--34", 2, "industry"),
        ("520000", 2, "industry"),
        ("541000", 3, "industry"),
        ("541500", 4, "industry"),
        ("541510", 5, "industry"),
        ("611102", 5, "ownership"),
        ("3250A1", 4, "industry"),
    ],
)
def test_an_older_industry_file_without_i_group_takes_the_level_from_the_naics_code(naics, level, kind):
    """Before 2019 the industry files had a NAICS column but no I_GROUP: taking every row as
    cross-industry made a sector's row the national figure."""
    record = {"OCC_CODE": "15-2051", "OCC_GROUP": "detailed", "NAICS": naics, "A_MEAN": "100000"}
    row = OewsNormaliser("oews/natsector_M2016_dl.csv")(record)
    assert not isinstance(row, Rejection)
    assert (row["industry_level"], row["industry_kind"]) == (level, kind)


@pytest.mark.parametrize("naics", ["", "5X", "1234567"])
def test_an_older_industry_code_of_no_known_shape_is_rejected_with_the_reason(naics):
    row = OewsNormaliser()({"OCC_CODE": "15-2051", "OCC_GROUP": "detailed", "NAICS": naics, "A_MEAN": "1"})
    assert isinstance(row, Rejection)
    assert ("industry level unknown" in row.reason) if naics else ("industry code" in row.reason)
