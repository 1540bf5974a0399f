"""The check factory: every rule a table contract declares becomes a blocking Dagster asset check, run
in the step that builds the table (on its connection, with no step of its own: a build of ~50 tables
would otherwise run ~100 check steps, each opening the build file and logging its own events), and every
outcome is also appended to audit.check_results for the report and for history."""

import re
from dataclasses import dataclass
from typing import Any

import dagster as dg
import duckdb

from pipelines.warehouse.contracts import TableContract, tables_read
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
    run_id: str,
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
        run_id=run_id,
        asset=asset,
        check=check,
        passed=passed,
        severity="ERROR",
        observed=observed,
        failing_rows=failing_rows,
        row_count=row_count,
        sample=sample,
    )
    return dg.AssetCheckResult(
        asset_key=dg.AssetKey(asset.split("/")),
        check_name=check,
        passed=passed,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata=metadata,
    )


_REPEATED = re.compile(r" \(table unchanged since build \w+: its outcome then\)$")


@dataclass(frozen=True)
class TableCheck:
    """One blocking check of a table: a rule whose ``sql`` selects the rows that break it (it passes
    when there are none), or, with no ``sql``, the table's GX suite. ``reads``: the tables it reads
    besides its own (``schema.table``), built before it runs."""

    contract: TableContract
    name: str
    description: str
    rule: str = ""
    sql: str = ""
    reads: tuple[str, ...] = ()

    @property
    def asset(self) -> str:
        return "/".join(self.contract.asset_path)

    def spec(self) -> dg.AssetCheckSpec:
        return dg.AssetCheckSpec(
            self.name,
            asset=dg.AssetKey(self.contract.asset_path),
            description=self.description,
            blocking=True,
            additional_deps=[dg.AssetKey(t.split(".")) for t in self.reads],
        )

    def tables(self) -> set[str]:
        """Every table the check reads: when the build copied them all, it repeats its outcome then."""
        if self.sql:
            return {self.contract.name, *self.reads, *tables_read(self.sql)}
        suite = self.contract.suite
        assert suite is not None
        return {self.contract.name, *(t for frame in suite.frames for t in tables_read(frame.query))}

    def evaluate(self, con: duckdb.DuckDBPyConnection, run_id: str) -> dg.AssetCheckResult:
        try:
            if repeated := self._repeated(con, run_id):
                return repeated
            return self._rule(con, run_id) if self.sql else self._suite(con, run_id)
        except Exception as exc:
            # a check that cannot run fails, logged like any other: raised, it would end its table's
            # step before the table's later checks ran and leave no outcome in audit.check_results
            problem = f"{type(exc).__name__}: {exc}"
            return logged_result(
                run_id,
                con,
                self.asset,
                self.name,
                passed=False,
                observed=f"the check could not run: {problem}",
                failing_rows=0,
                sample=[],
                metadata={"error": dg.MetadataValue.text(problem)},
            )

    def _repeated(self, con: duckdb.DuckDBPyConnection, run_id: str) -> dg.AssetCheckResult | None:
        """The passing outcome of the build that published the tables the check reads, when this build
        copied them all from it (``pipelines.shards.reuse``): the same rows give the same outcome."""
        earlier = earlier_result(con, self.asset, self.name, run_id, self.tables())
        if earlier is None:
            return None
        observed = _REPEATED.sub("", earlier.observed)
        return logged_result(
            run_id,
            con,
            self.asset,
            self.name,
            passed=True,
            observed=f"{observed} (table unchanged since build {earlier.run_id[:8]}: its outcome then)",
            failing_rows=0,
            sample=[],
            row_count=earlier.row_count,
            metadata={"repeated_from_build": dg.MetadataValue.text(earlier.run_id)},
        )

    def _rule(self, con: duckdb.DuckDBPyConnection, run_id: str) -> dg.AssetCheckResult:
        result = run_rule(con, self.sql)
        return logged_result(
            run_id,
            con,
            self.asset,
            self.name,
            passed=result.passed,
            observed=f"{self.rule}: observed {result.failing} rows breaking it, threshold 0",
            failing_rows=result.failing,
            sample=result.sample,
            metadata={
                "rule": dg.MetadataValue.text(self.rule),
                "failing_rows": dg.MetadataValue.int(result.failing),
                "sample": dg.MetadataValue.json(result.sample),
            },
        )

    def _suite(self, con: duckdb.DuckDBPyConnection, run_id: str) -> dg.AssetCheckResult:
        contract, suite = self.contract, self.contract.suite
        assert suite is not None
        frame = con.execute(f"select * from {contract.name}").df()
        baseline = previous_row_count(con, self.asset, self.name, run_id)
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
            run_id,
            con,
            self.asset,
            self.name,
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


def contract_checks(contract: TableContract) -> list[TableCheck]:
    """Key, reference, rule and suite checks, in that order, as the contract declares them (none for a
    log table: the checks write it)."""
    if contract.log:
        return []
    checks = []
    key = contract.key
    if key and key.unique:
        columns = ", ".join(key.columns)
        checks.append(
            TableCheck(
                contract,
                f"unique__{key.name}",
                f"One row per ({columns}) in {contract.name}.",
                f"({columns}) is unique",
                unique_sql(contract.name, columns),
            )
        )
    if key and key.not_null:
        required = [c for c in key.columns if c not in key.nullable]
        checks.append(
            TableCheck(
                contract,
                f"not_null__{key.name}",
                f"Key columns {', '.join(required)} of {contract.name} are filled.",
                f"{', '.join(required)} not null",
                not_null_sql(contract.name, required),
            )
        )
    for ref in contract.references:
        rule = f"{', '.join(ref.columns)} exists in {ref.table}.{ref.column}"
        sql = reference_sql(contract.name, ref.columns, ref.table, ref.column)
        checks.append(TableCheck(contract, ref.check, f"Every non-null {rule}.", rule, sql, (ref.table,)))
    for declared in contract.rules:
        checks.append(
            TableCheck(contract, declared.name, declared.description, declared.rule, declared.failing_rows)
        )
    if contract.suite:
        checks.append(
            TableCheck(
                contract,
                "gx_suite",
                f"The Great Expectations suite of {contract.name} ({contract.path.name}).",
            )
        )
    return checks
