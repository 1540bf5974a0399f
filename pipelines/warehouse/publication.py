"""Safe publication: a build never writes the published files.

A run builds a new DuckDB file, its pages and its report in ``<warehouse>.build/``; only a build whose
blocking checks all passed is swapped in, by renames on one file system (atomic on POSIX): the file over
the published warehouse, then the ``reports/current`` link over the previous release. Analysts'
read-only sessions never meet a writer's lock: an open session keeps reading the file it opened (its
inode), a new session opens the new one. ``kill -9`` at any moment leaves the published warehouse, pages
and report as they were (a kill between the two renames is completed by the next build). One build of a
warehouse runs at a time, held by a lock file that names it.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import duckdb

from pipelines.ingest.loop import discover
from pipelines.settings import Layout
from pipelines.shards.files import FileHashes, file_hashes
from pipelines.warehouse.build import STORAGE_VERSION, append_log_row, connect, document, table_exists
from pipelines.warehouse.contracts import TableContract, contracts, sql_text

PUBLISHED = "published"  # the name the published warehouse is attached under while a build starts
# A published file with more than 1/FREE_SHARE_LIMIT of its blocks free is not copied as the build file.
FREE_SHARE_LIMIT = 2


class BuildRefused(RuntimeError):
    """Another build of the same warehouse holds its lock."""


def describe(holder: dict[str, Any]) -> str:
    run = str(holder.get("run_id") or "")[:8]
    return (
        f"pid {holder.get('pid')}, run {run or '?'}, started {holder.get('started', '?')}"
        f" ({holder.get('command', '?')})"
    )


class BuildLock:
    """An exclusive ``flock`` on ``<warehouse>.lock``. The file names its holder (pid, run, start,
    command) so that a second build is refused naming the first; the kernel drops the lock of a process
    that dies, and ``released: false`` left in the file tells the next holder that one did."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self._fd: int | None = None
        self.previous: dict[str, Any] = {}

    def acquire(self, holder: dict[str, Any]) -> None:
        path = self.layout.lock_file
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            running = _read(path)
            raise BuildRefused(
                f"another build of {self.layout.warehouse} is running: {describe(running)}"
            ) from None
        self.previous = _read(path)
        self._write(fd, {**holder, "released": False})
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        self._write(self._fd, {**_read(self.layout.lock_file), "released": True})
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

    @staticmethod
    def _write(fd: int, record: dict[str, Any]) -> None:
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(record, default=str).encode(), 0)


def running_build(layout: Layout) -> dict[str, Any] | None:
    """The build holding the lock, or None when no build of this warehouse runs."""
    path = layout.lock_file
    if not path.exists():
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return _read(path)
    finally:
        os.close(fd)  # closing drops a lock this peek took
    return None


def last_holder(layout: Layout) -> dict[str, Any]:
    return _read(layout.lock_file)


def clear_dead_build(layout: Layout) -> dict[str, Any] | None:
    """When the last build died holding the lock (killed, crashed), take the lock, remove what it left
    (build file, work and spill folders) and return its holder record; None when none died or a build
    is running now."""
    if _read(layout.lock_file).get("released", True):
        return None
    lock = BuildLock(layout)
    try:
        lock.acquire({"pid": os.getpid(), "command": "clearing what a build that died left"})
    except BuildRefused:
        return None
    try:
        if lock.previous.get("released", True):
            return None
        shutil.rmtree(layout.build_dir, ignore_errors=True)
        return lock.previous
    finally:
        lock.release()


def _read(path: Path) -> dict[str, Any]:
    try:
        record = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


@dataclass(frozen=True)
class RawInputs:
    """What a build read: every data file of the raw folder by path and content hash."""

    fingerprint: str
    files: int
    bytes: int


