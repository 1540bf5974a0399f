"""The one resource: a build's settings, DuckDB connections to the build under way, and the run's
lifecycle around them (pipelines/warehouse/publication.py): a run takes the warehouse's build lock,
starts a fresh build file, logs progress, and when it ends writes the report of a build that was not
published, removes its work files and releases the lock."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from pydantic import PrivateAttr

from pipelines.settings import Layout, Settings, load_settings
from pipelines.warehouse.build import connect
from pipelines.warehouse.contracts import contracts
from pipelines.warehouse.publication import BuildLock, finish_build, start_build

PROGRESS_SECONDS = 10.0
# A run with this tag is held by the process that launched it (its build lock, build file and end):
# its steps, on cluster workers, only read and write the build.
LAUNCHER_HOLDS_BUILD = "labourlens/launcher-holds-build"


class Warehouse(dg.ConfigurableResource):
    """Holds the build's `Settings` (defaults from the ``LABOURLENS_*`` environment variables)."""

    settings: Settings
    _lock: BuildLock | None = PrivateAttr(default=None)
    _progress: WorkProgress | None = PrivateAttr(default=None)

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Warehouse:
        return cls(settings=settings or load_settings())

    @property
    def layout(self) -> Layout:
        return self.settings.layout

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to the build under way (``layout.build_file``), never to the published file.
        When steps run on a cluster, one connection at a time across its processes: DuckDB admits one
        writer and no reader beside it."""
        with _one_connection(self.layout.build_dir / "connection.lock", bool(self.settings.dask_scheduler)):
            con = connect(
                self.layout.build_file, self.settings.duckdb_memory, read_only, self.layout.temp_dir
            )
            try:
                yield con
            finally:
                con.close()

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        run = context.run
        # a sensor or a schedule: settings only, no build; a step on a cluster worker: its launcher
        # holds the build (pipelines/cluster.py)
        if run is None or run.tags.get(LAUNCHER_HOLDS_BUILD):
            return
        log = context.log or dg.get_dagster_logger()
        self._lock = begin_run(self.settings, run, context.instance, log.warning)
        self._progress = WorkProgress(self.layout.work_dir, log.info)
        self._progress.start()

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._lock is None:
            return
        try:
            if self._progress is not None:
                self._progress.stop()
        finally:
            end_run(self.settings, self._lock, context.run, context.instance)
            self._lock = None


def begin_run(
    settings: Settings, run: dg.DagsterRun, instance: dg.DagsterInstance | None, warn: Callable[[str], None]
) -> BuildLock:
    """Take the warehouse's build lock for ``run`` and start its build file; on failure, write the
    report of a build that did not start and release the lock."""
    from pipelines.instance import mark_orphaned_run

    layout = settings.layout
    lock = BuildLock(layout)
    lock.acquire(
        {
            "pid": os.getpid(),
            "run_id": run.run_id,
            "started": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
            "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])[:300],
        }
    )
    try:
        orphan = mark_orphaned_run(instance, lock.previous) if instance else None
        if orphan:
            warn(f"run {orphan} had died during its build: marked failed")
        start_build(layout, run.run_id, rebuilt_tables(run.asset_selection), settings.duckdb_memory)
    except Exception as exc:
        from pipelines.publish.report import write_unpublished_report

        try:
            write_unpublished_report(settings, run.run_id, [("run", f"{type(exc).__name__}: {exc}")])
        finally:
            lock.release()
        raise
    return lock


def end_run(
    settings: Settings, lock: BuildLock, run: dg.DagsterRun | None, instance: dg.DagsterInstance | None
) -> None:
    """After the run's last step: the report of a build that was not published, the run history
    pruned, the work files removed and the lock released."""
    from pipelines.instance import prune_runs, run_errors
    from pipelines.publish.report import write_unpublished_report

    try:
        # the publish step moves the build file away: one still here was not published
        if run is not None and instance is not None and settings.layout.build_file.exists():
            write_unpublished_report(settings, run.run_id, run_errors(instance, run.run_id))
        if instance is not None:
            prune_runs(instance)
    finally:
        finish_build(settings.layout)
        lock.release()


class _Holding(threading.local):
    held = False


_holding = _Holding()


@contextmanager
def _one_connection(path: Path, exclusive: bool) -> Iterator[None]:
    """An exclusive ``flock`` on ``path`` while the block runs, when ``exclusive``; a thread that
    already holds it (a connection opened inside another) does not wait for itself."""
    if not exclusive or _holding.held:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        _holding.held = True
        try:
            yield
        finally:
            _holding.held = False
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def rebuilt_tables(selection: AbstractSet[dg.AssetKey] | None) -> frozenset[str] | None:
    """The tables a run with this asset selection rebuilds; None when it rebuilds every table (no
    selection, or one that names them all)."""
    if not selection:
        return None
    names = {".".join(k.path) for k in selection}
    every = {name for name, spec in contracts().items() if not spec.log}
    return None if every <= names else frozenset(names & every)


class WorkProgress:
    """Every ``interval`` seconds, log the rows each Python step has written to its work files so far and
    how fast: ingestion and skill extraction write Parquet parts batch by batch, so long steps show
    progress in the CLI and in Dagster's run log without reporting it themselves."""

    def __init__(
        self, work_dir: Path, log: Callable[[str], None], interval: float = PROGRESS_SECONDS
    ) -> None:
        self.work_dir = work_dir
        self.log = log
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="labourlens-progress", daemon=True)
        self._rows: dict[tuple[Path, int, int], int] = {}
        self._last: dict[str, tuple[float, int]] = {}

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            for line in self.poll():
                self.log(line)

    def poll(self) -> list[str]:
        """One line per work folder whose rows grew since the last poll, with the rate since then. A
        folder's first sighting is only noted: a step that wrote everything between two polls has ended,
        and its line would come after its own ``done`` line. Per-file outcomes (``files.parquet``) and
        rejected records are not rows written."""
        import pyarrow.parquet as pq

        totals: dict[str, int] = {}
        for path in sorted(self.work_dir.rglob("*.parquet")) if self.work_dir.exists() else []:
            relative = path.relative_to(self.work_dir)
            if relative.name == "files.parquet" or "rejects" in relative.parts:
                continue
            try:
                stat = path.stat()
                key = (path, stat.st_size, stat.st_mtime_ns)
                if key not in self._rows:
                    self._rows[key] = pq.read_metadata(path).num_rows
            except (OSError, ValueError):  # gone, or still being written (no footer yet)
                continue
            folder = relative.parts[0]
            totals[folder] = totals.get(folder, 0) + self._rows[key]
        now = time.monotonic()
        lines = []
        for folder, rows in totals.items():
            if folder not in self._last:
                self._last[folder] = (now, rows)
                continue
            since, before = self._last[folder]
            if rows == before:
                continue
            self._last[folder] = (now, rows)
            rate = (rows - before) / max(now - since, 1e-9)
            lines.append(f"progress: {folder}: {rows:,} rows written ({rate:,.0f} rows/s)")
        return lines
