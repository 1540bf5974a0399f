"""End to end on files shaped like real-world downloads and exports (all written by the tests): the
official OEWS workbooks beside the flattened file, schema.org JobPosting in a saved page, title-only
listings, a matched-job resume export, GBK mojibake, and every hostile case of a fault-injection run
(links out of the raw folder, a gzip bomb, deep nesting, NUL bytes, invisible text, unclosed quotes,
empty files, impossible salaries and dates); the build's checks, quarantine and reconciliation."""

import gzip
import json
from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import build_definitions
from pipelines.sample.generate import generate
from pipelines.settings import Settings
from pipelines.warehouse.resource import Warehouse
from tests.reference.oews_workbooks import national_rows, natsector_rows, write_workbook
from tests.test_pipeline import _query

DEEP = "[" * 1000 + "]" * 1000


def _write_resumes(raw: Path, outside: Path) -> None:
    folder = raw / "resumes"
    (outside / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (folder / "passwd.txt").symlink_to(outside / "passwd")
    (folder / "gone.txt").symlink_to(outside / "deleted.txt")
    (folder / "loop_a.txt").symlink_to(folder / "loop_b.txt")
    (folder / "loop_b.txt").symlink_to(folder / "loop_a.txt")
    # 7 KB that expand to one 3 MB resume, past the default record limit of 2 MB
    (folder / "bomb.txt.gz").write_bytes(gzip.compress(b"Data scientist. " * 200_000))
    (folder / "deep.json").write_text(DEEP)
    (folder / "deep.jsonl").write_text(
        json.dumps({"basics": {"label": "Data Scientist"}, "skills": ["Python"]})
        + "\n"
        + '{"basics": {"label": "Nurse"}, "work": '
        + DEEP
        + "}\n"
    )
    (folder / "nul.csv").write_bytes(
        b"Category,Resume\n" + b"HR,Recruiter for tech roles\n" * 45_000 + b"HR,\x00\n"
    )
    (folder / "invisible.txt").write_text("\u200b\u200c\u200d\ufeff\u2060\n")
    (folder / "empty.csv").write_bytes(b"")
    (folder / "unclosed.csv").write_text(
        'Category,Resume\nData Science,"Python, SQL and Spark\nHR,"Recruiter with five years in hiring"\n'
        'Sales,"Account executive for B2B software"\n'
    )
    (folder / "deep_cell.csv").write_text(f'Category,Resume,skills\nWelding,"TIG welder",{DEEP}\n')
    ad = "Technical Support\nTroubleshooting customer networks\n"
    with (folder / "resume_data.csv").open("w", encoding="utf-8") as fh:
        fh.write(
            "career_objective,skills,degree_names,positions,start_dates,end_dates,responsibilities,"
            "\ufeffjob_position_name,responsibilities.1,skills_required,matched_score\n"
        )
        fh.write(
            f'"Network engineer","[\'Cisco\']","[\'BE\']","[\'Network Engineer\']","[\'Jan 2020\']",'
            f'"[\'2024-09-31\']","{ad}","Senior Software Engineer","{ad}","Kubernetes",0.85\n'
        )
    gbk = "Data engineer. I’m fluent in “Spark” – and Python • SQL".encode().decode("gbk", errors="replace")
    (folder / "gbk_export.csv").write_text(f'Category,Resume\nData Science,"{gbk}"\n', encoding="utf-8")


def _write_postings(raw: Path) -> None:
    folder = raw / "postings"
    page = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "ACME careers"},
            {
                "@type": "JobPosting",
                "name": "Data Scientist",
                "description": "Model churn in Python.\nPresent results.",
                "hiringOrganization": {"@type": "Organization", "name": "ACME"},
                "datePosted": "2026-03-02",
                "baseSalary": {
                    "@type": "MonetaryAmount",
                    "currency": "USD",
                    "value": {
                        "@type": "QuantitativeValue",
                        "minValue": 120000,
                        "maxValue": 140000,
                        "unitText": "YEAR",
                    },
                },
            },
        ],
    }
    text = json.dumps(page, indent=1).replace(
        "\\n", "\n"
    )  # raw line breaks inside strings, as pages have them
    text = text.replace('"ACME careers"', '"ACME careers",')  # and a trailing comma
    (folder / "acme-data-scientist.html").write_text(
        f'<html><head><script type="application/ld+json">\n<!--\n{text}\n-->\n</script></head></html>'
    )
    (folder / "salary_survey.csv").write_text(
        "work_year,job_title,salary,salary_currency,salary_in_usd,company_location\n"
        "2024,Data Scientist,120000,USD,120000,US\n2024,Data Scientist,95000,EUR,102000,DE\n"
    )
    (folder / "linkedin_postings.csv").write_text(
        "job_id,title,company_name,min_salary,max_salary,pay_period,currency,listed_time\n"
        "1,Data Scientist,ACME,4000,5000,BIWEEKLY,USD,1713540000000.0\n"
        "2,Data Scientist,Initech,30000,32000,QUARTERLY,USD,1.71354E+12\n"
    )
    rows = [
        ("1e309", "2026-01-05"),
        ("$1e309", "2026-01-05"),
        ("1e-309", "2026-01-05"),
        ("$-5", "2026-01-05"),
        ("-$50,000", "2026-01-05"),
        ("$100K-$50K", "2026-01-05"),
        ("$90K-$110K", "1900-01-01"),
        ("$90K-$110K", "9999-12-31"),
        ("$95K-$115K", "2024-09-31"),
    ]
    with (folder / "hostile.jsonl").open("w") as fh:
        for i, (salary, date) in enumerate(rows):
            fh.write(
                json.dumps(
                    {
                        "@type": "JobPosting",
                        "title": "Data Scientist",
                        "description": f"Posting {i}",
                        "baseSalary": salary,
                        "datePosted": date,
                    }
                )
                + "\n"
            )


