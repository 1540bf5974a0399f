"""The published tables (schema ``marts``): one asset per table, each built by sql/marts/<table>.sql."""

from collections.abc import Callable

import dagster as dg

from pipelines.documents.education import education_rate_params
from pipelines.settings import Settings
from pipelines.warehouse.database import build_table
from pipelines.warehouse.resource import Warehouse

Params = Callable[[Settings], dict[str, object]]

# Skills per occupation that get an example bullet, and the strength of the Dirichlet prior of the
# distinctive-skill log-odds (in pseudo-mentions spread by each skill's overall frequency).
TOP_SKILLS_WITH_EXAMPLES = 10
RESPONSIBILITIES_PER_OCCUPATION = 6
PRIOR_STRENGTH = 100


def _no_params(_settings: Settings) -> dict[str, object]:
    return {}


def _mart(table: str, deps: list[str], description: str, params: Params = _no_params) -> dg.AssetsDefinition:
    @dg.asset(
        key=["marts", table],
        group_name="marts",
        kinds={"duckdb"},
        deps=[dg.AssetKey(d.split("/")) for d in deps],
        description=f"{description} (sql/marts/{table}.sql)",
    )
    def _asset(warehouse: Warehouse) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            rows = build_table(con, "marts", table, params(warehouse.settings))
        return dg.MaterializeResult(metadata={"rows": dg.MetadataValue.int(rows)})

    return _asset


MART_ASSETS = [
    _mart(
        "occupations",
        ["staging/onet_occupations", "staging/soc_major_groups", "staging/resumes", "staging/postings"],
        "Every O*NET occupation with its SOC major group, description and document counts.",
    ),
    _mart(
        "skill_prevalence",
        ["staging/document_skills", "staging/skills", "staging/resumes", "staging/postings"],
        "Share of an occupation's resumes / postings that mention each skill, with Wilson intervals and suppression.",
        lambda s: {"min_docs": s.min_docs},
    ),
    _mart(
        "occupation_titles",
        ["staging/title_occupations", "staging/resumes", "staging/postings"],
        "The kinds of titles inside each occupation.",
    ),
    _mart(
        "education_rates",
        ["staging/resumes", "staging/onet_education"],
        "Education level distribution per occupation from resumes and from O*NET.",
        lambda _s: education_rate_params(),
    ),
    _mart(
        "salary_by_industry",
        ["staging/postings", "staging/oews_wages", "staging/onet_occupations"],
        "Annual pay per occupation and NAICS industry from postings and from OEWS.",
        lambda s: {"industry_level": s.oews_industry_level, "min_salary_n": s.min_salary_n},
    ),
    _mart(
        "skill_examples",
        ["marts/skill_prevalence", "staging/document_skills", "staging/resumes"],
        "A representative resume bullet per top skill of each occupation, personal data removed.",
        lambda s: {"top_skills": TOP_SKILLS_WITH_EXAMPLES},
    ),
    _mart(
        "responsibility_examples",
        ["marts/occupations", "marts/skill_examples", "staging/resumes"],
        "Example responsibilities per occupation: representative resume bullets, personal data removed.",
        lambda s: {"min_docs": s.min_docs, "per_occupation": RESPONSIBILITIES_PER_OCCUPATION},
    ),
    _mart(
        "occupation_comparisons",
        [
            "marts/education_rates",
            "staging/document_skills",
            "staging/skills",
            "staging/oews_wages",
            "staging/postings",
        ],
        "The most related occupations of each occupation, with salary, education and skill differences.",
        lambda s: {"k": s.related_k, "min_docs": s.min_docs, "prior_strength": PRIOR_STRENGTH},
    ),
    _mart(
        "top_paying_industry",
        ["marts/salary_by_industry"],
        "The best-paying industry per occupation and source.",
    ),
]
