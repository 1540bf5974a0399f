"""Deterministic generator of the shipped sample and of large benchmark corpora.

Same arguments, same bytes: every random choice comes from one seeded ``random.Random``. Files are
written row by row (Parquet in row groups), so a 10M-document corpus needs no more memory than a
small one.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.sample.profiles import (
    CITIES,
    COMPANIES,
    DEGREE_WORDS,
    MAJORS,
    PROFILES,
    SENIORITY,
    SUFFIXES,
    Profile,
)

# Posting industries as Glassdoor names them, with their sector, and the NAICS sector OEWS uses.
INDUSTRIES: dict[str, tuple[str, str, str]] = {
    "Information Technology": ("IT Services", "Information Technology", "51--52"),
    "Finance": ("Investment Banking & Asset Management", "Finance", "52--53"),
    "Insurance": ("Insurance Carriers", "Insurance", "52--53"),
    "Business Services": ("Consulting", "Business Services", "54--55"),
    "Health Care": ("Health Care Services & Hospitals", "Health Care", "62--63"),
    "Government": ("Federal Agencies", "Government", "99-100"),
    "Education": ("Colleges & Universities", "Education", "61--62"),
    "Aerospace & Defense": ("Aerospace & Defense", "Aerospace & Defense", "31--34"),
    "Manufacturing": ("Industrial Manufacturing", "Manufacturing", "31--34"),
    "Media": ("Video Games", "Media", "51--52"),
    "Retail": ("Department, Clothing, & Shoe Stores", "Retail", "44--46"),
    "Accounting": ("Accounting", "Accounting & Legal", "54--55"),
    "Legal": ("Legal", "Accounting & Legal", "54--55"),
    "Energy": ("Energy", "Oil, Gas, Energy & Utilities", "22--23"),
    "Construction": ("Construction", "Construction, Repair & Maintenance", "23--24"),
    "Real Estate": ("Real Estate", "Real Estate", "53--54"),
    "Transportation & Logistics": ("Logistics & Supply Chain", "Transportation & Logistics", "48--50"),
    "Telecommunications": ("Telecommunications Services", "Telecommunications", "51--52"),
    "Consumer Services": ("Consumer Product Rental", "Consumer Services", "81--82"),
    "Advertising & Marketing": ("Advertising & Marketing", "Business Services", "54--55"),
}
SECTOR_TITLES = {
    "22--23": "Sector 22 - Utilities",
    "23--24": "Sector 23 - Construction",
    "31--34": "Sectors 31, 32, and 33 - Manufacturing",
    "44--46": "Sectors 44 and 45 - Retail Trade",
    "48--50": "Sectors 48 and 49 - Transportation and Warehousing",
    "51--52": "Sector 51 - Information",
    "52--53": "Sector 52 - Finance and Insurance",
    "53--54": "Sector 53 - Real Estate and Rental and Leasing",
    "54--55": "Sector 54 - Professional, Scientific, and Technical Services",
    "61--62": "Sector 61 - Educational Services",
    "62--63": "Sector 62 - Health Care and Social Assistance",
    "81--82": "Sector 81 - Other Services (except Public Administration)",
    "99-100": "Sector 99 - Federal, State, and Local Government",
}
EDUCATION_CATEGORIES = (
    "Less than a High School Diploma",
    "High School Diploma - or the equivalent (for example, GED)",
    "Post-Secondary Certificate",
    "Some College Courses",
    "Associate's Degree (or other 2-year degree)",
    "Bachelor's Degree",
    "Post-Baccalaureate Certificate",
    "Master's Degree",
    "Post-Master's Certificate",
    "First Professional Degree",
    "Doctoral Degree",
    "Post-Doctoral Training",
)


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
            "endDate": f"{start + doc.years // 2}-01-01",
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


def _tsv(path: Path, header: list[str], rows: Iterator[list[Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _education_shares(profile: Profile) -> list[float]:
    bachelor, master, doctoral = profile.degrees
    rest = max(0.0, 1.0 - bachelor - master - doctoral)
    shares = [
        0.0,
        rest * 0.4,
        rest * 0.1,
        rest * 0.2,
        rest * 0.3,
        bachelor * 0.9,
        bachelor * 0.1,
        master * 0.9,
        master * 0.1,
        0.0,
        doctoral,
        0.0,
    ]
    return [round(s * 100, 2) for s in shares]


# A few O*NET work styles, with ratings that differ by the kind of work a profile's skills show.
_WORK_STYLES = (
    ("1.C.1.a", "Achievement/Effort"),
    ("1.C.4.c", "Cooperation"),
    ("1.C.5.a", "Dependability"),
    ("1.C.5.b", "Attention to Detail"),
    ("1.C.7.b", "Analytical Thinking"),
)


def _task(profile: Profile, bullet: str) -> str:
    """A task statement from a bullet template, with no figures."""
    return bullet.format(tool=profile.tools[0], n="several", pct="a measurable")


def write_onet_context(onet: Path) -> None:
    """Task Statements, Sample of Reported Titles, Tools Used, Work Styles, Related Occupations and
    Emerging Tasks for the sample's occupations, from the profiles (tasks from their bullets)."""
    _tsv(
        onet / "Task Statements.txt",
        ["O*NET-SOC Code", "Task ID", "Task", "Task Type", "Incumbents Responding", "Date", "Domain Source"],
        (
            [
                p.code,
                10_000 + 100 * n + i,
                _task(p, bullet),
                "Core" if i < 3 else "Supplemental",
                20,
                "08/2024",
                "Incumbent",
            ]
            for n, p in enumerate(PROFILES)
            for i, bullet in enumerate(p.bullets)
        ),
    )
    _tsv(
        onet / "Sample of Reported Titles.txt",
        ["O*NET-SOC Code", "Reported Job Title", "Shown in My Next Move"],
        ([p.code, t, "Y" if i == 0 else "N"] for p in PROFILES for i, t in enumerate(p.alternate_titles[:3])),
    )
    _tsv(
        onet / "Tools Used.txt",
        ["O*NET-SOC Code", "Example", "Commodity Code", "Commodity Title"],
        ([p.code, "Desktop computers", 43211507, "Desktop computers"] for p in PROFILES),
    )
    _tsv(
        onet / "Work Styles.txt",
        [
            "O*NET-SOC Code",
            "Element ID",
            "Element Name",
            "Scale ID",
            "Data Value",
            "N",
            "Standard Error",
            "Lower CI Bound",
            "Upper CI Bound",
            "Recommend Suppress",
            "Date",
            "Domain Source",
        ],
        (
            [
                p.code,
                element,
                name,
                "IM",
                f"{value:.2f}",
                25,
                "0.12",
                f"{value - 0.24:.2f}",
                f"{value + 0.24:.2f}",
                "N",
                "08/2024",
                "Incumbent",
            ]
            for n, p in enumerate(PROFILES)
            for i, (element, name) in enumerate(_WORK_STYLES)
            for value in [3.2 + ((n + 2 * i) % 7) * 0.25]
        ),
    )
    _tsv(
        onet / "Related Occupations.txt",
        ["O*NET-SOC Code", "Related O*NET-SOC Code", "Relatedness Tier", "Index"],
        (
            [p.code, PROFILES[(n + k) % len(PROFILES)].code, "Primary-Short", k]
            for n, p in enumerate(PROFILES)
            for k in range(1, 4)
        ),
    )
    _tsv(
        onet / "Emerging Tasks.txt",
        ["O*NET-SOC Code", "Task", "Category", "Original Task ID", "Original Task", "Date", "Domain Source"],
        (
            [
                p.code,
                f"Use generative AI tools in {p.title.lower()} work.",
                "New",
                "n/a",
                "n/a",
                "08/2024",
                "Incumbent",
            ]
            for p in PROFILES[:5]
        ),
    )


