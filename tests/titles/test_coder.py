import math
from pathlib import Path

import numpy as np
import pytest

from pipelines.titles.calibrate import (
    choose_threshold,
    fit_confidence,
    fit_weights,
    miss_rates,
    out_of_fold_threshold,
    outcome,
    wilson,
)
from pipelines.titles.coder import (
    CODER_SETTINGS,
    CONFIDENCE_FEATURES,
    FEATURES,
    CoderSettings,
    FeatureModel,
    Scoring,
    confidence_features,
    decide,
    probabilities,
)
from pipelines.titles.reference import OccupationReference
from pipelines.titles.steps import trained_model
from tests.titles.conftest import make_reference

# evidence weights for the tests, chosen by hand (the shipped ones are fitted on real documents)
WITH_TEXT = {
    "title": 0.5,
    "title_similarity": 3.0,
    "text_titles": 1.0,
    "text_duties": 3.0,
    "text_tools": 1.0,
    "text_mentions": 2.0,
    "text_likelihood": 0.5,
    "prior": 0.2,
}
TITLE_ONLY = {"title": 1.0, "title_similarity": 3.0, "prior": 0.2}


def _settings(threshold: float = 0.0) -> CoderSettings:
    return CoderSettings(Scoring(WITH_TEXT, threshold), Scoring(TITLE_ONLY, threshold))


def _code(model: FeatureModel, titles, texts=None, threshold: float = 0.0):
    return decide(model, model.evidence(titles, texts), _settings(threshold))


def test_a_known_title_maps_through_its_listing(model: FeatureModel):
    coding = _code(model, ["Senior Software Engineer II"])[0]
    assert (coding.occupation_code, coding.title_match) == ("15-1252.00", "software engineer")
    assert coding.probabilities == sorted(coding.probabilities, reverse=True) and len(coding.candidates) == 3


def test_the_text_decides_between_the_occupations_a_title_names(model: FeatureModel):
    pipelines = "You will design data pipelines and ETL processes in Apache Spark and database schemas."
    models = "You will build predictive models and machine learning classifiers in Python."
    codings = _code(model, ["Data Engineer", "Data Engineer"], [pipelines, models])
    assert [c.candidates[0] for c in codings] == ["15-1243.00", "15-2051.00"]


def test_a_generic_or_missing_title_is_decided_by_the_text(model: FeatureModel):
    texts = [
        "Prepared financial statements, audited ledgers and filed tax returns.",
        "Administered medications to patients and monitored vital signs on hospital wards.",
    ]
    assert [c.candidates[0] for c in _code(model, ["Associate", None], texts)] == ["13-2011.00", "29-1141.00"]


def test_a_document_without_text_is_weighed_as_a_title_alone(model: FeatureModel):
    settings = CoderSettings(Scoring(WITH_TEXT, 0.99), Scoring(TITLE_ONLY, 0.5))
    evidence = model.evidence(
        ["Staff Accountant", "Staff Accountant"], ["Prepared financial statements.", ""]
    )
    _, thresholds = probabilities(model, evidence, settings)
    assert evidence.has_text.tolist() == [True, False] and thresholds.tolist() == [0.99, 0.5]
    codings = decide(model, evidence, settings)
    assert codings[1].occupation_code == "13-2011.00" and codings[0].occupation_code in (None, "13-2011.00")


def test_below_the_threshold_a_document_stays_unmapped_with_its_candidates(model: FeatureModel):
    coding = _code(model, ["Quantum Llama Wrangler"], ["Nothing O*NET knows about."], threshold=0.9)[0]
    assert coding.occupation_code is None
    assert coding.candidates and coding.probability == coding.probabilities[0] < 0.9


