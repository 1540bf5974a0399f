"""Analysts query while research staff rebuild. A reader process polls the published warehouse the whole
time while builds of another corpus run, are killed (kill -9) at two points and finally publish;
then a partial rebuild, a build that fails a check, a second build while one runs, and a DuckDB 1.4
client. Builds run through the CLI, as research staff run them."""

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines import PROJECT_ROOT
from pipelines.cli import main
from pipelines.definitions import build_definitions
from pipelines.sample.generate import generate
from pipelines.settings import Layout, Settings
from pipelines.warehouse import contracts as warehouse_contracts
from pipelines.warehouse.publication import BuildLock, latest_build
from pipelines.warehouse.resource import Warehouse

LTS_PYTHON = PROJECT_ROOT / ".venv-duckdb-lts" / "bin" / "python"
LATEST = "select run_id from audit.builds where published_at is not null order by published_at desc limit 1"
# marts.occupations counts what staging holds: a half-built warehouse breaks this
DISAGREEMENT = """
select count(*) from marts.occupations as o
where n_resumes <> (select count(*) from staging.resumes as r where r.occupation_code = o.occupation_code)
   or n_postings <> (select count(*) from staging.postings as p where p.occupation_code = o.occupation_code)
"""
READER = f"""
import json, os, sys, time
import duckdb
path, stop, out = sys.argv[1:4]
polls, errors, worst, seen = 0, [], 0.0, []
while not os.path.exists(stop):
    started = time.monotonic()
    try:
        con = duckdb.connect(path, read_only=True)
        run = con.execute({LATEST!r}).fetchall()[0][0]
        if con.execute({DISAGREEMENT!r}).fetchall()[0][0]:
            errors.append(f"marts disagree with staging in build {{run}}")
        con.close()
        if run not in seen:
            seen.append(run)
    except Exception as exc:
        errors.append(str(exc)[:300])
    worst = max(worst, time.monotonic() - started)
    polls += 1
    time.sleep(0.2)
json.dump(dict(polls=polls, errors=errors, worst=worst, seen=seen), open(out, "w"))
"""
# An analyst's session opened before the builds and kept open throughout (its own process: within one
# process DuckDB reuses an open database for every new connection to the same file).
SESSION = f"""
import json, os, sys, time
import duckdb
path, stop, out = sys.argv[1:4]
session = duckdb.connect(path, read_only=True)
first = session.execute({LATEST!r}).fetchall()[0][0]
open(out + ".ready", "w").close()
while not os.path.exists(stop):
    time.sleep(0.2)
kept = session.execute({LATEST!r}).fetchall()[0][0]
rows = session.execute("select count(*) from staging.resumes").fetchall()[0][0]
json.dump(dict(first=first, kept=kept, rows=rows), open(out, "w"))
"""


