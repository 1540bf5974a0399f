"""The site check (a missing, stale, unattributed or leaky page; requests read from the parsed page)
and the O*NET release every page names."""

from pathlib import Path

import pytest

from pipelines.publish.pages import ONET_ATTRIBUTION, write_occupation_pages
from pipelines.publish.site import requests, site_problems
from tests.marts.fixture import build_fixture_marts
from tests.publish.fixture import page_sources, page_text


def test_site_check_finds_missing_stale_unattributed_and_leaky_pages(tmp_path: Path):
    con = build_fixture_marts(tmp_path / "m.duckdb")
    page_sources(con, tmp_path / "raw")
    site = tmp_path / "site"
    write_occupation_pages(con, site, min_docs=3, min_salary_n=2)
    assert site_problems(con, site, min_docs=3) == []
    page = site / "15-2051.00.html"
    page.write_text(
        page.read_text(encoding="utf-8")
        .replace("O*NET 29.2 Database by", "O*NET Database by")
        .replace("</body>", '<img src="https://x.example/p.png"></body>')
    )
    (site / "29-1141.00.html").write_text("<p>stale</p>")
    assert site_problems(con, site, min_docs=3) == [
        "stale page 29-1141.00",
        "15-2051.00: no O*NET attribution naming the release",
        "15-2051.00: would fetch <img src='https://x.example/p.png'>",
    ]
    page.unlink()
    assert site_problems(con, site, min_docs=3)[0] == "missing page 15-2051.00"
    con.close()


@pytest.mark.parametrize(
    ("markup", "found"),
    [
        ('<img src="p.png">', ["<img src='p.png'>"]),
        ('<img srcset="a.png 1x, b.png 2x">', ["<img srcset='a.png 1x, b.png 2x'>"]),
        (
            '<link rel="stylesheet" href="https://cdn.example.org/x.css">',
            ["<link href='https://cdn.example.org/x.css'>"],
        ),
        ("<style>body{background:url(bg.png)}</style>", ["<style> url("]),
        ("<style>@import 'x.css';</style>", ["<style> @import"]),
        ('<p style="background: url(x.png)">', ["<p style='background: url(x.png)'>"]),
        ('<svg><image href="x.png"/></svg>', ["<image href='x.png'>"]),
        (
            '<img src="data:image/png;base64,AAAA"><a href="https://onetcenter.org">O*NET</a><a href="#top">top</a>',
            [],
        ),
    ],
)
def test_requests_are_read_from_the_parsed_page(markup: str, found: list[str]):
    assert requests(markup) == found


def test_resume_text_that_looks_like_markup_is_no_request(tmp_path: Path):
    # a resume mentioning Sass @import and a raw file named <img src=x>.csv are text on the page
    con = build_fixture_marts(tmp_path / "m.duckdb")
    page_sources(con, tmp_path / "raw")
    con.execute(
        "update marts.responsibility_examples set example = 'Organised Sass partials with @import and url() helpers' "
        "where rank = 1"
    )
    con.execute("update staging.postings set source_file = 'postings/<img src=x>.csv'")
    site = tmp_path / "site"
    write_occupation_pages(con, site, min_docs=3, min_salary_n=2)
    page = (site / "15-2051.00.html").read_text(encoding="utf-8")
    assert "Sass partials with @import" in page and "&lt;img src=x&gt;.csv" in page
    assert site_problems(con, site, min_docs=3) == []
    con.close()


@pytest.mark.parametrize(
    ("readme", "line"),
    [
        (None, "O*NET release not known: raw/onet has no Read Me.txt naming the release."),
        ("Some notes\n", "O*NET release not known: onet/Read Me.txt names no O*NET release."),
        ("O*NET 30.0 Database\n", "O*NET content: the O*NET 30.0 Database (as onet/Read Me.txt names it)."),
    ],
)
def test_the_onet_release_is_named_or_said_to_be_unknown(tmp_path: Path, readme: str | None, line: str):
    con = build_fixture_marts(tmp_path / "m.duckdb")
    page_sources(con, tmp_path / "raw", readme)
    site = tmp_path / "site"
    write_occupation_pages(con, site, min_docs=3, min_salary_n=2)
    database = "O*NET 30.0 Database" if readme and "30.0" in readme else "O*NET Database"
    for name in ("index.html", "15-2051.00.html"):
        text = page_text((site / name).read_text(encoding="utf-8"))
        assert line in text and ONET_ATTRIBUTION.format(database=database) in text
    assert site_problems(con, site, min_docs=3) == []
    con.close()
