"""Occupation pages: figures against the marts, withheld figures, the comparison sentences, and the
rendering in headless Chromium (offline, phone width, screenshots)."""

import json
import re
from pathlib import Path

import duckdb
import pytest

from pipelines.publish.charts import Series, grouped_bars
from pipelines.publish.pages import (
    ONET_ATTRIBUTION,
    _education_section,
    comparison_sentences,
    money,
    pct,
    write_occupation_pages,
)
from tests.browser import ARTIFACTS, contacted_hosts, dump_dom, requires_chromium, screenshot
from tests.marts.test_marts import build_fixture_marts

# Columns the page footer reads that the marts fixture does not need.
SOURCE_COLUMNS = """
alter table staging.postings add column date_posted date default date '2026-03-01';
alter table staging.resumes add column work_end_date date;
alter table staging.onet_occupations add column source_file varchar default 'onet/Occupation Data.txt';
alter table staging.oews_wages add column source_file varchar default 'oews/national.csv';
"""


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("pages")
    con = build_fixture_marts(base / "m.duckdb")
    con.execute(SOURCE_COLUMNS)
    summary = write_occupation_pages(con, base / "site", min_docs=3, min_salary_n=2)
    con.close()
    assert summary.pages == 1 and summary.occupations_without_page == 2
    return base / "site"


def test_pages_only_for_occupations_with_enough_documents(fixture_site: Path):
    # 15-2051.00 has 4 resumes and 4 postings; 15-1252.00 has 2 resumes; 29-1141.00 none
    assert sorted(p.name for p in fixture_site.iterdir()) == ["15-2051.00.html", "index.html"]
    index = (fixture_site / "index.html").read_text(encoding="utf-8")
    assert 'href="15-2051.00.html"' in index and "15-1252.00" not in index
    assert "2 other occupations have fewer than 3 resumes" in index
    assert '<option value="Computer and Mathematical Occupations">' in index


def test_page_figures_come_from_the_marts_and_withheld_ones_are_absent(fixture_site: Path):
    page = (fixture_site / "15-2051.00.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page)
    # skills: Python on 3 of 4 resumes, Wilson 95% interval 30.1% to 95.4%, with its example bullet
    assert "75.0% of Data Scientists list Python on their resumes (n = 4 resumes)" in text
    assert "30.1% to 95.4%" in text and "3 of 4" in text and "Built models in Python 3." in text
    # salary: the OEWS and the posting top-paying industries
    assert "they earn the most in Information, $130,000 on average" in text
    assert "highest advertised pay is in Finance and Insurance, $110,000 on average (n = 2 postings)" in text
    # the Information posting mean rests on 1 posting (< 2): withheld, and said so
    assert "$90,000" not in text
    assert "Job postings: 1 industry withheld, each with fewer than 2 postings stating a salary." in text
    # education from resumes (n = 3) and O*NET
    assert "66.7% (20.8% to 93.9%)" in text and "45.0% (27.5% to 63.8%)" in text
    # responsibilities, scrubbed of the URL
    assert "Presented findings to the executive team every quarter!" in text and "www.example" not in text
    # the related occupation has no page, so it is named without a link
    assert "Software Developers are paid $25,000 more on average (BLS OEWS national means)" in text
    # Software Developers: 2 resumes state a level, below the minimum of 3
    assert (
        "Their education is not compared: fewer than 3 resumes state a level (resumes stating a level: 3 and 2)."
        in text
    )
    assert "Both list Python." in text
    assert ONET_ATTRIBUTION.replace("&reg;", "®") in text.replace("&reg;", "®")
    assert "Built " in text and "postings/jobs.csv" in text and "2026-03-01 to 2026-03-01" in text
    # self-contained: nothing is fetched
    assert not re.search(r"(src=|url\(|@import|https?://)", page)


def test_a_cross_industry_oews_file_alone_gives_the_national_figure_and_says_no_breakdown_exists(
    tmp_path: Path,
):
    con = build_fixture_marts(tmp_path / "m.duckdb")
    con.execute(SOURCE_COLUMNS)
    # what a national_M20xx_dl.xlsx alone gives: cross-industry rows only
    con.execute("delete from staging.oews_wages where industry_kind != 'cross_industry'")
    con.execute("delete from marts.salary_by_industry where source = 'oews'")
    con.execute("delete from marts.top_paying_industry where source = 'oews'")
    write_occupation_pages(con, tmp_path / "site", min_docs=3, min_salary_n=2)
    con.close()
    text = re.sub(r"<[^>]+>", "", (tmp_path / "site" / "15-2051.00.html").read_text(encoding="utf-8"))
    assert (
        "BLS OEWS: the OEWS files read give no industry breakdown, only the national figure across all "
        "industries: $110,000 on average (employment 200,000)." in text
    )


def test_the_national_figure_is_not_shown_when_oews_has_an_industry_breakdown(fixture_site: Path):
    assert "no industry breakdown" not in (fixture_site / "15-2051.00.html").read_text(encoding="utf-8")


def _comparison(**changes) -> dict:
    row = {
        "related_code": "15-1212.00",
        "related_title": "Information Security Analysts",
        "similarity": 0.42,
        "salary_delta": -54726.0,
        "salary_source": "oews",
        "master_delta_pp": -1.1,
        "doctoral_delta_pp": -3.1,
        "master_delta_significant": True,
        "doctoral_delta_significant": True,
        "shared_skills": ["Oversight", "Risk Management"],
        "distinctive_skills": ["Budgeting"],
        "related_distinctive_skills": ["Splunk", "Nessus"],
        "education_n": 120,
        "related_education_n": 95,
    }
    return {**row, **changes}


def test_comparison_sentences_read_like_a_profile():
    text = comparison_sentences("Chief Executives", _comparison(), has_page=True, min_docs=30)
    assert text.startswith(
        '<a href="15-1212.00.html">Information Security Analysts</a> are paid $54,726 less'
    )
    assert "(BLS OEWS national means)" in text
    assert (
        "They are 1.1 percentage points less likely to hold a Master's degree and 3.1 percentage points less"
        in text
    )
    assert "Both list Oversight and Risk Management." in text
    assert "More typical of Chief Executives: Budgeting." in text
    assert "More typical of Information Security Analysts: Splunk and Nessus." in text
    assert "(resumes stating a level: 120 and 95)" in text


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"master_delta_significant": False, "doctoral_delta_significant": False},
            "They have similar levels of education (Master's -1.1 pp, Doctoral -3.1 pp",
        ),
        (
            {"doctoral_delta_significant": False},
            "otherwise similar levels of education (Doctoral -3.1 pp, not significant)",
        ),
        ({"master_delta_pp": None}, "Their education cannot be compared"),
        (
            {"education_n": 5},
            "Their education is not compared: fewer than 30 resumes state a level (resumes stating a level: 5 and 95).",
        ),
        ({"salary_delta": None}, "no salary comparison is possible"),
        (
            {"salary_delta": 1200.0, "salary_source": None},
            "are paid $1,200 more on average (one OEWS and one job-posting mean; compare with care)",
        ),
        (
            {"salary_delta": 800.0, "salary_source": "postings"},
            "are paid $800 more on average (job-posting means)",
        ),
        (
            {"shared_skills": [], "distinctive_skills": [], "related_distinctive_skills": []},
            "No skill is listed by at least 10% of both. Neither has a skill",
        ),
        ({"shared_skills": ["Budgeting", "Oversight"]}, "Both list Oversight."),
    ],
)
def test_comparison_sentence_variants(changes, expected):
    assert expected in comparison_sentences(
        "Chief Executives", _comparison(**changes), has_page=False, min_docs=30
    )


