import os
from pathlib import Path

import dagster as dg
import pytest

from pipelines import PROJECT_ROOT
from pipelines.definitions import build_definitions
from pipelines.sample.generate import generate
from pipelines.settings import Settings
from pipelines.warehouse.resource import Warehouse

SHARED_DATA = Path(os.environ.get("LABOURLENS_SHARED_DATA", PROJECT_ROOT.parent / "shared" / "data"))


@pytest.fixture(autouse=True)
def _isolated_dagster_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.getbasetemp() / "dagster_home"
    home.mkdir(exist_ok=True)
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    monkeypatch.setenv("DAGSTER_HOME", str(home))


@pytest.fixture
def warehouse_for(tmp_path: Path):
    def make(raw_dir: Path, name: str = "wh") -> Warehouse:
        return Warehouse(
            settings=Settings(
                raw_dir=str(raw_dir), warehouse=str(tmp_path / name / "labourlens.duckdb"), batch_size=50
            )
        )

    return make


requires_shared = pytest.mark.skipif(
    not (SHARED_DATA / "onet" / "Occupation Data.txt").exists(),
    reason=f"real data not found at {SHARED_DATA}",
)


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Warehouse, dg.ExecuteInProcessResult]:
    """The whole pipeline once over a small generated sample, shared by the end-to-end tests."""
    raw = tmp_path_factory.mktemp("raw")
    generate(raw, resumes=300, postings=200)
    # ~12 resumes and ~8 postings per occupation: thresholds low enough for some pages and some gaps
    warehouse = Warehouse(
        settings=Settings(
            raw_dir=str(raw),
            warehouse=str(tmp_path_factory.mktemp("wh") / "w.duckdb"),
            batch_size=40,
            min_docs=10,
            min_salary_n=3,
        )
    )
    job = build_definitions(warehouse).resolve_job_def("refresh_warehouse")
    return warehouse, job.execute_in_process(raise_on_error=False)
