"""From a document's title and text to its occupation: the evidence for every (document, occupation)
pair, a weighted sum of it per occupation, a softmax over all occupations, the top candidates with
their probabilities, and a mapping only above the threshold.

- ``title``: log P(occupation | title) (``pipelines.titles.title_model``), smoothed towards the
  occupations' employment shares by how often a title found that way misses the document's
  occupation (``[title_miss]`` of the settings, measured on the labelled set's dev half): a clear
  known title dominates, an ambiguous one leaves the choice among its occupations to the text, and a
  document without a title is decided by its text alone.
- ``title_similarity``: the TF-IDF cosine of the title with the occupation's closest authority title.
- ``title_regression``: the log-probability of the occupation under a multinomial logistic regression
  over the normalised title's terms, trained on every title the authorities list the occupation with
  (``pipelines.titles.title_regression``).
- ``text_titles``, ``text_duties``, ``text_tools``, ``text_mentions``, ``text_likelihood``: the text's
  evidence (``pipelines.titles.text_model``).
- ``prior``: standardised log OEWS employment (how common the occupation is).

A mapping's ``probability`` is its confidence: how likely the best candidate is right (an acceptable
code), a logistic regression over the best candidate's softmax probability, its margin over the
runner-up, and which pieces of evidence alone rank it first (``CONFIDENCE_FEATURES``): a best
candidate the title and the text agree on is right more often than its probability says. Without
confidence weights it is the softmax probability itself.

The weights, confidence weights and thresholds (one set for documents with text, one for titles
alone), the miss rates and the number of candidates kept are data (``reference/title_coder.toml``),
fitted by ``bench/title_gold.py --calibrate`` on the ``dev`` half of the hand-labelled set.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from pipelines import REFERENCE_DIR
from pipelines.titles.normalise import TitleNormaliser
from pipelines.titles.reference import OccupationReference
from pipelines.titles.text_model import TEXT_GROUPS, Sections, TextModel
from pipelines.titles.title_model import EXACT, FAMILY, NEAR, NONE, PART, TitleEvidence, TitleModel

CODER_SETTINGS = REFERENCE_DIR / "title_coder.toml"
FEATURES = (
    "title",
    "title_similarity",
    "title_regression",
    *(f"text_{g}" for g in TEXT_GROUPS),
    "text_mentions",
    "text_likelihood",
    "prior",
)
LEVELS = (EXACT, PART, NEAR, FAMILY)
# the evidence whose own first choice the confidence asks about
AGREEMENT = ("title", "title_similarity", "text_titles", "text_duties", "text_likelihood")
CONFIDENCE_FEATURES = ("log_p", "log_margin", *(f"agrees_{f}" for f in AGREEMENT))
# distinct titles remembered between batches (a title's evidence does not depend on its document)
TITLE_CACHE = 200_000


@dataclass(frozen=True)
class Scoring:
    """How the evidence of one kind of document is weighed, and the probability a mapping needs."""

    weights: dict[str, float]
    threshold: float
    # the intercept and a weight per CONFIDENCE_FEATURES; empty: the softmax probability is the confidence
    confidence: dict[str, float] = field(default_factory=dict)

    @classmethod
    def read(cls, data: dict[str, Any], name: str) -> Scoring:
        weights = {k: float(v) for k, v in data["weights"].items()}
        unknown = sorted(set(weights) - set(FEATURES))
        if unknown:
            raise ValueError(f"[{name}]: unknown feature weight(s) {unknown}; features are {list(FEATURES)}")
        confidence = {k: float(v) for k, v in data.get("confidence", {}).items()}
        unknown = sorted(set(confidence) - {"intercept", *CONFIDENCE_FEATURES})
        if unknown:
            raise ValueError(
                f"[{name}.confidence]: unknown weight(s) {unknown}; they are intercept and {list(CONFIDENCE_FEATURES)}"
            )
        return cls(weights, float(data["threshold"]), confidence)

    def vector(self) -> np.ndarray:
        return np.array([self.weights.get(f, 0.0) for f in FEATURES], dtype=np.float32)

    def confidence_of(self, features: np.ndarray, p_best: np.ndarray) -> np.ndarray:
        """The confidence of each document's best candidate from its ``confidence_features`` rows."""
        if not self.confidence:
            return p_best.astype(np.float64)
        w = np.array([self.confidence.get(f, 0.0) for f in CONFIDENCE_FEATURES])
        return 1.0 / (1.0 + np.exp(-(features @ w + self.confidence.get("intercept", 0.0))))


