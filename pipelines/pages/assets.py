"""The occupation profile pages: a static site written from the marts on every build."""

import dagster as dg

from pipelines.lib.pages import write_occupation_pages
from pipelines.marts.assets import MART_ASSETS
from pipelines.resources import Warehouse


@dg.asset(
    key=["reports", "occupation_pages"],
    group_name="reports",
    kinds={"html"},
    deps=[a.key for a in MART_ASSETS],
)
def occupation_pages(warehouse: Warehouse) -> dg.MaterializeResult:
    """Static occupation profile pages (index with search and group filter, one page per occupation with
    at least LABOURLENS_MIN_DOCS resumes or postings) in <warehouse dir>/reports/occupations/
    (pipelines/lib/pages.py, queries in sql/pages/)."""
    settings = warehouse.settings
    with warehouse.connect(read_only=True) as con:
        summary = write_occupation_pages(con, settings.pages_dir, settings.min_docs, settings.min_salary_n)
    return dg.MaterializeResult(
        metadata={
            "pages": dg.MetadataValue.int(summary.pages),
            "occupations_without_page": dg.MetadataValue.int(summary.occupations_without_page),
            "index": dg.MetadataValue.path(str(summary.index)),
        }
    )


PAGE_ASSETS = [occupation_pages]
