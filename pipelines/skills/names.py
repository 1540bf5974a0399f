"""How a skill's name gives its surface forms: lower case and single spaces, the product without its
vendor or a trailing ``software``, the acronym a name spells out, plural and singular, and the
graded or kind-of forms (``Core Java``, ``SQL skills``) that are the same skill. The words these rules
use are data: ``reference/skill_rules.toml``."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from typing import Any

from pipelines import REFERENCE_DIR

SKILL_RULES = REFERENCE_DIR / "skill_rules.toml"
# A single word at least this frequent in English (Zipf scale, wordfreq: 4.02 is about 10 per million
# words) is a plain word first: impact 4.9, medical 5.2, pricing 4.04 need context in prose, while
# tool names stay below it (Java 4.00, Linux 3.99, Python 3.78, Tableau 2.92).
PLAIN_WORD_ZIPF = 4.02
_SPACES = re.compile(r"\s+")


@cache
def rules() -> dict[str, Any]:
    with SKILL_RULES.open("rb") as fh:
        return tomllib.load(fh)


@cache
def _vendor_prefixes() -> tuple[str, ...]:
    return tuple(sorted((v + " " for v in rules()["names"]["vendors"]), key=len, reverse=True))


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9+#.]+", "-", name.casefold()).strip("-")


def surface(text: str) -> str:
    """The matching form of a phrase or a text: lower case, single spaces."""
    return _SPACES.sub(" ", text.casefold()).strip()


def short_forms(form: str) -> list[str]:
    """Shorter names a product goes by: without its vendor (``microsoft excel`` -> ``excel``), a
    trailing ``software`` (``sap software`` -> ``sap``) or its edition (``splunk enterprise`` ->
    ``splunk``)."""
    out = [form[len(prefix) :] for prefix in _vendor_prefixes() if form.startswith(prefix)][:1]
    if form.endswith(" software"):
        out.append(form[: -len(" software")])
    out += [form[: -len(e) - 1] for e in rules()["names"]["editions"] if form.endswith(" " + e)]
    return [bare for bare in out if bare]


def _initials_fit(words: list[str], acronym: str) -> bool:
    """The words' initials and the acronym's letters agree in order, one inside the other, from the
    same first letter: ``Hypertext markup language`` / HTML, ``JavaScript Object Notation`` / JSON."""
    initials = "".join(w[0] for w in words).lower()
    letters = acronym.lower()
    if not initials or initials[0] != letters[0] or abs(len(initials) - len(letters)) > 1:
        return False
    short, long = sorted((initials, letters), key=len)
    it = iter(long)
    return all(c in it for c in short)


def spelled_acronym(name: str) -> tuple[str, str] | None:
    """``(long form, acronym)`` when a name spells out the acronym it ends with: ``Structured query
    language SQL`` -> (``Structured query language``, ``SQL``); a vendor before the spelled-out part
    may stand outside it (``Oracle JavaServer Pages JSP``)."""
    words = name.split()
    if name.lower().endswith(" software"):
        words = words[:-1]
    if len(words) < 3 or not (words[-1].isupper() and words[-1].isalpha() and len(words[-1]) >= 2):
        return None
    acronym, long = words[-1], words[:-1]
    if _initials_fit(long, acronym):
        return " ".join(long), acronym
    bare = short_forms(surface(" ".join(long)))
    if bare:
        rest = long[len(long) - len(bare[0].split()) :]
        if len(rest) >= 2 and _initials_fit(rest, acronym):
            return " ".join(rest), acronym
    return None


def written_as_name(part: str, starts_name: bool) -> bool:
    """Whether a part of an O*NET name is a proper name rather than a kind of software: a capital
    where a generic phrase has none (``SAP``, ``Excel`` after a vendor, ``Visual Basic``), or one rare
    word (``Minitab``). O*NET writes kinds in lower case after a capital that only starts the name
    (``Statistics software``, ``Microsoft operating system``)."""
    words = part.split()
    if not words:
        return False
    first, rest = words[0], words[1:]
    capitals = any(c.isupper() for w in rest for c in w) or any(c.isupper() for c in first[1:])
    if capitals or (not starts_name and first[:1].isupper()):
        return True
    from wordfreq import zipf_frequency

    return not rest and first.isalpha() and zipf_frequency(first, "en") < 3.0


def product_forms(name: str) -> tuple[str, list[str]]:
    """The display name of an O*NET product and its surface forms: ``Amazon Web Services AWS
    software`` -> (``AWS``, [amazon web services aws software, amazon web services aws, amazon web
    services, aws]). The vendor-less form is added later, when no other product claims it."""
    full = surface(name)
    forms = [full]
    display = name
    if (
        full.endswith(" software")
        and len(full.split()) > 1
        and written_as_name(name[: -len(" software")], True)
    ):
        forms.append(full[: -len(" software")])
        display = name[: -len(" software")]
    spelled = spelled_acronym(name)
    if spelled:
        long, acronym = spelled
        forms += [surface(long), acronym.lower()]
        display = acronym
    return display, list(dict.fromkeys(forms))


def _plural(word: str) -> str | None:
    """None for a word that is plural already or has no regular plural (``analytics``, ``physics``)."""
    if word.endswith("ics"):
        return None
    if word.endswith("is"):
        return word[:-2] + "es"  # analysis -> analyses
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _singular(word: str) -> str | None:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ics")) and len(word) > 4:
        return word[:-1]
    return None


def singular_form(form: str) -> str | None:
    """The phrase with its last word in the singular (``laser printers`` -> ``laser printer``)."""
    head, _, last = form.rpartition(" ")
    single = _singular(last)
    return f"{head} {single}".strip() if single else None


def number_variants(form: str) -> list[str]:
    """The plural or singular of a phrase of two or more words whose last word is a plain lower-case
    noun (``predictive model`` <-> ``predictive models``, ``data pipeline`` -> ``data pipelines``).
    Single words are left alone: ``Pandas`` is no panda and ``analytics`` no analytic."""
    words = form.split(" ")
    last = words[-1]
    if len(words) < 2 or not last.isalpha() or len(last) < 4 or last.endswith(("ing", "ed")):
        return []
    other = _singular(last) or _plural(last)
    return [" ".join([*words[:-1], other])] if other else []


def core_form(form: str) -> str | None:
    """The skill a graded or kind-of form names: ``core java`` -> ``java``, ``agile methodologies``
    -> ``agile``, ``python programming`` -> ``python``; None when nothing is stripped or nothing but
    the qualifying words would be left."""
    names = rules()["names"]
    words = form.split(" ")
    tails = set(names["tails"])
    end = len(words)
    while end > 1 and words[end - 1] in tails:
        end -= 1
    start = 0
    for qualifier in sorted(names["qualifiers"], key=len, reverse=True):
        q = qualifier.split(" ")
        if words[: len(q)] == q and len(q) < end:
            start = len(q)
            break
    if (start, end) == (0, len(words)):
        return None
    core = " ".join(words[start:end]).strip(" -/&,")
    return core or None
