"""When the warehouse refreshes: weekly, and whenever the raw directory changes."""

import hashlib

import dagster as dg

from pipelines.ingest.loop import discover
from pipelines.warehouse.resource import Warehouse

refresh_job = dg.define_asset_job(
    "refresh_warehouse", selection=dg.AssetSelection.all(), description="Rebuild every table."
)

weekly_refresh = dg.ScheduleDefinition(
    name="weekly_refresh", job=refresh_job, cron_schedule="0 3 * * 1", execution_timezone="UTC"
)


def raw_fingerprint(warehouse: Warehouse) -> str:
    """Names, sizes and modification times of every raw file: changes when a file lands or changes."""
    raw_dir = warehouse.layout.raw_dir
    digest = hashlib.sha256()
    for path in discover(raw_dir):
        stat = path.stat()
        digest.update(f"{path.relative_to(raw_dir)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


@dg.sensor(job=refresh_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def raw_files_sensor(context: dg.SensorEvaluationContext, warehouse: Warehouse) -> dg.SensorResult:
    """Start a refresh when files land in, change in or leave the raw directory."""
    fingerprint = raw_fingerprint(warehouse)
    if fingerprint == context.cursor:
        return dg.SensorResult(skip_reason="raw directory unchanged", cursor=fingerprint)
    return dg.SensorResult(run_requests=[dg.RunRequest(run_key=fingerprint)], cursor=fingerprint)


def _write_report(context: dg.RunStatusSensorContext, warehouse: Warehouse) -> None:
    from pipelines.publish.report import write_validation_report

    report = write_validation_report(warehouse.settings, context.dagster_run.run_id)
    if report:
        context.log.info(f"validation report {'OK' if report[1] else 'with failures'}: {report[0]}")


@dg.run_status_sensor(run_status=dg.DagsterRunStatus.SUCCESS, default_status=dg.DefaultSensorStatus.RUNNING)
def validation_report_on_success(context: dg.RunStatusSensorContext, warehouse: Warehouse) -> None:
    """Runs launched from the UI, the schedule or the raw-files sensor also write the validation report."""
    _write_report(context, warehouse)


@dg.run_failure_sensor(default_status=dg.DefaultSensorStatus.RUNNING)
def validation_report_on_failure(context: dg.RunFailureSensorContext, warehouse: Warehouse) -> None:
    """A failed run's report shows which checks failed."""
    _write_report(context, warehouse)
