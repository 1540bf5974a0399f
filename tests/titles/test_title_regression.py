import numpy as np

from pipelines.titles.title_regression import TitleRegression

# occupation 0 builds pipelines (etl, database), 1 builds models (scientist, research)
LISTINGS = [
    ("data engineer", 0),
    ("data engineer", 0),
    ("data engineer", 0),
    ("data engineer", 1),
    ("etl engineer", 0),
    ("etl developer", 0),
    ("database developer", 0),
    ("database engineer", 0),
    ("data scientist", 1),
    ("research scientist", 1),
    ("research analyst", 1),
    ("data analyst", 1),
]


def _scores(model: TitleRegression, keys: list[str]) -> np.ndarray:
    out = np.zeros((len(keys), 3), dtype=np.float32)
    model.scores(keys, out)
    return out


def test_the_regression_ranks_by_the_words_that_tell_occupations_apart():
    model = TitleRegression(LISTINGS, 3)
    out = _scores(model, ["etl data engineer", "research data scientist", "data engineer", "zzz", ""])
    assert out[:3].argmax(axis=1).tolist() == [0, 1, 0]
    # log-probabilities less the best one's: the best at 0, the others below it
    assert (out[:3].max(axis=1) == 0).all() and (out[:3].min(axis=1) < 0).all()
    # a title without a term the regression knows tells no occupation from another
    assert not out[3:].any()


def test_the_regression_counts_each_listing_and_is_the_same_every_fit():
    once = [pair for k, pair in enumerate(LISTINGS) if k not in (1, 2)]
    counted, flat = TitleRegression(LISTINGS, 3), TitleRegression(once, 3)
    margin = [np.diff(_scores(m, ["data engineer"])[0, :2])[0] for m in (counted, flat)]
    # three listings under 0 against one under 1 favour 0; one each is about even
    assert margin[0] < -0.5 < margin[1]
    assert np.array_equal(TitleRegression(LISTINGS, 3).weights, counted.weights)


def test_too_few_listings_leave_an_empty_regression():
    model = TitleRegression([("data engineer", 0)], 2)
    out = np.zeros((1, 2), dtype=np.float32)
    model.scores(["data engineer"], out)
    assert not out.any()