def raw_inputs(raw_dir: Path, hashes: FileHashes) -> RawInputs:
    """The raw folder's files by their content (``FileHashes``: read only when a file's path or stat key
    is new), so that a rewrite keeping the size and the modification time is still a change."""
    digest = hashlib.sha256()
    files = size = 0
    for path in discover(raw_dir):
        digest.update(
            f"{path.relative_to(raw_dir)}\0{hashes.digest(path)}\n".encode("utf-8", "surrogateescape")
        )
        files += 1
        size += path.stat().st_size
    hashes.save()
    return RawInputs(digest.hexdigest(), files, size)


def latest_build(database: Path) -> dict[str, Any] | None:
    """The last published build recorded in ``database`` (audit.builds), or None."""
    if not database.exists():
        return None
    con = duckdb.connect(str(database), read_only=True)
    try:
        if not table_exists(con, "audit", "builds"):
            return None
        cursor = con.execute(sql_text("publication", "latest_build"))
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    finally:
        con.close()
    return dict(zip(columns, rows[0], strict=True)) if rows else None


def start_build(layout: Layout, run_id: str, rebuilt: frozenset[str] | None, memory_limit: str) -> None:
    """A fresh build folder whose DuckDB file holds the history (log tables) of the published
    warehouse, its tables this run does not rebuild, and this build's row in audit.builds.

    The file starts as a copy of the published one (every table a contract declares: a step whose
    inputs are unchanged keeps its table as it is, the others replace theirs), which costs a file copy
    instead of a table copy per unchanged table; when replaced tables have left more free space than
    data in the published file, it starts empty instead and takes only the history and the tables
    this run does not rebuild (``rebuilt``; None: every table), so the file stays within about twice
    one build's size."""
    published = latest_build(layout.warehouse)
    if published:
        restore_release(layout, published["run_id"])
    shutil.rmtree(layout.build_dir, ignore_errors=True)  # a failed or killed build's leftovers
    layout.build_dir.mkdir(parents=True)
    inputs = raw_inputs(layout.raw_dir, file_hashes(layout.cache_dir))
    whole = layout.warehouse.exists() and _copy_published(layout, memory_limit)
    con = connect(layout.build_file, memory_limit, temp_dir=layout.temp_dir)
    try:
        if whole:
            _drop_undeclared(con)
        elif layout.warehouse.exists():
            _carry_over(con, layout.warehouse, rebuilt)
        params = {
            "run_id": run_id,
            "started_at": _utc_now(),
            "raw_dir": str(layout.raw_dir),
            "raw_fingerprint": inputs.fingerprint,
            "raw_files": inputs.files,
            "raw_bytes": inputs.bytes,
            "rebuilt": sorted(rebuilt) if rebuilt is not None else None,
            "labourlens_version": version("labourlens"),
            "duckdb_version": duckdb.__version__,
        }
        append_log_row(con, "audit.builds", "build_row", params)
    finally:
        con.close()


def _copy_published(layout: Layout, memory_limit: str) -> bool:
    """The published file as the build file (False: no file), unless most of it is free space or it
    was written for another storage version than the one analysts' clients read. The copy is what is
    inspected: this process may hold the published file open with another configuration."""
    shutil.copyfile(layout.warehouse, layout.build_file)  # never written in place: a consistent copy
    con = connect(layout.build_file, memory_limit, temp_dir=layout.temp_dir)
    try:
        free, total, storage = con.execute(sql_text("publication", "reusable_file")).fetchall()[0]
    finally:
        con.close()
    if free * FREE_SHARE_LIMIT <= total and storage == f"{STORAGE_VERSION}+":
        return True
    layout.build_file.unlink()
    return False


def _tables_of(
    con: duckdb.DuckDBPyConnection, database: str | None
) -> list[tuple[str, str, TableContract | None]]:
    """The tables of ``database`` (None: the connection's own), each with its contract (None: no
    contract declares it any more)."""
    known = contracts()
    rows = con.execute(sql_text("publication", "published_tables"), {"database": database}).fetchall()
    return [(schema, table, known.get(f"{schema}.{table}")) for schema, table in rows]