def test_the_confidence_asks_which_evidence_agrees_with_the_best_candidate(model: FeatureModel):
    evidence = model.evidence(
        ["Staff Accountant", "Quantum Llama Wrangler"],
        ["Prepared financial statements, audited ledgers and filed tax returns.", "Nothing O*NET knows."],
    )
    probs, _ = probabilities(model, evidence, _settings())
    features = confidence_features(model, evidence, probs, _settings().title_miss)
    column = {name: features[:, k] for k, name in enumerate(CONFIDENCE_FEATURES)}
    # the known title and its text both rank Accountants first; an unknown title ranks nothing
    assert column["agrees_title"].tolist() == [1.0, 0.0] and column["agrees_text_duties"][0] == 1.0
    # a title without text: its title evidence may agree, its (missing) text never does
    alone = model.evidence(["Staff Accountant"], [""])
    only = confidence_features(
        model, alone, probabilities(model, alone, _settings())[0], _settings().title_miss
    )
    assert only[0, CONFIDENCE_FEATURES.index("agrees_title_similarity")] == 1.0
    assert not only[0, CONFIDENCE_FEATURES.index("agrees_text_duties")]
    assert column["log_p"][0] == pytest.approx(math.log(float(probs[0].max())), rel=1e-5)
    assert column["log_margin"][0] > 0
    sure = {"intercept": -1.0, "agrees_title": 3.0}
    settings = CoderSettings(Scoring(WITH_TEXT, 0.5, sure), Scoring(TITLE_ONLY, 0.5, sure))
    codings = decide(model, evidence, settings)
    assert [c.probability for c in codings] == [pytest.approx(1 / (1 + math.exp(-2)), abs=1e-4), 0.2689]
    assert [c.occupation_code for c in codings] == ["13-2011.00", None] and codings[1].candidates


def test_probabilities_are_a_softmax_over_all_occupations(model: FeatureModel):
    probs, _ = probabilities(model, model.evidence(["Data Engineer"], ["ETL"]), _settings(0.5))
    assert probs.shape == (1, len(model.codes)) and math.isclose(float(probs.sum()), 1.0, rel_tol=1e-5)


def test_the_title_feature_smooths_the_title_towards_employment_by_its_miss_rate(model: FeatureModel):
    found = model.title_evidence(["Software Engineer", None])
    term = model.title_term(found, {"exact": 0.1, "part": 0.1, "near": 0.1, "family": 0.1})
    at = model.codes.index("15-1252.00")
    assert term[0, at] == pytest.approx(math.log(0.1 * model.employment_share[at] + 0.9), rel=1e-5)
    assert term[0].argmax() == at and not term[1].any()


def test_a_titles_evidence_is_remembered(model: FeatureModel):
    first = model.title_evidence(["Staff Nurse"])[0]
    assert model.title_evidence(["Staff Nurse"])[0] is first


def test_corrections_withhold_a_title_so_the_text_decides():
    plain = FeatureModel(make_reference())
    corrected = FeatureModel(make_reference(corrections=[("Advocate", None)]))
    court = ["Represented clients in court and argued litigation before judges."]
    assert _code(plain, ["Advocate"], court)[0].candidates[0] == "21-1093.00"
    advocate = _code(corrected, ["Advocate"], court)[0]
    assert (advocate.candidates[0], advocate.title_match) == ("23-1011.00", "")


def test_fitted_weights_favour_the_evidence_that_agrees_with_the_labels():
    rng = np.random.default_rng(0)
    values = rng.random((len(FEATURES), 200, 6)).astype(np.float32)
    acceptable = np.zeros((200, 6), dtype=bool)
    at = FEATURES.index("text_duties")
    acceptable[np.arange(200), values[at].argmax(axis=1)] = True
    assert fit_weights(values, acceptable).argmax() == at
    fixed = fit_weights(values, acceptable, {0: 1.0, at: 0.0})
    assert fixed[0] == 1.0 and fixed[at] == 0.0


def test_the_fitted_confidence_follows_what_predicts_a_right_mapping_and_its_threshold_holds_out_of_fold():
    rng = np.random.default_rng(1)
    features = rng.normal(size=(300, 3))
    correct = features[:, 1] + 0.3 * rng.normal(size=300) > -1.0
    weights = fit_confidence(features, correct, ["a", "b", "c"])
    assert set(weights) == {"intercept", "a", "b", "c"} and weights["b"] > 5 * max(
        abs(weights["a"]), abs(weights["c"])
    )
    threshold = out_of_fold_threshold(features, correct, max_wrong=0.02)
    z = features @ np.array([weights["a"], weights["b"], weights["c"]]) + weights["intercept"]
    mapped = 1 / (1 + np.exp(-z)) >= threshold
    assert 0 < threshold < 1 and (mapped & ~correct).mean() <= 0.04 and (mapped & correct).mean() > 0.5


