"""Job titles to O*NET-SOC occupations: normalise the noise away, match exactly, then fuzzily with a score.

A title below the score threshold stays unmapped (its best candidate and score are still reported):
a wrong occupation is worse than none.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from wordfreq import zipf_frequency

from pipelines.documents.text import clean_line
from pipelines.skills.names import PLAIN_WORD_ZIPF, short_forms, surface

# Expanded before matching; both the index and the queries go through the same map.
ABBREVIATIONS = {
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "vp": "vice president",
    "svp": "senior vice president",
    "evp": "executive vice president",
    "avp": "assistant vice president",
    "ceo": "chief executive officer",
    "cfo": "chief financial officer",
    "coo": "chief operating officer",
    "cto": "chief technology officer",
    "cio": "chief information officer",
    "ciso": "chief information security officer",
    "cso": "chief security officer",
    "cmo": "chief marketing officer",
    "chro": "chief human resources officer",
    "rn": "registered nurse",
    "lpn": "licensed practical nurse",
    "lvn": "licensed vocational nurse",
    "cna": "certified nursing assistant",
    "np": "nurse practitioner",
    "crna": "certified registered nurse anesthetist",
    "dba": "database administrator",
    "qa": "quality assurance",
    "ml": "machine learning",
    "ai": "artificial intelligence",
    "swe": "software engineer",
    "sde": "software development engineer",
    "dotnet": "net",
    "app": "application",
    "apps": "applications",
    "dev": "developer",
    "lab": "laboratory",
    "labs": "laboratories",
    "devs": "developers",
    "eng": "engineer",
    "engr": "engineer",
    "mgr": "manager",
    "mngr": "manager",
    "asst": "assistant",
    "assoc": "associate",
    "admin": "administrator",
    "hr": "human resources",
    "bi": "business intelligence",
    "acct": "accountant",
    "cpa": "certified public accountant",
    "rep": "representative",
    "reps": "representatives",
    "exec": "executive",
    "coord": "coordinator",
    "spec": "specialist",
    "dir": "director",
    "ops": "operations",
    "svc": "service",
    "tech": "technician",
    "techs": "technicians",
    "ui": "user interface",
    "ux": "user experience",
    "it": "information technology",
    "pmo": "project management office",
    "hvac": "heating ventilation air conditioning",
    "cdl": "commercial drivers license",
    "emt": "emergency medical technician",
    "lmsw": "licensed master social worker",
    "csr": "customer service representative",
    "bdr": "business development representative",
    "sdr": "sales development representative",
    "fp&a": "financial planning and analysis",
    # one word in postings, two in O*NET ("Front End Developer")
    "frontend": "front end",
    "backend": "back end",
    "fullstack": "full stack",
    "&": "and",
}
# Seniority, level, arrangement and schedule words: real titles carry them, occupations do not.
NOISE_WORDS = frozenset(
    [
        "senior",
        "junior",
        "lead",
        "principal",
        "staff",
        "entry",
        "level",
        "mid",
        "experienced",
        "i",
        "ii",
        "iii",
        "iv",
        "v",
        "vi",
        "vii",
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "remote",
        "hybrid",
        "onsite",
        "on-site",
        "site",
        "contract",
        "contractor",
        "contractual",
        "temporary",
        "temp",
        "time",
        "fulltime",
        "parttime",
        "permanent",
        "night",
        "nights",
        "day",
        "days",
        "shift",
        "shifts",
        "weekend",
        "weekends",
        "prn",
        "per",
        "diem",
        "wfh",
        "home",
        "based",
        "urgent",
        "urgently",
        "hiring",
        "immediate",
        "opening",
        "needed",
        "wanted",
        "usa",
        "us",
        "nationwide",
        "travel",
        "traveling",
        "w2",
        "c2c",
        "month",
        "months",
        # SOC coding rule: apprentices and trainees are classified with the occupation they train for
        "intern",
        "internship",
        "trainee",
        "apprentice",
    ]
)
US_STATES = frozenset(
    [
        "al",
        "ak",
        "az",
        "ar",
        "ca",
        "co",
        "ct",
        "de",
        "fl",
        "ga",
        "hi",
        "id",
        "il",
        "in",
        "ia",
        "ks",
        "ky",
        "la",
        "me",
        "md",
        "ma",
        "mi",
        "mn",
        "ms",
        "mo",
        "mt",
        "ne",
        "nv",
        "nh",
        "nj",
        "nm",
        "ny",
        "nc",
        "nd",
        "oh",
        "ok",
        "or",
        "pa",
        "ri",
        "sc",
        "sd",
        "tn",
        "tx",
        "ut",
        "vt",
        "va",
        "wa",
        "wv",
        "wi",
        "wy",
        "dc",
    ]
)
_SCOPE_NOTE = re.compile(r",\s+(?:except|including)\b", re.I)
_CLOSING_BRACKET = re.compile(r"\(([^()]*)\)\s*$")
# The organisational unit after a field ("Machine Learning Department"): dropped at the end only,
# since "Group Leader" and "Team Lead" begin with them.
UNIT_WORDS = frozenset(["department", "dept", "team", "group", "division", "unit"])
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")
_SEGMENT = re.compile(r"\s+[-–—]\s+|\s*[,|/;:@]\s*|\s+at\s+|\s+with\s+|\s+in\s+|\s+or\s+")
_LEVELS = frozenset(["i", "ii", "iii", "iv", "v", "vi", "vii", "1", "2", "3", "4", "5", "6", "7"])
_AMPERSAND = re.compile(r"\s&\s")
_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#&.']*")
_KEEP_S = ("ss", "us", "is", "ics", "ous")
# workers among the words in -ics, which are otherwise fields ("electronics", "robotics")
_WORKERS_IN_ICS = frozenset(["mechanics", "paramedics", "medics"])

# Words for those who lead a field rather than work in it ("Director, Data Science", "VP Engineering").
LEADERS = frozenset(["director", "manager", "head", "vice", "president", "chief", "officer", "supervisor"])
# Resume categories and some postings name the field, not the worker.
FIELD_TO_WORKER = {
    "science": "scientist",
    "design": "designer",
    "designing": "designer",
    "engineering": "engineer",
    "development": "developer",
    "testing": "tester",
    "analysis": "analyst",
    "analytics": "analyst",
    "management": "manager",
    "accounting": "accountant",
    "administration": "administrator",
    "consulting": "consultant",
    "programming": "programmer",
    "nursing": "nurse",
    "teaching": "teacher",
}
# A scientist of a named science is its specialist: "Scientist, Bacteriology" is a bacteriologist.
SCIENCE_WORKERS = frozenset(["scientist", "researcher"])
# SOC 2018 science occupations: life, physical and social science (19-0000), mathematical science
# (15-2000). An oncologist or immunologist is a physician (29-), not a scientist of oncology.
SCIENCE_SOC_GROUPS = ("19-", "15-2")
_SCIENCE = [
    (re.compile(r"ology$"), "ologist"),
    (re.compile(r"istry$"), "ist"),
    (re.compile(r"^(physic|genetic|biophysic)s$"), r"\1ist"),
    (re.compile(r"^(statistic|mathematic)s$"), r"\1ian"),
    (re.compile(r"^economics$"), "economist"),
]

FUZZY_SCORER = fuzz.token_sort_ratio
DEFAULT_THRESHOLD = 0.86
GENERIC_FRAGMENT_PENALTY = 0.8
# A word that is the last word of this many O*NET titles names a kind of worker, not an occupation.
GENERIC_HEAD_KEYS = 100
# A title that is one such word alone names an occupation only when the titles ending with it mostly
# agree: at least this share of them name the occupation O*NET lists the word under ("nurse" 0.83,
# "developer" 0.43; not "supervisor", which O*NET lists under Social Workers, All Other).
GENERIC_FAMILY_SHARE = 1 / 3
# A word that ends this many O*NET titles names some kind of worker ("manager", "analyst").
WORKER_HEAD_KEYS = 20
HEAD_PENALTY = 0.95
# Titles ending in the same words mostly name one occupation ("civil engineering manager", "process
# engineering manager"): that many confident O*NET titles make a family to decide unknown kin by.
FAMILY_MIN_KEYS = 3
# An English word at least this common (wordfreq Zipf scale: about 0.3 per million words) is a word,
# not a misspelling of another.
KNOWN_WORD_ZIPF = 2.5


def _singular(token: str) -> str:
    if len(token) > 3 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and (token in _WORKERS_IN_ICS or not token.endswith(_KEEP_S)):
        return token[:-1]
    return token


def _fold(text: str) -> str:
    """Accents off, as O*NET writes its titles in ASCII ("Café Manager" -> "cafe manager")."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    for raw in _TOKEN.findall(_AMPERSAND.sub(" and ", _fold(text))):
        token = raw.strip(".'")
        expanded = ABBREVIATIONS.get(token)
        out.extend(expanded.split() if expanded else [token])
        # "Full Time" is one noise word; "Full Stack" is no noise
        if out[-2:] in (["full", "time"], ["part", "time"]):
            out[-2:] = [out[-2] + "time"]
    return [_singular(t) for t in out if t]


