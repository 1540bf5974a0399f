"""Where things are and how a build is tuned: one `Settings` object, and the `Layout` of every path
derived from it. Relative paths are resolved against the project root, never the cwd."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dagster as dg
from pydantic import Field, ValidationError

from pipelines import PROJECT_ROOT

__all__ = ["Layout", "Settings", "SettingsError", "load_settings", "resolve"]


def resolve(path: str | os.PathLike[str]) -> Path:
    """Absolute paths stay; relative ones are taken from the project root, never the cwd."""
    candidate = Path(path).expanduser()
    return candidate if candidate.is_absolute() else (PROJECT_ROOT / candidate).resolve()


class SettingsError(ValueError):
    """A setting from the environment that cannot be used; the message names its variable."""


class Settings(dg.Config):
    """Every setting of a build. The Warehouse resource holds one; `load_settings` reads the environment.
    Each field's environment variable is ``LABOURLENS_`` plus its upper-cased name."""

    raw_dir: str = Field(default="data/raw", description="The raw directory (layout in the README).")
    warehouse: str = Field(
        default="data/warehouse/labourlens.duckdb",
        description="The published DuckDB file; a build writes <name>.build/ beside it and swaps in when it passes.",
    )
    batch_size: int = Field(default=10_000, gt=0, description="Records per ingestion batch (bounds memory).")
    # The automaton is built once per batch (~0.2 s for 30k phrases), so skill batches are larger than
    # ingestion batches (~1 GB peak at 50k documents of ~2 KB); memory still follows the batch.
    skill_batch_size: int = Field(
        default=50_000, gt=0, description="Documents per skill-extraction batch (bounds memory)."
    )
    duckdb_memory: str = Field(
        default="1GB", description="DuckDB memory limit; set work beyond it spills to <name>.build/tmp/."
    )
    min_docs: int = Field(
        default=30, ge=1, description="Documents an occupation needs before its shares are shown."
    )
    min_salary_n: int = Field(
        default=10, ge=1, description="Postings with a salary an occupation-industry cell needs."
    )
    oews_industry_level: int = Field(
        default=2, ge=2, le=5, description="OEWS industry level of the salary tables (2 = NAICS sectors)."
    )
    oews_min_employment: int = Field(
        default=50,
        ge=0,
        description="OEWS employment an occupation-industry cell needs before its wages are shown.",
    )
    oews_max_prse: float = Field(
        default=30.0,
        gt=0,
        description="Largest OEWS relative standard error of a mean wage (percent) that is shown.",
    )
    related_k: int = Field(default=5, ge=1, description="Related occupations per occupation.")
    max_record_bytes: int = Field(
        default=2_000_000,
        gt=0,
        description="Largest record read (a resume, a posting, a table row); a larger one is quarantined.",
    )
    max_file_bytes: int = Field(
        default=4_000_000_000,
        gt=0,
        description="Largest file read, counted once decompressed (a gzip bomb stops here); a larger one "
        "is listed in quarantine.rejected_files.",
    )
    workers: int = Field(
        default=0,
        ge=0,
        description="Processes that read raw files, code occupations and extract skills in parallel "
        "(each coding process holds its own copy of the coder's model, ~0.6 GB); 0 = one per CPU core.",
    )
    dask_scheduler: str = Field(
        default="",
        description="Address of a dask.distributed scheduler (tcp://host:8786) whose workers run the "
        "build's steps (README \"When one machine is not enough\"); empty = every step in the build's "
        "own process.",
    )
    link_roots: str = Field(
        default="",
        description="Folders outside the raw directory its symbolic links may lead into, separated by "
        "':' (for a raw directory assembled from links); any other link out of it is refused.",
    )

    @property
    def layout(self) -> Layout:
        return Layout(self)

    @property
    def processes(self) -> int:
        """``workers``, 0 read as the CPU cores this process may run on."""
        return self.workers or len(os.sched_getaffinity(0)) or 1


