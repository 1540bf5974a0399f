"""Turn raw resume and posting records into staging rows, or say why a record is rejected.

Every normaliser is a callable ``record -> dict | Rejection`` and knows nothing about files or
Dagster; the ingestion loop adds source file and position.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from pipelines.documents.education import highest_level, lowest_level
from pipelines.documents.salary import SalaryError, parse_salary
from pipelines.documents.text import (
    clean_line,
    content_hash,
    html_to_text,
    is_null_token,
    split_bullets,
    tidy_block,
)
from pipelines.ingest.columns import POSTING_SYNONYMS, RESUME_SYNONYMS, ColumnMap, resolve_columns
from pipelines.ingest.readers import FileUnreadable

_TEXT_LIST = pl.List(pl.String())

RESUME_SCHEMA: dict[str, pl.DataType] = {
    "resume_id": pl.String(),
    "source_format": pl.String(),
    "title": pl.String(),
    "category": pl.String(),
    "text": pl.String(),
    "bullets": _TEXT_LIST,
    "education_raw": _TEXT_LIST,
    "skills_raw": _TEXT_LIST,
    "positions": _TEXT_LIST,
    "work_start_date": pl.Date(),
    "work_end_date": pl.Date(),
    "education_level": pl.String(),
    "text_hash": pl.String(),
}

POSTING_SCHEMA: dict[str, pl.DataType] = {
    "posting_id": pl.String(),
    "source_format": pl.String(),
    "title": pl.String(),
    "description": pl.String(),
    "bullets": _TEXT_LIST,
    "company": pl.String(),
    "location": pl.String(),
    "industry_raw": pl.String(),
    "sector_raw": pl.String(),
    "occupational_category_raw": pl.String(),
    "salary_raw": pl.String(),
    "education_raw": _TEXT_LIST,
    "skills_raw": _TEXT_LIST,
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


@dataclass(frozen=True)
class Rejection:
    reason: str


class WrongType(ValueError):
    """A field holds a value of the wrong type or an unreadable value; the message names it."""


_CURRENT = {"present", "current", "now", "till date", "to date", "ongoing", "today", "till now"}
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_MONTH_YEAR = re.compile(r"^([a-z]{3})[a-z]*\.?,?\s+(\d{4})$")
_NUM_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?(?:[t ].*)?$")
# 03/15/2026 (US order unless the first number cannot be a month), 15.03.2026 (European)
_NUM_DATE = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[t ].*)?$")
_MONTH_DAY_YEAR = re.compile(r"^([a-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3})[a-z]*\.?,?\s+(\d{4})$")


def parse_date(value: object, field: str) -> dt.date | None:
    """Dates as resumes and postings write them: ISO (``2019``, ``2019-05``, ``2019-05-01T..``,
    ``2019/05/01``), ``Nov 2019``, ``11/2019``, ``03/15/2026`` (month first unless it cannot be),
    ``15.03.2026``, ``March 15, 2026``, ``15 March 2026``. ``Present``-like words and placeholders are
    None; anything else is unreadable."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100:
        return dt.date(value, 1, 1)
    if not isinstance(value, str):
        raise WrongType(f"{field} must be a date string, got {type(value).__name__}")
    text = value.strip().lower()
    if is_null_token(text) or text in _CURRENT:
        return None
    try:
        if m := _ISO.match(text):
            return dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
        if (m := _MONTH_YEAR.match(text)) and m[1] in _MONTHS:
            return dt.date(int(m[2]), _MONTHS[m[1]], 1)
        if m := _NUM_MONTH_YEAR.match(text):
            return dt.date(int(m[2]), int(m[1]), 1)
        if m := _NUM_DATE.match(text):
            first, second, year = int(m[1]), int(m[3]), int(m[4])
            if m[2] == "." or first > 12:
                return dt.date(year, second, first)
            return dt.date(year, first, second)
        if (m := _MONTH_DAY_YEAR.match(text)) and m[1] in _MONTHS:
            return dt.date(int(m[3]), _MONTHS[m[1]], int(m[2]))
        if (m := _DAY_MONTH_YEAR.match(text)) and m[2] in _MONTHS:
            return dt.date(int(m[3]), _MONTHS[m[2]], int(m[1]))
    except ValueError:
        pass
    raise WrongType(f"unreadable date in {field}: {value!r}")


