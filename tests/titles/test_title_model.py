import numpy as np
import pytest

from pipelines.titles.coder import FeatureModel
from pipelines.titles.normalise import TitleNormaliser
from pipelines.titles.reference import Authorities, OccupationReference, shared_employment
from pipelines.titles.title_model import EXACT, FAMILY, NEAR, NONE, TitleModel
from tests.titles.conftest import ALTERNATES, make_reference


def _distribution(model: FeatureModel, title: str) -> tuple[str, dict[str, float]]:
    found = model.title_model.evidence(title)
    p = {model.codes[o]: float(v) for o, v in zip(found.occupations, found.probabilities, strict=True)}
    return found.level, p


def test_employment_is_shared_by_the_occupations_of_a_soc_code_and_filled_from_its_aggregate():
    shared = shared_employment(
        ["15-2051.00", "15-2051.01", "31-1122.00", "31-1121.00", "99-0001.00"],
        {"15-2051": 200.0, "31-1120": 100.0},
    )
    assert shared == [100.0, 100.0, 50.0, 50.0, None]


def test_a_clear_known_title_dominates_and_an_ambiguous_one_spreads(model: FeatureModel):
    level, p = _distribution(model, "Senior Software Engineer II")
    assert level == EXACT and p == {"15-1252.00": pytest.approx(1.0)}
    # listed under two occupations: each by its support there times its employment
    level, p = _distribution(model, "Data Engineer")
    assert level == EXACT and set(p) == {"15-2051.00", "15-1243.00"}
    assert p["15-1243.00"] == pytest.approx(2 * 60_000 / (2 * 60_000 + 1 * 100_000), abs=1e-3)


