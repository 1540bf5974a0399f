"""Ingesting one raw source: its files -> Parquet batches of accepted records, rejects and the file
list, under the work folder. The reference releases are ingested as the Python step of their staging
table; resumes and postings by their own `ingest/*` assets."""

from __future__ import annotations

from functools import partial
from typing import Any

from pipelines import PROJECT_ROOT, REFERENCE_DIR
from pipelines.ingest.columns import MAPPING_FILE
from pipelines.ingest.loop import ingest_files, raw_roots
from pipelines.ingest.parts import FileOutcome
from pipelines.ingest.readers import Limits
from pipelines.ingest.sources import SOURCES_BY_NAME, Source, normaliser
from pipelines.settings import Settings
from pipelines.shards.files import Shards, file_hashes, fingerprint
from pipelines.warehouse.build import StepContext

# What a file's ingested parts depend on besides its bytes: the code that reads and normalises it and
# the vocabulary it uses. A change to any of them re-reads every file.
_CODE = [PROJECT_ROOT / "pipelines" / p for p in ("ingest", "documents", "reference")]


def source_fingerprint(source: Source, settings: Settings, limits: Limits) -> str:
    """Everything besides a file's bytes that its ingested parts depend on."""
    mappings = settings.layout.raw_dir / MAPPING_FILE
    files = sorted(p for folder in _CODE for p in folder.glob("*.py"))
    files += sorted(p for p in REFERENCE_DIR.rglob("*") if p.is_file())
    return fingerprint(
        source.name,
        sorted(source.schema.items()),
        limits,
        settings.batch_size,
        files=[*files, *([mappings] if mappings.is_file() else [])],
        hashes=file_hashes(settings.layout.cache_dir),
    )


def ingest(source: Source, settings: Settings) -> list[FileOutcome]:
    layout = settings.layout
    limits = Limits(settings.max_record_bytes, settings.max_file_bytes)
    return ingest_files(
        source=source.name,
        files=source.files(layout.raw_dir, raw_roots(layout.raw_dir, layout.link_roots)),
        raw_dir=layout.raw_dir,
        normaliser_for=partial(normaliser, source.name, layout.raw_dir),
        schema=source.schema,
        out_dir=layout.work_dir / source.name,
        batch_size=settings.batch_size,
        limits=limits,
        shards=Shards(
            layout.cache_dir / source.name,
            source_fingerprint(source, settings, limits),
            file_hashes(layout.cache_dir),
        ),
        workers=settings.processes,
        finish=source.finish,
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
