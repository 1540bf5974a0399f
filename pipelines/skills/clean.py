"""What of a text is read for skills: links, e-mail addresses, stock tickers, initials, the
employer's own name, equal-opportunity statements, benefits, company descriptions and negated
phrases are blanked first, so that ``indeed.com/r/<name>`` is no R, ``(Nasdaq: RUBY)`` no Ruby,
``R. J. Reynolds`` no R and ``with minimal oversight`` no Oversight.

Every step is one vectorised regular-expression replacement (polars, Rust regex), so cleaning costs
a few passes over the text, not a Python loop per document. The cues are data:
``reference/skill_rules.toml``.
"""

from __future__ import annotations

import re
from functools import cache

import polars as pl

from pipelines.skills.names import rules

_LINKS = (
    r"(?i)[\w.%+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|(?:https?://|www\.)\S+"  # URLs
    # host names with a path or a common top-level domain (indeed.com/r/Jane-Doe, github.io);
    # .net is left alone for ASP.NET
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|io|edu|gov|co|in|ai|me|us|uk|de)\b(?:/\S*)?"
)
# (Nasdaq: RUBY), (NYSE: IBM), (TSX: SHOP)
_TICKERS = r"\((?:NYSE|NASDAQ|Nasdaq|AMEX|TSX|LSE|OTC|NYSE American|Nasdaq GS)[A-Za-z ]*:\s*[A-Z][A-Z.]*\)"
# two or more initials: R. J. Reynolds, J.P. Morgan
_INITIALS = r"\b[A-Z]\.[ \t]?[A-Z]\.(?:[ \t]?[A-Z]\.)*"


def _alternation(words: list[str]) -> str:
    """Whole words: ``visa`` is not in ``visualization``, ``pto`` not in ``crypto``."""

    def bounded(word: str) -> str:
        return (r"\b" if word[0].isalnum() else "") + re.escape(word) + (r"\b" if word[-1].isalnum() else "")

    return "|".join(bounded(w) for w in sorted(words, key=len, reverse=True))


@cache
def patterns() -> dict[str, str]:
    """The regular expressions of each step, built from the rule lists."""
    cfg = rules()
    negation = cfg["negation"]
    boiler = cfg["boilerplate"]
    headers = _alternation(boiler["section_headers"])
    return {
        "links": _LINKS,
        "tickers": _TICKERS,
        "initials": _INITIALS,
        # a sentence (no newline or end mark inside) that holds a boilerplate cue
        "boilerplate": rf"(?i)[^\n.;!?]*(?:{_alternation(boiler['line_cues'])})[^\n.;!?]*",
        # a header line, and the lines after it up to a blank line or a line ending in a colon
        "sections": rf"(?im)^[ \t]*(?:{headers})[ \t]*:?[ \t]*$(?:\n[^\n]*[^:\s][ \t]*)*",
        "negation_exceptions": rf"(?i)(?:{_alternation(negation['exceptions'])})",
        "negation": (
            rf"(?i)(?:{_alternation(negation['cues'])})"
            rf"(?:[ \t]+[^\s.,;:!?()]+){{1,{int(negation['words_after'])}}}"
        ),
    }


def without_company(texts: pl.Series, companies: pl.Series) -> pl.Series:
    """Each posting's text with its employer's name blanked (``Oracle`` the employer is no Oracle
    Database); a name of two letters or fewer would blank parts of words and is left alone. Row by
    row: polars has no replacement whose pattern changes per row."""
    return pl.Series(
        texts.name,
        [
            t.replace(c, " ") if t and c and len(c.strip()) > 2 else t
            for t, c in zip(texts.to_list(), companies.to_list(), strict=True)
        ],
        dtype=pl.String,
    )


def cleaned(text: pl.Expr) -> pl.Expr:
    """``text`` with everything that is not a statement of skills replaced by spaces."""
    p = patterns()
    out = text.fill_null("")
    out = (
        out.str.replace_all(p["links"], " ")
        .str.replace_all(p["tickers"], " ")
        .str.replace_all(p["initials"], " ")
    )
    out = out.str.replace_all(p["sections"], " ").str.replace_all(p["boilerplate"], " ")
    # "not only" and its kind are kept by turning them into a neutral word before negations go
    out = out.str.replace_all(p["negation_exceptions"], " also ").str.replace_all(p["negation"], " ")
    return out
