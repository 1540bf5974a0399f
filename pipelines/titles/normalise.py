"""Job titles to the forms the coder looks up: lower case, accents and brackets off, abbreviations
expanded, plurals singular; then every reading of the title, most informative first (as written, with
seniority and arrangement words trimmed at the edges, its parts reordered, its first part, its later
parts).

The vocabulary (abbreviations, noise words, places, organisational units, fields named instead of
workers, words for those who lead rather than do the work, function words) is data: ``reference/title_words.csv``.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pipelines import REFERENCE_DIR

TITLE_WORDS = REFERENCE_DIR / "title_words.csv"
# the places a title may name after the job (US states and their codes, countries)
PLACES = REFERENCE_DIR / "places.csv"
PLACE_KINDS = frozenset(["region", "region_code", "country"])
# a trailing part of at most this many words that ends in a place is where the job is: "Austin TX"
PLACE_WORDS = 4
KINDS = frozenset(
    ["abbreviation", "noise", "place", "unit", "field", "plural", "level", "leader", "function"]
)

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")
# O*NET's synonym in a closing bracket: "PC Planner (Production Control Planner)"
_CLOSING_BRACKET = re.compile(r"\(([^()]*)\)\s*$")
# where a title splits into parts: "Registered Nurse - ICU", "Data Scientist, Oncology", "A/B", "X | Y"
_SEGMENT = re.compile(r"\s+[-–—]\s+|\s*[,|/;:@]\s*|\s+at\s+|\s+with\s+|\s+in\s+|\s+or\s+")
# where a title offers alternatives: "Data Architect / Data Modeler", "Scientist or Senior Scientist"
_ALTERNATIVES = re.compile(r"\s*/\s*|\s+or\s+", re.IGNORECASE)
# what may stand around a place's words: "austin, tx", "(remote)"
_PLACE_PUNCTUATION = ",|/;:@-–—()."
_AMPERSAND = re.compile(r"\s*&\s*")
_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#&.']*")
# words ending in s that are singular already ("business", "status", "analysis", "physics")
_KEEP_S = ("ss", "us", "is", "ics", "ous")
# a first part this short is a rank or a function before the rest ("VP, Information Security")
SHORT_PART = 3


def vocabulary_rows(path: Path, kinds: frozenset[str]) -> list[dict[str, str]]:
    """The rows of a vocabulary CSV, each with a ``kind`` of ``kinds`` (a ValueError naming the file
    and the unknown kinds otherwise)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    unknown = sorted({r["kind"] for r in rows} - kinds)
    if unknown:
        raise ValueError(f"{path.name}: unknown kind(s) {unknown}; expected one of {sorted(kinds)}")
    return rows


@dataclass(frozen=True)
class TitleWords:
    """The title vocabulary of ``reference/title_words.csv``, by kind."""

    abbreviations: dict[str, str]
    noise: frozenset[str]
    edges: frozenset[str]
    fields: dict[str, str]
    plurals: dict[str, str]
    levels: frozenset[str]
    leaders: frozenset[str]
    # words that carry no content of their own ("of", "and"): a misspelt title need not account for them
    function_words: frozenset[str] = frozenset()
    # US states (names and codes) and countries, lower case: a trailing part ending in one is a place
    places: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: Path = TITLE_WORDS, places: Path = PLACES) -> TitleWords:
        rows = vocabulary_rows(path, KINDS)
        by_kind: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
        for row in rows:
            by_kind[row["kind"]][row["word"]] = row["replacement"]
        # a level ("II", "3") is noise at an edge and ends the title proper inside it
        noise = frozenset(by_kind["noise"]) | frozenset(by_kind["level"])
        return cls(
            abbreviations=by_kind["abbreviation"],
            noise=noise,
            # a place or an organisational unit ends a title only at its end ("Data Engineer, TX",
            # "Machine Learning Team"), while "Team Lead" begins with one
            edges=noise | frozenset(by_kind["place"]) | frozenset(by_kind["unit"]),
            fields=by_kind["field"],
            plurals=by_kind["plural"],
            levels=frozenset(by_kind["level"]),
            leaders=frozenset(by_kind["leader"]),
            function_words=frozenset(by_kind["function"]),
            places=_places(places),
        )


