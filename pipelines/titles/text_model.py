"""What a document's own text says about its occupation, against each occupation's O*NET text.

- The text is first cut to the parts that describe the work: sections under a benefits, company,
  equal-opportunity, location or application header are dropped, and so are lines that carry such
  boilerplate anywhere (``reference/text_sections.csv``); the rest is read up to ``text_chars``.
- ``text_titles``, ``text_duties``, ``text_tools``: the cosine of the text with the occupation's
  titles, its description and tasks, and its technology and tools (one TF-IDF space of word unigrams
  and bigrams fitted on all of O*NET's text), as a share of the text's best cosine (a cosine is small
  for a long text and large for a short one; how the occupations compare is what counts, and the
  text's say stays bounded).
- ``text_mentions``: the authority titles of two to four words the text names ("reports to the
  data engineering manager", "worked as a software developer"), each spread over its occupations by
  P(occupation | title), as a share of all the titles the text names.
- ``text_likelihood``: how likely the text's words are under each occupation's own words (a
  multinomial naive Bayes over the same O*NET text, Laplace-smoothed, the text's TF-IDF weights as
  its word counts), as log-likelihood less the best occupation's. Where the cosines ask which
  occupation's text the document resembles, this asks which occupation would write its words: a
  word that one occupation uses often and its neighbour never (``pipelines``, ``etl``) counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import polars as pl
import scipy.sparse as sp
from scipy.sparse import _sparsetools
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from pipelines import REFERENCE_DIR
from pipelines.titles.normalise import vocabulary_rows
from pipelines.titles.reference import FIELD_GROUPS, OccupationReference

if TYPE_CHECKING:  # the title model reads its terms with this module's helpers
    from pipelines.titles.title_model import TitleModel

TEXT_SECTIONS = REFERENCE_DIR / "text_sections.csv"
SECTION_KINDS = frozenset(["duties", "requirements", "other", "other_start", "boilerplate"])
TEXT_GROUPS = ("titles", *FIELD_GROUPS)
TEXT_TOKENS = r"(?u)\b[a-z][a-z0-9+#]*\b"
# a cosine this small is as good as none
COSINE_FLOOR = 1e-6
MENTION_WORDS = (2, 3, 4)
# the naive Bayes word counts' additive (Laplace) smoothing
WORD_SMOOTHING = 1.0
# a header is a short line ("Key Responsibilities:", "About Acme"); a text is read up to this many
# times the characters kept of it, for the boilerplate it may hold
HEADER_CHARS = 50
READ_FACTOR = 3
_HEADER_FORM = r"^[\s\W\d]*(.*?)[\s:.\-–—!?]*$"
_INLINE_HEADER = r"^[\s\W\d]{0,4}([a-z' ]{3,40}):"


@dataclass(frozen=True)
class Sections:
    """The section vocabulary of ``reference/text_sections.csv``: header cues by the kind of section
    they open, cues that open a boilerplate section when a short line begins with them, and phrases
    that mark a boilerplate line anywhere."""

    headers: dict[str, str]
    starts: list[str]
    boilerplate: list[str]

    @classmethod
    def load(cls, path: Path = TEXT_SECTIONS) -> Sections:
        rows = vocabulary_rows(path, SECTION_KINDS)
        by_kind: dict[str, list[str]] = defaultdict(list)
        for row in rows:
            by_kind[row["kind"]].append(row["cue"].lower())
        headers = {cue: kind for kind in ("duties", "requirements", "other") for cue in by_kind[kind]}
        return cls(headers, by_kind["other_start"], by_kind["boilerplate"])

    def work_text(self, texts: Sequence[str | None], chars: int) -> pl.DataFrame:
        """``doc`` (position in ``texts``) and ``lower``: each text's lines that describe the work, lower
        case, up to ``chars`` characters, in their order (null when none). A text is read up to
        ``READ_FACTOR`` times ``chars``."""
        lines = (
            pl.DataFrame({"text": [(t or "")[: READ_FACTOR * chars] for t in texts]})
            .with_row_index("doc")
            .select("doc", line=pl.col("text").str.split("\n"))
            .explode("line", empty_as_null=True)
            .filter(pl.col("line").str.contains(r"\S"))
            .with_columns(lower=pl.col("line").str.to_lowercase())
        )
        # only a short line can be a header
        short = pl.col("line").str.len_bytes() <= HEADER_CHARS
        header = (
            pl.col("lower")
            .str.replace_all("’", "'")
            .str.extract(_HEADER_FORM, 1)
            .str.replace_all(r"\s+", " ")
        )
        starts = [pl.col("header").str.starts_with(s + " ") for s in self.starts]
        opens = (
            pl.when(pl.col("header").is_in(list(self.headers)))
            .then(pl.col("header").replace_strict(self.headers, default=None))
            .when(pl.any_horizontal(starts) if starts else pl.lit(False))
            .then(pl.lit("other"))
        )
        inline = pl.col("lower").str.extract(_INLINE_HEADER, 1).replace_strict(self.headers, default=None)
        boilerplate = (
            pl.col("lower").str.contains_any(self.boilerplate) if self.boilerplate else pl.lit(False)
        )
        kept = (
            lines.with_columns(header=pl.when(short).then(header))
            .with_columns(opens=opens, inline=inline, boilerplate=boilerplate)
            # texts are contiguous: a text's first line opens its introduction unless it is a header
            .with_columns(
                section=pl.when(pl.col("doc") != pl.col("doc").shift(1, fill_value=-1))
                .then(pl.col("opens").fill_null("intro"))
                .otherwise(pl.col("opens"))
                .forward_fill()
            )
            .filter(
                pl.col("opens").is_null()
                & (pl.col("section") != "other")
                & (pl.col("inline").fill_null("") != "other")
                & ~pl.col("boilerplate")
            )
            .group_by("doc", maintain_order=True)
            .agg(pl.col("lower").str.join("\n").str.slice(0, chars))
        )
        return pl.DataFrame({"doc": np.arange(len(texts), dtype=np.uint32)}).join(kept, on="doc", how="left")


class TextModel:
    """Fitted once per O*NET release, then applied in batches."""

    def __init__(self, reference: OccupationReference, titles: TitleModel, sections: Sections) -> None:
        n = len(reference.codes)
        self.sections = sections
        titles_of: dict[int, list[str]] = defaultdict(list)
        for title, occ, _, _ in reference.titles:
            titles_of[occ].append(title)
        groups = {
            "titles": [" . ".join(titles_of[i]) for i in range(n)],
            "duties": [" . ".join(reference.texts.get(i, {}).get("duties", [])) for i in range(n)],
            "tools": [" . ".join(reference.texts.get(i, {}).get("tools", [])) for i in range(n)],
        }
        profiles = [" . ".join(parts) for parts in zip(*groups.values(), strict=True)]
        self.vectoriser = _text_vectoriser(profiles)
        self.profiles: dict[str, sp.csr_matrix] = {}
        self.terms = vocabulary_frame(self.vectoriser)
        self.stop_words: list[str] = []
        self.word_log_counts = sp.csr_matrix((0, n), dtype=np.float32)
        self.word_log_total = np.zeros(n, dtype=np.float32)
        if self.vectoriser is not None:
            self.profiles = {g: self.vectoriser.transform(t).T.tocsr() for g, t in groups.items()}
            self.stop_words = sorted(self.vectoriser.get_stop_words() or ())
            self._fit_likelihood(self.vectoriser, profiles)
        # the titles a text may name: every known title of two to four words, with its occupations
        rows = [
            (key, occ, p)
            for key, (occupations, probabilities) in titles.known.items()
            if key.count(" ") + 1 in MENTION_WORDS
            for occ, p in zip(occupations.tolist(), probabilities.tolist(), strict=True)
        ]
        self.mentions = pl.DataFrame(
            rows, schema={"term": pl.String, "occ": pl.Int64, "p": pl.Float64}, orient="row"
        )
        # the distinct titles alone: a batch's word runs are first matched against these (a tenth of
        # the rows), so that the join with every (title, occupation) row reads only the runs that match
        self.mention_terms = self.mentions.select(pl.col("term").unique(maintain_order=True))
        # the words of those titles as a text may write them (singular or plural), and their key form
        singular = titles.normaliser.singular
        words = {w for key in self.mentions["term"].unique().to_list() for w in key.split()}
        surfaces = {
            form: word
            for word in words
            for form in (word, word + "s", word + "es", word[:-1] + "ies", *titles.normaliser.words.plurals)
            if singular(form) == word
        }
        self.words = pl.DataFrame(
            {"token": list(surfaces), "word": list(surfaces.values())},
            schema={"token": pl.String, "word": pl.String},
        )

    def _fit_likelihood(self, vectoriser: TfidfVectorizer, profiles: list[str]) -> None:
        """Each occupation's word counts in its profile, as a naive Bayes."""
        counts = CountVectorizer(
            vocabulary=vectoriser.vocabulary_,
            ngram_range=vectoriser.ngram_range,
            stop_words=vectoriser.stop_words,
            token_pattern=vectoriser.token_pattern,
            dtype=np.float64,
        ).transform(profiles)
        self.word_log_counts, self.word_log_total = naive_bayes(counts, WORD_SMOOTHING)

    def features(self, texts: Sequence[str | None], chars: int, out: np.ndarray) -> np.ndarray:
        """Fill ``out`` (5 x texts x occupations, zeros) with ``text_titles``, ``text_duties``,
        ``text_tools``, ``text_mentions`` and ``text_likelihood``; return which texts had words
        O*NET's text knows."""
        if self.vectoriser is None or not len(texts):
            return np.zeros(len(texts), dtype=bool)
        tokens = (
            self.sections.work_text(texts, chars)
            .select("doc", token=pl.col("lower").str.extract_all(TEXT_TOKENS))
            .explode("token", empty_as_null=True)
            .drop_nulls("token")
        )
        matrix = tfidf_rows(tokens.filter(~pl.col("token").is_in(self.stop_words)), self.terms, len(texts))
        for k, group in enumerate(TEXT_GROUPS):
            cosine = dense_product(matrix, self.profiles[group], out[k])
            np.divide(cosine, np.maximum(cosine.max(axis=1, keepdims=True), COSINE_FLOOR), out=cosine)
        self._mentions(tokens, out[len(TEXT_GROUPS)])
        log_likelihood(matrix, self.word_log_counts, self.word_log_total, out[len(TEXT_GROUPS) + 1])
        return np.diff(matrix.indptr) > 0

    def _mentions(self, tokens: pl.DataFrame, out: np.ndarray) -> None:
        """``text_mentions`` into ``out`` (texts x occupations): the known titles the text names."""
        # a word no such title has cannot be part of one: it ends every run of words it is in
        words = tokens.join(self.words, on="token", how="left", maintain_order="left").select(
            "doc", token="word"
        )
        # a title has two words or more: a run starts only where a word is followed by another
        words = words.with_columns(
            following(k).alias(f"next{k}") for k in range(1, max(MENTION_WORDS))
        ).filter(pl.col("next1").is_not_null())
        grams = pl.concat(
            [
                words.select(
                    "doc",
                    term=pl.concat_str(["token", *(f"next{k}" for k in range(1, n))], separator=" "),
                )
                for n in MENTION_WORDS
            ]
        ).drop_nulls("term")
        found = grams.join(self.mention_terms, on="term", how="semi").join(
            self.mentions, on="term", how="inner"
        )
        if found.is_empty():
            return
        weights = (
            found.group_by("doc", "occ")
            .agg(pl.col("p").sum())
            .with_columns(p=pl.col("p") / pl.col("p").sum().over("doc"))
        )
        out[weights["doc"].to_numpy(), weights["occ"].to_numpy()] = weights["p"].to_numpy()


