"""Salary strings and schema.org ``MonetaryAmount`` objects to annual amounts (OEWS conventions)."""

from __future__ import annotations

import json
import math
import re
import tomllib
from dataclasses import dataclass, replace
from typing import Any

from pipelines import REFERENCE_DIR
from pipelines.documents.text import is_null_token

# The parser's vocabulary: pay periods, currencies, multipliers (reference/salary_terms.toml).
with (REFERENCE_DIR / "salary_terms.toml").open("rb") as _f:
    _TERMS = tomllib.load(_f)
# periods in a year (OEWS: 2,080 hours)
ANNUAL_FACTORS: dict[str, int] = _TERMS["annual_factors"]
# The currency pay tables are in (BLS OEWS publishes US dollars): a posting paid in another is kept
# in staging.postings as written and left out of them (no exchange rates are applied).
PAY_CURRENCY = "USD"
MIN_ANNUAL = 10_000
MAX_ANNUAL = 2_000_000
PLAUSIBLE_ANNUAL = (MIN_ANNUAL, MAX_ANNUAL)

_CURRENCIES: dict[str, str] = _TERMS["currencies"]
_CURRENCY_NAMES: dict[str, str] = _TERMS["currency_names"]
_MULTIPLIER_CURRENCIES: dict[str, str] = _TERMS["multiplier_currencies"]
# Checked in order: "bi-weekly" before "weekly", "semi-monthly" before "monthly".
_PERIODS = tuple((re.compile(p["pattern"], re.I), p["period"]) for p in _TERMS["periods"])
# "45.000" and "1.200.000" are thousands with dots (written so in much of Europe): no currency gives
# three decimal places; "75.000,00" adds decimals with a comma. "45 000" and "120'000" group thousands
# with a space (France, Scandinavia, South Africa; also thin and narrow no-break) or an apostrophe
# (Switzerland). A comma before one or two final digits ("45,5", "1.234,50") is a decimal comma.
# Multipliers (reference/salary_terms.toml, each also plural): k, thousand, m, million, and India's
# lakh (100,000; "LPA" is lakhs per annum) and crore (10,000,000).
_GROUP = "[ \u00a0\u2009\u202f'\u2019]"
_MULTIPLIERS: dict[str, int] = _TERMS["multipliers"]
_AMOUNT = re.compile(
    r"(\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?(?![\d.,])"
    rf"|\d{{1,3}}(?:{_GROUP}\d{{3}})+(?:[.,]\d{{1,2}})?(?![\d.,])"
    r"|\d{1,3}(?:,\d{3})*,\d{1,2}(?![\d.,])"
    r"|\d[\d,]*(?:\.\d+)?)"
    rf"\s*((?:{'|'.join(map(re.escape, sorted(_MULTIPLIERS, key=len, reverse=True)))})s?)?\b",
    re.I,
)
_DOT_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?$")
_GROUPING = re.compile(_GROUP)
_DECIMAL_COMMA = re.compile(r",(\d{1,2})$")
# Symbols anywhere, longest first ("CA$" is Canadian, not "A$"); codes as whole words.
_CURRENCY = re.compile(
    "|".join(re.escape(k) for k in sorted(_CURRENCIES, key=len, reverse=True) if not k.isalpha())
    + r"|\b(?:"
    + "|".join(k for k in _CURRENCIES if k.isalpha())
    + r")\b",
    re.I,
)
_CURRENCY_NAME = re.compile(
    r"\b(?:"
    + "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(_CURRENCY_NAMES, key=len, reverse=True))
    + r")\b",
    re.I,
)
_AMBIGUOUS_SYMBOLS = frozenset(_TERMS["ambiguous_currency_symbols"])
_AMBIGUOUS_CURRENCY = re.compile(
    "|".join(re.escape(k) if not k.isalpha() else rf"\b{re.escape(k)}\b" for k in _AMBIGUOUS_SYMBOLS),
    re.I,
)
_ESTIMATE = re.compile(_TERMS["estimate"], re.I)
_UP_TO = re.compile(_TERMS["up_to"], re.I)
_FROM = re.compile(_TERMS["from"], re.I)
# unitText / duration / unitCode values, compared upper-case without spaces, hyphens or underscores.
_UNIT_TEXT = {unit: period for period, units in _TERMS["unit_text"].items() for unit in units}
# "1e309" and "$1e-309" are no salaries: a spreadsheet or a fault wrote them, not an employer.
_EXPONENT = re.compile(r"\d(?:\.\d+)?\s*e[+-]?\d", re.I)
# A minus sign attached to the first amount ("-$50,000", "$-5"); "Pay - $50K" is a dash, and between
# amounts a dash is a range.
_NEGATIVE = re.compile(r"(?:^|[^\w-])[-\u2212](?:[$£€₹]|[a-z]{1,3}\$?)?$", re.I)


