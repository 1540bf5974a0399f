import math

import polars as pl
import pytest

from pipelines.skills.clean import cleaned, without_company
from pipelines.skills.names import rules
from pipelines.skills.steps import CURATED_SKILLS, SkillModel
from pipelines.skills.taxonomy import Taxonomy, build_taxonomy


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return build_taxonomy(
        CURATED_SKILLS,
        [
            "Python",
            "Oracle Java",
            "Ruby",
            "Apache Spark",
            "Tableau",
            "Structured query language SQL",
            "Microsoft Word",
        ],
        ["Levels", "Oscilloscopes"],
        [
            (
                "skills.json",
                [
                    "regression",
                    "mapreduce",
                    "pricing",
                    "data science",
                    "word",
                    "data analyst",
                    "computer skills",
                ],
            )
        ],
    )


@pytest.fixture(scope="module")
def model(taxonomy: Taxonomy) -> SkillModel:
    return SkillModel.from_taxonomy(taxonomy)


def _batch(texts: list[str], **extra: list) -> pl.DataFrame:
    n = len(texts)
    return pl.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(n)],
            "text": texts,
            "skills_raw": extra.get("skills_raw", [[] for _ in range(n)]),
            "bullets": extra.get("bullets", [[] for _ in range(n)]),
            **({"company": extra["company"]} if "company" in extra else {}),
        },
        schema_overrides={"skills_raw": pl.List(pl.String), "bullets": pl.List(pl.String)},
    )


def _found(model: SkillModel, text: str, **extra: list) -> list[str]:
    return sorted(model.skills(_batch([text], **{k: [v] for k, v in extra.items()}), "posting")["skill_id"])


def test_special_characters_and_longest_match(model: SkillModel):
    assert _found(
        model, "Stack: C++, C# and .NET services, Node.js APIs; JavaScript (not Java) and SQL."
    ) == [
        ".net",
        "c#",
        "c++",
        "javascript",
        "node.js",
        "structured-query-language-sql",
    ]


def test_whole_words_only(model: SkillModel):
    assert _found(model, "Pythonic SQLite javanese sparkling") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Languages: Python, R, SQL", ["python", "r", "structured-query-language-sql"]),
        # lower case is not the R language nor Go; R&D is no R
        ("Rated r movies, R&D budgets; you go to meetings and excel at teamwork", ["budgeting", "teamwork"]),
        ("experience with Go and R programming", ["go", "r"]),
        ("Tools: Excel, Tableau", ["microsoft-excel", "tableau"]),
        ("We use Spark and Python for MapReduce jobs", ["apache-spark", "mapreduce", "python"]),
        ("a spark of interest", []),
        # a capital amid running text is evidence; one that starts a line is not
        (
            "we use python and sql daily to edit Word files",
            ["microsoft-word", "python", "structured-query-language-sql"],
        ),
        ("we use python and sql daily\nWord counts are tracked", ["python", "structured-query-language-sql"]),
        # items between bullets, before "and/or", or a release number after the name
        ("Platforms • Spark • SQL", ["apache-spark", "structured-query-language-sql"]),
        ("Tableau, Spark and/or Python", ["apache-spark", "python", "tableau"]),
        ("Tableau and/or Spark", ["apache-spark", "tableau"]),
        # a field's one value is no enumeration; an item of a list after a label is
        ("Project: Spark\nTeam: four", []),
        ("Project: Spark, Python", ["apache-spark", "python"]),
        # unless the label names a kind of skill
        ("Technology used: Spark.\nTeam: four", ["apache-spark"]),
        ("Reports written in Word 2016", ["microsoft-word"]),
        ("The word 2 appears", []),
        # "pricing" only a list knows, and it is a common word: never in prose
        ("Pricing, forecasting", ["forecasting"]),
        # a less common list word counts where a list or a naming word says so
        ("Methods: regression, clustering", ["regression"]),
        ("we saw a regression in revenue", []),
        # a tool of one word is a thing first
        ("Entry level role with oscilloscopes at every level of the lab", ["oscilloscopes"]),
        ("Tools: levels, oscilloscopes", ["oscilloscopes"]),
        # soft adjectives of many senses count where they describe the worker
        ("A flexible design with organizational structures", []),
        ("You are flexible, curious and organized", ["adaptability", "creativity", "organizational-skills"]),
        # an adjective of a soft skill describes the worker, not a chemistry or a company
        ("analytical chemistry for an innovative company", []),
        # an adverb says how the worker works wherever it stands
        ("Independently design assays", ["independence"]),
        # and an adjective before a person describes the worker
        ("We want a highly creative cancer biologist", ["creativity"]),
        (
            "You are highly analytical, creative and collaborative.",
            ["analytical-skills", "creativity", "teamwork"],
        ),
    ],
)
def test_ambiguous_forms_need_evidence(model: SkillModel, text: str, expected: list[str]):
    assert _found(model, text) == expected


