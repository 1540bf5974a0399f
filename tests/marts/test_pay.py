"""Pay marts on the hand-made staging fixture: salary by industry, the headline, top-paying industries
and pay comparisons, against hand-computed values."""

import datetime
import math
from pathlib import Path

import pytest

from pipelines.warehouse.build import build_table
from tests.marts.fixture import build_fixture_marts, build_pay, fetch


def test_salary_by_industry_both_sources(con):
    rows = fetch(
        con,
        "select occupation_code, source, industry_code, industry, n, employment, mean_annual, median_annual, top_coded, suppressed"
        " from marts.salary_by_industry",
    )
    assert rows == [
        ("15-1252.00", "oews", "51", "Information", None, 40.0, 150000.0, None, False, True),
        ("15-1252.00", "oews", "52", "Finance and Insurance", None, 10000.0, None, None, True, True),
        (
            "15-1252.00",
            "oews",
            "54",
            "Professional, Scientific, and Technical Services",
            None,
            90000.0,
            140000.0,
            None,
            False,
            False,
        ),
        (
            "15-1252.00",
            "oews",
            "62",
            "Health Care and Social Assistance",
            None,
            5000.0,
            120000.0,
            None,
            False,
            True,
        ),
        ("15-2051.00", "oews", "51", "Information", None, 30000.0, 130000.0, 128000.0, False, False),
        (
            "15-2051.00",
            "oews",
            "52",
            "Finance and Insurance",
            None,
            20000.0,
            130000.0,
            125000.0,
            False,
            False,
        ),
        ("15-2051.00", "postings", "51", "Information", 1, None, 90000.0, 90000.0, False, True),
        ("15-2051.00", "postings", "52", "Finance and Insurance", 2, None, 110000.0, 110000.0, False, False),
    ]


def test_salary_cells_carry_intervals_and_say_why_they_are_withheld(con):
    rows = {
        (r[0], r[1], r[2]): r[3:]
        for r in con.execute(
            "select occupation_code, source, industry_code, mean_ci_low, mean_ci_high, withheld_reason"
            " from marts.salary_by_industry"
        ).fetchall()
    }
    z = 1.959963984540054
    # OEWS: the published relative standard error, 2.5% of $130,000
    low, high, reason = rows[("15-2051.00", "oews", "51")]
    assert (low, high, reason) == (pytest.approx(130000 - z * 3250), pytest.approx(130000 + z * 3250), None)
    # postings: 100,000 and 120,000, standard error of the mean 10,000
    low, high, _ = rows[("15-2051.00", "postings", "52")]
    assert (low, high) == (pytest.approx(110000 - z * 10000), pytest.approx(110000 + z * 10000))
    assert rows[("15-1252.00", "oews", "51")][2] == "employment below 50"
    assert rows[("15-1252.00", "oews", "62")][2] == "relative standard error above 30.0%"
    assert rows[("15-1252.00", "oews", "52")][2] == "top-coded by BLS (at or above the release's top code)"
    assert rows[("15-2051.00", "postings", "51")][2] == "fewer than 2 postings state a salary"


def test_estimated_pay_is_kept_apart_from_stated_pay(tmp_path: Path):
    connection = build_fixture_marts(tmp_path / "m.duckdb")
    connection.execute("update staging.postings set salary_is_estimate = true where posting_id = 'p2'")
    build_pay(connection, min_salary_n=1)
    by_industry = fetch(
        connection,
        "select source, n, mean_annual from marts.salary_by_industry"
        " where occupation_code = '15-2051.00' and industry_code = '52' and source != 'oews'",
    )
    assert by_industry == [("postings", 1, 100000.0), ("postings_estimated", 1, 120000.0)]
    headline = fetch(
        connection,
        "select source, n, mean_annual from marts.occupation_salaries where occupation_code = '15-2051.00'",
    )
    assert headline == [
        ("oews", None, 110000.0),
        ("postings", 2, 95000.0),
        ("postings_estimated", 1, 120000.0),
    ]
    connection.close()


def test_pay_in_another_currency_is_left_out_and_pay_naming_none_is_taken_as_dollars(tmp_path: Path):
    """A GBP or INR amount averaged as dollars (p2's 120,000 as rupees) made the mean a mix of currencies."""
    connection = build_fixture_marts(tmp_path / "m.duckdb")
    connection.execute("update staging.postings set salary_currency = 'INR' where posting_id = 'p2'")
    connection.execute("update staging.postings set salary_currency = null where posting_id = 'p3'")
    build_pay(connection, min_salary_n=1)
    headline = fetch(
        connection,
        "select n, mean_annual from marts.occupation_salaries"
        " where occupation_code = '15-2051.00' and source = 'postings'",
    )
    assert headline == [(2, 95000.0)]  # p1's 100,000 USD and p3's 90,000 naming no currency
    connection.close()


def test_occupation_salaries_headline_annual_and_hourly(con):
    rows = fetch(
        con,
        "select occupation_code, source, n, employment, mean_annual, mean_hourly, release_year, first_date, suppressed"
        " from marts.occupation_salaries",
    )
    assert rows == [
        ("15-1252.00", "oews", None, 500000.0, 135000.0, 64.9, 2024, None, False),
        ("15-2051.00", "oews", None, 200000.0, 110000.0, 52.88, 2024, None, False),
        (
            "15-2051.00",
            "postings",
            3,
            None,
            pytest.approx(310000 / 3),
            pytest.approx(310000 / 3 / 2080),
            None,
            datetime.date(2026, 3, 1),
            False,
        ),
    ]


def test_top_paying_industry_shows_ties(con):
    # Information and Finance both pay $130,000 on OEWS: the tie is listed, and no industry leads clearly
    assert fetch(
        con,
        "select occupation_code, source, industry, mean_annual, n, tied_industries, clear_lead"
        " from marts.top_paying_industry",
    ) == [
        (
            "15-1252.00",
            "oews",
            "Professional, Scientific, and Technical Services",
            140000.0,
            90000,
            [],
            False,
        ),
        ("15-2051.00", "oews", "Finance and Insurance", 130000.0, 20000, ["Information"], False),
        ("15-2051.00", "postings", "Finance and Insurance", 110000.0, 2, [], False),
    ]


def test_pay_is_compared_like_with_like_with_an_interval(tmp_path: Path):
    connection = build_fixture_marts(tmp_path / "m.duckdb")
    row = connection.execute(
        "select salary_delta, salary_source, salary_delta_low, salary_delta_high, salary_delta_significant"
        " from marts.occupation_comparisons where occupation_code = '15-2051.00'"
    ).fetchone()
    # OEWS standard errors 2.5% of 110,000 and of 135,000
    se = math.sqrt(2750**2 + 3375**2)
    z = 1.959963984540054
    assert row == (25000.0, "oews", pytest.approx(25000 - z * se), pytest.approx(25000 + z * se), True)
    # without Software Developers' OEWS mean only 15-2051.00 has a (posting) mean: nothing like to compare
    connection.execute("delete from staging.oews_wages where soc_code = '15-1252'")
    build_pay(connection, min_salary_n=2)
    build_table(
        connection,
        "marts",
        "occupation_comparisons",
        {"k": 5, "min_docs": 2, "prior_strength": 100, "min_precision": 0.8},
    )
    assert connection.execute(
        "select salary_delta, salary_source from marts.occupation_comparisons where occupation_code = '15-2051.00'"
    ).fetchall() == [(None, None)]
    connection.close()