def _places(path: Path) -> frozenset[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return frozenset(
        _fold(r["name"].lower())
        for r in rows
        if r["kind"] in PLACE_KINDS and (r["kind"] == "country" or r["country_code"] == "US")
    )


class TitleNormaliser:
    """The forms of a title: the keys authority titles are indexed by, and the readings of a real title."""

    def __init__(self, words: TitleWords | None = None) -> None:
        self.words = words or TitleWords.load()
        self._pairs = {tuple(k.split()): v for k, v in self.words.abbreviations.items() if " " in k}
        # the last words of the places: a title that ends in none of them names no place (most do not)
        self._place_ends = frozenset(p.rsplit(" ", 1)[-1] for p in self.words.places)
        # a place's words are names, never plurals ("texas", "united states", "philippines")
        self._names = frozenset(w for p in self.words.places for w in p.split() if w.endswith("s"))

    def tokens(self, text: str) -> list[str]:
        """Lower-case words of ``text``, abbreviations expanded, plurals singular."""
        out: list[str] = []
        abbreviations, pairs = self.words.abbreviations, self._pairs
        lower = _fold(text.lower())
        for raw in _TOKEN.findall(_AMPERSAND.sub(" and ", lower) if "&" in lower else lower):
            token = raw.strip(".'")
            if not token:
                continue
            expanded = abbreviations.get(token)
            if expanded:
                out.extend(expanded.split())
            else:
                out.append(token)
            if len(out) >= 2 and (pair := pairs.get((out[-2], out[-1]))):
                out[-2:] = [pair]
        # most words do not end in s: they are their own singular, without a call
        return [self.singular(t) if t.endswith("s") else t for t in out]

    def without_place(self, title: str) -> str:
        """A lower-case title without the place written after the job: its trailing parts, or a
        closing bracket, that end in a US state or a country (``general manager, austin tx``,
        ``nurse | chicago il``, ``registered nurse (seattle, wa)``). Some words always stay: a title
        that is only a place is kept as it is. A part before a state on its own stays too
        (``data engineer - seattle, wa`` keeps ``seattle``): without a list of cities it cannot be
        told from the job's own words (``teacher - special education, tx``)."""
        words = title.split()
        if not words or words[-1].strip(_PLACE_PUNCTUATION) not in self._place_ends:
            return title
        bracket = _CLOSING_BRACKET.search(title)
        if bracket and self._ends_in_place(bracket.group(1)):
            return title[: bracket.start()] if title[: bracket.start()].strip() else title
        cuts = [m.start() for m in _SEGMENT.finditer(title) if title[: m.start()].strip()]
        while cuts and self._ends_in_place(title[cuts[-1] :]):
            title = title[: cuts.pop()]
        return title

    def _ends_in_place(self, part: str) -> bool:
        words = [w.strip(_PLACE_PUNCTUATION) for w in part.split()[-PLACE_WORDS:]]
        return any(" ".join(words[k:]) in self.words.places for k in range(len(words)))

    def singular(self, token: str) -> str:
        """A word in the singular, as titles are keyed (``scientists`` -> ``scientist``; ``business`` stays)."""
        if not token.endswith("s") or token in self._names:
            return token
        if token in self.words.plurals:
            return self.words.plurals[token]
        if len(token) > 3 and token.endswith("ies"):
            return token[:-3] + "y"
        if len(token) > 3 and token.endswith("s") and not token.endswith(_KEEP_S):
            return token[:-1]
        return token

    def trim(self, tokens: list[str]) -> list[str]:
        """Noise words off the edges: ``senior data scientist ii`` -> ``data scientist``, while a noise
        word inside a title stays (``shift supervisor``)."""
        start, end = 0, len(tokens)
        while start < end and tokens[start] in self.words.noise:
            start += 1
        while end > start and tokens[end - 1] in self.words.edges:
            end -= 1
        return tokens[start:end]

    def trims(self, tokens: list[str]) -> list[list[str]]:
        """``tokens`` and every trimming of its noisy edges, longest first: ``senior travel consultant``
        -> itself, ``travel consultant`` (an O*NET title although ``travel`` is a noise word),
        ``consultant``."""
        lead = 0
        while lead < len(tokens) and tokens[lead] in self.words.noise:
            lead += 1
        end = len(tokens)
        while end > lead and tokens[end - 1] in self.words.edges:
            end -= 1
        options = [(s, e) for s in range(lead + 1) for e in range(end, len(tokens) + 1) if s < e]
        options.sort(key=lambda se: (se[0] - se[1], se[0]))
        return [tokens[s:e] for s, e in options]

    def key(self, title: str) -> str:
        """A real title normalised: its words, noise trimmed, without its bracket."""
        return " ".join(self.trim(self.tokens(_BRACKETS.sub(" ", self.without_place(title.lower())))))

    def index_keys(self, title: str) -> list[str]:
        """Keys of an authority title: its words as listed (O*NET's ``Travel Consultant`` is no
        consultant of any kind), the worker of a field it names, and the synonym in its closing
        bracket (a bracketed acronym is none: ``CSO`` is three different officers)."""
        keys = [" ".join(self.tokens(_BRACKETS.sub(" ", title)))]
        synonym = _CLOSING_BRACKET.search(title)
        if synonym and len(synonym.group(1).split()) > 1:
            keys.append(" ".join(self.tokens(synonym.group(1))))
        return [k for k in dict.fromkeys(keys) if k]

    def analyse(self, title: str) -> TitleForms:
        """The readings of a real title (already repaired by ingestion, as every title in the warehouse)."""
        return TitleForms(self, title)

    def readings(self, tokens: list[str], worker: bool) -> list[str]:
        """The readings of one run of words: as written and trimmed; ``X of Y`` as ``Y X`` (``Director
        of Engineering``); cut at a level inside it (``Data Scientist 4 Artificial Intelligence``); and
        with ``worker``, a field as its worker (``Data Science`` -> ``data scientist``) unless a leader
        leads it (``Director, Data Science`` leads data scientists)."""
        forms = [t for t in self.trims(tokens) if t]
        for words in list(forms):
            if "of" in words[1:-1]:
                k = words.index("of")
                forms.append(words[k + 1 :] + words[:k])
            inner = [k for k, w in enumerate(words[1:-1], start=1) if w in self.words.levels]
            if inner:
                forms.append(self.trim(words[: inner[0]]))
        for words in list(forms) if worker else []:
            if words and words[-1] in self.words.fields and not self.words.leaders & set(words[:-1]):
                forms.append([*words[:-1], self.words.fields[words[-1]]])
        return [" ".join(w) for w in forms if w]


class TitleForms:
    """The readings of a real title, each worked out when first asked for (most titles are found by
    their first reading):

    - ``written``: its words as written (``tokens`` joined), the first of ``whole``;
    - ``whole``: readings of the whole title, most informative first;
    - ``reordered``: its first two parts joined (``VP, Information Security``) or swapped
      (``Research Scientist, Machine Learning`` is a machine learning research scientist);
    - ``alternatives``: the titles it offers as alternatives (``Data Architect / Data Modeler``);
    - ``first``: readings of its first part (the title proper of ``Senior Data Scientist - NLP``);
    - ``parts``: readings of its later parts;
    - ``words``: what the similarity reads (the bracket too: ``Design Engineer (Mechanical)``);
    - ``key``: the title normalised."""

    def __init__(self, normaliser: TitleNormaliser, title: str) -> None:
        self.normaliser = normaliser
        self.title = title
        self.lower = normaliser.without_place(title.lower())
        self.plain = _BRACKETS.sub(" ", self.lower)
        self.tokens = normaliser.tokens(self.plain)
        self.key = " ".join(normaliser.trim(self.tokens))
        self.written = " ".join(self.tokens)

    @cached_property
    def whole(self) -> list[str]:
        return list(dict.fromkeys(self.normaliser.readings(self.tokens, worker=True)))

    @cached_property
    def pieces(self) -> list[list[str]]:
        return [p for p in (self.normaliser.tokens(s) for s in _SEGMENT.split(self.plain)) if p]

    @cached_property
    def reordered(self) -> list[str]:
        if len(self.pieces) < 2:
            return []
        n = self.normaliser
        head, second = n.trim(self.pieces[0]), n.trim(self.pieces[1])
        if not head or not second:
            return []
        forms = n.readings(head + second, worker=True) if len(head) <= SHORT_PART else []
        forms += n.readings(second + head, worker=True)
        return [f for f in dict.fromkeys(forms) if f not in self.whole]

    @cached_property
    def alternatives(self) -> list[str]:
        found = [a.strip() for a in _ALTERNATIVES.split(_BRACKETS.sub(" ", self.title)) if a.strip()]
        return found if len(found) > 1 else []

    @cached_property
    def first(self) -> list[str]:
        if len(self.pieces) < 2:
            return []
        seen = {*self.whole, *self.reordered}
        return [
            f for f in dict.fromkeys(self.normaliser.readings(self.pieces[0], worker=True)) if f not in seen
        ]

    @cached_property
    def parts(self) -> list[str]:
        # a field after the title proper is a department ("Tech Manager, Software Engineering")
        seen = {*self.whole, *self.reordered, *self.first}
        found = [f for p in self.pieces[1:] for f in self.normaliser.readings(p, worker=False)]
        return [f for f in dict.fromkeys(found) if f not in seen]

    @cached_property
    def words(self) -> str:
        n = self.normaliser
        words = n.trim(n.tokens(self.lower)) if self.plain != self.lower else n.trim(self.tokens)
        if words and words[-1] in n.words.fields:
            words = [*words, n.words.fields[words[-1]]]
        return " ".join(words)


def _fold(text: str) -> str:
    """Accents off, as O*NET writes its titles in ASCII ("Café Manager" -> "cafe manager")."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
