"""Each warehouse has its own Dagster instance (``<warehouse>.dagster/`` beside it), so that builds into
other warehouse files never show as this one's materialisations and nothing is written to ~/.dagster.
The instance keeps a bounded history, and a run that died holding the build lock is marked failed."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
import sqlalchemy
from dagster._core.storage.event_log import SqliteEventLogStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS

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
    off, one run at a time) in step with the project's, and its event log ``PooledSqliteEventLogStorage``
    in the instance's own folder, named whole: a run's steps on cluster workers get the instance from
    this configuration, not from a DAGSTER_HOME of theirs."""
    home = layout.dagster_home.resolve()
    home.mkdir(parents=True, exist_ok=True)
    target = home / "dagster.yaml"
    # a JSON string is a YAML string: the path quoted whatever it holds
    events = json.dumps(str(home / "history" / "runs"))
    text = (PROJECT_ROOT / "dagster.yaml").read_text(encoding="utf-8") + _EVENT_LOG.format(events=events)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        # whole or not at all: a daemon reading it meanwhile must not see it truncated
        partial = target.with_name(f".dagster.yaml.{os.getpid()}")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


_EVENT_LOG = """
# Written by labourlens for this instance (pipelines/instance.py ensure_dagster_home): Dagster's SQLite
# event log in this folder, with each file's connection kept open between events.
event_log_storage:
  module: pipelines.instance
  class: PooledSqliteEventLogStorage
  config:
    base_dir: {events}
"""


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


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """Dagster's SQLite event log (one file per run, and the cross-run index), with each file's
    engine and connection kept open between events (``dagster.yaml`` ``event_log_storage``).

    Dagster's own class creates an engine and opens the file anew for every event it stores, and an
    asset event is written twice (the run's file and the index): about a third of a rebuild that
    reuses every table went to it. The events, the files and what the UI shows are Dagster's own;
    only the connections are kept (the newest ``KEPT_FILES`` files'), closed when their run's events
    are deleted or the storage is wiped."""

    KEPT_FILES = 4

    def __init__(self, base_dir: str, inst_data: Any = None) -> None:
        # ``base_dir`` is required and absolute (ensure_dagster_home writes it): a default read from
        # DAGSTER_HOME sent cluster workers' events to their working folder
        self._engines: dict[str, sqlalchemy.engine.Engine] = {}
        super().__init__(base_dir, inst_data)

    @classmethod
    def config_type(cls) -> dict[str, dg.Field]:
        return {"base_dir": dg.Field(dg.StringSource, is_required=True)}

    @classmethod
    def from_config_value(cls, inst_data: Any, config_value: Any) -> PooledSqliteEventLogStorage:
        return cls(inst_data=inst_data, **dict(config_value))

    @contextmanager
    def _connect(self, shard: str) -> Iterator[sqlalchemy.Connection]:
        with self._db_lock:
            engine = self._engines.pop(shard, None)
            if engine is None:
                engine = sqlalchemy.create_engine(
                    self.conn_string_for_shard(shard), connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS}
                )
                if shard not in self._initialized_dbs:
                    self._initdb(engine)
                    self._initialized_dbs.add(shard)
            self._engines[shard] = engine  # the newest last
            while len(self._engines) > self.KEPT_FILES:
                self._engines.pop(next(iter(self._engines))).dispose()
            with engine.connect() as conn, conn.begin():
                yield conn

    def _forget(self, shard: str | None = None) -> None:
        with self._db_lock:
            for name in [shard] if shard else list(self._engines):
                engine = self._engines.pop(name, None)
                if engine is not None:
                    engine.dispose()

    def delete_events(self, run_id: str) -> None:
        super().delete_events(run_id)
        self._forget(run_id)

    def wipe(self) -> None:
        self._forget()
        super().wipe()

    def dispose(self) -> None:
        self._forget()
        super().dispose()


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
