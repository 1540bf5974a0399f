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


@pytest.mark.parametrize(
    ("degree", "level"),
    [
        ("BE", "bachelor"),
        ("ME", "master"),
        ("MCA", "master"),
        ("MCM", "master"),
        ("Master Computer Application", "master"),
        ("Bachelors in Business Administration (incomplete)", "some_college"),
        ("Master of Science, not completed", "bachelor"),
        ("DEA", "master"),
        ("DEA Informatique", "master"),
        ("Certificate in Data Science", None),
        ("Master Certificate in Project Management", None),
        ("Professional Certification, AWS", None),
        ("Post-secondary certificate in welding", "some_college"),
    ],
)
def test_education_strings_of_real_resumes(degree, level):
    assert highest_level([degree]) == level


@pytest.mark.parametrize(
    ("line", "level"),
    [
        # Education Details lines of real resume exports
        ("August 2010 to May 2017 BE Electronics & Communication Jabalpur, Madhya Pradesh", "bachelor"),
        ("BE IT pjlce", "bachelor"),
        ("July 2008 to February 2012 BE COMPUTER SCIENCE Nagpur, Maharashtra", "bachelor"),
        ("June 2015 to February 2018 ME(computers) computer Pune, Maharashtra", "master"),
        ("January 2016 ME Computer Engineering Pune, Maharashtra", "master"),
        ("April 2004 MCM Computer Management Pune, Maharashtra Pune University", "master"),
        ("May 2013 Master Computer Application Mumbai, Maharashtra IMCOST College", "master"),
        ("June 2016 BE pursuing Computer science Pune, Maharashtra", "some_college"),
        ("Certificate course in Python, Coursera", None),
    ],
)
def test_degrees_in_resume_text(line, level):
    assert highest_level([], f"Education Details \n{line}\nJava Developer") == level


def test_capital_be_and_me_are_degrees_only_where_degrees_are_written():
    assert highest_level([], "ABOUT ME\nI WANT TO BE PART OF A TEAM. Contact me. To be or not to be.") is None
