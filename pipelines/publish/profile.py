"""What an occupation profile says, section by section: figures formatted, withheld figures explained
and comparisons put into sentences. Plain text and inline SVG charts; the templates under
``templates/`` lay them out and escape the text."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from pipelines.documents.education import LEVELS
from pipelines.publish.charts import Series, grouped_bars

POSTINGS_COLOUR = "#2a6fb0"
ESTIMATED_COLOUR = "#9bbde0"
OEWS_COLOUR = "#6b7480"
RESUMES_COLOUR = "#1f7a4d"
ONET_COLOUR = "#8a94a3"
SOURCE_NAMES = {
    "postings": "Job postings, pay stated by the employer",
    "postings_estimated": "Job postings, pay estimated by the job board",
    "oews": "BLS OEWS",
}
SOURCE_COLOURS = {"postings": POSTINGS_COLOUR, "postings_estimated": ESTIMATED_COLOUR, "oews": OEWS_COLOUR}
SKILL_TYPES = {
    "software": "Software and technology",
    "method": "Methods and knowledge",
    "professional": "Professional skills",
    "tool": "Tools and equipment",
}
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
NO_SIGNIFICANT_DIFFERENCE = "no significant difference (the 95% interval includes 0)"


def pct(share: float) -> str:
    return f"{share * 100:.1f}%"


def money(amount: float) -> str:
    return f"-${-amount:,.0f}" if round(amount) < 0 else f"${amount:,.0f}"


def hourly(amount: float) -> str:
    return f"${amount:,.2f}"


def plural(n: int | float, word: str) -> str:
    n = int(n)
    if n == 1:
        return f"{n:,} {word}"
    return f"{n:,} {word[:-1] + 'ies' if word.endswith('y') and not word.endswith('ey') else word + 's'}"


def join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def page_name(occupation_code: str) -> str:
    return f"{occupation_code}.html"


def by_occupation(rows: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[row["occupation_code"]].append(row)
    return grouped


def source_label(row: dict) -> str:
    """The source of a pay figure with its date range or release."""
    if row["source"] == "oews":
        year = f"May {row['release_year']}" if row.get("release_year") else "May estimates"
        return f"BLS OEWS, {year}"
    dates = f", posted {row['first_date']} to {row['last_date']}" if row.get("first_date") else ""
    return SOURCE_NAMES[row["source"]] + dates


# --- headline pay ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PayRow:
    source: str
    basis: str
    median: str
    mean: str
    median_hourly: str
    mean_hourly: str
    withheld: str | None


def headline_pay(rows: list[dict]) -> list[PayRow]:
    """One row per source, employer-stated postings first, OEWS last; withheld rows say why."""
    order = {"postings": 0, "postings_estimated": 1, "oews": 2}
    out = []
    for r in sorted(rows, key=lambda r: order[r["source"]]):
        basis = (
            f"employment {r['employment']:,.0f}, all industries"
            if r["source"] == "oews" and r["employment"] is not None
            else plural(r["n"], "posting")
            if r["n"] is not None
            else ""
        )
        if r["suppressed"]:
            out.append(PayRow(source_label(r), basis, "", "", "", "", r["withheld_reason"]))
            continue
        interval = (
            f" ({money(r['mean_ci_low'])} to {money(r['mean_ci_high'])})"
            if r["mean_ci_low"] is not None
            else ""
        )
        out.append(
            PayRow(
                source=source_label(r),
                basis=basis,
                median=money(r["median_annual"]) if r["median_annual"] is not None else "not published",
                mean=money(r["mean_annual"]) + interval,
                median_hourly=hourly(r["median_hourly"]) if r["median_hourly"] is not None else "",
                mean_hourly=hourly(r["mean_hourly"]) if r["mean_hourly"] is not None else "",
                withheld=None,
            )
        )
    return out


# --- skills ---------------------------------------------------------------------------------------


def skill_groups(rows: list[dict]) -> list[tuple[str, list[dict]]]:
    """The rows of one source grouped by skill type, the group of the top skill first."""
    groups: dict[str, list[dict]] = {}
    for r in rows:
        groups.setdefault(SKILL_TYPES.get(r["skill_type"], r["skill_type"].title()), []).append(r)
    return list(groups.items())


# --- salary by industry ---------------------------------------------------------------------------


def industry_chart(title: str, salaries: list[dict]) -> str | None:
    """One chart: every industry with a figure that may be shown, a bar per source with its interval."""
    shown = [r for r in salaries if not r["suppressed"] and r["mean_annual"] is not None]
    if not shown:
        return None
    industries: dict[str, str] = {}
    for r in sorted(shown, key=lambda r: -r["mean_annual"]):
        industries.setdefault(r["industry_code"], r["industry"])
    codes = list(industries)
    series = []
    for source in ("postings", "postings_estimated", "oews"):
        rows = {r["industry_code"]: r for r in shown if r["source"] == source}
        if not rows:
            continue
        name = SOURCE_NAMES[source] if source != "oews" else source_label(next(iter(rows.values())))
        series.append(
            Series(
                name,
                SOURCE_COLOURS[source],
                [rows[c]["mean_annual"] if c in rows else None for c in codes],
                [
                    (rows[c]["mean_ci_low"], rows[c]["mean_ci_high"])
                    if c in rows and rows[c]["mean_ci_low"] is not None
                    else None
                    for c in codes
                ],
            )
        )
    return grouped_bars(
        f"Mean annual pay of {title} by industry", [industries[c] for c in codes], series, money
    )


def top_paying_sentences(top_paying: list[dict]) -> list[str]:
    out = []
    for t in sorted(top_paying, key=lambda t: t["source"] != "oews"):
        if t["source"] != "oews":
            n = f"n = {plural(t['n'], 'posting')}"
        else:
            # OEWS withholds some industries' employment while it still releases their mean
            n = "employment not released" if t["n"] is None else f"employment {t['n']:,.0f}"
        if t["tied_industries"]:
            lead = f"tied with {join(t['tied_industries'])}"
        elif t["clear_lead"]:
            lead = "its 95% interval lies above every other industry's"
        else:
            lead = "not clearly above the next: their 95% intervals overlap"
        what = "they earn the most in" if t["source"] == "oews" else "the highest pay is in"
        out.append(
            f"{SOURCE_NAMES[t['source']]}: {what} {t['industry']}, {money(t['mean_annual'])} on average "
            f"({n}; {lead})."
        )
    return out


def withheld_industries(salaries: list[dict]) -> list[str]:
    """One line per source and reason: how many industries were withheld."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for r in salaries:
        if r["suppressed"]:
            counts[(r["source"], r["withheld_reason"])] += 1
    return [
        f"{SOURCE_NAMES[source]}: {plural(n, 'industry')} withheld ({reason})."
        for (source, reason), n in sorted(counts.items())
    ]


