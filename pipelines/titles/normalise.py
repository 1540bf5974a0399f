"""Job titles to the forms the coder compares: lower case, accents and brackets off, abbreviations expanded,
plurals singular, seniority and arrangement words trimmed at the edges, parts split.

The vocabulary (abbreviations, noise words, places, organisational units, fields named instead of
workers) is data: ``reference/title_words.csv``.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pipelines.settings import REFERENCE_DIR

TITLE_WORDS = REFERENCE_DIR / "title_words.csv"
KINDS = frozenset(["abbreviation", "noise", "place", "unit", "field", "plural"])

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")
# where a title splits into parts: "Registered Nurse - ICU", "Data Scientist, Oncology", "A/B", "X | Y"
_SEGMENT = re.compile(r"\s+[-–—]\s+|\s*[,|/;:@]\s*|\s+at\s+|\s+with\s+|\s+in\s+|\s+or\s+")
_AMPERSAND = re.compile(r"\s*&\s*")
_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#&.']*")
# words ending in s that are singular already ("business", "status", "analysis", "physics")
_KEEP_S = ("ss", "us", "is", "ics", "ous")


@dataclass(frozen=True)
class TitleWords:
    """The title vocabulary of ``reference/title_words.csv``, by kind."""

    abbreviations: dict[str, str]
    noise: frozenset[str]
    edges: frozenset[str]
    fields: dict[str, str]
    plurals: dict[str, str]

    @classmethod
    def load(cls, path: Path = TITLE_WORDS) -> TitleWords:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        unknown = sorted({r["kind"] for r in rows} - KINDS)
        if unknown:
            raise ValueError(f"{path.name}: unknown kind(s) {unknown}; expected one of {sorted(KINDS)}")
        by_kind: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
        for row in rows:
            by_kind[row["kind"]][row["word"]] = row["replacement"]
        noise = frozenset(by_kind["noise"])
        return cls(
            abbreviations=by_kind["abbreviation"],
            noise=noise,
            # a place or an organisational unit ends a title only at its end ("Data Engineer, TX",
            # "Machine Learning Team"), while "Team Lead" begins with one
            edges=noise | frozenset(by_kind["place"]) | frozenset(by_kind["unit"]),
            fields=by_kind["field"],
            plurals=by_kind["plural"],
        )


class TitleNormaliser:
    """The forms of a title: its key (what exact lookups use) and the words the similarity reads."""

    def __init__(self, words: TitleWords | None = None) -> None:
        self.words = words or TitleWords.load()
        self._pairs = {tuple(k.split()): v for k, v in self.words.abbreviations.items() if " " in k}

    def tokens(self, text: str) -> list[str]:
        """Lower-case words of ``text``, abbreviations expanded, plurals singular."""
        folded = _fold(text)
        out: list[str] = []
        for raw in _TOKEN.findall(_AMPERSAND.sub(" and ", folded)):
            token = raw.strip(".'")
            if not token:
                continue
            expanded = self.words.abbreviations.get(token)
            out.extend(expanded.split() if expanded else [token])
            if len(out) >= 2 and (pair := self._pairs.get((out[-2], out[-1]))):
                out[-2:] = [pair]
        return [self._singular(t) for t in out]

    def _singular(self, token: str) -> str:
        if token in self.words.plurals:
            return self.words.plurals[token]
        if len(token) > 3 and token.endswith("ies"):
            return token[:-3] + "y"
        if len(token) > 3 and token.endswith("s") and not token.endswith(_KEEP_S):
            return token[:-1]
        return token

    def trim(self, tokens: list[str]) -> list[str]:
        """Noise words off the edges only: ``senior data scientist ii`` -> ``data scientist``, while a
        noise word inside a title stays (``shift supervisor``)."""
        start, end = 0, len(tokens)
        while start < end and tokens[start] in self.words.noise:
            start += 1
        while end > start and tokens[end - 1] in self.words.edges:
            end -= 1
        return tokens[start:end]

    def key(self, title: str) -> str:
        """How an authority title is keyed: its words, trimmed, without its bracket."""
        return " ".join(self.trim(self.tokens(_BRACKETS.sub(" ", title.lower()))))

    def analyse(self, title: str) -> TitleForms:
        """The forms of a real title (already repaired by ingestion, as every title in the warehouse)."""
        lower = title.lower()
        plain = _BRACKETS.sub(" ", lower)
        tokens = self.tokens(plain)
        trimmed = self.trim(tokens)
        pieces = _SEGMENT.split(plain)
        parts = [" ".join(self.trim(self.tokens(p))) for p in pieces] if len(pieces) > 1 else []
        # as written first: a noise word inside a known title stays ("Shift Supervisor"); the first part
        # is the title proper ("Senior Data Scientist - NLP")
        whole = self._with_workers([" ".join(tokens), " ".join(trimmed), *parts[:1]])
        # the similarity reads the bracket too ("Design Engineer (Mechanical)")
        words = self.trim(self.tokens(lower)) if plain != lower else list(trimmed)
        if words and words[-1] in self.words.fields:
            words.append(self.words.fields[words[-1]])
        return TitleForms(
            whole=whole,
            parts=[p for p in self._with_workers(parts[1:]) if p not in whole],
            words=" ".join(words),
            key=" ".join(trimmed),
        )

    def _with_workers(self, forms: list[str]) -> list[str]:
        """Each form, preceded by its worker when it ends with a field ("data science" -> ``data scientist``)."""
        out: list[str] = []
        for form in forms:
            words = form.split()
            if words and words[-1] in self.words.fields:
                out.append(" ".join([*words[:-1], self.words.fields[words[-1]]]))
            out.append(form)
        return [f for f in dict.fromkeys(out) if f]


@dataclass(frozen=True)
class TitleForms:
    """``whole``: exact-lookup keys of the whole title and of its first part; ``parts``: those of its
    other parts; ``words``: what the similarity reads; ``key``: the title normalised."""

    whole: list[str]
    parts: list[str]
    words: str
    key: str


def _fold(text: str) -> str:
    """Accents off, as O*NET writes its titles in ASCII ("Café Manager" -> "cafe manager")."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
