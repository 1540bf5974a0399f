"""The Python steps of the skill tables: the taxonomy (staging.skills, staging.skill_aliases) and the
skills of every document (staging.document_skills), in bounded batches."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.ingest.loop import discover
from pipelines.settings import REFERENCE_DIR
from pipelines.skills.extract import (
    PART_SCHEMA,
    Extractor,
    Taxonomy,
    document_skills,
    load_curated,
    read_skill_list,
)
from pipelines.warehouse.build import StepContext

CURATED_SKILLS = REFERENCE_DIR / "skills_curated.csv"


def taxonomy_from(
    onet_names: Iterable[str], skill_lists: Iterable[Path], curated: Path = CURATED_SKILLS
) -> Taxonomy:
    """Curated skills first (their aliases and ambiguity rules win), then O*NET technology examples, then
    the skill lists (files under ``raw/skills/``)."""
    taxonomy = Taxonomy()
    load_curated(curated, taxonomy)
    for name in onet_names:
        taxonomy.add(name, "onet")
    for path in skill_lists:
        for name in read_skill_list(path):
            taxonomy.add(name, f"list:{path.name}")
    return taxonomy.finish()


def build_taxonomy(ctx: StepContext) -> dict[str, Any]:
    onet_names = [name for (name,) in ctx.query("onet_technology_names").fetchall()]
    taxonomy = taxonomy_from(onet_names, discover(ctx.layout.raw_dir / "skills"))
    taxonomy.frame().write_parquet(ctx.work_path("skills"))
    taxonomy.alias_frame().write_parquet(ctx.work_path("aliases"))
    return {}


def extract_document_skills(ctx: StepContext) -> dict[str, Any]:
    """Skills of every resume and posting, ``skill_batch_size`` documents at a time, into Parquet parts."""
    rows = ctx.query("skill_aliases").fetchall()
    aliases = {alias: skill_id for alias, skill_id, _, _ in rows}
    extractor = Extractor.from_aliases(
        aliases,
        [alias for alias, _, ambiguous, _ in rows if ambiguous],
        [alias for alias, _, _, in_prose in rows if not in_prose],
    )
    out_dir = ctx.work_path("parts").parent
    for old in out_dir.glob("*.parquet"):
        old.unlink()
    part = 0
    for doc_type, query in (("resume", "resume_skill_sources"), ("posting", "posting_skill_sources")):
        reader = ctx.query(query).to_arrow_reader(ctx.settings.skill_batch_size)
        for record_batch in reader:
            batch = pl.from_arrow(record_batch)
            assert isinstance(batch, pl.DataFrame)
            document_skills(batch, doc_type, extractor, aliases).write_parquet(
                out_dir / f"part-{part:05d}.parquet"
            )
            part += 1
    # an empty part keeps the glob and the columns valid when there are no documents at all
    pl.DataFrame(schema=PART_SCHEMA).write_parquet(out_dir / "empty.parquet")
    return {"batches": part}
