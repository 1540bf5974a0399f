"""Salary strings and schema.org ``MonetaryAmount`` objects to annual amounts (OEWS conventions)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from pipelines.documents.text import is_null_token

# OEWS annualises hourly wages with 2,080 hours; the other periods follow the same full-year logic.
ANNUAL_FACTORS = {"HOUR": 2080, "DAY": 260, "WEEK": 52, "MONTH": 12, "YEAR": 1}
MIN_ANNUAL = 10_000
MAX_ANNUAL = 2_000_000
PLAUSIBLE_ANNUAL = (MIN_ANNUAL, MAX_ANNUAL)

_CURRENCIES = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "£": "GBP",
    "gbp": "GBP",
    "€": "EUR",
    "eur": "EUR",
    "c$": "CAD",
    "ca$": "CAD",
    "cad": "CAD",
    "a$": "AUD",
    "au$": "AUD",
    "aud": "AUD",
    "nz$": "NZD",
    "nzd": "NZD",
    "₹": "INR",
    "inr": "INR",
    "rs": "INR",
    "s$": "SGD",
    "sgd": "SGD",
    "hk$": "HKD",
    "hkd": "HKD",
    "chf": "CHF",
    "jpy": "JPY",
    "cny": "CNY",
    "rmb": "CNY",
    "zar": "ZAR",
    "sek": "SEK",
    "nok": "NOK",
    "dkk": "DKK",
    "pln": "PLN",
    "mxn": "MXN",
    "r$": "BRL",
    "brl": "BRL",
}
_PERIODS = (
    (re.compile(r"\b(per|an?|/)\s*(hour|hr)\b|\bhourly\b|/\s*h\b", re.I), "HOUR"),
    (re.compile(r"\b(per|an?|/)\s*day\b|\bdaily\b", re.I), "DAY"),
    (re.compile(r"\b(per|an?|/)\s*week\b|\bweekly\b", re.I), "WEEK"),
    (re.compile(r"\b(per|an?|/)\s*(month|mo)\b|\bmonthly\b", re.I), "MONTH"),
    (
        re.compile(
            r"\b(per|an?|/)\s*(year|yr|annum)\b|\bannual(ly)?\b|\byearly\b|\bp\.?a\.?\b|\d\s*lpa\b|\bctc\b",
            re.I,
        ),
        "YEAR",
    ),
)
# "45.000" and "1.200.000" are thousands with dots (written so in much of Europe): no currency gives
# three decimal places. "45 000" groups thousands with a space (France, Scandinavia, South Africa).
# Multipliers: k, m, and India's lakh (100,000; "LPA" is lakhs per annum) and crore (10,000,000).
_AMOUNT = re.compile(
    r"(\d{1,3}(?:\.\d{3})+(?![\d.,])|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,])|\d[\d,]*(?:\.\d+)?)"
    r"\s*(k|m|lpa|lakhs?|lacs?|crores?|cr)?\b",
    re.I,
)
_DOT_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_MULTIPLIERS = {
    "k": 1_000,
    "m": 1_000_000,
    "lpa": 100_000,
    "lakh": 100_000,
    "lac": 100_000,
    "crore": 10_000_000,
    "cr": 10_000_000,
}
# Symbols anywhere, longest first ("CA$" is Canadian, not "A$"); codes as whole words.
_CURRENCY = re.compile(
    "|".join(re.escape(k) for k in sorted(_CURRENCIES, key=len, reverse=True) if not k.isalpha())
    + r"|\b(?:"
    + "|".join(k for k in _CURRENCIES if k.isalpha())
    + r")\b",
    re.I,
)
_ESTIMATE = re.compile(r"\best\b\.?|\bestimate", re.I)
_UP_TO = re.compile(r"\b(up to|max(imum)?|to)\s*[$£€₹]?\s*\d", re.I)
_FROM = re.compile(r"\b(from|min(imum)?|starting at|at least)\b", re.I)
_UNIT_TEXT = {
    "HOUR": "HOUR",
    "HOURLY": "HOUR",
    "HR": "HOUR",
    "PER HOUR": "HOUR",
    "YR": "YEAR",
    "PER YEAR": "YEAR",
    "ANNUM": "YEAR",
    "PER ANNUM": "YEAR",
    "PER MONTH": "MONTH",
    "PER WEEK": "WEEK",
    "PER DAY": "DAY",
    "DAY": "DAY",
    "DAILY": "DAY",
    "WEEK": "WEEK",
    "WEEKLY": "WEEK",
    "MONTH": "MONTH",
    "MONTHLY": "MONTH",
    "YEAR": "YEAR",
    "YEARLY": "YEAR",
    "ANNUAL": "YEAR",
    "ANNUALLY": "YEAR",
}


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


def parse_salary_text(text: str) -> Salary | None:
    """``$53K-$91K (Glassdoor est.)``, ``Employer Provided Salary:$150K-$160K``, ``$17-$24 Per Hour``,
    ``$85,000 - $95,000 a year``, ``Up to $40 an hour``, ``£30k``. None when no salary is given."""
    if is_null_token(text):
        return None
    found = _AMOUNT.findall(text)
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
        low, high = sorted(amounts)
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
    try:
        return float(str(value).replace(",", ""))
    except ValueError:
        raise SalaryError(f"{field} is not a number: {value!r}") from None


def parse_monetary_amount(amount: dict[str, Any]) -> Salary | None:
    """A schema.org ``MonetaryAmount`` (``value`` a number or a ``QuantitativeValue``)."""
    value = amount.get("value")
    unit = amount.get("unitText")
    if isinstance(value, dict):
        unit = value.get("unitText", unit)
        low = _number(value.get("minValue"), "minValue")
        high = _number(value.get("maxValue"), "maxValue")
        single = _number(value.get("value"), "value")
    else:
        low = high = None
        single = _number(value, "value")
    if low is None and high is None:
        low = high = single
    if low is None and high is None:
        return None
    period = _UNIT_TEXT.get(str(unit or "YEAR").strip().upper())
    if period is None:
        raise SalaryError(f"unknown unitText {unit!r}")
    currency = amount.get("currency")
    return Salary(low, high, period, str(currency).upper() if currency else None, False)


def parse_salary(raw: str | None) -> Salary | None:
    """Either form, as kept in ``staging.postings.salary_raw`` (MonetaryAmount objects as JSON)."""
    if raw is None:
        return None
    text = raw.strip()
    if text.startswith("{"):
        try:
            amount = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SalaryError(f"unreadable baseSalary JSON: {exc.msg}") from exc
        return parse_monetary_amount(amount)
    return parse_salary_text(text)