@dataclass(frozen=True)
class CoderSettings:
    """``with_text`` weighs documents with a text; ``title_only`` those without one (a list of titles),
    from the title's evidence alone; ``title_miss`` is how often a title found at each level misses
    the document's occupation."""

    with_text: Scoring
    title_only: Scoring
    title_miss: dict[str, float] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0.1))
    candidates: int = 3
    text_chars: int = 4000

    @classmethod
    def load(cls, path: Path = CODER_SETTINGS) -> CoderSettings:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        miss = {k: float(v) for k, v in data.get("title_miss", {}).items()}
        if set(miss) - set(LEVELS) or not all(0 < v < 1 for v in miss.values()):
            raise ValueError(f"{path.name}: title_miss takes a rate in (0, 1) for each of {list(LEVELS)}")
        try:
            with_text = Scoring.read(data["with_text"], "with_text")
            title_only = Scoring.read(data["title_only"], "title_only")
        except (KeyError, ValueError) as err:
            raise ValueError(f"{path.name}: {err}") from err
        return cls(
            with_text=with_text,
            title_only=title_only,
            title_miss={**dict.fromkeys(LEVELS, 0.1), **miss},
            candidates=int(data.get("candidates", 3)),
            text_chars=int(data.get("text_chars", 4000)),
        )


@dataclass
class Evidence:
    """Evidence of a batch of documents: the title's (``titles``, turned into the ``title`` feature
    with the settings' miss rates) and the other features (``values``, features after ``title`` x
    documents x occupations, float32)."""

    titles: list[TitleEvidence]
    values: np.ndarray
    has_text: np.ndarray  # bool per document: it has text that describes the work

    @property
    def forms(self) -> list[str]:
        """The authority title each document's title was found as ('' when none, or only its family)."""
        return [t.form if t.level in (EXACT, PART, NEAR) else "" for t in self.titles]


class FeatureModel:
    """The coder's models, fitted once per reference release (see ``pipelines.titles.steps``), then
    applied in batches."""

    def __init__(
        self,
        reference: OccupationReference,
        normaliser: TitleNormaliser | None = None,
        sections: Sections | None = None,
    ) -> None:
        self.codes = reference.codes
        self.title_model = TitleModel(reference, normaliser or TitleNormaliser())
        self.text_model = TextModel(reference, self.title_model, sections or Sections.load())
        self.prior = np.asarray(reference.log_prior(), dtype=np.float32)
        share = np.array([e or 0.0 for e in reference.employment], dtype=np.float64)
        share[share <= 0] = share[share > 0].min() if (share > 0).any() else 1.0
        self.employment_share = (share / share.sum()).astype(np.float32) if len(share) else share
        self._cache: dict[str, TitleEvidence] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_cache": {}}

    def title_evidence(self, titles: Sequence[str | None]) -> list[TitleEvidence]:
        out = []
        for title in titles:
            found = self._cache.get(title or "")
            if found is None:
                if len(self._cache) >= TITLE_CACHE:
                    self._cache.clear()
                found = self._cache[title or ""] = self.title_model.evidence(title)
            out.append(found)
        return out

    def evidence(
        self, titles: Sequence[str | None], texts: Sequence[str | None] | None = None, text_chars: int = 4000
    ) -> Evidence:
        """The evidence of each document: its title and, when given, its text (title-only otherwise)."""
        found = self.title_evidence(titles)
        values = np.zeros((len(FEATURES) - 1, len(titles), len(self.codes)), dtype=np.float32)
        has_text = np.zeros(len(titles), dtype=bool)
        if self.codes:
            # a title's two features depend on its words and key only: computed once per distinct pair
            distinct: dict[tuple[str, str], int] = {}
            at = [distinct.setdefault((t.words, t.key), len(distinct)) for t in found]
            # every title distinct (as a list of titles): written in place, not copied row by row
            alike = len(distinct) == len(found)
            title_values = values[:2] if alike else np.zeros((2, len(distinct), len(self.codes)), np.float32)
            self.title_model.similarity([words for words, _ in distinct], title_values[0])
            self.title_model.regression.scores([key for _, key in distinct], title_values[1])
            if not alike:
                values[:2] = title_values[:, at]
            if texts is not None:
                has_text = self.text_model.features(texts, text_chars, values[2 : 2 + len(TEXT_GROUPS) + 2])
            values[-1] = self.prior
        return Evidence(found, values, has_text)

    def title_term(self, titles: Sequence[TitleEvidence], miss: dict[str, float]) -> np.ndarray:
        """The ``title`` feature (documents x occupations): log of P(occupation | title) mixed with the
        employment shares at the rate a title found at its level misses; 0 without a title."""
        levels = [*LEVELS, NONE]
        floors = np.zeros((len(levels), len(self.codes)), dtype=np.float32)
        for k, level in enumerate(LEVELS):
            floors[k] = np.log(miss[level] * self.employment_share)
        at = np.array([levels.index(t.level) for t in titles], dtype=np.int64)
        out = floors[at]
        rows = np.repeat(np.arange(len(titles)), [len(t.occupations) for t in titles])
        if len(rows):
            occupations = np.concatenate([t.occupations for t in titles])
            rates = np.array([miss.get(t.level, 0.0) for t in titles], dtype=np.float32)[rows]
            listed = np.concatenate([t.probabilities for t in titles])
            out[rows, occupations] = np.log(rates * self.employment_share[occupations] + (1 - rates) * listed)
        return out

    def features(self, evidence: Evidence, miss: dict[str, float]) -> np.ndarray:
        """Every feature in ``FEATURES`` order (features x documents x occupations)."""
        return np.concatenate([self.title_term(evidence.titles, miss)[None], evidence.values])


