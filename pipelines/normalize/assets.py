"""Normalisation assets: titles to occupations, and the published resume and posting tables."""

from collections.abc import Iterator, Sequence
from pathlib import Path

import dagster as dg

from pipelines.ingest.assets import records_glob, work_dir
from pipelines.ingest.loop import discover
from pipelines.settings import PROJECT_ROOT
from pipelines.skills.steps import (
    build_taxonomy,
    onet_technology_names,
    write_document_skills,
    write_taxonomy,
)
from pipelines.titles.steps import write_title_matches
from pipelines.warehouse.database import build_table
from pipelines.warehouse.resource import Warehouse

INDUSTRY_CROSSWALK = PROJECT_ROOT / "reference" / "industry_crosswalk.csv"
INDUSTRY_KEYWORDS = PROJECT_ROOT / "reference" / "industry_keywords.csv"
SOC_MAJOR_GROUPS = PROJECT_ROOT / "reference" / "soc_major_groups.csv"
TITLE_CORRECTIONS = PROJECT_ROOT / "reference" / "title_corrections.csv"


ONET_TITLE_KEYS = [
    dg.AssetKey(["staging", "onet_occupations"]),
    dg.AssetKey(["staging", "onet_alternate_titles"]),
    dg.AssetKey(["staging", "onet_technology_skills"]),
    dg.AssetKey(["staging", "oews_wages"]),
]


@dg.asset(
    key=["staging", "title_occupations"],
    group_name="normalize",
    kinds={"duckdb", "python"},
    deps=[
        dg.AssetKey(["ingest", "resumes"]),
        dg.AssetKey(["ingest", "postings"]),
        dg.AssetKey(["staging", "title_corrections"]),
        *ONET_TITLE_KEYS,
    ],
)
def title_occupations(warehouse: Warehouse) -> dg.MaterializeResult:
    """Every distinct resume and posting title with its O*NET-SOC occupation: exact match on O*NET titles
    and alternate titles after normalisation, else fuzzy with a score; below the threshold it stays
    unmapped with its best candidate."""
    matches = work_dir(warehouse, "title_occupations") / "matches.parquet"
    params = {
        "resume_records": records_glob(warehouse, "resumes"),
        "posting_records": records_glob(warehouse, "postings"),
    }
    with warehouse.connect() as con:
        write_title_matches(con, params, matches)
        rows = build_table(con, "staging", "title_occupations", {"matches": str(matches)})
        methods = dict(
            con.execute("select method, count(*) from staging.title_occupations group by 1").fetchall()
        )
    return dg.MaterializeResult(
        metadata={"rows": dg.MetadataValue.int(rows), "by_method": dg.MetadataValue.json(methods)}
    )


def _repository_table(
    table: str, path: Path, param: str, description: str, deps: Sequence[dg.AssetKey] = ()
) -> dg.AssetsDefinition:
    """A staging table read from a reference file kept in the repository."""

    @dg.asset(
        key=["staging", table], group_name="normalize", kinds={"duckdb"}, description=description, deps=deps
    )
    def _asset(warehouse: Warehouse) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            rows = build_table(con, "staging", table, {param: str(path)})
        return dg.MaterializeResult(metadata={"rows": dg.MetadataValue.int(rows)})

    return _asset


industry_crosswalk = _repository_table(
    "industry_crosswalk",
    INDUSTRY_CROSSWALK,
    "crosswalk",
    "reference/industry_crosswalk.csv (kept in the repository): job-board industry and sector names to "
    "NAICS sectors, as published by OEWS at level 2.",
)
industry_keywords = _repository_table(
    "industry_keywords",
    INDUSTRY_KEYWORDS,
    "keywords",
    "reference/industry_keywords.csv (kept in the repository): words that place an industry name the "
    "crosswalk does not list in a NAICS sector ('Hospitals and Health Care' -> 62).",
)
title_corrections = _repository_table(
    "title_corrections",
    TITLE_CORRECTIONS,
    "corrections",
    "reference/title_corrections.csv (kept in the repository): titles O*NET files under the wrong "
    "occupation, with the right one or none, and the source.",
    # its codes are checked against the O*NET occupations
    deps=[dg.AssetKey(["staging", "onet_occupations"])],
)
soc_major_groups = _repository_table(
    "soc_major_groups",
    SOC_MAJOR_GROUPS,
    "groups",
    "reference/soc_major_groups.csv (kept in the repository): the 23 SOC 2018 major groups.",
)


