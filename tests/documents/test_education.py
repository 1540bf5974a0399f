import pytest

from pipelines.documents.education import LEVELS, ONET_RL_LEVELS, highest_level, lowest_level


@pytest.mark.parametrize(
    ("degree", "level"),
    [
        ("B.Tech", "bachelor"),
        ("B.E.", "bachelor"),
        ("BSc", "bachelor"),
        ("Bachelor of Science", "bachelor"),
        ("B.E. in Mechanical", "bachelor"),
        ("MCA", "master"),
        ("MBA", "master"),
        ("M.Sc", "master"),
        ("Masters", "master"),
        ("Associate's", "associate"),
        ("Associate of Applied Science", "associate"),
        ("PhD", "doctoral"),
        ("Ph.D.", "doctoral"),
        ("JD", "professional"),
        ("MD", "professional"),
        ("GED", "high_school"),
        ("High School Diploma", "high_school"),
        # nursing, engineering, arts, law and doctoral degrees by their usual abbreviations
        ("BSN", "bachelor"),
        ("MSN", "master"),
        ("DNP", "doctoral"),
        ("M.Eng", "master"),
        ("BFA", "bachelor"),
        ("LL.M.", "master"),
        ("LLB", "professional"),
        ("PsyD", "doctoral"),
        ("EdD", "doctoral"),
        ("DPhil", "doctoral"),
    ],
)
def test_degree_strings(degree, level):
    assert highest_level([degree]) == level


def test_highest_of_several_and_text_fallback():
    assert highest_level(["B.Tech in Electronics", "MBA in Finance"]) == "master"
    assert highest_level([], "Education Details \nB.E in Computer Engineering, Pune University") == "bachelor"
    assert highest_level([], "Completed my Ph.D. in Statistics after an M.Sc.") == "doctoral"


def test_words_that_only_look_like_degrees_are_not_degrees():
    text = "Scrum Master in Baltimore, MD. Associate Director. Skilled in MS Excel and BE-ready tools."
    assert highest_level([], text) is None


def test_posting_requirement_is_the_lowest_level_named():
    assert lowest_level(["Bachelor's or Master's degree"]) == "bachelor"
    assert lowest_level([], "No degree requirement mentioned") is None


def test_onet_categories_cover_every_rl_category_in_order():
    assert sorted(ONET_RL_LEVELS) == list(range(1, 13))
    ranks = [LEVELS.index(ONET_RL_LEVELS[c]) for c in range(1, 13)]
    assert ranks == sorted(ranks)