def test_miss_rates_per_level():
    rates = miss_rates(
        ["exact", "exact", "near", "exact"], [True, False, False, False], ["exact", "near", "family"]
    )
    assert rates == {"exact": 0.333, "near": 0.01, "family": 0.25}


def test_threshold_curve_and_wilson_interval():
    probability, correct = [0.9, 0.8, 0.6, 0.4, 0.2], [True, True, False, True, False]
    assert outcome(probability, correct, 0.5) == outcome(probability, correct, 0.55)
    found = outcome(probability, correct, 0.5)
    assert (found.right, found.wrong, found.unmapped) == (2, 1, 2)
    assert choose_threshold(probability, correct, max_wrong=0.0, z=0) == 0.61
    low, high = wilson(8, 10)
    assert round(low, 3) == 0.490 and round(high, 3) == 0.943


def test_the_threshold_keeps_the_bound_of_the_wrong_share_not_its_estimate_under_the_target():
    # 200 documents: 150 right and 2 wrong at 0.9, 8 wrong at 0.6, 40 wrong at 0.3. From 0.31 on, 10
    # are wrong (5.0%, the target itself); from 0.61 on, 2 (1.0%, one-sided 95% bound 2.9%)
    probability = [0.9] * 152 + [0.6] * 8 + [0.3] * 40
    correct = [True] * 150 + [False] * 50
    assert choose_threshold(probability, correct, max_wrong=0.05, z=0) == 0.31
    assert choose_threshold(probability, correct, max_wrong=0.05) == 0.61


def test_the_bound_keeps_the_true_wrong_share_under_the_target_in_small_samples():
    # a calibrated confidence, uniform on [0, 1]: the true share mapped wrong at threshold t is
    # (1 - t)^2 / 2, at most 5% from t = 1 - sqrt(0.1) = 0.684. Over 200 samples of 300 documents the
    # point estimate picks a lower threshold about half the time, the bound rarely
    rng = np.random.default_rng(0)
    samples = [(p, rng.random(300) < p) for p in rng.random((200, 300))]
    over = {
        z: np.mean([choose_threshold(p, c, max_wrong=0.05, z=z) < 0.69 for p, c in samples])
        for z in (0, 1.645)
    }
    assert over[0] > 0.3 and over[1.645] < 0.05


