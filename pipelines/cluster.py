"""A build's steps on a dask.distributed cluster (``LABOURLENS_DASK_SCHEDULER``): the launching process
holds the build (its lock, its build file and its end, as the resource does for an in-process run) and
the cluster's workers run the steps, each loading the job from ``cluster_job``. Workers need the same
code and environment, and the same paths on a shared file system: the raw folder, ``<name>.build/``,
``<name>.cache/`` and ``<name>.dagster/`` (the run's event log)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import dagster as dg
from dagster._core.execution.api import execute_run
from dagster_dask import dask_executor

from pipelines.settings import Settings
from pipelines.warehouse.resource import LAUNCHER_HOLDS_BUILD, begin_run, end_run


def cluster_job() -> dg.JobDefinition:
    """The refresh job on the dask executor; workers rebuild it from this function."""
    from pipelines.automation import refresh_job
    from pipelines.definitions import build_definitions

    return build_definitions(executor=dask_executor).resolve_job_def(refresh_job.name)


def run_on_cluster(
    settings: Settings,
    instance: dg.DagsterInstance,
    selection: Sequence[dg.AssetKey] | None,
    tags: Mapping[str, str],
) -> dg.ExecutionResult:
    """Run the refresh job (or ``selection``) on the scheduler ``settings.dask_scheduler``. The steps
    get this build's settings in the run config, whatever the environment of the workers."""
    job = dg.reconstructable(cluster_job)
    if selection:
        job = job.get_subset(asset_selection=frozenset(selection))
    run = instance.create_run_for_job(
        job_def=job.get_definition(),
        run_config={
            "execution": {"config": {"cluster": {"existing": {"address": settings.dask_scheduler}}}},
            "resources": {"warehouse": {"config": {"settings": settings.model_dump()}}},
        },
        tags={**tags, LAUNCHER_HOLDS_BUILD: "true"},
        job_code_origin=job.get_python_origin(),
        asset_selection=frozenset(selection) if selection else None,
    )
    try:
        lock = begin_run(settings, run, instance, print)
    except Exception as exc:
        instance.report_run_failed(run, f"the build did not start: {type(exc).__name__}: {exc}")
        raise
    try:
        return execute_run(job, run, instance, raise_on_error=False)
    finally:
        end_run(settings, lock, run, instance)