def index_form(title: str) -> str:
    """How O*NET titles are keyed: lower case, brackets and punctuation gone, abbreviations expanded, singular."""
    return " ".join(_tokens(_plain(title)))


def _plain(title: str) -> str:
    """Repaired, lower case, brackets gone: the text both index titles and real titles are read from."""
    return _BRACKETS.sub(" ", clean_line(title).lower())


def _parts(title: str) -> tuple[list[str], list[list[str]]]:
    """A real title's tokens, and the tokens of each of its parts (``Registered Nurse - ICU``) with noise
    words trimmed at the edges."""
    text = _plain(title)
    return _tokens(text), [_trim(_tokens(s)) for s in _SEGMENT.split(text) if s and s.strip()]


def index_forms(title: str) -> list[str]:
    """Keys of one O*NET title: the title, and the synonym O*NET gives in a closing bracket
    ("Clinical Lab Scientist (Clinical Laboratory Scientist)", "PC Planner (Production Control Planner)")."""
    keys = [index_form(title)]
    synonym = _CLOSING_BRACKET.search(title)
    # a bracketed acronym is not a synonym to index: "CSO" is a Chief Security, Sustainability or
    # Community Service Officer depending on the title before it
    if synonym and len(synonym.group(1).split()) > 1:
        keys.append(index_form(synonym.group(1)))
    return [k for k in dict.fromkeys(keys) if k]


