"""Posting records -> staging rows: schema.org JobPosting objects and posting tables (CSV exports)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import polars as pl

from pipelines.documents.education import lowest_level
from pipelines.documents.fields import (
    TEXT_LIST,
    Rejection,
    Tabular,
    WrongType,
    as_list,
    as_text,
    dedupe,
    opt_line,
    parse_date,
)
from pipelines.documents.salary import SalaryError, parse_salary
from pipelines.documents.text import clean_line, content_hash, html_to_text, split_bullets, tidy_block
from pipelines.ingest.columns import POSTING_SYNONYMS, ColumnMap

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
    "salary_error": pl.String(),
    "text_hash": pl.String(),
}


def _name_of(value: object, field: str) -> str | None:
    """schema.org values that may be a string or an object with a ``name``."""
    if isinstance(value, dict):
        return as_text(value.get("name"), f"{field}.name")
    if isinstance(value, list):
        names = [_name_of(v, field) for v in value]
        return "; ".join(n for n in names if n) or None
    return as_text(value, field)


def _location_of(value: object) -> str | None:
    if isinstance(value, list):
        parts = [_location_of(v) for v in value]
        return "; ".join(p for p in parts if p) or None
    if isinstance(value, dict):
        address = value.get("address", value)
        if isinstance(address, dict):
            keys = ("addressLocality", "addressRegion", "addressCountry")
            parts = [_name_of(address.get(k), f"jobLocation.address.{k}") for k in keys]
            return ", ".join(p for p in parts if p) or None
        return _name_of(address, "jobLocation.address")
    return as_text(value, "jobLocation")


def _code_of(value: object, field: str) -> str | None:
    if isinstance(value, dict):
        return as_text(value.get("codeValue") or value.get("value") or value.get("name"), field)
    if isinstance(value, list):
        return _code_of(value[0], field) if value else None
    return as_text(value, field)


def _education_of(value: object) -> list[str]:
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


def _skills_of(value: object) -> list[str]:
    if isinstance(value, str) and not value.strip().startswith("["):
        return [clean_line(s) for s in re.split(r"[,;\n|]", value) if s.strip()]
    if isinstance(value, list):
        return [n for v in value if (n := _name_of(v, "skills"))]
    return as_list(value, "skills")


def _salary_raw(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        raise WrongType("baseSalary must be a MonetaryAmount, number or text")
    return as_text(value, "baseSalary")


def _posting_row(
    *,
    source_id: str | None,
    title: str | None,
    description: str | None,
    fmt: str,
    **fields: Any,
) -> dict[str, Any] | Rejection:
    if not title or not clean_line(title):
        return Rejection("missing required field: title")
    if not description or not tidy_block(description):
        return Rejection("missing required field: description")
    text = tidy_block(html_to_text(description))
    # The same text posted by another employer or in another city is another posting.
    identity = [clean_line(title), fields.get("company") or "", fields.get("location") or "", text]
    text_hash = content_hash("\n".join(identity))
    return {
        "posting_id": clean_line(source_id) if source_id else f"p-{text_hash[:20]}",
        "source_format": fmt,
        "title": clean_line(title),
        "description": text,
        "bullets": dedupe(split_bullets(text)),
        **fields,
        "education_level": lowest_level(fields.get("education_raw") or [], text),
        **salary_fields(fields.get("salary_raw")),
        "text_hash": text_hash,
    }


def salary_fields(raw: str | None) -> dict[str, Any]:
    """Parsed salary columns; an unreadable or implausible salary leaves them null and says why."""
    empty: dict[str, Any] = {
        "salary_min": None,
        "salary_max": None,
        "salary_period": None,
        "salary_currency": None,
        "salary_is_estimate": None,
        "salary_min_annual": None,
        "salary_max_annual": None,
        "salary_annual": None,
        "salary_error": None,
    }
    try:
        salary = parse_salary(raw)
        if salary is None:
            return empty
        low, high, middle = salary.annual()
    except SalaryError as exc:
        return {**empty, "salary_error": str(exc)}
    return {
        "salary_min": salary.minimum,
        "salary_max": salary.maximum,
        "salary_period": salary.period,
        "salary_currency": salary.currency,
        "salary_is_estimate": salary.is_estimate,
        "salary_min_annual": low,
        "salary_max_annual": high,
        "salary_annual": middle,
        "salary_error": None,
    }


def normalise_job_posting(record: Mapping[str, Any]) -> dict[str, Any] | Rejection:
    """A schema.org ``JobPosting`` object."""
    kind = record.get("@type")
    if kind is not None and kind != "JobPosting" and not (isinstance(kind, list) and "JobPosting" in kind):
        return Rejection(f"not a JobPosting: @type is {kind!r}")
    try:
        identifier = record.get("identifier")
        source_id = _code_of(identifier, "identifier")
        title = as_text(record.get("title"), "title")
        description = as_text(record.get("description"), "description")
        fields = {
            "company": _name_of(record.get("hiringOrganization"), "hiringOrganization"),
            "location": _location_of(record.get("jobLocation")),
            "industry_raw": _name_of(record.get("industry"), "industry"),
            "sector_raw": None,
            "occupational_category_raw": _code_of(record.get("occupationalCategory"), "occupationalCategory"),
            "salary_raw": _salary_raw(record.get("baseSalary") or record.get("estimatedSalary")),
            "education_raw": dedupe(_education_of(record.get("educationRequirements"))),
            "skills_raw": dedupe(_skills_of(record.get("skills"))),
            "employment_type": _name_of(record.get("employmentType"), "employmentType"),
            "date_posted": parse_date(record.get("datePosted"), "datePosted"),
        }
    except WrongType as exc:
        return Rejection(f"wrong type or unreadable value: {exc}")
    return _posting_row(
        source_id=source_id, title=title, description=description, fmt="job_posting", **fields
    )


_RATING_SUFFIX = re.compile(r"\n\s*\d(?:\.\d)?\s*$")


class TabularPostings(Tabular):
    """Rows of a posting export (the Glassdoor CSV layout and anything mapped onto it)."""

    synonyms = POSTING_SYNONYMS

    def __call__(self, record: Mapping[str, Any]) -> dict[str, Any] | Rejection:
        cols = self.resolve(record)
        try:
            company = as_text(cols.get(record, "company"), "company")
            fields = {
                # Glassdoor appends the company's rating to its name ("Tecolote Research\n3.8").
                "company": clean_line(_RATING_SUFFIX.sub("", company)) if company else None,
                "location": opt_line(as_text(cols.get(record, "location"), "location")),
                "industry_raw": opt_line(as_text(cols.get(record, "industry"), "industry")),
                "sector_raw": opt_line(as_text(cols.get(record, "sector"), "sector")),
                "occupational_category_raw": opt_line(
                    as_text(cols.get(record, "occupational_category"), "occupational_category")
                ),
                "salary_raw": opt_line(as_text(cols.get(record, "salary"), "salary"))
                or _salary_columns(cols, record),
                "education_raw": as_list(cols.get(record, "education"), "education"),
                "skills_raw": _skills_of(cols.get(record, "skills")),
                "employment_type": opt_line(as_text(cols.get(record, "employment_type"), "employment_type")),
                "date_posted": parse_date(cols.get(record, "date_posted"), "date_posted"),
            }
            title = as_text(cols.get(record, "title"), "title")
            description = as_text(cols.get(record, "description"), "description")
            source_id = as_text(cols.get(record, "id"), "id")
        except WrongType as exc:
            return Rejection(f"wrong type or unreadable value: {exc}")
        return _posting_row(source_id=source_id, title=title, description=description, fmt="table", **fields)


def _salary_columns(cols: ColumnMap, record: Mapping[str, Any]) -> str | None:
    """A salary in separate minimum, maximum, period and currency columns, as the MonetaryAmount JSON
    that ``salary_raw`` keeps for JobPosting salaries (so one parser reads both)."""
    low = as_text(cols.get(record, "salary_min"), "salary_min")
    high = as_text(cols.get(record, "salary_max"), "salary_max")
    # a median alone (LinkedIn's med_salary) is the one figure given
    median = as_text(cols.get(record, "salary_median"), "salary_median")
    if low is None and high is None:
        low = high = median
    if low is None and high is None:
        return None
    period = as_text(cols.get(record, "salary_period"), "salary_period")
    currency = as_text(cols.get(record, "salary_currency"), "salary_currency")
    amount: dict[str, Any] = {"@type": "MonetaryAmount", "value": {"minValue": low, "maxValue": high}}
    if period:
        amount["value"]["unitText"] = period
    if currency:
        amount["currency"] = currency
    return json.dumps(amount)


class PostingNormaliser:
    def __init__(self, declared: Mapping[str, str] | None = None) -> None:
        self.tabular = TabularPostings(declared)

    def __call__(self, record: Mapping[str, Any]) -> dict[str, Any] | Rejection:
        if "@type" in record or "hiringOrganization" in record or "baseSalary" in record:
            return normalise_job_posting(record)
        return self.tabular(record)