def as_text(value: object, field: str) -> str | None:
    """A scalar cell as repaired text; placeholders become None; containers are the wrong type."""
    if value is None:
        return None
    if isinstance(value, (bool, dict, list)):
        raise WrongType(f"{field} must be text, got {type(value).__name__}")
    text = value if isinstance(value, str) else str(value)
    return None if is_null_token(text) else text


def as_list(value: object, field: str) -> list[str]:
    """A list-valued cell: a JSON/Python list, a Python-literal string ``"['a', 'b']"``, or lines."""
    if value is None:
        return []
    if isinstance(value, str):
        text = value.strip()
        if not text or is_null_token(text):
            return []
        if text.startswith("["):
            try:
                value = ast.literal_eval(text)
            except (ValueError, SyntaxError):
                try:
                    value = json.loads(text)
                except json.JSONDecodeError:
                    raise WrongType(f"{field} is not a readable list: {text[:80]!r}") from None
        else:
            return [clean_line(p) for p in re.split(r"\n|;|\|", text) if p.strip() and not is_null_token(p)]
    if not isinstance(value, (list, tuple)):
        raise WrongType(f"{field} must be a list, got {type(value).__name__}")
    out: list[str] = []
    for item in value:
        if isinstance(item, (list, tuple)):
            out.extend(as_list(list(item), field))
        elif item is not None and not is_null_token(str(item)):
            out.append(clean_line(str(item)))
    return out


