from pathlib import Path

import pytest

from pipelines.titles.normalise import TITLE_WORDS, TitleNormaliser, TitleWords


@pytest.fixture(scope="module")
def n() -> TitleNormaliser:
    return TitleNormaliser()


def test_a_real_title_is_keyed_with_noise_abbreviations_and_plurals_resolved(n: TitleNormaliser):
    assert n.key("Sr. Data Scientists II (Remote)") == "data scientist"
    assert n.key("Full Time RN") == "registered nurse"
    assert n.singular("analyses") == "analyse" and n.singular("business") == "business"


def test_an_authority_title_is_keyed_as_listed_with_its_bracketed_synonym(n: TitleNormaliser):
    # O*NET's "Travel Consultant" is no consultant of any kind, although "travel" is a noise word
    assert n.index_keys("Travel Consultant") == ["travel consultant"]
    assert n.index_keys("PC Planner (Production Control Planner)") == [
        "pc planner",
        "production control planner",
    ]
    assert n.index_keys("Chief Security Officer (CSO)") == ["chief security officer"]


def test_trims_go_from_the_title_as_written_to_its_bare_core(n: TitleNormaliser):
    trims = [" ".join(t) for t in n.trims(["senior", "travel", "consultant", "remote"])]
    assert trims[0] == "senior travel consultant remote"
    assert trims.index("travel consultant") < trims.index("consultant")


def test_readings_of_a_title(n: TitleNormaliser):
    assert "engineering director" in n.analyse("Director of Engineering").whole
    assert "data scientist" in n.analyse("Data Scientist 4 Artificial Intelligence").whole
    assert n.analyse("Data Science").whole == ["data science", "data scientist"]
    # a leader of a field is not one of its workers
    assert "director data scientist" not in n.analyse("Director, Data Science").whole
    assert n.analyse("Shift Supervisor").whole[0] == "shift supervisor"
    # the title as written, looked up before the other readings are worked out, is the first of them
    for title in ("Senior Data Scientists II", "Director of Engineering", "Sr. RN (Nights)", "Data Science"):
        forms = n.analyse(title)
        assert forms.written == forms.whole[0]


def test_parts_alternatives_and_words_of_a_title(n: TitleNormaliser):
    forms = n.analyse("Research Scientist, Machine Learning")
    assert "machine learning research scientist" in forms.reordered
    assert forms.first == ["research scientist"] and forms.parts == ["machine learning"]
    assert n.analyse("Data Architect / Data Modeler").alternatives == ["Data Architect", "Data Modeler"]
    assert n.analyse("Senior Data Scientist").alternatives == []
    # a field after the title proper is a department, not a worker
    assert "software engineer" not in n.analyse("Tech Manager, Software Engineering").parts
    assert n.analyse("Design Engineer (Mechanical)").words == "design engineer mechanical"


def test_title_words_reject_an_unknown_kind(tmp_path: Path):
    path = tmp_path / "words.csv"
    path.write_text("word,kind,replacement\nsr,abbrev,senior\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown kind"):
        TitleWords.load(path)
    words = TitleWords.load(TITLE_WORDS)
    assert words.abbreviations["sr"] == "senior" and "ii" in words.levels and "director" in words.leaders


def test_a_place_written_after_the_job_is_no_part_of_the_title(n: TitleNormaliser):
    assert n.key("General Manager, Austin TX") == "general manager"
    assert n.key("Registered Nurse (Seattle, WA)") == "registered nurse"
    assert n.key("Nurse (Remote - TX)") == "nurse"
    # a part before a state on its own may be the job's own words: it stays
    assert n.key("Teacher - Special Education, TX") == "teacher special education"
    assert n.key("Registered Nurse - ICU, CA") == "registered nurse icu"
    assert n.key("Engineer, Civil, TX") == "engineer civil"
    assert n.key("Data Engineer - Seattle, WA") == "data engineer seattle"
    assert n.key("Nurse | Chicago IL") == "nurse"
    assert n.key("Data Analyst - India") == "data analyst"
    assert n.key("Sales Manager - New York") == "sale manager"
    assert n.analyse("General Manager, Austin TX").words == "general manager"
    # the first part is the title proper, a part that names no place is kept
    assert n.key("Austin, TX") == "austin"
    assert n.without_place(", tx") == ", tx"
    assert n.without_place("(seattle, wa)") == "(seattle, wa)"
    assert n.key("Software Engineer in Test") == "software engineer in test"
    assert n.key("Manager, Data Platform") == "manager data platform"


def test_a_place_name_inside_a_title_is_no_plural(n: TitleNormaliser):
    """``Texas`` was keyed as ``texa``: its final s read as a plural."""
    assert n.tokens("Texas Instruments Engineers") == ["texas", "instrument", "engineer"]
    assert n.tokens("Philippines Accounts Officers") == ["philippines", "account", "officer"]