@dataclass(frozen=True)
class Coding:
    """One document's occupation: the mapped code (None below the threshold), the confidence in the
    best candidate (``probability``), and the top candidates with their softmax probabilities."""

    occupation_code: str | None
    probability: float
    candidates: list[str]
    probabilities: list[float]
    title_match: str


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax of (documents x occupations) scores, in place."""
    scores -= scores.max(axis=1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=1, keepdims=True)
    return scores


def probabilities(
    model: FeatureModel, evidence: Evidence, settings: CoderSettings
) -> tuple[np.ndarray, np.ndarray]:
    """(documents x occupations) softmax of the weighted evidence, and each document's threshold:
    a document with text is weighed ``with_text``, one without ``title_only``."""
    probs, thresholds, _ = _scored(model, evidence, settings)
    return probs, thresholds


def _scored(
    model: FeatureModel, evidence: Evidence, settings: CoderSettings
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``probabilities`` and the ``title`` feature they were weighed from."""
    title = model.title_term(evidence.titles, settings.title_miss)
    scores = np.empty_like(title)
    for scoring, rows in ((settings.with_text, evidence.has_text), (settings.title_only, ~evidence.has_text)):
        if not rows.any():
            continue
        weights = scoring.vector()
        every = rows.all()
        part = weights[0] * (title if every else title[rows])
        term = np.empty_like(part)  # one buffer for each weighted feature in turn
        for k, w in enumerate(weights[1:]):
            if w and (scoring is settings.with_text or not FEATURES[k + 1].startswith("text_")):
                part += np.multiply(evidence.values[k] if every else evidence.values[k][rows], w, out=term)
        if every:
            scores = part
        else:
            scores[rows] = part
    thresholds = np.where(evidence.has_text, settings.with_text.threshold, settings.title_only.threshold)
    return softmax(scores), thresholds, title