def _string_list(value: object, field: str) -> list[str]:
    """A JSON array of strings (JSON Resume highlights and keywords), nulls in it skipped; anything
    else is the wrong type."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) or v is None for v in value):
        raise WrongType(f"{field} must be a list of strings")
    return [clean_line(v) for v in value if v is not None and v.strip()]


def _json_list(record: Mapping[str, Any], key: str) -> list[Any]:
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise WrongType(f"{key} must be a list, got {type(value).__name__}")
    return value


def _json_object(value: object, field: str) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise WrongType(f"{field} must be an object, got {type(value).__name__}")
    return value


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.casefold()
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _latest(positions: list[tuple[str, dt.date | None, dt.date | None, bool]]) -> str | None:
    """The title of the current job, else the one that ended last, else the one listed first."""
    if not positions:
        return None
    current = [p for p in positions if p[3]]
    if current:
        return max(current, key=lambda p: p[1] or dt.date.min)[0]
    dated = [p for p in positions if p[2] or p[1]]
    if dated:
        return max(dated, key=lambda p: p[2] or p[1] or dt.date.min)[0]
    return positions[0][0]


def _is_current(value: object) -> bool:
    return isinstance(value, str) and value.strip().lower() in _CURRENT


def _resume_row(
    *,
    source_id: str | None,
    title: str | None,
    category: str | None,
    text: str,
    bullets: list[str],
    education: list[str],
    skills: list[str],
    positions: list[tuple[str, dt.date | None, dt.date | None, bool]],
    fmt: str,
) -> dict[str, Any] | Rejection:
    text = tidy_block(text)
    if not text:
        return Rejection("empty text")
    text_hash = content_hash(text)
    starts = [p[1] for p in positions if p[1]]
    ends = [p[2] for p in positions if p[2]]
    any_current = any(p[3] for p in positions)
    return {
        "resume_id": clean_line(source_id) if source_id else f"r-{text_hash[:20]}",
        "source_format": fmt,
        "title": clean_line(title) if title else None,
        "category": clean_line(category) if category else None,
        "text": text,
        "bullets": _dedupe(bullets + split_bullets(text)),
        "education_raw": _dedupe(education),
        "skills_raw": _dedupe(skills),
        "positions": [p[0] for p in positions],
        "work_start_date": min(starts) if starts else None,
        "work_end_date": None if any_current or not ends else max(ends),
        "education_level": highest_level(education, text),
        "text_hash": text_hash,
    }


def normalise_json_resume(record: Mapping[str, Any]) -> dict[str, Any] | Rejection:
    """A JSON Resume document (jsonresume.org schema)."""
    try:
        basics = _json_object(record.get("basics"), "basics")
        meta = _json_object(record.get("meta"), "meta")
        parts: list[str] = []
        for key in ("label", "summary"):
            if value := as_text(basics.get(key), f"basics.{key}"):
                parts.append(value)
        bullets: list[str] = []
        positions = []
        for i, job in enumerate(_json_list(record, "work")):
            job = _json_object(job, f"work[{i}]")
            position = as_text(job.get("position"), f"work[{i}].position")
            start = parse_date(job.get("startDate"), f"work[{i}].startDate")
            end = parse_date(job.get("endDate"), f"work[{i}].endDate")
            current = not job.get("endDate") or _is_current(job.get("endDate"))
            highlights = _string_list(job.get("highlights"), f"work[{i}].highlights")
            if position:
                positions.append((clean_line(position), start, end, current))
                parts.append(position)
            if summary := as_text(job.get("summary"), f"work[{i}].summary"):
                parts.append(summary)
            bullets.extend(highlights)
            parts.extend(f"• {h}" for h in highlights)
        education = []
        for i, school in enumerate(_json_list(record, "education")):
            school = _json_object(school, f"education[{i}]")
            study = as_text(school.get("studyType"), f"education[{i}].studyType")
            area = as_text(school.get("area"), f"education[{i}].area")
            degree = " in ".join(x for x in (study, area) if x)
            if degree:
                education.append(clean_line(degree))
                parts.append(degree)
        skills = []
        for i, skill in enumerate(_json_list(record, "skills")):
            # a plain list of skill names is read as the names it plainly is
            skill = {"name": skill} if isinstance(skill, str) else _json_object(skill, f"skills[{i}]")
            if name := as_text(skill.get("name"), f"skills[{i}].name"):
                skills.append(clean_line(name))
            skills.extend(_string_list(skill.get("keywords"), f"skills[{i}].keywords"))
        if skills:
            parts.append("Skills: " + ", ".join(skills))
        label = as_text(basics.get("label"), "basics.label")
        source_id = as_text(meta.get("id") or record.get("id"), "id")
    except WrongType as exc:
        return Rejection(f"wrong type or unreadable value: {exc}")
    return _resume_row(
        source_id=source_id,
        title=label or _latest(positions),
        category=None,
        text="\n".join(parts),
        bullets=bullets,
        education=education,
        skills=skills,
        positions=positions,
        fmt="json_resume",
    )


class _Tabular:
    """Rows of a table whose columns are found once per file, from the first record's keys."""

    synonyms: Mapping[str, tuple[str, ...]] = {}

    def __init__(self, declared: Mapping[str, str] | None = None) -> None:
        self.declared = dict(declared or {})
        self.columns: ColumnMap | None = None

    def resolve(self, record: Mapping[str, Any]) -> ColumnMap:
        if self.columns is None:
            self.columns = resolve_columns(record.keys(), self.synonyms, self.declared)
            missing = [c for c in self.declared.values() if c not in record]
            if missing:
                raise FileUnreadable(f"declared column(s) {missing} not in the header")
        return self.columns


class TabularResumes(_Tabular):
    """Rows of a resume table: free text (a text column) or structured (list-valued columns)."""

    synonyms = RESUME_SYNONYMS

    def __call__(self, record: Mapping[str, Any]) -> dict[str, Any] | Rejection:
        cols = self.resolve(record)
        try:
            text = as_text(cols.get(record, "text"), "text")
            positions_list = as_list(cols.get(record, "positions"), "positions")
            starts = as_list(cols.get(record, "start_dates"), "start_dates")
            ends = as_list(cols.get(record, "end_dates"), "end_dates")
            positions = []
            for i, name in enumerate(positions_list):
                end_raw = ends[i] if i < len(ends) else None
                positions.append(
                    (
                        name,
                        _lenient_date(starts[i] if i < len(starts) else None),
                        _lenient_date(end_raw),
                        _is_current(end_raw),
                    )
                )
            responsibilities = as_list(cols.get(record, "responsibilities"), "responsibilities")
            skills = as_list(cols.get(record, "skills"), "skills")
            degrees = as_list(cols.get(record, "degrees"), "degrees")
            majors = as_list(cols.get(record, "majors"), "majors")
            objective = as_text(cols.get(record, "career_objective"), "career_objective")
            title = as_text(cols.get(record, "title"), "title")
            category = as_text(cols.get(record, "category"), "category")
            source_id = as_text(cols.get(record, "id"), "id")
        except WrongType as exc:
            return Rejection(f"wrong type or unreadable value: {exc}")
        education = [
            f"{d} in {majors[i]}" if i < len(majors) and majors[i] else d for i, d in enumerate(degrees)
        ]
        if text or "text" in cols.columns:
            fmt = "free_text"
            bullets = responsibilities
            text = text or ""
        else:
            fmt = "structured"
            parts = [objective or "", *positions_list, *(f"• {r}" for r in responsibilities)]
            if education:
                parts.append("Education: " + "; ".join(education))
            if skills:
                parts.append("Skills: " + ", ".join(skills))
            text = "\n".join(p for p in parts if p)
            bullets = responsibilities
            if not text.strip():
                return Rejection("missing required field: no text column and no structured content")
        return _resume_row(
            source_id=source_id,
            title=title or _latest(positions) or category,
            category=category,
            text=text,
            bullets=bullets,
            education=education,
            skills=skills,
            positions=positions,
            fmt=fmt,
        )


