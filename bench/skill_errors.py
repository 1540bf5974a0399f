"""Every false positive and every miss of the skill gold bench, classed by kind (bench/skills_gold.py
prints the breakdown). The kinds are mechanical tests on the document, the cleaned text and the
taxonomy, in order; an error gets the first kind whose test holds.

False positives (an extracted skill no gold surface of the document matches):
- ``span``: it is part of a gold surface, or holds one (``reports and dashboards`` for ``dashboards``);
- ``listed item``: found only as an item of a skills field;
- ``degree subject``: every mention follows a degree word in its sentence (``Masters in ...,
  pharmacy``);
- ``organisation unit``: every mention names a team, group, department or company (``the Data Science
  team``, ``HONEYWELL AUTOMATION INDIA LTD``);
- ``company description``: every mention is in a sentence about the employer (we, our, us or its
  name) with no word about the candidate or the job's requirements;
- ``sense (context admitted)``: an ambiguous form the context rules let through;
- ``generic (list phrase)``: a concept only an uncurated list knows (admitted on evidence);
- ``sense (trusted name)``: a curated or O*NET name, judged no skill where it stands.

Misses (a gold skill no extracted surface matches), by its surface closest to being found:
- ``found, not counted``: a clear form that stands in the cleaned text (a longer phrase took it);
- ``context rejected``: an ambiguous form in the cleaned text that the context rules turned down;
- ``evidence rejected``: a list phrase in the cleaned text that its evidence did not admit;
- ``blanked by cleaning``: a form in the text that cleaning removed (boilerplate, negation, degree);
- ``list-only form``: a form that counts in skills fields only;
- ``variant missing``: the taxonomy has the skill under another spelling of the same scoring key
  (plural, hyphen, case);
- ``surface not in text``: the labelled surface is not in the text as written;
- ``not in taxonomy``: no form of the taxonomy names it.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from pipelines.skills.gold import Doc, Scored, surface_key
from pipelines.skills.names import core_form, surface
from pipelines.skills.taxonomy import TRUSTED, Taxonomy

FALSE_POSITIVE_KINDS = (
    "span",
    "listed item",
    "degree subject",
    "organisation unit",
    "company description",
    "sense (context admitted)",
    "generic (list phrase)",
    "sense (trusted name)",
)
MISS_KINDS = (
    "found, not counted",
    "context rejected",
    "evidence rejected",
    "blanked by cleaning",
    "list-only form",
    "variant missing",
    "surface not in text",
    "not in taxonomy",
)
_DEGREE = re.compile(
    r"(?i)\b(?:degrees?|bachelor'?s?|masters?'?s?|ph\.?d|doctorate|b\.?s\.?c?|m\.?s\.?c?|b\.?a|mba)\b[^.;\n]*\b(?:in|of)\b"
)
_UNIT_AFTER = re.compile(
    r"(?i)^[\s)]*(?:teams?|group|groups|department|division|organi[sz]ation|unit|inc|ltd|llc|corp|company)\b"
)
_EMPLOYER = re.compile(r"(?i)\b(?:we|our|us|we're|we've)\b")
_CANDIDATE = re.compile(
    r"(?i)\b(?:you|your|you'll|you're|candidates?|applicants?|experience|experienced|required|requirements?"
    r"|preferred|ability|able|skills?|knowledge|proficien\w*|must|should|looking for|seeking|qualifications?"
    r"|responsibilit\w*|degree|familiar\w*|understanding|expertise|strong|demonstrated)\b"
)


def _mentions(text: str, form: str) -> list[tuple[int, int]]:
    pattern = r"(?<![A-Za-z0-9])" + re.escape(form) + r"(?![A-Za-z0-9])"
    return [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(c, 0, start) for c in ".;!?\n") + 1
    rights = [i for i in (text.find(c, end) for c in ".;!?\n") if i >= 0]
    return left, min(rights, default=len(text))


def _contains(words: list[str], part: list[str]) -> bool:
    n = len(part)
    return 0 < n <= len(words) and any(words[i : i + n] == part for i in range(len(words) - n + 1))


def false_positive_kind(
    form: str,
    raw: str,
    clean: str,
    company: str,
    gold_surfaces: Iterable[str],
    reason: str | None,
    origins: set[str],
) -> str:
    words = surface_key(form).split()
    for gold in gold_surfaces:
        other = surface_key(gold).split()
        if words != other and (_contains(other, words) or _contains(words, other)):
            return "span"
    spans = _mentions(clean, form)
    if not spans:
        return "listed item"
    sentences = [(*_sentence(raw, a, b), a, b) for a, b in spans]
    if all(_DEGREE.search(raw[left:a]) for left, _, a, _ in sentences):
        return "degree subject"
    if all(_UNIT_AFTER.match(raw[b : b + 16]) for _, _, _, b in sentences):
        return "organisation unit"
    employer = [_EMPLOYER.pattern] + ([re.escape(company)] if company and len(company) > 2 else [])
    about_employer = re.compile("|".join(employer), re.IGNORECASE)
    if all(
        about_employer.search(raw[left:right]) and not _CANDIDATE.search(raw[left:right])
        for left, right, _, _ in sentences
    ):
        return "company description"
    if reason and reason not in ("clear", "supported"):
        return "sense (context admitted)"
    return "sense (trusted name)" if origins & TRUSTED else "generic (list phrase)"


def miss_kind(
    surfaces: Iterable[str], raw: str, clean: str, taxonomy: Taxonomy, keys: Mapping[str, str]
) -> str:
    """``keys``: the scoring key of every alias -> an alias with it."""
    best = len(MISS_KINDS) - 1
    for written in surfaces:
        form = surface(written)
        alias = form if form in taxonomy.aliases else core_form(form)
        if alias and alias in taxonomy.aliases:
            if alias in taxonomy.list_only:
                kind = "list-only form"
            elif not _mentions(raw, written):
                kind = "surface not in text"
            elif not _mentions(clean, written):
                kind = "blanked by cleaning"
            elif alias in taxonomy.ambiguous:
                kind = "context rejected"
            elif alias in taxonomy.priors:
                kind = "evidence rejected"
            else:
                kind = "found, not counted"
        elif surface_key(written) in keys:
            kind = "variant missing"
        elif not _mentions(raw, written):
            kind = "surface not in text"
        else:
            kind = "not in taxonomy"
        best = min(best, MISS_KINDS.index(kind))
    return MISS_KINDS[best]


def alias_keys(taxonomy: Taxonomy) -> dict[str, str]:
    return {surface_key(alias): alias for alias in taxonomy.aliases}


def breakdown(
    scored: Scored,
    docs: Iterable[Doc],
    texts: Mapping[Doc, tuple[str, str, str]],
    reasons: Mapping[tuple[Doc, str], str],
    taxonomy: Taxonomy,
) -> tuple[dict[tuple[Doc, str], str], dict[tuple[Doc, str], str]]:
    """The kind of every false positive and every miss of ``docs``: ``(doc, skill) -> kind``, for the
    extracted skill ids and the gold skill names. ``texts``: doc -> (text, cleaned text, employer)."""
    keys = alias_keys(taxonomy)
    wrong, missed = {}, {}
    for doc in docs:
        raw, clean, company = texts[doc]
        gold_surfaces = [s for (d, _), forms in scored.gold_forms.items() if d == doc for s in forms]
        for skill_id, ok in scored.extracted[doc].items():
            if not ok:
                form = min(scored.forms[(doc, skill_id)], key=len)
                origins = taxonomy.origins.get(skill_id, set())
                reason = reasons.get((doc, skill_id))
                wrong[(doc, skill_id)] = false_positive_kind(
                    form, raw, clean, company, gold_surfaces, reason, origins
                )
        for skill, ok in scored.gold[doc].items():
            if not ok:
                missed[(doc, skill)] = miss_kind(scored.gold_forms[(doc, skill)], raw, clean, taxonomy, keys)
    return wrong, missed


def vocabulary_ceiling(scored: Scored, docs: Iterable[Doc], missed: Mapping[tuple[Doc, str], str]) -> float:
    """The recall ``docs`` would have if every miss the taxonomy names in some form were found: what
    rules can reach without a larger vocabulary (``missed``: the kind of every miss)."""
    docs = set(docs)
    gold = sum(len(scored.gold[d]) for d in docs)
    beyond = sum(1 for (d, _), kind in missed.items() if d in docs and kind == "not in taxonomy")
    return (gold - beyond) / gold if gold else float("nan")


def print_breakdown(
    title: str,
    kinds: Mapping[tuple[Doc, str], str],
    order: tuple[str, ...],
    label: Mapping[tuple[Doc, str], str],
) -> None:
    """Counts by document type and kind, with examples (``label``: how an error is written)."""
    by: Counter[tuple[str, str]] = Counter()
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, kind in kinds.items():
        doc_type = key[0][0].split("/")[0]
        by[(doc_type, kind)] += 1
        examples[(doc_type, kind)].append(label[key])
    print(f"\n{title} (dev half): kind, count, share of the type's errors; examples")
    for doc_type in sorted({t for t, _ in by}):
        total = sum(n for (t, _), n in by.items() if t == doc_type)
        print(f"  {doc_type} ({total})")
        for kind in order:
            n = by[(doc_type, kind)]
            if n:
                shown = ", ".join(sorted(set(examples[(doc_type, kind)]))[:10])
                print(f"    {kind:<26} {n:>4} {n / total:>6.1%}  {shown}")
