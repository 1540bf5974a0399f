from pathlib import Path

import polars as pl
import pytest

from pipelines.skills.names import core_form, number_variants, product_forms, spelled_acronym
from pipelines.skills.steps import CURATED_SKILLS
from pipelines.skills.taxonomy import Taxonomy, build_taxonomy


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return build_taxonomy(
        CURATED_SKILLS,
        [
            "Python",
            "Oracle Java",
            "Sun Microsystems Java",
            "Amazon Web Services AWS software",
            "Structured query language SQL",
            "Structure query language SQL",
            "Hypertext markup language HTML",
            "Cascading style sheets CSS",
            "Apache Spark",
            "Adobe Analytics",
            "Google Analytics",
            "SAP software",
            "Google Meet",
            "Splunk Enterprise",
            "Jenkins CI",
            "StataCorp Stata",
            "Statistics software",
            "Microsoft Office software",
        ],
        ["Oscilloscopes", "Forklifts"],
        [
            (
                "skills.json",
                [
                    "java",
                    "core java",
                    "agile methodologies",
                    "agile",
                    "excel",
                    "spark",
                    "science",
                    "pricing",
                    "data sets",
                    "regression",
                    "mapreduce",
                    "data",
                    "data science",
                    "regression and forecasting",
                    "research and development",
                    "ai",
                    "ms office",
                ],
            )
        ],
    )


def test_o_net_product_names_give_clean_aliases(taxonomy: Taxonomy):
    aws = taxonomy.aliases["aws"]
    assert taxonomy.aliases["amazon web services"] == aws and taxonomy.skills[aws] == "AWS"
    assert taxonomy.aliases["sql"] == taxonomy.aliases["structured query language"]
    assert taxonomy.skills[taxonomy.aliases["sql"]] == "SQL"
    assert taxonomy.skills[taxonomy.aliases["html"]] == "HTML"
    assert taxonomy.aliases["sap"] == taxonomy.aliases["sap software"]
    assert taxonomy.aliases["splunk"] == taxonomy.aliases["splunk enterprise"]
    assert taxonomy.aliases["jenkins"] == taxonomy.aliases["jenkins ci"]
    assert taxonomy.aliases["stata"] == taxonomy.aliases["statacorp stata"]
    # a kind of software is no product: no "statistics" from "Statistics software"
    assert taxonomy.aliases.get("statistics") != taxonomy.aliases["statistics software"]
    # the common tools a posting names are known without any user list
    assert {"etl", "spss", "snowflake", "java", "sql", "html", "css", "aws"} <= set(taxonomy.aliases)


def test_a_list_concept_that_abbreviates_a_vendor_is_the_product(taxonomy: Taxonomy):
    # "ms office" ends in a generic head (office) and would be dropped as a list phrase of its own
    assert taxonomy.aliases["ms office"] == taxonomy.aliases["microsoft office"]


def test_a_list_phrase_that_joins_skills_is_none(taxonomy: Taxonomy):
    # two skills, each found alone; a joint phrase of two words that are no skills alone stays
    assert "regression and forecasting" not in taxonomy.aliases and "regression" in taxonomy.aliases
    assert "research and development" in taxonomy.aliases


def test_one_concept_per_skill(taxonomy: Taxonomy):
    java = taxonomy.aliases["java"]
    assert taxonomy.aliases["oracle java"] == taxonomy.aliases["sun microsystems java"] == java
    assert taxonomy.aliases["core java"] == java and taxonomy.skills[java] == "Java"
    assert taxonomy.aliases["agile methodologies"] == taxonomy.aliases["agile"]
    assert taxonomy.aliases["excel"] == taxonomy.aliases["ms excel"] == "microsoft-excel"
    assert taxonomy.aliases["spark"] == taxonomy.aliases["apache spark"]
    # a bare word vendors end with names none of them, and the kind of product ("analytics") names
    # none even when only two sell it: Adobe and Google Analytics stay two, and analytics the method
    adobe, google = taxonomy.aliases["adobe analytics"], taxonomy.aliases["google analytics"]
    assert adobe != google and taxonomy.aliases["analytics"] not in {adobe, google}
    assert taxonomy.types[taxonomy.aliases["analytics"]] == "method"
    assert len({taxonomy.aliases[f"{v} analytics"] for v in ("adobe", "google")}) == 2


def test_every_skill_is_typed(taxonomy: Taxonomy):
    assert set(taxonomy.types) == set(taxonomy.skills)
    assert taxonomy.types[taxonomy.aliases["python"]] == "software"
    assert taxonomy.types[taxonomy.aliases["oscilloscope"]] == "tool"  # singular of O*NET's plural
    assert taxonomy.types[taxonomy.aliases["communication"]] == "soft"
    assert taxonomy.types[taxonomy.aliases["negotiation"]] == "professional"
    assert taxonomy.types[taxonomy.aliases["mapreduce"]] == "software"  # a rare single word
    assert taxonomy.types[taxonomy.aliases["regression"]] == "method"  # typed by its last word
    assert taxonomy.work_styles[taxonomy.aliases["teamwork"]] == "Cooperation"


