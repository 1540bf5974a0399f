"""Deterministic generator of the shipped sample and of large benchmark corpora.

Same arguments, same bytes: every random choice comes from one seeded ``random.Random``. Files are
written row by row (Parquet in row groups), so a 10M-document corpus needs no more memory than a
small one.
"""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.sample.profiles import (
    CITIES,
    COMPANIES,
    DEGREE_WORDS,
    INDUSTRIES,
    MAJORS,
    PROFILES,
    SENIORITY,
    SUFFIXES,
    Profile,
)
from pipelines.sample.reference import write_reference


@dataclass
class _Doc:
    profile: Profile
    title: str
    bullets: list[str]
    skills: list[str]
    degree: tuple[str, str] | None
    years: int


def _decorate(rng: random.Random, title: str) -> str:
    title = rng.choice(SENIORITY) + title + rng.choice(SUFFIXES)
    return title.upper() if rng.random() < 0.03 else title


def _fill(rng: random.Random, template: str, profile: Profile) -> str:
    return template.format(tool=rng.choice(profile.tools), n=rng.randint(2, 40), pct=rng.randint(5, 60))


def _degree(rng: random.Random, profile: Profile) -> tuple[str, str] | None:
    bachelor, master, doctoral = profile.degrees
    draw = rng.random()
    if draw < doctoral:
        level = "doctoral"
    elif draw < doctoral + master:
        level = "master"
    elif draw < doctoral + master + bachelor:
        level = "bachelor"
    elif draw < 0.97:
        level = rng.choice(("associate", "high_school"))
    else:
        return None
    return rng.choice(DEGREE_WORDS[level]), rng.choice(MAJORS)


def _doc(rng: random.Random) -> _Doc:
    profile = rng.choice(PROFILES)
    bullets = [
        _fill(rng, t, profile)
        for t in rng.sample(profile.bullets, k=min(len(profile.bullets), rng.randint(2, 4)))
    ]
    skills = rng.sample(profile.tools, k=min(len(profile.tools), rng.randint(2, 5)))
    skills += rng.sample(profile.skills, k=min(len(profile.skills), rng.randint(1, 3)))
    return _Doc(
        profile,
        _decorate(rng, rng.choice(profile.alternate_titles)),
        bullets,
        skills,
        _degree(rng, profile),
        rng.randint(1, 20),
    )


def _resume_text(doc: _Doc, bullet: str) -> str:
    lines = [doc.title, f"Professional with {doc.years} years of experience.", "Experience"]
    lines += [f"{bullet} {b}" for b in doc.bullets]
    if doc.degree:
        lines += ["Education", f"{doc.degree[0]} in {doc.degree[1]}"]
    lines += ["Skills", ", ".join(doc.skills)]
    return "\n".join(lines)