def test_the_shipped_coder_settings_name_known_features(tmp_path: Path):
    settings = CoderSettings.load(CODER_SETTINGS)
    assert set(settings.with_text.weights) <= set(FEATURES) and 0 < settings.with_text.threshold < 1
    assert not any(f.startswith("text_") for f in settings.title_only.weights)
    bad = tmp_path / "coder.toml"
    bad.write_text("[with_text]\nthreshold = 0.5\n[with_text.weights]\ntitel = 1.0\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown feature"):
        CoderSettings.load(bad)
    assert set(settings.with_text.confidence) <= {"intercept", *CONFIDENCE_FEATURES}
    bad.write_text(
        "[with_text]\nthreshold = 0.5\n[with_text.weights]\ntitle = 1.0\n[with_text.confidence]\nlogp = 1.0\n"
        "[title_only]\nthreshold = 0.5\n[title_only.weights]\ntitle = 1.0\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="unknown weight"):
        CoderSettings.load(bad)


def test_a_trained_model_is_cached_and_retrained_when_the_reference_changes(tmp_path: Path):
    path = tmp_path / "coder.pickle"
    first, fingerprint, trained = trained_model(make_reference(), path)
    assert trained and path.exists()
    again, same, trained = trained_model(make_reference(), path)
    assert not trained and again.codes == first.codes and same == fingerprint
    _, changed, trained = trained_model(make_reference(corrections=[("Advocate", None)]), path)
    assert trained and changed != fingerprint


def test_a_model_cached_by_older_code_is_replaced_not_read(tmp_path: Path):
    path = tmp_path / "coder.pickle"
    # a pickle naming a module the code no longer has, as an older coder's cache does
    path.write_bytes(b"(S'old'\ncpipelines.titles.gone\nModel\n)Rt.")
    model, _, trained = trained_model(make_reference(), path)
    assert trained and model.codes
    assert trained_model(make_reference(), path).trained is False


def test_without_a_reference_every_document_stays_unmapped():
    model = FeatureModel(OccupationReference.from_rows([], [], []))
    codings = _code(model, ["Data Scientist"], ["Builds models."])
    assert [(c.occupation_code, c.candidates) for c in codings] == [(None, [])]


def test_the_evidence_holds_each_feature_in_its_place(model: FeatureModel):
    evidence = model.evidence(
        ["Java Software Developer"], ["Administer medications to patients in hospital wards."]
    )
    feature = {name: evidence.values[k - 1, 0] for k, name in enumerate(FEATURES) if k}
    assert model.codes[feature["title_regression"].argmax()] == "15-1252.00"
    assert model.codes[feature["text_duties"].argmax()] == "29-1141.00"
    assert feature["prior"].tolist() == model.prior.tolist()


def test_a_titles_features_are_computed_once_per_distinct_title_in_a_batch(model: FeatureModel, monkeypatch):
    titles = ["Data Engineer", "Staff Nurse", "Data Engineer", None, "Staff Nurse", None]
    texts = ["Builds ETL pipelines.", "Ward rounds.", "Machine learning models.", None, "", "Audits."]
    alone = [model.evidence([t], [x]).values[:2, 0] for t, x in zip(titles, texts, strict=True)]
    seen: list[int] = []
    similarity = model.title_model.similarity
    monkeypatch.setattr(
        model.title_model, "similarity", lambda words, out: (seen.append(len(words)), similarity(words, out))
    )
    values = model.evidence(titles, texts).values
    assert seen == [3]
    for i, expected in enumerate(alone):
        assert np.array_equal(values[:2, i], expected)


def test_a_large_batch_is_coded_in_slices_by_helpers_as_it_is_here(tmp_path: Path, monkeypatch):
    import polars as pl

    from pipelines.shards import helpers as helpers_module
    from pipelines.shards.helpers import Helpers
    from pipelines.titles import steps

    path = tmp_path / "coder.pickle"
    model = trained_model(make_reference(), path).model
    titles = ["Data Engineer", "Staff Nurse", "Advocate", None, "Travel Consultant"] * 3
    texts = ["Builds ETL pipelines.", "Ward rounds and medications.", None, "Audits ledgers.", ""] * 3
    frame = pl.DataFrame(
        {
            "source": ["postings"] * len(titles),
            "source_file": ["a.csv"] * len(titles),
            "record_position": list(range(len(titles))),
            "title": titles,
            "category": [None] * len(titles),
            "text": texts,
        },
        schema_overrides={"category": pl.String},
    )
    settings = _settings()
    here = steps._code((model, settings), frame)
    monkeypatch.setattr(helpers_module, "SHARED_ROWS", 4)
    monkeypatch.setattr(steps, "SLICE_DOCUMENTS", 4)
    with Helpers(2, (model, settings), steps._load_coder, (path, settings)) as helpers:
        (shared,) = steps._code_shared(helpers, [frame])
    assert shared.equals(here)


def test_the_heap_is_frozen_while_the_coder_codes_and_released_after(tmp_path: Path):
    import gc

    from pipelines.titles import steps

    assert gc.get_freeze_count() == 0
    with steps.frozen_heap():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    path = tmp_path / "coder.pickle"
    trained_model(make_reference(), path)
    try:
        # a helper keeps its model's heap frozen for its life, the step's
        model, _ = steps._load_coder(path, _settings())
        assert gc.get_freeze_count() > 0 and isinstance(model, FeatureModel)
    finally:
        gc.unfreeze()
