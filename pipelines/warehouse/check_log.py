"""audit.check_results: every check outcome of every build, so history can be queried."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import duckdb

from pipelines.warehouse.database import document, table_exists

_CREATE = """
create table audit.check_results (
    run_id varchar,
    checked_at timestamp,
    asset varchar,
    "check" varchar,
    passed boolean,
    severity varchar,
    observed varchar,
    failing_rows bigint,
    row_count bigint,
    sample varchar
)
"""


def record_check(
    con: duckdb.DuckDBPyConnection,
    *,
    run_id: str,
    asset: str,
    check: str,
    passed: bool,
    severity: str,
    observed: str,
    failing_rows: int,
    row_count: int | None = None,
    sample: list[Any] | None = None,
) -> None:
    _ensure_table(con)
    con.execute(
        "insert into audit.check_results values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            run_id,
            dt.datetime.now(dt.UTC).replace(tzinfo=None),
            asset,
            check,
            passed,
            severity,
            observed,
            failing_rows,
            row_count,
            json.dumps(sample or [], default=str),
        ],
    )


def _ensure_table(con: duckdb.DuckDBPyConnection) -> None:
    """Create and document the log once; later checks only append to it."""
    if not table_exists(con, "audit", "check_results"):
        con.execute("create schema if not exists audit")
        con.execute(_CREATE)
        document(con, "audit", "check_results")


def previous_row_count(con: duckdb.DuckDBPyConnection, asset: str, check: str) -> int | None:
    """Row count of the table at its last passing check, if any."""
    if not table_exists(con, "audit", "check_results"):
        return None
    rows = con.execute(
        'select row_count from audit.check_results where asset = ? and "check" = ? and passed and row_count is not null'
        " order by checked_at desc limit 1",
        [asset, check],
    ).fetchall()
    return int(rows[0][0]) if rows else None
