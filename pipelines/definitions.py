"""The single Dagster entry point (`dg dev`, `dg launch`, the daemon and `labourlens build` load this).

Every warehouse table is an asset made from its contract (`sql/<schema>/<table>.toml` beside its SQL);
the only hand-written assets are the document ingestion, the pages and `publish/warehouse`, the last
step of a build, which swaps it in.
"""

import dagster as dg

from pipelines.automation import raw_files_sensor, refresh_job, weekly_refresh
from pipelines.ingest.assets import INGEST_ASSETS, SOURCE_KEYS
from pipelines.publish.assets import PAGE_ASSETS, PAGE_CHECKS, publish_asset
from pipelines.warehouse.assets import table_assets
from pipelines.warehouse.checks import table_checks
from pipelines.warehouse.contracts import contracts
from pipelines.warehouse.resource import Warehouse

BUILT = [*INGEST_ASSETS, *table_assets(contracts().values(), SOURCE_KEYS), *PAGE_ASSETS]
ASSETS = [*BUILT, publish_asset(key for asset in BUILT for key in asset.keys)]
CHECKS = [*table_checks(contracts().values()), *PAGE_CHECKS]


def build_definitions(
    warehouse: Warehouse | None = None,
    loggers: dict[str, dg.LoggerDefinition] | None = None,
    executor: dg.ExecutorDefinition = dg.in_process_executor,
) -> dg.Definitions:
    return dg.Definitions(
        assets=ASSETS,
        asset_checks=CHECKS,
        jobs=[refresh_job],
        schedules=[weekly_refresh],
        sensors=[raw_files_sensor],
        resources={"warehouse": warehouse or Warehouse.from_settings()},
        # One DuckDB file admits one writer; in-process also avoids re-importing the stack per step.
        # On a cluster (pipelines/cluster.py) the steps take turns at the file.
        executor=executor,
        loggers=loggers,
    )


defs = build_definitions()
