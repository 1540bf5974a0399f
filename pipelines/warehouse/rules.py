"""What a table must satisfy, without Dagster: data rules as queries that return the failing rows,
Great Expectations suites run on pandas frames, and audit.check_results, where every outcome of every
build is appended so that history can be queried.

The GX DuckDB SQL datasource is broken (stack notes), so each table is read with DuckDB into pandas
and validated there. GX is imported lazily: it costs seconds to import.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from typing import Any

import duckdb
import pandas as pd

from pipelines.shards.reuse import copied
from pipelines.warehouse.build import append_log_row, table_exists
from pipelines.warehouse.contracts import Suite, expectation_kwargs, sql_text

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


# Identifiers below come from the repository's contracts, never from input data.
def unique_sql(table: str, key: str) -> str:
    return f"select {key}, count(*) as n from {table} group by {key} having count(*) > 1"


def not_null_sql(table: str, columns: list[str]) -> str:
    return " union all ".join(f"select * from {table} where {c} is null" for c in columns)


def reference_sql(table: str, columns: tuple[str, ...], parent: str, parent_column: str) -> str:
    return " union all ".join(
        f"select distinct '{c}' as column_name, t.{c} as code from {table} as t"
        f" where t.{c} is not null and t.{c} not in (select {parent_column} from {parent})"
        for c in columns
    )


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
    params = {
        "run_id": run_id,
        "checked_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
        "asset": asset,
        "check": check,
        "passed": passed,
        "severity": severity,
        "observed": observed,
        "failing_rows": failing_rows,
        "row_count": row_count,
        "sample": json.dumps(sample or [], default=str),
    }
    append_log_row(con, "audit.check_results", "check_result_row", params)


@dataclass(frozen=True)
class Baseline:
    """What the row-count guard compares a table with: its rows in an earlier build of the same inputs,
    or None and why there is none."""

    rows: int | None
    note: str


def previous_row_count(con: duckdb.DuckDBPyConnection, asset: str, check: str, run_id: str) -> Baseline:
    """Row count of the table at its last passing check in an earlier published build of the same raw
    files (``audit.builds.raw_fingerprint``) as build ``run_id``."""
    if not (table_exists(con, "audit", "check_results") and table_exists(con, "audit", "builds")):
        return Baseline(None, "row-count guard not applied: no earlier build is recorded")
    rows = con.execute(
        sql_text("publication", "previous_row_count"), {"asset": asset, "check": check, "run_id": run_id}
    ).fetchall()
    if not rows:
        return Baseline(None, "row-count guard not applied: no earlier published build of the same raw files")
    count, previous_run = rows[0]
    return Baseline(
        int(count), f"row-count guard: {count:,} rows in build {str(previous_run)[:8]} of the same raw files"
    )


@dataclass(frozen=True)
class Earlier:
    """A check's outcome in an earlier build, which a check of an unchanged table repeats."""

    run_id: str
    observed: str
    row_count: int | None


def earlier_result(
    con: duckdb.DuckDBPyConnection, asset: str, check: str, run_id: str, tables: set[str]
) -> Earlier | None:
    """When this build copied every table the check reads (``tables``, ``schema.table``) from the
    published warehouse, the check's passing outcome in the build that published them; None when it
    must run (a table computed anew, no earlier outcome, or one that failed)."""
    if not all(copied(con, "/".join(t.split(".")), run_id) for t in tables):
        return None
    query = sql_text("publication", "earlier_check_result")
    rows = con.execute(query, {"asset": asset, "check": check, "run_id": run_id}).fetchall()
    if not rows or not rows[0][1]:
        return None
    previous, _, observed, row_count = rows[0]
    return Earlier(str(previous), str(observed), row_count)


# --- Great Expectations suites -------------------------------------------------------------------

ROW_COUNT_TOLERANCE = 0.5  # a build may not lose more than half of a table's rows since the last one


@dataclass(frozen=True)
class ExpectationOutcome:
    expectation: str
    column: str | None
    passed: bool
    observed: str
    threshold: str
    failing_rows: int
    sample: list[Any]


def _expectation(config: dict[str, Any]) -> Any:
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    kind, kwargs = expectation_kwargs(config)
    return ExpectationConfiguration(type=kind, kwargs=kwargs).to_domain_obj()


def _run(frame: pd.DataFrame, expectations: list[Any], name: str) -> list[ExpectationOutcome]:
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batch = (
        context.data_sources.add_pandas(name)
        .add_dataframe_asset(name)
        .add_batch_definition_whole_dataframe(name)
    )
    suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=expectations))
    validation = context.validation_definitions.add(
        gx.ValidationDefinition(name=name, data=batch, suite=suite)
    )
    result = validation.run(batch_parameters={"dataframe": frame}, result_format="SUMMARY")
    outcomes = []
    for item in result.results:
        config = item.expectation_config
        if config is None:
            continue
        kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id", "column")}
        details = item.result or {}
        observed = details.get("observed_value", f"{details.get('unexpected_count', 0)} unexpected")
        outcomes.append(
            ExpectationOutcome(
                expectation=config.type,
                column=config.kwargs.get("column"),
                passed=bool(item.success),
                observed=str(observed),
                threshold=str(kwargs),
                failing_rows=int(details.get("unexpected_count") or (0 if item.success else 1)),
                sample=[str(v) for v in (details.get("partial_unexpected_list") or [])[:10]],
            )
        )
    return outcomes


def validate(
    con: duckdb.DuckDBPyConnection,
    table: str,
    suite: Suite,
    frame: pd.DataFrame,
    previous_rows: int | None = None,
) -> list[ExpectationOutcome]:
    """Run a table's suite on its rows (and each derived frame); one outcome per expectation."""
    import great_expectations as gx

    expectations = [_expectation(c) for c in suite.expectations]
    if suite.row_count_guard and previous_rows:
        minimum = int(previous_rows * (1 - ROW_COUNT_TOLERANCE))
        expectations.insert(0, gx.expectations.ExpectTableRowCountToBeBetween(min_value=minimum))
    outcomes = _run(frame, expectations, table) if expectations else []
    for derived in suite.frames:
        rows = con.execute(derived.query).df()
        if rows.empty:
            continue
        checks = [_expectation(c) for c in derived.expectations]
        outcomes += [
            replace(o, expectation=f"{o.expectation}[{derived.name}]")
            for o in _run(rows, checks, f"{table}_{derived.name}")
        ]
    return outcomes
