"""Resume records -> staging rows: JSON Resume documents and resume tables (free text or structured)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import polars as pl

from pipelines.documents.education import highest_level
from pipelines.documents.fields import (
    TEXT_LIST,
    Rejection,
    Tabular,
    WrongType,
    as_list,
    as_text,
    dedupe,
    is_current,
    json_list,
    json_object,
    lenient_date,
    parse_date,
    string_list,
)
from pipelines.documents.text import clean_line, content_hash, split_bullets, tidy_block
from pipelines.ingest.columns import RESUME_SYNONYMS

RESUME_SCHEMA: dict[str, pl.DataType] = {
    "resume_id": pl.String(),
    "source_format": pl.String(),
    "title": pl.String(),
    "category": pl.String(),
    "text": pl.String(),
    "bullets": TEXT_LIST,
    "education_raw": TEXT_LIST,
    "skills_raw": TEXT_LIST,
    "positions": TEXT_LIST,
    "work_start_date": pl.Date(),
    "work_end_date": pl.Date(),
    "education_level": pl.String(),
    "text_hash": pl.String(),
}


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
        "bullets": dedupe(bullets + split_bullets(text)),
        "education_raw": dedupe(education),
        "skills_raw": dedupe(skills),
        "positions": [p[0] for p in positions],
        "work_start_date": min(starts) if starts else None,
        "work_end_date": None if any_current or not ends else max(ends),
        "education_level": highest_level(education, text),
        "text_hash": text_hash,
    }


def normalise_json_resume(record: Mapping[str, Any]) -> dict[str, Any] | Rejection:
    """A JSON Resume document (jsonresume.org schema)."""
    try:
        basics = json_object(record.get("basics"), "basics")
        meta = json_object(record.get("meta"), "meta")
        parts: list[str] = []
        for key in ("label", "summary"):
            if value := as_text(basics.get(key), f"basics.{key}"):
                parts.append(value)
        bullets: list[str] = []
        positions = []
        for i, job in enumerate(json_list(record, "work")):
            job = json_object(job, f"work[{i}]")
            position = as_text(job.get("position"), f"work[{i}].position")
            start = parse_date(job.get("startDate"), f"work[{i}].startDate")
            end = parse_date(job.get("endDate"), f"work[{i}].endDate")
            current = not job.get("endDate") or is_current(job.get("endDate"))
            highlights = string_list(job.get("highlights"), f"work[{i}].highlights")
            if position:
                positions.append((clean_line(position), start, end, current))
                parts.append(position)
            if summary := as_text(job.get("summary"), f"work[{i}].summary"):
                parts.append(summary)
            bullets.extend(highlights)
            parts.extend(f"• {h}" for h in highlights)
        education = []
        for i, school in enumerate(json_list(record, "education")):
            school = json_object(school, f"education[{i}]")
            study = as_text(school.get("studyType"), f"education[{i}].studyType")
            area = as_text(school.get("area"), f"education[{i}].area")
            degree = " in ".join(x for x in (study, area) if x)
            if degree:
                education.append(clean_line(degree))
                parts.append(degree)
        skills = []
        for i, skill in enumerate(json_list(record, "skills")):
            # a plain list of skill names is read as the names it plainly is
            skill = {"name": skill} if isinstance(skill, str) else json_object(skill, f"skills[{i}]")
            if name := as_text(skill.get("name"), f"skills[{i}].name"):
                skills.append(clean_line(name))
            skills.extend(string_list(skill.get("keywords"), f"skills[{i}].keywords"))
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


class TabularResumes(Tabular):
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
                        lenient_date(starts[i] if i < len(starts) else None),
                        lenient_date(end_raw),
                        is_current(end_raw),
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
