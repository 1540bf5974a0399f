"""Great Expectations suites from the table contracts, run on pandas frames.

The GX DuckDB SQL datasource is broken (stack notes), so each table is read with DuckDB into pandas
and validated there. GX is imported lazily: it costs seconds to import.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import duckdb
import pandas as pd

from pipelines.warehouse.contracts import Suite, expectation_kwargs

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
