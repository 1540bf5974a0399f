"""Great Expectations suites for the published marts, kept in code, run on pandas frames.

The GX DuckDB SQL datasource is broken (stack notes), so each table is read with DuckDB into pandas
and validated there. GX is imported lazily: it costs seconds to import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipelines.documents.education import LEVELS

ROW_COUNT_TOLERANCE = 0.5  # a build may not lose more than half of a table's rows since the last one
SALARY_RANGE = (10_000, 2_000_000)
SOURCES = {
    "skill_prevalence": ["resumes", "postings"],
    "education_rates": ["resumes", "onet"],
    "salary_by_industry": ["postings", "oews"],
    "top_paying_industry": ["postings", "oews"],
}
EDUCATION_LEVELS = list(LEVELS)
EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
URL = r"(?:https?://|www\.)\S+"


@dataclass(frozen=True)
class ExpectationOutcome:
    expectation: str
    column: str | None
    passed: bool
    observed: str
    threshold: str
    failing_rows: int
    sample: list[Any]


def _expectations(table: str, previous_rows: int | None) -> list[Any]:
    import great_expectations as gx

    e = gx.expectations
    out: list[Any] = []
    if previous_rows:
        out.append(e.ExpectTableRowCountToBeBetween(min_value=int(previous_rows * (1 - ROW_COUNT_TOLERANCE))))
    if table in SOURCES:
        out.append(e.ExpectColumnValuesToBeInSet(column="source", value_set=SOURCES[table]))
    if table in ("skill_prevalence", "education_rates"):
        out += [
            e.ExpectColumnValuesToBeBetween(column="share", min_value=0, max_value=1),
            e.ExpectColumnPairValuesAToBeGreaterThanB(column_A="share", column_B="ci_low", or_equal=True),
            e.ExpectColumnPairValuesAToBeGreaterThanB(column_A="ci_high", column_B="share", or_equal=True),
        ]
    if table == "skill_prevalence":
        out.append(
            e.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="n_docs", column_B="n_with_skill", or_equal=True
            )
        )
    if table == "education_rates":
        out.append(e.ExpectColumnValuesToBeInSet(column="education_level", value_set=EDUCATION_LEVELS))
    if table in ("salary_by_industry", "top_paying_industry"):
        out.append(
            e.ExpectColumnValuesToBeBetween(
                column="mean_annual", min_value=SALARY_RANGE[0], max_value=SALARY_RANGE[1]
            )
        )
    if table == "top_paying_industry":
        out.append(e.ExpectCompoundColumnsToBeUnique(column_list=["occupation_code", "source"]))
    if table == "occupations":
        out.append(e.ExpectColumnValuesToNotBeNull(column="occupation_group"))
    if table in ("skill_examples", "responsibility_examples"):
        # published on pages: no personal data may survive the scrubbing
        out += [
            e.ExpectColumnValuesToNotBeNull(column="example"),
            e.ExpectColumnValuesToNotMatchRegex(column="example", regex=EMAIL),
            e.ExpectColumnValuesToNotMatchRegex(column="example", regex=URL),
        ]
    if table == "occupation_comparisons":
        out += [
            e.ExpectColumnValuesToBeBetween(column="similarity", min_value=0, max_value=1.000001),
            e.ExpectColumnValuesToBeBetween(column="rank", min_value=1),
        ]
    return out


def _derived(table: str, frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame, list[Any]]]:
    """Rules GX has no expectation for, expressed on a derived frame: education shares sum to 1."""
    if table != "education_rates" or frame.empty:
        return []
    import great_expectations as gx

    sums = frame.groupby(["occupation_code", "source"], as_index=False)["share"].sum()
    rule = gx.expectations.ExpectColumnValuesToBeBetween(column="share", min_value=0.99, max_value=1.01)
    return [("education_share_sums", sums, [rule])]


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


def validate_mart(
    table: str, frame: pd.DataFrame, previous_rows: int | None = None
) -> list[ExpectationOutcome]:
    """Run the table's suite (and its derived rules); one outcome per expectation."""
    expectations = _expectations(table, previous_rows)
    outcomes = _run(frame, expectations, table) if expectations else []
    for name, derived, expectations in _derived(table, frame):
        outcomes += [
            ExpectationOutcome(
                f"{o.expectation}[{name}]",
                o.column,
                o.passed,
                o.observed,
                o.threshold,
                o.failing_rows,
                o.sample,
            )
            for o in _run(derived, expectations, f"{table}_{name}")
        ]
    return outcomes
