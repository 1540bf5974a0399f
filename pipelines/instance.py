"""Each warehouse has its own Dagster instance (``<warehouse>.dagster/`` beside it), so that builds into
other warehouse files never show as this one's materialisations and nothing is written to ~/.dagster.
The instance keeps a bounded history, and a run that died holding the build lock is marked failed."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import dagster as dg
import sqlalchemy

from pipelines import PROJECT_ROOT
from pipelines.settings import Layout

# Finished runs the instance keeps (with their event logs); older ones are deleted after each build.
RUN_HISTORY = 30
_FINISHED = [dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED]
# Errors whose message says it all: their class name is not repeated in front of it.
_PLAIN = {"BuildRefused", "Failure", "BuildError"}
_UNFINISHED = (dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.NOT_STARTED)


def ensure_dagster_home(layout: Layout) -> Path:
    """Make the warehouse's instance folder the DAGSTER_HOME of this process, its dagster.yaml (telemetry
    off, one run at a time) in step with the project's."""
    home = layout.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    target = home / "dagster.yaml"
    source = PROJECT_ROOT / "dagster.yaml"
    if not target.exists() or target.read_bytes() != source.read_bytes():
        shutil.copyfile(source, target)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


_UNSYNCED: set[Path] = set()


def unsynced_run_logs(home: Path) -> None:
    """Write the event log of the instance at ``home`` (``history/runs/``: one file per run and the
    asset index) without syncing the disk at each commit (SQLite ``synchronous = OFF``), in this process.

    Dagster stores each event as its own transaction, opening and closing the file each time, and
    SQLite syncs at every commit and close: ~18 ms an event on a busy disk (1-2 ms without the syncs),
    25-30 s for the ~700 events of a build, most of a rebuild that reuses its tables. Without the syncs
    a process that dies loses nothing (the operating system holds the writes); a power cut during a
    build may lose that run's event log (``dagster instance reindex`` rebuilds the index from the run
    files), never the warehouse or the run records (``history/runs.db``)."""
    storage = (home / "history" / "runs").resolve()  # where Dagster's SQLite storage keeps them
    if storage in _UNSYNCED:
        return
    _UNSYNCED.add(storage)

    @sqlalchemy.event.listens_for(sqlalchemy.engine.Engine, "connect")
    def _unsynced(connection: Any, _record: Any) -> None:
        if not isinstance(connection, sqlite3.Connection):
            return
        files = [row[2] for row in connection.execute("pragma database_list") if row[1] == "main"]
        if files and files[0] and Path(files[0]).parent == storage:
            connection.execute("pragma synchronous = OFF")


def mark_orphaned_run(instance: dg.DagsterInstance, holder: dict[str, Any]) -> str | None:
    """The run named by a lock holder that never released the lock (killed, crashed) stays STARTED
    forever, and with one run allowed at a time it would stop the queue: mark it failed."""
    if not holder or holder.get("released", True) or not holder.get("run_id"):
        return None
    run = instance.get_run_by_id(str(holder["run_id"]))
    if run is None or run.status not in _UNFINISHED:
        return None
    instance.report_run_failed(
        run, f"the build process (pid {holder.get('pid')}) died without finishing; marked failed"
    )
    return run.run_id


def prune_runs(instance: dg.DagsterInstance, keep: int = RUN_HISTORY) -> int:
    """Delete finished runs beyond the newest ``keep``, with their events and per-run event files."""
    old = instance.get_run_ids(dg.RunsFilter(statuses=_FINISHED))[keep:]
    events, logs = instance.event_log_storage, instance.compute_log_manager
    for run_id in old:
        instance.delete_run(run_id)
        # SQLite keeps each run's events in a file of its own, which deleting the rows leaves behind
        shard = getattr(events, "path_for_shard", None)
        if shard is not None:
            Path(shard(run_id)).unlink(missing_ok=True)
        logs.delete_logs(prefix=[run_id])
    return len(old)


def run_errors(instance: dg.DagsterInstance, run_id: str) -> list[tuple[str, str]]:
    """(step, root cause) of every error the run logged: a failing step, or a resource that could not
    start (another build running, an unreadable published warehouse). Failing blocking checks are not
    errors: the checks report themselves."""
    errors: dict[str, str] = {}
    kinds = {
        dg.DagsterEventType.STEP_FAILURE,
        dg.DagsterEventType.RUN_FAILURE,
        dg.DagsterEventType.ENGINE_EVENT,
    }
    for record in instance.all_logs(run_id, of_type=kinds):
        event = record.dagster_event
        error = getattr(event.event_specific_data, "error", None) if event else None
        chain = []
        while error is not None:
            chain.append(error)
            error = error.cause
        if not chain or any(e.cls_name == "DagsterAssetCheckFailedError" for e in chain):
            continue
        root = chain[-1]
        message = root.message.strip().splitlines()[0] if root.message.strip() else root.cls_name or "error"
        if root.cls_name in _PLAIN:
            message = message.removeprefix(f"{root.cls_name}: ")
        if message not in errors:
            errors[message] = record.step_key or "run"
    return [(step, message) for message, step in errors.items()]
