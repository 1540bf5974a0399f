"""Occupation profile pages: a static, self-contained site generated from the marts.

Every figure comes from a ``sql/pages/*.sql`` query over the marts; ``profile.py`` formats the figures
and says what is withheld and why; the Jinja2 templates in ``templates/`` (one CSS file, inlined) lay
the pages out. Charts are inline SVG, so a page makes no request of any kind when it is opened.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import jinja2
from markupsafe import Markup

from pipelines.publish import profile
from pipelines.publish.profile import by_occupation, page_name, plural
from pipelines.warehouse.contracts import sql_text

# The marts keep an example bullet for as many skills, and as many responsibilities, as a page shows.
TOP_SKILLS = 10
RESPONSIBILITIES_PER_OCCUPATION = 6
TOP_TITLES = 12
RELATED_FROM_ONET = 8
# O*NET's attribution names the release ("the O*NET 29.2 Database"), from staging.onet_release.
ONET_ATTRIBUTION = (
    "This page includes information from the {database} by the U.S. Department of Labor, Employment and "
    "Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET® is a trademark of "
    "USDOL/ETA. labourlens has modified all or some of this information. USDOL/ETA has not approved, "
    "endorsed, or tested these modifications."
)
TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class PagesSummary:
    index: Path
    pages: int
    occupations_without_page: int


def query(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> list[dict]:
    cursor = con.execute(sql_text("pages", name), params or {})
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


@dataclass(frozen=True)
class SiteData:
    occupations: list[dict]
    skills: dict[str, list[dict]]
    soft_skills: dict[str, list[dict]]
    titles: dict[str, list[dict]]
    responsibilities: dict[str, list[dict]]
    tasks: dict[str, list[dict]]
    pay: dict[str, list[dict]]
    salaries: dict[str, list[dict]]
    top_paying: dict[str, list[dict]]
    education: dict[str, list[dict]]
    comparisons: dict[str, list[dict]]
    onet_related: dict[str, list[dict]]
    sources: list[dict]
    composition: list[dict]
    places: list[dict]
    onet_release: dict
    min_docs: int
    min_salary_n: int
    built_at: str


def load_site_data(con: duckdb.DuckDBPyConnection, min_docs: int, min_salary_n: int) -> SiteData:
    per_occupation = {"per_occupation": RESPONSIBILITIES_PER_OCCUPATION}
    return SiteData(
        occupations=query(con, "occupations", {"min_docs": min_docs}),
        skills=by_occupation(query(con, "skills", {"top_skills": TOP_SKILLS})),
        soft_skills=by_occupation(query(con, "soft_skills", {"top_skills": TOP_SKILLS})),
        titles=by_occupation(query(con, "titles", {"top_titles": TOP_TITLES})),
        responsibilities=by_occupation(query(con, "responsibilities")),
        tasks=by_occupation(query(con, "tasks", per_occupation)),
        pay=by_occupation(query(con, "salary_headline")),
        salaries=by_occupation(query(con, "salaries")),
        top_paying=by_occupation(query(con, "top_paying")),
        education=by_occupation(query(con, "education")),
        comparisons=by_occupation(query(con, "comparisons")),
        onet_related=by_occupation(query(con, "onet_related", {"per_occupation": RELATED_FROM_ONET})),
        sources=query(con, "data_sources"),
        composition=query(con, "composition"),
        places=query(con, "places"),
        onet_release=query(con, "onet_release")[0],
        min_docs=min_docs,
        min_salary_n=min_salary_n,
        built_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


def environment() -> jinja2.Environment:
    """The templates of every generated page (``templates/``), escaping all text."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(pct=profile.pct, money=profile.money, plural=plural, page=page_name)
    return env


def onet_attribution(release: dict) -> str:
    """O*NET's CC BY 4.0 attribution, naming the release the build read."""
    return ONET_ATTRIBUTION.format(database=release["database_name"])


def onet_release_line(release: dict) -> str:
    """Which O*NET release the page shows, or why that is not known."""
    if release["unknown_reason"]:
        return f"O*NET release not known: {release['unknown_reason']}."
    month = f", {release['release_month']} Release" if release["release_month"] else ""
    return f"O*NET content: the {release['database_name']}{month} (as {release['source_file']} names it)."


def _common(data: SiteData) -> dict[str, Any]:
    return {
        "sources": data.sources,
        "composition": profile.composition_note(data.composition, data.places),
        "attribution": onet_attribution(data.onet_release),
        "onet_release": onet_release_line(data.onet_release),
        "built_at": data.built_at,
        "min_docs": data.min_docs,
        "min_salary_n": data.min_salary_n,
    }


