import os
from pathlib import Path

import pytest

from pipelines.resources import Warehouse
from pipelines.settings import PROJECT_ROOT

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
            raw_dir=str(raw_dir), warehouse=str(tmp_path / name / "labourlens.duckdb"), batch_size=50
        )

    return make


requires_shared = pytest.mark.skipif(
    not (SHARED_DATA / "onet" / "Occupation Data.txt").exists(),
    reason=f"real data not found at {SHARED_DATA}",
)
