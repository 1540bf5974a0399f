"""Text repair and normalisation shared by every reader and normaliser."""

from __future__ import annotations

import functools
import hashlib
import html
import html.entities
import re
import tomllib
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any, TypeVar

import ftfy

from pipelines import REFERENCE_DIR

# The spaces a block's runs are collapsed of: " \t\r\f\v\u00a0" (no "\r" is left by ``repair``).
_OTHER_SPACES = "\t\f\v\u00a0"
_SPACE_RUN = re.compile("  +")
_LINE_END_RUN = re.compile("\n\n\n+")
_TAG = re.compile(r"<(br|/p|/ul|/ol|/div|/h\d|/tr)\s*/?>", re.IGNORECASE)
_LI = re.compile(r"<li[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]+>")
# Elements whose content is code or markup, never the page's text, and comments.
_NOT_TEXT = re.compile(
    r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL
)
# Markers that start a bullet, at line start or inline (the shared resume texts flatten lists to " * ").
_BULLET_MARKERS = "•●▪■◦‣➢➤►❖✓✔∙·◆-*"
_LINE_BULLET = re.compile(r"^\s*(?:[" + re.escape(_BULLET_MARKERS) + r"]|\d{1,2}[.)])\s+")
_INLINE_MARKERS = "•●▪■◦‣➢➤►❖✓✔∙◆*"
_INLINE_BULLET = re.compile(r"\s[" + _INLINE_MARKERS + r"]\s+")


@cache
def value_words() -> dict[str, Any]:
    """The vocabulary of raw values (``reference/value_words.toml``): null tokens, end dates that
    mean "now", month names, the missing cells of reference releases."""
    with (REFERENCE_DIR / "value_words.toml").open("rb") as fh:
        return tomllib.load(fh)


_NULL_TOKENS = frozenset(value_words()["null_tokens"])


# UTF-8 read as cp1252/latin-1 leaves a lead byte (Â..ô) followed by a continuation byte or a cp1252
# punctuation sign; text without that pair has no mojibake to fix.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160"
    "\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178]"
)
# A token starts after whitespace: the lookbehind spares the search a scan of the rest of each token
# from every position in it (the matches are the same: a token's first character starts its match).
_MOJIBAKE_TOKEN = re.compile(r"(?<!\S)\S*(?:" + _MOJIBAKE.pattern + r")\S*")


T = TypeVar("T")

# The values worth keeping are short (salary ranges, dates, degree names, mojibake tokens); a text up to
# the record limit (2 MB) kept too would make a cache's memory its entry count times that.
CACHED_CHARS = 200


def cache_short_texts(maxsize: int) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """``lru_cache`` for a function of texts (or None) that keeps only calls whose texts are at most
    ``CACHED_CHARS`` long; a longer one is computed each time."""

    def wrap(function: Callable[..., T]) -> Callable[..., T]:
        cached = lru_cache(maxsize=maxsize)(function)

        @functools.wraps(function)
        def call(*texts: str | None) -> T:
            if all(t is None or len(t) <= CACHED_CHARS for t in texts):
                return cached(*texts)
            return function(*texts)

        return call

    return wrap


# The same mojibake tokens ("donâ€™t", "â€¢") recur in document after document.
@cache_short_texts(maxsize=1 << 16)
def _fixed_token(token: str) -> str:
    return ftfy.fix_encoding(token)


def _fix_token(match: re.Match[str]) -> str:
    return _fixed_token(match.group(0))


# UTF-8 read as GBK (a Chinese-locale export): the first two bytes of a UTF-8 punctuation, symbol or
# bullet sign (E2 80..9F: ’ “ • – € ™ ▪ ✓) pair into one of these rare characters, the third byte
# pairs with the next ASCII letter or is lost ("I’m" -> "I鈥檓", "” " -> "鈥\ufffd "). A text showing
# one was decoded as GBK throughout, so every run of it that turns back into UTF-8 is repaired
# ("caf茅" -> "café"); real Chinese does not survive that round trip.
_GBK_LEADS = "".join(bytes([0xE2, trail]).decode("gbk") for trail in range(0x80, 0xA0))
_GBK_SIGN = re.compile(f"[{_GBK_LEADS}]")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def _from_gbk(run: str) -> str | None:
    """The UTF-8 text a run of GBK-decoded characters stood for, or None when it is not one."""
    try:
        fixed = run.encode("gbk").decode("utf-8")
    except UnicodeError:
        return None
    # control characters and combining marks are what a chance decoding of real text leaves
    if any(unicodedata.category(c)[0] in "CM" for c in fixed):
        return None
    return fixed


def _gbk_run(run: str) -> str | None:
    """A run repaired, a lost last byte kept as U+FFFD; None when the run is no GBK mojibake."""
    pieces = run.split("\ufffd")
    out = []
    for i, piece in enumerate(pieces):
        lost = i < len(pieces) - 1
        fixed = _from_gbk(piece) if piece else ""
        if fixed is None and lost:
            # the character before the replacement lost its last byte: drop it with the byte
            fixed = _from_gbk(piece[:-1]) if piece[:-1] else ""
        if fixed is None:
            return None
        out.append(fixed + ("\ufffd" if lost else ""))
    return "".join(out)


