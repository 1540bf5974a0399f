"""Degree strings and resume text to ordered education levels; O*NET RL categories to the same levels."""

from __future__ import annotations

import re
from collections.abc import Iterable

LEVELS = (
    "less_than_high_school",
    "high_school",
    "some_college",
    "associate",
    "bachelor",
    "master",
    "professional",
    "doctoral",
)
RANK = {level: i for i, level in enumerate(LEVELS)}

# O*NET "Required Level of Education" (scale RL) categories.
ONET_RL_LEVELS = {
    1: "less_than_high_school",
    2: "high_school",
    3: "some_college",
    4: "some_college",
    5: "associate",
    6: "bachelor",
    7: "bachelor",
    8: "master",
    9: "master",
    10: "professional",
    11: "doctoral",
    12: "doctoral",
}
# The same mapping as two aligned lists, the form sql/marts/education_rates.sql binds.
RL_CATEGORIES = sorted(ONET_RL_LEVELS)
RL_LEVELS = [ONET_RL_LEVELS[c] for c in RL_CATEGORIES]

# Patterns safe in free text: abbreviations that are also words or places (MS, MD, BE, JD, BA) only
# count with their dots or a degree word beside them. Degree fields use the looser set too.
_TEXT_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "doctoral",
        r"ph\.?\s?d\b|\bdoctorate\b|\bdoctor of (philosophy|education|science|nursing practice|psychology)\b|"
        r"\bd\.?phil\b|\bed\.d\b|\bpsy\.?d\b|\bd\.?n\.?p\b",
    ),
    (
        "professional",
        r"\bj\.d\.|\bjuris doctor\b|\bm\.d\.|\bdoctor of (medicine|pharmacy|dental|veterinary|osteopathic)|"
        r"\bpharm\.?\s?d\b|\bd\.d\.s\b|\bd\.v\.m\b|\bll\.?b\b",
    ),
    (
        "master",
        r"\bmaster'?s\b|\bmasters\b|\bmaster of\b|\bmaster degree\b|\bm\.?b\.?a\b|\bm\.?c\.?a\b|\bm\.\s?sc?\b|"
        r"\bm\.?c\.?m\b|\bm\.?phil\b|\bmaster (?:in )?(?:computer|business|engineering|technology|science|arts|commerce)\b|"
        r"\bmsc\b|\bm\.?tech\b|\bm\.e\.|\bm\.s\.|\bm\.a\.|\bms (in|degree)\b|\bpgdm\b|\bmph\b|\bmfa\b|\bmpa\b|"
        r"\bm\.?s\.?n\b|\bm\.?eng\b|\bll\.?m\b",
    ),
    (
        "bachelor",
        r"\bbachelor'?s?\b|\bbachelors\b|\bb\.?\s?tech\b|\bb\.e\.?(?=\s|,|$)|\bb\.\s?sc?\b|\bbsc\b|"
        r"\bb\.s\.|\bb\.a\.|\bbba\b|\bbca\b|\bb\.?com\b|\bundergraduate degree\b|\bbs (in|degree)\b|\bba (in|degree)\b|\bb\.?eng\b|"
        r"\bb\.?s\.?n\b|\bb\.?f\.?a\b|\bb\.?arch\b",
    ),
    (
        "associate",
        r"\bassociate'?s degree\b|\bassociates degree\b|\bassociate degree\b|\bassociate of (arts|science|applied)|"
        r"\ba\.a\.s?\b|\ba\.s\.(?=\s|,|$)",
    ),
    ("some_college", r"\bsome college\b|\bpost-secondary certificate\b|\bvocational certificate\b"),
    (
        "high_school",
        r"\bhigh school\b|\bged\b|\bh\.s\.c\b|\bhsc\b|\bssc\b|\bsecondary school\b|\b12th\b|\bintermediate\b",
    ),
)
# In a field that holds only a degree, the bare abbreviations are unambiguous.
_FIELD_PATTERNS: tuple[tuple[str, str], ...] = (
    ("doctoral", r"^\s*(edd|dsc)\b"),
    ("professional", r"^\s*(jd|md|llb|dds|dvm|od)\b"),
    # DEA: the French diplome d'etudes approfondies, a master's-level degree
    ("master", r"^\s*(ms|ma|me|mca|mcm|mcs|mba|mtech|msc|mphil|dea)\b"),
    ("bachelor", r"^\s*(bs|ba|be|btech|bsc|bca|bba|bcom|beng)\b"),
    ("associate", r"^\s*(aa|as|aas|associate'?s?)\b"),
)
_TEXT = [(level, re.compile(p, re.I)) for level, p in _TEXT_PATTERNS]
_FIELD = [(level, re.compile(p, re.I)) for level, p in _FIELD_PATTERNS]
# Indian resumes write BE and ME without dots, in capitals, at the start of an education line or after
# its year ("June 2016 BE Computer Engineering", "ME(computers)"); written so they are degrees, while
# "About me" or "to be" are not. DEA likewise.
_CAPITAL_DEGREES = re.compile(r"(?m)(?:^[ \t]*|\b(?:19|20)\d\d[ \t]+)(BE|ME|DEA)(?=[\s(,]|$)")
_CAPITAL_LEVEL = {"BE": "bachelor", "ME": "master", "DEA": "master"}
# A degree not (yet) completed counts as the level below it; a certificate is no degree.
_INCOMPLETE = re.compile(
    r"\bincomplete\b|\bnot completed\b|\bpursuing\b|\bdiscontinued\b|\bdropped out\b|\bunfinished\b|"
    r"\bin progress\b|\bongoing\b",
    re.I,
)
_CERTIFICATE = re.compile(r"\bcertificat(?:e|es|ion|ions)\b|\bcertified\b", re.I)
_QUALIFIED = re.compile(f"{_INCOMPLETE.pattern}|{_CERTIFICATE.pattern}", re.I)
_BELOW = {
    "doctoral": "master",
    "professional": "bachelor",
    "master": "bachelor",
    "bachelor": "some_college",
    "associate": "some_college",
}