def write_reference(out: Path, rng: random.Random) -> None:
    """A starter O*NET and OEWS reference covering the sample's occupations, in the official layouts."""
    onet = out / "onet"
    onet.mkdir(parents=True, exist_ok=True)
    _tsv(
        onet / "Occupation Data.txt",
        ["O*NET-SOC Code", "Title", "Description"],
        ([p.code, p.title, p.description] for p in PROFILES),
    )
    _tsv(
        onet / "Alternate Titles.txt",
        ["O*NET-SOC Code", "Alternate Title", "Short Title", "Source(s)"],
        ([p.code, t, "n/a", "08"] for p in PROFILES for t in p.alternate_titles),
    )
    _tsv(
        onet / "Technology Skills.txt",
        ["O*NET-SOC Code", "Example", "Commodity Code", "Commodity Title", "Hot Technology", "In Demand"],
        (
            [p.code, t, 43232000 + i, "Software", "Y" if i % 2 else "N", "N"]
            for p in PROFILES
            for i, t in enumerate(p.tools)
        ),
    )
    _tsv(
        onet / "Education, Training, and Experience Categories.txt",
        ["Element ID", "Element Name", "Scale ID", "Category", "Category Description"],
        (
            ["2.D.1", "Required Level of Education", "RL", i, d]
            for i, d in enumerate(EDUCATION_CATEGORIES, start=1)
        ),
    )
    _tsv(
        onet / "Education, Training, and Experience.txt",
        [
            "O*NET-SOC Code",
            "Element ID",
            "Element Name",
            "Scale ID",
            "Category",
            "Data Value",
            "N",
            "Standard Error",
            "Lower CI Bound",
            "Upper CI Bound",
            "Recommend Suppress",
            "Date",
            "Domain Source",
        ],
        (
            [
                p.code,
                "2.D.1",
                "Required Level of Education",
                "RL",
                i,
                f"{v:.2f}",
                30 + len(p.code) % 7,
                "n/a",
                "n/a",
                "n/a",
                "N",
                "08/2024",
                "Incumbent",
            ]
            for p in PROFILES
            for i, v in enumerate(_education_shares(p), start=1)
        ),
    )
    _tsv(
        onet / "Job Zones.txt",
        ["O*NET-SOC Code", "Job Zone", "Date", "Domain Source"],
        ([p.code, 4, "08/2024", "Analyst"] for p in PROFILES),
    )
    write_onet_context(onet)
    soc_dir = out / "soc"
    soc_dir.mkdir(parents=True, exist_ok=True)
    with (soc_dir / "soc_2018_direct_match_title_file.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            ["2018 SOC Code", "2018 SOC Title", "2018 SOC Direct Match Title", "Illustrative Example"]
        )
        for profile in PROFILES:
            if profile.code.endswith(".00"):
                writer.writerow([profile.code[:7], profile.title, profile.alternate_titles[0], "x"])
    (onet / "README.md").write_text(
        "Starter reference written by labourlens for the shipped sample, in the O*NET text release layout.\n"
        "Replace with the O*NET database release (CC BY 4.0) for real figures: see the project README.\n",
        encoding="utf-8",
    )

    oews = out / "oews"
    oews.mkdir(parents=True, exist_ok=True)
    header = [
        "occ_code",
        "occ_title",
        "occ_display_level",
        "industry_code",
        "industry_title",
        "industry_display_level",
        "tot_emp",
        "emp_prse",
        "h_mean",
        "a_mean",
        "mean_prse",
        "h_pct10",
        "h_pct25",
        "h_median",
        "h_pct75",
        "h_pct90",
        "a_pct10",
        "a_pct25",
        "a_median",
        "a_pct75",
        "a_pct90",
        "footnotes",
    ]
    with (oews / "oews_sample_national_industry.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for p in PROFILES:
            soc = p.code[:7]
            sectors = ["000000", *sorted({INDUSTRIES[i][2] for i in p.industries})]
            for code in sectors:
                level = 0 if code == "000000" else 2
                title = (
                    "Cross-Industry, Private, Federal, State, and Local"
                    if level == 0
                    else SECTOR_TITLES[code]
                )
                mean = round(sum(p.salary) / 2 * rng.uniform(0.85, 1.2), -1)
                pct = [round(mean * f, -1) for f in (0.6, 0.78, 0.96, 1.18, 1.42)]
                row = [
                    soc,
                    p.title,
                    3,
                    code,
                    title,
                    level,
                    rng.randint(500, 90_000),
                    2.1,
                    round(mean / 2080, 2),
                    mean,
                    1.1,
                    *(round(v / 2080, 2) for v in pct),
                    *pct,
                    "",
                ]
                if pct[-1] > 239_200:  # BLS top-codes the 90th percentile and leaves the cell empty
                    row[header.index("a_pct90")] = ""
                    row[header.index("h_pct90")] = ""
                    row[-1] = "10:5;15:5"
                writer.writerow(row)


def generate(
    out: Path,
    resumes: int,
    postings: int,
    seed: int = 20261126,
    with_defects: bool = True,
    reference: bool = True,
) -> None:
    """Write a raw directory: resumes/, postings/ and (unless told not to) the starter onet/ and oews/."""
    rng = random.Random(seed)
    write_resumes(out, resumes, rng, with_defects)
    write_postings(out, postings, rng, with_defects)
    if reference:
        write_reference(out, rng)
