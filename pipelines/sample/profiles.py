"""The occupation profiles and vocabulary behind the generated sample, read from ``profiles.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

PROFILES_FILE = Path(__file__).with_name("profiles.toml")


@dataclass(frozen=True)
class Profile:
    code: str
    title: str
    description: str
    alternate_titles: tuple[str, ...]
    tools: tuple[str, ...]
    skills: tuple[str, ...]
    bullets: tuple[str, ...]
    # Shares of bachelor, master, doctoral among degree holders; the rest split below bachelor.
    degrees: tuple[float, float, float]
    salary: tuple[int, int]
    industries: tuple[str, ...]


def _profile(entry: dict[str, object]) -> Profile:
    def strings(name: str) -> tuple[str, ...]:
        value = entry[name]
        assert isinstance(value, list)
        return tuple(str(v) for v in value)

    degrees = tuple(float(v) for v in strings("degrees"))
    low, high = (int(v) for v in strings("salary"))
    return Profile(
        code=str(entry["code"]),
        title=str(entry["title"]),
        description=str(entry["description"]),
        alternate_titles=strings("alternate_titles"),
        tools=strings("tools"),
        skills=strings("skills"),
        bullets=strings("bullets"),
        degrees=(degrees[0], degrees[1], degrees[2]),
        salary=(low, high),
        industries=strings("industries"),
    )


_DATA = tomllib.loads(PROFILES_FILE.read_text(encoding="utf-8"))

PROFILES: tuple[Profile, ...] = tuple(_profile(entry) for entry in _DATA["profiles"])
DEGREE_WORDS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _DATA["degree_words"].items()}
MAJORS: tuple[str, ...] = tuple(_DATA["majors"])
CITIES: tuple[str, ...] = tuple(_DATA["cities"])
COMPANIES: tuple[str, ...] = tuple(_DATA["companies"])
# Title decorations seen on real postings and resumes.
SENIORITY: tuple[str, ...] = tuple(_DATA["seniority"])
SUFFIXES: tuple[str, ...] = tuple(_DATA["suffixes"])
# Glassdoor industry name -> (Glassdoor industry, Glassdoor sector, OEWS NAICS sector code).
INDUSTRIES: dict[str, tuple[str, str, str]] = {
    name: (str(v[0]), str(v[1]), str(v[2])) for name, v in _DATA["industries"].items()
}
SECTOR_TITLES: dict[str, str] = dict(_DATA["sector_titles"])
EDUCATION_CATEGORIES: tuple[str, ...] = tuple(_DATA["onet_education_categories"])
WORK_STYLES: tuple[tuple[str, str], ...] = tuple((e, n) for e, n in _DATA["onet_work_styles"])
