"""The evidence the coder weighs for every (document, occupation) pair, trained on O*NET's own text.

- ``exact``: the document's whole title is an authority title of the occupation, as the occupation's
  share of the weight of every authority listing of that title (O*NET lists "Data Engineer" under
  three occupations); ``exact_soc`` the same share summed over the occupation's SOC code;
  ``exact_part``: the same for the first part of the title that is an authority title ("Data Engineer"
  of "IT - Data Engineer II").
- ``title``: the cosine similarity (TF-IDF of word unigrams and bigrams) of the title with the
  occupation's closest authority title: a title never seen is near its kin ("Healthcare Data Scientist").
- ``text_titles``, ``text_duties``, ``text_tools``, ``text_all``: the cosine of the document's text with
  the occupation's titles, its description and tasks, its technology and tools, and all of these (one
  TF-IDF space of word unigrams and bigrams fitted on all of O*NET's text).
- ``prior``: standardised log OEWS employment (how common the occupation is).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from pipelines.titles.normalise import TitleNormaliser
from pipelines.titles.reference import OccupationReference

FEATURES = (
    "exact",
    "exact_soc",
    "exact_part",
    "title",
    "text_titles",
    "text_duties",
    "text_tools",
    "text_all",
    "prior",
)
# how much one listing of a title counts, by who lists it (O*NET's alternate titles count once per source)
TEXT_FEATURES = [f for f in FEATURES if f.startswith("text_")]
SOURCE_WEIGHTS = {"occupation": 3.0, "reported": 2.0, "soc_direct_match": 2.0, "alternate": 1.0}
CORRECTION_WEIGHT = 100.0
TEXT_TOKENS = r"(?u)\b[a-z][a-z0-9+#]*\b"


@dataclass
class Evidence:
    """Feature matrices of a batch of documents, each (documents x occupations), in ``FEATURES`` order."""

    values: np.ndarray  # float32, (features, documents, occupations)
    forms: list[str]  # the title form each document was looked up by ('' when none matched)


class FeatureModel:
    """Fitted once per O*NET release (see ``pipelines.titles.steps``), then applied in batches."""

    def __init__(self, reference: OccupationReference, normaliser: TitleNormaliser | None = None) -> None:
        self.codes = reference.codes
        self.normaliser = normaliser or TitleNormaliser()
        n = len(reference.codes)
        socs = {soc: k for k, soc in enumerate(sorted({c[:7] for c in reference.codes}))}
        self.soc = np.array([socs[c[:7]] for c in reference.codes], dtype=np.int64)
        self.prior = np.asarray(reference.log_prior(), dtype=np.float32)

        # exact lookups: title key -> occupation weights; corrections replace O*NET's listing
        exact: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
        for title, occ, source, n_sources in reference.titles:
            key = self.normaliser.key(title)
            if key:
                exact[key][occ] += SOURCE_WEIGHTS.get(source, 1.0) * max(1, n_sources)
        for title, occ in reference.corrections.items():
            key = self.normaliser.key(title)
            exact.pop(key, None)
            if occ is not None:
                exact[key] = {occ: CORRECTION_WEIGHT}
        self.withheld = frozenset(self.normaliser.key(t) for t, o in reference.corrections.items() if o is None)
        self.exact = {k: _shares(v) for k, v in exact.items()}

        # title similarity: authority titles as TF-IDF rows, ordered by occupation
        pairs = sorted({(self.normaliser.words_of(t), occ) for t, occ, _, _ in reference.titles if t})
        pairs = [(w, o) for w, o in pairs if w and w not in self.withheld]
        pairs.sort(key=lambda p: p[1])
        self.title_vectoriser = TfidfVectorizer(
            analyzer="word", ngram_range=(1, 2), token_pattern=r"\S+", lowercase=False, sublinear_tf=True, dtype=np.float32
        )
        self.title_matrix = self.title_vectoriser.fit_transform([w for w, _ in pairs]).T.tocsr()
        self.title_occupation = np.array([o for _, o in pairs], dtype=np.int64)

        # text similarity: one TF-IDF space over all of O*NET's text, a profile per occupation and field
        titles_of: dict[int, list[str]] = defaultdict(list)
        for title, occ, _, _ in reference.titles:
            titles_of[occ].append(title)
        groups = {
            "titles": [" . ".join(titles_of[i]) for i in range(n)],
            "duties": [" . ".join(reference.texts.get(i, {}).get("duties", [])) for i in range(n)],
            "tools": [" . ".join(reference.texts.get(i, {}).get("tools", [])) for i in range(n)],
        }
        groups["all"] = [" . ".join(parts) for parts in zip(*groups.values(), strict=True)]
        self.text_vectoriser = TfidfVectorizer(
            ngram_range=(1, 2), sublinear_tf=True, stop_words="english", min_df=2, token_pattern=TEXT_TOKENS, dtype=np.float32
        )
        self.text_vectoriser.fit(groups["all"])
        self.profiles = {g: self.text_vectoriser.transform(texts).T.tocsr() for g, texts in groups.items()}

    def title_features(self, titles: Sequence[str | None]) -> tuple[np.ndarray, list[str]]:
        """``exact``, ``exact_soc``, ``exact_part`` and ``title`` for each title, and the form it matched by."""
        n = len(self.codes)
        out = np.zeros((4, len(titles), n), dtype=np.float32)
        forms: list[str] = []
        words: list[str] = []
        for i, title in enumerate(titles):
            matched = ""
            if title:
                whole, parts = self.normaliser.forms(title)
                for slot, form in [(0, f) for f in whole] + [(2, f) for f in parts]:
                    if form in self.withheld:
                        continue
                    shares = self.exact.get(form)
                    if shares is None:
                        continue
                    for occ, share in shares.items():
                        out[slot, i, occ] = share
                        if slot == 0:
                            out[1, i, self.soc == self.soc[occ]] += share
                    matched = form
                    break
                words.append(self.normaliser.words_of(title))
            else:
                words.append("")
            forms.append(matched)
        out[3] = self._title_similarity(words)
        return out, forms

    def _title_similarity(self, words: Sequence[str]) -> np.ndarray:
        """Per title and occupation, the cosine with the occupation's closest authority title."""
        query = self.title_vectoriser.transform(words)
        product = (query @ self.title_matrix).tocsr()
        product.sort_indices()
        out = np.zeros((len(words), len(self.codes)), dtype=np.float32)
        if product.nnz == 0:
            return out
        rows = np.repeat(np.arange(len(words)), np.diff(product.indptr))
        keys = rows * len(self.codes) + self.title_occupation[product.indices]
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        out.flat[keys[starts]] = np.maximum.reduceat(product.data, starts)
        return out

    def text_features(self, texts: Sequence[str | None]) -> np.ndarray:
        """The ``text_*`` features of each text (0 for an empty text)."""
        matrix = self.text_vectoriser.transform([t or "" for t in texts])
        out = np.zeros((len(TEXT_FEATURES), len(texts), len(self.codes)), dtype=np.float32)
        for k, group in enumerate(("titles", "duties", "tools", "all")):
            out[k] = (matrix @ self.profiles[group]).toarray()
        return out

    def evidence(self, titles: Sequence[str | None], texts: Sequence[str | None] | None = None) -> Evidence:
        title_part, forms = self.title_features(titles)
        text_part = (
            self.text_features(texts)
            if texts is not None
            else np.zeros((len(TEXT_FEATURES), len(titles), len(self.codes)), dtype=np.float32)
        )
        prior = np.broadcast_to(self.prior, (1, len(titles), len(self.codes)))
        return Evidence(np.concatenate([title_part, text_part, prior], axis=0), forms)


def _shares(weights: dict[int, float]) -> dict[int, float]:
    total = sum(weights.values())
    return {occ: w / total for occ, w in weights.items()}
