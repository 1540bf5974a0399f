"""From evidence to occupations: a weighted sum of the evidence per occupation, a softmax over all
occupations, the top candidates with their probabilities, and a mapping only above the threshold.

The weights, the threshold and the number of candidates kept are data (``reference/title_coder.toml``),
fitted by ``bench/title_gold.py --calibrate`` on the ``dev`` half of the hand-labelled set.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipelines.settings import REFERENCE_DIR
from pipelines.titles.features import FEATURES, Evidence

CODER_SETTINGS = REFERENCE_DIR / "title_coder.toml"


@dataclass(frozen=True)
class CoderSettings:
    weights: dict[str, float]
    threshold: float
    candidates: int = 3
    text_chars: int = 4000

    @classmethod
    def load(cls, path: Path = CODER_SETTINGS) -> CoderSettings:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        weights = {k: float(v) for k, v in data["weights"].items()}
        unknown = sorted(set(weights) - set(FEATURES))
        if unknown:
            raise ValueError(
                f"{path.name}: unknown feature weight(s) {unknown}; features are {list(FEATURES)}"
            )
        return cls(
            weights=weights,
            threshold=float(data["threshold"]),
            candidates=int(data.get("candidates", 3)),
            text_chars=int(data.get("text_chars", 4000)),
        )

    def vector(self) -> np.ndarray:
        return np.array([self.weights.get(f, 0.0) for f in FEATURES], dtype=np.float32)


@dataclass(frozen=True)
class Coding:
    """One document's occupation: the mapped code (None below the threshold) and the top candidates."""

    occupation_code: str | None
    probability: float
    candidates: list[str]
    probabilities: list[float]
    title_match: str


def probabilities(evidence: Evidence, weights: np.ndarray) -> np.ndarray:
    """(documents x occupations) softmax of the weighted evidence."""
    scores = np.tensordot(weights, evidence.values, axes=1)
    scores -= scores.max(axis=1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=1, keepdims=True)
    return scores


def decide(evidence: Evidence, codes: list[str], settings: CoderSettings) -> list[Coding]:
    if not codes:  # no reference occupations loaded: nothing to code with
        return [Coding(None, 0.0, [], [], form) for form in evidence.forms]
    probs = probabilities(evidence, settings.vector())
    k = min(settings.candidates, probs.shape[1])
    top = np.argpartition(-probs, k - 1, axis=1)[:, :k]
    rows = np.arange(len(top))[:, None]
    order = top[rows, np.argsort(-probs[rows, top], axis=1)]
    chosen = np.round(probs[rows, order].astype(np.float64), 4).tolist()
    names = np.array(codes, dtype=object)[order].tolist()
    return [
        Coding(
            occupation_code=names[i][0] if chosen[i][0] >= settings.threshold else None,
            probability=chosen[i][0],
            candidates=names[i],
            probabilities=chosen[i],
            title_match=evidence.forms[i],
        )
        for i in range(len(top))
    ]
