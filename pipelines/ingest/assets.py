"""Ingestion assets: raw files -> Parquet batches (documents) or staging tables (reference releases),
quarantine and the reconciliation audit."""

from pathlib import Path

import dagster as dg

from pipelines.ingest.loop import ingest_files
from pipelines.ingest.sources import SOURCES, Source
from pipelines.warehouse.database import build_table
from pipelines.warehouse.resource import Warehouse

DOCUMENT_SOURCES = ("resumes", "postings")
# Documents are published by the normalize layer once their titles are mapped; reference releases
# are published straight from ingestion.
REFERENCE_SOURCES = [s for s in SOURCES if s.name not in DOCUMENT_SOURCES]


def work_dir(warehouse: Warehouse, source: str) -> Path:
    return warehouse.settings.work_dir / source


def records_glob(warehouse: Warehouse, source: str) -> str:
    return str(work_dir(warehouse, source) / "records" / "*.parquet")


def _ingest_asset(source: Source) -> dg.AssetsDefinition:
    document = source.name in DOCUMENT_SOURCES
    description = (
        f"Reads every file under raw/{source.folder}/ in bounded batches into Parquet parts and quarantines bad records."
        if document
        else f"Reads raw/{source.folder}/ in bounded batches, quarantines bad records and publishes "
        f"staging.{source.name} (sql/staging/{source.name}.sql)."
    )

    @dg.asset(
        key=["ingest" if document else "staging", source.name],
        group_name="ingest" if document else "staging",
        kinds={"polars", "parquet"} if document else {"duckdb", "polars"},
        description=description,
    )
    def _asset(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
        settings = warehouse.settings
        files = source.files(settings.raw_dir)
        outcomes = ingest_files(
            source=source.name,
            files=files,
            raw_dir=settings.raw_dir,
            normaliser_for=lambda relative: source.normaliser_for(settings.raw_dir, relative),
            schema=source.schema,
            out_dir=work_dir(warehouse, source.name),
            batch_size=settings.batch_size,
        )
        unreadable = [o for o in outcomes if o.status == "unreadable"]
        for outcome in unreadable:
            context.log.warning(f"unreadable file {outcome.source_file}: {outcome.reason}")
        rows = sum(o.parsed for o in outcomes)
        if not document:
            with warehouse.connect() as con:
                rows = build_table(
                    con, "staging", source.name, {"records": records_glob(warehouse, source.name)}
                )
        return dg.MaterializeResult(
            metadata={
                "rows": dg.MetadataValue.int(rows),
                "files": dg.MetadataValue.int(len(outcomes)),
                "records_read": dg.MetadataValue.int(sum(o.records_read for o in outcomes)),
                "rejected_by_parser": dg.MetadataValue.int(sum(o.rejected for o in outcomes)),
                "unreadable_files": dg.MetadataValue.json(
                    [{"file": o.source_file, "reason": o.reason} for o in unreadable]
                ),
            }
        )

    return _asset


INGEST_SOURCE_ASSETS = [_ingest_asset(source) for source in SOURCES]
# Every staging table fed by a raw source, documents included.
STAGING_KEYS = [dg.AssetKey(["staging", source.name]) for source in SOURCES]


def _globs(warehouse: Warehouse) -> dict[str, object]:
    return {
        "reject_files": [str(work_dir(warehouse, s.name) / "rejects" / "*.parquet") for s in SOURCES],
        "file_lists": [str(work_dir(warehouse, s.name) / "files.parquet") for s in SOURCES],
        "resume_records": records_glob(warehouse, "resumes"),
        "posting_records": records_glob(warehouse, "postings"),
    }


def _build(warehouse: Warehouse, schema: str, table: str, names: tuple[str, ...]) -> dg.MaterializeResult:
    params = {k: v for k, v in _globs(warehouse).items() if k in names}
    with warehouse.connect() as con:
        rows = build_table(con, schema, table, params)
    return dg.MaterializeResult(metadata={"rows": dg.MetadataValue.int(rows)})


@dg.asset(
    key=["quarantine", "rejected_records"], group_name="quarantine", kinds={"duckdb"}, deps=STAGING_KEYS
)
def rejected_records(warehouse: Warehouse) -> dg.MaterializeResult:
    """Every record read but not accepted, with source, file, position, reason and raw record."""
    return _build(
        warehouse, "quarantine", "rejected_records", ("reject_files", "resume_records", "posting_records")
    )


@dg.asset(
    key=["quarantine", "rejected_values"],
    group_name="quarantine",
    kinds={"duckdb"},
    deps=[dg.AssetKey(["staging", "postings"])],
)
def rejected_values(warehouse: Warehouse) -> dg.MaterializeResult:
    """Salaries that could not be parsed or are implausible; their postings are kept."""
    return _build(warehouse, "quarantine", "rejected_values", ("posting_records",))


@dg.asset(key=["quarantine", "rejected_files"], group_name="quarantine", kinds={"duckdb"}, deps=STAGING_KEYS)
def rejected_files(warehouse: Warehouse) -> dg.MaterializeResult:
    """Whole files that could not be read, with the reason."""
    return _build(warehouse, "quarantine", "rejected_files", ("file_lists",))


@dg.asset(
    key=["audit", "duplicate_records"],
    group_name="audit",
    kinds={"duckdb"},
    deps=[dg.AssetKey(["staging", name]) for name in DOCUMENT_SOURCES],
)
def duplicate_records(warehouse: Warehouse) -> dg.MaterializeResult:
    """Resumes and postings dropped as exact duplicates, and the document each repeats."""
    return _build(warehouse, "audit", "duplicate_records", ("resume_records", "posting_records"))


@dg.asset(
    key=["audit", "file_reconciliation"],
    group_name="audit",
    kinds={"duckdb"},
    deps=[*STAGING_KEYS, rejected_records, duplicate_records],
)
def file_reconciliation(warehouse: Warehouse) -> dg.MaterializeResult:
    """Per file: records read = accepted + duplicates + rejected."""
    return _build(warehouse, "audit", "file_reconciliation", ("file_lists",))


INGEST_ASSETS = [
    *INGEST_SOURCE_ASSETS,
    rejected_records,
    rejected_values,
    rejected_files,
    duplicate_records,
    file_reconciliation,
]
