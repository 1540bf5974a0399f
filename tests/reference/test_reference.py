from pathlib import Path

import pytest

from pipelines.documents.fields import Rejection
from pipelines.reference.oews import OewsNormaliser, naics_code
from pipelines.reference.onet import ONET_FILES

OCCUPATIONS = next(f for f in ONET_FILES if f.table == "onet_occupations")


@pytest.mark.parametrize(
    ("code", "level", "expected"),
    [
        ("52--53", 2, "52"),
        ("31--34", 2, "31-33"),
        ("44--46", 2, "44-45"),
        ("99-100", 2, "99"),
        ("31-33", 2, "31-33"),
        ("520000", 2, "52"),
        ("541500", 4, "5415"),
        ("541510", 5, "54151"),
        ("3250A1", 4, "3250A1"),
        ("000000", 0, "000000"),
    ],
)
def test_naics_code(code, level, expected):
    assert naics_code(code, level) == expected


def test_onet_row_and_bad_code():
    row = OCCUPATIONS(
        {"O*NET-SOC Code": "15-2051.00", "Title": "Data Scientists", "Description": "Develop models."}
    )
    assert row == {
        "occupation_code": "15-2051.00",
        "title": "Data Scientists",
        "description": "Develop models.",
    }
    bad = OCCUPATIONS({"O*NET-SOC Code": "15-2051", "Title": "X", "Description": ""})
    assert isinstance(bad, Rejection) and "O*NET-SOC" in bad.reason
    missing = OCCUPATIONS({"Title": "X"})
    assert isinstance(missing, Rejection) and "missing required field" in missing.reason


def test_oews_flattened_layout_with_footnotes():
    row = OewsNormaliser()(
        {
            "occ_code": "11-1011",
            "occ_title": "Chief Executives",
            "occ_display_level": "3",
            "industry_code": "52--53",
            "industry_title": "Sector 52 - Finance and Insurance",
            "industry_display_level": "2",
            "tot_emp": "12340",
            "a_mean": "",
            "h_mean": "",
            "a_median": "",
            "footnotes": "03:5;04:5;13:5",
        }
    )
    assert row["naics_code"] == "52" and row["industry_level"] == 2 and row["occupation_level"] == 3
    assert row["tot_emp"] == 12340 and row["a_mean"] is None
    assert row["top_coded_columns"] == ["a_mean", "a_median", "h_mean"]


def test_oews_official_layout_markers():
    row = OewsNormaliser()(
        {
            "OCC_CODE": "15-2051",
            "OCC_TITLE": "Data Scientists",
            "O_GROUP": "detailed",
            "NAICS": "52",
            "NAICS_TITLE": "Finance and Insurance",
            "I_GROUP": "sector",
            "TOT_EMP": "21,350",
            "A_MEAN": "128,540",
            "A_MEDIAN": "*",
            "A_PCT90": "#",
            "H_MEAN": 61.8,
        }
    )
    assert row["naics_code"] == "52" and row["industry_level"] == 2 and row["occupation_level"] == 3
    assert row["tot_emp"] == 21350 and row["a_mean"] == 128540 and row["h_mean"] == 61.8
    assert row["top_coded_columns"] == ["a_pct90"]
    assert row["not_released_columns"] == ["a_median"]


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"occ_code": "15-20", "industry_code": "52--53", "industry_display_level": "2"}, "occ_code"),
        ({"OCC_CODE": "15-2051", "NAICS": "52", "I_GROUP": "galaxy"}, "i_group"),
        (
            {
                "occ_code": "15-2051",
                "industry_code": "52--53",
                "industry_display_level": "2",
                "a_mean": "lots",
            },
            "a_mean",
        ),
    ],
)
def test_oews_rejections(record, reason):
    result = OewsNormaliser()(record)
    assert isinstance(result, Rejection) and reason in result.reason


def test_the_soc_direct_match_file_reads_from_the_official_xlsx_with_its_notes_above_the_header(
    tmp_path: Path,
):
    import openpyxl

    from pipelines.ingest.readers import read_records
    from pipelines.reference.onet import SOC_DIRECT_MATCH

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["2018 SOC Direct Match Title File"])
    sheet.append(["Titles that map to exactly one SOC occupation."])
    sheet.append([])
    sheet.append(["2018 SOC Code", "2018 SOC Title", "2018 SOC Direct Match Title", "Illustrative Example"])
    sheet.append(["15-2051", "Data Scientists", "Data Scientist", "x"])
    sheet.append(["15-2051", "Data Scientists", "Data Mining Analyst", None])
    path = tmp_path / SOC_DIRECT_MATCH.file_names[0]
    workbook.save(path)
    rows = [SOC_DIRECT_MATCH(record) for _, record in read_records(path)]
    assert rows == [
        {
            "soc_code": "15-2051",
            "soc_title": "Data Scientists",
            "direct_match_title": "Data Scientist",
            "illustrative_example": True,
        },
        {
            "soc_code": "15-2051",
            "soc_title": "Data Scientists",
            "direct_match_title": "Data Mining Analyst",
            "illustrative_example": False,
        },
    ]
    bad = SOC_DIRECT_MATCH(
        {"2018 SOC Code": "15-2051.00", "2018 SOC Title": "x", "2018 SOC Direct Match Title": "y"}
    )
    assert isinstance(bad, Rejection)


def test_every_release_file_is_reconciled():
    from pipelines import SQL_DIR
    from pipelines.ingest.sources import SOURCES

    sql = (SQL_DIR / "audit" / "file_reconciliation.sql").read_text(encoding="utf-8")
    assert all(f"from staging.{s.name}\n" in sql for s in SOURCES)


def test_a_release_layout_naming_an_unknown_cell_reader_is_refused_by_name():
    from pipelines.reference import onet

    entry = {"folder": "onet", "names": ["X.txt"], "table": "onet_x", "columns": [["Code", "code", "codee"]]}
    with pytest.raises(ValueError, match=r"onet_x\.code is read by 'codee', not one of \[.*'onet_code'"):
        onet._release_file(entry)
