"""Fitting the coder's weights, confidence and threshold on labelled documents, and the figures that
judge it.

The weights maximise the likelihood that the softmax gives the labelled document's acceptable codes
(a conditional logit over all occupations, L2-penalised). The confidence is a logistic regression
of whether the best candidate is acceptable on its ``confidence_features`` (standardised and
strongly L2-penalised: the labelled set is a few hundred documents). The threshold is the lowest
confidence at which the one-sided 95% Wilson upper bound of the share of documents mapped
wrong is at most ``max_wrong``, read off the precision-coverage curve of out-of-fold confidences (each
document's from a regression fitted without it), so that it is not chosen on the confidences the
regression was fitted to, and the median of that threshold over ``FOLD_SEEDS`` random splits. The
bound, not the point estimate, because a few hundred documents estimate a wrong share of 5% only to
within about 2.5 points either way, and the lowest threshold whose estimate touches the target is
picked where the sample's noise happens to favour it (titles alone, read off 309 dev documents that
way: dev 4.9% wrong, test 8.6%).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize
from sklearn.linear_model import LogisticRegression

PENALTY = 1e-3
# the confidence regression's inverse L2 strength (on standardised features), and its out-of-fold runs
CONFIDENCE_C = 0.1
FOLDS = 5
FOLD_SEEDS = 10
# the normal quantile of the bound a threshold must keep the wrong share under: one-sided 95%
BOUND_Z = 1.645


def fit_weights(
    values: np.ndarray, acceptable: np.ndarray, fixed: dict[int, float] | None = None
) -> np.ndarray:
    """``values``: (features, documents, occupations) evidence; ``acceptable``: (documents,
    occupations) booleans, the codes a labeller accepts; ``fixed``: features whose weight is given
    (by position). Returns one weight per feature."""
    fixed = fixed or {}
    free = [k for k in range(len(values)) if k not in fixed]
    x = np.ascontiguousarray(np.moveaxis(values[free], 0, -1), dtype=np.float64)  # docs, occs, features
    offset = sum((w * values[k].astype(np.float64) for k, w in fixed.items()), np.zeros(values.shape[1:]))
    ok = acceptable.astype(np.float64)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        scores = x @ w + offset
        scores -= scores.max(axis=1, keepdims=True)
        p = np.exp(scores)
        p /= p.sum(axis=1, keepdims=True)
        p_ok = (p * ok).sum(axis=1)
        q = p * ok / np.maximum(p_ok, 1e-12)[:, None]  # posterior over the acceptable codes
        n = len(x)
        value = -np.log(np.maximum(p_ok, 1e-12)).sum() / n + PENALTY * float(w @ w)
        grad = -np.einsum("do,dof->f", q - p, x) / n + 2 * PENALTY * w
        return value, grad

    result = minimize(loss, np.zeros(len(free)), jac=True, method="L-BFGS-B")
    weights = np.zeros(len(values))
    weights[free] = result.x
    for k, w in fixed.items():
        weights[k] = w
    return weights


def miss_rates(
    levels: Sequence[str], missed: Sequence[bool], every: Sequence[str], floor: float = 0.01
) -> dict[str, float]:
    """For each level of ``every``: the share of labelled documents whose title, found at that level,
    names none of their acceptable occupations (at least ``floor``; a level no labelled document
    reached gets the share over all levels)."""
    overall = max(floor, sum(missed) / max(1, len(missed)))
    rates = {}
    for level in every:
        at = [m for lv, m in zip(levels, missed, strict=True) if lv == level]
        rates[level] = round(max(floor, sum(at) / len(at)), 3) if at else round(overall, 3)
    return rates


@dataclass(frozen=True)
class Outcome:
    """Right (the mapped code is the best or an acceptable one), wrong, unmapped: counts of ``n``."""

    n: int
    right: int
    wrong: int
    unmapped: int


def outcome(probability: Sequence[float], correct: Sequence[bool], threshold: float) -> Outcome:
    mapped = [p >= threshold for p in probability]
    right = sum(m and c for m, c in zip(mapped, correct, strict=True))
    wrong = sum(m and not c for m, c in zip(mapped, correct, strict=True))
    return Outcome(len(mapped), right, wrong, len(mapped) - right - wrong)


def curve(
    probability: Sequence[float], correct: Sequence[bool], steps: int = 20
) -> list[tuple[float, Outcome]]:
    """Right / wrong / unmapped at thresholds 0, 1/steps, ..., (steps-1)/steps."""
    return [(k / steps, outcome(probability, correct, k / steps)) for k in range(steps)]


def choose_threshold(
    probability: Sequence[float] | np.ndarray,
    correct: Sequence[bool] | np.ndarray,
    max_wrong: float,
    z: float = BOUND_Z,
) -> float:
    """The lowest threshold (in steps of 0.01) at which the Wilson upper bound (normal quantile
    ``z``; 0 is the point estimate) of the share of all documents mapped wrong is at most ``max_wrong``."""
    wrong = np.asarray(probability)[~np.asarray(correct, dtype=bool)]
    for k in range(101):
        if wilson(int((wrong >= k / 100).sum()), len(correct), z)[1] <= max_wrong + 1e-12:
            return k / 100
    return 1.0


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval of a proportion k / n."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def fit_confidence(
    features: np.ndarray, correct: np.ndarray, names: Sequence[str], strength: float = CONFIDENCE_C
) -> dict[str, float]:
    """Logistic regression of ``correct`` on ``features`` (documents x ``names``), fitted on the
    standardised features and returned on the raw ones: ``intercept`` and a weight per name."""
    mean = features.mean(axis=0)
    sd = features.std(axis=0)
    sd[sd == 0] = 1.0
    fitted = LogisticRegression(C=strength, max_iter=10_000).fit((features - mean) / sd, correct)
    weights = fitted.coef_[0] / sd
    intercept = float(fitted.intercept_[0] - weights @ mean)
    return {"intercept": round(intercept, 4)} | {
        n: round(float(w), 4) for n, w in zip(names, weights, strict=True)
    }


def out_of_fold_confidence(
    features: np.ndarray, correct: np.ndarray, seed: int, strength: float = CONFIDENCE_C
) -> np.ndarray:
    """Each document's confidence from a regression fitted on the other folds of a random
    ``FOLDS``-fold split (``seed``)."""
    n = len(correct)
    names = [str(k) for k in range(features.shape[1])]
    order = np.random.default_rng(seed).permutation(n)
    score = np.zeros(n)
    for fold in np.array_split(order, FOLDS):
        rest = np.setdiff1d(order, fold)
        if len(set(correct[rest].tolist())) < 2:
            score[fold] = correct[rest].mean() if len(rest) else 0.0
            continue
        w = fit_confidence(features[rest], correct[rest], names, strength)
        z = features[fold] @ np.array([w[k] for k in names]) + w["intercept"]
        score[fold] = 1.0 / (1.0 + np.exp(-z))
    return score


def out_of_fold_threshold(
    features: np.ndarray,
    correct: np.ndarray,
    max_wrong: float,
    strength: float = CONFIDENCE_C,
    z: float = BOUND_Z,
) -> float:
    """The median over ``FOLD_SEEDS`` random splits of ``choose_threshold`` on the out-of-fold
    confidences."""
    found = [
        choose_threshold(out_of_fold_confidence(features, correct, seed, strength), correct, max_wrong, z)
        for seed in range(FOLD_SEEDS)
    ]
    return float(np.median(found))
