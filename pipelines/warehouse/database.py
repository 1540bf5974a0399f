"""Building warehouse tables from the SQL files, and documenting them from ``sql/catalog.toml``."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from pipelines.settings import SQL_DIR


def connect(path: Path, memory_limit: str = "1GB", read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection whose set work spills to ``<warehouse>.tmp/`` beyond ``memory_limit``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    config: dict[str, str | bool | int | float | list[str]] = {"memory_limit": memory_limit}
    if not read_only:
        config["temp_directory"] = str(path.with_suffix(".tmp"))
    return duckdb.connect(str(path), read_only=read_only, config=config)


def table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchall()[0][0]
    )


def sql_text(schema: str, table: str, sql_dir: Path = SQL_DIR) -> str:
    return (sql_dir / schema / f"{table}.sql").read_text(encoding="utf-8")


@cache
def catalog(sql_dir: Path = SQL_DIR) -> dict[str, Any]:
    """``{"staging.resumes": {"description": ..., "columns": {...}}, ...}``."""
    data = tomllib.loads((sql_dir / "catalog.toml").read_text(encoding="utf-8"))
    return {f"{schema}.{table}": doc for schema, tables in data.items() for table, doc in tables.items()}


def _literal(text: str) -> str:
    # COMMENT ON takes no bound parameters; the text comes from the repository's own catalog.
    return "'" + text.replace("'", "''") + "'"


def document(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> None:
    """COMMENT ON the table and every column; an undocumented column is an error, not a gap."""
    name = f"{schema}.{table}"
    doc = catalog().get(name)
    if doc is None:
        raise KeyError(f"{name} is not documented in sql/catalog.toml")
    columns = [
        r[0]
        for r in con.execute(
            "select column_name from information_schema.columns where table_schema = ? and table_name = ?"
            " order by ordinal_position",
            [schema, table],
        ).fetchall()
    ]
    described = doc.get("columns", {})
    missing = [c for c in columns if c not in described]
    if missing:
        raise KeyError(f"{name}: columns {missing} are not documented in sql/catalog.toml")
    con.execute(f"comment on table {name} is {_literal(doc['description'])}")
    for column in columns:
        con.execute(f'comment on column {name}."{column}" is {_literal(described[column])}')


def define_macros(con: duckdb.DuckDBPyConnection, sql_dir: Path = SQL_DIR) -> None:
    """Create the SQL macros of ``sql/macros/`` as temporary macros: tables are built with them, but
    the warehouse file analysts open does not depend on them."""
    for path in sorted((sql_dir / "macros").glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))


def build_table(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, params: dict[str, Any] | None = None
) -> int:
    """(Re)create ``schema.table`` from ``sql/<schema>/<table>.sql`` and document it; returns its row count."""
    con.execute(f"create schema if not exists {schema}")
    define_macros(con)
    con.execute(f"create or replace table {schema}.{table} as {sql_text(schema, table)}", params or {})
    document(con, schema, table)
    return int(con.execute(f"select count(*) from {schema}.{table}").fetchall()[0][0])
