"""Every rule of the marts suites and the structural SQL rules, once passing and once failing."""

import duckdb
import pandas as pd
import pytest

from pipelines.warehouse.contracts import contract
from pipelines.warehouse.rules import not_null_sql, run_rule, unique_sql, validate


def _failed(table: str, frame: pd.DataFrame, previous_rows: int | None = None) -> set[str]:
    """The failed expectations of the mart's contract suite, run on ``frame`` as the table's rows."""
    con = duckdb.connect()
    con.execute("create schema marts")
    con.register("frame", frame)
    con.execute(f"create table marts.{table} as select * from frame")
    suite = contract(f"marts.{table}").suite
    assert suite is not None
    outcomes = validate(con, f"marts.{table}", suite, frame, previous_rows)
    return {f"{o.expectation}:{o.column}" for o in outcomes if not o.passed}


def _prevalence(**changes) -> pd.DataFrame:
    row = {
        "occupation_code": "15-2051.00",
        "source": "resumes",
        "skill_id": "python",
        "n_docs": 40,
        "n_with_skill": 20,
        "share": 0.5,
        "ci_low": 0.35,
        "ci_high": 0.65,
        "skill_type": "software",
        "precision": 0.9,
        "withheld": False,
        "corrected_share": 0.45,
        "corrected_ci_low": 0.3,
        "corrected_ci_high": 0.6,
    }
    return pd.DataFrame([{**row, **changes}, {**row, "skill_id": "sql"}])


def test_skill_prevalence_suite_passes_on_clean_rows():
    assert _failed("skill_prevalence", _prevalence()) == set()


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"share": 1.5, "ci_high": 1.6}, "expect_column_values_to_be_between:share"),
        ({"ci_low": 0.55}, "expect_column_pair_values_a_to_be_greater_than_b:None"),
        ({"n_with_skill": 41}, "expect_column_pair_values_a_to_be_greater_than_b:None"),
        ({"source": "tweets"}, "expect_column_values_to_be_in_set:source"),
        ({"skill_type": "hobby"}, "expect_column_values_to_be_in_set:skill_type"),
        ({"corrected_ci_high": 0.4}, "expect_column_pair_values_a_to_be_greater_than_b:None"),
        (
            {"corrected_share": 1.2, "corrected_ci_high": 1.3},
            "expect_column_values_to_be_between:corrected_share",
        ),
    ],
)
def test_skill_prevalence_suite_catches(changes, expected):
    assert expected in _failed("skill_prevalence", _prevalence(**changes))


def test_row_count_may_not_collapse():
    assert _failed("skill_prevalence", _prevalence(), previous_rows=4) == set()
    assert "expect_table_row_count_to_be_between:None" in _failed(
        "skill_prevalence", _prevalence(), previous_rows=10
    )


def _education(shares: list[float], level: str = "master") -> pd.DataFrame:
    levels = ["bachelor", level]
    return pd.DataFrame(
        [
            {
                "occupation_code": "15-2051.00",
                "source": "onet",
                "education_level": lv,
                "n": 30,
                "share": s,
                "ci_low": max(0.0, s - 0.1),
                "ci_high": min(1.0, s + 0.1),
            }
            for lv, s in zip(levels, shares, strict=True)
        ]
    )


def test_education_suite():
    assert _failed("education_rates", _education([0.4, 0.6])) == set()
    assert "expect_column_values_to_be_between[education_share_sums]:share" in _failed(
        "education_rates", _education([0.4, 0.4])
    )
    assert "expect_column_values_to_be_in_set:education_level" in _failed(
        "education_rates", _education([0.4, 0.6], "phd")
    )


def _salaries(mean: float) -> pd.DataFrame:
    return pd.DataFrame(
        [{"occupation_code": "15-2051.00", "source": "oews", "industry_code": "52", "mean_annual": mean}]
    )


def test_salary_suite():
    assert _failed("salary_by_industry", _salaries(120_000.0)) == set()
    assert _failed("salary_by_industry", _salaries(5_000.0)) == {
        "expect_column_values_to_be_between:mean_annual"
    }


def test_top_paying_suite_wants_one_row_per_occupation_and_source():
    one = pd.DataFrame([{"occupation_code": "a", "source": "oews", "mean_annual": 100_000.0}])
    assert _failed("top_paying_industry", one) == set()
    assert "expect_compound_columns_to_be_unique:None" in _failed(
        "top_paying_industry", pd.concat([one, one])
    )


def test_comparison_suite():
    good = pd.DataFrame([{"occupation_code": "a", "related_code": "b", "similarity": 0.4, "rank": 1}])
    assert _failed("occupation_comparisons", good) == set()
    assert "expect_column_values_to_be_between:similarity" in _failed(
        "occupation_comparisons", good.assign(similarity=1.4)
    )


def test_structural_rules_pass_and_fail():
    con = duckdb.connect()
    con.execute("create table t as select * from (values (1, 'a'), (2, null), (2, 'c')) v(id, name)")
    assert run_rule(con, unique_sql("t", "id")).failing == 1
    assert run_rule(con, unique_sql("t", "name")).passed
    assert run_rule(con, not_null_sql("t", ["id"])).passed
    assert run_rule(con, not_null_sql("t", ["name"])).failing == 1
    con.execute("create schema audit")
    con.execute(
        "create table audit.file_reconciliation as select * from (values"
        " ('resumes', 'a.csv', 10, 7, 2, 1, true), ('resumes', 'b.csv', 10, 7, 2, 0, false))"
        " v(source, source_file, records_read, accepted, duplicates, rejected, reconciles)"
    )
    (reconciliation,) = contract("audit.file_reconciliation").rules
    result = run_rule(con, reconciliation.failing_rows)
    assert result.failing == 1 and result.sample[0]["source_file"] == "b.csv"


@pytest.mark.parametrize("table", ["skill_examples", "responsibility_examples"])
def test_published_bullets_carry_no_personal_data(table):
    clean = pd.DataFrame({"occupation_code": ["15-2051.00"], "example": ["Built churn models in Python"]})
    assert _failed(table, clean) == set()
    for example, column in (
        ("Mail jane.doe@example.com for details", "expect_column_values_to_not_match_regex:example"),
        ("Portfolio at https://example.com/me", "expect_column_values_to_not_match_regex:example"),
        (None, "expect_column_values_to_not_be_null:example"),
    ):
        frame = pd.DataFrame({"occupation_code": ["15-2051.00"], "example": [example]})
        assert column in _failed(table, frame)


def test_every_occupation_has_a_group():
    frame = pd.DataFrame(
        {"occupation_code": ["15-2051.00", "99-9999.00"], "occupation_group": ["Computer", None]}
    )
    assert _failed("occupations", frame) == {"expect_column_values_to_not_be_null:occupation_group"}


def test_titles_suite_wants_a_title_and_a_document_for_each_row():
    row = {"occupation_code": "15-2051.00", "title": "data scientist", "written_as": "Data Scientist", "n": 3}
    assert _failed("occupation_titles", pd.DataFrame([row])) == set()
    assert _failed("occupation_titles", pd.DataFrame([{**row, "n": 0}])) == {
        "expect_column_values_to_be_between:n"
    }
    assert _failed("occupation_titles", pd.DataFrame([{**row, "title": None}])) == {
        "expect_column_values_to_not_be_null:title"
    }
