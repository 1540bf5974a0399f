"""Blocking structural checks of the ingestion layer."""

import dagster as dg

from pipelines.lib.check_log import record_check
from pipelines.lib.checks import RECONCILIATION_SQL, RuleResult, not_null_sql, run_rule, unique_sql
from pipelines.resources import Warehouse


def _checked(
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


def _key_checks(table: str, key: str) -> list[dg.AssetChecksDefinition]:
    asset = dg.AssetKey(["staging", table])

    @dg.asset_check(asset=asset, name=f"unique__{key}", blocking=True)
    def _unique(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> dg.AssetCheckResult:
        sql = unique_sql(f"staging.{table}", key)
        return _checked(context, warehouse, f"staging/{table}", f"unique__{key}", sql, f"{key} is unique")

    @dg.asset_check(asset=asset, name=f"not_null__{key}", blocking=True)
    def _not_null(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> dg.AssetCheckResult:
        sql = not_null_sql(f"staging.{table}", key)
        return _checked(context, warehouse, f"staging/{table}", f"not_null__{key}", sql, f"{key} is not null")

    return [_unique, _not_null]


@dg.asset_check(
    asset=dg.AssetKey(["audit", "file_reconciliation"]),
    name="read_equals_accepted_duplicates_rejected",
    blocking=True,
)
def reconciliation(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> dg.AssetCheckResult:
    """Nothing read is lost: per file, records read = accepted + duplicates + rejected."""
    rule = "records_read = accepted + duplicates + rejected per file"
    return _checked(
        context,
        warehouse,
        "audit/file_reconciliation",
        "read_equals_accepted_duplicates_rejected",
        RECONCILIATION_SQL,
        rule,
    )


INGEST_CHECKS = [
    *_key_checks("resumes", "resume_id"),
    *_key_checks("postings", "posting_id"),
    *_key_checks("onet_occupations", "occupation_code"),
    reconciliation,
]
