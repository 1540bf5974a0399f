"""The one resource: where the raw files, the work files and the warehouse are."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb

from pipelines.settings import (
    DEFAULT_DUCKDB_MEMORY,
    DEFAULT_MIN_DOCS,
    DEFAULT_MIN_SALARY_N,
    DEFAULT_OEWS_INDUSTRY_LEVEL,
    DEFAULT_RELATED_K,
    DEFAULT_SKILL_BATCH_SIZE,
    Settings,
    load_settings,
)
from pipelines.warehouse.database import connect

# Every setting but the two paths travels between Settings and the resource under the same name.
TUNING = [f.name for f in fields(Settings) if f.name not in ("raw_dir", "warehouse")]


class Warehouse(dg.ConfigurableResource):
    """Paths of one build. Defaults come from ``LABOURLENS_RAW_DIR`` / ``LABOURLENS_WAREHOUSE``."""

    raw_dir: str
    warehouse: str
    batch_size: int
    skill_batch_size: int = DEFAULT_SKILL_BATCH_SIZE
    duckdb_memory: str = DEFAULT_DUCKDB_MEMORY
    min_docs: int = DEFAULT_MIN_DOCS
    min_salary_n: int = DEFAULT_MIN_SALARY_N
    oews_industry_level: int = DEFAULT_OEWS_INDUSTRY_LEVEL
    related_k: int = DEFAULT_RELATED_K

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> "Warehouse":
        settings = settings or load_settings()
        tuning: dict[str, Any] = {name: getattr(settings, name) for name in TUNING}
        return cls(raw_dir=str(settings.raw_dir), warehouse=str(settings.warehouse), **tuning)

    @property
    def settings(self) -> Settings:
        tuning: dict[str, Any] = {name: getattr(self, name) for name in TUNING}
        return Settings(raw_dir=Path(self.raw_dir), warehouse=Path(self.warehouse), **tuning)

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        con = connect(Path(self.warehouse), self.duckdb_memory, read_only=read_only)
        try:
            yield con
        finally:
            con.close()