def test_job_titles_and_graded_generic_words_only_a_list_knows_are_no_skills(model: SkillModel):
    assert _found(model, "Data analyst with computer skills and data science") == ["data-science"]
    assert _found(model, "Tools: Computer skills, Data analyst", skills_raw=["computer skills"]) == []


def test_degree_fields_follow_us_and_limited_oversight_are_not_skills(model: SkillModel):
    assert _found(model, "An advanced degree (M.S., PhD), preferably in Statistics or Physics") == []
    assert _found(model, "Follow us on Ruby and Tableau. Works with limited oversight") == []
    assert _found(model, "Led the oversight of vendors") == ["oversight"]


def test_headers_that_hold_a_cue_open_sections_that_are_not_about_skills(model: SkillModel):
    text = "Who is Acme?\nAcme builds Tableau dashboards\n\nYou have Python\nWHAT ACME CAN OFFER YOU\nRuby"
    assert _found(model, text) == ["python"]
    # a line of running text that holds a cue is no header
    assert _found(model, "Thrives in a startup culture\nTableau") == ["tableau"]


def test_sentences_in_which_the_employer_describes_itself_are_no_requirements(model: SkillModel):
    text = "Since 2012 we have built the best Tableau shop. We are looking for Python developers!"
    assert _found(model, text) == ["python"]
    assert _found(model, "Our culture values forecasting; you will use our Spark cluster") == ["apache-spark"]
    # the employer named as "the company" or "the firm" speaks of itself too
    assert _found(model, "The company leads the field in Tableau. The firm needs Python skills.") == [
        "python"
    ]
    # in a resume "we" is the candidate's team
    resume = model.skills(_batch(["Since 2012 we have built the best Tableau shop."]), "resume")
    assert resume["skill_id"].to_list() == ["tableau"]


def test_resume_sentences_that_say_what_a_product_does_name_its_business_not_skills(model: SkillModel):
    def resume(text: str) -> list[str]:
        return sorted(model.skills(_batch([text]), "resume")["skill_id"])

    assert resume("Wrote Python. It is used for forecasting and Tableau reports.") == ["python"]
    # what it was built with, or the candidate speaking, keeps the sentence
    assert resume("It is used for forecasting, built with Python and Tableau.") == [
        "forecasting",
        "python",
        "tableau",
    ]
    assert resume("I built a system that is used for forecasting.") == ["forecasting"]
    # in a posting the same words are the job's
    assert _found(model, "It is used for forecasting and Tableau reports.") == ["forecasting", "tableau"]


def test_the_name_of_an_organisation_is_no_skill(model: SkillModel):
    assert _found(model, "company - FORECASTING ANALYTICS INDIA PVT LTD\nTableau") == ["tableau"]
    assert _found(model, "Forecasting, Analytics and a limited budget") == ["analytics", "forecasting"]


def test_a_vendor_abbreviation_names_the_product(model: SkillModel):
    assert _found(model, "MS Word and MS-Word reports") == ["microsoft-word"]


