"""Checks of the published marts: blocking structure (unique keys, occupations that exist) and the
Great Expectations suite of each table. Every outcome is also appended to audit.check_results."""

import dagster as dg

from pipelines.warehouse.check_log import previous_row_count
from pipelines.warehouse.expectations import validate_mart
from pipelines.warehouse.resource import Warehouse
from pipelines.warehouse.results import checked_rule, logged_result
from pipelines.warehouse.rules import unique_sql

KEYS = {
    "occupations": ["occupation_code"],
    "skill_prevalence": ["occupation_code", "source", "skill_id"],
    "skill_examples": ["occupation_code", "skill_id"],
    "responsibility_examples": ["occupation_code", "rank"],
    "salary_by_industry": ["occupation_code", "source", "industry_code"],
    "top_paying_industry": ["occupation_code", "source"],
    "education_rates": ["occupation_code", "source", "education_level"],
    "occupation_comparisons": ["occupation_code", "related_code"],
    "occupation_titles": ["occupation_code", "title"],
}


def _fk_sql(table: str) -> str:
    columns = (
        ["occupation_code", "related_code"] if table == "occupation_comparisons" else ["occupation_code"]
    )
    return " union all ".join(
        f"select distinct '{c}' as column_name, t.{c} as code from marts.{table} as t"
        f" where t.{c} not in (select occupation_code from marts.occupations)"
        for c in columns
    )


def _checks(table: str) -> list[dg.AssetChecksDefinition]:
    asset = dg.AssetKey(["marts", table])
    key = KEYS[table]
    unique_name = "unique__" + "__".join(key)

    @dg.asset_check(asset=asset, name=unique_name, blocking=True)
    def _unique(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> dg.AssetCheckResult:
        sql = unique_sql(f"marts.{table}", ", ".join(key))
        return checked_rule(
            context, warehouse, f"marts/{table}", unique_name, sql, f"({', '.join(key)}) is unique"
        )

    checks = [_unique]
    if table != "occupations":

        @dg.asset_check(asset=asset, name="fk__occupations", blocking=True)
        def _fk(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> dg.AssetCheckResult:
            rule = "every occupation code exists in marts.occupations"
            return checked_rule(context, warehouse, f"marts/{table}", "fk__occupations", _fk_sql(table), rule)

        checks.append(_fk)

    @dg.asset_check(asset=asset, name="gx_suite", blocking=True)
    def _suite(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> dg.AssetCheckResult:
        with warehouse.connect() as con:
            frame = con.execute(f"select * from marts.{table}").df()
            outcomes = validate_mart(table, frame, previous_row_count(con, f"marts/{table}", "gx_suite"))
            failed = [o for o in outcomes if not o.passed]
            failing = sum(o.failing_rows for o in failed)
            observed = (
                "; ".join(
                    f"{o.expectation}({o.column or ''}): observed {o.observed}, threshold {o.threshold}"
                    for o in failed
                )
                or f"all {len(outcomes)} expectations met"
            )
            return logged_result(
                context,
                con,
                f"marts/{table}",
                "gx_suite",
                passed=not failed,
                observed=observed,
                failing_rows=failing,
                row_count=len(frame),
                sample=[s for o in failed for s in o.sample][:10],
                metadata={
                    "rows": len(frame),
                    "expectations": len(outcomes),
                    "failed": dg.MetadataValue.json([o.__dict__ for o in failed]),
                    "failing_rows": failing,
                },
            )

    checks.append(_suite)
    return checks


MART_CHECKS = [check for table in KEYS for check in _checks(table)]