def _drop_undeclared(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the copied tables no contract declares any more."""
    for schema, table, spec in _tables_of(con, None):
        if spec is None:
            # DROP takes no bound identifier; the names come from the file's own catalogue
            con.execute(f'drop table "{schema}"."{table}"')


def _carry_over(con: duckdb.DuckDBPyConnection, published: Path, rebuilt: frozenset[str] | None) -> None:
    # ATTACH takes no bound parameter; the path comes from the Layout, never from input data.
    con.execute(f"attach '{str(published).replace(chr(39), chr(39) * 2)}' as {PUBLISHED} (read_only)")
    con.execute("begin transaction")  # one commit for every copy and comment, not one each
    try:
        for _, _, spec in _tables_of(con, PUBLISHED):
            if spec is None:
                continue  # a table no contract declares any more is not carried on
            if not spec.log and (rebuilt is None or spec.name in rebuilt):
                continue
            con.execute(f"create schema if not exists {spec.schema}")
            con.execute(f"create table {spec.name} as select * from {PUBLISHED}.{spec.name}")
            document(con, spec)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        con.execute(f"detach {PUBLISHED}")


def publish(layout: Layout, run_id: str, memory_limit: str) -> None:
    """Swap the checked build in: the file over the warehouse, then its pages and report (rendered into
    ``build_reports_dir`` before) as the current release."""
    con = connect(layout.build_file, memory_limit, temp_dir=layout.temp_dir)
    try:
        con.execute(sql_text("publication", "mark_published"), {"now": _utc_now(), "run_id": run_id})
        con.execute("checkpoint")
    finally:
        con.close()
    wal = layout.build_file.with_name(layout.build_file.name + ".wal")
    if wal.exists():
        raise RuntimeError(f"{wal} is left after the checkpoint: the build is not one self-contained file")
    if not layout.build_pages_dir.exists() and layout.pages_dir.exists():
        shutil.copytree(layout.pages_dir, layout.build_pages_dir)  # a run that left the pages as they were
    release = layout.releases_dir / run_id
    layout.releases_dir.mkdir(parents=True, exist_ok=True)
    layout.build_reports_dir.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(release, ignore_errors=True)
    os.replace(layout.build_reports_dir, release)
    _fsync(layout.build_file)
    os.replace(layout.build_file, layout.warehouse)
    _fsync(layout.warehouse.parent)
    restore_release(layout, run_id)
    shutil.rmtree(layout.failed_report_dir, ignore_errors=True)


def restore_release(layout: Layout, run_id: str) -> None:
    """Point ``reports/current`` at the release of build ``run_id`` (when it has one) and keep only that
    release and the one it replaces."""
    release = layout.releases_dir / run_id
    if not release.is_dir():
        return
    current = layout.current_release
    before = os.readlink(current) if current.is_symlink() else None
    target = Path(layout.releases_dir.name) / run_id
    if before != str(target):
        link = current.with_name(".current.new")
        link.unlink(missing_ok=True)
        link.symlink_to(target)
        os.replace(link, current)
        _fsync(layout.reports_dir)
    for folder in (layout.pages_dir, layout.validation_dir):
        if not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)  # written in place by an earlier version
            folder.symlink_to(Path(current.name) / folder.name)
    keep = {run_id, Path(before).name if before else run_id}
    for old in layout.releases_dir.iterdir():
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)


def finish_build(layout: Layout) -> None:
    """After a run, whatever its outcome: no work or spill files are left; a build that was not published
    keeps its DuckDB file (and its report) for inspection until the next build starts."""
    for folder in (layout.work_dir, layout.temp_dir):
        shutil.rmtree(folder, ignore_errors=True)
    if layout.build_dir.exists() and not layout.build_file.exists():
        shutil.rmtree(layout.build_dir, ignore_errors=True)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