# --- education ------------------------------------------------------------------------------------


def education_chart(title: str, education: list[dict], min_docs: int) -> tuple[str | None, list[str]]:
    """The chart of education levels (resumes beside O*NET's required level) and the notes on what
    is withheld."""
    by_source = {
        source: {r["education_level"]: r for r in education if r["source"] == source}
        for source in ("resumes", "onet")
    }
    resumes_n = next(iter(by_source["resumes"].values()), {}).get("n", 0)
    onet_n = next(iter(by_source["onet"].values()), {}).get("n", 0)
    series = []
    notes = []
    for source, name, colour, visible in (
        (
            "resumes",
            f"Highest level on resumes (n = {resumes_n:,})",
            RESUMES_COLOUR,
            resumes_n >= min_docs,
        ),
        (
            "onet",
            f"O*NET required level (n = {onet_n:,.0f} respondents)",
            ONET_COLOUR,
            bool(by_source["onet"]),
        ),
    ):
        if not visible:
            continue
        rows = [by_source[source].get(lv) for lv in LEVELS]
        series.append(
            Series(
                name,
                colour,
                [r["share"] if r else None for r in rows],
                [(r["ci_low"], r["ci_high"]) if r else None for r in rows],
            )
        )
    if resumes_n < min_docs:
        notes.append(
            f"Resume education withheld: {plural(resumes_n, 'resume')} of this occupation state a level, "
            f"fewer than the minimum of {min_docs}."
        )
    if not by_source["onet"]:
        notes.append("O*NET publishes no education data for this occupation.")
    if not series:
        return None, notes
    return grouped_bars(
        f"Education levels of {title}", [LEVEL_NAMES[lv] for lv in LEVELS], series, pct
    ), notes


# --- related occupations --------------------------------------------------------------------------


def education_sentence(c: dict, min_docs: int) -> str:
    n = f"(resumes stating a level: {c['education_n']:,} and {c['related_education_n']:,})"
    if min(c["education_n"], c["related_education_n"]) < min_docs:
        # the page withholds resume education below the minimum, so no difference built on it is shown
        return f"Their education is not compared: fewer than {min_docs} resumes state a level {n}."
    if c["master_delta_pp"] is None or c["doctoral_delta_pp"] is None:
        return f"Their education cannot be compared {n}."
    parts = []
    for degree, delta, significant in (
        ("Master's", c["master_delta_pp"], c["master_delta_significant"]),
        ("Doctoral", c["doctoral_delta_pp"], c["doctoral_delta_significant"]),
    ):
        if significant:
            direction = "more" if delta > 0 else "less"
            parts.append(f"{abs(delta):.1f} percentage points {direction} likely to hold a {degree} degree")
        else:
            parts.append(f"{degree} degree: {delta:+.1f} percentage points, {NO_SIGNIFICANT_DIFFERENCE}")
    return "On resumes: " + "; ".join(parts) + f" {n}."


