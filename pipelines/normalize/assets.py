"""Normalisation assets: titles to occupations, and the published resume and posting tables."""

import dagster as dg

from pipelines.ingest.assets import records_glob, work_dir
from pipelines.lib.occupations import write_title_matches
from pipelines.lib.warehouse import build_table
from pipelines.resources import Warehouse

ONET_TITLE_KEYS = [
    dg.AssetKey(["staging", "onet_occupations"]),
    dg.AssetKey(["staging", "onet_alternate_titles"]),
    dg.AssetKey(["staging", "oews_wages"]),
]


@dg.asset(
    key=["staging", "title_occupations"],
    group_name="normalize",
    kinds={"duckdb", "python"},
    deps=[dg.AssetKey(["ingest", "resumes"]), dg.AssetKey(["ingest", "postings"]), *ONET_TITLE_KEYS],
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


def _document_asset(name: str) -> dg.AssetsDefinition:
    @dg.asset(
        key=["staging", name],
        group_name="staging",
        kinds={"duckdb"},
        deps=[dg.AssetKey(["ingest", name]), title_occupations, dg.AssetKey(["staging", "onet_occupations"])],
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


NORMALIZE_ASSETS = [title_occupations, _document_asset("resumes"), _document_asset("postings")]
