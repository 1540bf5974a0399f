"""The build's steps on a real dask.distributed cluster (two worker processes on loopback) give the
same tables as the in-process build of the same sample."""

from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.cli import main
from pipelines.warehouse.resource import Warehouse


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[str, set[int]]]:
    """A scheduler and two single-threaded worker processes on 127.0.0.1 (free ports): their address
    and the workers' process ids. Skipped, with the reason, where distributed cannot start them."""
    try:
        from distributed import Client, LocalCluster

        local = LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",
        )
    except Exception as exc:  # no loopback sockets, no process spawning: a reason, never a pass
        pytest.skip(f"dask.distributed could not start a 2-worker cluster on 127.0.0.1: {exc}")
    with local, Client(local) as client:
        pids = set(client.run(lambda: __import__("os").getpid()).values())
        yield local.scheduler_address, pids


def _published_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table but the log tables, whose rows carry run ids and times."""
    rows = con.execute(
        "select table_schema || '.' || table_name from information_schema.tables t"
        " where table_catalog = current_database() and not exists (select 1 from"
        " information_schema.columns c where c.table_catalog = t.table_catalog and"
        " c.table_schema = t.table_schema and c.table_name = t.table_name and c.column_name = 'run_id')"
        " order by 1"
    ).fetchall()
    return [r[0] for r in rows]


def test_cluster_build_equals_in_process_build(
    sample_build: tuple[Warehouse, dg.ExecuteInProcessResult],
    cluster: tuple[str, set[int]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    local, _ = sample_build
    address, worker_pids = cluster
    settings = local.settings
    for name in ("batch_size", "min_docs", "min_salary_n"):
        monkeypatch.setenv(f"LABOURLENS_{name.upper()}", str(getattr(settings, name)))
    monkeypatch.setenv("LABOURLENS_DASK_SCHEDULER", address)
    warehouse = tmp_path / "cluster" / "w.duckdb"
    assert main(["build", "--raw-dir", settings.raw_dir, "--warehouse", str(warehouse)]) == 0

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        con.execute(f"attach '{local.layout.warehouse}' as in_process (read_only)")
        tables = _published_tables(con)
        assert "marts.occupation_salaries" in tables and "staging.resumes" in tables
        con.execute("use in_process")
        assert _published_tables(con) == tables
        con.execute("use w")
        for table in tables:
            for a, b in ((table, f"in_process.{table}"), (f"in_process.{table}", table)):
                extra = con.execute(f"select count(*) from (from {a} except all from {b})").fetchall()[0][0]
                assert extra == 0, f"{a} has {extra} rows {b} lacks"
        assert con.execute("select count(*) from staging.resumes").fetchall()[0][0] > 0
    finally:
        con.close()

    # the steps ran in the workers' processes, some in each
    with dg.DagsterInstance.from_config(str(warehouse.parent / "w.dagster")) as instance:
        [run] = instance.get_run_records()
        starts = instance.all_logs(run.dagster_run.run_id, of_type=dg.DagsterEventType.STEP_START)
    pids = {record.dagster_event.pid for record in starts if record.dagster_event}
    assert pids <= worker_pids and len(pids) == 2, (pids, worker_pids)
