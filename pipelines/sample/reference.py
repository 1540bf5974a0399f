"""The starter reference release of the sample: O*NET text files, an OEWS table and the SOC Direct Match
Title File for the sample's occupations, in the official layouts (written by this project, not O*NET/BLS data)."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipelines.reference.onet import ONET_FILES
from pipelines.sample.profiles import (
    EDUCATION_CATEGORIES,
    INDUSTRIES,
    PROFILES,
    SECTOR_TITLES,
    WORK_STYLES,
    Profile,
)

_RELEASE = {f.table: f for f in ONET_FILES}


def _tsv(onet: Path, table: str, rows: Iterator[list[Any]]) -> None:
    """The O*NET file of ``table`` under its official name, in the columns the pipeline reads it by
    (``pipelines.reference.onet``); ``rows`` in that order."""
    release = _RELEASE[table]
    with (onet / release.file_names[0]).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow([c.source for c in release.columns])
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


def _task(profile: Profile, bullet: str) -> str:
    """A task statement from a bullet template, with no figures."""
    return bullet.format(tool=profile.tools[0], n="several", pct="a measurable")


def write_onet_context(onet: Path) -> None:
    """Task Statements, Sample of Reported Titles, Tools Used, Work Styles, Related Occupations and
    Emerging Tasks for the sample's occupations, from the profiles (tasks from their bullets)."""
    _tsv(
        onet,
        "onet_task_statements",
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
        onet,
        "onet_reported_titles",
        ([p.code, t, "Y" if i == 0 else "N"] for p in PROFILES for i, t in enumerate(p.alternate_titles[:3])),
    )
    _tsv(
        onet,
        "onet_tools",
        ([p.code, "Desktop computers", 43211507, "Desktop computers"] for p in PROFILES),
    )
    _tsv(
        onet,
        "onet_work_styles",
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
            for i, (element, name) in enumerate(WORK_STYLES)
            for value in [3.2 + ((n + 2 * i) % 7) * 0.25]
        ),
    )
    _tsv(
        onet,
        "onet_related_occupations",
        (
            [p.code, PROFILES[(n + k) % len(PROFILES)].code, "Primary-Short", k]
            for n, p in enumerate(PROFILES)
            for k in range(1, 4)
        ),
    )
    _tsv(
        onet,
        "onet_emerging_tasks",
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
        onet,
        "onet_occupations",
        ([p.code, p.title, p.description] for p in PROFILES),
    )
    _tsv(
        onet,
        "onet_alternate_titles",
        ([p.code, t, "n/a", "08"] for p in PROFILES for t in p.alternate_titles),
    )
    _tsv(
        onet,
        "onet_technology_skills",
        (
            [p.code, t, 43232000 + i, "Software", "Y" if i % 2 else "N", "N"]
            for p in PROFILES
            for i, t in enumerate(p.tools)
        ),
    )
    _tsv(
        onet,
        "onet_education_categories",
        (
            ["2.D.1", "Required Level of Education", "RL", i, d]
            for i, d in enumerate(EDUCATION_CATEGORIES, start=1)
        ),
    )
    _tsv(
        onet,
        "onet_education",
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
        onet,
        "onet_job_zones",
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