def _trim(tokens: list[str]) -> list[str]:
    """Drop noise words at the edges only: ``senior data scientist ii`` -> ``data scientist``, while a
    noise word inside a title stays (``shift supervisor``, ``on site manager``)."""
    start, end = 0, len(tokens)
    while start < end and tokens[start] in NOISE_WORDS:
        start += 1
    while end > start and (
        tokens[end - 1] in NOISE_WORDS or tokens[end - 1] in US_STATES or tokens[end - 1] in UNIT_WORDS
    ):
        end -= 1
    return tokens[start:end]


def title_forms(title: str) -> list[str]:
    """Forms of a real title to try, in the order the matcher prefers them: the whole title (as written,
    then without noise words at its edges), each part (``Registered Nurse - ICU - Nights`` ->
    ``registered nurse``), a short part joined to the next (``VP, Information Security``), the next part
    put first (``Research Scientist, Machine Learning``), ``X of Y`` as ``Y X``, ``A and B worker`` as
    each worker, the title cut at an inner level, and last a named field as its worker."""
    whole, seg_tokens = _parts(title)
    forms: list[str] = []

    def add(tokens: Sequence[str]) -> None:
        form = " ".join(tokens)
        if form and form not in forms:
            forms.append(form)

    # the first two are always the whole title, as written and trimmed (possibly the same)
    forms.extend([" ".join(whole), " ".join(_trim(whole))])
    for tokens in seg_tokens:
        add(tokens)
    for first, second in itertools.pairwise(seg_tokens):
        if first and second and len(first) <= 3:
            add([*first, *second])
    # A field after the title may also come before it: "Research Scientist, Machine Learning" is a
    # machine learning research scientist.
    for first, second in itertools.pairwise(seg_tokens):
        if first and second:
            add([*second, *first])
    # "Director of Engineering" is an engineering director.
    for form in list(forms):
        words = form.split()
        if "of" in words[1:-1] and words.index("of") <= 3:
            k = words.index("of")
            add([*words[k + 1 :], *words[:k]])
    # "Data and Machine Learning Scientist" is a data scientist and a machine learning scientist.
    for form in list(forms):
        words = form.split()
        if "and" in words[1:-2]:
            k = words.index("and")
            add([*words[:k], words[-1]])
            add(words[k + 1 :])
    # A level inside a title ends the title proper: "data scientist 4 artificial intelligence".
    for form in list(forms):
        words = form.split()
        for k, word in enumerate(words[1:-1], start=1):
            if word in _LEVELS:
                add(_trim(words[:k]))
                break
    # A field named instead of a worker ("Data Science", "Web Designing"): the worker, tried last. Only
    # for the title proper: a field after it is a department ("Tech Manager, Software Engineering").
    proper = [*forms[:2], " ".join(seg_tokens[0])] if seg_tokens else forms[:2]
    for form in proper:
        words = form.split()
        # "Director, Data Science" leads data scientists; it is not one
        if words and words[-1] in FIELD_TO_WORKER and not LEADERS & set(words[:-1]):
            add([*words[:-1], FIELD_TO_WORKER[words[-1]]])
    return forms