def _as_stated(level: str, context: str) -> str | None:
    """A level as the words around it leave it: none for a certificate, the level below when the
    degree is not completed."""
    if level != "some_college" and _CERTIFICATE.search(context):
        return None
    return _BELOW.get(level, level) if _INCOMPLETE.search(context) else level


def levels_in_degree(value: str) -> set[str]:
    """Levels named by one degree field (``B.Tech in Electronics``, ``MBA``, ``Ph.D.``)."""
    found = {level for level, pattern in _TEXT if pattern.search(value)}
    found |= {level for level, pattern in _FIELD if pattern.search(value.replace(".", ""))}
    return {stated for level in found if (stated := _as_stated(level, value))}


def _line_of(text: str, position: int) -> str:
    return text[text.rfind("\n", 0, position) + 1 : (text.find("\n", position) + 1 or len(text) + 1) - 1]


def _first_stated(level: str, matches: Iterable[re.Match[str]], text: str) -> str | None:
    """The level the first match that counts states, looking past certificates; a degree not
    completed states the level below, so the search goes on for one that is."""
    stated = None
    for m in matches:
        found = _as_stated(level, _line_of(text, m.start()))
        if found == level:
            return level
        stated = stated or found
    return stated


def levels_in_text(text: str) -> set[str]:
    # most texts have no certificate or unfinished degree: their first match of a level decides it
    qualified = _QUALIFIED.search(text) is not None
    found: set[str] = set()
    for level, pattern in _TEXT:
        if qualified:
            stated = _first_stated(level, pattern.finditer(text), text)
        else:
            stated = level if pattern.search(text) else None
        if stated:
            found.add(stated)
    if "BE" in text or "ME" in text or "DEA" in text:
        for m in _CAPITAL_DEGREES.finditer(text):
            if stated := _as_stated(_CAPITAL_LEVEL[m[1]], _line_of(text, m.start(1))):
                found.add(stated)
    return found


def stated_levels(degrees: Iterable[str], text: str | None = None) -> set[str]:
    """Levels named by degree fields, else by degrees written in the text."""
    found: set[str] = set()
    for degree in degrees:
        found |= levels_in_degree(degree)
    if not found and text:
        found = levels_in_text(text)
    return found


def highest_level(degrees: Iterable[str], text: str | None = None) -> str | None:
    """A resume's highest level: from its degree fields, else from degrees written in its text."""
    found = stated_levels(degrees, text)
    return max(found, key=RANK.__getitem__) if found else None


def lowest_level(requirements: Iterable[str], text: str | None = None) -> str | None:
    """A posting's minimum stated requirement ("Bachelor's or Master's" -> bachelor)."""
    found = stated_levels(requirements, text)
    return min(found, key=RANK.__getitem__) if found else None
