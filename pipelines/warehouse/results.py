"""Ending an asset check: its outcome appended to audit.check_results and returned to Dagster, with
the common case of one SQL rule whose rows break it."""

from typing import Any

import dagster as dg
import duckdb

from pipelines.warehouse.check_log import record_check
from pipelines.warehouse.resource import Warehouse
from pipelines.warehouse.rules import run_rule


def logged_result(
    context: dg.AssetCheckExecutionContext,
    con: duckdb.DuckDBPyConnection,
    asset: str,
    check: str,
    *,
    passed: bool,
    observed: str,
    failing_rows: int,
    sample: list[Any],
    metadata: dict[str, Any],
    row_count: int | None = None,
) -> dg.AssetCheckResult:
    """Log a blocking check's outcome in audit.check_results and return it as the check's result."""
    record_check(
        con,
        run_id=context.run.run_id,
        asset=asset,
        check=check,
        passed=passed,
        severity="ERROR",
        observed=observed,
        failing_rows=failing_rows,
        row_count=row_count,
        sample=sample,
    )
    return dg.AssetCheckResult(passed=passed, severity=dg.AssetCheckSeverity.ERROR, metadata=metadata)


def checked_rule(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse, asset: str, check: str, sql: str, rule: str
) -> dg.AssetCheckResult:
    """``sql`` selects the rows that break ``rule``; the check passes when there are none."""
    with warehouse.connect() as con:
        result = run_rule(con, sql)
        return logged_result(
            context,
            con,
            asset,
            check,
            passed=result.passed,
            observed=f"{result.failing} rows break: {rule}",
            failing_rows=result.failing,
            sample=result.sample,
            metadata={
                "rule": dg.MetadataValue.text(rule),
                "failing_rows": dg.MetadataValue.int(result.failing),
                "sample": dg.MetadataValue.json(result.sample),
            },
        )
