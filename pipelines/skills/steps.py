"""Skill taxonomy and document skills, read from and written for the warehouse in bounded batches."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb
import polars as pl

from pipelines.settings import PROJECT_ROOT
from pipelines.skills.extract import (
    PART_SCHEMA,
    Extractor,
    Taxonomy,
    document_skills,
    load_curated,
    read_skill_list,
)
from pipelines.warehouse.database import sql_text

CURATED_SKILLS = PROJECT_ROOT / "reference" / "skills_curated.csv"


def build_taxonomy(
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


def onet_technology_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [name for (name,) in con.execute(sql_text("inputs", "onet_technology_names")).fetchall()]


def write_taxonomy(taxonomy: Taxonomy, out_dir: Path) -> dict[str, str]:
    out_dir.mkdir(parents=True, exist_ok=True)
    skills, aliases = out_dir / "skills.parquet", out_dir / "aliases.parquet"
    taxonomy.frame().write_parquet(skills)
    taxonomy.alias_frame().write_parquet(aliases)
    return {"skills": str(skills), "aliases": str(aliases)}


def write_document_skills(con: duckdb.DuckDBPyConnection, out_dir: Path, batch_size: int) -> int:
    """Extract skills of every resume and posting, ``batch_size`` documents at a time, into Parquet parts."""
    rows = con.execute(sql_text("inputs", "skill_aliases")).fetchall()
    aliases = {alias: skill_id for alias, skill_id, _, _ in rows}
    extractor = Extractor.from_aliases(
        aliases,
        [alias for alias, _, ambiguous, _ in rows if ambiguous],
        [alias for alias, _, _, in_prose in rows if not in_prose],
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.parquet"):
        old.unlink()
    total = 0
    part = 0
    for doc_type, query in (("resume", "resume_skill_sources"), ("posting", "posting_skill_sources")):
        reader = con.execute(sql_text("inputs", query)).to_arrow_reader(batch_size)
        for record_batch in reader:
            batch = pl.from_arrow(record_batch)
            assert isinstance(batch, pl.DataFrame)
            found = document_skills(batch, doc_type, extractor, aliases)
            found.write_parquet(out_dir / f"part-{part:05d}.parquet")
            part += 1
            total += found.height
    # an empty part keeps the glob and the columns valid when there are no documents at all
    pl.DataFrame(schema=PART_SCHEMA).write_parquet(out_dir / "empty.parquet")
    return total
