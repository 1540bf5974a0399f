"""Scoring extracted skills against the hand-labelled gold set (bench/gold/skills.csv).

Units. A gold unit is (document, gold skill): the skill the labellers named, with every surface form
they copied from the document. An extracted unit is (document, skill id) with the surface forms the
extractor found it by (the alias matched in the text, or the skills-field item).

Matching is by surface, inside one document. Two surfaces match when their keys are equal. The key
of a surface is its casefolded words (runs of letters, digits, ``+`` and ``#``: ``Node.js`` ->
``node js``, ``problem-solving`` -> ``problem solving``), each word without a plural ``s``
(``models`` -> ``model``; not after ``s``, ``u`` or ``i``, and not in words of 3 letters or fewer),
and without the generic words that only qualify a skill at its end (``skills``, ``methodologies``,
``techniques``, ... : ``communication skills`` = ``communication``, ``Agile methodologies`` =
``Agile``), unless nothing else is left.

- An extracted unit is correct when one of its surfaces matches a surface of the document's gold.
- A gold unit is found when one of its surfaces matches a surface of an extracted unit.

The key above is lenient: it credits a shorter extracted key inside a longer gold one (``programming``
for ``linear programming``, ``modeling`` for ``data modeling``). ``strict`` scoring does not: an
extracted key matches a gold key only when equal or when it is the longer of the two (``machine
learning models`` for ``machine learning``), for precision and for recall alike.
Precision = correct / extracted units; recall = found / gold units. Intervals are 95% percentile
intervals of a bootstrap over documents (2,000 resamples, fixed seed), since units of one document
are not independent.

Split: a document is ``dev`` or ``test`` by the first hex digit of SHA-1 of
``source_file:record_position`` (0-7 dev). Rules are developed looking at dev only.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from pipelines.skills.names import rules
from pipelines.skills.names import surface as matching_form

# A skill's precision is published (and used to withhold it) once it was extracted from this many gold
# documents.
MIN_JUDGED = 5
# Measured skills below this precision are withheld from published shares.
MIN_PRECISION = 0.8
WORD = re.compile(r"[a-z0-9+#]+")


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and word[-2] not in "sui":
        return word[:-1]
    return word


@cache
def _tail_words() -> frozenset[str]:
    return frozenset(_singular(t) for t in rules()["gold"]["tail_words"])


def surface_key(surface: str) -> str:
    words = [_singular(w) for w in WORD.findall(surface.casefold())]
    tails = _tail_words()
    while len(words) > 1 and words[-1] in tails:
        words.pop()
    return " ".join(words)


def keys_match(a: str, b: str) -> bool:
    """Equal keys, or one is the other's first or last words and at least half of them
    (``communication`` in ``written communication``; ``machine learning`` in ``machine learning
    models``; not ``analysis`` in ``exploratory data analysis``)."""
    if a == b:
        return True
    short, long = (a, b) if len(a) < len(b) else (b, a)
    s, w = short.split(), long.split()
    if 2 * len(s) < len(w):
        return False
    return w[: len(s)] == s or w[-len(s) :] == s


def _matches(found: str, gold: str, strict: bool) -> bool:
    return keys_match(found, gold) and not (strict and len(found.split()) < len(gold.split()))


def _any_match(found: set[str], gold: set[str], strict: bool) -> bool:
    return bool(found & gold) or any(_matches(f, g, strict) for f in found for g in gold)


def split_of(source_file: str, record_position: int) -> str:
    digest = hashlib.sha1(f"{source_file}:{record_position}".encode()).hexdigest()
    return "dev" if digest[0] in "01234567" else "test"


Doc = tuple[str, int]


@dataclass
class Scored:
    """Per-document judgements: for each extracted unit whether it is correct, for each gold unit
    whether it was found."""

    extracted: dict[Doc, dict[str, bool]] = field(default_factory=dict)
    gold: dict[Doc, dict[str, bool]] = field(default_factory=dict)
    forms: dict[tuple[Doc, str], set[str]] = field(default_factory=dict)
    gold_forms: dict[tuple[Doc, str], set[str]] = field(default_factory=dict)


def score(
    gold_rows: Iterable[tuple[str, int, str, str]],
    found_rows: Iterable[tuple[str, int, str, str]],
    documents: Iterable[Doc],
    strict: bool = False,
) -> Scored:
    """``gold_rows``: (source_file, position, skill, surface); ``found_rows``: (source_file, position,
    skill_id, form); ``documents``: every labelled document (also those with no gold skill);
    ``strict``: no credit for a shorter extracted key inside a longer gold one."""
    out = Scored()
    gold_keys: dict[Doc, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for source, pos, skill, surface in gold_rows:
        gold_keys[(source, pos)][skill].add(surface_key(surface))
        out.gold_forms.setdefault(((source, pos), skill), set()).add(surface)
    found_keys: dict[Doc, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for source, pos, skill_id, form in found_rows:
        found_keys[(source, pos)][skill_id].add(surface_key(form))
        out.forms.setdefault(((source, pos), skill_id), set()).add(form)
    for doc in documents:
        gold_all = set().union(*gold_keys[doc].values()) if gold_keys[doc] else set()
        found_all = set().union(*found_keys[doc].values()) if found_keys[doc] else set()
        out.extracted[doc] = {s: _any_match(keys, gold_all, strict) for s, keys in found_keys[doc].items()}
        out.gold[doc] = {s: _any_match(found_all, keys, strict) for s, keys in gold_keys[doc].items()}
    return out


def _rates(scored: Scored, docs: list[Doc]) -> tuple[float, float, int, int]:
    correct = sum(sum(scored.extracted[d].values()) for d in docs)
    extracted = sum(len(scored.extracted[d]) for d in docs)
    found = sum(sum(scored.gold[d].values()) for d in docs)
    gold = sum(len(scored.gold[d]) for d in docs)
    return (
        correct / extracted if extracted else float("nan"),
        found / gold if gold else float("nan"),
        extracted,
        gold,
    )


def summary(scored: Scored, docs: list[Doc], resamples: int = 2000, seed: int = 15) -> dict[str, float]:
    precision, recall, n_extracted, n_gold = _rates(scored, docs)
    rng = random.Random(seed)
    ps, rs = [], []
    for _ in range(resamples):
        sample = [docs[rng.randrange(len(docs))] for _ in docs]
        p, r, _, _ = _rates(scored, sample)
        ps.append(p)
        rs.append(r)
    ps.sort()
    rs.sort()
    lo, hi = int(0.025 * resamples), int(0.975 * resamples) - 1
    return {
        "docs": len(docs),
        "extracted": n_extracted,
        "gold": n_gold,
        "precision": precision,
        "precision_lo": ps[lo],
        "precision_hi": ps[hi],
        "recall": recall,
        "recall_lo": rs[lo],
        "recall_hi": rs[hi],
    }


@dataclass
class SkillPrecision:
    """Measured extraction error of one skill on the gold documents: extracted units (``correct`` of
    ``extracted``), and the gold units its aliases name (``found`` of ``named``)."""

    extracted: int = 0
    correct: int = 0
    named: int = 0
    found: int = 0


def per_skill(scored: Scored, aliases: dict[str, str], docs: Iterable[Doc]) -> dict[str, SkillPrecision]:
    """Per skill id: precision counts from the extracted units, and recall counts from the gold units
    whose surfaces are forms of it (missed gold units are charged to the skill whose alias they are)."""
    out: dict[str, SkillPrecision] = defaultdict(SkillPrecision)
    for doc in docs:
        for skill_id, ok in scored.extracted.get(doc, {}).items():
            out[skill_id].extracted += 1
            out[skill_id].correct += ok
            if ok:
                out[skill_id].named += 1
                out[skill_id].found += 1
        for skill, ok in scored.gold.get(doc, {}).items():
            if ok:
                continue
            forms = {matching_form(f) for f in scored.gold_forms[(doc, skill)]}
            for named_id in {aliases[f] for f in forms if f in aliases}:
                out[named_id].named += 1
    return dict(out)
