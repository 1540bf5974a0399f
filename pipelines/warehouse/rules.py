"""Data rules as queries that return the failing rows; the Dagster checks and the report call these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

SAMPLE_ROWS = 10


@dataclass(frozen=True)
class RuleResult:
    passed: bool
    failing: int
    sample: list[dict[str, Any]]


def run_rule(
    con: duckdb.DuckDBPyConnection, failing_rows_sql: str, params: dict[str, Any] | None = None
) -> RuleResult:
    """``failing_rows_sql`` selects the rows that break the rule; none means the rule holds."""
    cursor = con.execute(f"select * from ({failing_rows_sql})", params or {})
    columns = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    sample = [{c: _plain(v) for c, v in zip(columns, row, strict=True)} for row in rows[:SAMPLE_ROWS]]
    return RuleResult(passed=not rows, failing=len(rows), sample=sample)


def _plain(value: Any) -> Any:
    return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)


# Identifiers below come from the code's own table list, never from input data.
def unique_sql(table: str, key: str) -> str:
    return f"select {key}, count(*) as n from {table} group by {key} having count(*) > 1"


def not_null_sql(table: str, column: str) -> str:
    return f"select * from {table} where {column} is null"


RECONCILIATION_SQL = (
    "select source, source_file, records_read, accepted, duplicates, rejected"
    " from audit.file_reconciliation where not reconciles"
)
