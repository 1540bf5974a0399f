"""Whether an ambiguous form (``R``, ``Go``, ``Excel``, ``Spark``, ``regression``) is used as a skill
where it stands. The evidence, each kind measured on the dev half of the gold set
(``bench/skills_gold.py`` prints how often each was right):

- how it is written: a name written with capitals (``R``, ``Go``, ``Excel``) is not that name when
  the text writes it in lower case (``excel at``, ``go to``); a letter or two must be upper case;
- ``list``: it stands as an item of an enumeration (``Python, R, SQL``; ``Tools: Excel``);
- ``named``: a word names it as a tool or language (``R programming``, ``experience with Go``), or a
  release number follows it (``Windows 7``, ``Excel 2016``);
- ``capitalised``: an acronym written in capitals as its name is (``SAP``, ``SAS``), or a capitalised
  word amid lower-case running text, in a document that names other software;
- ``alone``: a soft skill's word that ends its phrase (``be creative, take initiative``, ``works
  independently.``) describes the worker; one before a noun describes a thing (``analytical
  chemistry``, ``an innovative company``, ``a collaborative workplace``). An adverb describes how
  the worker works wherever it stands (``independently design assays``), and so does an adjective
  before a person (``a creative Data Scientist``).
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator
from functools import cache, lru_cache

from pipelines.skills.names import rules

_WORDISH = frozenset(string.ascii_letters + string.digits + "_+#&")
# a release after a name: "Windows 7", "Excel 2016", "Python 3.8", "Java v8"
_VERSION = re.compile(r"v?\d+(?:\.\d+)*(?![\w%$])")


@cache
def _named() -> tuple[tuple[str, ...], tuple[str, ...]]:
    context = rules()["context"]
    before = tuple(" " + w if w[0].isalpha() else w for w in context["named_before"])
    return before, tuple(context["named_after"])


@cache
def _list_marks() -> tuple[tuple[str, ...], tuple[str, ...]]:
    context = rules()["context"]
    return tuple(context["list_before"]), tuple(context["list_after"])


@cache
def _persons() -> frozenset[str]:
    return frozenset(rules()["context"]["persons"])


def _before_person(after: str) -> bool:
    """The next word or the one after it names a person: ``a creative Data Scientist``, ``a highly
    creative cancer biologist``, ``collaborative team player``."""
    words = [w.strip(".,;:!?()") for w in after.split()[:2]]
    return any(w in _persons() or (len(w) > 5 and w.endswith("ist")) for w in words)


@cache
def _field_labels() -> frozenset[str]:
    return frozenset(rules()["context"]["field_labels"])


def _other_field(before: str, after: str) -> bool:
    """The one value of a field whose label names no kind of skill (``Process: Furnace``,
    ``Department: Testing``): no item of an enumeration. ``Technology used: Java.`` and ``Tools:
    Excel`` are fields of skills. ``before`` and ``after``: lower case, the spaces next to the form
    stripped."""
    ends_value = not after or after.startswith(("\n", "."))
    if not (before.endswith(":") and ends_value):
        return False
    label = before[:-1].rsplit("\n", 1)[-1].split()
    return not any(w.strip("-–•*()") in _field_labels() for w in label)


@cache
def _has_capital(name: str) -> bool:
    return any(c.isupper() for c in name)


def _needs_capital(form: str, name: str) -> bool:
    """Whether only an occurrence whose first letter is a capital can name the skill (see
    ``_written_as_name``)."""
    return (len(form) <= 2 and form.isalpha()) or _has_capital(name)


def _written_as_name(written: str, name: str) -> bool:
    """A name with capitals in its canonical spelling (``R``, ``Go``, ``Excel``) is written with a
    capital; one or two letters must be written in capitals (``R``, not ``r``)."""
    if len(written) <= 2 and written.isalpha():
        return written.isupper() or (len(written) == 2 and written[0].isupper())
    if _has_capital(name):
        return written[0].isupper()
    return True


def _name_in_prose(text: str, i: int, size: int, written: str, name: str) -> bool:
    """Written as a name inside running text: an acronym in capitals as its name is (SAP, SAS), or a
    capitalised word between words that are not (``using Spark for``). Titles, headings and places
    capitalise their neighbours too (``Senior Director``, ``San Francisco``, ``Entry Level``), and a
    sentence and a line capitalise their first word."""
    if len(written) > 2 and written.isupper() and name.isupper():
        return True
    if not written[0].isupper() or written.isupper():
        return False
    head = text[max(0, i - 30) : i]
    before = head.split()
    after = text[i + size : i + size + 30].split()
    starts_line = "\n" in head[len(head.rstrip()) :]
    if not before or not after or starts_line or before[-1][-1:] in ".!?:•-*" or before[-1][:1].isupper():
        return False
    return not after[0][:1].isupper()


# What lower-casing does beyond ASCII that a finder of the text as written must know: the Kelvin sign
# is a ``k``; ``İ`` lowers to two characters and ``Σ`` to what the next letter decides, so a text
# holding either is lowered whole.
_ALSO_LOWER = {"k": "\u212a"}
_LOWERED_WHOLE = ("\u0130", "\u03a3")


@cache
def _finder(form: str) -> re.Pattern[str] | None:
    """A finder of ``form`` (lower case) as whole words in a text as written where its first letter
    is a capital: the rest of it in either case, and look-arounds that the characters before and
    after it are not part of a word once lowered. It finds what ``str.find`` finds in the lowered
    text without lowering it, and its literal capital lets the search skip from capital to capital;
    a form that counts in any case is found in the lowered text, lowered once per document (a finder
    with either case at every letter tests every character: the context decisions took 0.50 CPU-s
    per 50k bench documents with it, 0.35 without). None for a form that is not ASCII or can overlap
    itself (``a b a``)."""
    if not form.isascii() or any(form[:k] == form[-k:] for k in range(1, len(form))):
        return None
    word = "[" + re.escape("".join(sorted(_WORDISH)) + "".join(_ALSO_LOWER.values())) + "]"
    letters = [f"[{c}{c.upper()}{_ALSO_LOWER.get(c, '')}]" if c.isalpha() else re.escape(c) for c in form]
    first = form[0]
    if first.isalpha():
        letters[0] = f"[{first.upper()}{_ALSO_LOWER[first]}]" if first in _ALSO_LOWER else first.upper()
    cased = "".join(letters)
    return re.compile(f"{cased}(?<!{word}{cased})(?!{word})")


@lru_cache(maxsize=1)
def _lowered(text: str) -> str:
    """The text lowered once for every form of its document that is looked for in it."""
    return text.lower()


def _occurrences(text: str, form: str, capital: bool) -> tuple[str, Iterator[int], Callable[[int, int], str]]:
    """The text the context is read from, where ``form`` stands in it as whole words (``capital``:
    at least every one that starts with a capital), and the lower case of a slice of it."""
    finder = _finder(form) if capital else None
    if finder is not None and _LOWERED_WHOLE[0] not in text and _LOWERED_WHOLE[1] not in text:
        return text, (m.start() for m in finder.finditer(text)), lambda a, b: text[a:b].lower()
    lowered = _lowered(text)
    if len(lowered) != len(text):  # a character whose lower case is longer: no case evidence
        text = lowered

    def starts() -> Iterator[int]:
        size, start = len(form), 0
        while (i := lowered.find(form, start)) != -1:
            start = i + 1
            if not ((i > 0 and lowered[i - 1] in _WORDISH) or lowered[i + size : i + size + 1] in _WORDISH):
                yield i

    return text, starts(), lambda a, b: lowered[a:b]


def uses(text: str, form: str, name: str, other_software: int, soft: bool = False) -> str | None:
    """The evidence that ``form`` (lower case) names the skill ``name`` somewhere in ``text``, or
    None. ``other_software``: software skills of the document found by clear forms; ``soft``: the
    skill is a soft skill."""
    named_before, named_after = _named()
    list_before, list_after = _list_marks()
    size = len(form)
    found = None
    text, starts, lower = _occurrences(text, form, _needs_capital(form, name))
    for i in starts:
        written = text[i : i + size]
        if not _written_as_name(written, name):
            continue
        before = lower(max(0, i - 24), i).rstrip(" \t")
        after = lower(i + size, i + size + 24).lstrip(" \t")
        ends_item = not after or after.startswith(list_after)
        if (not before or before.endswith(list_before)) and ends_item and not _other_field(before, after):
            return "list"
        if (
            after.startswith(named_after)
            or _VERSION.match(after)
            or (before.endswith(named_before) and ends_item)
        ):
            found = "named"
        elif soft and found is None and (ends_item or form.endswith("ly") or _before_person(after)):
            found = "alone"
        elif found is None and other_software >= 2 and _name_in_prose(text, i, size, written, name):
            found = "capitalised"
    return found
