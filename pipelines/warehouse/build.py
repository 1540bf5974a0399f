"""Building warehouse tables: a connection, the shared SQL macros, one table from its SQL file (with
its contract's comments), and the context a table's Python step runs in."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from pipelines import SQL_DIR
from pipelines.settings import Layout, Settings
from pipelines.shards.memo import BASE
from pipelines.warehouse.contracts import ContractError, TableContract, contract, sql_text

# Analysts' DuckDB clients must open the warehouse: 1.4 LTS reads files written for storage v1.4.0,
# whatever the default of the DuckDB that builds it.
STORAGE_VERSION = "v1.4.0"


def connect(
    database: Path, memory_limit: str = "1GB", read_only: bool = False, temp_dir: Path | None = None
) -> duckdb.DuckDBPyConnection:
    """A connection to ``database``; writers spill set work beyond ``memory_limit`` to ``temp_dir``."""
    config: dict[str, str | bool | int | float | list[str]] = {"memory_limit": memory_limit}
    if not read_only:
        database.parent.mkdir(parents=True, exist_ok=True)
        config["storage_compatibility_version"] = STORAGE_VERSION
        if temp_dir is not None:
            config["temp_directory"] = str(temp_dir)
    return duckdb.connect(str(database), read_only=read_only, config=config)


def table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    # duckdb_tables(), not information_schema.tables: the view costs ~3x (4.4 against 1.5 ms on a
    # 200k build's file), and a build asks a few hundred times; the project creates no views
    return bool(
        con.execute(
            "select count(*) from duckdb_tables() where schema_name = ? and table_name = ?", [schema, table]
        ).fetchall()[0][0]
    )


def _literal(text: str) -> str:
    # COMMENT ON takes no bound parameters; the text comes from the repository's own contracts.
    return "'" + text.replace("'", "''") + "'"


def table_columns(con: duckdb.DuckDBPyConnection, contract: TableContract) -> list[tuple[str, str]]:
    """The built table's (column, type) pairs, in table order."""
    sql = sql_text("publication", "table_columns")
    return con.execute(sql, {"schema": contract.schema, "table": contract.table}).fetchall()


def document(con: duckdb.DuckDBPyConnection, contract: TableContract) -> None:
    """COMMENT ON the table and every column; an undocumented column is an error, not a gap."""
    columns = [name for name, _ in table_columns(con, contract)]
    missing = [c for c in columns if c not in contract.columns]
    if missing:
        raise ContractError(f"{contract.name}: columns {missing} are not documented in {contract.path.name}")
    con.execute(f"comment on table {contract.name} is {_literal(contract.description)}")
    for column in columns:
        con.execute(f'comment on column {contract.name}."{column}" is {_literal(contract.columns[column])}')


def append_log_row(con: duckdb.DuckDBPyConnection, name: str, row: str, params: dict[str, Any]) -> None:
    """Append the row ``sql/publication/<row>.sql`` selects to log table ``name``; its first row creates
    (and documents) the table, typed by the select's casts."""
    spec = contract(name)
    sql = sql_text("publication", row)
    if table_exists(con, spec.schema, spec.table):
        con.execute(f"insert into {spec.name} {sql}", params)
    else:
        con.execute(f"create schema if not exists {spec.schema}")
        con.execute(f"create table {spec.name} as {sql}", params)
        document(con, spec)


def define_macros(con: duckdb.DuckDBPyConnection, sql_dir: Path = SQL_DIR) -> None:
    """Create the SQL macros of ``sql/macros/`` as temporary macros, and the Python functions SQL calls
    (``scrub_personal_data``): tables are built with them, but the warehouse file analysts open does
    not depend on them."""
    for path in sorted((sql_dir / "macros").glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))
    with contextlib.suppress(duckdb.InvalidInputException):
        con.remove_function("scrub_personal_data")
    con.create_function(
        "scrub_personal_data",
        _scrub_personal_data,
        [duckdb.sqltype("VARCHAR"), duckdb.list_type(duckdb.sqltype("VARCHAR"))],
        duckdb.sqltype("VARCHAR"),
    )