def _text_vectoriser(profiles: list[str]) -> TfidfVectorizer | None:
    """TF-IDF over the occupations' profiles (every word: a word only one occupation's text has, such
    as ``lessons``, is the best evidence of it); None when there is no text at all."""
    vectoriser = TfidfVectorizer(
        ngram_range=(1, 2),
        sublinear_tf=True,
        stop_words="english",
        token_pattern=TEXT_TOKENS,
        dtype=np.float32,
    )
    try:
        return vectoriser.fit(profiles)
    except ValueError:  # an empty vocabulary
        return None


@dataclass(frozen=True)
class Vocabulary:
    """A fitted vectoriser's unigram and bigram terms, as ``tfidf_rows`` looks them up: each word of
    any term by an integer id (``word``, ``id``, and its ``column`` and ``idf`` when it is a term
    itself), and each bigram by its two words' ids (``key``, ``column``, ``idf``). A batch's tokens
    are matched against the words only, and its bigrams as integers: no bigram string is made, and
    no table of every term's string is hashed again for each batch."""

    words: pl.DataFrame
    bigrams: pl.DataFrame
    size: int

    def __len__(self) -> int:
        return self.size

    def is_empty(self) -> bool:
        return self.size == 0


def vocabulary_frame(vectoriser: TfidfVectorizer | None) -> Vocabulary:
    """A fitted vectoriser's terms with their column and idf, for ``tfidf_rows`` (none for None)."""
    if vectoriser is None:
        schema = {"column": pl.Int64, "idf": pl.Float64}
        words = pl.DataFrame(schema={"id": pl.Int64, "word": pl.String, **schema})
        return Vocabulary(words, pl.DataFrame(schema={"key": pl.Int64, **schema}), 0)
    vocabulary = vectoriser.vocabulary_
    columns = np.fromiter(vocabulary.values(), dtype=np.int64, count=len(vocabulary))
    idf = vectoriser.idf_.astype(np.float64)[columns]
    terms = pl.DataFrame({"term": list(vocabulary), "column": columns, "idf": idf})
    parts = terms.with_columns(words=pl.col("term").str.split(" "))
    if parts["words"].list.len().max() > 2:  # type: ignore[operator]
        raise ValueError("tfidf_rows reads word unigrams and bigrams only")
    words = (
        parts.select(word=pl.col("words").explode())
        .unique(maintain_order=True)
        .with_row_index("id")
        .with_columns(pl.col("id").cast(pl.Int64))
        .join(terms, left_on="word", right_on="term", how="left", maintain_order="left")
    )
    ids = dict(zip(words["word"].to_list(), words["id"].to_list(), strict=True))
    first, second = (pl.col("words").list.get(k).replace_strict(ids, return_dtype=pl.Int64) for k in (0, 1))
    bigrams = parts.filter(pl.col("words").list.len() == 2).select(
        key=bigram_key(first, second, len(words)), column="column", idf="idf"
    )
    return Vocabulary(words, bigrams, len(terms))


