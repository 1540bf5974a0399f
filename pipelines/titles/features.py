"""The evidence the coder weighs for every (document, occupation) pair, trained on O*NET's own text.

- ``exact``: the document's title (whole, or its first part: the title proper) is an authority title
  of the occupation, as the occupation's share of the weight of every authority listing of that title (O*NET lists "Data Engineer" under
  three occupations); ``exact_soc`` the same share summed over the occupation's SOC code;
  ``exact_part``: the same for a later part of the title that is one ("Data Engineer" of
  "IT - Data Engineer II").
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
import polars as pl
import scipy.sparse as sp
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
TEXT_FEATURES = [f for f in FEATURES if f.startswith("text_")]
# how much one listing of a title counts, by who lists it (O*NET's alternate titles count once per source)
SOURCE_WEIGHTS = {"occupation": 3.0, "reported": 2.0, "soc_direct_match": 2.0, "alternate": 1.0}
CORRECTION_WEIGHT = 100.0
COMMON_TERM_SHARE = 1 / 30
COMMON_TERM_MIN = 200
TEXT_TOKENS = r"(?u)\b[a-z][a-z0-9+#]*\b"


@dataclass
class Evidence:
    """Feature matrices of a batch of documents, each (documents x occupations), in ``FEATURES`` order."""

    values: np.ndarray  # float32, (features, documents, occupations)
    forms: list[str]  # the authority title each document's title was found as ('' when none)
    keys: list[str]  # each title normalised ('' when none)


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
        for title, correction in reference.corrections.items():
            key = self.normaliser.key(title)
            exact.pop(key, None)
            if correction is not None:
                exact[key] = {correction: CORRECTION_WEIGHT}
        self.withheld = frozenset(
            self.normaliser.key(t) for t, o in reference.corrections.items() if o is None
        )
        # per key: the occupations and their shares, and every occupation of their SOC codes with the
        # SOC code's share
        self.exact: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = {}
        for key, weights in exact.items():
            occupations = np.fromiter(weights, dtype=np.int64)
            shares = np.fromiter(weights.values(), dtype=np.float32)
            shares /= shares.sum()
            soc_share = np.zeros(n, dtype=np.float32)
            np.add.at(soc_share, occupations, shares)
            by_soc = np.bincount(self.soc, weights=soc_share)[self.soc].astype(np.float32)
            siblings = np.flatnonzero(by_soc)
            self.exact[key] = (occupations, shares, siblings, by_soc[siblings])

        # title similarity: authority titles as TF-IDF rows, ordered by occupation; a corrected title
        # is listed under its corrected occupation only, a withheld one under none
        corrected: dict[str, int | None] = {
            self.normaliser.analyse(t).words: occ for t, occ in reference.corrections.items()
        }
        listed = {(self.normaliser.analyse(t).words, occ) for t, occ, _, _ in reference.titles if t}
        pairs = [(w, o) for w, o in listed if w and w not in corrected]
        pairs += [(w, o) for w, o in corrected.items() if w and o is not None]
        pairs.sort(key=lambda p: (p[1], p[0]))
        self.title_vectoriser: TfidfVectorizer | None = None
        self.title_matrix = sp.csr_matrix((0, 0), dtype=np.float32)
        self.title_occupation = np.array([o for _, o in pairs], dtype=np.int64)
        if pairs:
            self.title_vectoriser = TfidfVectorizer(
                analyzer="word",
                ngram_range=(1, 2),
                token_pattern=r"\S+",
                lowercase=False,
                sublinear_tf=True,
                dtype=np.float32,
            )
            matrix = self.title_vectoriser.fit_transform([w for w, _ in pairs]).T.tocsr()
            # A word in more than 1 in 30 authority titles ("manager", "engineer": thousands in O*NET) is
            # dropped from the similarity (it still counts in the vector norms) to keep title lookups
            # fast; a title that is such a word alone is found by the exact lookup.
            common = np.diff(matrix.indptr) > max(COMMON_TERM_SHARE * len(pairs), COMMON_TERM_MIN)
            matrix.data[np.repeat(common, np.diff(matrix.indptr))] = 0
            matrix.eliminate_zeros()
            self.title_matrix = matrix

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
        self.text_vectoriser = _text_vectoriser(groups["all"])
        self.profiles: dict[str, sp.csr_matrix] = {}
        self.text_terms = pl.DataFrame(schema={"term": pl.String, "column": pl.Int64, "idf": pl.Float64})
        self.stop_words: list[str] = []
        if self.text_vectoriser is not None:
            self.profiles = {g: self.text_vectoriser.transform(t).T.tocsr() for g, t in groups.items()}
            vocabulary = self.text_vectoriser.vocabulary_
            columns = np.fromiter(vocabulary.values(), dtype=np.int64, count=len(vocabulary))
            self.text_terms = pl.DataFrame(
                {
                    "term": list(vocabulary),
                    "column": columns,
                    "idf": self.text_vectoriser.idf_.astype(np.float64)[columns],
                }
            )
            self.stop_words = sorted(self.text_vectoriser.get_stop_words() or ())

    def _text_matrix(self, texts: Sequence[str | None]) -> sp.csr_matrix:
        """The texts in the fitted TF-IDF space, exactly as the fitted vectoriser would put them (lower
        case, its token pattern, stop words out, then unigrams and bigrams; 1 + log tf times idf, L2
        normalised), tokenised by polars rather than in Python."""
        tokens = (
            pl.DataFrame({"text": [t or "" for t in texts]})
            .with_row_index("doc")
            .select("doc", token=pl.col("text").str.to_lowercase().str.extract_all(TEXT_TOKENS))
            .explode("token", empty_as_null=True)
            .drop_nulls("token")
            .filter(~pl.col("token").is_in(self.stop_words))
            .with_columns(following=pl.col("token").shift(-1).over("doc"))
        )
        terms = pl.concat(
            [
                tokens.select("doc", term="token"),
                tokens.drop_nulls("following").select(
                    "doc", term=pl.col("token") + " " + pl.col("following")
                ),
            ]
        )
        weights = (
            terms.join(self.text_terms, on="term", how="inner")
            .group_by("doc", "column")
            .agg(weight=(1 + pl.len().cast(pl.Float64).log()) * pl.col("idf").first())
            .with_columns(weight=pl.col("weight") / (pl.col("weight") ** 2).sum().over("doc").sqrt())
        )
        return sp.csr_matrix(
            (
                weights["weight"].to_numpy().astype(np.float32),
                (weights["doc"].to_numpy(), weights["column"].to_numpy()),
            ),
            shape=(len(texts), len(self.text_terms)),
        )

    def title_features(self, titles: Sequence[str | None], out: np.ndarray) -> tuple[list[str], list[str]]:
        """Fill ``out`` (4 x titles x occupations, zeros) with ``exact``, ``exact_soc``, ``exact_part``
        and ``title``; return the authority title each title was found as and its normalised form."""
        forms: list[str] = []
        keys: list[str] = []
        words: list[str] = []
        for i, title in enumerate(titles):
            matched = ""
            analysed = self.normaliser.analyse(title) if title else None
            if analysed and analysed.key not in self.withheld:
                for slot, form in [(0, f) for f in analysed.whole] + [(2, f) for f in analysed.parts]:
                    found = self.exact.get(form)
                    if found is None or form in self.withheld:
                        continue
                    occupations, shares, siblings, soc_shares = found
                    out[slot, i, occupations] = shares
                    if slot == 0:
                        out[1, i, siblings] = soc_shares
                    matched = form
                    break
                words.append(analysed.words)
            else:
                # no title, or one the corrections withhold (it names no occupation): the text decides
                words.append("")
            forms.append(matched)
            keys.append(analysed.key if analysed else "")
        self._title_similarity(words, out[3])
        return forms, keys

    def _title_similarity(self, words: Sequence[str], out: np.ndarray) -> None:
        """Fill ``out`` (titles x occupations, zeros) with the cosine of each title with the
        occupation's closest authority title."""
        if self.title_vectoriser is None:
            return
        product = (self.title_vectoriser.transform(words) @ self.title_matrix).tocsr()
        rows = np.repeat(np.arange(len(words)), np.diff(product.indptr))
        np.maximum.at(
            out.reshape(-1), rows * len(self.codes) + self.title_occupation[product.indices], product.data
        )

    def text_features(self, texts: Sequence[str | None], out: np.ndarray) -> None:
        """Fill ``out`` (text features x texts x occupations) with the ``text_*`` features."""
        if self.text_vectoriser is None:
            return
        matrix = self._text_matrix(texts)
        for k, group in enumerate(("titles", "duties", "tools", "all")):
            out[k] = (matrix @ self.profiles[group]).toarray()

    def evidence(self, titles: Sequence[str | None], texts: Sequence[str | None] | None = None) -> Evidence:
        """The evidence of each document: its title and, when given, its text (title-only otherwise)."""
        values = np.zeros((len(FEATURES), len(titles), len(self.codes)), dtype=np.float32)
        forms, keys = self.title_features(titles, values[:4])
        if texts is not None:
            self.text_features(texts, values[4 : 4 + len(TEXT_FEATURES)])
        values[-1] = self.prior
        return Evidence(values, forms, keys)


def _text_vectoriser(profiles: list[str]) -> TfidfVectorizer | None:
    """TF-IDF over the occupations' profiles, keeping the words two or more occupations share (a word
    of one occupation's text only is mostly noise: measured on the gold set's dev half); over a
    reference too small to share any, every word; None when there is no text at all."""
    for min_df in (2, 1):
        vectoriser = TfidfVectorizer(
            ngram_range=(1, 2),
            sublinear_tf=True,
            stop_words="english",
            min_df=min_df,
            token_pattern=TEXT_TOKENS,
            dtype=np.float32,
        )
        try:
            return vectoriser.fit(profiles)
        except ValueError:  # an empty vocabulary
            continue
    return None
