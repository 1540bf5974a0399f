"""Personal data removed from resume text before anything publishes it (example bullets and
responsibilities): e-mail addresses, links (bare profile links such as ``linkedin.com/in/jane-doe``
too), phone numbers, street addresses, full names and dates of birth.

Street addresses are found by ``usaddress`` (a conditional random field trained on US addresses) and
full names by ``probablepeople`` (the same kind of model, for names) confirmed by a given-name list
(``gender-guesser``'s dictionary): those models label any text they are given, so each only sees a
candidate span a pattern found first, and a label it gives is kept only where the text agrees (an
address number followed by capitalised street words and a street type; a whole run of two or three
capitalised words starting with a known given name, whose surname is no common English word and
which is no skill the document names). Names written in capitals are not looked for: in resumes
those are mostly acronyms (SAP HANA). The cues are data: ``reference/personal_data.toml``.

Year ranges, counts and amounts are not personal data and stay: "in 2019-2021 across" is kept whole.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache

import probablepeople
import usaddress
from gender_guesser.detector import Detector
from wordfreq import zipf_frequency

from pipelines import REFERENCE_DIR
from pipelines.documents.text import value_words

# One pattern for e-mail addresses, read by Python, DuckDB (RE2) and polars (Rust regex) alike: the
# skill extractor blanks the same addresses this removes.
EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
URL = r"(?:https?://|www\.)\S+"
# what near-identical bullets may differ in besides case, digits and punctuation (SQL, RE2)
CONTACT_PATTERN = f"{URL}|{EMAIL}"

# every written form of a month, the longest first so that "September" is not read as "Sep"
_MONTHS = (
    "(?:"
    + "|".join(
        sorted((f for forms in value_words()["months"].values() for f in forms), key=len, reverse=True)
    )
    + r")\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}|"
    rf"(?:{_DAY}\s+)?{_MONTHS}\s+(?:{_DAY},?\s+)?\d{{4}}|\d{{4}})"
)
# a number with separators; whether it is a phone number is decided by its digits
_PHONE_LIKE = re.compile(r"\+?\(?\d[\d\s().-]{6,}\d")
_YEAR_RANGE = re.compile(r"(?:19|20)\d\d\s*[-–]\s*(?:19|20)?\d\d")
# a house number before a capitalised word, or a post-office box: only then is usaddress asked
_ADDRESS_HINT = re.compile(
    r"\b\d{1,6}[A-Za-z]?\s+(?:[NSEW]\.?\s+)?[A-Z0-9]|\bP\.?\s?O\.?\s+Box\b", re.IGNORECASE
)
# a word that starts with a capital (Jane, O'Neil, McDonald, Mary-Jane, HANA, J.); names are looked
# for in runs of them
_CAPITALISED_RUN = re.compile(r"[A-Z][A-Za-z'.-]*(?: [A-Z][A-Za-z'.-]*)*")
_TITLE_WORD = re.compile(r"(?:Mc|Mac|O')?[A-Z][a-z]+(?:['-][A-Z]?[a-z]+)?")
_INITIAL = re.compile(r"[A-Z]\.")
# where a removal was: the separators and brackets it leaves behind go with it
_GAP = "\x00"

_STREET = {
    "StreetNamePreDirectional",
    "StreetNamePreModifier",
    "StreetNamePreType",
    "StreetName",
}
# what may follow a street type within one address: unit, town, state, ZIP code
_ADDRESS_TAIL = {
    "StreetNamePostDirectional",
    "StreetNamePostModifier",
    "OccupancyType",
    "OccupancyIdentifier",
    "SubaddressType",
    "SubaddressIdentifier",
    "PlaceName",
    "StateName",
    "ZipCode",
    "CountryName",
}


@cache
def _rules() -> dict:
    with (REFERENCE_DIR / "personal_data.toml").open("rb") as f:
        return tomllib.load(f)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    rules = _rules()
    domains = "|".join(rules["link_domains"])
    links = re.compile(rf"{URL}|\b{EMAIL}|\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:{domains})/\S*", re.ASCII)
    cues = "|".join(re.escape(c) for c in sorted(rules["birth_cues"], key=len, reverse=True))
    birth = re.compile(rf"(?i:\b(?:{cues}))(?:\s*[:\-]\s*|\s+)(?i:{_DATE})")
    return links, birth


@cache
def _given_names() -> Detector:
    # about 0.7 s to read its dictionary: only once, and only when a capitalised pair is seen
    return Detector(case_sensitive=False)


def _is_given_name(word: str) -> bool:
    detector = _given_names()
    # Mary-Jane, Jean-Luc: either part known will do
    return any(detector.get_gender(part) != "unknown" for part in word.split("-"))


def _phone(match: re.Match[str]) -> str:
    number = match.group(0)
    digits = sum(c.isdigit() for c in number)
    if digits < _rules()["phone_min_digits"] or _YEAR_RANGE.fullmatch(number.strip()):
        return number
    return _GAP


def _is_full_name(words: list[str], keep: frozenset[str]) -> bool:
    """A given name, an optional middle name or initial and a surname that is not among the commonest
    English words, which probablepeople reads as a person's name, and no skill the document names."""
    given, *middle, surname = words
    if not (_TITLE_WORD.fullmatch(given) and _TITLE_WORD.fullmatch(surname) and _is_given_name(given)):
        return False
    if middle and not (_INITIAL.fullmatch(middle[0]) or _is_given_name(middle[0])):
        return False
    rules = _rules()
    if zipf_frequency(given.lower(), "en") > rules["given_name_max_zipf"]:
        return False
    if zipf_frequency(surname.lower(), "en") > rules["surname_max_zipf"]:
        return False
    phrase = " ".join(words)
    if any(form in phrase.lower() for form in keep):
        return False
    try:
        tags, kind = probablepeople.tag(phrase)
    except probablepeople.RepeatedLabelError:
        return False
    return kind == "Person" and "Surname" in tags and "GivenName" in tags


