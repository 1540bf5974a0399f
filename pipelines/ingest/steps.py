"""Ingesting one raw source: its files -> Parquet batches of accepted records, rejects and the file
list, under the work folder. The reference releases are ingested as the Python step of their staging
table; resumes and postings by their own `ingest/*` assets."""

from __future__ import annotations

from typing import Any

from pipelines.ingest.loop import FileOutcome, ingest_files, raw_roots
from pipelines.ingest.readers import Limits
from pipelines.ingest.sources import SOURCES_BY_NAME, Source
from pipelines.settings import Settings
from pipelines.warehouse.build import StepContext


def ingest(source: Source, settings: Settings) -> list[FileOutcome]:
    layout = settings.layout
    return ingest_files(
        source=source.name,
        files=source.files(layout.raw_dir, raw_roots(layout.raw_dir, layout.link_roots)),
        raw_dir=layout.raw_dir,
        normaliser_for=lambda relative: source.normaliser_for(layout.raw_dir, relative),
        schema=source.schema,
        out_dir=layout.work_dir / source.name,
        batch_size=settings.batch_size,
        limits=Limits(settings.max_record_bytes, settings.max_file_bytes),
    )


def summary(outcomes: list[FileOutcome]) -> dict[str, Any]:
    unreadable = [o for o in outcomes if o.status == "unreadable"]
    return {
        "files": len(outcomes),
        "records_read": sum(o.records_read for o in outcomes),
        "rejected_by_parser": sum(o.rejected for o in outcomes),
        "unreadable_files": [{"file": o.source_file, "reason": o.reason} for o in unreadable],
    }


def ingest_source(ctx: StepContext) -> dict[str, Any]:
    """The step of a reference table: ingest the raw source of the same name."""
    outcomes = ingest(SOURCES_BY_NAME[ctx.contract.table], ctx.settings)
    for outcome in outcomes:
        if outcome.status == "unreadable":
            ctx.log(f"unreadable file {outcome.source_file}: {outcome.reason}")
    return summary(outcomes)
