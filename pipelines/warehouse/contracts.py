"""Table contracts: ``sql/<schema>/<table>.toml`` beside ``<table>.sql`` says what a row is, documents
every column, names the parameters the SQL binds, and declares the rules a build must pass.

The factories in ``assets.py`` and ``checks.py`` turn each contract into its asset and its checks; the
tables a statement reads are taken from the SQL itself with DuckDB's parser, never listed by hand.
"""

from __future__ import annotations

import importlib
import json
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from pipelines import PROJECT_ROOT, SQL_DIR
from pipelines.settings import Layout, Settings

# Raw-source producers: `producers = "sources"` stands for every asset that ingests a raw folder.
ALL_SOURCES = "sources"
_TOP_LEVEL = {
    "description",
    "step",
    "step_writes",
    "updates",
    "inputs",
    "raw",
    "log",
    "key",
    "parameters",
    "references",
    "rules",
    "suite",
    "columns",
}
_PARAMETER_KINDS = ("setting", "work", "cache", "repository", "raw", "python", "value")


class ContractError(ValueError):
    """A contract that cannot be used as written; the message names the file."""


@dataclass(frozen=True)
class Key:
    """The grain: ``unique`` checks one row per key, ``not_null`` that key columns (but ``nullable``)
    are filled."""

    columns: tuple[str, ...]
    unique: bool = True
    not_null: bool = False
    nullable: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return "__".join(self.columns)


@dataclass(frozen=True)
class Reference:
    """Every non-null value of ``columns`` exists in ``table.column``."""

    columns: tuple[str, ...]
    table: str
    column: str
    check: str

    @property
    def schema_table(self) -> tuple[str, str]:
        schema, table = self.table.split(".")
        return schema, table


@dataclass(frozen=True)
class Rule:
    """A check whose SQL selects the rows that break it."""

    name: str
    description: str
    rule: str
    failing_rows: str


@dataclass(frozen=True)
class Frame:
    """Expectations on a frame derived from the table (rules GX cannot state on the rows themselves)."""

    name: str
    description: str
    query: str
    expectations: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Suite:
    """The table's Great Expectations suite; ``row_count_guard`` adds the collapse guard against the
    previous build."""

    row_count_guard: bool
    expectations: tuple[dict[str, Any], ...]
    frames: tuple[Frame, ...] = ()


@dataclass(frozen=True)
class Parameter:
    """A bound parameter of the table's SQL: a setting, a work file of a Python step (with the assets
    that write it), a file kept in the repository, a path under the raw directory, a Python constant,
    or a literal value."""

    name: str
    kind: str
    value: Any
    producers: tuple[str, ...] | str = ()


@dataclass(frozen=True)
class TableContract:
    schema: str
    table: str
    description: str
    columns: dict[str, str]
    path: Path
    key: Key | None = None
    references: tuple[Reference, ...] = ()
    rules: tuple[Rule, ...] = ()
    suite: Suite | None = None
    parameters: tuple[Parameter, ...] = ()
    step: str | None = None
    # the tables the step writes in one run, when it writes several (each of their contracts says so)
    step_writes: tuple[str, ...] = ()
    # the work parts the SQL selects row by row, so a rebuild may update the table (build.update_table)
    updates: str | None = None
    inputs: tuple[str, ...] = ()
    # raw folders the step reads itself (not through an ingested source): their files' contents are
    # part of the fingerprint that decides whether the published table is reused (pipelines.shards.reuse)
    raw: tuple[str, ...] = ()
    log: bool = False
    sql_dir: Path = field(default=SQL_DIR, compare=False)

    @property
    def name(self) -> str:
        return f"{self.schema}.{self.table}"

    @property
    def asset_path(self) -> list[str]:
        return [self.schema, self.table]

    @property
    def sql_path(self) -> Path:
        return self.path.with_suffix(".sql")

    def sql(self) -> str:
        return sql_text(self.schema, self.table, self.sql_dir)

    def input_sql(self, name: str) -> str:
        """A select of ``sql/inputs/`` that the table's Python step reads; only declared inputs."""
        if name not in self.inputs:
            raise ContractError(f"{self.path}: the step reads sql/inputs/{name}.sql, not in its inputs")
        return sql_text("inputs", name, self.sql_dir)

    def tables_read(self) -> set[str]:
        """Tables the SQL and the step's input selects read (lineage)."""
        statements = [] if self.log else [self.sql()]
        statements += [sql_text("inputs", name, self.sql_dir) for name in self.inputs]
        return {t for s in statements for t in tables_read(s)} - {self.name}

    def producers(self) -> set[str]:
        """Assets (``schema/table``) that write the work files the SQL reads; ``sources`` for all."""
        out: set[str] = set()
        for p in self.parameters:
            out.update([p.producers] if isinstance(p.producers, str) else p.producers)
        return out

    def bind(self, settings: Settings) -> dict[str, Any]:
        """The SQL's parameters, resolved for one build."""
        layout = settings.layout
        return {p.name: _bound(p, settings, layout) for p in self.parameters}