def _name_spans(text: str, keep: frozenset[str]) -> list[tuple[int, int]]:
    """Character spans of full names. A name is a whole run of two or three capitalised words (a run
    that goes on is an organisation or a product: Indira Gandhi College, Palo Alto Panorama), after the
    capitalised first word of a sentence ("Assisted Jane Doe") if need be."""
    spans = []
    for run in _CAPITALISED_RUN.finditer(text):
        words = run.group(0).split(" ")
        end = run.end()
        if len(words[-1]) > 2 and words[-1].endswith("."):
            # the full stop of the sentence, not an initial
            words[-1] = words[-1][:-1]
            end -= 1
        sentence_start = not text[: run.start()].strip() or text[: run.start()].rstrip()[-1] in ".!?:;"
        for skip in (0, 1) if sentence_start else (0,):
            candidate = words[skip:]
            if 2 <= len(candidate) <= 3 and _is_full_name(candidate, keep):
                start = run.start() + sum(len(w) + 1 for w in words[:skip])
                spans.append((start, end))
                break
    return spans


def _capitalised(token: str) -> bool:
    token = token.strip(",.;:#()")
    return bool(token) and (token[0].isupper() or token[0].isdigit())


def _address_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of street addresses and post-office boxes in ``text``."""
    parsed = usaddress.parse(text)
    positions = []
    at = 0
    for token, _ in parsed:
        start = text.find(token, at)
        positions.append((start, start + len(token)))
        at = start + len(token)
    spans = []
    i = 0
    while i < len(parsed):
        token, label = parsed[i]
        j = i + 1
        if label == "AddressNumber" and token[:1].isdigit():
            while j < len(parsed) and parsed[j][1] in _STREET and _capitalised(parsed[j][0]) and j - i <= 4:
                j += 1
            if (
                j == i + 1
                or j >= len(parsed)
                or parsed[j][1] != "StreetNamePostType"
                or not _capitalised(parsed[j][0])
            ):
                i += 1
                continue
            j += 1
        elif label == "USPSBoxType":
            while j < len(parsed) and parsed[j][1] == "USPSBoxType":
                j += 1
            # the model calls any word before a number a box type ("Duration: 4 Months")
            if not any("box" in t.lower() for t, _ in parsed[i:j]):
                i += 1
                continue
            while j < len(parsed) and parsed[j][1] == "USPSBoxID":
                j += 1
        else:
            i += 1
            continue
        while j < len(parsed) and parsed[j][1] in _ADDRESS_TAIL and _capitalised(parsed[j][0]):
            j += 1
        spans.append((positions[i][0], positions[j - 1][1]))
        i = j
    return spans


def _remove(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + _GAP + text[end:]
    return text


def _tidy(text: str) -> str:
    """Each gap a removal left goes with the brackets it empties, the separator it doubles and the
    space before punctuation; text away from the gaps stays as it was."""
    text = re.sub(rf"\(\s*{_GAP}[\s{_GAP},;|:]*\)", _GAP, text)
    text = re.sub(rf"\s*{_GAP}[\s{_GAP}]*", _GAP, text)
    text = re.sub(rf"([,;|:]){_GAP}(?=[,;|:])", _GAP, text)
    text = re.sub(rf"^{_GAP}[\s,;|:-]*|[\s,;|:-]*{_GAP}$", "", text)
    text = re.sub(rf"{_GAP}(?=[,;|:.)])", "", text)
    return text.replace(_GAP, " ").strip()


def scrub_personal_data(text: str | None, keep: list[str] | None = None) -> str | None:
    """``text`` without the personal data it holds (see the module's docstring); ``keep`` are the
    skill names (lower case) found in the document, which are never taken for a person's name."""
    if text is None:
        return None
    links, birth = _patterns()
    text = links.sub(_GAP, text)
    text = birth.sub(_GAP, text)
    text = _PHONE_LIKE.sub(_phone, text)
    if _ADDRESS_HINT.search(text):
        text = _remove(text, _address_spans(text))
    text = _remove(text, _name_spans(text, frozenset(f.lower() for f in keep or ())))
    return _tidy(text) if _GAP in text else text