def bigram_key(first: pl.Expr, second: pl.Expr, n_words: int) -> pl.Expr:
    """A bigram's key from its two words' ids (``Vocabulary.words``)."""
    return first * n_words + second


def word_tokens(words: Sequence[str]) -> pl.DataFrame:
    """``doc`` and ``token``: the space-separated words of each title, in order."""
    return (
        pl.DataFrame({"words": list(words)}, schema={"words": pl.String})
        .with_row_index("doc")
        .select("doc", token=pl.col("words").str.split(" "))
        .explode("token", empty_as_null=True)
        .filter(pl.col("token") != "")
    )


def naive_bayes(counts: sp.spmatrix, smoothing: float) -> tuple[sp.csr_matrix, np.ndarray]:
    """A multinomial naive Bayes from (classes x terms) counts, smoothed by ``smoothing``: log((n + a) / a)
    per term and class, sparse (terms x classes), and log(a / (N + a V)) per class (any term it lacks)."""
    matrix = sp.csr_matrix(counts.T, dtype=np.float32)
    total = np.asarray(matrix.sum(axis=0)).ravel() + smoothing * max(1, matrix.shape[0])
    matrix.data = np.log1p(matrix.data / smoothing)
    return matrix, np.log(smoothing / total).astype(np.float32)


