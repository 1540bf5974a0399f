"""Whole steps reused: an asset whose inputs are unchanged since the published build gets its tables
copied from the published warehouse instead of being computed again.

Every asset a build materialises records in ``audit.asset_inputs`` the fingerprint of everything it is
computed from: the code, SQL, reference data and installed libraries (``code_fingerprint``), the
settings that shape its content, the fingerprints this build recorded for the assets it reads, the
raw files it reads itself, and the work files a step had to write anyway (``WORK_FINGERPRINT``). A
table whose fingerprint equals the one recorded for the published copy is that copy: the published
build computed it from the same inputs with the same code, and its blocking checks passed.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Iterable, Sequence
from importlib.metadata import distributions
from pathlib import Path
from typing import Any

import duckdb

from pipelines import PROJECT_ROOT, REFERENCE_DIR, SQL_DIR
from pipelines.settings import Settings
from pipelines.shards.files import WORK_FINGERPRINT, file_hashes, fingerprint
from pipelines.warehouse.build import append_log_row, table_exists
from pipelines.warehouse.contracts import sql_text

PUBLISHED = "published"  # the name the published warehouse is attached under while tables are copied
# Settings that say where and how a build runs, not what its tables hold.
_RUN_SETTINGS = frozenset({"raw_dir", "warehouse", "workers", "dask_scheduler", "duckdb_memory"})
_CODE = (PROJECT_ROOT / "pipelines", SQL_DIR, REFERENCE_DIR)


@functools.cache
def code_fingerprint(cache_dir: Path) -> str:
    """Every source file, SQL file and reference file of the project, the interpreter's version and
    every installed library's: a change to any of them computes every table again (a new Python can
    change Unicode tables and regular expressions under the same library pins)."""
    files = sorted(p for root in _CODE for p in root.rglob("*") if p.is_file() and _is_source(p))
    libraries = sorted((d.metadata["Name"] or "", d.version) for d in distributions())
    return fingerprint([("python", sys.version), *libraries], files=files, hashes=file_hashes(cache_dir))


def _is_source(path: Path) -> bool:
    return "__pycache__" not in path.parts and path.suffix not in {".pyc", ".pyo"}


def content_settings(settings: Settings) -> list[tuple[str, Any]]:
    return sorted((k, v) for k, v in settings.model_dump().items() if k not in _RUN_SETTINGS)


def _row(con: duckdb.DuckDBPyConnection, asset: str, run_id: str, this_run: bool) -> tuple[Any, ...] | None:
    query = sql_text("publication", "asset_fingerprint")
    try:
        rows = con.execute(query, {"asset": asset, "run_id": run_id, "this_run": this_run}).fetchall()
    except duckdb.CatalogException:  # no build recorded one yet; asked ~450 times a build, so not
        return None  # looked up in the catalog first (that doubled each call's cost)
    return rows[0] if rows else None


def recorded(con: duckdb.DuckDBPyConnection, asset: str, run_id: str, *, this_run: bool) -> str | None:
    """The fingerprint recorded for ``asset``: by this build (``this_run``: also an asset this build
    carried over, as it was recorded when it was computed), or for the published copy."""
    row = _row(con, asset, run_id, this_run)
    return str(row[0]) if row and row[0] is not None else None


def computed_by(con: duckdb.DuckDBPyConnection, asset: str, run_id: str) -> str | None:
    """The build that computed the asset's tables the build file holds: the latest earlier build that
    recorded it not reused (the file's history is the published builds')."""
    try:
        rows = con.execute(
            sql_text("publication", "computed_by"), {"asset": asset, "run_id": run_id}
        ).fetchall()
    except duckdb.CatalogException:  # no build recorded one yet
        return None
    return str(rows[0][0]) if rows else None


def generation(run_id: str, settings: Settings) -> str:
    """What names a build's outputs in a step's memo (pipelines.shards.memo): its run id, and the code
    and settings its tables are computed with, so that a table is updated with a step's changes only
    when the build that computed it ran the same code (its SQL among it) with the same settings."""
    return f"{run_id} {fingerprint(code_fingerprint(settings.layout.cache_dir), content_settings(settings))}"


def copied(con: duckdb.DuckDBPyConnection, asset: str, run_id: str) -> bool:
    """This build copied the asset's tables from the published warehouse."""
    row = _row(con, asset, run_id, True)
    return bool(row and row[1] and row[2])


def record(con: duckdb.DuckDBPyConnection, run_id: str, asset: str, value: str | None, reused: bool) -> None:
    params = {
        "run_id": run_id,
        "recorded_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
        "asset": asset,
        "fingerprint": value,
        "reused": reused,
    }
    append_log_row(con, "audit.asset_inputs", "asset_inputs_row", params)


def inputs_fingerprint(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    settings: Settings,
    identity: Sequence[Any],
    deps: Iterable[str],
    work_folders: Iterable[Path] = (),
    raw_files: Iterable[Path] = (),
) -> str | None:
    """The fingerprint of an asset (``identity``: its name, SQL parameters ...), or None when one of its
    inputs has none (an asset read from a build that did not record it, a work folder without one)."""
    layout = settings.layout
    parts: list[Any] = [code_fingerprint(layout.cache_dir), content_settings(settings), *identity]
    for dep in sorted(deps):
        value = recorded(con, dep, run_id, this_run=True)
        if value is None:
            return None
        parts.append((dep, value))
    for folder in work_folders:
        marker = folder / WORK_FINGERPRINT
        if not marker.exists():
            return None
        parts.append((folder.name, marker.read_text(encoding="utf-8")))
    raw = sorted(raw_files)
    parts.append([p.relative_to(layout.raw_dir).as_posix() for p in raw])
    return fingerprint(*parts, files=raw, hashes=file_hashes(layout.cache_dir))


def copy_if_unchanged(
    con: duckdb.DuckDBPyConnection, run_id: str, published: Path, tables: dict[str, str], value: str | None
) -> frozenset[str] | None:
    """Keep the published copy of ``tables`` (asset -> ``schema.table``) when the fingerprint recorded
    for each of them there is ``value``, the fingerprint of their inputs now: a build file started as a
    copy of the published one holds them already (pipelines/warehouse/publication.py start_build), one
    that started empty has them copied in. Returns the tables copied in (empty: all were kept), or None
    when they are to be computed."""
    if value is None or any(recorded(con, asset, run_id, this_run=False) != value for asset in tables):
        return None
    missing = [name for name in tables.values() if not table_exists(con, *name.split("."))]
    if missing and not copy_published(con, published, missing):
        return None
    return frozenset(missing)


def copy_published(con: duckdb.DuckDBPyConnection, published: Path, tables: Sequence[str]) -> bool:
    """Copy ``tables`` (``schema.table``) from the published warehouse into the build; False, copying
    nothing, when it lacks one of them."""
    if not published.exists():
        return False
    # ATTACH takes no bound parameter; the path comes from the Layout, never from input data.
    con.execute(f"attach '{str(published).replace(chr(39), chr(39) * 2)}' as {PUBLISHED} (read_only)")
    try:
        found = {
            f"{s}.{t}"
            for s, t in con.execute(
                sql_text("publication", "published_tables"), {"database": PUBLISHED}
            ).fetchall()
        }
        if not set(tables) <= found:
            return False
        con.execute("begin transaction")
        try:
            for name in tables:
                schema = name.split(".")[0]
                con.execute(f"create schema if not exists {schema}")
                con.execute(f"create or replace table {name} as select * from {PUBLISHED}.{name}")
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        return True
    finally:
        con.execute(f"detach {PUBLISHED}")
