"""Occupation pages: figures against the marts, withheld figures, the comparison sentences, and the
rendering in headless Chromium (offline, phone width, screenshots)."""

import json
import re
from pathlib import Path

import duckdb
import pytest

from pipelines.publish.charts import Series, grouped_bars
from pipelines.publish.pages import ONET_ATTRIBUTION, write_occupation_pages
from pipelines.publish.profile import comparison_row, comparison_sentences, education_chart, money, pct
from pipelines.publish.site import requests
from tests.browser import ARTIFACTS, contacted_hosts, dump_dom, requires_chromium, screenshot
from tests.marts.fixture import build_fixture_marts
from tests.publish.fixture import page_sources, page_text


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("pages")
    con = build_fixture_marts(base / "m.duckdb")
    page_sources(con, base / "raw")
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
    text = page_text(page)
    # the profile reads top to bottom
    order = [
        "What they do",
        "Pay",
        "Top skills",
        "Soft skills",
        "Responsibilities",
        "Pay by industry",
        "Education",
        "Types of Data Scientists",
        "Related occupations",
        "Data and method",
    ]
    positions = [page.index(f"<h2>{h}</h2>") for h in order]
    assert positions == sorted(positions)
    # headline pay: postings (2 with a salary) and OEWS national, named with its release and dates
    assert "Job postings, pay stated by the employer, posted 2026-03-01 to 2026-03-01" in text
    assert "BLS OEWS, May 2024" in text and "employment 200,000, all industries" in text
    assert "$110,000 ($104,610 to $115,390)" in text and "$52.88" in text
    # skills: Python on 3 of 4 resumes, Wilson 95% interval 30.1% to 95.4%, its example bullet, by type
    assert "75.0% of Data Scientists list Python on their resumes (n = 4 resumes)" in text
    assert "30.1% to 95.4%" in text and "3 of 4" in text and "Built models in Python" in text
    assert "<h4>Software and technology</h4>" in page
    # responsibilities: resume bullets and O*NET tasks, each labelled
    assert "In the candidates' own words" in text and "Apply statistical methods to data." in text
    assert "Source: O*NET task statements, rated 08/2023." in text
    assert "Presented findings to the executive team every quarter!" in text and "www.example" not in text
    # pay by industry: the OEWS tie at $130,000 is shown, not dropped; one chart, no table repeating it
    assert (
        "they earn the most in Finance and Insurance, $130,000 on average (employment 20,000; tied with "
        "Information)" in text
    )
    assert "the highest pay is in Finance and Insurance, $110,000 on average (n = 2 postings;" in text
    assert "no figure" not in text and page.count("<svg") == 2
    # the Information posting mean rests on 1 posting (< 2): withheld, and said so
    assert "$90,000" not in text
    assert "1 industry withheld (fewer than 2 postings state a salary)" in text
    # education from resumes (n = 3) and O*NET, with intervals, in the chart
    assert "66.7% (20.8% to 93.9%)" in text and "45.0% (27.5% to 63.8%)" in text
    # types of: the titles inside the occupation with counts
    assert "Data Scientist 8" in text
    # the related occupation has no page, so it is named without a link; pay compared like with like
    assert (
        "Software Developers: They are paid $25,000 more on average (BLS OEWS national means; 95% interval"
        in text
    )
    assert (
        "Their education is not compared: fewer than 3 resumes state a level (resumes stating a level: 3 and 2)."
        in text
    )
    assert "Both list Python." in text
    # the table withholds the education differences the sentence withholds
    row = page[page.index('<td class="num">0.') :]
    row = row[: row.index("</tr>")]
    assert " pp" not in row and row.endswith('<td class="num"></td><td class="num"></td>')
    # O*NET's related occupations are shown while too few occupations have data
    assert "Related occupations O*NET names" in text and "Registered Nurses" in text
    assert ONET_ATTRIBUTION.format(database="O*NET 29.2 Database") in text
    assert (
        "O*NET content: the O*NET 29.2 Database, February 2025 Release (as onet/Read Me.txt names it)."
        in text
    )
    assert "O*NET 29.2 Database, February 2025 Release; tasks rated 2023-08 to 2023-08" in text
    # where the postings are, from their locations and the place names of staging.places
    assert (
        "The 4 job postings are located mostly: United States 66.7%, Canada 33.3% (of the 3 whose location"
        " names a known country or US state; within United States: New York 100.0%). Not placed: 1 whose"
        " location names no known place (a city alone, Remote)." in text
    )
    assert (
        "The 7 resumes are located mostly: India 100.0% (of the 1 whose location names a known country or US"
        " state). Not placed: 6 without a location." in text
    )
    assert "postings/jobs.csv" in text and "posted 2026-03-01 to 2026-03-01" in text and "May 2024" in text
    assert "are mostly: Computer and Mathematical Occupations" in text
    # self-contained: nothing is fetched
    assert requests(page) == []


