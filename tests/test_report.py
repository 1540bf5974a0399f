"""The validation report: content from a fixture warehouse, and how it renders in headless Chromium."""

import json
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from pipelines.lib.check_log import record_check
from pipelines.lib.report import render_validation_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


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
    path, ok = render_validation_report(con, tmp_path / "report")
    con.close()
    assert not ok
    return path


def test_report_lists_checks_reconciliation_reasons_and_trend(report: Path):
    page = report.read_text(encoding="utf-8")
    assert "1 of 2 checks failed" in page
    assert '<span class="fail">FAIL</span>' in page and "expect_column_values_to_be_between(share)" in page
    assert "resumes/a.csv" in page and "empty text" in page
    assert page.count("<rect") == 4  # two runs, passed and failed bars each
    # self-contained: nothing is loaded from anywhere
    assert "src=" not in page and "href=" not in page and "url(" not in page and "@import" not in page


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (make browser installs it)")
def test_report_renders_offline_in_headless_chromium(report: Path, tmp_path: Path):
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    url = report.as_uri()
    net_log = tmp_path / "net.json"
    dom = subprocess.run(
        [CHROMIUM, *flags, f"--log-net-log={net_log}", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert "1 of 2 checks failed" in dom and ">FAIL<" in dom
    shot = tmp_path / "report.png"
    subprocess.run(
        [CHROMIUM, *flags, "--window-size=1280,1000", f"--screenshot={shot}", url],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    # Chromium itself pings its own services even headless; what matters is what the page asks for, so
    # hosts contacted while showing a blank page are the baseline.
    blank_log = tmp_path / "blank.json"
    subprocess.run(
        [CHROMIUM, *flags, f"--log-net-log={blank_log}", "--dump-dom", "about:blank"],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert _hosts(net_log) - _hosts(blank_log) == set()


def _hosts(net_log: Path) -> set[str]:
    from urllib.parse import urlsplit

    events = json.loads(net_log.read_text(encoding="utf-8")).get("events", [])
    urls = {e.get("params", {}).get("url", "") for e in events}
    return {urlsplit(u).hostname or "" for u in urls if u.startswith(("http://", "https://"))}
