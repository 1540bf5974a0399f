"""The check factory: every rule a table contract declares becomes a blocking Dagster asset check, and
every outcome is also appended to audit.check_results for the report and for history."""

import re
from collections.abc import Iterable
from typing import Any

import dagster as dg
import duckdb

from pipelines.warehouse.contracts import TableContract, tables_read
from pipelines.warehouse.resource import Warehouse
from pipelines.warehouse.rules import (
    earlier_result,
    not_null_sql,
    previous_row_count,
    record_check,
    reference_sql,
    run_rule,
    unique_sql,
    validate,
)


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


_REPEATED = re.compile(r" \(table unchanged since build \w+: its outcome then\)$")


def repeated_result(
    context: dg.AssetCheckExecutionContext,
    con: duckdb.DuckDBPyConnection,
    asset: str,
    check: str,
    tables: set[str],
) -> dg.AssetCheckResult | None:
    """The passing outcome of the build that published the tables the check reads, when this build
    copied them all from it (``pipelines.shards.reuse``): the same rows give the same outcome."""
    earlier = earlier_result(con, asset, check, context.run.run_id, tables)
    if earlier is None:
        return None
    observed = f"{_REPEATED.sub('', earlier.observed)} (table unchanged since build {earlier.run_id[:8]}: its outcome then)"
    return logged_result(
        context,
        con,
        asset,
        check,
        passed=True,
        observed=observed,
        failing_rows=0,
        sample=[],
        row_count=earlier.row_count,
        metadata={"repeated_from_build": dg.MetadataValue.text(earlier.run_id)},
    )


def _rule_check(
    contract: TableContract, name: str, rule: str, sql: str, description: str, reads: tuple[str, ...] = ()
) -> dg.AssetChecksDefinition:
    """A check whose ``sql`` selects the rows that break ``rule``; it passes when there are none. It
    runs after the tables it ``reads`` besides its own (``schema.table``) are built."""
    asset = "/".join(contract.asset_path)

    @dg.asset_check(
        asset=dg.AssetKey(contract.asset_path),
        name=name,
        blocking=True,
        description=description,
        additional_deps=[dg.AssetKey(t.split(".")) for t in reads],
    )
    def _check(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> dg.AssetCheckResult:
        with warehouse.connect() as con:
            tables = {contract.name, *reads, *tables_read(sql)}
            if repeated := repeated_result(context, con, asset, name, tables):
                return repeated
            result = run_rule(con, sql)
            return logged_result(
                context,
                con,
                asset,
                name,
                passed=result.passed,
                observed=f"{rule}: observed {result.failing} rows breaking it, threshold 0",
                failing_rows=result.failing,
                sample=result.sample,
                metadata={
                    "rule": dg.MetadataValue.text(rule),
                    "failing_rows": dg.MetadataValue.int(result.failing),
                    "sample": dg.MetadataValue.json(result.sample),
                },
            )

    return _check


def _suite_check(contract: TableContract) -> dg.AssetChecksDefinition:
    asset = "/".join(contract.asset_path)
    suite = contract.suite
    assert suite is not None

    @dg.asset_check(
        asset=dg.AssetKey(contract.asset_path),
        name="gx_suite",
        blocking=True,
        description=f"The Great Expectations suite of {contract.name} ({contract.path.name}).",
    )
    def _suite(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> dg.AssetCheckResult:
        with warehouse.connect() as con:
            tables = {contract.name, *(t for frame in suite.frames for t in tables_read(frame.query))}
            if repeated := repeated_result(context, con, asset, "gx_suite", tables):
                return repeated
            frame = con.execute(f"select * from {contract.name}").df()
            baseline = previous_row_count(con, asset, "gx_suite", context.run.run_id)
            outcomes = validate(con, contract.name, suite, frame, baseline.rows)
            failed = [o for o in outcomes if not o.passed]
            failing = sum(o.failing_rows for o in failed)
            observed = (
                "; ".join(
                    f"{o.expectation}({o.column or ''}): observed {o.observed}, threshold {o.threshold}"
                    for o in failed
                )
                or f"all {len(outcomes)} expectations met"
            )
            if suite.row_count_guard:
                observed += f"; {baseline.note}"
            return logged_result(
                context,
                con,
                asset,
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
                    **({"row_count_guard": baseline.note} if suite.row_count_guard else {}),
                },
            )

    return _suite


def contract_checks(contract: TableContract) -> list[dg.AssetChecksDefinition]:
    """Key, reference, rule and suite checks, in that order, as the contract declares them."""
    checks = []
    key = contract.key
    if key and key.unique:
        columns = ", ".join(key.columns)
        checks.append(
            _rule_check(
                contract,
                f"unique__{key.name}",
                f"({columns}) is unique",
                unique_sql(contract.name, columns),
                f"One row per ({columns}) in {contract.name}.",
            )
        )
    if key and key.not_null:
        required = [c for c in key.columns if c not in key.nullable]
        checks.append(
            _rule_check(
                contract,
                f"not_null__{key.name}",
                f"{', '.join(required)} not null",
                not_null_sql(contract.name, required),
                f"Key columns {', '.join(required)} of {contract.name} are filled.",
            )
        )
    for ref in contract.references:
        rule = f"{', '.join(ref.columns)} exists in {ref.table}.{ref.column}"
        sql = reference_sql(contract.name, ref.columns, ref.table, ref.column)
        checks.append(_rule_check(contract, ref.check, rule, sql, f"Every non-null {rule}.", (ref.table,)))
    for declared in contract.rules:
        checks.append(
            _rule_check(contract, declared.name, declared.rule, declared.failing_rows, declared.description)
        )
    if contract.suite:
        checks.append(_suite_check(contract))
    return checks


def table_checks(contracts: Iterable[TableContract]) -> list[dg.AssetChecksDefinition]:
    return [check for contract in contracts if not contract.log for check in contract_checks(contract)]
