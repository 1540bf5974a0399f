"""What a title alone says: a probability distribution P(occupation | title) from every authority's
listing, so that a clear known title dominates, an ambiguous one spreads over the occupations that
share it, and an unseen one borrows from its kin.

- A listed title: each occupation that lists it weighs its OEWS employment times the title's support
  there (the occupation's own title 3, a BLS SOC direct match title or an O*NET reported title 2, an
  O*NET alternate title once per source that reports it); within a SOC code O*NET splits into several
  occupations, the employment is shared among them. A corrected title goes to its corrected
  occupation; a withheld one says nothing.
- An unseen title: its head (the longest known ending of two or more words: ``healthcare data
  scientist`` is a data scientist), a known title followed by words that name no worker (``data
  scientist oncology``), or a known title it misspells with every word accounted for; failing all of
  them, the family of titles that end like it (every O*NET title ending in ``consultant``, each
  counted once), which spreads over the occupations that family names so that the text decides; a
  title that names a field rather than a worker (a resume's category label, ``HR``), the family of
  titles that begin with it (``human resources specialist``, ``human resources manager``).

Any title is also scored against every occupation's titles: the cosine with its closest one
(``similarity``) and a logistic regression over their terms (``pipelines.titles.title_regression``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from rapidfuzz import fuzz, process
from sklearn.feature_extraction.text import TfidfVectorizer
from wordfreq import zipf_frequency

from pipelines.titles.normalise import TitleForms, TitleNormaliser
from pipelines.titles.reference import OccupationReference
from pipelines.titles.text_model import tfidf_rows, vocabulary_frame, word_tokens
from pipelines.titles.title_regression import TitleRegression

# evidence levels, strongest first
EXACT, PART, NEAR, FAMILY, NONE = "exact", "part", "near", "family", "none"
# titles ending with the same words make a family to decide an unseen kin by when there are this many
FAMILY_MIN_KEYS = 3
# how many listings a title's family counts for when a title few sources list is smoothed towards it,
# and how many of the family's occupations it spreads over
FAMILY_PRIOR = 1.0
FAMILY_SPREAD = 20
# a word that ends this many authority titles names a kind of worker ("analyst", "engineer")
WORKER_HEAD_KEYS = 20
# a one-word title that ends this many names a kind of worker and no one occupation: its family decides
GENERIC_HEAD_KEYS = 100
# a misspelt title: rapidfuzz token_sort_ratio at least this, every word accounted for; a misspelt
# word: ratio at least this
FUZZY_SCORE = 86.0
WORD_TYPO = 80.0
# a word at least this common in English (wordfreq Zipf) is a word, not a misspelling of another
KNOWN_WORD_ZIPF = 2.5
KNOWN_WORDS_CACHE = 100_000
# A word in more than 1 in 100 authority titles ("manager", "engineer": thousands in O*NET) is left out
# of the title similarity (it still counts in the vector norms) to keep it fast; a title that is such a
# word alone is found by the lookups.
COMMON_TERM_SHARE = 1 / 100
COMMON_TERM_MIN = 200


@dataclass(frozen=True)
class TitleEvidence:
    """What one title says: how it was found, the occupations it names and their probabilities."""

    level: str
    occupations: np.ndarray  # int64 occupation indices
    probabilities: np.ndarray  # float32, summing to 1
    form: str  # the authority title (or family ending) it was found as; '' when none
    words: str = ""  # what the title similarity reads: the authority title found, else the title's words
    key: str = ""  # the title normalised


NO_EVIDENCE = TitleEvidence(NONE, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), "")


class TitleModel:
    """P(occupation | title), fitted once per reference release."""

    def __init__(self, reference: OccupationReference, normaliser: TitleNormaliser) -> None:
        self.normaliser = normaliser
        employment = np.array([e or 0.0 for e in reference.employment], dtype=np.float64)
        employment[employment <= 0] = employment[employment > 0].min() if (employment > 0).any() else 1.0
        support, corrected = self._listings(reference)
        self.known = {
            key: _distribution({occ: w * employment[occ] for occ, w in weights.items()})
            for key, weights in support.items()
        }
        self.families = self._families()
        self.fields = self._families(leading=True)
        # A title few sources list says less than one many do: its listing is smoothed towards its
        # family's (the titles that end like it), as if the family had FAMILY_PRIOR listings of it;
        # a corrected title is not.
        for key in set(self.known) - corrected:
            words = key.split()
            endings = (" ".join(words[k:]) for k in range(1, len(words)))
            ending = next((e for e in endings if e in self.families), None)
            if ending is not None:
                self.known[key] = self._smoothed(
                    self.known[key], self.families[ending], sum(support[key].values())
                )
        # known titles by their last word (the kind of worker) and by every word
        self.by_head: dict[str, set[str]] = defaultdict(set)
        self.with_word: dict[str, set[str]] = defaultdict(set)
        for key in self.known:
            self.by_head[key.rsplit(" ", 1)[-1]].add(key)
            for word in key.split():
                self.with_word[word].add(key)
        self.vocabulary = frozenset(self.with_word)
        self.head_words = sorted(self.by_head)
        self._known_words: dict[str, bool] = {}
        self._fit_similarity(reference)
        self._fit_regression(reference)

    def _listings(self, reference: OccupationReference) -> tuple[dict[str, dict[int, float]], set[str]]:
        """Each authority title's support per occupation (corrections applied), and the corrected titles."""
        support: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
        for title, occ, source, n_sources in reference.titles:
            for key in self.normaliser.index_keys(title):
                support[key][occ] += reference.listing_weights.get(source, 1.0) * max(1, n_sources)
        self.withheld: set[str] = set()
        corrected: set[str] = set()
        for title, occupation in reference.corrections.items():
            for key in self.normaliser.index_keys(title):
                support.pop(key, None)
                if occupation is None:
                    self.withheld.add(key)
                else:
                    support[key] = {occupation: 1.0}
                    corrected.add(key)
        return support, corrected

    def _families(self, leading: bool = False) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Every ending (``leading``: every beginning) shared by ``FAMILY_MIN_KEYS`` known titles or
        more, and the occupations those titles name (each title counted once)."""
        tally: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
        n_keys: dict[str, int] = defaultdict(int)
        for key, (occupations, p) in self.known.items():
            words = key.split()
            spans = (
                [(0, b) for b in range(1, len(words))]
                if leading
                else [(a, len(words)) for a in range(len(words))]
            )
            for a, b in spans:
                part = " ".join(words[a:b])
                n_keys[part] += 1
                for occ, share in zip(occupations.tolist(), p.tolist(), strict=True):
                    tally[part][occ] += share
        return {part: _distribution(w) for part, w in tally.items() if n_keys[part] >= FAMILY_MIN_KEYS}

    @staticmethod
    def _smoothed(
        listing: tuple[np.ndarray, np.ndarray], family: tuple[np.ndarray, np.ndarray], support: float
    ) -> tuple[np.ndarray, np.ndarray]:
        """``listing`` mixed with the ``FAMILY_SPREAD`` likeliest occupations of ``family``."""
        occupations, p = listing
        keep = np.argsort(-family[1])[:FAMILY_SPREAD]
        merged, at = np.unique(np.concatenate([occupations, family[0][keep]]), return_inverse=True)
        share = support / (support + FAMILY_PRIOR)
        weights = np.concatenate([share * p, (1 - share) * family[1][keep] / family[1][keep].sum()])
        return merged, np.bincount(at, weights=weights).astype(np.float32)

    def _fit_similarity(self, reference: OccupationReference) -> None:
        """Authority titles as TF-IDF rows (word unigrams and bigrams), ordered by occupation; a
        corrected title is listed under its corrected occupation only, a withheld one under none."""
        corrected = {self.normaliser.analyse(t).words: occ for t, occ in reference.corrections.items()}
        listed = {(self.normaliser.analyse(t).words, occ) for t, occ, _, _ in reference.titles if t}
        pairs = [(w, o) for w, o in listed if w and w not in corrected]
        pairs += [(w, o) for w, o in corrected.items() if w and o is not None]
        pairs.sort(key=lambda p: (p[1], p[0]))
        self.n_occupations = len(reference.codes)
        self.title_terms = vocabulary_frame(None)
        self.title_matrix = sp.csr_matrix((0, 0), dtype=np.float32)
        self.title_occupation = np.array([o for _, o in pairs], dtype=np.int64)
        if not pairs:
            return
        vectoriser = TfidfVectorizer(
            analyzer="word",
            ngram_range=(1, 2),
            token_pattern=r"\S+",
            lowercase=False,
            sublinear_tf=True,
            dtype=np.float32,
        )
        matrix = vectoriser.fit_transform([w for w, _ in pairs]).T.tocsr()
        self.title_terms = vocabulary_frame(vectoriser)
        common = np.diff(matrix.indptr) > max(COMMON_TERM_SHARE * len(pairs), COMMON_TERM_MIN)
        matrix.data[np.repeat(common, np.diff(matrix.indptr))] = 0
        matrix.eliminate_zeros()
        self.title_matrix = matrix

    def _fit_regression(self, reference: OccupationReference) -> None:
        """The regression over every listing of a title under an occupation, as its key (a corrected
        title under its corrected occupation only, a withheld one under none)."""
        corrected = {self.normaliser.key(t): occ for t, occ in reference.corrections.items()}
        keys = ((self.normaliser.key(t), occ) for t, occ, _, _ in reference.titles)
        found = ((key, corrected.get(key, occ)) for key, occ in keys if key)
        pairs = [(key, occ) for key, occ in found if occ is not None]
        self.regression = TitleRegression(pairs, self.n_occupations)

    def similarity(self, words: Sequence[str], out: np.ndarray) -> None:
        """Fill ``out`` (titles x occupations, zeros) with the cosine of each title's words with the
        occupation's closest authority title: a title never seen is near its kin."""
        if self.title_terms.is_empty():
            return
        product = (tfidf_rows(word_tokens(words), self.title_terms, len(words)) @ self.title_matrix).tocsr()
        rows = np.repeat(np.arange(len(words)), np.diff(product.indptr))
        np.maximum.at(
            out.reshape(-1), rows * self.n_occupations + self.title_occupation[product.indices], product.data
        )

    def evidence(self, title: str | None) -> TitleEvidence:
        """What ``title`` says about its occupation."""
        if not title or not title.strip():
            return NO_EVIDENCE
        forms = self.normaliser.analyse(title)
        if forms.key in self.withheld or not forms.tokens:
            # a withheld title names no occupation: the text decides
            return TitleEvidence(NONE, NO_EVIDENCE.occupations, NO_EVIDENCE.probabilities, "", "", forms.key)
        found = self._found(forms)
        # the similarity reads what the title was found as, when it is one authority title: the title
        # proper, not the team and place around it
        single = found.level in (EXACT, PART, NEAR) and found.form in self.known
        words = found.form if single else forms.words
        return TitleEvidence(
            found.level, found.occupations, found.probabilities, found.form, words, forms.key
        )

    def _found(self, forms: TitleForms) -> TitleEvidence:
        # the title as written is its first reading: most titles an authority lists are found so,
        # without working out the others
        found = self._listed([forms.written], EXACT) or self._listed(forms.whole, EXACT)
        found = found or self._listed(forms.reordered, EXACT)
        if found is None and forms.alternatives:
            found = self._either(forms.alternatives)
        found = found or self._listed(forms.first, EXACT) or self._listed(forms.parts, PART)
        if found is not None:
            return found
        readings = forms.whole + forms.reordered + forms.first
        for form in readings:
            key = self._head(form) or self._prefix(form) or self._misspelt(form)
            if key:
                return TitleEvidence(NEAR, *self.known[key], key)
        for form in readings:
            words = form.split()
            for start in range(len(words)):
                ending = " ".join(words[start:])
                if ending in self.families:
                    return TitleEvidence(FAMILY, *self.families[ending], ending)
        for form in readings:
            if form in self.fields:
                # a field, not a worker ("human resources", "data science"): the titles that begin with it
                return TitleEvidence(FAMILY, *self.fields[form], form)
        return NO_EVIDENCE

    def _listed(self, forms: list[str], level: str) -> TitleEvidence | None:
        """The first of ``forms`` an authority lists (a one-word title that names a kind of worker,
        such as ``engineer``, by its family); NO_EVIDENCE for a withheld one."""
        for form in forms:
            if form in self.withheld:
                return NO_EVIDENCE
            if form in self.known:
                if (
                    " " not in form
                    and len(self.by_head.get(form, ())) >= GENERIC_HEAD_KEYS
                    and form in self.families
                ):
                    return TitleEvidence(FAMILY, *self.families[form], form)
                return TitleEvidence(level, *self.known[form], form)
        return None

    def _either(self, alternatives: list[str]) -> TitleEvidence | None:
        """A title that offers alternatives names each of them equally, as far as they are known."""
        found = [e for e in map(self.evidence, alternatives) if e.level in (EXACT, PART, NEAR)]
        if not found:
            return None
        if len(found) == 1:
            return found[0]
        occupations = np.concatenate([e.occupations for e in found])
        weights = np.concatenate([e.probabilities for e in found]) / len(found)
        merged, at = np.unique(occupations, return_inverse=True)
        p = np.bincount(at, weights=weights).astype(np.float32)
        level = next(lv for lv in (EXACT, PART, NEAR) if any(e.level == lv for e in found))
        return TitleEvidence(level, merged, p / p.sum(), " / ".join(e.form for e in found))

    def _head(self, form: str) -> str | None:
        """The longest known ending of two or more words, unless a leader's rank would be dropped
        before another leader (a chief data officer is no data officer)."""
        words = form.split()
        leaders = self.normaliser.words.leaders
        if words and words[-1] in leaders and leaders & set(words[:-2]):
            return None
        for start in range(1, len(words) - 1):
            head = " ".join(words[start:])
            if head in self.known:
                # a known title that keeps the first word and drops one inner word names the job more
                # closely than a head of three or more words: an electrical engineering lab
                # technician is an electrical engineering technician
                if len(words) - start >= 3:
                    inner = (" ".join(words[:k] + words[k + 1 :]) for k in range(1, len(words) - 1))
                    head = next((shorter for shorter in inner if shorter in self.known), head)
                return head
        return None

    def _prefix(self, form: str) -> str | None:
        """A known title of two or more words followed by words none of which names a worker
        (``data scientist oncology``; not ``data scientist manager``)."""
        words = form.split()
        for end in range(len(words) - 1, 1, -1):
            prefix = " ".join(words[:end])
            if prefix in self.known:
                return (
                    prefix
                    if not any(len(self.by_head.get(w, ())) >= WORKER_HEAD_KEYS for w in words[end:])
                    else None
                )
        return None

    def _misspelt(self, form: str) -> str | None:
        """The nearest known title with the same last word, or with a last word it misspells (a typo
        in the word that names the worker), when every word of each has its counterpart in the other.
        A title of known words only misspells nothing (a known word is no misspelling of another)."""
        words = form.split()
        if all(self._known_word(w) for w in words):
            return None
        heads = [words[-1]] if words[-1] in self.by_head else []
        if not heads:
            near = process.extract(
                words[-1], self.head_words, scorer=fuzz.ratio, score_cutoff=WORD_TYPO, limit=3
            )
            heads = [word for word, _, _ in near]
        # the other words the title spells right narrow the search to the titles that have one of them
        spelt = [self.with_word[w] for w in words[:-1] if w in self.with_word]
        choices: set[str] = set()
        for head in heads:
            if spelt:
                choices.update(*(self.by_head[head] & having for having in spelt))
            else:
                choices.update(self.by_head[head])
        found = process.extractOne(
            form, sorted(choices), scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_SCORE
        )
        if found and self._covered(form, found[0]):
            return str(found[0])
        return None

    def _known_word(self, word: str) -> bool:
        known = self._known_words.get(word)
        if known is None:
            if len(self._known_words) > KNOWN_WORDS_CACHE:
                self._known_words.clear()
            known = self._known_words[word] = (
                word in self.vocabulary or zipf_frequency(word, "en") >= KNOWN_WORD_ZIPF
            )
        return known

    def _covered(self, form: str, key: str) -> bool:
        """Every word (single letters and function words aside) of either title is in the other or
        misspells a word of it; a word O*NET or English knows misspells nothing ("salvage" is not
        "sales")."""

        def counterpart(word: str, others: list[str]) -> bool:
            if word in others:
                return True
            return not self._known_word(word) and any(fuzz.ratio(word, o) >= WORD_TYPO for o in others)

        a, b = form.split(), key.split()
        function_words = self.normaliser.words.function_words
        content = [w for w in a if len(w) > 1 and w not in function_words]
        return all(counterpart(w, b) for w in content) and all(
            any(counterpart(w, [k]) for w in a) for k in b if len(k) > 1 and k not in function_words
        )


def _distribution(weights: dict[int, float]) -> tuple[np.ndarray, np.ndarray]:
    """Occupation indices and their weights as probabilities."""
    occupations = np.fromiter(weights, dtype=np.int64, count=len(weights))
    p = np.fromiter(weights.values(), dtype=np.float64, count=len(weights))
    return occupations, (p / p.sum()).astype(np.float32)