def test_boilerplate_organisations_links_and_negation_are_not_skills(model: SkillModel):
    text = (
        "Requirements\n- Python and Tableau\n- Work with minimal oversight\n- No experience with Ruby required\n"
        "Benefits:\nMedical, dental and 401(k)\nPaid leadership training\n\n"
        "Acme Ruby Corp (Nasdaq: RUBY) is an equal opportunity employer; recruiting is done without regard to race.\n"
        "Founder R. J. Reynolds. Profile: indeed.com/r/Jane-Doe/123, jane@r.example.com\n"
        "Founded in 1990, Acme is the leading provider of Ruby tools."
    )
    assert _found(model, text, company="Acme Ruby Corp") == ["python", "tableau"]


def test_degree_subjects_are_education(model: SkillModel):
    assert _found(model, "MS in Machine Learning or Statistics; experience in forecasting") == ["forecasting"]
    assert _found(model, "experience in machine learning") == ["machine-learning"]
    # subjects in lower case: an enumeration, then its last one or two words
    text = "Degree required, preferably in data science, physics/machine learning, or statistics. Tableau"
    assert _found(model, text) == ["tableau"]
    assert _found(model, "MS in statistics and experience with Python") == ["python"]


def test_not_only_is_no_negation():
    texts = pl.Series(["not only Python but also SQL", "no Python"])
    assert [t.split() for t in cleaned(texts)] == [
        ["also", "Python", "but", "also", "SQL"],
        [],
    ]


def test_company_names_are_blanked_in_their_own_posting_only():
    out = without_company(pl.Series("t", ["Oracle hires", "Oracle DBA"]), pl.Series(["Oracle", "Acme"]))
    assert out.to_list() == [" we  hires", "Oracle DBA"]


def test_a_posting_sentence_that_names_the_employer_and_not_the_job_is_about_the_company(model: SkillModel):
    batch = _batch(
        [
            "Acme Labs leads the field in Tableau. Acme Labs needs Python experience.",
            "Acme Labs uses Tableau.",
        ],
        company=["Acme Labs", "Other"],
    )
    found = model.skills(batch, "posting")
    assert sorted(zip(found["doc_id"], found["skill_id"], strict=True)) == [
        ("d0", "python"),
        ("d1", "tableau"),
    ]


def test_structured_fields_evidence_and_forms(model: SkillModel):
    batch = _batch(
        ["Summary\n• Built Tableau dashboards for risk management\n• Led oversight of vendors"],
        skills_raw=[["R", "Apache Spark", "Python programming", "Unknown Thing", "Word"]],
        bullets=[["Built Tableau dashboards for risk management", "Led oversight of vendors"]],
    )
    rows = {(r["skill_id"], r["in_text"]): r for r in model.skills(batch, "resume").to_dicts()}
    assert set(rows) == {
        ("tableau", True),
        ("risk-management", True),
        ("oversight", True),
        ("r", False),
        ("apache-spark", False),
        ("python", False),
        ("microsoft-word", False),
    }
    assert rows[("oversight", True)]["evidence"] == "Led oversight of vendors"
    assert rows[("tableau", True)]["forms"] == ["tableau"]
    assert rows[("python", False)]["forms"] == ["Python programming"]
    assert rows[("r", False)]["in_skills_field"]


def test_case_folding_covers_accented_capitals():
    taxonomy = build_taxonomy(CURATED_SKILLS, ["Émile Analytics"], [], [])
    found = SkillModel.from_taxonomy(taxonomy).skills(_batch(["Built ÉMILE ANALYTICS reports"]), "resume")
    assert found["skill_id"].to_list() == [taxonomy.aliases["émile analytics"]]


def test_common_professional_and_method_skills_are_in_the_curated_taxonomy(model: SkillModel):
    assert _found(model, "Troubleshoot servers; data wrangling and version control") == [
        "data-wrangling",
        "troubleshooting",
        "version-control",
    ]
    # one common word counts in a list or a skills field, not in passing
    assert _found(model, "Skills: Testing, Sales") == ["sales", "software-testing"]
    assert _found(model, "sales grew after testing the market") == []


def _supports(model: SkillModel, text: str) -> dict[str, int]:
    found = model.skills(_batch([text]), "posting", with_reasons=True)
    return dict(zip(found["skill_id"], found["support"], strict=True))


