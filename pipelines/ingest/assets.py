"""The document ingestion assets: raw resumes and postings -> Parquet batches and quarantine parts.
Their staging tables are built from those parts by the table factory (sql/staging/resumes.sql)."""

import dagster as dg

from pipelines.ingest.sources import SOURCES, SOURCES_BY_NAME
from pipelines.ingest.steps import ingest, summary
from pipelines.shards import reuse
from pipelines.warehouse.assets import metadata_value
from pipelines.warehouse.resource import Warehouse

DOCUMENT_SOURCES = ("resumes", "postings")


def _ingest_asset(name: str) -> dg.AssetsDefinition:
    source = SOURCES_BY_NAME[name]

    @dg.asset(
        key=["ingest", name],
        group_name="ingest",
        kinds={"polars", "parquet"},
        description=f"Reads every file under raw/{source.folder}/ in bounded batches into Parquet parts "
        "and quarantines bad records.",
    )
    def _asset(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
        settings = warehouse.settings
        outcomes = ingest(source, settings)
        # what the parts were made from (their shards' keys), for the assets that read them
        with warehouse.connect() as con:
            asset, run_id = f"ingest/{name}", context.run.run_id
            work = settings.layout.work_dir / source.name
            reuse.record(
                con,
                run_id,
                asset,
                reuse.inputs_fingerprint(con, run_id, settings, [asset], (), [work]),
                False,
            )
        for outcome in outcomes:
            if outcome.status == "unreadable":
                context.log.warning(f"unreadable file {outcome.source_file}: {outcome.reason}")
        facts = summary(outcomes)
        return dg.MaterializeResult(
            metadata={
                "rows": dg.MetadataValue.int(sum(o.parsed for o in outcomes)),
                **{k: metadata_value(v) for k, v in facts.items()},
            }
        )

    return _asset


INGEST_ASSETS = [_ingest_asset(name) for name in DOCUMENT_SOURCES]
# The assets that read a raw folder: what a contract's `producers = "sources"` stands for.
SOURCE_KEYS = [dg.AssetKey(["ingest" if s.name in DOCUMENT_SOURCES else "staging", s.name]) for s in SOURCES]