def specialist_forms(title: str) -> list[str]:
    """For a scientist whose science follows the title proper, the specialist of each science named:
    "Scientist, Bacteriology" -> ``bacteriologist``, "Research Scientist, Medicinal Chemistry" ->
    ``medicinal chemist``. Only candidates: an oncology scientist is no oncologist (a physician)."""
    _, segments = _parts(title)
    if not segments or not segments[0] or segments[0][-1] not in SCIENCE_WORKERS:
        return []
    forms = [
        " ".join([*tokens[:-1], _scientist(tokens[-1])])
        for tokens in segments[1:]
        if tokens and _scientist(tokens[-1]) != tokens[-1]
    ]
    return list(dict.fromkeys(forms))


def occupation_names(
    occupation_titles: Sequence[tuple[str, str]],
) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Names inside O*NET occupation titles that hold a comma, as index keys: the title before SOC's
    scope note when no other occupation has it ("Electronics Engineers, Except Computer" ->
    ``electronics engineer``: that occupation's own name), and the name several titles share before
    a comma ("Special Education Teachers, Middle School", "..., Secondary School" ->
    ``special education teacher``: a title of all of them)."""
    scoped: dict[str, set[str]] = defaultdict(set)
    before_comma: dict[str, set[str]] = defaultdict(set)
    for title, code in occupation_titles:
        if m := _SCOPE_NOTE.search(title):
            scoped[index_form(title[: m.start()])].add(code)
        if ", " in title:
            before_comma[index_form(title.split(", ", 1)[0])].add(code)
    own = {name: min(codes) for name, codes in scoped.items() if name and len(codes) == 1}
    shared = {name: codes for name, codes in before_comma.items() if name and len(codes) > 1}
    return own, shared


def _with_aggregates(priors: Mapping[str, float], socs: Iterable[str]) -> dict[str, float]:
    """``priors`` with a prior for each SOC code in ``socs`` that has none of its own but whose OEWS
    aggregate has one (OEWS publishes home health aides and personal care aides only as 31-1120):
    an equal part of the aggregate's."""
    members: dict[str, list[str]] = defaultdict(list)
    for soc in socs:
        aggregate = soc[:-1] + "0"
        if soc not in priors and aggregate != soc and aggregate in priors:
            members[aggregate].append(soc)
    filled = dict(priors)
    for aggregate, socs_in_it in members.items():
        for soc in socs_in_it:
            filled[soc] = priors[aggregate] / len(socs_in_it)
    return filled


def technology_modifiers(uses: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """Title forms of product names and the short names they go by (``sap software`` -> ``sap``),
    each with the SOC codes of the occupations that use it, leaving out plain English words
    (Microsoft Project, Word, Access: "Project Manager" is no manager of a product)."""
    users: dict[str, set[str]] = defaultdict(set)
    for name, code in uses:
        users[name].add(soc_of(code))
    forms: dict[str, set[str]] = defaultdict(set)
    for name, socs in users.items():
        for form in (surface(name), *short_forms(surface(name))):
            key = index_form(form)
            if key and (" " in key or zipf_frequency(key, "en") < PLAIN_WORD_ZIPF):
                forms[key] |= socs
    return dict(forms)


# Words that carry no meaning of their own in a title ("vice president of sales and marketing")
_FUNCTION_WORDS = frozenset(["of", "in", "on", "at", "to", "or", "by", "an", "as", "for", "and", "the"])


def _content(word: str) -> bool:
    """A word a fuzzy match must account for: not a single letter or a function word ("RA" counts)."""
    return len(word) > 1 and word not in _FUNCTION_WORDS


def _scientist(science: str) -> str:
    """The specialist of a science ("toxicology" -> "toxicologist"), or the word itself."""
    for pattern, ending in _SCIENCE:
        if pattern.search(science):
            return pattern.sub(ending, science)
    return science


def soc_of(occupation_code: str) -> str:
    return occupation_code[:7]


@dataclass(frozen=True)
class TitleMatch:
    title: str
    title_normalised: str
    occupation_code: str | None
    soc_code: str | None
    method: str
    score: float
    candidate_code: str | None
    # the occupations of other SOC codes that O*NET lists for the matched title
    other_codes: list[str]


class TitleIndex:
    """Exact and fuzzy lookup of titles against O*NET occupation titles and alternate titles.

    When one title names several occupations, each is weighted by its prior (e.g. OEWS employment by
    SOC code) times the number of O*NET sources that report the title for it (``sources``, keyed by
    ``(title, occupation_code)``; 1 when unknown): the heaviest wins, scored by its share of the weight.
    Where O*NET splits a SOC code into several occupations and lists the title under some of them but
    not the SOC's own ``.00``, the SOC's prior counts for their share of its occupations only.
    """

    def __init__(
        self,
        occupation_titles: Iterable[tuple[str, str]],
        alternate_titles: Iterable[tuple[str, str]],
        priors: Mapping[str, float] | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        sources: Mapping[tuple[str, str], int] | None = None,
        corrections: Iterable[tuple[str, str | None]] = (),
        technologies: Iterable[tuple[str, str]] = (),
    ) -> None:
        """``occupation_titles`` and ``alternate_titles`` are ``(title, occupation_code)`` pairs;
        ``corrections`` override O*NET for a title: its occupation, or None when the title alone names
        no one occupation; ``technologies`` are ``(product, occupation_code)`` pairs (O*NET technology
        examples and the occupations that use them): a product named before a title of an occupation
        that uses it leaves the occupation as it is ("SAP Developer")."""
        self.threshold = threshold
        self.priors = dict(priors or {})
        codes: dict[str, set[str]] = defaultdict(set)
        self.primary: dict[str, str] = {}
        occupation_titles = list(occupation_titles)
        # O*NET splits some SOC codes into several occupations (Physicians, All Other, into urologists,
        # hospitalists and four more): a title listed under some of them and not under the SOC's own
        # ``.00`` occupation has only their part of the SOC's prior
        self.occupations_in_soc = Counter(soc_of(code) for _, code in occupation_titles)
        for title, code in occupation_titles:
            key = index_form(title)
            if key:
                codes[key].add(code)
                self.primary[key] = code
        own_names, shared_names = occupation_names(occupation_titles)
        for name, code in own_names.items():
            if name not in self.primary:
                codes[name].add(code)
                self.primary[name] = code
        for title, code in alternate_titles:
            for key in index_forms(title):
                codes[key].add(code)
        for name, owners in shared_names.items():
            if name not in codes:
                codes[name] = set(owners)
        self.support: dict[tuple[str, str], int] = {}
        for (title, code), n in (sources or {}).items():
            for key in index_forms(title):
                self.support[key, code] = max(n, self.support.get((key, code), 1))
        # a corrected title is decided like an occupation's own title; a withheld one is never decided
        self.withheld: set[str] = set()
        for title, corrected in corrections:
            for key in index_forms(title):
                if corrected:
                    codes[key] = {corrected}
                    self.primary[key] = corrected
                else:
                    self.withheld.add(key)
        self.priors = _with_aggregates(self.priors, {soc_of(c) for cs in codes.values() for c in cs})
        self.keys = sorted(codes)
        self.codes = [sorted(codes[k]) for k in self.keys]
        self.exact = {k: i for i, k in enumerate(self.keys)}
        # The last word of a title names the kind of worker ("client associate" is an associate, not a
        # scientist): fuzzy matching compares a title with titles of the same head word, and with all
        # titles only when none ends with its head word.
        self.by_head: dict[str, list[int]] = defaultdict(list)
        for i, key in enumerate(self.keys):
            self.by_head[key.rsplit(" ", 1)[-1]].append(i)
        self.vocabulary = {word for key in self.keys for word in key.split()}
        self.families = self._families()
        self.technologies = technology_modifiers(technologies)

    def _families(self) -> dict[str, tuple[str, float, list[str]]]:
        """For each ending of O*NET titles (``engineering manager``, ``chemist``) shared by
        ``FAMILY_MIN_KEYS`` or more confidently decided titles: the occupation most of them name, its
        share of them, and the occupations of other SOC codes among them."""
        tally: dict[str, Counter[str]] = defaultdict(Counter)
        for key, candidates in zip(self.keys, self.codes, strict=True):
            code, share = self._resolve(key, candidates)
            if share >= self.threshold:
                words = key.split()
                for start in range(len(words)):
                    tally[" ".join(words[start:])][code] += 1
        families = {}
        for ending, counts in tally.items():
            total = sum(counts.values())
            if total < FAMILY_MIN_KEYS:
                continue
            by_soc: Counter[str] = Counter()
            for code, n in counts.items():
                by_soc[soc_of(code)] += n
            soc, n = by_soc.most_common(1)[0]
            code = max((c for c in counts if soc_of(c) == soc), key=lambda c: (counts[c], c))
            families[ending] = (code, n / total, sorted(c for c in counts if soc_of(c) != soc))
        return families

    def _resolve(self, key: str, candidates: Sequence[str]) -> tuple[str, float]:
        """One occupation among those sharing a title, and how sure that choice is: an occupation's own
        title decides; otherwise the prior's share of the winning SOC code."""
        if key in self.primary:
            return self.primary[key], 1.0
        if key in self.withheld:
            return min(candidates), 0.0
        by_soc: dict[str, list[str]] = defaultdict(list)
        for code in candidates:
            by_soc[soc_of(code)].append(code)
        if len(by_soc) == 1:
            _soc, codes = next(iter(by_soc.items()))
            return min(codes, key=lambda c: (not c.endswith(".00"), c)), 1.0
        # without any prior, the sources alone weigh
        default_prior = 0.0 if self.priors else 1.0
        weights = {
            soc: self.priors.get(soc, default_prior)
            * max(self.support.get((key, c), 1) for c in codes)
            * (1.0 if soc + ".00" in codes else len(codes) / max(len(codes), self.occupations_in_soc[soc]))
            for soc, codes in by_soc.items()
        }
        total = sum(weights.values())
        if total <= 0:
            best = min(by_soc)
            share = 1.0 / len(by_soc)
        else:
            best = max(by_soc, key=lambda s: (weights[s], s))
            share = weights[best] / total
        codes = by_soc[best]
        return min(codes, key=lambda c: (not c.endswith(".00"), c)), share

    def match_many(self, titles: Sequence[str]) -> list[TitleMatch]:
        forms = [
            [f for f in title_forms(t) if f] + [f for f in specialist_forms(t) if self._is_science(f)]
            for t in titles
        ]
        results: list[TitleMatch | None] = [None] * len(titles)
        fuzzy_rows: list[tuple[int, str]] = []
        # titles decided by their head or first words, whose whole may be a known title with a typo in it
        part_decided: list[tuple[int, str]] = []
        for i, (title, options) in enumerate(zip(titles, forms, strict=True)):
            if options and options[0] in self.exact:
                # a known title, however ambiguous, is not decided by its parts: a "shift supervisor"
                # (seven occupations) is no "supervisor" (O*NET: a social worker)
                options = options[:1]
            # Best-scored exact form; on a tie the earlier form, as the title proper comes first
            # ("Data Scientist - Health Data Analytics" is a data scientist).
            scored = [
                (self._exact(form, options), position, form)
                for position, form in enumerate(options)
                if form in self.exact
            ]
            # titles known by their last or first words only: "healthcare data scientist"
            # a known title, however ambiguous, is not decided by its parts: "special education
            # teacher" (five occupations) is no "education teacher" (a professor of education)
            unknown = [form if form not in self.exact else "" for form in options]
            partial = [
                (s, n, f)
                for s, n, f in self._heads(unknown) + self._prefixes(unknown) + self._tools(unknown)
                if not any(f == x[2] for x in scored)
            ]
            scored += partial
            if scored:
                confident = [x for x in scored if x[0][1] >= self.threshold]
                if confident:
                    chosen = min(confident, key=lambda x: (x[1], -x[0][1]))
                else:
                    chosen = max(scored, key=lambda x: (x[0][1], -x[1]))
                (code, share), _, form = chosen
                method = "head" if chosen in partial else "exact"
                results[i] = self._decide(title, form, form, code, method, share)
                if method == "head":
                    part_decided.append((i, options[min(1, len(options) - 1)]))
            else:
                fuzzy_rows.extend((i, form) for form in options)
        for i, (score, form, column) in self._fuzzy(fuzzy_rows, every_head=True).items():
            code, share = self._resolve(self.keys[column], self.codes[column])
            if not self._covered(form, self.keys[column]):
                # reported, never mapped: letters alike, words different
                score = min(score, self.threshold - 0.01)
            results[i] = self._decide(titles[i], form, self.keys[column], code, "fuzzy", score * share)
        # "Suppy Chain Planning Analyst" is a supply chain planning analyst, not a planning analyst.
        for i, (score, form, column) in self._fuzzy(part_decided, every_head=False).items():
            if score >= self.threshold and self._covered(form, self.keys[column]):
                code, share = self._resolve(self.keys[column], self.codes[column])
                if score * share >= self.threshold:
                    results[i] = self._decide(
                        titles[i], form, self.keys[column], code, "fuzzy", score * share
                    )
        return [
            r if r is not None else TitleMatch(t, "", None, None, "unmatched", 0.0, None, [])
            for t, r in zip(titles, results, strict=True)
        ]

    def _fuzzy(self, rows: Sequence[tuple[int, str]], every_head: bool) -> dict[int, tuple[float, str, int]]:
        """The nearest index title of each title index over its ``(title index, form)`` rows, as
        ``(score, form, key column)``: among titles of the same head word (the kind of worker), and, with
        ``every_head``, among all titles for a head word no index title ends with (a typo in it, or an
        unknown worker)."""
        by_head: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for i, form in rows:
            by_head[form.rsplit(" ", 1)[-1]].append((i, form))
        searches: list[tuple[list[tuple[int, str]], Sequence[int]]] = [
            (head_rows, self.by_head[head]) for head, head_rows in by_head.items() if head in self.by_head
        ]
        if every_head:
            orphans = [
                row for head, head_rows in by_head.items() if head not in self.by_head for row in head_rows
            ]
            searches.append((orphans, range(len(self.keys))))
        best: dict[int, tuple[float, str, int]] = {}
        for search_rows, columns in searches:
            for i, form, column, score in self._nearest(search_rows, columns):
                if i not in best or score > best[i][0]:
                    best[i] = (score, form, column)
        return best

    def _covered(self, form: str, key: str) -> bool:
        """Every word of either title (single letters and function words aside) has its counterpart in
        the other: the same word, or a misspelling of it. A word O*NET or English knows is no misspelling
        ("salvage" is not "sales", "rower" not "mower", "sap" not "soa"); a word the other title lacks has
        no counterpart ("vice president" is not "vice president of regulatory affairs", nor O*NET's "RA
        vice president")."""

        def counterpart(word: str, others: list[str]) -> bool:
            if word in others:
                return True
            return not self._known(word) and any(fuzz.ratio(word, o) >= 80 for o in others)

        form_words, key_words = form.split(), key.split()
        return all(counterpart(w, key_words) for w in form_words if _content(w)) and all(
            any(counterpart(w, [k]) for w in form_words) for k in key_words if _content(k)
        )

    def _decided(self, form: str) -> list[tuple[tuple[str, float], int, str]]:
        """What decides ``form`` alone: its own O*NET title, else its head or family."""
        if form in self.exact:
            code, share = self._resolve(form, self.codes[self.exact[form]])
            return [((code, share * self._generic(form, code)), 0, form)]
        return self._heads([form])

    def _is_science(self, form: str) -> bool:
        """``form`` names a science occupation, by itself or by its head."""
        found = self._decided(form)
        return bool(found) and all(code.startswith(SCIENCE_SOC_GROUPS) for (code, _), _, _ in found)

    def _tools(self, options: Sequence[str]) -> list[tuple[tuple[str, float], int, str]]:
        """A product named before a known title leaves the occupation as it is: "SAP Developer" and
        "Salesforce Analytics Consultant" are decided by "developer" and "analytics consultant", as
        surely as those decide alone (slightly discounted)."""
        found = []
        for position, form in enumerate(options):
            words = form.split()
            for k in range(min(3, len(words) - 1), 0, -1):
                product = " ".join(words[:k])
                if product in self.technologies:
                    rest = " ".join(words[k:])
                    decided = self._decided(rest)
                    if decided:
                        (code, share), _, key = decided[0]
                        # an unsure rest must not stop the fuzzy search of the whole title; a product
                        # the occupation does not use changes it ("Medical Records Clerk", "Payroll Officer")
                        used = soc_of(code) in self.technologies[product]
                        if used and share * HEAD_PENALTY >= self.threshold:
                            found.append(((code, share * HEAD_PENALTY), position, key))
                    break
        return found

    def _worker(self, word: str) -> bool:
        """``word`` names a kind of worker: many O*NET titles end with it."""
        return len(self.by_head.get(word, ())) >= WORKER_HEAD_KEYS

    def _known(self, word: str) -> bool:
        return word in self.vocabulary or zipf_frequency(word, "en") >= KNOWN_WORD_ZIPF

    def _nearest(
        self, rows: Sequence[tuple[int, str]], columns: Sequence[int]
    ) -> Iterator[tuple[int, str, int, float]]:
        """For each ``(title index, form)``, the nearest of the index keys at ``columns`` (``token_sort_ratio``
        from 0 to 1), in chunks that bound the score matrix."""
        if not columns:
            return
        keys = [self.keys[c] for c in columns]
        for start in range(0, len(rows), 2000):
            chunk = rows[start : start + 2000]
            scores = process.cdist(
                [form for _, form in chunk], keys, scorer=FUZZY_SCORER, dtype=np.float32, workers=-1
            )
            for (i, form), row_scores in zip(chunk, scores, strict=True):
                best = int(row_scores.argmax())
                yield i, form, columns[best], float(row_scores[best]) / 100

    def _exact(self, form: str, options: Sequence[str]) -> tuple[str, float]:
        code, share = self._resolve(form, self.codes[self.exact[form]])
        if form not in options[:2] and self._generic_word(form):
            # one generic word left from a longer title ("director" of "Director II, Data Science"); a
            # word that heads few titles is specific ("biostatistician" of "Senior Scientist - Biostatistician")
            return code, share * GENERIC_FRAGMENT_PENALTY
        return code, share * self._generic(form, code)

    def _generic_word(self, form: str) -> bool:
        """``form`` is one word that ends so many O*NET titles that it names a kind of worker."""
        return " " not in form and len(self.by_head.get(form, ())) >= GENERIC_HEAD_KEYS

    def _generic(self, form: str, code: str) -> float:
        """The discount for ``form`` deciding ``code`` alone: a generic word ("Supervisor", "Director")
        is no occupation's name unless the titles ending with it mostly agree ("Nurse", "Developer")."""
        if not self._generic_word(form):
            return 1.0
        family = self.families.get(form)
        if family is None or soc_of(family[0]) != soc_of(code) or family[1] < GENERIC_FAMILY_SHARE:
            return GENERIC_FRAGMENT_PENALTY
        return 1.0

    def _heads(self, options: Sequence[str]) -> list[tuple[tuple[str, float], int, str]]:
        """The head of a title is its last words: "healthcare data scientist" is a data scientist.
        The longest head of two or more words that is a known title, slightly discounted (more so when
        the titles ending with it mostly name another SOC); failing that,
        the longest ending whose family of O*NET titles confidently names one occupation ("engineering
        manager", "chemist" of "medicinal chemist"; not "architect", whose family is split)."""
        found = []
        for position, form in enumerate(options):
            words = form.split()
            # a leader's rank is no modifier to drop before another leader: a chief data officer is no
            # data officer (a chief data scientist is a data scientist)
            if words and words[-1] in LEADERS and LEADERS & set(words[:-2]):
                continue
            for start in range(1, len(words) - 1):
                head = " ".join(words[start:])
                if head in self.exact:
                    # A head of three or more words has a modifier of its own; a known title that keeps
                    # the title's first word and drops one inner word names the job more closely: an
                    # "electrical engineering lab technician" is an electrical engineering technician,
                    # not an engineering lab technician. A two-word head stays whole ("clinical data
                    # scientist" is a data scientist, not a clinical scientist).
                    if len(words) - start >= 3:
                        inner = (" ".join(words[:i] + words[i + 1 :]) for i in range(1, len(words) - 1))
                        head = next((shorter for shorter in inner if shorter in self.exact), head)
                    code, share = self._resolve(head, self.codes[self.exact[head]])
                    # a head whose own listing most titles ending with it contradict is a weak guide:
                    # O*NET lists "development manager" under IT managers, while research, product
                    # and employee development managers are other managers
                    family = self.families.get(head)
                    if family and soc_of(family[0]) != soc_of(code):
                        share *= GENERIC_FRAGMENT_PENALTY
                    found.append(((code, share * HEAD_PENALTY), position, head))
                    break
            else:
                for start in range(1, len(words)):
                    ending = " ".join(words[start:])
                    family = self.families.get(ending)
                    # an unsure family must not stop the fuzzy search of the whole title
                    if family and family[1] * HEAD_PENALTY >= self.threshold:
                        found.append(((family[0], family[1] * HEAD_PENALTY), position, ending))
                        break
        return found

    def _prefixes(self, options: Sequence[str]) -> list[tuple[tuple[str, float], int, str]]:
        """A known title of two or more words followed by a field that names no kind of worker is that
        title: "data scientist oncology"; not so "data scientist manager", a manager, nor "commercial
        driver license a driver otr", a driver."""
        found = []
        for position, form in enumerate(options):
            words = form.split()
            if not words or self._worker(words[-1]):
                continue
            for end in range(len(words) - 1, 1, -1):
                prefix = " ".join(words[:end])
                if prefix in self.exact:
                    code, share = self._resolve(prefix, self.codes[self.exact[prefix]])
                    # an unsure prefix must not stop the fuzzy search of the whole title
                    if share * HEAD_PENALTY >= self.threshold and not any(map(self._worker, words[end:])):
                        found.append(((code, share * HEAD_PENALTY), position, prefix))
                    break
        return found

    def _decide(self, title: str, form: str, key: str, code: str, method: str, score: float) -> TitleMatch:
        """The match of ``title`` through its ``form`` to the index title ``key``, mapped to ``code`` when
        ``score`` reaches the threshold."""
        if key in self.exact:
            others = [c for c in self.codes[self.exact[key]] if soc_of(c) != soc_of(code)]
        else:
            others = self.families[key][2]
        if score >= self.threshold:
            return TitleMatch(title, form, code, soc_of(code), method, round(score, 4), code, others)
        return TitleMatch(title, form, None, None, "below_threshold", round(score, 4), code, others)
