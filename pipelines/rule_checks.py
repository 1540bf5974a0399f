"""Running one SQL rule as a Dagster asset check: result metadata plus a row in audit.check_results."""

import dagster as dg

from pipelines.lib.check_log import record_check
from pipelines.lib.checks import RuleResult, run_rule
from pipelines.resources import Warehouse


def checked_rule(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse, asset: str, check: str, sql: str, rule: str
) -> dg.AssetCheckResult:
    with warehouse.connect() as con:
        result = run_rule(con, sql)
        record_check(
            con,
            run_id=context.run.run_id,
            asset=asset,
            check=check,
            passed=result.passed,
            severity="ERROR",
            observed=f"{result.failing} rows break: {rule}",
            failing_rows=result.failing,
            sample=result.sample,
        )
    return _result(result, rule)


def _result(result: RuleResult, rule: str) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=result.passed,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "rule": dg.MetadataValue.text(rule),
            "failing_rows": dg.MetadataValue.int(result.failing),
            "sample": dg.MetadataValue.json(result.sample),
        },
    )
