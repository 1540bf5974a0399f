import pytest

from pipelines.skills.gold import keys_match, per_skill, score, split_of, summary, surface_key

DOC_A, DOC_B = ("postings/p.csv", 1), ("postings/p.csv", 2)


def test_surface_keys():
    assert surface_key("Node.js") == "node js"
    assert surface_key("Problem-solving skills") == "problem solving"
    assert surface_key("Agile methodologies") == "agile"
    assert surface_key("predictive models") == surface_key("Predictive model")
    assert surface_key("skills") == "skill"  # nothing else left: kept


def test_partial_matches_need_half_the_words_at_an_edge():
    assert keys_match("communication", "written communication")
    assert keys_match("machine learning", "machine learning model")
    assert not keys_match("analysis", "exploratory data analysis")
    assert not keys_match("data", "big data analytics")


def test_precision_recall_and_per_skill_counts():
    gold = [
        (*DOC_A, "Python", "Python"),
        (*DOC_A, "Communication", "communication"),
        (*DOC_A, "SQL", "SQL"),
        (*DOC_B, "Java", "Java"),
    ]
    found = [
        (*DOC_A, "python", "python"),
        (*DOC_A, "communication-skills", "written communication"),
        (*DOC_A, "oversight", "oversight"),
        (*DOC_B, "java", "java"),
    ]
    scored = score(gold, found, [DOC_A, DOC_B])
    assert scored.extracted[DOC_A] == {"python": True, "communication-skills": True, "oversight": False}
    assert scored.gold[DOC_A] == {"Python": True, "Communication": True, "SQL": False}
    r = summary(scored, [DOC_A, DOC_B], resamples=50)
    assert (r["precision"], r["recall"]) == (0.75, 0.75)
    assert r["precision_lo"] <= 0.75 <= r["precision_hi"]
    table = per_skill(scored, {"sql": "structured-query-language-sql"}, [DOC_A, DOC_B])
    assert (table["oversight"].extracted, table["oversight"].correct) == (1, 0)
    # the missed SQL is charged to the skill whose form it is
    assert (table["structured-query-language-sql"].named, table["structured-query-language-sql"].found) == (
        1,
        0,
    )


@pytest.mark.parametrize("doc", [DOC_A, DOC_B, ("resumes/x.csv", 7)])
def test_split_is_stable(doc):
    assert split_of(*doc) == split_of(*doc) and split_of(*doc) in {"dev", "test"}


def test_strict_scoring_gives_no_credit_for_a_shorter_key_inside_a_longer_gold_one():
    gold = [
        (*DOC_A, "Linear programming", "linear programming"),
        (*DOC_A, "Machine learning", "machine learning"),
    ]
    found = [(*DOC_A, "programming", "programming"), (*DOC_A, "ml-models", "machine learning models")]
    lenient = score(gold, found, [DOC_A])
    strict = score(gold, found, [DOC_A], strict=True)
    assert lenient.extracted[DOC_A] == {"programming": True, "ml-models": True}
    assert strict.extracted[DOC_A] == {"programming": False, "ml-models": True}
    assert strict.gold[DOC_A] == {"Linear programming": False, "Machine learning": True}
