"""The single Dagster entry point (`dg dev`, `dg launch`, the daemon and `labourlens build` load this).

Every warehouse table is an asset made from its contract (`sql/<schema>/<table>.toml` beside its SQL);
the only hand-written assets are the document ingestion, the pages and `publish/warehouse`, the last
step of a build, which swaps it in.
"""

import tomllib
from collections.abc import Sequence

import dagster as dg

from pipelines import REFERENCE_DIR
from pipelines.automation import raw_files_sensor, refresh_job, weekly_refresh
from pipelines.ingest.assets import INGEST_ASSETS, SOURCE_KEYS
from pipelines.publish.assets import PAGE_ASSETS, PAGE_CHECKS, publish_asset
from pipelines.warehouse.assets import table_assets
from pipelines.warehouse.contracts import contracts
from pipelines.warehouse.resource import Warehouse

OWNERS_FILE = REFERENCE_DIR / "asset_owners.toml"


def with_owners(assets: Sequence[dg.AssetsDefinition]) -> list[dg.AssetsDefinition]:
    """Every asset owned by the owners its group has in reference/asset_owners.toml; a group missing
    there is an error, so no asset goes without an owner."""
    owners = tomllib.loads(OWNERS_FILE.read_text(encoding="utf-8"))["groups"]

    def owned(spec: dg.AssetSpec) -> dg.AssetSpec:
        if spec.group_name not in owners:
            raise ValueError(f"{OWNERS_FILE}: no owners for asset group {spec.group_name} ({spec.key})")
        return spec.replace_attributes(owners=owners[spec.group_name])

    return [asset.map_asset_specs(owned) for asset in assets]


BUILT = [*INGEST_ASSETS, *table_assets(contracts().values(), SOURCE_KEYS), *PAGE_ASSETS]
ASSETS = with_owners([*BUILT, publish_asset(key for asset in BUILT for key in asset.keys)])
CHECKS = PAGE_CHECKS  # the tables' checks run in the steps that build them (pipelines/warehouse/checks.py)


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