def _comparison(**changes) -> dict:
    row = {
        "related_code": "15-1212.00",
        "related_title": "Information Security Analysts",
        "similarity": 0.42,
        "skill_basis": "postings",
        "salary_delta": -54726.0,
        "salary_source": "oews",
        "salary_delta_low": -61000.0,
        "salary_delta_high": -48000.0,
        "salary_delta_significant": True,
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


def _sentences(**changes) -> str:
    return " ".join(comparison_sentences("Chief Executives", _comparison(**changes), min_docs=30))


def test_comparison_sentences_read_like_a_profile():
    text = _sentences()
    assert text.startswith(
        "They are paid $54,726 less on average (BLS OEWS national means; 95% interval -$61,000 to -$48,000)."
    )
    assert (
        "On resumes: 1.1 percentage points less likely to hold a Master's degree; 3.1 percentage points less"
        in text
    )
    assert "Skills compared on postings: Both list Oversight and Risk Management." in text
    assert "More typical of Chief Executives: Budgeting." in text
    assert "More typical of Information Security Analysts: Splunk and Nessus." in text
    assert "(resumes stating a level: 120 and 95)" in text


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"master_delta_significant": False},
            "Master's degree: -1.1 percentage points, no significant difference (the 95% interval includes 0)",
        ),
        ({"master_delta_pp": None}, "Their education cannot be compared"),
        (
            {"education_n": 5},
            "Their education is not compared: fewer than 30 resumes state a level (resumes stating a level: 5 and 95).",
        ),
        (
            {"salary_delta": None, "salary_source": None},
            "Pay is not compared: the two have no mean pay from the same source.",
        ),
        (
            {
                "salary_delta": 800.0,
                "salary_source": "postings",
                "salary_delta_low": -900.0,
                "salary_delta_high": 2500.0,
                "salary_delta_significant": False,
            },
            "Pay: no significant difference (the 95% interval includes 0); they differ by $800 on average "
            "(employer-stated job-posting pay).",
        ),
        (
            {"shared_skills": [], "distinctive_skills": [], "related_distinctive_skills": []},
            "No skill is listed by at least 10% of both. Neither has a skill",
        ),
        ({"shared_skills": ["Budgeting", "Oversight"]}, "Both list Oversight."),
    ],
)
def test_comparison_sentence_variants(changes, expected):
    assert expected in _sentences(**changes)


def test_no_sentence_calls_a_difference_similar():
    assert "similar" not in _sentences(master_delta_significant=False, doctoral_delta_significant=False)


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
    svg, notes = education_chart("Data Scientists", rows, min_docs=30)
    assert svg is not None and "25.0%" not in svg and "60.0% (40.0% to 70.0%)" in svg
    assert notes == [
        "Resume education withheld: 12 resumes of this occupation state a level, fewer than the minimum of 30."
    ]


def test_bar_chart_leaves_missing_values_out():
    svg = grouped_bars(
        "pay",
        ["Information", "Finance"],
        [Series("postings", "#000", [100.0, None], [(90.0, 110.0), None])],
        money,
    )
    assert svg.count("<rect") == 2  # legend swatch and one bar
    assert "no figure" not in svg and "$100 ($90 to $110)" in svg and "<path" in svg
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
            " where source = 'resumes' and not suppressed and not withheld and skill_type <> 'soft'"
            " qualify row_number() over (partition by occupation_code order by rank, skill) = 1",
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
            # the industry section; a headline median may equal a withheld cell's mean by chance
            section = page[page.index('<section id="industry">') :]
            section = section[: section.index("</section>")]
            shown_means[code, mean] = money(mean) in section
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
            " and not suppressed and not withheld and skill_type <> 'soft' order by rank, skill limit 1",
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
    phone = tmp_path / "phone.html"
    phone.write_text(
        page.read_text(encoding="utf-8").replace(
            "</body>",
            "<style>body{width:360px}</style>"
            "<script>document.body.dataset.width=document.body.scrollWidth</script></body>",
        ),
        encoding="utf-8",
    )
    width = re.search(r'data-width="(\d+)"', dump_dom(phone.as_uri(), profile, window="500,800"))
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
        ("occupation-page-phone.png", phone, "500,2400"),
        ("occupation-index.png", index, "1280,1000"),
    ):
        assert screenshot(target.as_uri(), profile, ARTIFACTS / name, window).stat().st_size > 10_000


