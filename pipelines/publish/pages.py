"""Occupation profile pages: a static, self-contained site generated from the marts.

Every figure comes from a ``sql/pages/*.sql`` query over the marts; suppressed figures are never shown,
and each section says what it withholds and why. Charts are inline SVG drawn here, so a page makes no
request of any kind when it is opened.
"""

import re
import shutil
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from pipelines.documents.education import LEVELS
from pipelines.publish.charts import Series, grouped_bars
from pipelines.publish.html import document, table, text
from pipelines.warehouse.contracts import sql_text

# What a self-contained page never holds: a reference that makes the browser fetch something.
EXTERNAL_REFERENCE = re.compile(r"src=|url\(|@import|https?://")
# The marts keep an example bullet for as many skills, and as many responsibilities, as a page shows.
TOP_SKILLS = 10
RESPONSIBILITIES_PER_OCCUPATION = 6
TOP_TITLES = 12
POSTINGS_COLOUR = "#2a6fb0"
OEWS_COLOUR = "#8a94a3"
RESUMES_COLOUR = "#1f7a4d"
ONET_COLOUR = "#8a94a3"
LEVEL_NAMES = {
    "less_than_high_school": "Less than high school",
    "high_school": "High school",
    "some_college": "Some college",
    "associate": "Associate's degree",
    "bachelor": "Bachelor's degree",
    "master": "Master's degree",
    "professional": "Professional degree",
    "doctoral": "Doctoral degree",
}
ONET_ATTRIBUTION = (
    "This page includes information from the O*NET Database by the U.S. Department of Labor, Employment and "
    "Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET&reg; is a trademark of "
    "USDOL/ETA. labourlens has modified all or some of this information. USDOL/ETA has not approved, "
    "endorsed, or tested these modifications."
)

_CSS = """
*{box-sizing:border-box}body{font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header{background:#1d3557;color:#fff;padding:16px}header a{color:#cfe0ff}main{max-width:920px;margin:0 auto;padding:8px 16px 40px}
h1{margin:4px 0;font-size:24px;line-height:1.25}h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid #dde1e6;padding-bottom:4px}
.sub{opacity:.85;font-size:14px}.muted{color:#5b6573;font-size:14px}.withheld{color:#7a4b00;background:#fff6e0;padding:6px 10px;border-radius:4px;font-size:14px}
table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
th,td{border:1px solid #dde1e6;padding:5px 7px;text-align:left;vertical-align:top}th{background:#eef1f4}td.num{text-align:right;white-space:nowrap}
ul.related li{margin-bottom:10px}.fact{font-size:17px;background:#fff;border-left:4px solid #2a6fb0;padding:8px 12px;margin:8px 0}
svg{display:block;height:auto;background:#fff;margin:8px 0}input,select{font:inherit;padding:6px;margin:4px 8px 8px 0;max-width:100%}
footer{font-size:13px;color:#5b6573;border-top:1px solid #dde1e6;margin-top:32px;padding-top:8px}
"""

_INDEX_SCRIPT = """
const q=document.getElementById('q'),g=document.getElementById('group'),count=document.getElementById('count');
function filter(){const t=q.value.toLowerCase().trim(),grp=g.value;let shown=0;
for(const row of document.querySelectorAll('#occupations tbody tr')){
const ok=(!t||row.dataset.search.includes(t))&&(!grp||row.dataset.group===grp);
row.hidden=!ok;if(ok)shown++;}count.textContent=shown;}
q.addEventListener('input',filter);g.addEventListener('change',filter);
"""


@dataclass(frozen=True)
class PagesSummary:
    index: Path
    pages: int
    occupations_without_page: int


def pct(share: float) -> str:
    return f"{share * 100:.1f}%"


def money(amount: float) -> str:
    return f"${amount:,.0f}"


def page_name(occupation_code: str) -> str:
    return f"{occupation_code}.html"


