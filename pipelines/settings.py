"""Where things are: every path resolved against the project root or an environment variable."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = PROJECT_ROOT / "sql"

DEFAULT_RAW_DIR = "data/raw"
DEFAULT_WAREHOUSE = "data/warehouse/labourlens.duckdb"
DEFAULT_BATCH_SIZE = 10_000
# Skill extraction builds its Aho-Corasick automaton (~0.2 s for 30k phrases) once per batch, so it
# reads larger batches than ingestion (~1 GB peak at 50k documents of ~2 KB); its memory still follows
# the batch, not the corpus.
DEFAULT_SKILL_BATCH_SIZE = 50_000
# DuckDB spills to disk past this, so set work over a large corpus stays within it.
DEFAULT_DUCKDB_MEMORY = "1GB"
DEFAULT_MIN_DOCS = 30
DEFAULT_MIN_SALARY_N = 10
DEFAULT_OEWS_INDUSTRY_LEVEL = 2
DEFAULT_RELATED_K = 5


def resolve(path: str | os.PathLike[str]) -> Path:
    """Absolute paths stay; relative ones are taken from the project root, never the cwd."""
    candidate = Path(path).expanduser()
    return candidate if candidate.is_absolute() else (PROJECT_ROOT / candidate).resolve()


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse: Path
    batch_size: int = DEFAULT_BATCH_SIZE
    skill_batch_size: int = DEFAULT_SKILL_BATCH_SIZE
    duckdb_memory: str = DEFAULT_DUCKDB_MEMORY
    min_docs: int = DEFAULT_MIN_DOCS
    min_salary_n: int = DEFAULT_MIN_SALARY_N
    oews_industry_level: int = DEFAULT_OEWS_INDUSTRY_LEVEL
    related_k: int = DEFAULT_RELATED_K

    @property
    def work_dir(self) -> Path:
        """Parquet intermediates of ingestion, beside the warehouse file and named after it."""
        return self.warehouse.parent / f"{self.warehouse.stem}_work"

    @property
    def reports_dir(self) -> Path:
        return self.warehouse.parent / "reports"

    @property
    def pages_dir(self) -> Path:
        """The static occupation pages."""
        return self.reports_dir / "occupations"


def load_settings(
    raw_dir: str | os.PathLike[str] | None = None, warehouse: str | os.PathLike[str] | None = None
) -> Settings:
    """Explicit arguments first, then ``LABOURLENS_RAW_DIR`` / ``LABOURLENS_WAREHOUSE``, then defaults."""
    return Settings(
        raw_dir=resolve(raw_dir or os.environ.get("LABOURLENS_RAW_DIR") or DEFAULT_RAW_DIR),
        warehouse=resolve(warehouse or os.environ.get("LABOURLENS_WAREHOUSE") or DEFAULT_WAREHOUSE),
        batch_size=int(os.environ.get("LABOURLENS_BATCH_SIZE") or DEFAULT_BATCH_SIZE),
        skill_batch_size=int(os.environ.get("LABOURLENS_SKILL_BATCH_SIZE") or DEFAULT_SKILL_BATCH_SIZE),
        duckdb_memory=os.environ.get("LABOURLENS_DUCKDB_MEMORY") or DEFAULT_DUCKDB_MEMORY,
        min_docs=int(os.environ.get("LABOURLENS_MIN_DOCS") or DEFAULT_MIN_DOCS),
        min_salary_n=int(os.environ.get("LABOURLENS_MIN_SALARY_N") or DEFAULT_MIN_SALARY_N),
        oews_industry_level=int(
            os.environ.get("LABOURLENS_OEWS_INDUSTRY_LEVEL") or DEFAULT_OEWS_INDUSTRY_LEVEL
        ),
        related_k=int(os.environ.get("LABOURLENS_RELATED_K") or DEFAULT_RELATED_K),
    )
