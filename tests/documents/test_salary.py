import json

import pytest

from pipelines.documents.fields import ValueErrors
from pipelines.documents.postings import salary_fields
from pipelines.documents.salary import SalaryError, parse_salary


@pytest.mark.parametrize(
    ("raw", "period", "currency", "estimate", "annual"),
    [
        ("$53K-$91K (Glassdoor est.)", "YEAR", "USD", True, (53_000, 91_000, 72_000)),
        ("Employer Provided Salary:$150K-$160K", "YEAR", "USD", False, (150_000, 160_000, 155_000)),
        ("$17-$24 Per Hour(Glassdoor est.)", "HOUR", "USD", True, (35_360, 49_920, 42_640)),
        ("$85,000 - $95,000 a year", "YEAR", "USD", False, (85_000, 95_000, 90_000)),
        ("Up to $40 an hour", "HOUR", "USD", False, (None, 83_200, 83_200)),
        ("From $4,000 per month", "MONTH", "USD", False, (48_000, None, 48_000)),
        ("£30k", "YEAR", "GBP", False, (30_000, 30_000, 30_000)),
        ("$120K – $140K", "YEAR", "USD", False, (120_000, 140_000, 130_000)),
        ("$250 - $300 a day", "DAY", "USD", False, (65_000, 78_000, 71_500)),
        ("$1,500 weekly", "WEEK", "USD", False, (78_000, 78_000, 78_000)),
        # dots as thousands separators, a multiplier written once for a range, a Canadian dollar
        ("€45.000 - €55.000", "YEAR", "EUR", False, (45_000, 55_000, 50_000)),
        ("$70-80K", "YEAR", "USD", False, (70_000, 80_000, 75_000)),
        ("CA$70,000–CA$80,000", "YEAR", "CAD", False, (70_000, 80_000, 75_000)),
        ("$15.50 - $18.75/hour", "HOUR", "USD", False, (32_240, 39_000, 35_620)),
        # India's lakh (100,000) and lakh grouping; "LPA" is lakhs per annum, written once for a range
        ("INR 6 LPA", "YEAR", "INR", False, (600_000, 600_000, 600_000)),
        ("6-8 LPA", "YEAR", "INR", False, (600_000, 800_000, 700_000)),  # lakhs are rupees
        ("10 lakhs", "YEAR", "INR", False, (1_000_000, 1_000_000, 1_000_000)),
        ("5-7 Lacs", "YEAR", "INR", False, (500_000, 700_000, 600_000)),
        ("Rs. 4.5 lakhs per annum", "YEAR", "INR", False, (450_000, 450_000, 450_000)),
        ("₹5,00,000 - ₹8,00,000 per annum", "YEAR", "INR", False, (500_000, 800_000, 650_000)),
        # thousands grouped by a space (plain or no-break), and other currencies
        ("50 000 € par an", "YEAR", "EUR", False, (50_000, 50_000, 50_000)),
        ("CHF 110\u00a0000 - 130\u00a0000", "YEAR", "CHF", False, (110_000, 130_000, 120_000)),
        ("S$6,000/month", "MONTH", "SGD", False, (72_000, 72_000, 72_000)),
        ("100 000 ₽", "YEAR", "RUB", False, (100_000, 100_000, 100_000)),
        # a currency named in words, and symbols several currencies write (kept as written)
        ("1,500,000 yen", "YEAR", "JPY", False, (1_500_000, 1_500_000, 1_500_000)),
        ("45,000 Swiss francs", "YEAR", "CHF", False, (45_000, 45_000, 45_000)),
        ("¥1,500,000", "YEAR", "¥", False, (1_500_000, 1_500_000, 1_500_000)),
        ("450 000 kr", "YEAR", "kr", False, (450_000, 450_000, 450_000)),
        ("AED 15,000 per month", "MONTH", "AED", False, (180_000, 180_000, 180_000)),
        # pay periods beyond the OEWS four: every two weeks, twice a month, a quarter
        ("$2,000 bi-weekly", "BIWEEK", "USD", False, (52_000, 52_000, 52_000)),
        ("$2,500 semi-monthly", "SEMIMONTH", "USD", False, (60_000, 60_000, 60_000)),
        ("$15,000 quarterly", "QUARTER", "USD", False, (60_000, 60_000, 60_000)),
        ("Pay - $50K", "YEAR", "USD", False, (50_000, 50_000, 50_000)),
        # multipliers in words, written once for a range ("50 to 70 thousand" is no hourly wage)
        ("50 to 70 thousand", "YEAR", None, False, (50_000, 70_000, 60_000)),
        ("$50-70 thousand a year", "YEAR", "USD", False, (50_000, 70_000, 60_000)),
        ("$60 thousand", "YEAR", "USD", False, (60_000, 60_000, 60_000)),
        ("$1.2 million", "YEAR", "USD", False, (1_200_000, 1_200_000, 1_200_000)),
        ("$50k–$70k", "YEAR", "USD", False, (50_000, 70_000, 60_000)),
        ("up to $80k", "YEAR", "USD", False, (None, 80_000, 80_000)),
        # "+" or "or more" after an amount is a lower bound, never an upper one as well
        ("$100,000+", "YEAR", "USD", False, (100_000, None, 100_000)),
        ("$60K or more", "YEAR", "USD", False, (60_000, None, 60_000)),
        ("$40+/hour", "HOUR", "USD", False, (83_200, None, 83_200)),
        ("$50K + bonus", "YEAR", "USD", False, (50_000, 50_000, 50_000)),
        ("$50K + commission", "YEAR", "USD", False, (50_000, 50_000, 50_000)),
        ("$100,000+ per year", "YEAR", "USD", False, (100_000, None, 100_000)),
        ("$20+ per hour", "HOUR", "USD", False, (41_600, None, 41_600)),
        ("£45,000+ DOE", "YEAR", "GBP", False, (45_000, None, 45_000)),
    ],
)
def test_salary_strings(raw, period, currency, estimate, annual):
    salary = parse_salary(raw)
    assert (salary.period, salary.currency, salary.is_estimate) == (period, currency, estimate)
    assert salary.annual() == annual


