"""The one resource: a build's settings, and DuckDB connections to its warehouse."""

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import duckdb

from pipelines.settings import Layout, Settings, load_settings
from pipelines.warehouse.build import connect


class Warehouse(dg.ConfigurableResource):
    """Holds the build's `Settings` (defaults from the ``LABOURLENS_*`` environment variables)."""

    settings: Settings

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> "Warehouse":
        return cls(settings=settings or load_settings())

    @property
    def layout(self) -> Layout:
        return self.settings.layout

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        con = connect(self.layout, self.settings.duckdb_memory, read_only=read_only)
        try:
            yield con
        finally:
            con.close()
