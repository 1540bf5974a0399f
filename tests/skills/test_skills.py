import json
from pathlib import Path

import polars as pl
import pytest

from pipelines.settings import PROJECT_ROOT
from pipelines.skills.extract import (
    Extractor,
    Taxonomy,
    document_skills,
    extract,
    load_curated,
    read_skill_list,
)


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    t = Taxonomy()
    load_curated(PROJECT_ROOT / "reference" / "skills_curated.csv", t)
    for name in ("Python", "SQL", "Apache Spark", "Java", "Microsoft Word", "Tableau", "Oracle Java"):
        t.add(name, "onet")
    for name in ("spark", "excel", "word", "science", "data science"):
        t.add(name, "list:skills.json")
    return t.finish()


@pytest.fixture(scope="module")
def extractor(taxonomy: Taxonomy) -> Extractor:
    return Extractor.from_aliases(taxonomy.aliases, taxonomy.ambiguous, taxonomy.list_only)


def _found(extractor: Extractor, text: str) -> list[str]:
    frame = pl.DataFrame({"id": ["d"], "text": [text]})
    return sorted(extract(frame, extractor, "id", "text")["skill_id"].to_list())


def test_one_id_per_concept(taxonomy: Taxonomy):
    assert (
        taxonomy.aliases["ms excel"]
        == taxonomy.aliases["excel skills"]
        == taxonomy.aliases["excel"]
        == "microsoft-excel"
    )
    assert taxonomy.aliases["spark"] == "apache-spark"  # the list's bare form merged into O*NET's concept
    assert "spark" not in taxonomy.skills
    assert (
        "apache-spark" in taxonomy.skills and {"onet", "list:skills.json"} <= taxonomy.origins["apache-spark"]
    )
    assert taxonomy.skills["microsoft-excel"] == "Microsoft Excel"
    assert taxonomy.skills["data-science"] == "Data science"  # the list writes it in lower case


def test_special_characters_and_longest_match(extractor: Extractor):
    text = "Stack: C++, C# and .NET services, Node.js APIs, Power BI dashboards; JavaScript (not Java)."
    assert _found(extractor, text) == [
        ".net",
        "c#",
        "c++",
        "java",
        "javascript",
        "microsoft-power-bi",
        "node.js",
    ]


def test_whole_words_only(extractor: Extractor):
    assert _found(extractor, "Pythonic SQLite javanese sparkling") == []


def test_surface_forms_of_one_skill_count_once(extractor: Extractor):
    assert _found(extractor, "MS Excel, Microsoft Excel and advanced Excel") == ["microsoft-excel"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Languages: Python, R, SQL", ["python", "r", "sql"]),
        ("Rated R movies and R&D budgets", ["budgeting"]),
        ("I excel at teamwork and go to meetings", []),
        ("experience with Go and R programming", ["go", "r"]),
        ("Tools: Excel, Tableau", ["microsoft-excel", "tableau"]),
        ("C, C++, Java", ["c", "c++", "java"]),
        ("A career in science", []),
        # "science" only an uncurated list knows: not in prose, even in a list
        ("Interests: science, data science", ["data-science"]),
    ],
)
def test_ambiguous_forms_need_context(extractor: Extractor, text: str, expected: list[str]):
    assert _found(extractor, text) == expected


def test_document_skills_with_structured_field_and_evidence(taxonomy: Taxonomy, extractor: Extractor):
    batch = pl.DataFrame(
        {
            "doc_id": ["r1"],
            "text": ["Summary\n• Built Tableau dashboards for risk management\n• Led oversight of vendors"],
            "skills_raw": [["R", "Apache Spark", "Unknown Thing"]],
            "bullets": [["Built Tableau dashboards for risk management", "Led oversight of vendors"]],
        }
    )
    rows = document_skills(batch, "resume", extractor, taxonomy.aliases)
    by_skill = {r["skill_id"]: r for r in rows.to_dicts()}
    assert set(by_skill) == {"tableau", "risk-management", "oversight", "r", "apache-spark"}
    assert by_skill["oversight"]["evidence"] == "Led oversight of vendors"
    assert by_skill["tableau"]["evidence"] == "Built Tableau dashboards for risk management"
    assert by_skill["r"]["in_skills_field"] and not by_skill["r"]["in_text"]


def test_skill_list_files(tmp_path: Path):
    (tmp_path / "a.json").write_text(json.dumps(["python", "  ", "sql"]))
    (tmp_path / "b.csv").write_text("skill,kind\nTableau,tool\n")
    assert list(read_skill_list(tmp_path / "a.json")) == ["python", "sql"]
    assert list(read_skill_list(tmp_path / "b.csv")) == ["Tableau"]


def test_short_names_merge_into_the_trusted_product():
    t = Taxonomy()
    for name in (
        "Structure query language SQL",
        "Structured query language SQL",
        "SAP software",
        "Atlassian JIRA",
    ):
        t.add(name, "onet")
    for name in ("sql", "sap", "jira", "science"):
        t.add(name, "list:skills.json")
    t.finish()
    # the acronym goes to the fuller of O*NET's two spellings; "software" and vendors are dropped
    assert t.aliases["sql"] == "structured-query-language-sql"
    assert t.aliases["sap"] == "sap-software" and "sap" not in t.skills
    assert t.aliases["jira"] == "atlassian-jira"
    assert (t.skills["structured-query-language-sql"], t.skills["sap-software"]) == ("SQL", "SAP")
    assert t.skills["atlassian-jira"] == "Atlassian JIRA"
    # a plain word only the list knows counts in skills fields only
    assert "science" in t.list_only and "sql" not in t.list_only


def test_list_only_words_count_in_skills_fields(taxonomy: Taxonomy, extractor: Extractor):
    batch = pl.DataFrame(
        {
            "doc_id": ["r1"],
            "text": ["Passion for science"],
            "skills_raw": [["Science"]],
            "bullets": [[]],
        },
        schema_overrides={"bullets": pl.List(pl.String)},
    )
    rows = document_skills(batch, "resume", extractor, taxonomy.aliases).to_dicts()
    assert [(r["skill_id"], r["in_text"], r["in_skills_field"]) for r in rows] == [("science", False, True)]


def test_case_folding_covers_accented_capitals(extractor: Extractor):
    t = Taxonomy()
    t.add("Émile Analytics", "curated")
    t.finish()
    ex = Extractor.from_aliases(t.aliases, t.ambiguous, t.list_only)
    frame = pl.DataFrame({"id": ["d"], "text": ["Built ÉMILE ANALYTICS reports"]})
    assert extract(frame, ex, "id", "text")["skill_id"].to_list() == [t.aliases["émile analytics"]]


def test_product_names_that_are_plain_english_words_need_context():
    t = Taxonomy()
    for name in ("IMPACT", "Linux", "Oracle Java", "Google Meet"):
        t.add(name, "onet")
    t.add("meet", "list:skills.json")
    t.finish()
    assert {"impact", "meet"} <= t.ambiguous
    assert not {"linux", "oracle java"} & t.ambiguous
    ex = Extractor.from_aliases(t.aliases, t.ambiguous, t.list_only)
    frame = pl.DataFrame(
        {"id": ["d"], "text": ["Drove impact on Linux servers; meet weekly. Tools: IMPACT, Git"]}
    )
    assert sorted(extract(frame, ex, "id", "text")["skill_id"].to_list()) == ["impact", "linux"]