def pay_sentence(c: dict) -> str:
    delta = c["salary_delta"]
    if delta is None:
        return "Pay is not compared: the two have no mean pay from the same source."
    basis = {"oews": "BLS OEWS national means", "postings": "employer-stated job-posting pay"}[
        c["salary_source"]
    ]
    interval = (
        f"95% interval {money(c['salary_delta_low'])} to {money(c['salary_delta_high'])}"
        if c["salary_delta_low"] is not None
        else "no interval known"
    )
    if c["salary_delta_low"] is not None and not c["salary_delta_significant"]:
        return f"Pay: {NO_SIGNIFICANT_DIFFERENCE}; they differ by {money(abs(delta))} on average ({basis})."
    direction = "more" if delta > 0 else "less"
    return f"They are paid {money(abs(delta))} {direction} on average ({basis}; {interval})."


def skill_sentences(title: str, related_title: str, c: dict) -> list[str]:
    mine, theirs = list(c["distinctive_skills"] or []), list(c["related_distinctive_skills"] or [])
    # a skill both list that is still far more typical of one side reads as a contradiction; it is
    # named once, as distinctive
    shared = [s for s in c["shared_skills"] or [] if s not in mine and s not in theirs]
    out = [f"Skills compared on {c['skill_basis']}:"]
    if shared:
        out.append(f"Both list {join(shared)}.")
    elif not c["shared_skills"]:
        out.append("No skill is listed by at least 10% of both.")
    if mine:
        out.append(f"More typical of {title}: {join(mine)}.")
    if theirs:
        out.append(f"More typical of {related_title}: {join(theirs)}.")
    if not mine and not theirs:
        out.append("Neither has a skill significantly more typical of it.")
    return out


def comparison_sentences(title: str, c: dict, min_docs: int) -> list[str]:
    """Plain sentences on how the related occupation differs (deltas are related minus occupation)."""
    return [pay_sentence(c), *skill_sentences(title, c["related_title"], c), education_sentence(c, min_docs)]


def comparison_row(c: dict, min_docs: int) -> dict[str, Any]:
    """The figures of one comparison for the table: what the sentences withhold is blank here too, and a
    difference whose interval includes 0 is marked."""
    pay = ""
    if c["salary_delta"] is not None:
        pay = ("+" if c["salary_delta"] >= 0 else "") + money(c["salary_delta"])
        if c["salary_delta_low"] is not None and not c["salary_delta_significant"]:
            pay += " (not significant)"
    degrees = {}
    compared = min(c["education_n"], c["related_education_n"]) >= min_docs
    for degree in ("master", "doctoral"):
        delta = c[f"{degree}_delta_pp"]
        degrees[degree] = (
            f"{delta:+.1f} pp" + ("" if c[f"{degree}_delta_significant"] else " (not significant)")
            if compared and delta is not None
            else ""
        )
    return {"similarity": f"{c['similarity']:.2f} ({c['skill_basis']})", "pay": pay, **degrees}


def composition_note(groups: list[dict], places: list[dict]) -> list[str]:
    """Who the documents are: the largest occupation groups of resumes and of postings, then where the
    documents are (countries, and the regions within the largest) as far as their locations say."""
    out = []
    for source in ("resumes", "postings"):
        rows = [r for r in groups if r["source"] == source]
        if not rows:
            continue
        top = ", ".join(f"{r['occupation_group'] or 'no group'} {pct(r['share'])}" for r in rows[:3])
        total = sum(r["n"] for r in rows)
        out.append(f"The {plural(total, source[:-1])} matched to an occupation are mostly: {top}.")
    return out + place_sentences(places)


def _largest(counts: dict[str, int], total: int) -> str:
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    return ", ".join(f"{name} {pct(n / total)}" for name, n in ranked)


def place_sentences(places: list[dict]) -> list[str]:
    """Per source, the countries its documents are in, the regions of the largest, and how many name
    no place that is known; a source whose documents carry no location says so."""
    out = []
    for source, noun in (("resumes", "resume"), ("postings", "job posting")):
        rows = [r for r in places if r["source"] == source]
        total = sum(r["n"] for r in rows)
        placed = [r for r in rows if r["country"]]
        if not total:
            continue
        located = sum(r["n"] for r in rows if r["located"])
        if not located:
            out.append(f"The {plural(total, noun)} give no location: where they are is not known.")
            continue
        if not placed:
            out.append(f"No location of the {plural(total, noun)} names a known country or US state.")
            continue
        n_placed = sum(r["n"] for r in placed)
        countries: dict[str, int] = defaultdict(int)
        for r in placed:
            countries[r["country"]] += r["n"]
        first = min(countries, key=lambda c: (-countries[c], c))
        regions = {r["region"]: r["n"] for r in placed if r["country"] == first and r["region"]}
        within = f"; within {first}: {_largest(regions, countries[first])}" if regions else ""
        sentence = (
            f"The {plural(total, noun)} are located mostly: {_largest(countries, n_placed)} (of the"
            f" {n_placed:,} whose location names a known country or US state{within})."
        )
        unplaced = [f"{total - located:,} without a location"] if located < total else []
        if n_placed < located:
            unplaced.append(
                f"{located - n_placed:,} whose location names no known place (a city alone, Remote)"
            )
        if unplaced:
            sentence += f" Not placed: {join(unplaced)}."
        out.append(sentence)
    return out