def period_of(unit: object) -> str | None:
    return _UNIT_TEXT.get(re.sub(r"[\s_-]+", "", str(unit).upper()))


class SalaryError(ValueError):
    """The salary could not be read, or is implausible once annualised; the message says which."""


@dataclass(frozen=True)
class Salary:
    minimum: float | None
    maximum: float | None
    period: str
    currency: str | None
    is_estimate: bool

    def annual(self) -> tuple[float | None, float | None, float]:
        factor = ANNUAL_FACTORS[self.period]
        low = self.minimum * factor if self.minimum is not None else None
        high = self.maximum * factor if self.maximum is not None else None
        values = [v for v in (low, high) if v is not None]
        middle = sum(values) / len(values)
        for value in values:
            if not PLAUSIBLE_ANNUAL[0] <= value <= PLAUSIBLE_ANNUAL[1]:
                raise SalaryError(f"implausible annual amount {value:,.0f} (outside 10,000-2,000,000)")
        return low, high, middle


def _plain_number(number: str) -> str:
    """A number as Python reads it: grouping spaces, apostrophes and commas dropped, thousands dots
    dropped, a decimal comma made a point."""
    digits = _GROUPING.sub("", number.strip())
    if _DOT_THOUSANDS.match(digits):
        digits = digits.replace(".", "")
    return _DECIMAL_COMMA.sub(r".\1", digits).replace(",", "")


def _multiplier(suffix: str) -> str:
    """A multiplier as the vocabulary lists it: lower case, singular ("Lakhs" -> "lakh")."""
    return suffix.lower().removesuffix("s")


def _amount(number: str, suffix: str | None) -> float:
    value = float(_plain_number(number))
    if suffix:
        value *= _MULTIPLIERS[_multiplier(suffix)]
    return value


_ASCII_DIGIT = re.compile("[0-9]")
# "NaN" and "Infinity" are what a program writes for a number it could not compute: a value given,
# not a placeholder, so not read as an empty salary (is_null_token knows "nan" for table cells).
_NON_FINITE = re.compile(r"^\s*[-+]?(?:nan|inf|infinity)\s*$", re.I)
# With no period written, a figure under this is an hourly rate and any other a yearly salary (which
# the plausibility check rejects under 10,000): at 200 an hour a bare figure would be 416,000 a year,
# more likely a day rate, a week's pay or a slip than an hourly wage.
_BARE_HOURLY_BELOW: float = _TERMS["bare_hourly_below"]


def is_non_finite(text: str) -> bool:
    return _NON_FINITE.match(text) is not None


