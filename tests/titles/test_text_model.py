from pathlib import Path

import numpy as np
import polars as pl
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from pipelines.titles.coder import FeatureModel
from pipelines.titles.text_model import TEXT_GROUPS, Sections, dense_product, tfidf_rows, vocabulary_frame

POSTING = """Data Engineer
Acme builds the best widgets in the world.
Responsibilities:
- Design data pipelines in Apache Spark
Benefits
- Free snacks and a gym
About Acme
Acme was founded in 1901.
Qualifications
- Python
We are an equal opportunity employer and consider applicants without regard to race.
Location: Remote"""


def test_the_work_text_keeps_duties_and_requirements_and_drops_boilerplate():
    kept = Sections.load().work_text([POSTING, None, "Nursing\nAdministered medications"], chars=4000)
    text = kept["lower"].to_list()
    assert text[0].splitlines() == [
        "data engineer",
        "acme builds the best widgets in the world.",
        "- design data pipelines in apache spark",
        "- python",
    ]
    assert text[1] is None and text[2] == "nursing\nadministered medications"
    assert Sections.load().work_text([POSTING], chars=20)["lower"][0] == "data engineer\nacme b"


def test_sections_reject_an_unknown_kind(tmp_path: Path):
    path = tmp_path / "sections.csv"
    path.write_text("cue,kind\nbenefits,perks\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown kind"):
        Sections.load(path)


def test_the_polars_tfidf_equals_the_fitted_vectoriser():
    vectoriser = TfidfVectorizer(ngram_range=(1, 2), token_pattern=r"\S+", sublinear_tf=True).fit(
        ["data pipelines in spark", "spark spark dashboards", "nurses on wards"]
    )
    texts = ["spark data pipelines spark", "", "wards of nurses"]
    tokens = (
        pl.DataFrame({"t": texts})
        .with_row_index("doc")
        .select("doc", token=pl.col("t").str.split(" "))
        .explode("token", empty_as_null=True)
    ).filter(pl.col("token") != "")
    ours = tfidf_rows(tokens, vocabulary_frame(vectoriser), len(texts)).toarray()
    assert np.abs(ours - vectoriser.transform(texts).toarray()).max() < 1e-6


def test_text_features_name_the_occupation_the_text_describes_and_the_titles_it_names(model: FeatureModel):
    texts = [
        "You will design data pipelines and ETL processes in Apache Spark.",
        "Worked as a staff nurse.",
        "",
    ]
    out = np.zeros((len(TEXT_GROUPS) + 2, 3, len(model.codes)), dtype=np.float32)
    has_text = model.text_model.features(texts, 4000, out)
    assert has_text.tolist() == [True, True, False]
    assert out[TEXT_GROUPS.index("duties"), 0].argmax() == model.codes.index("15-1243.00")
    mentions = out[len(TEXT_GROUPS), 1]
    assert mentions[model.codes.index("29-1141.00")] == pytest.approx(1.0)
    # the likelihood of the text's words, less the best occupation's: the database architects write
    # of pipelines, ETL and Spark; the nurses of none of them
    likelihood = out[len(TEXT_GROUPS) + 1, 0]
    assert likelihood.argmax() == model.codes.index("15-1243.00") and likelihood.max() == 0.0
    assert likelihood[model.codes.index("29-1141.00")] < likelihood[model.codes.index("15-1252.00")] < 0
    # no text: the same value for every occupation, which the softmax ignores
    assert not np.ptp(out[:, 2], axis=1).any()


def test_a_section_vocabulary_without_some_kinds_still_reads_texts():
    kept = Sections({"benefits": "other"}, [], []).work_text(["Build pipelines\nBenefits\nSnacks"], chars=100)
    assert kept["lower"].to_list() == ["build pipelines"]


def test_the_dense_product_equals_scipys_product_bit_for_bit():
    rng = np.random.default_rng(0)
    rows = sp.random(60, 500, density=0.02, format="csr", dtype=np.float32, random_state=rng)
    rows[5] = 0  # a row without a term
    rows.eliminate_zeros()
    matrix = sp.random(500, 40, density=0.05, format="csr", dtype=np.float32, random_state=rng)
    out = np.zeros((60, 40), dtype=np.float32)
    assert dense_product(rows, matrix, out) is out
    assert np.array_equal(out, (rows @ matrix).toarray())
    assert not out[5].any() and out.any()
    empty = np.zeros((60, 40), dtype=np.float32)
    assert not dense_product(sp.csr_matrix((60, 500), dtype=np.float32), matrix, empty).any()
    # scipy's kernel checks nothing (a wrong shape reads out of bounds): the wrapper refuses
    with pytest.raises(ValueError, match="dense_product"):
        dense_product(rows, matrix[:100], np.zeros((60, 40), dtype=np.float32))
    with pytest.raises(ValueError, match="dtypes"):
        dense_product(rows, matrix, np.zeros((60, 40), dtype=np.float64))


def test_the_vocabulary_reads_unigrams_and_bigrams_only():
    vectoriser = TfidfVectorizer(ngram_range=(1, 3), token_pattern=r"\S+").fit(["data pipelines in spark"])
    with pytest.raises(ValueError, match="unigrams and bigrams"):
        vocabulary_frame(vectoriser)
    assert vocabulary_frame(None).is_empty() and len(vocabulary_frame(None)) == 0