def log_likelihood(
    rows: sp.csr_matrix, log_counts: sp.csr_matrix, log_total: np.ndarray, out: np.ndarray
) -> None:
    """Fill ``out`` (rows x classes) with each row's log-likelihood (its values as term counts) under
    each class of ``naive_bayes``, less its best class's (0 for a row without a term)."""
    dense_product(rows, log_counts, out)
    out += np.asarray(rows.sum(axis=1)) * log_total
    out -= out.max(axis=1, keepdims=True)


def dense_product(rows: sp.csr_matrix, matrix: sp.csr_matrix, out: np.ndarray) -> np.ndarray:
    """``rows @ matrix`` (both CSR, float32) written into ``out`` (C-contiguous float32 zeros) and
    returned: the same sums in the same order as ``(rows @ matrix).toarray()``, by the same scipy
    kernel (its private ``_sparsetools``; a test holds the two equal bit for bit), without its first pass (counting the product's nonzeros, a third of its time: the
    product of a batch of texts with O*NET's profiles is nearly dense, so the count is bounded by
    its size) and without the sparse product between."""
    n, m = rows.shape[0], matrix.shape[1]
    # the private kernel checks nothing: a wrong shape reads out of bounds, and it adds into ``out``
    if rows.shape[1] != matrix.shape[0] or out.shape != (n, m) or not out.flags.c_contiguous:
        raise ValueError(f"dense_product: {rows.shape} @ {matrix.shape} into {out.shape}")
    if not (rows.dtype == matrix.dtype == out.dtype):
        raise ValueError(f"dense_product: dtypes {rows.dtype}, {matrix.dtype}, {out.dtype}")
    if not n or not m or not rows.nnz or not matrix.nnz:
        return out
    index = np.result_type(rows.indices, matrix.indices, np.int32 if n * m < 2**31 else np.int64)
    indptr = np.empty(n + 1, dtype=index)
    indices = np.empty(n * m, dtype=index)
    data = np.empty(n * m, dtype=out.dtype)
    _sparsetools.csr_matmat(
        n,
        m,
        rows.indptr.astype(index, copy=False),
        rows.indices.astype(index, copy=False),
        rows.data,
        matrix.indptr.astype(index, copy=False),
        matrix.indices.astype(index, copy=False),
        matrix.data,
        indptr,
        indices,
        data,
    )
    _sparsetools.csr_todense(n, m, indptr, indices, data, out)
    return out