def test_ties_at_a_cut_off_are_shown_not_dropped(tmp_path: Path):
    from pipelines.publish.pages import query

    con = build_fixture_marts(tmp_path / "m.duckdb")
    # Software Developers' two titles are carried by one document each: one place, both shown
    titles = [
        r["title"] for r in query(con, "titles", {"top_titles": 1}) if r["occupation_code"] == "15-1252.00"
    ]
    assert titles == ["Java Developer", "Software Engineer"]
    con.close()


def test_an_oews_top_paying_industry_without_an_employment_figure_is_named_without_one(tmp_path: Path):
    # every 1M-document build with the real releases failed here with a TypeError
    con = build_fixture_marts(tmp_path / "m.duckdb")
    page_sources(con, tmp_path / "raw")
    con.execute("update marts.salary_by_industry set employment = null where source = 'oews'")
    con.execute("update marts.top_paying_industry set n = null where source = 'oews'")
    write_occupation_pages(con, tmp_path / "site", min_docs=3, min_salary_n=2)
    con.close()
    text = page_text((tmp_path / "site" / "15-2051.00.html").read_text(encoding="utf-8"))
    assert re.search(r"they earn the most in \w[^,]*, \$[\d,]+ on average \(employment not released;", text)


def test_posting_skills_are_withheld_by_the_postings_with_text_not_all_postings():
    from pipelines.publish.pages import _skills

    # 50 postings map here but only 2 have a description to find skills in: withheld, not "none found"
    occ = {"title": "Actuaries", "n_resumes": 0, "n_postings": 50, "n_postings_with_text": 2}
    resumes, postings = _skills(occ, [], min_docs=30)
    assert resumes["absent"] == "No resume maps to this occupation." and not resumes["withheld"]
    assert postings["withheld"]
    assert (
        postings["absent"]
        == "Shares from job postings withheld: 2 job postings with text, fewer than the minimum of 30."
    )
    postings = _skills({**occ, "n_postings_with_text": 40}, [], min_docs=30)[1]
    assert not postings["withheld"] and postings["absent"] == "No skill was found in these job postings."


def test_the_comparison_table_marks_and_withholds_what_the_sentences_do():
    row = comparison_row(_comparison(), min_docs=30)
    assert row == {
        "similarity": "0.42 (postings)",
        "pay": "-$54,726",
        "master": "-1.1 pp",
        "doctoral": "-3.1 pp",
    }
    assert comparison_row(_comparison(master_delta_significant=False), 30)["master"].endswith(
        "(not significant)"
    )
    assert comparison_row(_comparison(related_education_n=20), 30)["master"] == ""
    assert comparison_row(_comparison(related_education_n=20), 30)["doctoral"] == ""


def test_soft_skills_say_when_onet_rates_no_work_style_of_the_occupation(tmp_path: Path):
    con = build_fixture_marts(tmp_path / "m.duckdb")
    page_sources(con, tmp_path / "raw")
    # Teamwork on 1 of the 4 resumes is shown (the fixture's minimum withholds it), then unrated
    con.execute(
        "update marts.soft_skills set resumes_suppressed = false where occupation_code = '15-2051.00'"
    )
    notice = "O*NET rates no Work Style of this occupation"
    for rated in (True, False):
        if not rated:
            con.execute("update marts.soft_skills set onet_importance = null")
        write_occupation_pages(con, tmp_path / "site", min_docs=3, min_salary_n=2)
        text = page_text((tmp_path / "site" / "15-2051.00.html").read_text(encoding="utf-8"))
        assert (notice in text) is not rated and ("4.2 (Cooperation)" in text) is rated
    con.close()