@pytest.fixture(scope="module")
def real_layouts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Warehouse, dg.ExecuteInProcessResult]:
    raw = tmp_path_factory.mktemp("raw")
    generate(raw, resumes=120, postings=120, with_defects=False)
    # The sample's flattened file has no year in its name; official workbooks of 2022 sit beside it.
    write_workbook(raw / "oews" / "natsector_M2022_dl.xlsx", natsector_rows())
    write_workbook(raw / "oews" / "national_M2022_dl.xlsx", national_rows())
    _write_resumes(raw, tmp_path_factory.mktemp("outside"))
    _write_postings(raw)
    warehouse = Warehouse(
        settings=Settings(
            raw_dir=str(raw), warehouse=str(tmp_path_factory.mktemp("wh") / "w.duckdb"), batch_size=50
        )
    )
    result = (
        build_definitions(warehouse)
        .resolve_job_def("refresh_warehouse")
        .execute_in_process(raise_on_error=False)
    )
    return warehouse, result


def test_the_build_passes_every_check(real_layouts):
    _, result = real_layouts
    assert result.success
    failed = [e.check_name for e in result.get_asset_check_evaluations() if not e.passed]
    assert failed == []


def test_official_workbooks_are_used_and_their_twins_and_older_releases_listed(real_layouts):
    warehouse, _ = real_layouts
    # the dated 2022 workbooks are newer than the undated sample file at levels 0 and 2
    assert _query(
        warehouse,
        "select industry_level, list(distinct source_file order by source_file) from staging.oews_wages group by all order by 1",
    ) == [(0, ["oews/national_M2022_dl.xlsx"]), (2, ["oews/natsector_M2022_dl.xlsx"])]
    assert _query(
        warehouse,
        "select occupation_group, is_aggregate from staging.oews_wages"
        " where soc_code = '13-1020' and naics_code = '52'",
    ) == [("detailed", False)]
    reasons = _query(
        warehouse,
        "select source_file, reason, count(*) from audit.duplicate_records where source = 'oews_wages'"
        " group by all order by all",
    )
    assert (
        "oews/national_M2022_dl.xlsx",
        "the same estimate published as broad and as detailed occupation",
        1,
    ) in reasons
    assert (
        "oews/natsector_M2022_dl.xlsx",
        "the same estimate published as broad and as detailed occupation",
        3,
    ) in reasons
    assert any(
        f.startswith("oews/oews_sample") and r.startswith("superseded by the 2022 release")
        for f, r, _ in reasons
    )
    assert _query(
        warehouse,
        "select count(*) from audit.file_reconciliation where source = 'oews_wages' and not reconciles",
    ) == [(0,)]


def test_the_top_paying_industry_is_an_industry(real_layouts):
    warehouse, _ = real_layouts
    rows = _query(
        warehouse,
        "select t.industry_code, w.industry_kind from marts.top_paying_industry as t"
        " join staging.oews_wages as w on w.naics_code = t.industry_code and w.soc_code = left(t.occupation_code, 7)"
        " where t.source = 'oews'",
    )
    assert rows and {kind for _, kind in rows} == {"industry"}
    # Manufacturing, written 31 in the workbook, is the sector postings map to
    assert _query(
        warehouse,
        "select distinct industry_code from marts.salary_by_industry where industry = 'Manufacturing'",
    ) == [("31-33",)]


def _one(warehouse: Warehouse, sql: str):
    (row,) = _query(warehouse, sql)
    return row


def test_every_file_reconciles_and_bad_files_are_listed_with_their_reason(real_layouts):
    warehouse, _ = real_layouts
    assert _one(warehouse, "select count(*) from audit.file_reconciliation where not reconciles") == (0,)
    reasons = dict(_query(warehouse, "select source_file, reason from quarantine.rejected_files"))
    assert (
        reasons["resumes/passwd.txt"].startswith("symbolic link to ")
        and "outside the raw directory" in reasons["resumes/passwd.txt"]
    )
    assert reasons["resumes/gone.txt"].startswith("dangling symbolic link")
    assert reasons["resumes/loop_a.txt"] == reasons["resumes/loop_b.txt"] == "symbolic link loop"
    assert "nested more than 64 levels" in reasons["resumes/deep.json"]
    assert "NUL byte" in reasons["resumes/nul.csv"]
    assert reasons["resumes/empty.csv"] == "empty file (0 bytes)"
    assert _one(warehouse, "select count(*) from staging.resumes where text like '%root:x%'") == (0,)


