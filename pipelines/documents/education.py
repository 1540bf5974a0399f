"""Degree strings and resume text to ordered education levels; O*NET RL categories to the same levels."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable

from pipelines.settings import REFERENCE_DIR

# The parser's vocabulary: levels, O*NET categories, degree names (reference/education_levels.toml).
with (REFERENCE_DIR / "education_levels.toml").open("rb") as _f:
    _TERMS = tomllib.load(_f)

LEVELS: tuple[str, ...] = tuple(_TERMS["levels"])
RANK = {level: i for i, level in enumerate(LEVELS)}

# O*NET "Required Level of Education" (scale RL) categories.
ONET_RL_LEVELS = {int(category): level for category, level in _TERMS["onet_rl"].items()}
# The same mapping as two aligned lists, the form sql/marts/education_rates.sql binds.
RL_CATEGORIES = sorted(ONET_RL_LEVELS)
RL_LEVELS = [ONET_RL_LEVELS[c] for c in RL_CATEGORIES]

# The patterns are lower case and searched in lower-cased text: Python's case-insensitive matching is
# over twice as slow, and these searches run over every resume and posting text. Degree fields are
# searched with the free-text names too, and with bare abbreviations once their dots are removed.
_TEXT = [(t["level"], re.compile("|".join(t["names"]))) for t in _TERMS["text"]]
_FIELD = [(f["level"], re.compile(rf"^\s*({'|'.join(f['names'])})\b")) for f in _TERMS["field"]]
# BE, ME and DEA in capitals, at the start of an education line or after its year, are degrees
_CAPITAL_LEVEL: dict[str, str] = _TERMS["capital_degrees"]
_CAPITAL_DEGREES = re.compile(
    rf"(?m)(?:^[ \t]*|\b(?:19|20)\d\d[ \t]+)({'|'.join(_CAPITAL_LEVEL)})(?=[\s(,]|$)"
)
# A degree not (yet) completed counts as the level below it; a certificate is no degree.
_INCOMPLETE = re.compile("|".join(_TERMS["incomplete"]), re.I)
_CERTIFICATE = re.compile("|".join(_TERMS["certificate"]), re.I)
_QUALIFIED = re.compile(f"{_INCOMPLETE.pattern}|{_CERTIFICATE.pattern}", re.I)
_BELOW: dict[str, str] = _TERMS["below"]


def _as_stated(level: str, context: str) -> str | None:
    """A level as the words around it leave it: none for a certificate, the level below when the
    degree is not completed."""
    if level != "some_college" and _CERTIFICATE.search(context):
        return None
    return _BELOW.get(level, level) if _INCOMPLETE.search(context) else level


def levels_in_degree(value: str) -> set[str]:
    """Levels named by one degree field (``B.Tech in Electronics``, ``MBA``, ``Ph.D.``)."""
    lowered = value.lower()
    found = {level for level, pattern in _TEXT if pattern.search(lowered)}
    found |= {level for level, pattern in _FIELD if pattern.search(lowered.replace(".", ""))}
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
    lowered = text.lower()
    found: set[str] = set()
    for level, pattern in _TEXT:
        if qualified:
            stated = _first_stated(level, pattern.finditer(lowered), lowered)
        else:
            stated = level if pattern.search(lowered) else None
        if stated:
            found.add(stated)
    if any(capitals in text for capitals in _CAPITAL_LEVEL):
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
