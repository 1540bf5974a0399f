"""Resume records -> staging rows: JSON Resume documents and resume tables (free text or structured).

A value that cannot be read (an impossible date, a field of the wrong type) is dropped with its
reason into ``value_errors``; a record is rejected only when it has no text of its own.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import polars as pl

from pipelines.documents.education import highest_level, with_text_levels
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
    is_current,
    json_list,
    json_object,
    shown,
    skill_list,
    string_list,
    work_date,
)
from pipelines.documents.text import (
    clean_line,
    content_hash,
    has_letter,
    has_visible_text,
    split_bullets,
    tidy_block,
)
from pipelines.ingest.columns import RESUME_SYNONYMS, Declared, Layout, resume_layouts

RESUME_SCHEMA: dict[str, pl.DataType] = {
    "resume_id": pl.String(),
    "source_format": pl.String(),
    "title": pl.String(),
    "title_source": pl.String(),
    "category": pl.String(),
    "text": pl.String(),
    "bullets": TEXT_LIST,
    "education_raw": TEXT_LIST,
    "skills_raw": TEXT_LIST,
    "positions": TEXT_LIST,
    "location": pl.String(),
    "work_start_date": pl.Date(),
    "work_end_date": pl.Date(),
    "education_level": pl.String(),
    "set_apart": pl.String(),
    "value_errors": VALUE_ERRORS,
    "text_hash": pl.String(),
}

Position = tuple[str, dt.date | None, dt.date | None, bool]


def _latest_index(positions: list[Position]) -> int | None:
    """The current job, else the one that ended last, else the one listed first."""
    if not positions:
        return None
    indexed = list(enumerate(positions))
    current = [(i, p) for i, p in indexed if p[3]]
    if current:
        return max(current, key=lambda ip: ip[1][1] or dt.date.min)[0]
    dated = [(i, p) for i, p in indexed if p[2] or p[1]]
    if dated:
        return max(dated, key=lambda ip: ip[1][2] or ip[1][1] or dt.date.min)[0]
    return 0


def _latest(positions: list[Position]) -> str | None:
    """The title of the latest job (``_latest_index``)."""
    i = _latest_index(positions)
    return None if i is None else positions[i][0]


def _in_order(
    start: dt.date | None, end: dt.date | None, field: str, end_raw: object, errors: ValueErrors
) -> tuple[dt.date | None, dt.date | None]:
    """A position's dates, or neither when it ends before it starts: which of the two is wrong
    cannot be told, so both are kept out (as an unreadable date is) and the record is kept."""
    if start is not None and end is not None and end < start:
        errors.add(field, end_raw, f"end date {end.isoformat()} before start date {start.isoformat()}")
        return None, None
    return start, end


def _json_location(value: object, field: str) -> str | None:
    """JSON Resume ``basics.location``: city, region and country code; the street address and postal
    code are left out (they are personal data and say nothing more of the country or region)."""
    if isinstance(value, Mapping):
        parts = [as_text(value.get(k), f"{field}.{k}") for k in ("city", "region", "countryCode")]
        return ", ".join(p for p in parts if p) or None
    return as_text(value, field)


def _stated_title(*candidates: tuple[str | None, str]) -> tuple[str | None, str | None]:
    """The first title given, and where (label, title, position, headline, then category)."""
    for title, source in candidates:
        if title and has_letter(title):
            return clean_line(title), source
    return None, None


def _headline(text: str) -> str | None:
    """The role a free-text resume states in a known export layout (reference/resume_layouts.toml)."""
    for headline in resume_layouts()[1]:
        if headline.marker in text and (m := headline.pattern.search(text)):
            return m["role"]
    return None


def _resume_row(
    *,
    source_id: str | None,
    titles: tuple[tuple[str | None, str], ...],
    category: str | None,
    text: str,
    bullets: list[str],
    education: list[str],
    skills: list[str],
    positions: list[Position],
    fmt: str,
    errors: ValueErrors,
    location: str | None = None,
    set_apart: dict[str, Any] | None = None,
) -> dict[str, Any] | Rejection:
    text = tidy_block(text)
    if not text:
        return Rejection("empty text")
    if not has_visible_text(text):
        return Rejection("empty text: only invisible characters (zero-width or format characters)")
    # the role the person states; a data set's category label only when none is stated
    title, title_source = _stated_title(
        *titles, (_headline(text) if fmt == "free_text" else None, "headline"), (category, "category")
    )
    text_hash = content_hash(text)
    starts = [p[1] for p in positions if p[1]]
    ends = [p[2] for p in positions if p[2]]
    any_current = any(p[3] for p in positions)
    return {
        "resume_id": clean_line(source_id) if source_id else f"r-{text_hash[:20]}",
        "source_format": fmt,
        "title": title,
        "title_source": title_source,
        "category": clean_line(category) if category else None,
        "text": text,
        "bullets": dedupe(bullets + split_bullets(text)),
        "education_raw": dedupe(education),
        "skills_raw": dedupe(skills),
        "positions": [p[0] for p in positions],
        "location": clean_line(location or "") or None,
        "work_start_date": min(starts) if starts else None,
        "work_end_date": None if any_current or not ends else max(ends),
        # from the text, if the degrees name none: a batch search (finish_resumes)
        "education_level": highest_level(education),
        "set_apart": json.dumps(set_apart, ensure_ascii=False, default=str) if set_apart else None,
        "value_errors": errors.items,
        "text_hash": text_hash,
    }


def normalise_json_resume(record: Mapping[str, Any]) -> dict[str, Any] | Rejection:
    """A JSON Resume document (jsonresume.org schema)."""
    errors = ValueErrors()

    def read(name: str, value: object, parse: Any, default: Any = None) -> Any:
        return errors.read(name, value, parse, default)

    basics = read("basics", record.get("basics"), json_object, {})
    meta = read("meta", record.get("meta"), json_object, {})
    parts: list[str] = []
    label = read("basics.label", basics.get("label"), as_text)
    for value in (label, read("basics.summary", basics.get("summary"), as_text)):
        if value:
            parts.append(value)
    bullets: list[str] = []
    positions: list[Position] = []
    for i, job in enumerate(read("work", record.get("work"), json_list, [])):
        job = read(f"work[{i}]", job, json_object, {})
        position = read(f"work[{i}].position", job.get("position"), as_text)
        start = read(f"work[{i}].startDate", job.get("startDate"), work_date)
        end = read(f"work[{i}].endDate", job.get("endDate"), work_date)
        start, end = _in_order(start, end, f"work[{i}].endDate", job.get("endDate"), errors)
        current = not job.get("endDate") or is_current(job.get("endDate"))
        highlights = read(f"work[{i}].highlights", job.get("highlights"), string_list, [])
        if position:
            positions.append((clean_line(position), start, end, current))
            parts.append(position)
        if summary := read(f"work[{i}].summary", job.get("summary"), as_text):
            parts.append(summary)
        bullets.extend(highlights)
        parts.extend(f"• {h}" for h in highlights)
    education = []
    for i, school in enumerate(read("education", record.get("education"), json_list, [])):
        school = read(f"education[{i}]", school, json_object, {})
        study = read(f"education[{i}].studyType", school.get("studyType"), as_text)
        area = read(f"education[{i}].area", school.get("area"), as_text)
        degree = " in ".join(x for x in (study, area) if x)
        if degree:
            education.append(clean_line(degree))
            parts.append(degree)
    skills = []
    for i, skill in enumerate(read("skills", record.get("skills"), json_list, [])):
        # a plain list of skill names is read as the names it plainly is
        skill = {"name": skill} if isinstance(skill, str) else read(f"skills[{i}]", skill, json_object, {})
        if name := read(f"skills[{i}].name", skill.get("name"), as_text):
            skills.append(clean_line(name))
        skills.extend(read(f"skills[{i}].keywords", skill.get("keywords"), string_list, []))
    if skills:
        parts.append("Skills: " + ", ".join(skills))
    source_id = read("id", meta.get("id") or record.get("id"), as_text)
    return _resume_row(
        source_id=source_id,
        titles=((label, "label"), (_latest(positions), "position")),
        category=None,
        text="\n".join(parts),
        bullets=bullets,
        education=education,
        skills=skills,
        positions=positions,
        fmt="json_resume",
        errors=errors,
        location=read("basics.location", basics.get("location"), _json_location, None),
    )


# the fields a resume's text is made of (its text, or the structured parts joined below): a file
# mapping none of them has no resume in it
_CONTENT_FIELDS = frozenset(
    {
        "text",
        "career_objective",
        "positions",
        "responsibilities",
        "degrees",
        "skills",
        "related_skills",
        "languages",
        "certifications",
    }
)


class TabularResumes(Tabular):
    """Rows of a resume table: free text (a text column) or structured (list-valued columns)."""

    synonyms = RESUME_SYNONYMS

    def layouts(self) -> tuple[Layout, ...]:
        return resume_layouts()[0]

    def __call__(self, record: Mapping[str, Any]) -> dict[str, Any] | Rejection:
        if summary := self.summary_row(record):
            return summary
        cols, apart = self.resolve(record)
        errors = ValueErrors()

        def read(name: str, parse: Any, default: Any = None) -> Any:
            return errors.read(name, cols.get(record, name), parse, default)

        try:
            text = as_text(cols.get(record, "text"), "text")
        except WrongType as exc:
            return Rejection(f"wrong type or unreadable value: {exc}")
        positions_list = read("positions", as_list, [])
        starts = read("start_dates", as_list, [])
        ends = read("end_dates", as_list, [])
        positions: list[Position] = []
        for i, name in enumerate(positions_list):
            start_raw = starts[i] if i < len(starts) else None
            end_raw = ends[i] if i < len(ends) else None
            start = errors.read(f"start_dates[{i}]", start_raw, work_date, None)
            end = errors.read(f"end_dates[{i}]", end_raw, work_date, None)
            start, end = _in_order(start, end, f"end_dates[{i}]", end_raw, errors)
            positions.append((name, start, end, is_current(end_raw)))
        # one location a resume, or one per position (then the latest position's)
        locations = read("locations", as_list, [])
        latest = _latest_index(positions) or 0
        location = (
            locations[0] if len(locations) == 1 else locations[latest] if latest < len(locations) else None
        )
        responsibilities = read("responsibilities", as_list, [])
        # the candidate's own skill lists: overall, per position, languages and certifications
        skills = dedupe(
            [
                *read("skills", skill_list, []),
                *read("related_skills", skill_list, []),
                *read("languages", skill_list, []),
                *read("certifications", as_list, []),
            ]
        )
        degrees = read("degrees", as_list, [])
        majors = read("majors", as_list, [])
        objective = read("career_objective", as_text)
        title = read("title", as_text)
        category = read("category", as_text)
        source_id = read("id", as_text)
        education = [
            f"{d} in {majors[i]}" if i < len(majors) and majors[i] else d for i, d in enumerate(degrees)
        ]
        if text or "text" in cols.columns:
            fmt = "free_text"
            text = text or ""
        else:
            fmt = "structured"
            parts = [objective or "", *positions_list, *(f"• {r}" for r in responsibilities)]
            if education:
                parts.append("Education: " + "; ".join(education))
            if skills:
                parts.append("Skills: " + ", ".join(skills))
            text = "\n".join(p for p in parts if p)
            if not text.strip():
                if not _CONTENT_FIELDS & cols.columns.keys():
                    # every record of such a file is rejected: say which columns it has and what to do
                    named = ", ".join(repr(str(c)) for c in list(record)[:12])
                    return Rejection(
                        "missing required field: no column is a resume's text or structured content"
                        f" (columns: {named}); name them in column_mappings.toml in the raw directory"
                    )
                return Rejection("missing required field: no text column and no structured content")
        return _resume_row(
            source_id=source_id,
            titles=((title, "title"), (_latest(positions), "position")),
            category=category,
            text=text,
            bullets=responsibilities,
            education=education,
            skills=skills,
            positions=positions,
            fmt=fmt,
            errors=errors,
            location=location,
            set_apart={c: shown(record.get(c)) for c in apart if record.get(c) not in (None, "")},
        )


def _looks_like_json_resume(record: Mapping[str, Any]) -> bool:
    return isinstance(record.get("basics"), dict) or isinstance(record.get("work"), list)


class ResumeNormaliser:
    """Dispatch each record to the JSON Resume or the tabular reading."""

    def __init__(self, declared: Declared | Mapping[str, str] | None = None, headed: bool = True) -> None:
        self.tabular = TabularResumes(declared, headed)

    def __call__(self, record: Mapping[str, Any]) -> dict[str, Any] | Rejection:
        if _looks_like_json_resume(record):
            return normalise_json_resume(record)
        return self.tabular(record)

    def learn(self, record: Mapping[str, Any]) -> None:
        if not _looks_like_json_resume(record):
            self.tabular.learn(record)


def finish_resumes(frame: pl.DataFrame) -> pl.DataFrame:
    """A batch of normalised resumes completed: the education level of those whose degree fields name
    none, from the degrees written in their text (``highest_level(education, text)``)."""
    return with_text_levels(frame, "text", highest=True)