def test_support_counts_the_other_skills_of_the_same_sentence_or_line(model: SkillModel):
    assert _supports(model, "Tools: Python, Tableau and MapReduce.") == {
        "python": 2,
        "tableau": 2,
        "mapreduce": 2,
    }
    # a sentence end, a line break and a bullet each close a context
    assert _supports(model, "We use Python. Tableau helps\nMapReduce • Ruby") == {
        "python": 0,
        "tableau": 0,
        "mapreduce": 0,
        "ruby": 0,
    }
    # the most any one mention's sentence names
    assert _supports(model, "Python alone. Python with Tableau.")["python"] == 1


def test_a_phrase_does_not_run_across_a_line_break(model: SkillModel):
    assert "data-science" in _found(model, "Skills: data science")
    assert "data-science" not in _found(model, "Skills: data\nscience")


def test_a_list_phrase_whose_prior_is_below_even_odds_counts_when_its_sentence_names_skills():
    taxonomy = build_taxonomy(
        CURATED_SKILLS, ["Python", "Tableau"], [], [("skills.json", ["cloud readiness"])]
    )
    # below even odds alone, above them beside one other skill
    taxonomy.priors["cloud readiness"] = -0.5 * rules()["admission"]["cooccurring"] * math.log(2)
    model = SkillModel.from_taxonomy(taxonomy)
    assert _found(model, "We assess cloud readiness for clients.") == []
    found = model.skills(_batch(["Python and cloud readiness"]), "posting", with_reasons=True)
    assert dict(zip(found["skill_id"], found["reason"], strict=True)) == {
        "python": "clear",
        "cloud-readiness": "supported",
    }


def test_a_list_phrase_before_a_unit_noun_at_every_mention_names_a_group_not_a_skill():
    taxonomy = build_taxonomy(
        CURATED_SKILLS, ["Python", "Tableau"], [], [("skills.json", ["smart mobility"])]
    )
    taxonomy.priors["smart mobility"] = 1.0  # admitted alone
    model = SkillModel.from_taxonomy(taxonomy)
    assert _found(model, "We are a smart mobility company.") == []
    assert _found(model, "Join the Smart Mobility team; Python and Tableau.") == ["python", "tableau"]
    # one mention that names the skill itself is enough
    assert "smart-mobility" in _found(model, "The smart mobility team works on smart mobility.")
    assert "smart-mobility" in _found(model, "Experience in smart mobility.")


def test_a_product_named_by_its_last_word_counts_where_its_context_says_so():
    taxonomy = build_taxonomy(
        CURATED_SKILLS, ["National Instruments Multisim", "Veritas NetBackup", "Python"], [], []
    )
    model = SkillModel.from_taxonomy(taxonomy)
    multisim, netbackup = taxonomy.aliases["multisim"], taxonomy.aliases["netbackup"]
    assert multisim in _found(model, "Tools: Python, Multisim, MATLAB")
    assert multisim not in _found(model, "we ran a multisim of the process")
    # written as the product's name spells it, inner capital and all
    assert netbackup in _found(model, "Backups: Python, NetBackup, RMAN")


def test_a_large_batch_is_shared_with_helpers_and_gives_the_skills_found_here(
    taxonomy: Taxonomy, model: SkillModel, monkeypatch
):
    from pipelines.shards import helpers as helpers_module
    from pipelines.shards.helpers import Helpers
    from pipelines.skills import steps

    texts = [
        "Python and SQL daily.",
        "Tableau dashboards in R.",
        "Nothing here.",
        "Spark, Ruby and Word.",
    ] * 3
    batch = _batch(texts).with_columns(doc_type=pl.lit("posting"))
    here = steps._skills(model, batch, "posting").sort("doc_id", "skill_id")
    monkeypatch.setattr(helpers_module, "SHARED_ROWS", 4)
    monkeypatch.setattr(steps, "SLICE_DOCUMENTS", 4)
    with Helpers(2, model, SkillModel.from_taxonomy, (taxonomy,)) as helpers:
        (shared,) = steps._skills_shared(helpers, "posting", [batch])
    assert len(here) and shared.sort("doc_id", "skill_id").equals(here)