def _query(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> list[dict]:
    cursor = con.execute(sql_text("pages", name), params or {})
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _by_occupation(rows: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[row["occupation_code"]].append(row)
    return grouped


@dataclass(frozen=True)
class SiteData:
    occupations: list[dict]
    skills: dict[str, list[dict]]
    titles: dict[str, list[dict]]
    responsibilities: dict[str, list[dict]]
    salaries: dict[str, list[dict]]
    top_paying: dict[str, list[dict]]
    oews_national: dict[str, list[dict]]
    education: dict[str, list[dict]]
    comparisons: dict[str, list[dict]]
    sources: list[dict]
    min_docs: int
    min_salary_n: int
    built_at: str


def load_site_data(con: duckdb.DuckDBPyConnection, min_docs: int, min_salary_n: int) -> SiteData:
    return SiteData(
        occupations=_query(con, "occupations", {"min_docs": min_docs}),
        skills=_by_occupation(_query(con, "skills", {"top_skills": TOP_SKILLS})),
        titles=_by_occupation(_query(con, "titles", {"top_titles": TOP_TITLES})),
        responsibilities=_by_occupation(_query(con, "responsibilities")),
        salaries=_by_occupation(_query(con, "salaries")),
        top_paying=_by_occupation(_query(con, "top_paying")),
        oews_national=_by_occupation(_query(con, "oews_national")),
        education=_by_occupation(_query(con, "education")),
        comparisons=_by_occupation(_query(con, "comparisons")),
        sources=_query(con, "data_sources"),
        min_docs=min_docs,
        min_salary_n=min_salary_n,
        built_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


def _withheld(message: str) -> str:
    return f'<p class="withheld">{message}</p>'


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"{n:,} {word}"
    return f"{n:,} {word[:-1] + 'ies' if word.endswith('y') else word + 's'}"


# --- sections -----------------------------------------------------------------------------------------


def _titles_section(occ: dict, titles: list[dict]) -> str:
    out = ["<h2 id='what'>What they do</h2>", f"<p>{text(occ['description'])}</p>"]
    if titles:
        items = ", ".join(f"{text(t['title'])} ({t['n']:,})" for t in titles)
        out.append(
            f"<p><strong>Titles inside this occupation</strong> (documents carrying each): {items}.</p>"
        )
    return "".join(out)


def _skills_table(rows: list[dict], with_examples: bool) -> str:
    headers = ["#", "skill", "share", "95% interval", "n"] + (
        ["example resume bullet"] if with_examples else []
    )
    return table(
        headers,
        [
            [
                str(r["rank"]),
                text(r["skill"]),
                pct(r["share"]),
                f"{pct(r['ci_low'])} to {pct(r['ci_high'])}",
                f"{r['n_with_skill']:,} of {r['n_docs']:,}",
            ]
            + (
                [text(r["example"]) if r["example"] else '<span class="muted">none found</span>']
                if with_examples
                else []
            )
            for r in rows
        ],
        numeric={0, 2, 4},
    )


def _skills_section(occ: dict, skills: list[dict], min_docs: int) -> str:
    out = ["<h2 id='skills'>Top skills</h2>"]
    for source, noun, count in (
        ("resumes", "resume", occ["n_resumes"]),
        ("postings", "posting", occ["n_postings"]),
    ):
        rows = [r for r in skills if r["source"] == source]
        out.append(f"<h3>Listed on {noun}s</h3>")
        if rows:
            top = rows[0]
            who = (
                f"{text(occ['title'])} list {text(top['skill'])} on their resumes"
                if source == "resumes"
                else f"job postings for {text(occ['title'])} list {text(top['skill'])}"
            )
            out.append(f'<p class="fact">{pct(top["share"])} of {who} (n = {top["n_docs"]:,} {noun}s).</p>')
            out.append(_skills_table(rows, with_examples=source == "resumes"))
        elif count == 0:
            out.append(f'<p class="muted">No {noun} maps to this occupation.</p>')
        elif count < min_docs:
            out.append(
                _withheld(
                    f"Shares from {noun}s withheld: {_plural(count, noun)}, fewer than the minimum of {min_docs}."
                )
            )
        else:
            out.append(f'<p class="muted">No skill was found in these {noun}s.</p>')
    return "".join(out)


def _responsibilities_section(rows: list[dict]) -> str:
    if not rows:
        return ""
    items = "".join(
        f"<li>{text(r['example'])} <span class='muted'>({_plural(r['n_resumes'], 'resume')})</span></li>"
        for r in rows
    )
    return f"<h2 id='responsibilities'>Example responsibilities from resumes</h2><ul>{items}</ul>"


def _salary_section(
    occ: dict, salaries: list[dict], top_paying: list[dict], national: list[dict], min_salary_n: int
) -> str:
    out = ["<h2 id='salary'>Salary by industry</h2>"]
    for n in national:
        figure = (
            f"{money(n['mean_annual'])} on average" if n["mean_annual"] is not None else "no mean released"
        )
        out.append(
            "<p class='fact'>BLS OEWS: the OEWS files read give no industry breakdown, only the national "
            f"figure across all industries: {figure}"
            + (f" (employment {n['employment']:,.0f})" if n["employment"] is not None else "")
            + ".</p>"
        )
    shown = [r for r in salaries if not r["suppressed"]]
    top = {r["source"]: r for r in top_paying}
    facts = []
    if "oews" in top:
        t = top["oews"]
        facts.append(
            f"<p class='fact'>BLS OEWS: they earn the most in {text(t['industry'])}, {money(t['mean_annual'])} "
            f"on average (employment {t['n']:,.0f}).</p>"
        )
    if "postings" in top:
        t = top["postings"]
        facts.append(
            f"<p class='fact'>Job postings: the highest advertised pay is in {text(t['industry'])}, "
            f"{money(t['mean_annual'])} on average (n = {_plural(int(t['n']), 'posting')}).</p>"
        )
    out += facts
    if shown:
        industries: dict[str, str] = {}
        for r in sorted(shown, key=lambda r: -r["mean_annual"]):
            industries.setdefault(r["industry_code"], r["industry"])
        codes = list(industries)
        means = {(r["source"], r["industry_code"]): r["mean_annual"] for r in shown}
        out.append(
            grouped_bars(
                f"Mean annual pay of {occ['title']} by industry",
                [industries[c] for c in codes],
                [
                    Series("Job postings", POSTINGS_COLOUR, [means.get(("postings", c)) for c in codes]),
                    Series("BLS OEWS", OEWS_COLOUR, [means.get(("oews", c)) for c in codes]),
                ],
                money,
            )
        )
        out.append(
            table(
                ["industry", "source", "mean", "median", "n"],
                [
                    [
                        text(r["industry"]),
                        "job postings" if r["source"] == "postings" else "BLS OEWS",
                        money(r["mean_annual"]),
                        money(r["median_annual"]) if r["median_annual"] is not None else "",
                        _plural(int(r["n"]), "posting")
                        if r["source"] == "postings"
                        else f"employment {r['employment']:,.0f}"
                        if r["employment"] is not None
                        else "",
                    ]
                    for r in sorted(shown, key=lambda r: (-r["mean_annual"], r["source"]))
                ],
                numeric={2, 3, 4},
            )
        )
    else:
        out.append('<p class="muted">No industry has a salary figure that may be shown.</p>')
    withheld_postings = [r for r in salaries if r["suppressed"] and r["source"] == "postings"]
    withheld_oews = [r for r in salaries if r["suppressed"] and r["source"] == "oews"]
    if withheld_postings:
        out.append(
            _withheld(
                f"Job postings: {_plural(len(withheld_postings), 'industry')} withheld, each with fewer than "
                f"{min_salary_n} postings stating a salary."
            )
        )
    if withheld_oews:
        top_coded = sum(1 for r in withheld_oews if r["top_coded"])
        out.append(
            _withheld(
                f"BLS OEWS: {_plural(len(withheld_oews), 'industry')} withheld because BLS released no mean"
                + (f" ({top_coded} top-coded at $239,200 or more)" if top_coded else "")
                + "."
            )
        )
    if occ["n_postings"] == 0:
        out.append('<p class="muted">No job posting maps to this occupation.</p>')
    return "".join(out)


def _education_section(occ: dict, education: list[dict], min_docs: int) -> str:
    out = ["<h2 id='education'>Education</h2>"]
    by_source = {
        source: {r["education_level"]: r for r in education if r["source"] == source}
        for source in ("resumes", "onet")
    }
    resumes_n = next(iter(by_source["resumes"].values()), {}).get("n", 0)
    onet_n = next(iter(by_source["onet"].values()), {}).get("n", 0)
    show_resumes = resumes_n >= min_docs
    series = []
    if show_resumes:
        series.append(
            Series(
                f"Resumes (n = {resumes_n:,})",
                RESUMES_COLOUR,
                [by_source["resumes"].get(lv, {}).get("share") for lv in LEVELS],
            )
        )
    if by_source["onet"]:
        series.append(
            Series(
                f"O*NET required level (n = {onet_n:,.0f})",
                ONET_COLOUR,
                [by_source["onet"].get(lv, {}).get("share") for lv in LEVELS],
            )
        )
    if series:
        out.append(
            grouped_bars(
                f"Education levels of {occ['title']}", [LEVEL_NAMES[lv] for lv in LEVELS], series, pct
            )
        )
        rows = []
        for lv in LEVELS:
            cells = [LEVEL_NAMES[lv]]
            for source, visible in (("resumes", show_resumes), ("onet", bool(by_source["onet"]))):
                r = by_source[source].get(lv)
                cells.append(
                    f"{pct(r['share'])} ({pct(r['ci_low'])} to {pct(r['ci_high'])})" if visible and r else ""
                )
            rows.append(cells)
        out.append(
            table(
                ["level", "highest level on resumes (95% interval)", "O*NET required level (95% interval)"],
                rows,
                numeric={1, 2},
            )
        )
    if not show_resumes:
        out.append(
            _withheld(
                f"Resume education withheld: {_plural(int(resumes_n), 'resume')} of this occupation state a "
                f"degree, fewer than the minimum of {min_docs}."
            )
        )
    if not by_source["onet"]:
        out.append('<p class="muted">O*NET publishes no education data for this occupation.</p>')
    return "".join(out)


def _education_sentence(c: dict, min_docs: int) -> str:
    n = f"(resumes stating a level: {c['education_n']:,} and {c['related_education_n']:,})"
    if min(c["education_n"], c["related_education_n"]) < min_docs:
        # the page withholds resume education below the minimum, so no difference built on it is shown
        return f"Their education is not compared: fewer than {min_docs} resumes state a level {n}."
    if c["master_delta_pp"] is None or c["doctoral_delta_pp"] is None:
        return f"Their education cannot be compared {n}."
    parts = []
    similar = []
    for degree, delta, significant in (
        ("Master's", c["master_delta_pp"], c["master_delta_significant"]),
        ("Doctoral", c["doctoral_delta_pp"], c["doctoral_delta_significant"]),
    ):
        if significant:
            direction = "more" if delta > 0 else "less"
            parts.append(f"{abs(delta):.1f} percentage points {direction} likely to hold a {degree} degree")
        else:
            similar.append(f"{degree} {delta:+.1f} pp")
    if not parts:
        return (
            f"They have similar levels of education ({', '.join(similar)}; neither difference is "
            f"significant at 95%) {n}."
        )
    sentence = "They are " + " and ".join(parts)
    if similar:
        sentence += f"; otherwise similar levels of education ({', '.join(similar)}, not significant)"
    return sentence + f" {n}."


def comparison_sentences(occ_title: str, c: dict, has_page: bool, min_docs: int) -> str:
    """Plain sentences on how the related occupation differs (deltas are related minus occupation)."""
    name = text(c["related_title"])
    link = f'<a href="{page_name(c["related_code"])}">{name}</a>' if has_page else name
    sentences = []
    delta = c["salary_delta"]
    if delta is None:
        sentences.append(f"{link}: no salary comparison is possible (a mean is missing for one of them).")
    else:
        basis = {
            "oews": "BLS OEWS national means",
            "postings": "job-posting means",
        }.get(c["salary_source"], "one OEWS and one job-posting mean; compare with care")
        if round(delta) == 0:
            sentences.append(f"{link} are paid about the same ({basis}).")
        else:
            sentences.append(
                f"{link} are paid {money(abs(delta))} {'more' if delta > 0 else 'less'} on average ({basis})."
            )
    mine, theirs = list(c["distinctive_skills"] or []), list(c["related_distinctive_skills"] or [])
    # a skill both list that is still far more typical of one side reads as a contradiction; it is
    # named once, as distinctive
    shared = [s for s in c["shared_skills"] or [] if s not in mine and s not in theirs]
    if shared:
        sentences.append(f"Both list {_join(shared)}.")
    elif not c["shared_skills"]:
        sentences.append("No skill is listed by at least 10% of both.")
    if mine:
        sentences.append(f"More typical of {text(occ_title)}: {_join(mine)}.")
    if theirs:
        sentences.append(f"More typical of {name}: {_join(theirs)}.")
    if not mine and not theirs:
        sentences.append("Neither has a skill significantly more typical of it.")
    sentences.append(_education_sentence(c, min_docs))
    return " ".join(sentences) + f' <span class="muted">(skill similarity {c["similarity"]:.2f})</span>'


def _join(items: list[str]) -> str:
    escaped = [text(i) for i in items]
    return escaped[0] if len(escaped) == 1 else ", ".join(escaped[:-1]) + " and " + escaped[-1]


def _related_section(occ: dict, comparisons: list[dict], with_page: set[str], min_docs: int) -> str:
    if not comparisons:
        return ""
    items = "".join(
        f"<li>{comparison_sentences(occ['title'], c, c['related_code'] in with_page, min_docs)}</li>"
        for c in comparisons
    )
    return f'<h2 id="related">Related occupations</h2><ul class="related">{items}</ul>'


def _sources_footer(data: SiteData) -> str:
    rows = []
    for s in data.sources:
        dates = ""
        if s["first_date"] is not None:
            dates = f"{s['first_date']} to {s['last_date']}"
        rows.append([text(s["dataset"]), f"{s['records']:,}", dates, text(s["files"])])
    return (
        "<h2 id='data'>Data and method</h2>"
        f"<p>Built {text(data.built_at)} from:</p>"
        + table(["dataset", "records", "dates in the data", "files"], rows, numeric={1})
        + "<p class='muted'>Titles are matched to O*NET-SOC occupations (exact, by head words, then fuzzy above a score "
        "threshold; unmatched titles are left out). Skills are whole-word matches against one taxonomy (O*NET "
        "technology examples, a skills list and curated professional skills), counted once per document. "
        "Shares are of distinct resumes or postings with 95% Wilson intervals; a share is shown only when at "
        f"least {data.min_docs} documents stand behind it. Posting salaries are annualised (hourly x 2,080, "
        f"daily x 260, weekly x 52, monthly x 12) and an industry is shown with at least {data.min_salary_n} "
        "postings stating a salary; OEWS means are BLS May estimates by NAICS sector. Related occupations are "
        "the most similar skill profiles (cosine similarity); education differences are from resumes, with "
        "95% Newcombe intervals: a difference whose interval includes zero is reported as similar.</p>"
    )


def _footer() -> str:
    return f"<footer><p>{ONET_ATTRIBUTION}</p><p>BLS OEWS data: U.S. Bureau of Labor Statistics, public domain.</p></footer>"


def render_occupation_page(occ: dict, data: SiteData, with_page: set[str]) -> str:
    code = occ["occupation_code"]
    header = (
        '<div class="sub"><a href="index.html">All occupations</a></div>'
        f"<h1>{text(occ['title'])}</h1>"
        f'<div class="sub">O*NET-SOC {text(code)} · SOC {text(occ["soc_code"])} · {text(occ["occupation_group"])} · '
        f"{_plural(occ['n_resumes'], 'resume')} · {_plural(occ['n_postings'], 'job posting')}</div>"
    )
    body = (
        _titles_section(occ, data.titles.get(code, []))
        + _skills_section(occ, data.skills.get(code, []), data.min_docs)
        + _responsibilities_section(data.responsibilities.get(code, []))
        + _salary_section(
            occ,
            data.salaries.get(code, []),
            data.top_paying.get(code, []),
            data.oews_national.get(code, []),
            data.min_salary_n,
        )
        + _education_section(occ, data.education.get(code, []), data.min_docs)
        + _related_section(occ, data.comparisons.get(code, []), with_page, data.min_docs)
        + _sources_footer(data)
        + _footer()
    )
    return document(
        f"{occ['title']}: occupation profile", _CSS, f"<header>{header}</header><main>{body}</main>"
    )


def render_index(data: SiteData) -> str:
    pages = [o for o in data.occupations if o["has_page"]]
    groups = sorted({o["occupation_group"] for o in pages if o["occupation_group"]})
    without = len(data.occupations) - len(pages)
    options = "".join(f'<option value="{text(g)}">{text(g)}</option>' for g in groups)
    rows = "".join(
        f'<tr data-group="{text(o["occupation_group"])}" data-search="{text((o["title"] + " " + o["occupation_code"]).lower())}">'
        f'<td><a href="{page_name(o["occupation_code"])}">{text(o["title"])}</a></td>'
        f"<td>{text(o['occupation_code'])}</td><td>{text(o['occupation_group'])}</td>"
        f'<td class="num">{o["n_resumes"]:,}</td><td class="num">{o["n_postings"]:,}</td></tr>'
        for o in pages
    )
    header = (
        "<h1>labourlens occupation profiles</h1>"
        f'<div class="sub">{_plural(len(pages), "occupation")} with at least {data.min_docs} resumes or '
        f"postings · built {text(data.built_at)}</div>"
    )
    body = (
        '<label for="q">Search</label> <input id="q" type="search" placeholder="title or code">'
        f'<label for="group">Group</label> <select id="group"><option value="">All groups</option>{options}</select>'
        f'<p class="muted"><span id="count">{len(pages)}</span> shown. '
        f"{_plural(without, 'other occupation')} have fewer than {data.min_docs} resumes and fewer than "
        f"{data.min_docs} postings and get no page.</p>"
        '<div class="scroll"><table id="occupations"><thead><tr><th>occupation</th><th>O*NET-SOC</th><th>group</th>'
        f"<th>resumes</th><th>postings</th></tr></thead><tbody>{rows}</tbody></table></div>"
        + _sources_footer(data)
        + _footer()
    )
    return document(
        "labourlens occupation profiles", _CSS, f"<header>{header}</header><main>{body}</main>", _INDEX_SCRIPT
    )


def write_occupation_pages(
    con: duckdb.DuckDBPyConnection, out_dir: Path, min_docs: int, min_salary_n: int
) -> PagesSummary:
    """Write ``index.html`` and one page per occupation with enough data into ``out_dir``, replacing the
    previous build's pages as a whole so that no stale page survives."""
    data = load_site_data(con, min_docs, min_salary_n)
    with_page = {o["occupation_code"] for o in data.occupations if o["has_page"]}
    staging_dir = out_dir.with_name(out_dir.name + ".new")
    shutil.rmtree(staging_dir, ignore_errors=True)
    staging_dir.mkdir(parents=True)
    for occ in data.occupations:
        if occ["has_page"]:
            page = render_occupation_page(occ, data, with_page)
            (staging_dir / page_name(occ["occupation_code"])).write_text(page, encoding="utf-8")
    (staging_dir / "index.html").write_text(render_index(data), encoding="utf-8")
    shutil.rmtree(out_dir, ignore_errors=True)
    staging_dir.rename(out_dir)
    return PagesSummary(
        index=out_dir / "index.html",
        pages=len(with_page),
        occupations_without_page=len(data.occupations) - len(with_page),
    )


def site_problems(con: duckdb.DuckDBPyConnection, out_dir: Path, min_docs: int) -> list[str]:
    """What is wrong with a written site: a missing or stale page, no index, a page without the O*NET
    attribution or one that would fetch something from elsewhere."""
    rows = _query(con, "occupations", {"min_docs": min_docs})
    expected = {o["occupation_code"] for o in rows if o["has_page"]}
    written = {p.stem for p in out_dir.glob("*.html")} - {"index"}
    problems = [f"missing page {c}" for c in sorted(expected - written)]
    problems += [f"stale page {c}" for c in sorted(written - expected)]
    if not (out_dir / "index.html").exists():
        problems.append("no index.html")
    for code in sorted(expected & written):
        page = (out_dir / page_name(code)).read_text(encoding="utf-8")
        if "CC BY 4.0" not in page:
            problems.append(f"{code}: no O*NET attribution")
        if EXTERNAL_REFERENCE.search(page):
            problems.append(f"{code}: refers to an external resource")
    return problems