def _salary_text(rng: random.Random, profile: Profile) -> str:
    low, high = profile.salary
    lo = rng.randint(low, (low + high) // 2) // 1000
    hi = lo + rng.randint(10, 60)
    style = rng.randrange(6)
    if style == 0:
        return f"${lo}K-${hi}K (Glassdoor est.)"
    if style == 1:
        return f"Employer Provided Salary:${lo}K-${hi}K"
    if style == 2:
        return f"${lo // 2}-${hi // 2} Per Hour(Glassdoor est.)".replace("$", "$", 2)
    if style == 3:
        return f"${lo * 1000:,} - ${hi * 1000:,} a year"
    if style == 4:
        return f"Up to ${hi // 2} an hour"
    return "-1"


def _json_resume(rng: random.Random, doc: _Doc, index: int) -> dict[str, Any]:
    start = 2024 - doc.years
    work = [
        {
            "name": rng.choice(COMPANIES),
            "position": doc.title,
            "startDate": f"{start + doc.years // 2}-{rng.randint(1, 12):02d}",
            "highlights": doc.bullets[:2],
        },
        {
            "name": rng.choice(COMPANIES),
            "position": rng.choice(doc.profile.alternate_titles),
            "startDate": f"{start}-{rng.randint(1, 12):02d}-01",
            # a year at least after its start year: a one-year career must not end before it began
            "endDate": f"{start + max(1, doc.years // 2)}-01-01",
            "highlights": doc.bullets[2:],
        },
    ]
    education = (
        [{"institution": "State University", "studyType": doc.degree[0], "area": doc.degree[1]}]
        if doc.degree
        else []
    )
    return {
        "basics": {
            "name": f"Candidate {index}",
            "label": doc.title if rng.random() < 0.7 else "",
            "summary": f"{doc.years} years in the field.",
        },
        "work": work,
        "education": education,
        "skills": [{"name": s, "keywords": []} for s in doc.skills],
        "meta": {"id": f"jr-{index:07d}"},
    }


def _job_posting(rng: random.Random, doc: _Doc, index: int) -> dict[str, Any]:
    low, high = doc.profile.salary
    unit = rng.choice(("YEAR", "YEAR", "YEAR", "HOUR", "MONTH"))
    divisor = {"YEAR": 1, "HOUR": 2080, "MONTH": 12}[unit]
    lo = round(rng.randint(low, (low + high) // 2) / divisor, 2)
    industry = rng.choice(doc.profile.industries)
    return {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "identifier": {"@type": "PropertyValue", "name": "Sample", "value": f"jp-{index:07d}"},
        "title": doc.title,
        "description": "<p>We are hiring.</p><ul>"
        + "".join(f"<li>{b}</li>" for b in doc.bullets)
        + "</ul>"
        + f"<p>Requirements: {', '.join(doc.skills)}.</p>",
        "datePosted": f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
        "hiringOrganization": {"@type": "Organization", "name": rng.choice(COMPANIES)},
        "industry": INDUSTRIES[industry][0],
        "jobLocation": {
            "@type": "Place",
            "address": {"addressLocality": rng.choice(CITIES).split(",")[0], "addressCountry": "US"},
        },
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "USD",
            "value": {
                "@type": "QuantitativeValue",
                "minValue": lo,
                "maxValue": round(lo * 1.3, 2),
                "unitText": unit,
            },
        },
        "educationRequirements": {
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": "bachelor degree",
        },
        "skills": ", ".join(doc.skills),
        "employmentType": "FULL_TIME",
    }


def _glassdoor_row(rng: random.Random, doc: _Doc, index: int) -> dict[str, Any]:
    industry, sector, _ = INDUSTRIES[rng.choice(doc.profile.industries)]
    company = rng.choice(COMPANIES)
    return {
        "": index,
        "Job Title": doc.title,
        "Salary Estimate": _salary_text(rng, doc.profile),
        "Job Description": f"{doc.title}\nLocation: {rng.choice(CITIES)}\nResponsibilities:\n"
        + "\n".join(f"• {b}" for b in doc.bullets)
        + f"\nRequired: {', '.join(doc.skills)}"
        + (f"\nEducation: {doc.degree[0]} or equivalent." if doc.degree else ""),
        "Rating": f"{rng.uniform(2.5, 4.9):.1f}",
        "Company Name": f"{company}\n{rng.uniform(2.5, 4.9):.1f}",
        "Location": rng.choice(CITIES),
        "Industry": industry,
        "Sector": sector,
    }


class _ParquetRows:
    """Rows appended one at a time, flushed as row groups."""

    def __init__(self, path: Path, schema: pa.Schema, group: int = 20_000) -> None:
        self.writer = pq.ParquetWriter(path, schema)
        self.schema = schema
        self.rows: list[dict[str, Any]] = []
        self.group = group

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.group:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        self.flush()
        self.writer.close()


def _split(total: int, shares: tuple[float, ...]) -> list[int]:
    counts = [int(total * s) for s in shares]
    counts[0] += total - sum(counts)
    return counts


def write_resumes(out: Path, n: int, rng: random.Random, with_defects: bool) -> None:
    folder = out / "resumes"
    folder.mkdir(parents=True, exist_ok=True)
    free, structured, jsonl, parquet = _split(n, (0.45, 0.2, 0.25, 0.1))
    with (folder / "resume_texts.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Category", "Resume"])
        previous: list[tuple[str, str]] = []
        for i in range(free):
            if previous and rng.random() < 0.1:
                writer.writerow(rng.choice(previous))  # scraped twice: an exact duplicate
                continue
            doc = _doc(rng)
            # Some exports carry UTF-8 bullets decoded as cp1252 (mojibake).
            bullet = "â€¢" if i % 7 == 0 else "•"
            row = (doc.profile.alternate_titles[0], _resume_text(doc, bullet))
            writer.writerow(row)
            previous = [*previous[-50:], row]
        if with_defects:
            writer.writerow(["Data Scientist", "   "])  # empty text
    with (folder / "structured_resumes.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            [
                "career_objective",
                "skills",
                "degree_names",
                "major_field_of_studies",
                "positions",
                "start_dates",
                "end_dates",
                "responsibilities",
            ]
        )
        for _ in range(structured):
            doc = _doc(rng)
            degree = [doc.degree[0]] if doc.degree else []
            major = [doc.degree[1]] if doc.degree else []
            writer.writerow(
                [
                    f"{doc.profile.alternate_titles[0]} with {doc.years} years of experience.",
                    repr(doc.skills),
                    repr(degree),
                    repr(major),
                    repr([doc.title]),
                    repr([f"Jan {2024 - doc.years}"]),
                    repr(["Till Date"]),
                    "\n".join(doc.bullets),
                ]
            )
    with (folder / "json_resumes.jsonl").open("w", encoding="utf-8") as fh:
        for i in range(jsonl):
            fh.write(json.dumps(_json_resume(rng, _doc(rng), i)) + "\n")
        if with_defects:
            fh.write('{"basics": {"label": "Data Scientist"}, "work": [\n')  # truncated line
            fh.write(json.dumps({"basics": {"label": "Nurse"}, "work": "five years"}) + "\n")  # wrong type
    schema = pa.schema([("id", pa.string()), ("title", pa.string()), ("resume_text", pa.string())])
    writer_pq = _ParquetRows(folder / "resumes.parquet", schema)
    for i in range(parquet):
        doc = _doc(rng)
        writer_pq.add({"id": f"pq-{i:07d}", "title": doc.title, "resume_text": _resume_text(doc, "-")})
    writer_pq.close()


