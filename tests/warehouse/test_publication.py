"""Publication without Dagster: the build lock, a build's start (history and untouched tables carried
over), the swap, recovery from a kill between its two renames, the row-count baseline, progress lines,
the instance's bounded history and its unsynced event log."""

import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest
import sqlalchemy

from pipelines.instance import (
    PooledSqliteEventLogStorage,
    ensure_dagster_home,
    mark_orphaned_run,
    prune_runs,
    unsynced_run_logs,
)
from pipelines.settings import Layout, Settings
from pipelines.warehouse import publication
from pipelines.warehouse.publication import (
    BuildLock,
    BuildRefused,
    last_holder,
    latest_build,
    publish,
    running_build,
    start_build,
)
from pipelines.warehouse.resource import WorkProgress, rebuilt_tables
from pipelines.warehouse.rules import previous_row_count, record_check


@pytest.fixture
def layout(tmp_path: Path) -> Layout:
    raw = tmp_path / "raw" / "postings"
    raw.mkdir(parents=True)
    (raw / "a.csv").write_text("title,description\nx,y\n")
    return Settings(raw_dir=str(tmp_path / "raw"), warehouse=str(tmp_path / "wh" / "w.duckdb")).layout


def _build(layout: Layout, run_id: str, rebuilt=None, occupations: int = 3, page: str = "v") -> None:
    """A build through the real start and publish: two tables with contracts, a check, a page."""
    start_build(layout, run_id, rebuilt, "256MB")
    con = duckdb.connect(str(layout.build_file))
    try:
        if rebuilt is None or "marts.occupations" in rebuilt:
            con.execute("create schema if not exists marts")
            con.execute(
                "create or replace table marts.occupations as select 'c' || range as occupation_code from range($n)",
                {"n": occupations},
            )
        if rebuilt is None:
            con.execute("create schema if not exists staging")
            con.execute("create or replace table staging.soc_major_groups as select '11' as major_group")
        record_check(
            con,
            run_id=run_id,
            asset="marts/occupations",
            check="gx_suite",
            passed=True,
            severity="ERROR",
            observed="ok",
            failing_rows=0,
            row_count=occupations,
        )
    finally:
        con.close()
    layout.build_pages_dir.mkdir(parents=True, exist_ok=True)
    (layout.build_pages_dir / "index.html").write_text(page)
    publish(layout, run_id, "256MB")