def _document_asset(name: str) -> dg.AssetsDefinition:
    @dg.asset(
        key=["staging", name],
        group_name="staging",
        kinds={"duckdb"},
        deps=[
            dg.AssetKey(["ingest", name]),
            title_occupations,
            industry_crosswalk,
            industry_keywords,
            dg.AssetKey(["staging", "onet_occupations"]),
        ],
        description=f"One row per distinct {name[:-1]}: de-duplicated, with its occupation (sql/staging/{name}.sql).",
    )
    def _asset(warehouse: Warehouse) -> dg.MaterializeResult:
        with warehouse.connect() as con:
            rows = build_table(con, "staging", name, {"records": records_glob(warehouse, name)})
            mapped = con.execute(f"select count(occupation_code) from staging.{name}").fetchall()[0][0]
        return dg.MaterializeResult(
            metadata={"rows": dg.MetadataValue.int(rows), "with_occupation": dg.MetadataValue.int(mapped)}
        )

    return _asset


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            ["staging", "skills"],
            group_name="normalize",
            kinds={"duckdb"},
            deps=[dg.AssetKey(["staging", "onet_technology_skills"])],
            description="The skill taxonomy: one id per concept from the curated list, O*NET technology examples and raw/skills/ lists.",
        ),
        dg.AssetSpec(
            ["staging", "skill_aliases"],
            group_name="normalize",
            kinds={"duckdb"},
            description="Every surface form that names a skill, and whether it needs context (r, go, excel).",
        ),
    ]
)
def skills(warehouse: Warehouse) -> Iterator[dg.MaterializeResult]:
    settings = warehouse.settings
    with warehouse.connect() as con:
        taxonomy = build_taxonomy(onet_technology_names(con), discover(settings.raw_dir / "skills"))
        params = write_taxonomy(taxonomy, work_dir(warehouse, "skills"))
        n_skills = build_table(con, "staging", "skills", {"skills": params["skills"]})
        n_aliases = build_table(con, "staging", "skill_aliases", {"aliases": params["aliases"]})
    yield dg.MaterializeResult(
        asset_key=["staging", "skills"], metadata={"rows": dg.MetadataValue.int(n_skills)}
    )
    yield dg.MaterializeResult(
        asset_key=["staging", "skill_aliases"], metadata={"rows": dg.MetadataValue.int(n_aliases)}
    )


@dg.asset(
    key=["staging", "document_skills"],
    group_name="normalize",
    kinds={"duckdb", "polars"},
    deps=[
        dg.AssetKey(["staging", "skill_aliases"]),
        dg.AssetKey(["staging", "resumes"]),
        dg.AssetKey(["staging", "postings"]),
    ],
)
def document_skills(warehouse: Warehouse) -> dg.MaterializeResult:
    """Skills of every resume and posting: whole-word leftmost-longest matches in the text plus the
    structured skills fields, with the first resume bullet that mentions each skill."""
    parts = work_dir(warehouse, "document_skills")
    with warehouse.connect() as con:
        write_document_skills(con, parts, warehouse.settings.skill_batch_size)
        rows = build_table(con, "staging", "document_skills", {"parts": str(parts / "*.parquet")})
    return dg.MaterializeResult(metadata={"rows": dg.MetadataValue.int(rows)})


NORMALIZE_ASSETS = [
    industry_crosswalk,
    industry_keywords,
    title_corrections,
    soc_major_groups,
    title_occupations,
    _document_asset("resumes"),
    _document_asset("postings"),
    skills,
    document_skills,
]
