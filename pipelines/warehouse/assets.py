"""The asset factory: one Dagster asset per table contract (a multi-asset for tables one Python step
writes together). Dependencies are the tables the SQL reads plus the assets that write the work files
its parameters name; nothing is listed by hand."""

import importlib
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb

from pipelines import PROJECT_ROOT
from pipelines.ingest.loop import discover
from pipelines.settings import Settings
from pipelines.shards import reuse
from pipelines.shards.memo import CHANGES
from pipelines.warehouse.build import StepContext, build_table, document, table_columns, update_table
from pipelines.warehouse.checks import TableCheck, contract_checks
from pipelines.warehouse.contracts import ALL_SOURCES, TableContract, columns_read
from pipelines.warehouse.resource import Warehouse

Step = Callable[[StepContext], dict[str, Any] | None]


def metadata_value(value: Any) -> dg.MetadataValue:
    """A step's plain facts as Dagster metadata: counts as integers, the rest as JSON."""
    if isinstance(value, bool):
        return dg.MetadataValue.bool(value)
    if isinstance(value, int):
        return dg.MetadataValue.int(value)
    if isinstance(value, float):
        return dg.MetadataValue.float(value)
    return dg.MetadataValue.json(value)


def load_step(reference: str) -> Step:
    module, _, name = reference.partition(":")
    step: Step = getattr(importlib.import_module(module), name)
    return step


def producer_keys(contract: TableContract, source_keys: Sequence[dg.AssetKey]) -> set[dg.AssetKey]:
    """The assets that write the work files the contract's SQL reads."""
    keys: set[dg.AssetKey] = set()
    for producer in contract.producers():
        keys.update(source_keys if producer == ALL_SOURCES else [dg.AssetKey(producer.split("/"))])
    return keys


def dependencies(contract: TableContract, source_keys: Sequence[dg.AssetKey]) -> set[dg.AssetKey]:
    keys = {dg.AssetKey(t.split(".")) for t in contract.tables_read()} | producer_keys(contract, source_keys)
    return keys - {dg.AssetKey(contract.asset_path)}


def _code_references(contract: TableContract) -> dg.CodeReferencesMetadataValue:
    """Links from the asset in the UI to its SQL and its contract."""
    files = [contract.sql_path, contract.path]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dg.BetaWarning)
        return dg.CodeReferencesMetadataValue(
            code_references=[dg.LocalFileCodeReference(file_path=str(f), line_number=1) for f in files]
        )


def column_schema(con: duckdb.DuckDBPyConnection, contract: TableContract) -> dg.TableSchema:
    return dg.TableSchema(
        columns=[
            dg.TableColumn(name, kind, description=contract.columns.get(name))
            for name, kind in table_columns(con, contract)
        ]
    )


def column_lineage(contract: TableContract) -> dg.TableColumnLineage | None:
    """Which upstream columns each column is computed from, where its SQL says so plainly."""
    if contract.log:
        return None
    deps = {
        column: [dg.TableColumnDep(dg.AssetKey(table.split(".")), source) for table, source in found]
        for column, found in columns_read(contract.sql()).items()
    }
    return dg.TableColumnLineage(deps_by_column=deps) if deps else None


def _spec(contract: TableContract, source_keys: Sequence[dg.AssetKey]) -> dg.AssetSpec:
    relative = contract.sql_path.relative_to(PROJECT_ROOT)
    # the tables its reference checks read too: the checks run in this asset's step (checks.py)
    checked = {dg.AssetKey(ref.table.split(".")) for ref in contract.references}
    deps: list[dg.AssetKey] = sorted(
        (dependencies(contract, source_keys) | checked) - {dg.AssetKey(contract.asset_path)},
        key=dg.AssetKey.to_user_string,
    )
    return dg.AssetSpec(
        contract.asset_path,
        group_name=contract.schema,
        kinds={"duckdb", "python"} if contract.step else {"duckdb"},
        description=f"{contract.description} ({relative})",
        deps=deps,
        metadata={"dagster/code_references": _code_references(contract)},
    )