def _lenient_date(value: str | None) -> dt.date | None:
    """Structured exports fill date lists with free text (``Till Date``, ``N/A``, ``6 months``)."""
    try:
        return parse_date(value, "date")
    except WrongType:
        return None


def _looks_like_json_resume(record: Mapping[str, Any]) -> bool:
    return isinstance(record.get("basics"), dict) or isinstance(record.get("work"), list)


class ResumeNormaliser:
    """Dispatch each record to the JSON Resume or the tabular reading."""

    def __init__(self, declared: Mapping[str, str] | None = None) -> None:
        self.tabular = TabularResumes(declared)

    def __call__(self, record: Mapping[str, Any]) -> dict[str, Any] | Rejection:
        if _looks_like_json_resume(record):
            return normalise_json_resume(record)
        return self.tabular(record)


# --- postings -------------------------------------------------------------------------------------


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
        "bullets": _dedupe(split_bullets(text)),
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
            "education_raw": _dedupe(_education_of(record.get("educationRequirements"))),
            "skills_raw": _dedupe(_skills_of(record.get("skills"))),
            "employment_type": _name_of(record.get("employmentType"), "employmentType"),
            "date_posted": parse_date(record.get("datePosted"), "datePosted"),
        }
    except WrongType as exc:
        return Rejection(f"wrong type or unreadable value: {exc}")
    return _posting_row(
        source_id=source_id, title=title, description=description, fmt="job_posting", **fields
    )


_RATING_SUFFIX = re.compile(r"\n\s*\d(?:\.\d)?\s*$")


class TabularPostings(_Tabular):
    """Rows of a posting export (the Glassdoor CSV layout and anything mapped onto it)."""

    synonyms = POSTING_SYNONYMS

    def __call__(self, record: Mapping[str, Any]) -> dict[str, Any] | Rejection:
        cols = self.resolve(record)
        try:
            company = as_text(cols.get(record, "company"), "company")
            fields = {
                # Glassdoor appends the company's rating to its name ("Tecolote Research\n3.8").
                "company": clean_line(_RATING_SUFFIX.sub("", company)) if company else None,
                "location": _opt_line(as_text(cols.get(record, "location"), "location")),
                "industry_raw": _opt_line(as_text(cols.get(record, "industry"), "industry")),
                "sector_raw": _opt_line(as_text(cols.get(record, "sector"), "sector")),
                "occupational_category_raw": _opt_line(
                    as_text(cols.get(record, "occupational_category"), "occupational_category")
                ),
                "salary_raw": _opt_line(as_text(cols.get(record, "salary"), "salary"))
                or _salary_columns(cols, record),
                "education_raw": as_list(cols.get(record, "education"), "education"),
                "skills_raw": _skills_of(cols.get(record, "skills")),
                "employment_type": _opt_line(as_text(cols.get(record, "employment_type"), "employment_type")),
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


def _opt_line(value: str | None) -> str | None:
    return clean_line(value) if value else None


class PostingNormaliser:
    def __init__(self, declared: Mapping[str, str] | None = None) -> None:
        self.tabular = TabularPostings(declared)

    def __call__(self, record: Mapping[str, Any]) -> dict[str, Any] | Rejection:
        if "@type" in record or "hiringOrganization" in record or "baseSalary" in record:
            return normalise_job_posting(record)
        return self.tabular(record)