def tfidf_rows(tokens: pl.DataFrame, terms: Vocabulary, n_rows: int) -> sp.csr_matrix:
    """Texts as a fitted word unigram and bigram TF-IDF vectoriser (sublinear tf, L2 norm) would put
    them, from their tokens (``doc``, ``token``; in order, each text's contiguous), computed by polars
    rather than in Python."""
    ids = tokens.join(terms.words, left_on="token", right_on="word", how="left", maintain_order="left")
    # a token no term has ends every bigram it is in
    following_id = pl.when(pl.col("doc").shift(-1) == pl.col("doc")).then(pl.col("id").shift(-1))
    bigrams = (
        ids.select("doc", key=bigram_key(pl.col("id"), following_id, len(terms.words)))
        .drop_nulls("key")
        .join(terms.bigrams, on="key", how="inner", maintain_order="left")
    )
    grams = pl.concat(
        [
            ids.drop_nulls("column").select("doc", "column", "idf"),
            bigrams.select("doc", "column", "idf"),
        ]
    )
    weights = (
        grams.group_by("doc", "column")
        .agg(weight=(1 + pl.len().cast(pl.Float64).log()) * pl.col("idf").first())
        .with_columns(weight=pl.col("weight") / (pl.col("weight") ** 2).sum().over("doc").sqrt())
    )
    return sp.csr_matrix(
        (
            weights["weight"].to_numpy().astype(np.float32),
            (weights["doc"].to_numpy(), weights["column"].to_numpy()),
        ),
        shape=(n_rows, len(terms)),
    )


def following(k: int) -> pl.Expr:
    """The token ``k`` places on in the same text (null past its end), without a window per text."""
    return pl.when(pl.col("doc").shift(-k) == pl.col("doc")).then(pl.col("token").shift(-k))
