"""Where things are and how a build is tuned: one `Settings` object, and the `Layout` of every path
derived from it. Relative paths are resolved against the project root, never the cwd."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dagster as dg
from pydantic import Field

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = PROJECT_ROOT / "sql"
REFERENCE_DIR = PROJECT_ROOT / "reference"


def resolve(path: str | os.PathLike[str]) -> Path:
    """Absolute paths stay; relative ones are taken from the project root, never the cwd."""
    candidate = Path(path).expanduser()
    return candidate if candidate.is_absolute() else (PROJECT_ROOT / candidate).resolve()


class Settings(dg.Config):
    """Every setting of a build. The Warehouse resource holds one; `load_settings` reads the environment.
    Each field's environment variable is ``LABOURLENS_`` plus its upper-cased name."""

    raw_dir: str = Field(default="data/raw", description="The raw directory (layout in the README).")
    warehouse: str = Field(
        default="data/warehouse/labourlens.duckdb",
        description="The DuckDB file; work files go to <name>_work/ beside it.",
    )
    batch_size: int = Field(default=10_000, description="Records per ingestion batch (bounds memory).")
    # The automaton is built once per batch (~0.2 s for 30k phrases), so skill batches are larger than
    # ingestion batches (~1 GB peak at 50k documents of ~2 KB); memory still follows the batch.
    skill_batch_size: int = Field(
        default=50_000, description="Documents per skill-extraction batch (bounds memory)."
    )
    duckdb_memory: str = Field(
        default="1GB", description="DuckDB memory limit; set work beyond it spills to <warehouse>.tmp/."
    )
    min_docs: int = Field(
        default=30, description="Documents an occupation needs before its shares are shown."
    )
    min_salary_n: int = Field(
        default=10, description="Postings with a salary an occupation-industry cell needs."
    )
    oews_industry_level: int = Field(
        default=2, description="OEWS industry level of the salary tables (2 = NAICS sectors)."
    )
    related_k: int = Field(default=5, description="Related occupations per occupation.")
    max_record_bytes: int = Field(
        default=2_000_000,
        description="Largest record read (a resume, a posting, a table row); a larger one is quarantined.",
    )
    max_file_bytes: int = Field(
        default=4_000_000_000,
        description="Largest file read, counted once decompressed (a gzip bomb stops here); a larger one "
        "is listed in quarantine.rejected_files.",
    )
    link_roots: str = Field(
        default="",
        description="Folders outside the raw directory its symbolic links may lead into, separated by "
        "':' (for a raw directory assembled from links); any other link out of it is refused.",
    )

    @property
    def layout(self) -> Layout:
        return Layout(self)


class Layout:
    """Every path of one build, derived from its settings in one place."""

    def __init__(self, settings: Settings) -> None:
        self.raw_dir = resolve(settings.raw_dir)
        self.warehouse = resolve(settings.warehouse)
        self.link_roots = tuple(resolve(p) for p in settings.link_roots.split(os.pathsep) if p.strip())

    @property
    def work_dir(self) -> Path:
        """Parquet intermediates of the Python steps, beside the warehouse file and named after it."""
        return self.warehouse.parent / f"{self.warehouse.stem}_work"

    @property
    def temp_dir(self) -> Path:
        """Where DuckDB spills set work beyond its memory limit."""
        return self.warehouse.with_suffix(".tmp")

    @property
    def reports_dir(self) -> Path:
        return self.warehouse.parent / "reports"

    @property
    def pages_dir(self) -> Path:
        """The static occupation pages."""
        return self.reports_dir / "occupations"

    @property
    def validation_dir(self) -> Path:
        return self.reports_dir / "validation"


def load_settings(
    raw_dir: str | os.PathLike[str] | None = None, warehouse: str | os.PathLike[str] | None = None
) -> Settings:
    """Explicit arguments first, then ``LABOURLENS_<FIELD>`` environment variables, then defaults."""
    values: dict[str, Any] = {}
    for name, field in Settings.model_fields.items():
        variable = f"LABOURLENS_{name.upper()}"
        env = os.environ.get(variable)
        if not env:
            continue
        if field.annotation is int:
            try:
                values[name] = int(env)
            except ValueError:
                raise ValueError(f"{variable} must be a whole number, got {env!r}") from None
        else:
            values[name] = env
    if raw_dir:
        values["raw_dir"] = str(raw_dir)
    if warehouse:
        values["warehouse"] = str(warehouse)
    return Settings(**values)