def test_bad_records_are_quarantined_with_their_reason(real_layouts):
    warehouse, _ = real_layouts
    rows = _query(
        warehouse,
        "select source_file, reason from quarantine.rejected_records where source = 'resumes' order by all",
    )
    reasons = {f: r for f, r in rows}
    assert "larger than the limit of 2,000,000" in reasons["resumes/bomb.txt.gz"]
    assert "nested more than 64 levels" in reasons["resumes/deep.jsonl"]
    assert "only invisible characters" in reasons["resumes/invisible.txt"]
    assert "unclosed quote" in reasons["resumes/unclosed.csv"]
    # the row after the merged one is read; the list nested 1,000 deep costs the welder only a value
    assert _one(
        warehouse, "select count(*) from staging.resumes where source_file = 'resumes/unclosed.csv'"
    ) == (1,)
    assert _one(
        warehouse, "select count(*) from staging.resumes where source_file = 'resumes/deep_cell.csv'"
    ) == (1,)


def test_values_that_cannot_be_used_are_listed_and_their_records_kept(real_layouts):
    warehouse, _ = real_layouts
    values = _query(
        warehouse,
        "select field, raw_value, reason from quarantine.rejected_values where source_file = 'postings/hostile.jsonl'",
    )
    by_value = {(f, v): r for f, v, r in values}
    for salary in ("1e309", "$1e309", "1e-309"):
        assert "exponent notation" in by_value[("salary", salary)]
    assert "negative" in by_value[("salary", "$-5")] and "negative" in by_value[("salary", "-$50,000")]
    assert "inverted range" in by_value[("salary", "$100K-$50K")]
    assert "implausible date" in by_value[("datePosted", "1900-01-01")]
    assert "implausible date" in by_value[("datePosted", "9999-12-31")]
    assert "unreadable date" in by_value[("datePosted", "2024-09-31")]
    assert _one(
        warehouse,
        "select count(*), count(salary_annual) from staging.postings where source_file = 'postings/hostile.jsonl'",
    ) == (9, 3)
    first, last = _one(warehouse, "select min(date_posted), max(date_posted) from staging.postings")
    assert first.year >= 1995 and last.year <= 2030
    assert _one(
        warehouse,
        "select field, raw_value from quarantine.rejected_values where source_file = 'resumes/resume_data.csv'",
    ) == ("end_dates[0]", "2024-09-31")
    assert (
        "nested more than 64"
        in _one(
            warehouse,
            "select reason from quarantine.rejected_values where source_file = 'resumes/deep_cell.csv'",
        )[0]
    )


def test_job_postings_from_a_saved_page_listings_without_a_description_and_epoch_dates(real_layouts):
    warehouse, _ = real_layouts
    assert _one(
        warehouse,
        "select title, company, salary_annual, description like '%churn%' from staging.postings"
        " where source_file = 'postings/acme-data-scientist.html'",
    ) == ("Data Scientist", "ACME", 130_000, True)
    survey = _query(
        warehouse,
        "select salary_annual, salary_currency, description from staging.postings"
        " where source_file = 'postings/salary_survey.csv' order by 1",
    )
    assert survey == [(95_000, "EUR", None), (120_000, "USD", None)]
    linkedin = _query(
        warehouse,
        "select salary_period, salary_annual, date_posted::varchar from staging.postings"
        " where source_file = 'postings/linkedin_postings.csv' order by 1",
    )
    assert linkedin == [("BIWEEK", 117_000, "2024-04-19"), ("QUARTER", 124_000, "2024-04-19")]


def test_postings_without_a_description_count_for_salaries_not_for_skill_shares(real_layouts):
    warehouse, _ = real_layouts
    described, all_postings = _one(
        warehouse,
        "select count(*) filter (where description is not null), count(*) from staging.postings"
        " where occupation_code = '15-2051.00'",
    )
    assert all_postings - described == 4  # the survey rows and the LinkedIn listings
    assert _one(
        warehouse,
        "select distinct n_docs from marts.skill_prevalence where occupation_code = '15-2051.00' and source = 'postings'",
    ) == (described,)


def test_resume_content_and_stated_roles(real_layouts):
    warehouse, _ = real_layouts
    text, set_apart, title_source = _one(
        warehouse,
        "select text, set_apart, title_source from staging.resumes where source_file = 'resumes/resume_data.csv'",
    )
    assert "Troubleshooting" not in text and "Kubernetes" not in text and title_source == "position"
    assert json.loads(set_apart)["job_position_name"] == "Senior Software Engineer"
    (gbk,) = _one(warehouse, "select text from staging.resumes where source_file = 'resumes/gbk_export.csv'")
    assert "I’m fluent in “Spark" in gbk and "鈥" not in gbk
    # no role stated in the text: the data set's category names the occupation, and the row says so
    assert _one(
        warehouse,
        "select title, title_source, occupation_code from staging.resumes where source_file = 'resumes/gbk_export.csv'",
    ) == ("Data Science", "category", "15-2051.00")
