"""The occupation profile pages: a static site written from the marts on every build."""

import dagster as dg

from pipelines.publish.pages import site_problems, write_occupation_pages
from pipelines.settings import SQL_DIR
from pipelines.warehouse.checks import logged_result
from pipelines.warehouse.contracts import tables_read
from pipelines.warehouse.resource import Warehouse

# The pages show what the selects of sql/pages/ read, so those tables are what the pages depend on.
PAGE_INPUTS = sorted(
    {t for path in (SQL_DIR / "pages").glob("*.sql") for t in tables_read(path.read_text(encoding="utf-8"))}
)


@dg.asset(
    key=["reports", "occupation_pages"],
    group_name="reports",
    kinds={"html"},
    deps=[dg.AssetKey(t.split(".")) for t in PAGE_INPUTS],
)
def occupation_pages(warehouse: Warehouse) -> dg.MaterializeResult:
    """Static occupation profile pages (index with search and group filter, one page per occupation with
    at least LABOURLENS_MIN_DOCS resumes or postings) in <warehouse dir>/reports/occupations/
    (pipelines/publish/pages.py, queries in sql/pages/)."""
    settings = warehouse.settings
    with warehouse.connect(read_only=True) as con:
        summary = write_occupation_pages(
            con, warehouse.layout.pages_dir, settings.min_docs, settings.min_salary_n
        )
    return dg.MaterializeResult(
        metadata={
            "pages": dg.MetadataValue.int(summary.pages),
            "occupations_without_page": dg.MetadataValue.int(summary.occupations_without_page),
            "index": dg.MetadataValue.path(str(summary.index)),
        }
    )


@dg.asset_check(asset=occupation_pages, name="site_complete", blocking=True)
def site_complete(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> dg.AssetCheckResult:
    """One page per occupation with enough documents and no other, an index, the O*NET attribution on
    every page, and nothing fetched from elsewhere."""
    settings = warehouse.settings
    with warehouse.connect() as con:
        problems = site_problems(con, warehouse.layout.pages_dir, settings.min_docs)
        return logged_result(
            context,
            con,
            "reports/occupation_pages",
            "site_complete",
            passed=not problems,
            observed="; ".join(problems[:10]) or "every page present, attributed and self-contained",
            failing_rows=len(problems),
            sample=problems[:10],
            metadata={
                "problems": dg.MetadataValue.int(len(problems)),
                "sample": dg.MetadataValue.json(problems[:10]),
            },
        )


PAGE_ASSETS = [occupation_pages]
PAGE_CHECKS = [site_complete]