def test_generic_words_and_things_are_no_skills(taxonomy: Taxonomy):
    assert "data" not in taxonomy.aliases and "data sets" not in taxonomy.aliases
    assert "data science" in taxonomy.aliases


def test_forms_are_classed_for_prose(taxonomy: Taxonomy):
    assert "pricing" in taxonomy.list_only  # a common word only a list knows
    # letters only a list knows need evidence in prose (AI written in capitals in a list), not a list
    assert "ai" in taxonomy.ambiguous and "ai" not in taxonomy.list_only
    assert "regression" in taxonomy.ambiguous  # less common: needs context
    assert "mapreduce" not in taxonomy.ambiguous | taxonomy.list_only  # rare: a name
    assert {"meet", "r", "go"} <= taxonomy.ambiguous  # O*NET names a product after a plain word
    assert "python" not in taxonomy.ambiguous


def test_list_phrases_that_count_in_prose_carry_their_prior(taxonomy: Taxonomy):
    """Only the forms an uncurated list alone knows and prose reads as they stand are admitted on
    evidence; the prior falls as the phrase gets more common in English."""
    assert {"mapreduce", "data science"} <= set(taxonomy.priors)
    assert not set(taxonomy.priors) & (taxonomy.ambiguous | taxonomy.list_only)
    assert not {"python", "java", "aws", "machine learning"} & set(taxonomy.priors)  # O*NET and curated
    assert taxonomy.priors["mapreduce"] > taxonomy.priors["data science"]  # zipf 1.6 against 3.2
    frame = taxonomy.alias_frame()
    assert frame.filter(pl.col("alias") == "data science")["prior"].item() == taxonomy.priors["data science"]
    assert frame.filter(pl.col("alias") == "python")["prior"].item() is None


def test_name_rules():
    assert spelled_acronym("JavaScript Object Notation JSON") == ("JavaScript Object Notation", "JSON")
    assert spelled_acronym("Oracle JavaServer Pages JSP") == ("JavaServer Pages", "JSP")
    assert spelled_acronym("Microsoft Office software") is None
    assert product_forms("Microsoft Office software") == (
        "Microsoft Office",
        ["microsoft office software", "microsoft office"],
    )
    assert number_variants("predictive model") == ["predictive models"]
    assert number_variants("data pipelines") == ["data pipeline"]
    assert number_variants("pandas") == [] and number_variants("machine learning") == []
    # no "analyticses" or "analysises"
    assert number_variants("adobe analytics") == [] and number_variants("data analysis") == ["data analyses"]
    assert core_form("core java") == "java"
    assert core_form("sql skills") == "sql"
    assert core_form("skills") is None and core_form("java") is None


def test_curated_types_are_checked(tmp_path: Path):
    bad = tmp_path / "curated.csv"
    bad.write_text("skill,type,aliases,ambiguous_aliases,work_style\nJuggling,hobby,,,\n")
    with pytest.raises(ValueError, match="hobby"):
        build_taxonomy(bad, [], [], [])


def test_the_rare_last_word_of_a_product_name_names_it_alone_with_context():
    taxonomy = build_taxonomy(
        CURATED_SKILLS,
        [
            "Veritas NetBackup",
            "Symantec Veritas NetBackup",
            "National Instruments Multisim",
            "Alpha Foozle",
            "Beta Foozle",
            "Gamma Foozle",
            "Oracle Database",
        ],
        [],
        [],
    )
    # no known vendor before it, yet the product goes by its last word; in prose only with context
    assert taxonomy.aliases["multisim"] == taxonomy.aliases["national instruments multisim"]
    assert "multisim" in taxonomy.ambiguous
    # two products that end with it are one concept
    assert taxonomy.aliases["netbackup"] == taxonomy.aliases["symantec veritas netbackup"]
    assert taxonomy.aliases["veritas netbackup"] == taxonomy.aliases["netbackup"]
    # a word three products end with names a family, a common word names a kind
    assert "foozle" not in taxonomy.aliases
    assert taxonomy.aliases.get("database") != taxonomy.aliases["oracle database"]


def test_a_short_name_merge_planned_before_another_lands_on_the_concept_left():
    # "apache zed" folds Apache Zed Enterprise into IBM Apache Zed before "zed enterprise" is decided
    taxonomy = build_taxonomy(
        CURATED_SKILLS, ["Oracle Zed Enterprise", "Apache Zed Enterprise", "IBM Apache Zed"], [], []
    )
    ids = {taxonomy.aliases[f] for f in ("zed enterprise", "apache zed", "oracle zed enterprise")}
    assert len(ids) == 1 and ids <= set(taxonomy.skills)