@pytest.mark.parametrize(
    ("unit", "annual"),
    [("HOUR", (83_200, 114_400, 98_800)), ("MONTH", (480, 660, 570)), ("YEAR", (40, 55, 47.5))],
)
def test_monetary_amount(unit, annual):
    raw = json.dumps(
        {
            "@type": "MonetaryAmount",
            "currency": "USD",
            "value": {"minValue": 40, "maxValue": 55, "unitText": unit},
        }
    )
    salary = parse_salary(raw)
    assert salary.period == unit
    if unit == "HOUR":
        assert salary.annual() == annual
    else:
        with pytest.raises(SalaryError, match="implausible"):
            salary.annual()


def test_monetary_amount_single_value():
    salary = parse_salary(json.dumps({"currency": "EUR", "value": {"value": 5000, "unitText": "MONTH"}}))
    assert salary.annual() == (60_000, 60_000, 60_000) and salary.currency == "EUR"


@pytest.mark.parametrize("raw", ["-1", "", "N/A"])
def test_missing_salary_is_not_an_error(raw):
    assert parse_salary(raw) is None


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("competitive", "no amount"),
        ("$5 - $6 a year", "implausible"),
        ("$900K-$3M", "implausible"),
        ("1 2 3", "more than two amounts"),
        ('{"value": {"minValue": "lots"}}', "not a number"),
        ('{"value": {"minValue": 10, "unitText": "PER LIGHTYEAR"}}', "unknown unitText"),
        # what a fault-injection run found passing as pay
        ("1e309", "exponent notation"),
        ("$1e309", "exponent notation"),
        ("1e-309", "exponent notation"),
        ("$-5", "negative amount"),
        ("-$50,000", "negative amount"),
        ("$100K-$50K", "inverted range"),
        ('{"value": {"minValue": 100000, "maxValue": 50000}}', "inverted range"),
        ('{"value": {"minValue": -5, "maxValue": 10}}', "negative"),
        ('{"value": {"value": "1e309"}}', "exponent notation"),
        ('{"value": {"value": "Infinity"}}', "not a finite number"),
        # a salary present but unreadable is a rejected value, never an empty salary
        ('{"foo": "bar"}', "no amount"),
        ('{"@type": "MonetaryAmount", "value": {"unitText": "YEAR"}}', "no amount"),
        ("NaN", "not a finite number"),
        ("-Infinity", "not a finite number"),
    ],
)
def test_bad_salaries_leave_columns_null_with_a_reason(raw, reason):
    errors = ValueErrors()
    fields = salary_fields(raw, errors=errors)
    assert fields["salary_annual"] is None and fields["salary_min"] is None
    assert [e["field"] for e in errors.items] == ["salary"] and reason in errors.items[0]["reason"]


