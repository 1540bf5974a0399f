"""The one resource: where the raw files, the work files and the warehouse are."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb

from pipelines.lib.warehouse import connect
from pipelines.settings import Settings, load_settings

# Every setting but the two paths travels between Settings and the resource under the same name.
TUNING = [f.name for f in fields(Settings) if f.name not in ("raw_dir", "warehouse")]


class Warehouse(dg.ConfigurableResource):
    """Paths of one build. Defaults come from ``LABOURLENS_RAW_DIR`` / ``LABOURLENS_WAREHOUSE``."""

    raw_dir: str
    warehouse: str
    batch_size: int
    skill_batch_size: int = 25_000
    duckdb_memory: str = "1GB"
    min_docs: int = 30
    min_salary_n: int = 10
    oews_industry_level: int = 2
    related_k: int = 5

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
