"""Degree strings and resume text to ordered education levels; O*NET RL categories to the same levels."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable

import polars as pl

from pipelines import REFERENCE_DIR
from pipelines.documents.text import cache_short_texts

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
_DOCTORATE_UNFINISHED = re.compile("|".join(_TERMS["doctorate_unfinished"]), re.I)
_QUALIFIED = re.compile(f"{_INCOMPLETE.pattern}|{_CERTIFICATE.pattern}|{_DOCTORATE_UNFINISHED.pattern}", re.I)
_BELOW: dict[str, str] = _TERMS["below"]


def _as_stated(level: str, context: str) -> str | None:
    """A level as the words around it leave it: none for a certificate, the level below when the
    degree is not completed."""
    if level != "some_college" and _CERTIFICATE.search(context):
        return None
    unfinished = _INCOMPLETE.search(context) or (
        level == "doctoral" and _DOCTORATE_UNFINISHED.search(context)
    )
    return _BELOW.get(level, level) if unfinished else level


# Degree fields repeat across records ("BSc Computer Science"): each is searched once per process.
@cache_short_texts(maxsize=1 << 14)
def levels_in_degree(value: str) -> frozenset[str]:
    """Levels named by one degree field (``B.Tech in Electronics``, ``MBA``, ``Ph.D.``)."""
    lowered = value.lower()
    found = {level for level, pattern in _TEXT if pattern.search(lowered)}
    found |= {level for level, pattern in _FIELD if pattern.search(lowered.replace(".", ""))}
    return frozenset(stated for level in found if (stated := _as_stated(level, value)))


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


def levels_in_text(
    text: str,
    candidates: Iterable[str] | None = None,
    qualified: bool | None = None,
    capitals: bool | None = None,
) -> set[str]:
    """Levels named by degrees written in a text. ``candidates``: the only levels whose patterns may
    match (all when None); ``qualified``: False only when no certificate or unfinished-degree word
    can be in the text; ``capitals``: whether a capitalised degree (``_CAPITAL_LEVEL``) is in it,
    when known (see ``text_levels``)."""
    wanted = None if candidates is None else set(candidates)
    found: set[str] = set()
    if wanted is None or wanted:
        # most texts have no certificate or unfinished degree: their first match of a level decides it
        if qualified is None or qualified:
            qualified = _QUALIFIED.search(text) is not None
        lowered = text.lower()
        for level, pattern in _TEXT:
            if wanted is not None and level not in wanted:
                continue
            if qualified:
                stated = _first_stated(level, pattern.finditer(lowered), lowered)
            else:
                stated = level if pattern.search(lowered) else None
            if stated:
                found.add(stated)
    if capitals is None:
        capitals = any(degree in text for degree in _CAPITAL_LEVEL)
    if capitals:
        for m in _CAPITAL_DEGREES.finditer(text):
            if stated := _as_stated(_CAPITAL_LEVEL[m[1]], _line_of(text, m.start(1))):
                found.add(stated)
    return found


# Letters Python's case-insensitive matching also finds through a fold Rust's regex does not make.
_EXTRA_FOLDS = {"i": "İı", "s": "ſ", "k": "K"}
# What ``_loosen`` cannot widen safely: classes of letters or digits Python and Rust define apart, back
# references, groups other than plain ones, negated classes and ``$`` (Python's also matches before a
# final line end).
_UNSAFE = re.compile(r"\\[wWSDB0-9AZ]|\(\?[^:]|\[\^|(?<!\\)\$")


def _loosen(pattern: str, ignore_case: bool = False) -> str | None:
    """A Rust-regex pattern that matches wherever Python's ``pattern`` does (and maybe elsewhere):
    word boundaries and lookarounds dropped, ``\\s`` widened to Python's whitespace (which also holds
    U+001C..U+001F) and, ignoring case, the letters Python folds further. None when the pattern uses
    something this cannot widen safely."""
    pattern = re.sub(r"\(\?<?[=!][^()]*\)", "", pattern)
    if _UNSAFE.search(pattern):
        return None
    out, in_class, i = [], False, 0
    while i < len(pattern):
        c = pattern[i]
        i += 1
        if c == "\\":
            escape = c + pattern[i : i + 1]
            i += 1
            if escape == "\\s":
                out.append(r"\s\x1c-\x1f" if in_class else r"[\s\x1c-\x1f]")
            elif escape != "\\b":
                out.append(escape)
            continue
        if c == "[":
            in_class = True
        elif c == "]" and in_class:
            in_class = False
            c = "".join(_EXTRA_FOLDS.values()) + c if ignore_case else c
        elif ignore_case and not in_class and c.lower() in _EXTRA_FOLDS:
            c = f"[{c.lower()}{c.upper()}{_EXTRA_FOLDS[c.lower()]}]"
        out.append(c)
    return ("(?i)" if ignore_case else "") + "".join(out)


def _may_match(texts: pl.Series, pattern: str | None) -> pl.Series:
    """Where a loosened pattern matches; everywhere when there is none or Rust cannot compile it."""
    if pattern is not None:
        try:
            return texts.str.contains(pattern)
        except pl.exceptions.PolarsError:
            pass
    return pl.repeat(True, len(texts), eager=True)


_LOOSE_TEXT = [(level, _loosen(pattern.pattern)) for level, pattern in _TEXT]
_LOOSE_QUALIFIED = _loosen(_QUALIFIED.pattern, ignore_case=True)


def text_levels(texts: pl.Series) -> list[set[str]]:
    """``levels_in_text`` of each text, the same sets, searched as a batch: Rust's regex (polars) finds
    which levels may be named in which texts, with patterns loosened so that they never miss a match
    Python's would find, and Python's own patterns then decide only those. Python's searches over
    every text were a quarter of ingestion."""
    lowered = texts.str.to_lowercase()
    may = pl.DataFrame({level: _may_match(lowered, loose) for level, loose in _LOOSE_TEXT})
    qualified = _may_match(texts, _LOOSE_QUALIFIED)
    capitals = texts.str.contains_any(list(_CAPITAL_LEVEL))  # literal, case-sensitive: exact
    return [
        levels_in_text(text, [level for level, hit in zip(may.columns, row, strict=True) if hit], q, c)
        for text, row, q, c in zip(texts, may.iter_rows(), qualified, capitals, strict=True)
    ]


def with_text_levels(frame: pl.DataFrame, text: str, highest: bool) -> pl.DataFrame:
    """Fill ``education_level`` where the degree fields named none from the degrees written in the
    ``text`` column: the highest level (resumes) or the lowest (postings' minimum requirement), as
    ``highest_level`` / ``lowest_level`` give it."""
    pending = frame["education_level"].is_null() & frame[text].is_not_null()
    if not pending.any():
        return frame
    pick = max if highest else min
    found = [pick(s, key=RANK.__getitem__) if s else None for s in text_levels(frame[text].filter(pending))]
    index = pending.arg_true()
    levels = frame["education_level"].scatter(index, pl.Series(found, dtype=pl.String))
    return frame.with_columns(levels)


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
