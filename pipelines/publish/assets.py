"""The occupation profile pages (a static site written from the marts on every build) and the last step
of every build, which publishes it."""

from collections.abc import Iterable

import dagster as dg

from pipelines import SQL_DIR
from pipelines.publish.pages import write_occupation_pages
from pipelines.publish.report import write_published_report
from pipelines.publish.site import site_problems
from pipelines.warehouse.checks import logged_result
from pipelines.warehouse.contracts import tables_read
from pipelines.warehouse.publication import publish
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
    at least LABOURLENS_MIN_DOCS resumes or postings), published in <warehouse dir>/reports/occupations/
    (pipelines/publish/pages.py, queries in sql/pages/)."""
    settings = warehouse.settings
    with warehouse.connect(read_only=True) as con:
        summary = write_occupation_pages(
            con, warehouse.layout.build_pages_dir, settings.min_docs, settings.min_salary_n
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
        problems = site_problems(con, warehouse.layout.build_pages_dir, settings.min_docs)
        return logged_result(
            context.run.run_id,
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

PUBLISH_KEY = dg.AssetKey(["publish", "warehouse"])


def publish_asset(upstream: Iterable[dg.AssetKey]) -> dg.AssetsDefinition:
    """The last step of every build that publishes: it depends on every other asset, so Dagster runs it
    only when every step of the run succeeded and every blocking check passed, in the CLI, the UI, a
    schedule or a sensor alike."""
    deps: list[dg.AssetKey] = sorted(set(upstream), key=dg.AssetKey.to_user_string)

    @dg.asset(
        key=PUBLISH_KEY,
        group_name="publish",
        kinds={"duckdb", "html"},
        deps=deps,
    )
    def warehouse_publication(
        context: dg.AssetExecutionContext, warehouse: Warehouse
    ) -> dg.MaterializeResult:
        """Swaps the checked build in: the DuckDB file over the published warehouse (an atomic rename:
        open read-only sessions keep the version they opened, new ones see this build), then its pages
        and validation report (pipelines/warehouse/publication.py)."""
        layout = warehouse.layout
        run_id = context.run.run_id
        report = write_published_report(warehouse.settings, run_id)
        size = layout.build_file.stat().st_size
        publish(layout, run_id, warehouse.settings.duckdb_memory)
        context.log.info(f"published {layout.warehouse} ({size / 1e6:.1f} MB)")
        return dg.MaterializeResult(
            metadata={
                "warehouse": dg.MetadataValue.path(str(layout.warehouse)),
                "bytes": dg.MetadataValue.int(size),
                "report": dg.MetadataValue.path(str(layout.validation_dir / report.name)),
            }
        )

    return warehouse_publication