@pytest.mark.parametrize(
    ("raw", "currency", "low", "high"),
    [
        # a comma before one or two final digits is a decimal comma, not a thousands separator
        ("$45,5", "USD", 45.5, 45.5),
        ("€12,50 - €14,75 per hour", "EUR", 12.5, 14.75),
        # Europe's dot thousands with decimals, Switzerland's apostrophes, thin and narrow spaces
        ("75.000,00 €", "EUR", 75_000, 75_000),
        ("CHF 120'000", "CHF", 120_000, 120_000),
        ("CHF 100\u2019000 - 120\u2019000", "CHF", 100_000, 120_000),
        ("50\u2009000 € par an", "EUR", 50_000, 50_000),
        ("60\u202f000,50 €", "EUR", 60_000.5, 60_000.5),
        # three digits after the comma still group thousands
        ("$45,500", "USD", 45_500, 45_500),
    ],
)
def test_decimal_commas_and_european_grouping(raw, currency, low, high):
    salary = parse_salary(raw)
    assert (salary.minimum, salary.maximum, salary.currency) == (low, high, currency)


def test_a_decimal_comma_in_a_structured_amount():
    salary = parse_salary(json.dumps({"value": {"value": "45,5", "unitText": "HOUR"}}))
    assert salary.minimum == 45.5


@pytest.mark.parametrize(("raw", "period"), [("199", "HOUR"), ("$199.99", "HOUR"), ("60000", "YEAR")])
def test_a_bare_amount_is_hourly_only_where_an_hourly_wage_is_plausible(raw, period):
    assert parse_salary(raw).period == period


@pytest.mark.parametrize("raw", ["200", "$499", "$45,5 - $499"])
def test_a_bare_amount_too_large_for_an_hour_and_too_small_for_a_year_is_rejected(raw):
    with pytest.raises(SalaryError, match="implausible annual amount"):
        parse_salary(raw).annual()


def _amount(value: float, unit: str) -> dict[str, object]:
    return {"@type": "MonetaryAmount", "currency": "USD", "value": {"value": value, "unitText": unit}}


def test_a_list_of_amounts_annualises_each_by_its_own_unit_and_takes_the_first_plausible():
    salary = parse_salary(json.dumps([_amount(30, "HOUR"), _amount(62_400, "YEAR")]))
    assert (salary.period, salary.annual()) == ("HOUR", (62_400, 62_400, 62_400))
    salary = parse_salary(json.dumps([_amount(30, "YEAR"), _amount(62_400, "YEAR")]))
    assert (salary.period, salary.annual()) == ("YEAR", (62_400, 62_400, 62_400))


def test_a_list_of_amounts_none_plausible_gives_the_first_reason():
    with pytest.raises(SalaryError, match="implausible annual amount 30 "):
        parse_salary(json.dumps([_amount(30, "YEAR"), _amount(5, "YEAR")])).annual()


def test_an_amount_given_empty_is_no_salary():
    assert parse_salary('{"@type": "MonetaryAmount", "currency": "USD", "value": null}') is None


@pytest.mark.parametrize(
    ("currency", "code"),
    [
        ("US Dollars", "USD"),
        ("euros", "EUR"),
        ("Pounds  Sterling", "GBP"),
        ("usd", "USD"),
        ("Zorkmid", "ZORKMID"),
    ],
)
def test_currency_names_become_iso_codes_and_unknown_ones_stay_upper_cased(currency, code):
    assert parse_salary("50000", currency).currency == code
    amount = json.dumps({"currency": currency, "value": {"value": 50_000, "unitText": "YEAR"}})
    assert parse_salary(amount).currency == code


def test_the_currency_column_names_what_an_ambiguous_sign_left_open():
    assert parse_salary("¥1,500,000", "JPY").currency == "JPY"
    assert parse_salary("¥1,500,000").currency == "¥"
    # "$" alone is written by every dollar: the column says which; a symbol of one currency stands
    assert parse_salary("$85,000", "CAD").currency == "CAD"
    assert parse_salary("$85,000").currency == "USD"
    assert parse_salary("£30,000", "USD").currency == "GBP"
    assert parse_salary("CA$70,000", "USD").currency == "CAD"
