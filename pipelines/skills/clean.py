"""What of a text is read for skills: links, e-mail addresses, stock tickers, initials, the
employer's own name, degree subjects, names of organisations, equal-opportunity statements,
benefits, company descriptions (in postings, the employer speaking of itself) and negated phrases are
blanked first, so that ``indeed.com/r/<name>`` is no R, ``(Nasdaq: RUBY)`` no Ruby, ``R. J.
Reynolds`` no R, ``HONEYWELL AUTOMATION INDIA LTD`` no Automation and ``with minimal oversight`` no
Oversight.

Every step is a vectorised regular-expression pass (polars, Rust regex), so cleaning costs a few
passes over the text, not a Python loop per document. The cues are data:
``reference/skill_rules.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import polars as pl

from pipelines.documents.personal import EMAIL, URL
from pipelines.skills.names import rules

# ASCII classes and boundaries only: a Unicode \b or \w sends the regex engine off its fast automaton.
_EDGE = r"(?-u:\b)"
# two or more initials: R. J. Reynolds, J.P. Morgan
_INITIALS = r"(?-u:\b)[A-Z]\.[ \t]?[A-Z]\.(?:[ \t]?[A-Z]\.)*"


def _hosts(domains: list[str]) -> str:
    """Host names with a common top-level domain and an optional path (indeed.com/r/Jane-Doe, x.github.io)."""
    return rf"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:{'|'.join(map(re.escape, domains))}){_EDGE}(?:/\S*)?"


def _tickers(exchanges: list[str]) -> str:
    """(Nasdaq: RUBY), (NYSE: IBM), (TSX: SHOP)."""
    return rf"\((?:{'|'.join(map(re.escape, exchanges))})[A-Za-z ]*:\s*[A-Z][A-Z.]*\)"


def _degree_subjects(degrees: list[str]) -> str:
    """The subjects after a degree: "BS in Statistics, Computer Science or a related field", "Master's
    degree in Mathematics/Physics", "PhD in physics, applied mathematics, or statistics". Capitalised
    names run on; a subject in lower case is one or two words that an enumeration mark follows, or the
    last one or two words, so that "in statistics and experience with Python" keeps Python."""
    names = "|".join(re.escape(d) for d in sorted(degrees, key=len, reverse=True))
    mark = r"[ \t]*(?:,|/|&|(?i:or|and)(?-u:\b))?[ \t]*(?:a[ \t]+)?"
    words = r"[a-z][a-z-]*(?:[ \t]+[a-z][a-z-]*)?"
    listed = rf"{words}(?:[ \t]*(?:,|/|&)|[ \t]+(?:or|and)(?-u:\b))"
    return (
        rf"(?i:{_EDGE}(?:{names})(?:'?s)?\.?"
        r"(?:[ \t]+degrees?)?[ \t]*(?:\([^)\n]{0,30}\))?(?:[ \t]+(?:required|preferred))?,?"
        r"(?:[ \t]+(?:preferably|ideally|preferred))?[ \t]+(?:in|of)(?-u:\b))"
        rf"(?:{mark}(?:[A-Z][A-Za-z-]*|{listed}))*(?:{mark}{words})?"
    )


def _section(cues: str) -> str:
    """A header that is a cue, holds one and ends in a colon or question mark, or holds one in a line
    of capitals; then its lines (none blank, none ending in a colon)."""
    header = (
        rf"(?i:[ \t]*(?:{cues})[ \t]*:?)"
        rf"|(?i:[^\n.:?]{{0,40}}(?:{cues})[^\n.:?]{{0,30}}[:?])"
        rf"|[A-Z0-9 \t&,'/-]{{0,40}}(?i:{cues})[A-Z0-9 \t&,'/-]{{0,30}}:?"
    )
    return rf"(?m)^(?:{header})[ \t]*$(?:\n[^\n]*[^:\s][ \t]*)*"


def _alternation(words: list[str]) -> str:
    """Whole words: ``visa`` is not in ``visualization``, ``pto`` not in ``crypto``."""

    def bounded(word: str) -> str:
        edge = r"(?-u:\b)"
        return (edge if word[0].isalnum() else "") + re.escape(word) + (edge if word[-1].isalnum() else "")

    return "|".join(bounded(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class Step:
    """One replacement: a regular expression, and the literals a text must hold for it to match at
    all (a fast Aho-Corasick test that spares the expression most texts; none: every text). A
    literal that holds another (``teams``, ``team``) is dropped: the shorter one already says the
    text may match, and every literal found costs the test a list entry."""

    pattern: str
    literals: tuple[str, ...]
    replacement: str = " "

    def __post_init__(self) -> None:
        lowered = {w.lower() for w in self.literals}
        minimal = tuple(sorted(w for w in lowered if not any(o != w and o in w for o in lowered)))
        object.__setattr__(self, "literals", minimal)


@cache
def steps() -> tuple[Step, ...]:
    cfg = rules()
    negation = cfg["negation"]
    boiler = cfg["boilerplate"]
    headers = boiler["section_headers"]
    words = cfg["cleaning"]
    return (
        Step(EMAIL, ("@",)),
        Step(URL, ("http", "www.")),
        Step(_hosts(words["top_level_domains"]), tuple(f".{t}" for t in words["top_level_domains"])),
        Step(_tickers(words["exchanges"]), tuple(words["exchanges"])),
        Step(_INITIALS, ()),
        Step(_degree_subjects(words["degrees"]), tuple(words["degrees"])),
        # a header line, and the lines after it up to a blank line or a line ending in a colon
        Step(_section(_alternation(headers)), tuple(headers)),
        # a sentence (no newline or end mark inside) that holds a boilerplate cue
        Step(rf"(?i)[^\n.;!?]*(?:{_alternation(boiler['line_cues'])})[^\n.;!?]*", tuple(boiler["line_cues"])),
        # the name of an organisation: "HONEYWELL AUTOMATION INDIA LTD", "Acme Analytics GmbH"
        Step(
            rf"(?:[A-Z][A-Za-z&-]*[ \t]+(?:(?:and|&)[ \t]+)?){{1,4}}(?i:{_alternation(words['organisations'])})",
            tuple(words["organisations"]),
        ),
        # "not only" and its kind are kept by turning them into a neutral word before negations go
        Step(rf"(?i)(?:{_alternation(negation['exceptions'])})", tuple(negation["exceptions"]), " also "),
        Step(
            rf"(?i)(?:{_alternation(negation['cues'])})(?:[ \t]+[^\s.,;:!?()]+){{1,{int(negation['words_after'])}}}",
            tuple(negation["cues"]),
        ),
    )


def without_company(texts: pl.Series, companies: pl.Series) -> pl.Series:
    """Each posting's text with its employer's name replaced by ``we`` (``Oracle`` the employer is no
    Oracle Database): a sentence that names the employer is the employer speaking of itself, and one
    that says nothing of the candidate or the job goes with the other company sentences (``Acme
    leads the field in cloud adoption``); a name of two letters or fewer would blank parts of words
    and is left alone. Row by row: polars has no replacement whose pattern changes per row."""
    return pl.Series(
        texts.name,
        [
            t.replace(c, " we ") if t and c and len(c.strip()) > 2 else t
            for t, c in zip(texts.to_list(), companies.to_list(), strict=True)
        ],
        dtype=pl.String,
    )


def cleaned(texts: pl.Series, postings: bool = False) -> pl.Series:
    """``texts`` with everything that is not a statement of skills replaced by spaces. One
    Aho-Corasick pass finds which steps' literals each text holds; each step's expression then runs
    on those texts only. ``postings``: the texts are job postings, whose sentences about the employer
    go too (in a resume, "we" is the candidate's team: "we built the Spark pipeline"); in a resume
    the sentences that say what a product does go (``_without_product_sentences``)."""
    out = texts.fill_null("")
    product = () if postings else tuple(w.lower() for w in rules()["boilerplate"]["product_words"])
    literals = sorted({w.lower() for step in steps() for w in step.literals} | set(product))
    held = out.str.extract_many(literals, ascii_case_insensitive=True, overlapping=True).list.eval(
        pl.element().str.to_lowercase()
    )

    def holding(wanted: Sequence[str]) -> pl.Series:
        return held.list.eval(pl.element().is_in(list(wanted))).list.any().fill_null(False).arg_true()

    for step in steps():
        if not step.literals:
            out = out.str.replace_all(step.pattern, step.replacement)
            continue
        rows = holding(step.literals)
        if len(rows):
            out = out.scatter(rows, out.gather(rows).str.replace_all(step.pattern, step.replacement))
    if postings:
        return _without_employer_sentences(out)
    return _without_product_sentences(out, holding(product))


def _without_employer_sentences(texts: pl.Series) -> pl.Series:
    """Sentences in which the employer speaks of itself (we, our, us) and none of whose words is about
    the candidate or the job's requirements ("Since 2012, we have built the market-leading cloud
    security company", "our culture values honesty") are blanked: "we are looking for a Python
    developer" and "you will use our Spark cluster" stay."""
    cfg = rules()["boilerplate"]
    employer = rf"(?i){_alternation(cfg['employer_words'])}"
    rows = texts.str.contains(employer).fill_null(False).arg_true()
    return _without_sentences(texts, rows, employer, cfg["candidate_words"])


def _without_product_sentences(texts: pl.Series, rows: pl.Series) -> pl.Series:
    """Sentences of a resume that say what a system the candidate worked on does and none of whose
    words names what it was built with or the candidate ("It is used for purchasing and selling
    vegetables", "A system has been made for Driver safety") name the product's business, not the
    candidate's skills: "It is developed using Java and MySQL" stays. ``rows``: the texts that hold
    a product word, found in the cleaning steps' literal pass."""
    cfg = rules()["boilerplate"]
    return _without_sentences(texts, rows, rf"(?i){_alternation(cfg['product_words'])}", cfg["means_words"])


def _without_sentences(texts: pl.Series, rows: pl.Series, subject: str, kept: list[str]) -> pl.Series:
    """The sentences of the texts at ``rows`` that match ``subject`` and hold none of ``kept``
    blanked. One pass splits those texts into sentences; two expressions judge each sentence."""
    if not len(rows):
        return texts
    keep = rf"(?i){_alternation(kept)}"
    sentence = pl.element()
    judged = (
        texts.gather(rows)
        .str.extract_all(r"[^.;!?\n]+[.;!?\n]*|[.;!?\n]+")
        .list.eval(
            pl.when(sentence.str.contains(subject) & ~sentence.str.contains(keep))
            .then(pl.lit(" "))
            .otherwise(sentence)
        )
        .list.join("")
    )
    return texts.scatter(rows, judged)