def parse_salary_text(text: str) -> Salary | None:
    """``$53K-$91K (Glassdoor est.)``, ``Employer Provided Salary:$150K-$160K``, ``$17-$24 Per Hour``,
    ``$85,000 - $95,000 a year``, ``Up to $40 an hour``, ``£30k``. None when no salary is given."""
    if is_non_finite(text):
        raise SalaryError(f"salary is not a finite number: {text[:80]!r}")
    if is_null_token(text):
        return None
    if _EXPONENT.search(text):
        raise SalaryError(f"amount in exponent notation in salary text {text[:80]!r}")
    found = _AMOUNT.findall(text)
    if text.isascii():  # an ASCII digit is 0-9: one search instead of a loop over the characters
        digit = _ASCII_DIGIT.search(text)
        first_digit = digit.start() if digit else len(text)
    else:
        first_digit = next((i for i, c in enumerate(text) if c.isdigit()), len(text))
    if found and _NEGATIVE.search(text[:first_digit]):
        raise SalaryError(f"negative amount in salary text {text[:80]!r}")
    amounts = [_amount(n, k) for n, k in found]
    if len(found) == 2 and found[1][1] and not found[0][1] and amounts[0] < _amount(found[1][0], None):
        # "$70-80K": the multiplier written once holds for both ends
        amounts[0] = _amount(found[0][0], found[1][1])
    if not amounts:
        raise SalaryError(f"no amount in salary text {text[:80]!r}")
    if len(amounts) > 2:
        raise SalaryError(f"more than two amounts in salary text {text[:80]!r}")
    currency_match = _CURRENCY.search(text)
    currency = _CURRENCIES[currency_match.group(0).lower()] if currency_match else None
    if currency is None and (name := _CURRENCY_NAME.search(text)):
        currency = currency_code(name.group(0))
    if currency is None and (symbol := _AMBIGUOUS_CURRENCY.search(text)):
        currency = symbol.group(0).lower()  # yen or yuan, one of the crowns: as written, never dollars
    if currency is None:
        implied = (_MULTIPLIER_CURRENCIES.get(_multiplier(k)) for _, k in found if k)
        currency = next((c for c in implied if c), None)
    period = next((p for pattern, p in _PERIODS if pattern.search(text)), None)
    if period is None:
        period = "HOUR" if max(amounts) < _BARE_HOURLY_BELOW else "YEAR"
    if len(amounts) == 2:
        low, high = amounts
        if low > high:
            raise SalaryError(f"inverted range in salary text {text[:80]!r}: {low:,.0f} above {high:,.0f}")
    elif _UP_TO.search(text):
        low, high = None, amounts[0]
    elif _FROM.search(text):
        low, high = amounts[0], None
    else:
        low = high = amounts[0]
    return Salary(low, high, period, currency, bool(_ESTIMATE.search(text)))


