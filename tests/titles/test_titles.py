import csv
import math
from pathlib import Path

import numpy as np
import pytest

from pipelines.settings import REFERENCE_DIR
from pipelines.titles.calibrate import choose_threshold, fit_weights, outcome, wilson
from pipelines.titles.coder import CODER_SETTINGS, CoderSettings, decide, probabilities
from pipelines.titles.features import FEATURES, FeatureModel
from pipelines.titles.normalise import TITLE_WORDS, TitleNormaliser, TitleWords
from pipelines.titles.reference import OccupationReference, shared_employment
from pipelines.titles.steps import trained_model

OCCUPATIONS = {
    "15-2051.00": "Data Scientists",
    "15-2051.01": "Business Intelligence Analysts",
    "15-1243.00": "Database Architects",
    "15-1252.00": "Software Developers",
    "29-1141.00": "Registered Nurses",
    "13-2011.00": "Accountants and Auditors",
    "23-1011.00": "Lawyers",
    "21-1093.00": "Social and Human Service Assistants",
}
ALTERNATES = [
    ("15-2051.00", "Data Scientist", 2),
    ("15-2051.00", "Machine Learning Scientist", 1),
    ("15-2051.00", "Data Engineer", 1),
    ("15-1243.00", "Data Engineer", 2),
    ("15-2051.01", "BI Analyst", 1),
    ("15-1252.00", "Software Engineer", 3),
    ("15-1252.00", "Java Developer", 1),
    ("29-1141.00", "ICU Nurse", 1),
    ("29-1141.00", "Staff Nurse", 1),
    ("13-2011.00", "Staff Accountant", 2),
    ("21-1093.00", "Advocate", 2),
]
# as in O*NET, a word of one occupation's text only is no evidence (the vectoriser keeps words two
# occupations share): each distinctive word below is shared with one neighbour
TEXTS = [
    ("15-2051.00", "task", "Build predictive models and machine learning classifiers from large data sets."),
    ("15-2051.00", "technology", "Python"),
    ("15-2051.01", "task", "Create dashboards, predictive models and ETL jobs for financial statements."),
    ("15-2051.01", "technology", "Tableau"),
    ("15-1243.00", "task", "Design database schemas, data pipelines and ETL processes."),
    ("15-1243.00", "technology", "Apache Spark"),
    ("15-1252.00", "task", "Write and test software code, data pipelines and machine learning applications."),
    ("15-1252.00", "technology", "Python; Apache Spark; database schemas"),
    ("29-1141.00", "task", "Administer medications to patients and monitor vital signs in hospital wards."),
    (
        "13-2011.00",
        "task",
        "Prepare financial statements, audit ledgers, file tax returns and support litigation.",
    ),
    (
        "23-1011.00",
        "task",
        "Represent clients in court, draft pleadings, advise on tax returns and argue litigation before judges.",
    ),
    (
        "21-1093.00",
        "task",
        "Help patients leaving hospital obtain medications, vital signs checks and court-ordered services; audit ledgers of benefits.",
    ),
    *((code, "description", f"What {title.lower()} do.") for code, title in OCCUPATIONS.items()),
]
PRIORS = [("15-2051", 200_000.0), ("15-1243", 60_000.0), ("15-1252", 1_500_000.0), ("29-1141", 3_000_000.0)]
# evidence weights for the tests, chosen by hand (the shipped ones are fitted on real documents)
WEIGHTS = {
    "exact": 2.0,
    "exact_soc": 1.0,
    "exact_part": 1.5,
    "title": 6.0,
    "text_titles": 4.0,
    "text_duties": 8.0,
    "text_tools": 4.0,
    "text_all": 4.0,
    "prior": 0.2,
}


def _reference(corrections=()) -> OccupationReference:
    titles = [(code, title, "occupation", 1) for code, title in OCCUPATIONS.items()]
    titles += [(code, title, "alternate", n) for code, title, n in ALTERNATES]
    return OccupationReference.from_rows(titles, TEXTS, PRIORS, corrections)


@pytest.fixture(scope="module")
def model() -> FeatureModel:
    return FeatureModel(_reference())


def _code(model: FeatureModel, titles, texts=None, threshold: float = 0.0):
    settings = CoderSettings(WEIGHTS, threshold)
    return decide(model.evidence(titles, texts), model.codes, settings)


def test_titles_normalise_noise_abbreviations_plurals_and_fields():
    n = TitleNormaliser()
    assert n.key("Sr. Data Scientists II (Remote)") == "data scientist"
    forms = n.analyse("Sr. Data Scientist II - NLP")
    assert forms.whole[-1] == "data scientist" and forms.parts == ["nlp"]
    assert n.analyse("Shift Supervisor").whole[0] == "shift supervisor"
    assert n.analyse("Data Science").whole[0] == "data scientist"
    assert n.key("Full Time RN") == "registered nurse"
    assert n.analyse("Design Engineer (Mechanical)").words == "design engineer mechanical"


def test_title_words_reject_an_unknown_kind(tmp_path: Path):
    path = tmp_path / "words.csv"
    path.write_text("word,kind,replacement\nsr,abbrev,senior\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown kind"):
        TitleWords.load(path)
    assert TitleWords.load(TITLE_WORDS).abbreviations["sr"] == "senior"


