"""Blocking structural checks of the ingestion layer."""

import dagster as dg

from pipelines.lib.checks import RECONCILIATION_SQL, RuleResult, not_null_sql, run_rule, unique_sql
from pipelines.resources import Warehouse


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
    def _unique(warehouse: Warehouse) -> dg.AssetCheckResult:
        with warehouse.connect(read_only=True) as con:
            return _result(run_rule(con, unique_sql(f"staging.{table}", key)), f"{key} is unique")

    @dg.asset_check(asset=asset, name=f"not_null__{key}", blocking=True)
    def _not_null(warehouse: Warehouse) -> dg.AssetCheckResult:
        with warehouse.connect(read_only=True) as con:
            return _result(run_rule(con, not_null_sql(f"staging.{table}", key)), f"{key} is not null")

    return [_unique, _not_null]


@dg.asset_check(
    asset=dg.AssetKey(["audit", "file_reconciliation"]),
    name="read_equals_accepted_duplicates_rejected",
    blocking=True,
)
def reconciliation(warehouse: Warehouse) -> dg.AssetCheckResult:
    """Nothing read is lost: per file, records read = accepted + duplicates + rejected."""
    with warehouse.connect(read_only=True) as con:
        return _result(
            run_rule(con, RECONCILIATION_SQL), "records_read = accepted + duplicates + rejected per file"
        )


INGEST_CHECKS = [
    *_key_checks("resumes", "resume_id"),
    *_key_checks("postings", "posting_id"),
    *_key_checks("onet_occupations", "occupation_code"),
    reconciliation,
]