def _materialize(
    context: dg.AssetExecutionContext,
    warehouse: Warehouse,
    group: Sequence[TableContract],
    deps: Sequence[str],
    must_run: bool,
    checks: Sequence[TableCheck],
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
    """Build the group's tables, or copy them from the published warehouse when their inputs are
    unchanged (``pipelines.shards.reuse``), then run their checks on the same connection. A step other
    assets read work files of (``must_run``) runs either way, and what it wrote is part of the
    fingerprint."""
    settings, run_id = warehouse.settings, context.run.run_id
    layout = settings.layout
    with warehouse.connect() as con:
        extra: dict[str, Any] = {}
        step = group[0].step

        def run_step() -> dict[str, Any]:
            assert step is not None
            # imported only to run: the coder's and the extractor's modules take seconds to import, and
            # a rebuild that keeps their tables never needs them
            ctx = StepContext(
                tuple(group), settings, con, context.log.info, reuse.generation(run_id, settings)
            )
            return load_step(step)(ctx) or {}

        if step and must_run:
            extra = run_step()
        value = reuse.inputs_fingerprint(
            con,
            run_id,
            settings,
            [(c.name, c.sql(), [c.input_sql(name) for name in c.inputs]) for c in group],
            deps,
            [layout.work_dir / folder for folder in _own_work(group)] if step and must_run else (),
            [f for c in group for f in raw_files(c, layout.raw_dir)],
        )
        tables = {_asset_name(c): c.name for c in group}
        copied = reuse.copy_if_unchanged(con, run_id, layout.warehouse, tables, value)
        reused = copied is not None
        if step and not must_run and not reused:
            extra = run_step()
        for contract in group:
            updated = False
            if reused:
                if copied and contract.name in copied:
                    document(con, contract)  # a table kept in the build file has its comments
                rows = int(con.execute(f"select count(*) from {contract.name}").fetchall()[0][0])
            else:
                rows, updated = _build(con, contract, settings, run_id)
            reuse.record(con, run_id, _asset_name(contract), value, reused)
            lineage = column_lineage(contract)
            yield dg.MaterializeResult(
                asset_key=contract.asset_path,
                metadata={
                    "dagster/row_count": dg.MetadataValue.int(rows),
                    "dagster/column_schema": column_schema(con, contract),
                    **({"dagster/column_lineage": lineage} if lineage else {}),
                    "copied_from_published": dg.MetadataValue.bool(reused),
                    **({"updated_in_place": dg.MetadataValue.bool(updated)} if contract.updates else {}),
                    **{k: metadata_value(v) for k, v in extra.items()},
                },
            )
        for check in checks:
            yield check.evaluate(con, run_id)


def _build(
    con: duckdb.DuckDBPyConnection, contract: TableContract, settings: Settings, run_id: str
) -> tuple[int, bool]:
    """Build the table, or update the one the build file holds with its step's changes when it can;
    returns its row count and whether it was updated."""
    params = contract.bind(settings)
    if contract.updates:
        changes = Path(params[contract.updates]).parent / CHANGES
        computed = reuse.computed_by(con, _asset_name(contract), run_id)
        base = reuse.generation(computed, settings) if computed else None
        rows = update_table(con, contract, params, changes, base)
        if rows is not None:
            return rows, True
    return build_table(con, contract.schema, contract.table, params), False


def raw_files(contract: TableContract, raw_dir: Path) -> list[Path]:
    """The raw files a table reads itself, part of its fingerprint: its step's ``raw`` folders and the
    files its ``raw`` parameters name (a path or a glob, as its SQL reads them)."""
    files = [f for folder in contract.raw for f in discover(raw_dir / folder)]
    for parameter in contract.parameters:
        if parameter.kind == "raw":
            for found in sorted(raw_dir.glob(parameter.value)):
                files += discover(found) if found.is_dir() else [found]
    return files


def _asset_name(contract: TableContract) -> str:
    return "/".join(contract.asset_path)


def _own_work(group: Sequence[TableContract]) -> list[str]:
    """The work folders the group's step writes (its work parameters no other asset produces)."""
    return sorted(
        {Path(p.value).parts[0] for c in group for p in c.parameters if p.kind == "work" and not p.producers}
    )


def _asset(
    group: Sequence[TableContract], source_keys: Sequence[dg.AssetKey], needed: set[dg.AssetKey]
) -> dg.AssetsDefinition:
    name = "__".join(f"{c.schema}__{c.table}" for c in group)
    own = {dg.AssetKey(c.asset_path) for c in group}
    deps = sorted(
        {k.to_user_string() for c in group for k in dependencies(c, source_keys)}
        - {k.to_user_string() for k in own}
    )
    must_run = bool(own & needed)
    checks = [check for c in group for check in contract_checks(c)]

    @dg.multi_asset(
        name=name, specs=[_spec(c, source_keys) for c in group], check_specs=[c.spec() for c in checks]
    )
    def _tables(
        context: dg.AssetExecutionContext, warehouse: Warehouse
    ) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
        yield from _materialize(context, warehouse, group, deps, must_run, checks)

    return _tables


def table_assets(
    contracts: Iterable[TableContract], source_keys: Sequence[dg.AssetKey]
) -> list[dg.AssetsDefinition]:
    """One asset per table; the tables one step writes together (its contracts' ``step_writes``) form
    one multi-asset. Log tables (``audit.check_results``) are written by the checks, not by an asset."""
    contracts = list(contracts)
    groups: dict[tuple[str, ...], list[TableContract]] = {}
    for contract in contracts:
        if not contract.log:
            groups.setdefault(contract.step_writes or (contract.name,), []).append(contract)
    # assets whose work files other assets read: their steps run even when their tables are reused
    needed = {key for contract in contracts for key in producer_keys(contract, source_keys)}
    return [_asset(group, source_keys, needed) for group in groups.values()]