def _number(value: Any, field: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise SalaryError(f"{field} is not a number: {value!r}")
    if isinstance(value, str) and _EXPONENT.search(value):
        raise SalaryError(f"{field} is in exponent notation: {value!r}")
    try:
        number = float(_plain_number(value) if isinstance(value, str) else value)
    except ValueError:
        raise SalaryError(f"{field} is not a number: {value!r}") from None
    if not math.isfinite(number):
        raise SalaryError(f"{field} is not a finite number: {value!r}")
    if number < 0:
        raise SalaryError(f"{field} is negative: {value!r}")
    return number


# The keys a MonetaryAmount, PriceSpecification or MonetaryAmountDistribution gives its amount in: an
# object with none of them holds no salary that could be read.
_QUANTITY_KEYS = ("value", "minValue", "maxValue")  # of a QuantitativeValue
_AMOUNT_KEYS = (*_QUANTITY_KEYS, "price", "minPrice", "maxPrice", "median")


def currency_code(name: str) -> str:
    """The ISO 4217 code of a currency column's or ``currency`` property's value: a code, a symbol or
    a name (``US Dollars``, ``euros``; ``reference/salary_terms.toml``); any other, upper-cased."""
    key = " ".join(name.lower().split())
    return _CURRENCIES.get(key) or _CURRENCY_NAMES.get(key) or key.upper()


def parse_monetary_amount(amount: dict[str, Any]) -> Salary | None:
    """A schema.org ``MonetaryAmount`` (``value`` a number or a ``QuantitativeValue``), a
    ``PriceSpecification`` (``price``, ``minPrice``, ``maxPrice``) or a ``MonetaryAmountDistribution``
    (``median``, its ``duration`` the period). None when its amount is given empty."""
    value = amount.get("value")
    # schema.org allows a list wherever one value goes; the first is the one read
    value = value[0] if isinstance(value, list) and value else value
    unit = amount.get("unitText") or amount.get("unitCode") or amount.get("duration")
    if isinstance(value, dict):
        unit = value.get("unitText") or value.get("unitCode") or unit
        low = _number(value.get("minValue"), "minValue")
        high = _number(value.get("maxValue"), "maxValue")
        single = _number(value.get("value"), "value")
        given = any(k in value for k in _QUANTITY_KEYS)
    else:
        low = _number(amount.get("minValue", amount.get("minPrice")), "minValue")
        high = _number(amount.get("maxValue", amount.get("maxPrice")), "maxValue")
        single = _number(value if value is not None else amount.get("price", amount.get("median")), "value")
        given = any(k in amount for k in _AMOUNT_KEYS)
    if low is None and high is None:
        low = high = single
    if low is None and high is None:
        if not given:
            raise SalaryError(f"no amount ({', '.join(_AMOUNT_KEYS)}) in {json.dumps(amount)[:80]}")
        return None
    if low is not None and high is not None and low > high:
        raise SalaryError(f"inverted range: minValue {low:,.0f} above maxValue {high:,.0f}")
    period = period_of(unit or "YEAR")
    if period is None:
        raise SalaryError(f"unknown unitText {unit!r}")
    currency = amount.get("currency") or amount.get("priceCurrency")
    return Salary(low, high, period, currency_code(str(currency)) if currency else None, False)


def _one_of(amounts: list[Any]) -> Salary | None:
    """Several amounts for one posting (schema.org allows a list of MonetaryAmounts, often one per
    pay period: 30 an hour and 62,400 a year), each annualised by its own unit: the first that gives a
    plausible annual figure is the salary; if none does, the first's problem is the reason."""
    problem: SalaryError | None = None
    for item in amounts:
        try:
            salary = _salary_of(item)
            if salary is not None:
                salary.annual()
                return salary
        except SalaryError as exc:
            problem = problem or exc
    if problem is not None:
        raise problem
    return None


def _salary_of(value: Any) -> Salary | None:
    if isinstance(value, list):
        return _one_of(value)
    if isinstance(value, dict):
        return parse_monetary_amount(value)
    return parse_salary_text(str(value))


# MonetaryAmount objects as salary_raw keeps them: an object, or a list of objects
_JSON_AMOUNT = re.compile(r"^(?:\{|\[\s*\{)")


def parse_salary(raw: str | None, currency: str | None = None) -> Salary | None:
    """Either form, as kept in ``staging.postings.salary_raw`` (MonetaryAmount objects as JSON, one or
    a list; an ``estimatedSalary`` wrapped as ``{"estimatedSalary": ...}``). ``currency`` is the
    posting's own currency column or ``salaryCurrency``, used when the amount names none."""
    if raw is None:
        return None
    text = raw.strip()
    if _JSON_AMOUNT.match(text):
        try:
            amount = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SalaryError(f"unreadable baseSalary JSON: {exc.msg}") from exc
        if isinstance(amount, dict) and "estimatedSalary" in amount:
            salary = _salary_of(amount["estimatedSalary"])
            salary = replace(salary, is_estimate=True) if salary is not None else None
        else:
            salary = _salary_of(amount)
    else:
        salary = parse_salary_text(text)
    if salary is None or not currency:
        return salary
    # the posting's own currency column names what the text left open or wrote as a sign several
    # currencies use: "¥", and "$" alone (a Canadian posting's "$85,000" beside its CAD column)
    sign = None if _JSON_AMOUNT.match(text) else _CURRENCY.search(text)
    if salary.currency is None or salary.currency in _AMBIGUOUS_SYMBOLS or (sign and sign.group(0) == "$"):
        salary = replace(salary, currency=currency_code(currency))
    return salary