def write_postings(out: Path, n: int, rng: random.Random, with_defects: bool) -> None:
    folder = out / "postings"
    folder.mkdir(parents=True, exist_ok=True)
    table, jsonl, parquet = _split(n, (0.5, 0.4, 0.1))
    columns = [
        "",
        "Job Title",
        "Salary Estimate",
        "Job Description",
        "Rating",
        "Company Name",
        "Location",
        "Industry",
        "Sector",
    ]
    with (folder / "job_board_export.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        for i in range(table):
            writer.writerow(_glassdoor_row(rng, _doc(rng), i))
        if with_defects:
            writer.writerow(
                {"": table, "Job Title": "", "Job Description": "No title given", "Salary Estimate": "-1"}
            )
    with (folder / "job_postings.jsonl").open("w", encoding="utf-8") as fh:
        for i in range(jsonl):
            fh.write(json.dumps(_job_posting(rng, _doc(rng), i)) + "\n")
        if with_defects:
            fh.write(json.dumps({"@type": "JobPosting", "title": ["not", "text"], "description": "x"}) + "\n")
    schema = pa.schema(
        [
            ("job_id", pa.string()),
            ("title", pa.string()),
            ("description", pa.string()),
            ("salary", pa.string()),
            ("industry", pa.string()),
        ]
    )
    writer_pq = _ParquetRows(folder / "postings.parquet", schema)
    for i in range(parquet):
        doc = _doc(rng)
        writer_pq.add(
            {
                "job_id": f"pp-{i:07d}",
                "title": doc.title,
                "description": "\n".join(f"- {b}" for b in doc.bullets)
                + f"\nSkills: {', '.join(doc.skills)}",
                "salary": _salary_text(rng, doc.profile),
                "industry": INDUSTRIES[rng.choice(doc.profile.industries)][0],
            }
        )
    writer_pq.close()


def generate(
    out: Path,
    resumes: int,
    postings: int,
    seed: int = 20261126,
    with_defects: bool = True,
    reference: bool = True,
) -> None:
    """Write a raw directory: resumes/, postings/ and (unless told not to) the starter onet/, oews/ and
    soc/. A folder of ``out`` that is a symbolic link is refused: the sample would be written through
    it into whatever it leads to (a real release linked in for a benchmark)."""
    folders = ["resumes", "postings", *(["onet", "oews", "soc"] if reference else [])]
    if linked := [f for f in folders if (out / f).is_symlink()]:
        raise ValueError(
            f"{out}: {', '.join(linked)} is a symbolic link; the sample is not written through it"
        )
    rng = random.Random(seed)
    write_resumes(out, resumes, rng, with_defects)
    write_postings(out, postings, rng, with_defects)
    if reference:
        write_reference(out, rng)
