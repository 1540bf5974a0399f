"""The validation report: content from a fixture warehouse, and how it renders in headless Chromium."""

from pathlib import Path

import duckdb
import pytest

from pipelines.publish.report import render_validation_report, verdict
from pipelines.warehouse.rules import record_check
from tests.browser import ARTIFACTS, contacted_hosts, dump_dom, requires_chromium, screenshot


@pytest.fixture
def report(tmp_path: Path) -> Path:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    for run, passed in (("run-1", True), ("run-2", False)):
        record_check(
            con,
            run_id=run,
            asset="marts/skill_prevalence",
            check="gx_suite",
            passed=passed,
            severity="ERROR",
            observed="expect_column_values_to_be_between(share): 1 unexpected"
            if not passed
            else "all expectations met",
            failing_rows=0 if passed else 1,
            row_count=386,
            sample=[] if passed else ["1.5"],
        )
        record_check(
            con,
            run_id=run,
            asset="staging/resumes",
            check="unique__resume_id",
            passed=True,
            severity="ERROR",
            observed="0 rows break",
            failing_rows=0,
        )
    con.execute(
        "create table audit.file_reconciliation as select 'resumes' as source, 'resumes/a.csv' as source_file, 'read' as status,"
        " 10 as records_read, 7 as accepted, 2 as duplicates, 1 as rejected, true as reconciles, null as reason"
    )
    con.execute("create schema quarantine")
    con.execute(
        "create table quarantine.rejected_records as select 'resumes' as source, 'resumes/a.csv' as source_file,"
        " 4 as record_position, 'empty text' as reason, '{}' as raw_record"
    )
    con.execute(
        "create table quarantine.rejected_values as select 'resumes' as source, 'resumes/a.csv' as source_file,"
        " 6 as record_position, 'r6' as document_id, 'end_dates[0]' as field, 'August 20XX' as raw_value,"
        " 'unreadable date: August 20XX' as reason"
    )
    path, ok = render_validation_report(con, tmp_path / "report")
    con.close()
    assert not ok
    return path


def test_report_lists_checks_reconciliation_reasons_and_trend(report: Path):
    page = report.read_text(encoding="utf-8")
    assert "1 of 2 checks failed" in page
    assert '<span class="fail">FAIL</span>' in page and "expect_column_values_to_be_between(share)" in page
    assert "resumes/a.csv" in page and "empty text" in page
    # a value set aside while its record was kept is named too
    assert "Values set aside" in page and "end_dates[0]" in page and "unreadable date: August 20XX" in page
    assert page.count("<rect") == 4  # two runs, passed and failed bars each
    # self-contained: nothing is loaded from anywhere
    assert "src=" not in page and "href=" not in page and "url(" not in page and "@import" not in page


def test_checks_show_what_their_severity_means_and_failures_stand_out(report: Path):
    page = report.read_text(encoding="utf-8")
    assert "<td>blocking</td>" in page and "<td>ERROR</td>" not in page
    assert page.count('<tr class="failed">') == 1
    # a failed build's header is the red one; its colours are measured in the browser test below
    assert '<header class="failed">' in page and "<code>[&#34;1.5&#34;]</code>" in page


def test_a_build_that_failed_with_an_error_says_so_and_was_not_published(tmp_path: Path):
    path, ok = render_validation_report(
        None,
        tmp_path / "failed",
        "run-9",
        errors=[("staging__resumes", "OSError: [Errno 28] No space left on device")],
        published=False,
        note="The published warehouse is still build run-8.",
    )
    page = path.read_text(encoding="utf-8")
    assert not ok
    assert "Not published: 1 error" in page and "All checks passed" not in page
    assert "No space left on device" in page and "The published warehouse is still build run-8." in page


def test_the_verdict_counts_errors_as_much_as_failing_checks():
    assert verdict(80, 0, 0, True) == (True, "Published: all 80 checks passed")
    assert verdict(80, 2, 1, False) == (False, "Not published: 2 of 80 checks failed; 1 error")
    assert verdict(0, 0, 1, None) == (False, "1 error")
    assert verdict(80, 0, 0, False) == (True, "Not published: the run did not include publish/warehouse")


@requires_chromium
def test_report_renders_offline_in_headless_chromium(report: Path, tmp_path: Path):
    profile = tmp_path / "profile"
    dom = dump_dom(report.as_uri(), profile)
    assert "1 of 2 checks failed" in dom and ">FAIL<" in dom
    # the title is white on the red header (never red on red) and a long sample wraps in its column
    probe = tmp_path / "probe.html"
    probe.write_text(
        report.read_text(encoding="utf-8").replace(
            "</body>",
            "<script>const s=e=>getComputedStyle(document.querySelector(e));"
            "document.body.dataset.title=s('header h1').color;document.body.dataset.header=s('header').backgroundColor;"
            "document.body.dataset.code=s('code').whiteSpace;document.body.dataset.layout=s('table.checks').tableLayout"
            "</script></body>",
        ),
        encoding="utf-8",
    )
    styled = dump_dom(probe.as_uri(), profile)
    assert 'data-title="rgb(255, 255, 255)"' in styled and 'data-header="rgb(140, 29, 24)"' in styled
    assert 'data-code="pre-wrap"' in styled and 'data-layout="fixed"' in styled
    shot = screenshot(report.as_uri(), profile, ARTIFACTS / "validation-report.png", "1280,1000")
    assert shot.stat().st_size > 10_000
    assert contacted_hosts(report.as_uri(), profile, tmp_path) == set()


@requires_chromium
def test_the_offline_check_sees_external_requests(tmp_path: Path):
    # the same method must flag a page that does fetch something
    page = tmp_path / "leaky.html"
    page.write_text(
        '<img src="https://example.com/pixel.png"><link rel="stylesheet" href="https://cdn.example.org/x.css">'
    )
    assert {"example.com", "cdn.example.org"} <= contacted_hosts(
        page.as_uri(), tmp_path / "profile", tmp_path
    )
