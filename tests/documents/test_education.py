import polars as pl
import pytest

from pipelines.documents.education import (
    LEVELS,
    ONET_RL_LEVELS,
    _loosen,
    highest_level,
    levels_in_degree,
    levels_in_text,
    lowest_level,
    text_levels,
    with_text_levels,
)


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


def test_an_unfinished_doctorate_leaves_the_other_degrees_of_the_field_as_they_are():
    assert highest_level(["MBA, PhD (ABD)"]) == "master"
    assert sorted(levels_in_degree("MBA, PhD (ABD)")) == ["master"]
    # in running text too, the batch search as the record search
    text = "Education: Ph.D. (ABD) in Economics, 2019"
    assert levels_in_text(text) == {"master"}
    assert text_levels(pl.Series([text])) == [{"master"}]


@pytest.mark.parametrize(
    ("category", "level"),
    [
        ("high school", "high_school"),
        ("associate degree", "associate"),
        ("bachelor degree", "bachelor"),
        ("postgraduate degree", "master"),
        ("Post-graduate degree", "master"),
        ("graduate degree", "master"),
        ("undergraduate degree", "bachelor"),
        ("professional certificate", None),
    ],
)
def test_schema_org_credential_categories(category, level):
    """schema.org suggests these credentialCategory values; "postgraduate degree" mapped to nothing."""
    assert highest_level([category]) == level


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
        ("Ph.D. (ABD)", "master"),  # all but dissertation: the doctorate is not held
        ("PhD in Sociology, all but dissertation", "master"),
        ("PhD ABD", "master"),
        ("Bachelor of Engineering, King Abd Al-Aziz University", "bachelor"),  # a name, no marker
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


# Texts where Rust's regex and Python's differ unless the batch search widens its patterns: Python's
# case-insensitive "i" matches the Turkish dotted and dotless i, its "\s" U+001C..U+001F, "$" also
# before a final line end; and texts whose certificate or unfinished degree changes the level.
BATCH_TEXTS = [
    "Education\nPh\x1dD in Physics",
    "Master of Science PURSUİNG, 2021",
    "Bachelor of Arts (ıncomplete)",
    "CERTİFİCATE in project management; M.B.A candidate",
    "B.E., Pune University\n",
    "B.E.\nJava developer",
    "A.S.",
    "programs in high school outreach",
    "Scrum Master in Baltimore, MD. Associate Director. Skilled in MS Excel.",
    "June 2016 BE pursuing Computer science\nMaster of Science, not completed\nMBA",
    "İSTANBUL ÜNİVERSİTESİ MSc",
    "no degree at all",
    "",
]


def test_the_batch_search_finds_exactly_what_the_record_search_finds():
    found = text_levels(pl.Series(BATCH_TEXTS, dtype=pl.String))
    assert found == [levels_in_text(t) for t in BATCH_TEXTS]
    assert found[0] == {"doctoral"} and found[2] == {"some_college"}


def test_loosened_patterns_match_wherever_the_originals_do():
    for pattern, texts in (
        (r"\bm\.?b\.?a\b", ["mba", "m.b.a", "an mba."]),
        (r"\bb\.e\.?(?=\s|,|$)", ["b.e.", "b.e, x", "b.e\n"]),
        (r"ph\.?\s?d\b", ["ph\x1cd", "ph. d"]),
    ):
        loose = _loosen(pattern)
        assert loose is not None
        assert pl.Series(texts).str.contains(loose).all(), pattern
    folded = _loosen(r"\bincomplete\b", ignore_case=True)
    assert folded is not None  # with none, the search below would match every text whatever it did
    assert pl.Series(["İncomplete", "ıncomplete", "INCOMPLETE"]).str.contains(folded).all()
    assert not pl.Series(["complete"]).str.contains(folded).any()
    # what it cannot widen it gives up on, so every text is searched the Python way
    assert _loosen(r"\w+ degree") is None and _loosen(r"degree$") is None and _loosen(r"[^a]") is None


def test_batch_levels_fill_only_rows_whose_degrees_named_none():
    frame = pl.DataFrame(
        {"education_level": [None, "master", None, None], "text": ["B.Sc. and M.Sc.", "PhD", None, "none"]}
    )
    assert with_text_levels(frame, "text", highest=True)["education_level"].to_list() == [
        "master",
        "master",
        None,
        None,
    ]
    assert with_text_levels(frame, "text", highest=False)["education_level"][0] == "bachelor"