class Layout:
    """Every path of one build, derived from its settings in one place.

    A build never writes the published files: it builds into ``build_dir`` (a DuckDB file, its work
    files, its spill folder and its report folder) and is swapped in whole once every blocking check
    passed (pipelines/warehouse/publication.py). Work that later builds reuse is kept in ``cache_dir``
    beside it, each part under its own fingerprint."""

    def __init__(self, settings: Settings) -> None:
        self.raw_dir = resolve(settings.raw_dir)
        self.warehouse = resolve(settings.warehouse)
        self.link_roots = tuple(resolve(p) for p in settings.link_roots.split(os.pathsep) if p.strip())

    def _beside(self, suffix: str) -> Path:
        return self.warehouse.parent / f"{self.warehouse.stem}{suffix}"

    @property
    def build_dir(self) -> Path:
        """The build under way (or the last one that failed), beside the warehouse and named after it."""
        return self._beside(".build")

    @property
    def build_file(self) -> Path:
        """The DuckDB file every asset and check of a run reads and writes."""
        return self.build_dir / self.warehouse.name

    @property
    def work_dir(self) -> Path:
        """Parquet intermediates of the Python steps, removed when the run ends."""
        return self.build_dir / "work"

    @property
    def cache_dir(self) -> Path:
        """Work kept from build to build beside the warehouse, each part checked by its own
        fingerprint before it is reused: each raw file's ingested parts keyed by its content
        (pipelines/ingest/loop.py ``Shards``), the per-document memo of the coder and skill extraction
        (pipelines/shards/memo.py) and the trained coder model."""
        return self._beside(".cache")

    @property
    def temp_dir(self) -> Path:
        """Where DuckDB spills set work beyond its memory limit, removed when the run ends."""
        return self.build_dir / "tmp"

    @property
    def lock_file(self) -> Path:
        """Held (flock) by the one build of this warehouse that may run; names it for the others."""
        return self._beside(".lock")

    @property
    def dagster_home(self) -> Path:
        """This warehouse's own Dagster instance: runs and materialisations of other warehouses stay out."""
        return self._beside(".dagster")

    @property
    def reports_dir(self) -> Path:
        return self.warehouse.parent / "reports"

    @property
    def releases_dir(self) -> Path:
        """One folder of pages and report per published build; ``reports/current`` points at one."""
        return self.reports_dir / ".releases"

    @property
    def current_release(self) -> Path:
        """The symbolic link that is swapped to publish the pages and the report together."""
        return self.reports_dir / "current"

    @property
    def pages_dir(self) -> Path:
        """The published occupation pages (``current/occupations``)."""
        return self.reports_dir / "occupations"

    @property
    def validation_dir(self) -> Path:
        """The published build's validation report (``current/validation``)."""
        return self.reports_dir / "validation"

    @property
    def failed_report_dir(self) -> Path:
        """The report of the latest build when it was not published, beside the published one."""
        return self.reports_dir / "failed_build"

    @property
    def build_reports_dir(self) -> Path:
        return self.build_dir / "reports"

    @property
    def build_pages_dir(self) -> Path:
        """Where the build under way writes its pages."""
        return self.build_reports_dir / "occupations"

    @property
    def build_validation_dir(self) -> Path:
        return self.build_reports_dir / "validation"


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
        if field.annotation in (int, float):
            kind = field.annotation
            try:
                values[name] = kind(env)
            except ValueError:
                what = "a whole number" if kind is int else "a number"
                raise SettingsError(f"{variable} must be {what}, got {env!r}") from None
        else:
            values[name] = env
    if raw_dir:
        values["raw_dir"] = str(raw_dir)
    if warehouse:
        values["warehouse"] = str(warehouse)
    try:
        return Settings(**values)
    except ValidationError as exc:
        # one line naming the variable: a setting out of range must stop a build before its first step
        # (a batch size of 0 divided by zero in ingestion; -5 was taken silently)
        problems = [
            f"LABOURLENS_{str(error['loc'][0]).upper()} {error['msg'].lower()}, got {error['input']!r}"
            for error in exc.errors()
        ]
        raise SettingsError("; ".join(problems)) from None