@dataclass
class Site:
    root: Path
    layout: Layout

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "LABOURLENS_WAREHOUSE": str(self.layout.warehouse),
            "LABOURLENS_BATCH_SIZE": "40",
            "LABOURLENS_MIN_DOCS": "5",
        }


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _query(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A warehouse published from corpus A, and corpus B beside it: under half its size, so a row-count
    guard comparing B with A would fail."""
    root = tmp_path_factory.mktemp("publication")
    generate(root / "raw_a", resumes=120, postings=80)
    generate(root / "raw_b", resumes=40, postings=30, seed=7)
    settings = Settings(
        raw_dir=str(root / "raw_a"),
        warehouse=str(root / "wh" / "labourlens.duckdb"),
        batch_size=40,
        min_docs=5,
    )
    result = (
        build_definitions(Warehouse(settings=settings))
        .resolve_job_def("refresh_warehouse")
        .execute_in_process(raise_on_error=False)
    )
    assert result.success
    return Site(root, settings.layout)


def _assert_build_output(out: str, layout: Layout) -> None:
    """What research staff see: a line per step with rows and rows/s, a line per check, the summary."""
    assert "done  staging.resumes" in out and " rows/s)" in out
    assert "check pass  staging/resumes unique__resume_id" in out
    assert "staging.postings" in out and "quarantine.rejected_records" in out and "audit.builds" in out
    assert "4 rejected" in out
    checks = out.split("checks: ")[1].split(" passed")[0].split(" of ")
    assert checks[0] == checks[1] and int(checks[0]) > 60
    assert f"validation report: {layout.validation_dir / 'index.html'}" in out
    assert out.rstrip().endswith("verdict: OK")
    assert "Published: all " in (layout.validation_dir / "index.html").read_text(encoding="utf-8")
    assert not layout.build_dir.exists()  # work, spill and build file gone after success


def _start_build(site: Site, raw: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "build", "--raw-dir", str(site.root / raw)],
        env=site.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _kill_after(build: subprocess.Popen[str], line: str) -> list[str]:
    assert build.stdout is not None
    seen = []
    for text in build.stdout:
        seen.append(text)
        if line in text:
            os.kill(build.pid, signal.SIGKILL)
            break
    build.wait(timeout=60)
    assert build.returncode == -signal.SIGKILL, "".join(seen)
    return seen


def test_readers_see_no_error_and_no_wait_while_builds_run_are_killed_and_publish(site: Site):
    layout = site.layout
    before, first_run = _sha(layout.warehouse), latest_build(layout.warehouse)["run_id"]
    resumes_before = _query(layout.warehouse, "select count(*) from staging.resumes")[0][0]
    stop, results, held = site.root / "reader.stop", site.root / "reader.json", site.root / "session.json"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(layout.warehouse), str(stop), str(results)])
    session = subprocess.Popen([sys.executable, "-c", SESSION, str(layout.warehouse), str(stop), str(held)])
    try:
        while not Path(f"{held}.ready").exists():
            time.sleep(0.05)
        # killed while the reference tables build, and once the pages are checked (the kill then lands
        # in the publishing step or just before it)
        _kill_after(_start_build(site, "raw_b"), "done  staging.onet_occupations")
        assert _sha(layout.warehouse) == before
        assert _query(layout.warehouse, DISAGREEMENT) == [(0,)]
        assert layout.build_file.exists()  # the killed build's leftovers, removed by the next build
        _kill_after(_start_build(site, "raw_b"), "check pass  reports/occupation_pages site_complete")
        if _sha(layout.warehouse) != before:  # killed after the rename: the new build, whole
            assert latest_build(layout.warehouse)["raw_dir"] == str(site.root / "raw_b")
        assert _query(layout.warehouse, DISAGREEMENT) == [(0,)]

        final = _start_build(site, "raw_b")
        output, _ = final.communicate(timeout=600)
        assert final.returncode == 0, output
        assert "had died during its build: marked failed" in output
        _assert_build_output(output, layout)
        time.sleep(0.5)  # a few polls of the new build
    finally:
        stop.touch()
        reader.wait(timeout=60)
        session.wait(timeout=60)
    polls = json.loads(results.read_text())
    print(f"reader: {polls['polls']} polls, {len(polls['errors'])} errors, slowest {polls['worst']:.3f} s")
    assert polls["errors"] == []
    # a reader held behind the build's lock would wait for the whole build (minutes); the poll times
    # themselves are the benchmark's figure (bench/publication_bench.py), not a test's
    assert polls["worst"] < 15.0
    assert polls["polls"] > 50
    published = latest_build(layout.warehouse)
    assert polls["seen"][0] == first_run and polls["seen"][-1] == published["run_id"]
    # an open session keeps reading the version it opened
    assert json.loads(held.read_text()) == {"first": first_run, "kept": first_run, "rows": resumes_before}
    # the other corpus replaced the warehouse whole; the guard did not compare it with corpus A
    assert published["raw_dir"] == str(site.root / "raw_b")
    observed = _query(
        layout.warehouse,
        "select observed from audit.check_results where asset = 'marts/occupations' and \"check\" = 'gx_suite'"
        f" and run_id = '{published['run_id']}'",
    )
    assert "no earlier published build of the same raw files" in observed[0][0]
    assert _query(layout.warehouse, "select count(*) from staging.resumes")[0][0] < 60
    # the killed runs are failed, none is left started, and nothing of the builds is left over
    with dg.DagsterInstance.from_config(str(layout.dagster_home)) as instance:
        statuses = sorted(r.status.value for r in instance.get_runs())
    assert statuses == ["FAILURE", "FAILURE", "SUCCESS"]
    assert not layout.build_dir.exists()


def test_a_partial_rebuild_is_published_whole_and_the_file_does_not_grow(site: Site, capsys):
    layout = site.layout
    size = layout.warehouse.stat().st_size
    staging = _query(layout.warehouse, "select count(*) from staging.resumes")
    code = main(
        [
            "build",
            "--raw-dir",
            str(site.root / "raw_b"),
            "--warehouse",
            str(layout.warehouse),
            "--select",
            "key:marts/occupations",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "done  marts.occupations" in out and "done  staging.resumes" not in out
    assert _query(layout.warehouse, "select rebuilt from audit.builds order by started_at desc limit 1") == [
        (["marts.occupations"],)
    ]
    assert _query(layout.warehouse, "select count(*) from staging.resumes") == staging
    assert _query(layout.warehouse, DISAGREEMENT) == [(0,)]
    after = layout.warehouse.stat().st_size
    print(f"warehouse file: {size:,} bytes before, {after:,} after the partial rebuild")
    assert after <= size * 1.05


def test_a_failing_check_publishes_nothing_and_says_why(site: Site, monkeypatch: pytest.MonkeyPatch, capsys):
    layout = site.layout
    before = _sha(layout.warehouse)
    report = (layout.validation_dir / "index.html").read_text(encoding="utf-8")
    original = warehouse_contracts.sql_text

    def duplicate_occupation(schema: str, name: str, *args) -> str:
        sql = original(schema, name, *args)
        if (schema, name) == ("staging", "onet_occupations"):
            return f"select * from ({sql}) union all (select * from ({sql}) limit 1)"
        return sql

    monkeypatch.setattr(warehouse_contracts, "sql_text", duplicate_occupation)
    code = main(["build", "--raw-dir", str(site.root / "raw_b"), "--warehouse", str(layout.warehouse)])
    captured = capsys.readouterr()
    assert code == 1
    assert "verdict: FAILED, not published" in captured.out
    assert captured.err.strip().splitlines()[-1] == (
        "labourlens: check staging/onet_occupations:unique__occupation_code failed:"
        " (occupation_code) is unique: observed 1 rows breaking it, threshold 0"
    )
    assert _sha(layout.warehouse) == before
    assert (layout.validation_dir / "index.html").read_text(encoding="utf-8") == report
    failed = (layout.failed_report_dir / "index.html").read_text(encoding="utf-8")
    assert "Not published: 1 of " in failed and "The published warehouse is still build" in failed


def test_a_second_build_is_refused_at_once_naming_the_first(site: Site, capsys):
    lock = BuildLock(site.layout)
    lock.acquire(
        {
            "pid": 4242,
            "run_id": "0123456789",
            "started": "2026-12-01 03:00:00 UTC",
            "command": "labourlens build",
        }
    )
    try:
        started = time.monotonic()
        code = main(
            ["build", "--raw-dir", str(site.root / "raw_b"), "--warehouse", str(site.layout.warehouse)]
        )
        took = time.monotonic() - started
    finally:
        lock.release()
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 1 and took < 5
    assert err[0].startswith(
        f"labourlens: another build of {site.layout.warehouse} is running: pid 4242, run 01234567"
    )


@pytest.mark.skipif(
    not LTS_PYTHON.exists(), reason="no DuckDB 1.4 client: make test installs one in .venv-duckdb-lts"
)
def test_a_duckdb_14_client_opens_the_warehouse(site: Site):
    script = (
        "import duckdb, json, sys\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        "tables = con.execute('select schema_name, table_name from duckdb_tables() order by all').fetchall()\n"
        "counts = {f'{s}.{t}': con.execute(f'select count(*) from {s}.{t}').fetchall()[0][0] for s, t in tables}\n"
        "print(json.dumps({'version': duckdb.__version__, 'counts': counts}))\n"
    )
    run = subprocess.run(
        [str(LTS_PYTHON), "-c", script, str(site.layout.warehouse)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout)
    assert seen["version"].startswith("1.4.")
    counts = dict(
        _query(
            site.layout.warehouse,
            "select schema_name || '.' || table_name, estimated_size from duckdb_tables()",
        )
    )
    assert seen["counts"] == counts and counts["marts.occupations"] > 0