def fix_gbk_mojibake(value: str) -> str:
    """Repair UTF-8 text that was decoded as GBK (``I鈥檓`` -> ``I’m``). Only a text where a run with
    the signature turns back into UTF-8 is touched, and then only runs that do: real Chinese
    (``鈴木``, ``茅台``) does not survive the round trip and stays as written."""
    if not _GBK_SIGN.search(value):
        return value
    runs = {m.group(0) for m in _NON_ASCII_RUN.finditer(value)}
    fixed = {run: _gbk_run(run) for run in runs}
    if not any(f is not None and _GBK_SIGN.search(run) for run, f in fixed.items()):
        return value
    return _NON_ASCII_RUN.sub(lambda m: fixed[m.group(0)] or m.group(0), value)


def repair(value: str) -> str:
    """Fix mojibake (``NaÃ¯ve`` -> ``Naïve``, ``â€¢`` -> ``•``, ``I鈥檓`` -> ``I’m``), stray BOMs and
    odd line ends.

    ftfy runs only on the tokens that carry a mojibake signature: whole-document ftfy costs
    ~1 MB/s, which would dominate ingestion of large corpora.
    """
    if not value.isascii():
        value = value.replace("\ufeff", "")
        if _MOJIBAKE.search(value):
            value = _MOJIBAKE_TOKEN.sub(_fix_token, value).replace("Â\xa0", "\xa0")
        value = fix_gbk_mojibake(value)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.strip()


# A complete character reference ("&amp;", "&#8211;"): scraped titles carry them; "R&D" has none.
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _decode_entity(match: re.Match[str]) -> str:
    reference = match.group(0)
    if reference.startswith("&#"):
        return html.unescape(reference)
    # a name HTML does not define stays as written ("&notreal;" is not "¬real;")
    return html.entities.html5.get(reference[1:], reference)


def clean_line(value: str) -> str:
    """Repair one short field (a title, a company), decode its HTML character references and
    collapse its whitespace to single spaces."""
    value = repair(value)
    if "&" in value:
        value = _ENTITY.sub(_decode_entity, value)
    return " ".join(value.split())


# Characters that show nothing: whitespace, format controls (zero-width space and joiners, BOM,
# bidi marks, word joiner), the soft hyphen and the blank Hangul fillers.
_VISIBLE = re.compile(
    r"[^\s\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\u3164\u115f\u1160\u00ad]"
)


def has_visible_text(value: str) -> bool:
    """False for text made only of whitespace and invisible characters (a zero-width-only resume)."""
    return _VISIBLE.search(value) is not None


def has_letter(value: str) -> bool:
    """Whether text holds a letter of any script: a title of marks, digits or an emoji alone (``---``,
    ``12345``, ``()``) names no job."""
    return any(ch.isalpha() for ch in value)


def is_null_token(value: str) -> bool:
    """Spreadsheet and scraper placeholders that mean "no value" (Glassdoor writes ``-1``)."""
    return value.strip().lower() in _NULL_TOKENS


def html_to_text(value: str) -> str:
    """JobPosting descriptions are often HTML: keep list items as bullet lines, drop the markup and
    what scripts, styles and comments hold."""
    if "<" not in value:
        return html.unescape(value)
    value = _NOT_TEXT.sub(" ", value)
    value = _LI.sub("\n• ", value)
    value = _TAG.sub("\n", value)
    value = _ANY_TAG.sub(" ", value)
    return html.unescape(value)


def tidy_block(value: str) -> str:
    """Repaired multi-line text with runs of spaces and blank lines collapsed."""
    value = repair(value)  # every line end is "\n" now
    # str.replace and a search for a literal run are several times faster than a character class
    for space in _OTHER_SPACES:
        if space in value:
            value = value.replace(space, " ")
    lines = [line.strip() for line in _SPACE_RUN.sub(" ", value).split("\n")]
    # stripped lines hold no whitespace at their ends, so a blank stretch is a run of line ends
    return _LINE_END_RUN.sub("\n\n", "\n".join(lines)).strip()


# What str.split() splits ASCII text at, besides " ".
_ASCII_SPACES = "\t\n\r\v\f\x1c\x1d\x1e\x1f"


def normalised_for_dedup(value: str) -> str:
    """The form two documents must share to count as exact duplicates: case and spacing ignored."""
    if value.isascii():
        # NFKC leaves ASCII as it is and casefold is lower there; collapsing the spaces with
        # str.replace and a literal-run search builds no list of words
        value = value.lower()
        for space in _ASCII_SPACES:
            if space in value:
                value = value.replace(space, " ")
        return _SPACE_RUN.sub(" ", value).strip()
    return " ".join(unicodedata.normalize("NFKC", value).casefold().split())


def content_hash(value: str) -> str:
    return hashlib.sha1(normalised_for_dedup(value).encode("utf-8")).hexdigest()


def split_bullets(text: str, min_words: int = 3, max_chars: int = 500) -> list[str]:
    """Bullet lines of a document: lines that start with a marker, and items of inline marker lists."""
    bullets: list[str] = []
    for line in text.split("\n"):
        if not line:
            continue
        starts_with_marker = bool(_LINE_BULLET.match(line))
        # the one ASCII inline marker is "*": other ASCII lines need no split (isascii is O(1))
        parts = _INLINE_BULLET.split(" " + line) if "*" in line or not line.isascii() else [line]
        if not starts_with_marker and len(parts) == 1:
            continue
        candidates = parts if starts_with_marker else parts[1:]
        for part in candidates:
            item = _LINE_BULLET.sub("", part).strip(" \t-–;,")
            if len(item.split()) >= min_words and len(item) <= max_chars:
                bullets.append(item)
    return bullets