def _bound(p: Parameter, settings: Settings, layout: Layout) -> Any:
    if p.kind == "setting":
        return getattr(settings, p.value)
    if p.kind == "work":
        return str(layout.work_dir / p.value)
    if p.kind == "cache":
        return str(layout.cache_dir / p.value)
    if p.kind == "repository":
        return str(PROJECT_ROOT / p.value)
    if p.kind == "raw":
        return str(layout.raw_dir / p.value)
    return python_value(p.value) if p.kind == "python" else p.value


def python_value(reference: str) -> Any:
    """``module:NAME`` -> the constant (tuples as lists, for DuckDB list parameters)."""
    module, _, name = reference.partition(":")
    value = getattr(importlib.import_module(module), name)
    return list(value) if isinstance(value, (tuple, frozenset, set)) else value


def sql_text(schema: str, name: str, sql_dir: Path = SQL_DIR) -> str:
    return (sql_dir / schema / f"{name}.sql").read_text(encoding="utf-8")


def _resolve_values(value: Any) -> Any:
    """Expectation arguments may name a Python constant (``{ python = "module:NAME" }``) so a value is
    written once."""
    if isinstance(value, dict) and set(value) == {"python"}:
        return python_value(value["python"])
    return value


def expectation_kwargs(config: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    kwargs = {k: _resolve_values(v) for k, v in config.items() if k != "type"}
    return config["type"], kwargs


# --- loading --------------------------------------------------------------------------------------


def _parameter(path: Path, name: str, spec: Any) -> Parameter:
    if not isinstance(spec, dict):
        raise ContractError(f"{path}: parameter {name} must be a table such as {{ setting = ... }}")
    kinds = [k for k in _PARAMETER_KINDS if k in spec]
    unknown = set(spec) - set(_PARAMETER_KINDS) - {"producers"}
    if len(kinds) != 1 or unknown:
        raise ContractError(f"{path}: parameter {name} needs exactly one of {', '.join(_PARAMETER_KINDS)}")
    producers = spec.get("producers", ())
    if producers != ALL_SOURCES:
        producers = tuple(producers)
    return Parameter(name, kinds[0], spec[kinds[0]], producers)


def load_contract(path: Path, sql_dir: Path = SQL_DIR) -> TableContract:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ContractError(f"{path}: invalid TOML: {exc}") from exc
    unknown = set(data) - _TOP_LEVEL
    if unknown:
        raise ContractError(f"{path}: unknown fields {sorted(unknown)}")
    if not data.get("description") or not data.get("columns"):
        raise ContractError(f"{path}: a contract needs a description and its columns")
    key = data.get("key")
    suite = data.get("suite")
    contract = TableContract(
        schema=path.parent.name,
        table=path.stem,
        description=data["description"],
        columns=dict(data["columns"]),
        path=path,
        key=Key(
            tuple(key["columns"]),
            key.get("unique", True),
            key.get("not_null", False),
            tuple(key.get("nullable", ())),
        )
        if key
        else None,
        references=tuple(
            Reference(
                tuple(r["columns"]),
                r["table"],
                r["column"],
                r.get("check") or f"fk__{'__'.join(r['columns'])}__{r['table'].split('.')[1]}",
            )
            for r in data.get("references", [])
        ),
        rules=tuple(
            Rule(r["name"], r["description"], r["rule"], r["failing_rows"].strip())
            for r in data.get("rules", [])
        ),
        suite=Suite(
            suite.get("row_count_guard", False),
            tuple(suite.get("expectations", [])),
            tuple(
                Frame(f["name"], f["description"], f["query"], tuple(f["expectations"]))
                for f in suite.get("frames", [])
            ),
        )
        if suite
        else None,
        parameters=tuple(_parameter(path, n, s) for n, s in data.get("parameters", {}).items()),
        step=data.get("step"),
        step_writes=tuple(sorted(data.get("step_writes", ()))),
        updates=data.get("updates"),
        inputs=tuple(data.get("inputs", ())),
        raw=tuple(data.get("raw", ())),
        log=bool(data.get("log", False)),
        sql_dir=sql_dir,
    )
    _validate(contract)
    return contract


def _validate(contract: TableContract) -> None:
    declared = set(contract.columns)
    named = list(contract.key.columns if contract.key else ())
    named += [c for r in contract.references for c in r.columns]
    missing = [c for c in named if c not in declared]
    if missing:
        raise ContractError(f"{contract.path}: key or reference columns {missing} are not in [columns]")
    work = {p.name for p in contract.parameters if p.kind == "work"}
    if contract.updates and contract.updates not in work:
        raise ContractError(f"{contract.path}: updates names {contract.updates!r}, not a work parameter")
    if not contract.log and not contract.sql_path.exists():
        raise ContractError(f"{contract.path}: no {contract.sql_path.name} beside it")


@cache
def contracts(sql_dir: Path = SQL_DIR) -> dict[str, TableContract]:
    """Every table contract, by ``schema.table``. ``inputs``, ``pages``, ``report``, ``publication`` and
    ``macros`` hold selects and macros that are not tables."""
    out = {}
    for path in sorted(sql_dir.glob("*/*.toml")):
        out[f"{path.parent.name}.{path.stem}"] = load_contract(path, sql_dir)
    return out


def contract(name: str, sql_dir: Path = SQL_DIR) -> TableContract:
    found = contracts(sql_dir).get(name)
    if found is None:
        raise ContractError(f"{name} has no contract (sql/{name.replace('.', '/')}.toml)")
    return found


# --- lineage --------------------------------------------------------------------------------------


@cache
def _parser() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


def _parse(sql: str) -> dict[str, Any]:
    """DuckDB's own parse tree of ``sql`` (one in-memory database parses for the process; a cursor
    each, so that threads do not share one)."""
    cursor = _parser().cursor()
    try:
        tree = json.loads(cursor.execute("select json_serialize_sql(?::varchar)", [sql]).fetchall()[0][0])
    finally:
        cursor.close()
    if tree.get("error"):
        raise ContractError(f"cannot parse SQL: {tree.get('error_message')}")
    return tree


def tables_read(sql: str) -> set[str]:
    """``schema.table`` names a select reads, from DuckDB's own parse tree. Common table expressions are
    not tables; a table outside a CTE must be schema-qualified, so lineage is never guessed."""
    tree = _parse(sql)
    tables: set[tuple[str, str]] = set()
    ctes: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "BASE_TABLE":
                tables.add((node.get("schema_name") or "", node["table_name"]))
            cte_map = node.get("cte_map")
            if isinstance(cte_map, dict):
                ctes.update(entry["key"] for entry in cte_map.get("map", []))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tree)
    unqualified = sorted(t for s, t in tables if not s and t not in ctes)
    if unqualified:
        raise ContractError(f"tables {unqualified} must be written schema.table")
    return {f"{s}.{t}" for s, t in tables if s}


