"""A table's checks as its step runs them: every outcome logged in audit.check_results."""

from dataclasses import replace

import duckdb

from pipelines.warehouse.checks import contract_checks
from pipelines.warehouse.contracts import contracts


def test_a_check_that_cannot_run_fails_logged_and_the_tables_other_checks_still_run():
    con = duckdb.connect()
    con.execute("create schema staging")
    con.execute("create table staging.soc_major_groups as select '11' as major_group")
    unique, not_null = contract_checks(contracts()["staging.soc_major_groups"])
    broken = replace(unique, sql="select cast('x' || major_group as integer) from staging.soc_major_groups")

    results = [check.evaluate(con, "run-1") for check in (broken, not_null)]

    assert [r.passed for r in results] == [False, True]
    assert results[0].metadata["error"].value.startswith("ConversionException")
    logged = con.execute(
        'select "check", passed, observed from audit.check_results order by checked_at'
    ).fetchall()
    assert [(check, passed) for check, passed, _ in logged] == [
        ("unique__major_group", False),
        ("not_null__major_group", True),
    ]
    assert logged[0][2].startswith("the check could not run: ConversionException")