def test_resume_education_below_the_minimum_is_withheld():
    rows = [
        {
            "source": "resumes",
            "education_level": "master",
            "n": 12,
            "share": 0.25,
            "ci_low": 0.1,
            "ci_high": 0.5,
        },
        {"source": "onet", "education_level": "master", "n": 30, "share": 0.6, "ci_low": 0.4, "ci_high": 0.7},
    ]
    html = _education_section({"title": "Data Scientists"}, rows, min_docs=30)
    assert "25.0%" not in html and "60.0% (40.0% to 70.0%)" in html
    assert (
        "Resume education withheld: 12 resumes of this occupation state a degree, fewer than the minimum of 30."
        in html
    )


def test_bar_chart_writes_missing_values_out():
    svg = grouped_bars("pay", ["Information", "Finance"], [Series("postings", "#000", [100.0, None])], money)
    assert svg.count("<rect") == 2  # legend swatch and one bar
    assert "postings: no figure" in svg and "$100" in svg
    assert 'viewBox="0 0 640' in svg and 'width="100%"' in svg


def _marts(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_sample_pages_match_the_marts(sample_build):
    warehouse, result = sample_build
    assert result.success
    settings = warehouse.settings
    con = duckdb.connect(str(warehouse.layout.warehouse), read_only=True)
    try:
        expected = {
            r[0]
            for r in _marts(
                con,
                f"select occupation_code from marts.occupations where n_resumes >= {settings.min_docs} or n_postings >= {settings.min_docs}",
            )
        }
        top_skill = _marts(
            con,
            "select occupation_code, skill, share, n_docs from marts.skill_prevalence"
            " where source = 'resumes' and not suppressed qualify row_number() over (partition by occupation_code order by rank, skill) = 1",
        )
        top_paying = _marts(
            con, "select occupation_code, source, industry, mean_annual from marts.top_paying_industry"
        )
        withheld = _marts(
            con,
            "select occupation_code, mean_annual from marts.salary_by_industry where suppressed and mean_annual is not null",
        )
    finally:
        con.close()
    pages = {p.stem for p in warehouse.layout.pages_dir.glob("*.html")} - {"index"}
    assert pages == expected and 0 < len(pages) < 24
    for code, skill, share, n in top_skill:
        if code in pages:
            text = re.sub(
                r"<[^>]+>", "", (warehouse.layout.pages_dir / f"{code}.html").read_text(encoding="utf-8")
            )
            assert f"{pct(share)} of " in text and f"list {skill} on their resumes (n = {n} resumes)" in text
    for code, source, industry, mean in top_paying:
        if code in pages:
            page = (warehouse.layout.pages_dir / f"{code}.html").read_text(encoding="utf-8")
            assert f"{industry}, {money(mean)} on average" in page.replace("&amp;", "&"), (code, source)
    shown_means = {}
    for code, mean in withheld:
        if code in pages:
            page = (warehouse.layout.pages_dir / f"{code}.html").read_text(encoding="utf-8")
            shown_means[code, mean] = f">{money(mean)}<" in page
    assert not any(shown_means.values())


@requires_chromium
def test_sample_page_renders_offline_on_a_phone_with_the_mart_figures(sample_build, tmp_path: Path):
    warehouse, _ = sample_build
    settings = warehouse.settings
    con = duckdb.connect(str(warehouse.layout.warehouse), read_only=True)
    try:
        code, title, industry, mean = _marts(
            con,
            "select o.occupation_code, o.title, t.industry, t.mean_annual from marts.top_paying_industry as t"
            " join marts.occupations as o using (occupation_code) where t.source = 'oews'"
            f" and (o.n_resumes >= {settings.min_docs} or o.n_postings >= {settings.min_docs}) order by o.n_resumes desc limit 1",
        )[0]
        group, in_group = _marts(
            con,
            "select occupation_group, count(*) from marts.occupations where occupation_group ="
            f" (select occupation_group from marts.occupations where occupation_code = '{code}')"
            f" and (n_resumes >= {settings.min_docs} or n_postings >= {settings.min_docs}) group by 1",
        )[0]
        skill, share = _marts(
            con,
            f"select skill, share from marts.skill_prevalence where occupation_code = '{code}' and source = 'resumes'"
            " and not suppressed order by rank, skill limit 1",
        )[0]
    finally:
        con.close()
    page = warehouse.layout.pages_dir / f"{code}.html"
    profile = tmp_path / "profile"
    dom = dump_dom(page.as_uri(), profile)
    assert f"<h1>{title}</h1>" in dom
    assert f"they earn the most in {industry}, {money(mean)} on average" in dom.replace("&amp;", "&")
    assert f"{pct(share)} of {title} list {skill} on their resumes" in dom
    assert contacted_hosts(page.as_uri(), profile, tmp_path) == set()
    # phone width: Chromium windows are at least 500 px wide, so the body is pinned to a 360 px phone
    # viewport and must not overflow it (wide tables scroll inside their own box)
    probe = tmp_path / "probe.html"
    probe.write_text(
        page.read_text(encoding="utf-8").replace(
            "</body>",
            "<style>body{width:360px}</style>"
            "<script>document.body.dataset.width=document.body.scrollWidth</script></body>",
        ),
        encoding="utf-8",
    )
    width = re.search(r'data-width="(\d+)"', dump_dom(probe.as_uri(), profile, window="500,800"))
    assert width is not None and int(width.group(1)) <= 360
    # the index filters by search text and by group in the browser
    index = warehouse.layout.pages_dir / "index.html"
    assert f'href="{code}.html"' in dump_dom(index.as_uri(), profile)
    probe = tmp_path / "index-probe.html"
    probe.write_text(
        index.read_text(encoding="utf-8").replace(
            "</body>",
            "<script>q.value=" + json.dumps(code) + ";q.dispatchEvent(new Event('input'));"
            "document.body.dataset.bysearch=count.textContent;q.value='';"
            "g.value=" + json.dumps(group) + ";g.dispatchEvent(new Event('change'));"
            "document.body.dataset.bygroup=count.textContent</script></body>",
        ),
        encoding="utf-8",
    )
    filtered = dump_dom(probe.as_uri(), profile)
    assert 'data-bysearch="1"' in filtered and f'data-bygroup="{in_group}"' in filtered
    for name, target, window in (
        ("occupation-page.png", page, "1280,2400"),
        ("occupation-page-narrow.png", page, "500,2400"),
        ("occupation-index.png", index, "1280,1000"),
    ):
        assert screenshot(target.as_uri(), profile, ARTIFACTS / name, window).stat().st_size > 10_000


def test_site_check_finds_missing_stale_unattributed_and_leaky_pages(tmp_path: Path):
    from pipelines.publish.pages import site_problems

    con = build_fixture_marts(tmp_path / "m.duckdb")
    con.execute(SOURCE_COLUMNS)
    site = tmp_path / "site"
    write_occupation_pages(con, site, min_docs=3, min_salary_n=2)
    assert site_problems(con, site, min_docs=3) == []
    page = site / "15-2051.00.html"
    page.write_text(
        page.read_text(encoding="utf-8")
        .replace("CC BY 4.0", "")
        .replace("</body>", '<img src="https://x.example/p.png"></body>')
    )
    (site / "29-1141.00.html").write_text("<p>stale</p>")
    assert site_problems(con, site, min_docs=3) == [
        "stale page 29-1141.00",
        "15-2051.00: no O*NET attribution",
        "15-2051.00: refers to an external resource",
    ]
    page.unlink()
    assert site_problems(con, site, min_docs=3)[0] == "missing page 15-2051.00"
    con.close()