def _skills(occ: dict, skills: list[dict], min_docs: int) -> list[dict]:
    """Per source: its noun, the lead sentence, the rows grouped by type, or why none is shown. Skill
    shares are measured on the documents with text (marts.skill_prevalence), so they decide."""
    out = []
    for source, noun, mapped, count in (
        ("resumes", "resume", occ["n_resumes"], occ["n_resumes"]),
        ("postings", "job posting", occ["n_postings"], occ["n_postings_with_text"]),
    ):
        rows = [r for r in skills if r["source"] == source]
        lead = absent = None
        if rows:
            top = rows[0]
            who = (
                f"{occ['title']} list {top['skill']} on their resumes"
                if source == "resumes"
                else f"job postings for {occ['title']} list {top['skill']}"
            )
            lead = f"{profile.pct(top['share'])} of {who} (n = {top['n_docs']:,} {noun}s)."
        elif mapped == 0:
            absent = f"No {noun} maps to this occupation."
        elif count < min_docs:
            absent = (
                f"Shares from {noun}s withheld: {plural(count, noun)} with text, fewer than the minimum of"
                f" {min_docs}."
            )
        else:
            absent = f"No skill was found in these {noun}s."
        out.append(
            {
                "source": source,
                "noun": noun,
                "lead": lead,
                "absent": absent,
                "withheld": mapped > 0 and count < min_docs,
                "groups": profile.skill_groups(rows),
                "examples": source == "resumes",
            }
        )
    return out


def render_occupation_page(env: jinja2.Environment, occ: dict, data: SiteData, with_page: set[str]) -> str:
    code = occ["occupation_code"]
    salaries = data.salaries.get(code, [])
    education_chart, education_notes = profile.education_chart(
        occ["title"], data.education.get(code, []), data.min_docs
    )
    industry_chart = profile.industry_chart(occ["title"], salaries)
    comparisons = [
        {
            **c,
            "has_page": c["related_code"] in with_page,
            "figures": profile.comparison_row(c, data.min_docs),
            "sentences": profile.comparison_sentences(occ["title"], c, data.min_docs),
        }
        for c in data.comparisons.get(code, [])
    ]
    tasks = data.tasks.get(code, [])
    return env.get_template("occupation.html.j2").render(
        occ=occ,
        pay=profile.headline_pay(data.pay.get(code, [])),
        skills=_skills(occ, data.skills.get(code, []), data.min_docs),
        soft_skills=data.soft_skills.get(code, []),
        soft_skills_rated=any(r["onet_importance"] is not None for r in data.soft_skills.get(code, [])),
        responsibilities=data.responsibilities.get(code, []),
        tasks=tasks,
        task_dates=sorted({t["date"] for t in tasks if t["date"]}, key=lambda d: d[-4:] + d[:2]),
        industry_chart=Markup(industry_chart) if industry_chart else None,
        top_paying=profile.top_paying_sentences(data.top_paying.get(code, [])),
        industries_withheld=profile.withheld_industries(salaries),
        education_chart=Markup(education_chart) if education_chart else None,
        education_notes=education_notes,
        titles=data.titles.get(code, []),
        comparisons=comparisons,
        onet_related=[
            {**r, "has_page": r["related_code"] in with_page} for r in data.onet_related.get(code, [])
        ],
        **_common(data),
    )


def render_index(env: jinja2.Environment, data: SiteData) -> str:
    pages = [o for o in data.occupations if o["has_page"]]
    return env.get_template("index.html.j2").render(
        pages=pages,
        groups=sorted({o["occupation_group"] for o in pages if o["occupation_group"]}),
        without=len(data.occupations) - len(pages),
        **_common(data),
    )


def write_occupation_pages(
    con: duckdb.DuckDBPyConnection, out_dir: Path, min_docs: int, min_salary_n: int
) -> PagesSummary:
    """Write ``index.html`` and one page per occupation with enough data into ``out_dir``, replacing the
    previous build's pages as a whole so that no stale page survives."""
    data = load_site_data(con, min_docs, min_salary_n)
    env = environment()
    with_page = {o["occupation_code"] for o in data.occupations if o["has_page"]}
    staging_dir = out_dir.with_name(out_dir.name + ".new")
    shutil.rmtree(staging_dir, ignore_errors=True)
    staging_dir.mkdir(parents=True)
    for occ in data.occupations:
        if occ["has_page"]:
            page = render_occupation_page(env, occ, data, with_page)
            (staging_dir / page_name(occ["occupation_code"])).write_text(page, encoding="utf-8")
    (staging_dir / "index.html").write_text(render_index(env, data), encoding="utf-8")
    shutil.rmtree(out_dir, ignore_errors=True)
    staging_dir.rename(out_dir)
    return PagesSummary(
        index=out_dir / "index.html",
        pages=len(with_page),
        occupations_without_page=len(data.occupations) - len(with_page),
    )