def _rows(database: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_second_build_is_refused_naming_the_first(layout: Layout):
    first = BuildLock(layout)
    first.acquire({"pid": os.getpid(), "run_id": "run-a", "started": "now", "command": "labourlens build"})
    try:
        with pytest.raises(
            BuildRefused, match=rf"another build of .*w.duckdb is running: pid {os.getpid()}, run run-a"
        ):
            BuildLock(layout).acquire({"pid": 1, "run_id": "run-b"})
        assert running_build(layout)["run_id"] == "run-a"
    finally:
        first.release()
    assert running_build(layout) is None and last_holder(layout)["released"] is True
    again = BuildLock(layout)
    again.acquire({"run_id": "run-c"})
    assert again.previous["run_id"] == "run-a"
    again.release()


def test_a_build_killed_holding_the_lock_has_its_run_marked_failed(layout: Layout):
    script = (
        "import os, signal, sys\n"
        "from pipelines.settings import Settings\n"
        "from pipelines.warehouse.publication import BuildLock\n"
        f"layout = Settings(raw_dir={str(layout.raw_dir)!r}, warehouse={str(layout.warehouse)!r}).layout\n"
        "BuildLock(layout).acquire({'pid': os.getpid(), 'run_id': sys.argv[1]})\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    instance = dg.DagsterInstance.ephemeral()
    run = instance.add_run(dg.DagsterRun(job_name="refresh_warehouse", status=dg.DagsterRunStatus.STARTED))
    killed = subprocess.run([sys.executable, "-c", script, run.run_id], check=False)
    assert killed.returncode == -9
    assert running_build(layout) is None  # the kernel dropped the lock with the process
    holder = last_holder(layout)
    assert holder["released"] is False
    assert mark_orphaned_run(instance, holder) == run.run_id
    assert instance.get_run_by_id(run.run_id).status == dg.DagsterRunStatus.FAILURE
    assert mark_orphaned_run(instance, holder) is None  # once


def _tables(database: Path) -> set[str]:
    return {f"{s}.{t}" for s, t in _rows(database, "select schema_name, table_name from duckdb_tables()")}


def test_a_build_starts_as_a_copy_of_the_published_file_without_undeclared_tables(layout: Layout):
    _build(layout, "run-1")
    con = duckdb.connect(str(layout.warehouse))
    con.execute("create table marts.retired as select 1 as x")  # a table no contract declares now
    con.close()
    start_build(layout, "run-2", None, "256MB")
    assert _tables(layout.build_file) == {
        "audit.builds",
        "audit.check_results",
        "marts.occupations",
        "staging.soc_major_groups",
    }
    assert _rows(layout.build_file, "select count(*) from marts.occupations") == [(3,)]
    assert [
        r[0] for r in _rows(layout.build_file, "select run_id from audit.builds order by started_at")
    ] == [
        "run-1",
        "run-2",
    ]
    assert "marts.retired" in _tables(layout.warehouse)  # the published warehouse was only read


def test_a_published_file_mostly_free_space_starts_an_empty_build_carrying_history_and_kept_tables(
    layout: Layout,
):
    _build(layout, "run-1")
    con = duckdb.connect(str(layout.warehouse))
    con.execute(
        "create table marts.scratch as select range as x, md5(range::varchar) as y from range(400000)"
    )
    con.execute("checkpoint")
    con.execute("create table marts.after as select 1 as x")  # free blocks at the end are cut off
    con.execute("checkpoint")
    con.execute("drop table marts.scratch")
    con.close()
    [(free, total)] = _rows(layout.warehouse, "select free_blocks, total_blocks from pragma_database_size()")
    assert free * publication.FREE_SHARE_LIMIT > total
    start_build(layout, "run-2", frozenset({"marts.occupations"}), "256MB")
    assert _tables(layout.build_file) == {"audit.builds", "audit.check_results", "staging.soc_major_groups"}
    comments = _rows(
        layout.build_file, "select comment from duckdb_tables() where table_name = 'soc_major_groups'"
    )
    assert comments[0][0]  # documented from its contract
    assert _rows(layout.build_file, "select run_id, rebuilt from audit.builds order by started_at") == [
        ("run-1", None),
        ("run-2", ["marts.occupations"]),
    ]
    start_build(layout, "run-3", None, "256MB")
    assert _tables(layout.build_file) == {"audit.builds", "audit.check_results"}
    # the published warehouse was only read
    assert latest_build(layout.warehouse)["run_id"] == "run-1"


def test_a_published_file_of_another_storage_version_starts_an_empty_build(layout: Layout):
    _build(layout, "run-1")
    # a warehouse written for a newer storage version than analysts' DuckDB 1.4 LTS clients read
    newer = layout.warehouse.with_name("newer.duckdb")
    con = duckdb.connect()
    con.execute(f"attach '{layout.warehouse}' as old (read_only)")
    con.execute(f"attach '{newer}' as new (storage_version 'v1.5.0')")
    con.execute("copy from database old to new")
    con.close()
    newer.replace(layout.warehouse)
    start_build(layout, "run-2", frozenset({"marts.occupations"}), "256MB")
    version = (
        "select tags['storage_version'] from duckdb_databases() where database_name = current_database()"
    )
    assert _rows(layout.build_file, version) == [("v1.4.0+",)]
    assert _tables(layout.build_file) == {"audit.builds", "audit.check_results", "staging.soc_major_groups"}


def test_rebuilt_tables_of_a_selection():
    assert rebuilt_tables(None) is None and rebuilt_tables(frozenset()) is None
    assert rebuilt_tables(
        frozenset({dg.AssetKey(["marts", "occupations"]), dg.AssetKey(["ingest", "resumes"])})
    ) == {"marts.occupations"}


def test_publish_swaps_in_file_pages_and_report_while_open_sessions_keep_their_version(layout: Layout):
    _build(layout, "run-1", occupations=3, page="first")
    analyst = duckdb.connect(str(layout.warehouse), read_only=True)
    try:
        _build(layout, "run-2", occupations=5, page="second")
        assert analyst.execute("select count(*) from marts.occupations").fetchall() == [(3,)]
    finally:
        analyst.close()
    assert _rows(layout.warehouse, "select count(*) from marts.occupations") == [(5,)]
    assert (layout.pages_dir / "index.html").read_text() == "second"
    assert os.readlink(layout.current_release) == ".releases/run-2"
    assert not layout.build_dir.exists() or not layout.build_file.exists()
    _build(layout, "run-3", page="third")
    assert sorted(p.name for p in layout.releases_dir.iterdir()) == ["run-2", "run-3"]
    assert [r[0] for r in _rows(layout.warehouse, "select run_id from audit.builds order by started_at")] == [
        "run-1",
        "run-2",
        "run-3",
    ]


def test_a_kill_between_the_two_renames_is_completed_by_the_next_build(
    layout: Layout, monkeypatch: pytest.MonkeyPatch
):
    _build(layout, "run-1", page="first")

    restore = publication.restore_release

    def killed(layout: Layout, run_id: str) -> None:
        if run_id == "run-2":  # the new build's release: the kill lands after the warehouse rename
            raise KeyboardInterrupt("killed")
        restore(layout, run_id)

    monkeypatch.setattr(publication, "restore_release", killed)
    with pytest.raises(KeyboardInterrupt):
        _build(layout, "run-2", page="second")
    monkeypatch.undo()
    assert latest_build(layout.warehouse)["run_id"] == "run-2"
    assert (layout.pages_dir / "index.html").read_text() == "first"
    start_build(layout, "run-3", None, "256MB")
    assert (layout.pages_dir / "index.html").read_text() == "second"


def test_a_partial_build_keeps_the_published_pages(layout: Layout):
    _build(layout, "run-1", page="first")
    start_build(layout, "run-2", frozenset({"marts.occupations"}), "256MB")
    publish(layout, "run-2", "256MB")
    assert (layout.pages_dir / "index.html").read_text() == "first"
    assert _rows(layout.warehouse, "select count(*) from staging.soc_major_groups") == [(1,)]


def test_the_row_count_guard_compares_only_builds_of_the_same_raw_files(layout: Layout):
    def baseline(run_id: str):
        start_build(layout, run_id, None, "256MB")
        con = duckdb.connect(str(layout.build_file))
        try:
            return previous_row_count(con, "marts/occupations", "gx_suite", run_id)
        finally:
            con.close()

    _build(layout, "run-1", occupations=40)
    same = baseline("run-2")
    assert same.rows == 40 and "build run-1 of the same raw files" in same.note
    (layout.raw_dir / "postings" / "b.csv").write_text("title,description\nz,w\n")
    other = baseline("run-3")
    assert other.rows is None and "no earlier published build of the same raw files" in other.note


def test_the_row_count_guard_sees_a_rewrite_that_kept_size_and_modification_time(layout: Layout):
    _build(layout, "run-1", occupations=40)
    data = layout.raw_dir / "postings" / "a.csv"
    before = data.stat()
    data.write_text("title,description\nq,y\n")
    os.utime(data, ns=(before.st_atime_ns, before.st_mtime_ns))
    start_build(layout, "run-2", None, "256MB")
    con = duckdb.connect(str(layout.build_file))
    try:
        baseline = previous_row_count(con, "marts/occupations", "gx_suite", "run-2")
    finally:
        con.close()
    assert baseline.rows is None, "the rewritten file was taken for the one the earlier build read"


def test_progress_lines_give_rows_written_and_rate(tmp_path: Path):
    lines: list[str] = []
    progress = WorkProgress(tmp_path, lines.append, interval=60)
    (tmp_path / "resumes" / "records").mkdir(parents=True)
    pl.DataFrame({"x": range(500)}).write_parquet(tmp_path / "resumes" / "records" / "f0-00000.parquet")
    (tmp_path / "resumes" / "records" / "f0-00001.parquet").write_bytes(b"PAR1 half written")
    # a step's per-file outcomes and rejected records are not rows written
    pl.DataFrame({"x": range(3)}).write_parquet(tmp_path / "resumes" / "files.parquet")
    (tmp_path / "resumes" / "rejects").mkdir()
    pl.DataFrame({"x": range(7)}).write_parquet(tmp_path / "resumes" / "rejects" / "f0-00000.parquet")
    # first seen: a step that wrote everything between two polls has ended, it is not reported
    assert progress.poll() == []
    assert progress.poll() == []  # nothing new
    pl.DataFrame({"x": range(250)}).write_parquet(tmp_path / "resumes" / "records" / "f0-00001.parquet")
    (grown,) = progress.poll()
    assert grown.startswith("progress: resumes: 750 rows written (")
    assert progress.poll() == []


def test_the_instance_keeps_a_bounded_history(tmp_path: Path):
    (tmp_path / "home").mkdir()
    with dg.DagsterInstance.local_temp(str(tmp_path / "home")) as instance:
        runs = [
            instance.add_run(dg.DagsterRun(job_name="refresh_warehouse", status=dg.DagsterRunStatus.SUCCESS))
            for _ in range(5)
        ]
        for run in runs:
            instance.report_engine_event("x", run)  # gives each run its event file
        assert prune_runs(instance, keep=2) == 3
        assert set(instance.get_run_ids()) == {r.run_id for r in runs[-2:]}
        shards = {p.stem for p in (tmp_path / "home" / "history" / "runs").glob("*.db")} - {"index"}
        assert shards == {r.run_id for r in runs[-2:]}


def _synchronous(path: Path) -> int:
    engine = sqlalchemy.create_engine(f"sqlite:///{path}", poolclass=sqlalchemy.pool.NullPool)
    try:
        with engine.connect() as con:
            return int(con.execute(sqlalchemy.text("pragma synchronous")).scalar_one())
    finally:
        engine.dispose()


def test_the_event_log_is_written_without_a_disk_sync_per_event_the_run_records_with(tmp_path: Path):
    home = tmp_path / "home"
    (home / "history" / "runs").mkdir(parents=True)
    unsynced_run_logs(home)
    assert _synchronous(home / "history" / "runs" / "0123.db") == 0  # OFF
    assert _synchronous(home / "history" / "runs" / "index.db") == 0
    assert _synchronous(home / "history" / "runs.db") == 2  # FULL, SQLite's default
    assert _synchronous(tmp_path / "elsewhere.db") == 2


def test_the_event_log_keeps_its_connections_and_stores_the_same_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))  # restored after the test
    home = ensure_dagster_home(Settings(warehouse=str(tmp_path / "wh" / "w.duckdb")).layout)
    # as a cluster worker opens the run's instance: another DAGSTER_HOME and working folder, or none
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "worker"))
    monkeypatch.chdir(tmp_path)
    connects: list[object] = []

    def count(_connection: object, _record: object) -> None:
        connects.append(_connection)

    sqlalchemy.event.listen(sqlalchemy.engine.Engine, "connect", count)
    try:
        with dg.DagsterInstance.from_config(str(home)) as instance:
            storage = instance.event_log_storage
            assert isinstance(storage, PooledSqliteEventLogStorage)
            run = instance.add_run(
                dg.DagsterRun(job_name="refresh_warehouse", status=dg.DagsterRunStatus.STARTED)
            )
            connects.clear()
            for n in range(20):
                instance.report_engine_event(f"event {n}", run)
            # the run's new file is created, then one connection serves every event (Dagster's own
            # storage opens the file for each of the 20)
            assert len(connects) <= 2
            logged = [r.dagster_event.message for r in instance.all_logs(run.run_id) if r.dagster_event]
            assert logged == [f"event {n}" for n in range(20)]
            assert (home / "history" / "runs" / f"{run.run_id}.db").exists()
            assert not list(tmp_path.glob("*.db")) and not (tmp_path / "worker").exists()
            assert prune_runs(instance, keep=0) == 0  # a started run is kept
    finally:
        sqlalchemy.event.remove(sqlalchemy.engine.Engine, "connect", count)
