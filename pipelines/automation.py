"""When the warehouse refreshes: weekly, and whenever the raw directory changes. Both are on as soon as
the daemon runs (`make dev`). Every run publishes through its last step, `publish/warehouse`, and
writes its own validation report, so no run-status sensor is needed."""

import dagster as dg

from pipelines.instance import mark_orphaned_run
from pipelines.shards.files import file_hashes
from pipelines.warehouse.publication import clear_dead_build, latest_build, raw_inputs
from pipelines.warehouse.resource import Warehouse

refresh_job = dg.define_asset_job(
    "refresh_warehouse", selection=dg.AssetSelection.all(), description="Rebuild every table and publish."
)

weekly_refresh = dg.ScheduleDefinition(
    name="weekly_refresh",
    job=refresh_job,
    cron_schedule="0 3 * * 1",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)


def raw_fingerprint(warehouse: Warehouse) -> str:
    """Names and content hashes of every raw file: changes when a file lands, changes or leaves."""
    layout = warehouse.layout
    return raw_inputs(layout.raw_dir, file_hashes(layout.cache_dir)).fingerprint


@dg.sensor(job=refresh_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def raw_files_sensor(context: dg.SensorEvaluationContext, warehouse: Warehouse) -> dg.SensorResult:
    """Start a refresh when files land in, change in or leave the raw directory. On its first tick it
    starts none when the published warehouse was built from the raw files as they are. Each tick also
    clears up after a build whose process died: its files, and its run, marked failed (it would
    otherwise hold the one-run queue)."""
    layout = warehouse.layout
    dead = clear_dead_build(layout)
    if dead:
        orphan = mark_orphaned_run(context.instance, dead)
        failed = f", its run {orphan} marked failed" if orphan else ""
        context.log.warning(f"a build (pid {dead.get('pid')}) had died: its files removed{failed}")
    fingerprint = raw_fingerprint(warehouse)
    if fingerprint == context.cursor:
        return dg.SensorResult(skip_reason="raw directory unchanged", cursor=fingerprint)
    if context.cursor is None:
        published = latest_build(layout.warehouse)
        if (
            published
            and published["raw_fingerprint"] == fingerprint
            and published["raw_dir"] == str(layout.raw_dir)
        ):
            return dg.SensorResult(
                skip_reason=f"{layout.warehouse} is already built from these raw files", cursor=fingerprint
            )
    return dg.SensorResult(run_requests=[dg.RunRequest(run_key=fingerprint)], cursor=fingerprint)