def test_listing_weights_and_text_fields_come_from_the_authorities_file(tmp_path):
    rows = [
        ("15-2051.00", "Data Scientists", "occupation", 1),
        ("15-1243.00", "Database Architects", "occupation", 1),
    ]
    rows += [("15-2051.00", "Data Engineer", "alternate", 1), ("15-1243.00", "Data Engineer", "reported", 1)]
    texts = [("15-2051.00", "task", "Build models."), ("15-2051.00", "tool", "Calculators")]
    priors = [("15-2051", 100.0), ("15-1243", 100.0)]

    def p_engineer(authorities: Authorities) -> tuple[float, dict]:
        reference = OccupationReference.from_rows(rows, texts, priors, authorities=authorities)
        found = TitleModel(reference, TitleNormaliser()).evidence("Data Engineer")
        share = dict(zip(found.occupations.tolist(), found.probabilities.tolist(), strict=True))
        return share[reference.codes.index("15-1243.00")], reference.texts[
            reference.codes.index("15-2051.00")
        ]

    shipped, texts_read = p_engineer(Authorities.load())
    assert shipped == pytest.approx(2 / 3, abs=1e-3) and set(texts_read) == {"duties", "tools"}
    path = tmp_path / "authorities.toml"
    path.write_text('[listing_weights]\nreported = 1.0\n[text_fields]\ntask = "duties"\n', encoding="utf-8")
    even, texts_read = p_engineer(Authorities.load(path))
    assert even == pytest.approx(0.5, abs=1e-3) and set(texts_read) == {"duties"}
    path.write_text("[listing_weights]\nreported = 0\n[text_fields]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="positive"):
        Authorities.load(path)
    path.write_text('[listing_weights]\nreported = 1.0\n[text_fields]\ntask = "duty"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="duty"):
        Authorities.load(path)


def test_a_title_few_sources_list_leans_towards_its_family(model: FeatureModel):
    # "Travel Consultant": four listings, smoothed by one of its family (every title ending in consultant)
    level, p = _distribution(model, "Senior Travel Consultant")
    assert level == EXACT and p["41-3041.00"] == pytest.approx(0.8 + 0.2 * 0.25, abs=0.02)
    assert 0 < p["13-1111.00"] < 0.2


def test_an_unseen_title_borrows_from_its_head_its_prefix_or_the_title_it_misspells(model: FeatureModel):
    for title in ("Healthcare Machine Learning Scientist", "Data Scientist Oncology", "Data Scientst"):
        level, p = _distribution(model, title)
        assert level == NEAR and max(p, key=p.get) == "15-2051.00", title
    # a word English knows is no misspelling
    assert _distribution(model, "Data Sciences Journalist")[0] != NEAR


def test_a_generic_or_unseen_worker_spreads_over_its_family(model: FeatureModel):
    for title in ("Consultant", "Quantum Consultant"):
        level, p = _distribution(model, title)
        assert level == FAMILY and set(p) == {"13-1111.00", "41-3041.00"}
    assert _distribution(model, "Quantum Llama Wrangler")[0] == NONE


def test_a_title_that_names_a_field_spreads_over_the_titles_that_begin_with_it():
    # a resume's category label ("HR", "Data"): no worker, but the titles of that field
    alternates = [*ALTERNATES, ("15-2051.00", "Data Analyst", 1)]
    model = TitleModel(make_reference(alternates=alternates), TitleNormaliser())
    found = model.evidence("Data")
    codes = {make_reference().codes[o] for o in found.occupations}
    assert found.level == FAMILY and codes == {"15-2051.00", "15-1243.00"}
    # two titles beginning with a word make no field
    assert TitleModel(make_reference(), TitleNormaliser()).evidence("Data").level == NONE


def test_a_title_offering_alternatives_names_each(model: FeatureModel):
    level, p = _distribution(model, "Data Scientist / Staff Accountant")
    assert level == EXACT and p == {"15-2051.00": pytest.approx(0.5), "13-2011.00": pytest.approx(0.5)}


def test_corrections_relist_a_title_or_withhold_it():
    model = TitleModel(
        make_reference(corrections=[("Advocate", None), ("Staff Nurse", "13-2011.00")]), TitleNormaliser()
    )
    assert model.evidence("Advocate").level == NONE and model.evidence("Advocate").key == "advocate"
    found = model.evidence("Staff Nurse")
    assert [model.n_occupations > 0, found.probabilities.tolist()] == [True, [1.0]]
    assert found.occupations.tolist() == [make_reference().codes.index("13-2011.00")]


def test_the_similarity_reads_the_title_found(model: FeatureModel):
    out = np.zeros((2, len(model.codes)), dtype=np.float32)
    found = [
        model.title_model.evidence(t)
        for t in ("Senior Data Scientist - Visualization, Acme", "Data Scientst")
    ]
    assert [f.words for f in found] == ["data scientist", "data scientist"]
    model.title_model.similarity([f.words for f in found], out)
    assert out[0].argmax() == model.codes.index("15-2051.00") and out[0].max() == pytest.approx(1.0)


def test_an_empty_reference_knows_no_title():
    model = TitleModel(OccupationReference.from_rows([], [], []), TitleNormaliser())
    assert model.evidence("Data Scientist").level == NONE


def test_the_title_regression_adds_up_the_words_of_all_an_occupations_titles(model: FeatureModel):
    # no authority title is "java software developer": software and developer come from Software
    # Engineer, Java Developer and Software Developers, all titles of one occupation
    out = np.zeros((3, len(model.codes)), dtype=np.float32)
    model.title_model.regression.scores(["java software developer", "zzz qqq", ""], out)
    assert model.codes[out[0].argmax()] == "15-1252.00" and out[0].max() == 0.0
    assert np.sort(out[0])[-2] < 0
    # a title without a term any authority title has tells no occupation from another
    assert not out[1].any() and not out[2].any()


def test_the_title_regression_reads_the_corrected_listings():
    listed = TitleModel(make_reference(), TitleNormaliser())
    relisted = TitleModel(make_reference(corrections=[("Data Engineer", "15-1243.00")]), TitleNormaliser())
    codes = make_reference().codes
    out = np.zeros((2, 1, listed.n_occupations), dtype=np.float32)
    listed.regression.scores(["data engineer"], out[0])
    relisted.regression.scores(["data engineer"], out[1])
    margin = out[:, 0, codes.index("15-1243.00")] - out[:, 0, codes.index("15-2051.00")]
    assert margin[1] > margin[0]
