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
MIN_ANNUAL = 10_000
MAX_ANNUAL = 2_000_000
PLAUSIBLE_ANNUAL = (MIN_ANNUAL, MAX_ANNUAL)

_CURRENCIES: dict[str, str] = _TERMS["currencies"]
# Checked in order: "bi-weekly" before "weekly", "semi-monthly" before "monthly".
_PERIODS = tuple((re.compile(p["pattern"], re.I), p["period"]) for p in _TERMS["periods"])
# "45.000" and "1.200.000" are thousands with dots (written so in much of Europe): no currency gives
# three decimal places. "45 000" groups thousands with a space (France, Scandinavia, South Africa).
# Multipliers: k, m, and India's lakh (100,000; "LPA" is lakhs per annum) and crore (10,000,000).
_AMOUNT = re.compile(
    r"(\d{1,3}(?:\.\d{3})+(?![\d.,])|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,])|\d[\d,]*(?:\.\d+)?)"
    r"\s*(k|m|lpa|lakhs?|lacs?|crores?|cr)?\b",
    re.I,
)
_DOT_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_MULTIPLIERS: dict[str, int] = _TERMS["multipliers"]
# Symbols anywhere, longest first ("CA$" is Canadian, not "A$"); codes as whole words.
_CURRENCY = re.compile(
    "|".join(re.escape(k) for k in sorted(_CURRENCIES, key=len, reverse=True) if not k.isalpha())
    + r"|\b(?:"
    + "|".join(k for k in _CURRENCIES if k.isalpha())
    + r")\b",
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


def _amount(number: str, suffix: str | None) -> float:
    digits = re.sub(r"[ \u00a0\u202f]", "", number)
    value = float(digits.replace(".", "") if _DOT_THOUSANDS.match(digits) else digits.replace(",", ""))
    if suffix:
        value *= _MULTIPLIERS[suffix.lower().removesuffix("s")]
    return value


_ASCII_DIGIT = re.compile("[0-9]")


def parse_salary_text(text: str) -> Salary | None:
    """``$53K-$91K (Glassdoor est.)``, ``Employer Provided Salary:$150K-$160K``, ``$17-$24 Per Hour``,
    ``$85,000 - $95,000 a year``, ``Up to $40 an hour``, ``£30k``. None when no salary is given."""
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
    period = next((p for pattern, p in _PERIODS if pattern.search(text)), None)
    if period is None:
        # No period written: an hourly-sized figure is an hourly rate, anything else a yearly one.
        period = "HOUR" if max(amounts) < 500 else "YEAR"
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
        number = float(str(value).replace(",", ""))
    except ValueError:
        raise SalaryError(f"{field} is not a number: {value!r}") from None
    if not math.isfinite(number):
        raise SalaryError(f"{field} is not a finite number: {value!r}")
    if number < 0:
        raise SalaryError(f"{field} is negative: {value!r}")
    return number


def _first(value: Any) -> Any:
    """schema.org allows a list wherever one value goes; the first is the one read."""
    return value[0] if isinstance(value, list) and value else value


def parse_monetary_amount(amount: dict[str, Any]) -> Salary | None:
    """A schema.org ``MonetaryAmount`` (``value`` a number or a ``QuantitativeValue``), a
    ``PriceSpecification`` (``price``, ``minPrice``, ``maxPrice``) or a ``MonetaryAmountDistribution``
    (``median``, its ``duration`` the period)."""
    value = _first(amount.get("value"))
    unit = amount.get("unitText") or amount.get("unitCode") or amount.get("duration")
    if isinstance(value, dict):
        unit = value.get("unitText") or value.get("unitCode") or unit
        low = _number(value.get("minValue"), "minValue")
        high = _number(value.get("maxValue"), "maxValue")
        single = _number(value.get("value"), "value")
    else:
        low = _number(amount.get("minValue", amount.get("minPrice")), "minValue")
        high = _number(amount.get("maxValue", amount.get("maxPrice")), "maxValue")
        single = _number(value if value is not None else amount.get("price", amount.get("median")), "value")
    if low is None and high is None:
        low = high = single
    if low is None and high is None:
        return None
    if low is not None and high is not None and low > high:
        raise SalaryError(f"inverted range: minValue {low:,.0f} above maxValue {high:,.0f}")
    period = period_of(unit or "YEAR")
    if period is None:
        raise SalaryError(f"unknown unitText {unit!r}")
    currency = amount.get("currency") or amount.get("priceCurrency")
    return Salary(low, high, period, str(currency).upper() if currency else None, False)


def parse_salary(raw: str | None, currency: str | None = None) -> Salary | None:
    """Either form, as kept in ``staging.postings.salary_raw`` (MonetaryAmount objects as JSON; an
    ``estimatedSalary`` wrapped as ``{"estimatedSalary": ...}``). ``currency`` is the posting's own
    currency column or ``salaryCurrency``, used when the amount names none."""
    if raw is None:
        return None
    text = raw.strip()
    if text.startswith("{"):
        try:
            amount = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SalaryError(f"unreadable baseSalary JSON: {exc.msg}") from exc
        if not isinstance(amount, dict):
            raise SalaryError("baseSalary JSON is not an object")
        estimated = "estimatedSalary" in amount
        inner = _first(amount["estimatedSalary"]) if estimated else amount
        if not isinstance(inner, dict):
            salary = parse_salary_text(str(inner))
        else:
            salary = parse_monetary_amount(inner)
        if salary is not None and estimated:
            salary = replace(salary, is_estimate=True)
    else:
        salary = parse_salary_text(text)
    if salary is not None and salary.currency is None and currency:
        salary = replace(salary, currency=currency.strip().upper())
    return salary
