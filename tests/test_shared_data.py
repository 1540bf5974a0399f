"""The real public data in ../shared/data: every file loads and the counts reconcile."""

from pathlib import Path

import duckdb
import pytest

from pipelines.definitions import build_definitions
from pipelines.settings import Settings
from pipelines.warehouse.resource import Warehouse
from tests.conftest import SHARED_DATA, requires_shared

pytestmark = [requires_shared, pytest.mark.shared]


@pytest.fixture(scope="module")
def shared_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("shared") / "shared.duckdb"
    warehouse = Warehouse(settings=Settings(raw_dir=str(SHARED_DATA), warehouse=str(path), batch_size=20_000))
    result = (
        build_definitions(warehouse)
        .resolve_job_def("refresh_warehouse")
        .execute_in_process(raise_on_error=False)
    )
    assert result.success
    assert all(e.passed for e in result.get_asset_check_evaluations())
    return path


def _rows(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _one(path: Path, sql: str):
    return _rows(path, sql)[0]


def test_reference_counts(shared_warehouse: Path):
    assert _one(shared_warehouse, "select count(*) from staging.onet_occupations") == (1016,)
    assert _one(shared_warehouse, "select count(*) from staging.onet_alternate_titles") == (56560,)
    assert _one(shared_warehouse, "select count(*) from staging.oews_wages") == (134477,)
    assert _one(shared_warehouse, "select count(*) from staging.onet_technology_skills") == (32627,)


def test_documents_load_and_reconcile(shared_warehouse: Path):
    read, dups = _one(
        shared_warehouse,
        "select records_read, duplicates from audit.file_reconciliation where source_file = 'resumes/UpdatedResumeDataSet.csv'",
    )
    assert read == 962 and dups >= 795
    # the export pairs each resume with several job ads: read without the ads, 8 resumes repeat
    assert _one(
        shared_warehouse,
        "select records_read, accepted, duplicates from audit.file_reconciliation where source_file = 'resumes/resume_data_structured_sample.csv'",
    ) == (97, 89, 8)
    assert _one(
        shared_warehouse, "select records_read from audit.file_reconciliation where source = 'postings'"
    ) == (956,)
    assert _one(shared_warehouse, "select count(*) from audit.file_reconciliation where not reconciles") == (
        0,
    )
    assert _one(
        shared_warehouse, "select count(*) from staging.resumes where text like '%Ã¯%' or text like '%â€%'"
    ) == (0,)


def test_top_paying_industry_agrees_with_bls(shared_warehouse: Path):
    """Recomputed from the BLS file with plain Python: highest sector-level mean among the cells that
    are shown (employment at least 50, relative standard error of the mean at most 30%) and among
    industries: the level-2 rows that stand for an ownership ("Federal Government, including the U.S.
    Postal Service") overlap the sectors and are no industry. Tied industries are listed beside it."""
    import csv
    import re

    best: dict[str, tuple[float, float, str]] = {}
    with (SHARED_DATA / "oews" / "oews_may2025_national_industry.csv").open(
        encoding="utf-8", newline=""
    ) as fh:
        for row in csv.DictReader(fh):
            if row["industry_display_level"] != "2" or not row["a_mean"]:
                continue
            if re.search(r"including|owned|ownership", row["industry_title"], re.I):
                continue
            if (row["tot_emp"] and float(row["tot_emp"]) < 50) or float(row["mean_prse"] or 0) > 30:
                continue
            mean = float(row["a_mean"])
            if row["occ_code"] not in best or mean > best[row["occ_code"]][0]:
                best[row["occ_code"]] = (mean, 1.0, row["industry_title"])
            elif mean == best[row["occ_code"]][0]:
                best[row["occ_code"]] = (mean, best[row["occ_code"]][1] + 1, row["industry_title"])
    rows = _rows(
        shared_warehouse,
        "select left(occupation_code, 7), mean_annual, len(tied_industries) + 1 from marts.top_paying_industry"
        " where source = 'oews'",
    )
    assert len(rows) > 800
    mismatches = [(soc, mean, k) for soc, mean, k in rows if (mean, k) != best[soc][:2]]
    assert mismatches == []


def test_onet_education_rates_equal_onet_percentages(shared_warehouse: Path):
    import csv

    levels = {
        1: "less_than_high_school",
        2: "high_school",
        3: "some_college",
        4: "some_college",
        5: "associate",
        6: "bachelor",
        7: "bachelor",
        8: "master",
        9: "master",
        10: "professional",
        11: "doctoral",
        12: "doctoral",
    }
    expected: dict[tuple[str, str], float] = {}
    with (SHARED_DATA / "onet" / "Education, Training, and Experience.txt").open(
        encoding="utf-8", newline=""
    ) as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["Scale ID"] == "RL":
                key = (row["O*NET-SOC Code"], levels[int(row["Category"])])
                expected[key] = expected.get(key, 0.0) + float(row["Data Value"]) / 100
    rows = _rows(
        shared_warehouse,
        "select occupation_code, education_level, share from marts.education_rates where source = 'onet'",
    )
    assert len(rows) == len({k[0] for k in expected}) * 8
    assert all(abs(share - expected.get((code, level), 0.0)) < 1e-9 for code, level, share in rows)


def test_pages_for_every_occupation_with_enough_real_documents(shared_warehouse: Path):
    (codes,) = _one(
        shared_warehouse,
        "select list(occupation_code order by occupation_code) from marts.occupations"
        " where n_resumes >= 30 or n_postings >= 30",
    )
    pages_dir = shared_warehouse.parent / "reports" / "occupations"
    assert sorted(p.stem for p in pages_dir.glob("*.html") if p.stem != "index") == codes
    assert codes  # the Glassdoor postings give at least one occupation 30 or more postings
    (industry, mean) = _one(
        shared_warehouse,
        f"select industry, mean_annual from marts.top_paying_industry where source = 'oews' and occupation_code = '{codes[0]}'",
    )
    page = (pages_dir / f"{codes[0]}.html").read_text(encoding="utf-8").replace("&amp;", "&")
    assert f"they earn the most in {industry}, ${mean:,.0f} on average" in page
    assert "CC BY 4.0" in page


def markdown_table(columns: list[str], rows: list[tuple]) -> str:
    """Rows as the README prints them: each value as the duckdb CLI shows it (75.6, 1.0, 209900), so an
    analyst who pastes a query sees the README's figures."""
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def test_the_readme_example_queries_print_what_the_readme_shows(shared_warehouse: Path):
    """The README's example analyst queries run on the real data; their output there is this output."""
    import re

    from pipelines import PROJECT_ROOT

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Example analyst queries")[1].split("\n## ")[0]
    examples = re.findall(r"```sql\n(.*?)```\n\n((?:\|[^\n]*\|\n)+)", section, re.S)
    assert len(examples) >= 3
    con = duckdb.connect(str(shared_warehouse), read_only=True)
    try:
        for sql, shown in examples:
            cursor = con.execute(sql)
            printed = markdown_table([d[0] for d in cursor.description], cursor.fetchall())
            assert printed == shown.strip(), (
                f"the README shows for\n{sql}\n{shown}\nbut the build prints\n{printed}"
            )
    finally:
        con.close()


def test_the_readme_opening_quotes_the_data_scientists_page(shared_warehouse: Path):
    """The sentences the README's first paragraph quotes are on that page of the real-data build."""
    import html
    import re

    from pipelines import PROJECT_ROOT

    opening = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8").split("\n\n")[1]
    quoted = [re.sub(r"\s+", " ", q) for q in re.findall(r'"([^"]+)"', opening)]
    assert len(quoted) >= 2
    page = (shared_warehouse.parent / "reports" / "occupations" / "15-2051.00.html").read_text(
        encoding="utf-8"
    )
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
    assert [q for q in quoted if q not in text] == []
