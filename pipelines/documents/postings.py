"""Posting records -> staging rows: schema.org JobPosting objects and posting tables (CSV exports).

A posting needs a title; one without a description (a job-board listing, a salary survey row) is
kept and counts for titles, salaries and industries, not for skill shares. A value that cannot be
read (a date, a salary, a field of the wrong type) is dropped with its reason into ``value_errors``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import polars as pl

from pipelines.documents.education import lowest_level, with_text_levels
from pipelines.documents.fields import (
    TEXT_LIST,
    VALUE_ERRORS,
    Rejection,
    Tabular,
    ValueErrors,
    WrongType,
    as_list,
    as_text,
    dedupe,
    opt_line,
    posting_date,
    skill_list,
)
from pipelines.documents.salary import SalaryError, is_non_finite, parse_salary
from pipelines.documents.text import (
    cache_short_texts,
    clean_line,
    content_hash,
    has_letter,
    has_visible_text,
    html_to_text,
    split_bullets,
    tidy_block,
)
from pipelines.ingest.columns import POSTING_SYNONYMS, ColumnMap, Declared
from pipelines.ingest.jsonld import is_job_posting

POSTING_SCHEMA: dict[str, pl.DataType] = {
    "posting_id": pl.String(),
    "source_format": pl.String(),
    "title": pl.String(),
    "description": pl.String(),
    "bullets": TEXT_LIST,
    "company": pl.String(),
    "location": pl.String(),
    "industry_raw": pl.String(),
    "sector_raw": pl.String(),
    "occupational_category_raw": pl.String(),
    "salary_raw": pl.String(),
    "education_raw": TEXT_LIST,
    "skills_raw": TEXT_LIST,
    "employment_type": pl.String(),
    "date_posted": pl.Date(),
    "education_level": pl.String(),
    "salary_min": pl.Float64(),
    "salary_max": pl.Float64(),
    "salary_period": pl.String(),
    "salary_currency": pl.String(),
    "salary_is_estimate": pl.Boolean(),
    "salary_min_annual": pl.Float64(),
    "salary_max_annual": pl.Float64(),
    "salary_annual": pl.Float64(),
    "value_errors": VALUE_ERRORS,
    "text_hash": pl.String(),
}
_SALARY_COLUMNS = [c for c in POSTING_SCHEMA if c.startswith("salary_") and c != "salary_raw"]


def _name_of(value: object, field: str) -> str | None:
    """schema.org values that may be a text or an object with a ``name`` (``DefinedTerm``,
    ``Organization``), one or a list."""
    if isinstance(value, dict):
        return as_text(value.get("name") or value.get("termCode"), f"{field}.name")
    if isinstance(value, list):
        names = [_name_of(v, field) for v in value]
        return "; ".join(n for n in names if n) or None
    return as_text(value, field)


def _location_of(value: object, field: str = "jobLocation") -> str | None:
    if isinstance(value, list):
        parts = [_location_of(v) for v in value]
        return "; ".join(p for p in parts if p) or None
    if isinstance(value, dict):
        address = value.get("address", value)
        if isinstance(address, list):
            return _location_of([{"address": a} for a in address])
        if isinstance(address, dict):
            keys = ("addressLocality", "addressRegion", "addressCountry")
            parts = [_name_of(address.get(k), f"jobLocation.address.{k}") for k in keys]
            return ", ".join(p for p in parts if p) or _name_of(value.get("name"), "jobLocation.name")
        return _name_of(address, "jobLocation.address")
    return as_text(value, "jobLocation")


def _code_of(value: object, field: str) -> str | None:
    """A ``CategoryCode`` (``codeValue``), ``PropertyValue`` (``value``), or a text; the first of a list."""
    if isinstance(value, dict):
        return as_text(value.get("codeValue") or value.get("value") or value.get("name"), field)
    if isinstance(value, list):
        return _code_of(value[0], field) if value else None
    return as_text(value, field)


def _education_of(value: object, field: str = "educationRequirements") -> list[str]:
    """Text, or ``EducationalOccupationalCredential`` whose ``credentialCategory`` is a text or a
    ``DefinedTerm``; one or a list."""
    if value is None:
        return []
    if isinstance(value, list):
        return [e for v in value for e in _education_of(v)]
    if isinstance(value, dict):
        name = value.get("credentialCategory") or value.get("name")
        text = _name_of(name, "educationRequirements.credentialCategory")
        return [clean_line(text)] if text else []
    text = as_text(value, "educationRequirements")
    return [clean_line(text)] if text else []


def _skills_of(value: object, field: str = "skills") -> list[str]:
    """A list as text (``"Java, SQL"``), a list, or one ``DefinedTerm``."""
    if isinstance(value, str) and not value.strip().startswith("["):
        return skill_list(value, field)
    if isinstance(value, list):
        return [n for v in value if (n := _name_of(v, "skills"))]
    if isinstance(value, dict):
        name = _name_of(value, "skills")
        return [clean_line(name)] if name else []
    return as_list(value, "skills")


def _salary_raw(value: object, estimated: bool = False) -> str | None:
    """``baseSalary`` (a MonetaryAmount, a number or a text) as kept in ``salary_raw``; an
    ``estimatedSalary`` is wrapped so the parser knows it is an estimate."""
    if value is None or value == [] or value == "":
        return None
    if isinstance(value, bool):
        raise WrongType("baseSalary must be a MonetaryAmount, number or text")
    if estimated:
        return json.dumps({"estimatedSalary": value}, ensure_ascii=False, sort_keys=True)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if is_non_finite(str(value)):
        return str(value).strip()  # a number that is none, not an empty salary: the parser rejects it
    return as_text(value, "baseSalary")


def salary_fields(
    raw: str | None, currency: str | None = None, errors: ValueErrors | None = None
) -> dict[str, Any]:
    """Parsed salary columns; an unreadable or implausible salary leaves them null and is listed."""
    columns, problem = _salary_columns_of(raw, currency)
    if problem is not None and errors is not None:
        errors.add("salary", raw, problem)
    return dict(columns)


# Salary texts recur across postings ("$53K-$91K (Glassdoor est.)"): each is parsed once per process.
@cache_short_texts(maxsize=1 << 14)
def _salary_columns_of(raw: str | None, currency: str | None) -> tuple[dict[str, Any], str | None]:
    empty: dict[str, Any] = dict.fromkeys(_SALARY_COLUMNS)
    try:
        salary = parse_salary(raw, currency)
        if salary is None:
            return empty, None
        low, high, middle = salary.annual()
    except SalaryError as exc:
        return empty, str(exc)
    columns = {
        "salary_min": salary.minimum,
        "salary_max": salary.maximum,
        "salary_period": salary.period,
        "salary_currency": salary.currency,
        "salary_is_estimate": salary.is_estimate,
        "salary_min_annual": low,
        "salary_max_annual": high,
        "salary_annual": middle,
    }
    return columns, None


def _posting_row(
    *,
    source_id: str | None,
    title: str | None,
    description: str | None,
    fmt: str,
    currency: str | None,
    errors: ValueErrors,
    **fields: Any,
) -> dict[str, Any] | Rejection:
    if not title or not has_visible_text(clean_line(title)):
        return Rejection("missing required field: title")
    if not has_letter(title):
        return Rejection(f"unusable title: no letter in {clean_line(title)!r}")
    text = tidy_block(html_to_text(description)) if description else ""
    if not has_visible_text(text):
        text = ""
    if text:
        # The same text posted by another employer or in another city is another posting.
        identity = [clean_line(title), fields.get("company") or "", fields.get("location") or "", text]
    else:
        # A listing without a description is told apart by everything it states.
        identity = [clean_line(title), json.dumps(fields, default=str, sort_keys=True)]
    text_hash = content_hash("\n".join(identity))
    return {
        "posting_id": clean_line(source_id) if source_id else f"p-{text_hash[:20]}",
        "source_format": fmt,
        "title": clean_line(title),
        "description": text or None,
        "bullets": dedupe(split_bullets(text)),
        **fields,
        # from the text, if the requirements name none: a batch search (finish_postings)
        "education_level": lowest_level(fields.get("education_raw") or []),
        **salary_fields(fields.get("salary_raw"), currency, errors),
        "value_errors": errors.items,
        "text_hash": text_hash,
    }


def normalise_job_posting(record: Mapping[str, Any]) -> dict[str, Any] | Rejection:
    """A schema.org ``JobPosting`` object, every property in any form the specification allows."""
    if record.get("@type") is not None and not is_job_posting(record):
        return Rejection(f"not a JobPosting: @type is {record.get('@type')!r}")
    errors = ValueErrors()

    def read(name: str, parse: Any, default: Any = None) -> Any:
        return errors.read(name, record.get(name), parse, default)

    try:
        title = as_text(record.get("title") or record.get("name"), "title")
    except WrongType as exc:
        return Rejection(f"wrong type or unreadable value: {exc}")
    texts = [read(k, as_text) for k in ("description", "responsibilities", "qualifications")]
    location = read("jobLocation", _location_of)
    if location is None and str(record.get("jobLocationType", "")).upper() == "TELECOMMUTE":
        location = "Remote"
    salary = record.get("baseSalary")
    fields = {
        "company": read("hiringOrganization", _name_of),
        "location": location,
        "industry_raw": read("industry", _name_of),
        "sector_raw": None,
        "occupational_category_raw": read("occupationalCategory", _code_of),
        "salary_raw": errors.read(
            "baseSalary",
            salary,
            lambda v, _: _salary_raw(v) or _salary_raw(record.get("estimatedSalary"), estimated=True),
            None,
        ),
        "education_raw": dedupe(read("educationRequirements", _education_of, [])),
        "skills_raw": dedupe(read("skills", _skills_of, [])),
        "employment_type": read("employmentType", _name_of),
        "date_posted": read("datePosted", posting_date),
    }
    return _posting_row(
        source_id=read("identifier", _code_of),
        title=title,
        description="\n\n".join(t for t in texts if t) or None,
        fmt="job_posting",
        currency=read("salaryCurrency", as_text),
        errors=errors,
        **fields,
    )


_RATING_SUFFIX = re.compile(r"\n\s*\d(?:\.\d)?\s*$")


class TabularPostings(Tabular):
    """Rows of a posting export (the Glassdoor CSV layout and anything mapped onto it)."""

    synonyms = POSTING_SYNONYMS

    def __call__(self, record: Mapping[str, Any]) -> dict[str, Any] | Rejection:
        if summary := self.summary_row(record):
            return summary
        cols, _ = self.resolve(record)
        errors = ValueErrors()

        def read(name: str, parse: Any = as_text, default: Any = None) -> Any:
            return errors.read(name, cols.get(record, name), parse, default)

        try:
            title = as_text(cols.get(record, "title"), "title")
        except WrongType as exc:
            return Rejection(f"wrong type or unreadable value: {exc}")
        company = read("company")
        fields = {
            # Glassdoor appends the company's rating to its name ("Tecolote Research\n3.8").
            "company": clean_line(_RATING_SUFFIX.sub("", company)) if company else None,
            "location": opt_line(read("location")),
            "industry_raw": opt_line(read("industry")),
            "sector_raw": opt_line(read("sector")),
            "occupational_category_raw": opt_line(read("occupational_category")),
            "salary_raw": opt_line(read("salary")) or _salary_columns(cols, record, errors),
            "education_raw": read("education", as_list, []),
            "skills_raw": read("skills", _skills_of, []),
            "employment_type": opt_line(read("employment_type")),
            "date_posted": read("date_posted", posting_date),
        }
        return _posting_row(
            source_id=read("id"),
            title=title,
            description=read("description"),
            fmt="table",
            currency=read("salary_currency"),
            errors=errors,
            **fields,
        )


def _salary_columns(cols: ColumnMap, record: Mapping[str, Any], errors: ValueErrors) -> str | None:
    """A salary in separate minimum, maximum, period and currency columns, as the MonetaryAmount JSON
    that ``salary_raw`` keeps for JobPosting salaries (so one parser reads both)."""

    def read(name: str) -> str | None:
        return errors.read(name, cols.get(record, name), as_text, None)

    low, high = read("salary_min"), read("salary_max")
    if low is None and high is None:
        # a median alone (LinkedIn's med_salary) is the one figure given
        low = high = read("salary_median")
    if low is None and high is None:
        return None
    period, currency = read("salary_period"), read("salary_currency")
    amount: dict[str, Any] = {"@type": "MonetaryAmount", "value": {"minValue": low, "maxValue": high}}
    if period:
        amount["value"]["unitText"] = period
    if currency:
        amount["currency"] = currency
    return json.dumps(amount)


class PostingNormaliser:
    def __init__(self, declared: Declared | Mapping[str, str] | None = None, headed: bool = True) -> None:
        self.tabular = TabularPostings(declared, headed)

    def __call__(self, record: Mapping[str, Any]) -> dict[str, Any] | Rejection:
        if _looks_like_job_posting(record):
            return normalise_job_posting(record)
        return self.tabular(record)

    def learn(self, record: Mapping[str, Any]) -> None:
        if not _looks_like_job_posting(record):
            self.tabular.learn(record)


def _looks_like_job_posting(record: Mapping[str, Any]) -> bool:
    return "@type" in record or "hiringOrganization" in record or "baseSalary" in record


def finish_postings(frame: pl.DataFrame) -> pl.DataFrame:
    """A batch of normalised postings completed: the education requirement of those whose requirement
    fields name none, from the degrees written in their description (``lowest_level(requirements,
    text)``)."""
    return with_text_levels(frame, "description", highest=False)