def columns_read(sql: str) -> dict[str, list[tuple[str, str]]]:
    """Each output column of a select and the ``(schema.table, column)`` pairs it is computed from, read
    from DuckDB's parse tree through CTEs, subqueries in ``from`` and unions (by position). Only what the
    tree says: a bare column among several sources, or a column of a function's rows, gets no entry."""
    return {
        name: sorted(found)
        for name, found in _node_lineage(_parse(sql)["statements"][0]["node"], {})
        if name and found
    }


_Lineage = list[tuple[str | None, set[tuple[str, str]]]]


def _node_lineage(node: dict[str, Any], outer: dict[str, _Lineage]) -> _Lineage:
    """(name, upstream columns) of each column a query node returns, in order."""
    ctes = dict(outer)
    for entry in (node.get("cte_map") or {}).get("map", []):
        ctes[entry["key"]] = _node_lineage(entry["value"]["query"]["node"], ctes)
    if node.get("type") == "SET_OPERATION_NODE":
        left, right = _node_lineage(node["left"], ctes), _node_lineage(node["right"], ctes)
        return [
            (name, found | (right[i][1] if i < len(right) else set())) for i, (name, found) in enumerate(left)
        ]
    if node.get("type") != "SELECT_NODE":
        return []
    # each source by its alias: a table's columns are themselves, a CTE's or subquery's their lineage
    sources: dict[str, str | dict[str, set[tuple[str, str]]]] = {}
    opaque = False

    def add(ref: dict[str, Any]) -> None:
        nonlocal opaque
        kind = ref.get("type")
        if kind == "JOIN":
            add(ref["left"])
            add(ref["right"])
        elif kind == "BASE_TABLE" and not ref.get("schema_name") and ref["table_name"] in ctes:
            columns = {n: f for n, f in ctes[ref["table_name"]] if n}
            sources[ref.get("alias") or ref["table_name"]] = columns
        elif kind == "BASE_TABLE" and ref.get("schema_name"):
            sources[ref.get("alias") or ref["table_name"]] = f"{ref['schema_name']}.{ref['table_name']}"
        elif kind == "SUBQUERY" and ref.get("alias"):
            columns = {n: f for n, f in _node_lineage(ref["subquery"]["node"], ctes) if n}
            sources[ref["alias"]] = columns
        elif kind != "EMPTY":
            opaque = True

    add(node["from_table"])
    only = next(iter(sources.values())) if len(sources) == 1 and not opaque else None

    def resolve(source: str | dict[str, set[tuple[str, str]]] | None, column: str) -> set[tuple[str, str]]:
        if isinstance(source, str):
            return {(source, column)}
        return source.get(column, set()) if source else set()

    def refs(expression: Any) -> set[tuple[str, str]]:
        if isinstance(expression, list):
            return {r for e in expression for r in refs(e)}
        if not isinstance(expression, dict) or expression.get("class") == "SUBQUERY":
            return set()
        if expression.get("class") == "COLUMN_REF":
            names = expression["column_names"]
            return resolve(sources.get(names[0]) if len(names) == 2 else only, names[-1])
        return {r for value in expression.values() for r in refs(value)}

    out: _Lineage = []
    for expression in node["select_list"]:
        name = expression.get("alias") or (
            expression["column_names"][-1] if expression.get("class") == "COLUMN_REF" else None
        )
        out.append((name, refs(expression)))
    return out