def test_employment_is_shared_by_the_occupations_of_a_soc_code_and_filled_from_its_aggregate():
    shared = shared_employment(
        ["15-2051.00", "15-2051.01", "31-1122.00", "31-1121.00", "99-0001.00"],
        {"15-2051": 200.0, "31-1120": 100.0},
    )
    assert shared == [100.0, 100.0, 50.0, 50.0, None]


def test_a_known_title_maps_through_its_listing(model: FeatureModel):
    coding = _code(model, ["Senior Software Engineer II"])[0]
    assert coding.occupation_code == "15-1252.00"
    assert coding.title_match == "software engineer"
    assert coding.probabilities == sorted(coding.probabilities, reverse=True)
    assert len(coding.candidates) == 3


def test_an_unseen_title_maps_to_its_nearest_kin(model: FeatureModel):
    coding = _code(model, ["Healthcare Machine Learning Scientist"])[0]
    assert (coding.occupation_code, coding.title_match) == ("15-2051.00", "")


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


def test_below_the_threshold_a_document_stays_unmapped_with_its_candidates(model: FeatureModel):
    coding = _code(model, ["Quantum Llama Wrangler"], ["Nothing O*NET knows about."], threshold=0.9)[0]
    assert coding.occupation_code is None
    assert coding.candidates and coding.probability == coding.probabilities[0] < 0.9


def test_probabilities_are_a_softmax_over_all_occupations(model: FeatureModel):
    probs = probabilities(model.evidence(["Data Engineer"], ["ETL"]), CoderSettings(WEIGHTS, 0.5).vector())
    assert probs.shape == (1, len(OCCUPATIONS)) and math.isclose(float(probs.sum()), 1.0, rel_tol=1e-5)


def test_corrections_relist_a_title_or_withhold_it_so_the_text_decides():
    plain = FeatureModel(_reference())
    corrected = FeatureModel(_reference(corrections=[("Advocate", None), ("Staff Nurse", "13-2011.00")]))
    court = ["Represented clients in court and argued litigation before judges."]
    assert _code(plain, ["Advocate"], court)[0].candidates[0] == "21-1093.00"
    advocate = _code(corrected, ["Advocate"], court)[0]
    assert (advocate.candidates[0], advocate.title_match) == ("23-1011.00", "")
    assert _code(corrected, ["Staff Nurse"])[0].candidates[0] == "13-2011.00"


def test_the_polars_text_vectors_equal_the_fitted_vectoriser(model: FeatureModel):
    texts = ["Design ETL pipelines in Apache Spark; build dashboards.", "", "Nurses administer medications"]
    ours = model._text_matrix(texts).toarray()
    theirs = model.text_vectoriser.transform(texts).toarray()
    assert np.abs(ours - theirs).max() < 1e-6


def test_fitted_weights_favour_the_evidence_that_agrees_with_the_labels():
    rng = np.random.default_rng(0)
    values = rng.random((len(FEATURES), 200, 6)).astype(np.float32)
    acceptable = np.zeros((200, 6), dtype=bool)
    acceptable[np.arange(200), values[FEATURES.index("text_duties")].argmax(axis=1)] = True
    weights = fit_weights(values, acceptable)
    assert weights.argmax() == FEATURES.index("text_duties")


def test_threshold_curve_and_wilson_interval():
    probability, correct = [0.9, 0.8, 0.6, 0.4, 0.2], [True, True, False, True, False]
    assert outcome(probability, correct, 0.5) == outcome(probability, correct, 0.55)
    found = outcome(probability, correct, 0.5)
    assert (found.right, found.wrong, found.unmapped) == (2, 1, 2)
    assert choose_threshold(probability, correct, max_wrong=0.0) == 0.61
    low, high = wilson(8, 10)
    assert round(low, 3) == 0.490 and round(high, 3) == 0.943


def test_the_shipped_coder_settings_name_every_feature():
    settings = CoderSettings.load(CODER_SETTINGS)
    assert set(settings.weights) == set(FEATURES) and 0 < settings.threshold < 1


def test_a_trained_model_is_cached_and_retrained_when_the_reference_changes(tmp_path: Path):
    path = tmp_path / "coder.pickle"
    first, trained = trained_model(_reference(), path)
    assert trained and path.exists()
    again, trained = trained_model(_reference(), path)
    assert not trained and again.codes == first.codes
    _, trained = trained_model(_reference(corrections=[("Advocate", None)]), path)
    assert trained


def test_title_corrections_are_documented_and_name_onet_soc_codes():
    with (REFERENCE_DIR / "title_corrections.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(r["reason"].strip() for r in rows)
    assert all(not r["occupation_code"] or len(r["occupation_code"]) == 10 for r in rows)


def test_without_a_reference_every_document_stays_unmapped():
    model = FeatureModel(OccupationReference.from_rows([], [], []))
    codings = _code(model, ["Data Scientist"], ["Builds models."])
    assert [(c.occupation_code, c.candidates) for c in codings] == [(None, [])]
