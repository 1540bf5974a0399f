"""Blocking structural checks of the staging tables: keys unique and not null, codes that exist,
and the reconciliation of every raw file."""

import dagster as dg

from pipelines.warehouse.resource import Warehouse
from pipelines.warehouse.results import checked_rule
from pipelines.warehouse.rules import RECONCILIATION_SQL, not_null_sql, unique_sql


def _key_checks(table: str, *key: str, nullable: tuple[str, ...] = ()) -> list[dg.AssetChecksDefinition]:
    asset = dg.AssetKey(["staging", table])
    columns = ", ".join(key)
    name = "__".join(key)

    @dg.asset_check(asset=asset, name=f"unique__{name}", blocking=True)
    def _unique(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> dg.AssetCheckResult:
        sql = unique_sql(f"staging.{table}", columns)
        return checked_rule(
            context, warehouse, f"staging/{table}", f"unique__{name}", sql, f"({columns}) is unique"
        )

    @dg.asset_check(asset=asset, name=f"not_null__{name}", blocking=True)
    def _not_null(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> dg.AssetCheckResult:
        required = [c for c in key if c not in nullable]
        sql = " union all ".join(f"select * from ({not_null_sql(f'staging.{table}', c)})" for c in required)
        rule = f"{', '.join(required)} not null"
        return checked_rule(context, warehouse, f"staging/{table}", f"not_null__{name}", sql, rule)

    return [_unique, _not_null]


def _reference_check(table: str, column: str, parent: str, parent_column: str) -> dg.AssetChecksDefinition:
    """Every non-null code in ``table.column`` exists in ``parent``."""
    name = f"fk__{column}__{parent}"

    @dg.asset_check(asset=dg.AssetKey(["staging", table]), name=name, blocking=True)
    def _fk(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> dg.AssetCheckResult:
        sql = (
            f"select distinct {column} from staging.{table} where {column} is not null"
            f" and {column} not in (select {parent_column} from staging.{parent})"
        )
        return checked_rule(
            context, warehouse, f"staging/{table}", name, sql, f"{column} exists in staging.{parent}"
        )

    return _fk


@dg.asset_check(asset=dg.AssetKey(["staging", "title_corrections"]), name="codes_are_onet_soc", blocking=True)
def title_correction_codes(
    context: dg.AssetCheckExecutionContext, warehouse: Warehouse
) -> dg.AssetCheckResult:
    """Every correction names a well-formed O*NET-SOC code. Not a reference check: a raw directory may
    hold a subset of O*NET, and the matcher skips corrections to occupations it does not hold."""
    sql = (
        "select title, occupation_code from staging.title_corrections where occupation_code is not null"
        " and not regexp_full_match(occupation_code, '\\d{2}-\\d{4}\\.\\d{2}')"
    )
    rule = "occupation_code is null or looks like 15-2051.00"
    return checked_rule(context, warehouse, "staging/title_corrections", "codes_are_onet_soc", sql, rule)


@dg.asset_check(
    asset=dg.AssetKey(["audit", "file_reconciliation"]),
    name="read_equals_accepted_duplicates_rejected",
    blocking=True,
)
def reconciliation(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> dg.AssetCheckResult:
    """Nothing read is lost: per file, records read = accepted + duplicates + rejected."""
    rule = "records_read = accepted + duplicates + rejected per file"
    return checked_rule(
        context,
        warehouse,
        "audit/file_reconciliation",
        "read_equals_accepted_duplicates_rejected",
        RECONCILIATION_SQL,
        rule,
    )


# O*NET's Alternate Titles lists a few titles twice for one occupation: that table is checked for
# missing values only (below), not for a unique key.
STAGING_KEYS = {
    "resumes": ("resume_id",),
    "postings": ("posting_id",),
    "onet_occupations": ("occupation_code",),
    "onet_technology_skills": ("occupation_code", "example"),
    "onet_education": ("occupation_code", "element_id", "scale_id", "category"),
    "onet_education_categories": ("element_id", "scale_id", "category"),
    "onet_job_zones": ("occupation_code",),
    "oews_wages": ("soc_code", "industry_code"),
    "title_occupations": ("title",),
    "skills": ("skill_id",),
    "skill_aliases": ("alias",),
    "document_skills": ("doc_type", "doc_id", "skill_id"),
    "industry_crosswalk": ("industry_key",),
    "industry_keywords": ("keyword",),
    "soc_major_groups": ("major_group",),
    "title_corrections": ("title",),
}

INGEST_CHECKS = [
    # O*NET leaves the category empty on scales without categories (e.g. importance ratings)
    *(
        check
        for table, key in STAGING_KEYS.items()
        for check in _key_checks(table, *key, nullable=("category",))
    ),
    _key_checks("onet_alternate_titles", "occupation_code", "alternate_title")[1],
    _reference_check("resumes", "occupation_code", "onet_occupations", "occupation_code"),
    _reference_check("postings", "occupation_code", "onet_occupations", "occupation_code"),
    _reference_check("document_skills", "skill_id", "skills", "skill_id"),
    title_correction_codes,
    reconciliation,
]