def _scrub_personal_data(text: str | None, forms: list[str] | None) -> str | None:
    # imported on first use: its name models and word lists take seconds to load, and a rebuild that
    # copies the tables calling it never does
    from pipelines.documents.personal import scrub_personal_data

    return scrub_personal_data(text, forms)


def build_table(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, params: dict[str, Any] | None = None
) -> int:
    """(Re)create ``schema.table`` from ``sql/<schema>/<table>.sql`` and document it from its contract;
    returns its row count."""
    spec = contract(f"{schema}.{table}")
    con.execute(f"create schema if not exists {schema}")
    define_macros(con)
    sql = spec.sql()
    con.execute(f"create or replace table {spec.name} as {sql}", _used(sql, params or {}))
    con.execute("begin transaction")  # one commit for the table's comments, not one per column
    try:
        document(con, spec)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return int(con.execute(f"select count(*) from {spec.name}").fetchall()[0][0])


def update_table(
    con: duckdb.DuckDBPyConnection,
    spec: TableContract,
    params: dict[str, Any],
    changes: Path,
    base: str | None,
) -> int | None:
    """Apply a step's changes (``changes``, written by pipelines/shards/memo.py) to the table the build
    file holds instead of building it again: the rows of the removed keys deleted, the added outputs
    inserted through the table's own SQL. For a table whose SQL selects its ``updates`` parts row by
    row, and only when the table holds the outputs the changes are to: every memo's base is ``base``,
    the generation of the build that computed the table, with the code and settings of this one. Returns its row count, or None, changing nothing, when it
    cannot. The rows are a full build's; their stored order is not (readers order what they need)."""
    bases = sorted(changes.glob(f"*{BASE}"))
    if not spec.updates or not base or not bases or any(p.read_text(encoding="utf-8") != base for p in bases):
        return None
    if not table_exists(con, spec.schema, spec.table):
        return None
    define_macros(con)
    con.execute("begin transaction")
    try:
        for removed in sorted(changes.glob("*-removed.parquet")):
            match = " and ".join(f't."{c}" = r."{c}"' for c in pl.read_parquet_schema(removed))
            con.execute(
                f"delete from {spec.name} as t using read_parquet($removed) as r where {match}",
                {"removed": str(removed)},
            )
        added = sorted(changes.glob("*-added-*.parquet"))
        if added:
            sql = spec.sql()
            bound = _used(sql, {**params, spec.updates: [str(p) for p in added]})
            con.execute(f"insert into {spec.name} {sql}", bound)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return int(con.execute(f"select count(*) from {spec.name}").fetchall()[0][0])


@dataclass
class StepContext:
    """What a Python step gets: the contracts of the tables it builds for, the build's settings, a
    connection, and a logger. It reads only the ``sql/inputs/`` selects its contracts declare, and
    writes only the work and cache paths their parameters name."""

    contracts: tuple[TableContract, ...]
    settings: Settings
    con: duckdb.DuckDBPyConnection
    log: Callable[[str], None]
    # what names this build's outputs in a step's memo (pipelines.shards.reuse generation)
    generation: str = ""

    @property
    def contract(self) -> TableContract:
        return self.contracts[0]

    @property
    def layout(self) -> Layout:
        return self.settings.layout

    @property
    def params(self) -> dict[str, Any]:
        return {k: v for c in self.contracts for k, v in c.bind(self.settings).items()}

    def param_path(self, parameter: str) -> Path:
        """The path a ``work`` or ``cache`` parameter names (a file, a glob or a folder); the folder
        it is in exists."""
        path = Path(self.params[parameter])
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def query(self, name: str, params: dict[str, Any] | None = None) -> duckdb.DuckDBPyConnection:
        """Run a declared input select; ``params`` defaults to the contract's own."""
        owner = next((c for c in self.contracts if name in c.inputs), self.contract)
        sql = owner.input_sql(name)
        return self.con.execute(sql, params if params is not None else _used(sql, self.params))


def _used(sql: str, params: dict[str, Any]) -> dict[str, Any]:
    """DuckDB rejects named parameters a statement does not use."""
    return {k: v for k, v in params.items() if re.search(rf"\${k}\b", sql)}
