"""The one resource: where the raw files, the work files and the warehouse are."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.lib.warehouse import connect
from pipelines.settings import Settings, load_settings


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
        return cls(
            raw_dir=str(settings.raw_dir),
            warehouse=str(settings.warehouse),
            batch_size=settings.batch_size,
            skill_batch_size=settings.skill_batch_size,
            duckdb_memory=settings.duckdb_memory,
            min_docs=settings.min_docs,
            min_salary_n=settings.min_salary_n,
            oews_industry_level=settings.oews_industry_level,
            related_k=settings.related_k,
        )

    @property
    def settings(self) -> Settings:
        return Settings(
            raw_dir=Path(self.raw_dir),
            warehouse=Path(self.warehouse),
            batch_size=self.batch_size,
            skill_batch_size=self.skill_batch_size,
            duckdb_memory=self.duckdb_memory,
            min_docs=self.min_docs,
            min_salary_n=self.min_salary_n,
            oews_industry_level=self.oews_industry_level,
            related_k=self.related_k,
        )

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        con = connect(Path(self.warehouse), self.duckdb_memory, read_only=read_only)
        try:
            yield con
        finally:
            con.close()