def confidence_features(
    model: FeatureModel,
    evidence: Evidence,
    probs: np.ndarray,
    miss: dict[str, float],
    title: np.ndarray | None = None,
) -> np.ndarray:
    """(documents x ``CONFIDENCE_FEATURES``): the log softmax probability of the best candidate, its
    log ratio to the runner-up's, and for each of ``AGREEMENT`` whether that evidence alone ranks the
    best candidate first (0 when it tells no occupation from another, as a missing title or text).
    ``title``: the ``title`` feature when already computed."""
    n, m = probs.shape
    out = np.zeros((n, len(CONFIDENCE_FEATURES)))
    if not n or not m:
        return out
    rows = np.arange(n)
    if m > 1:
        at, values, clear = _leading(probs, 1)
        best, p = at[:, 0], values.astype(np.float64)
        # a tie for the best (or a NaN) is broken as argpartition breaks it
        tied = np.flatnonzero(~clear)
        if len(tied):
            pair = np.argpartition(-probs[tied], 1, axis=1)[:, :2]
            p[tied] = probs[tied[:, None], pair].astype(np.float64)
            best[tied] = np.where(p[tied, 0] >= p[tied, 1], pair[:, 0], pair[:, 1])
    else:
        best, p = np.zeros(n, dtype=np.int64), probs[:, [0, 0]].astype(np.float64)
    p1, p2 = np.maximum(p.max(axis=1), 1e-12), np.maximum(p.min(axis=1), 1e-12)
    out[:, 0], out[:, 1] = np.log(p1), np.log(p1) - np.log(p2)
    with_text = evidence.has_text
    for k, name in enumerate(AGREEMENT, start=2):
        if name == "title":
            values, at = (model.title_term(evidence.titles, miss) if title is None else title), rows
        elif not name.startswith("text_"):
            values, at = evidence.values[FEATURES.index(name) - 1], rows
        else:
            # a document without text has no text evidence: it agrees with nothing
            at = rows if with_text.all() else np.flatnonzero(with_text)
            if not len(at):
                continue
            values = evidence.values[FEATURES.index(name) - 1]
            values = values if len(at) == n else values[at]
        top = values.argmax(axis=1)
        first = top == best[at]
        # the evidence must tell occupations apart: its best value (at its argmax) above its worst
        first &= values[np.arange(len(top)), top] > values.min(axis=1)
        out[at, k] = first
    return out


def confidence(
    model: FeatureModel,
    evidence: Evidence,
    probs: np.ndarray,
    settings: CoderSettings,
    title: np.ndarray | None = None,
) -> np.ndarray:
    """Each document's confidence in its best candidate, by the scoring of its kind (with text or not)."""
    features = confidence_features(model, evidence, probs, settings.title_miss, title)
    p_best = np.exp(features[:, 0]) if probs.shape[1] else np.zeros(len(probs))
    out = np.zeros(len(probs))
    for scoring, rows in ((settings.with_text, evidence.has_text), (settings.title_only, ~evidence.has_text)):
        if rows.any():
            out[rows] = scoring.confidence_of(features[rows], p_best[rows])
    return out


def _candidates(probs: np.ndarray, k: int) -> np.ndarray:
    """The ``k`` likeliest occupations of each row, likeliest first (ties as argpartition leaves them)."""
    top = np.argpartition(-probs, k - 1, axis=1)[:, :k]
    rows = np.arange(len(top))[:, None]
    return top[rows, np.argsort(-probs[rows, top], axis=1)]


def _leading(probs: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``k + 1`` largest of each row by repeated argmax (indices, values, largest first) and
    whether they are strictly decreasing: then its ``k`` largest are unique and so is their order,
    whatever the ties below them, and a selection by argpartition finds the same (a few argmax
    passes are cheaper than argpartition on a row of a thousand occupations)."""
    rest = probs.copy()
    rows = np.arange(len(probs))
    at = np.empty((len(probs), k + 1), dtype=np.int64)
    for j in range(k + 1):
        at[:, j] = rest.argmax(axis=1)
        if j < k:
            rest[rows, at[:, j]] = -np.inf
    values = probs[rows[:, None], at]
    clear = np.all(values[:, :-1] > values[:, 1:], axis=1)
    return at, values, clear


def decide(model: FeatureModel, evidence: Evidence, settings: CoderSettings) -> list[Coding]:
    forms = evidence.forms
    if not model.codes:  # no reference occupations loaded: nothing to code with
        return [Coding(None, 0.0, [], [], form) for form in forms]
    probs, thresholds, title = _scored(model, evidence, settings)
    sure = np.round(confidence(model, evidence, probs, settings, title), 4).tolist()
    k = min(settings.candidates, probs.shape[1])
    if 0 < k < probs.shape[1]:
        order, _, clear = _leading(probs, k)
        order = order[:, :k]
        tied = np.flatnonzero(~clear)
        if len(tied):
            order[tied] = _candidates(probs[tied], k)
    else:
        order = _candidates(probs, k)
    rows = np.arange(len(order))[:, None]
    chosen = np.round(probs[rows, order].astype(np.float64), 4).tolist()
    names = np.array(model.codes, dtype=object)[order].tolist()
    needed = thresholds.tolist()
    return [
        Coding(
            occupation_code=names[i][0] if sure[i] >= needed[i] else None,
            probability=sure[i],
            candidates=names[i],
            probabilities=chosen[i],
            title_match=forms[i],
        )
        for i in range(len(order))
    ]
