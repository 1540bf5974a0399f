from pathlib import Path

import pytest

from pipelines.settings import PROJECT_ROOT, load_settings


def test_defaults_are_relative_to_the_project_root_not_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("LABOURLENS_RAW_DIR", raising=False)
    monkeypatch.delenv("LABOURLENS_WAREHOUSE", raising=False)
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings.raw_dir == PROJECT_ROOT / "data" / "raw"
    assert settings.warehouse == PROJECT_ROOT / "data" / "warehouse" / "labourlens.duckdb"
    assert settings.work_dir == PROJECT_ROOT / "data" / "warehouse" / "labourlens_work"


def test_environment_variables_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LABOURLENS_RAW_DIR", str(tmp_path / "raw"))
    monkeypatch.setenv("LABOURLENS_WAREHOUSE", "elsewhere/w.duckdb")
    monkeypatch.setenv("LABOURLENS_BATCH_SIZE", "123")
    settings = load_settings()
    assert settings.raw_dir == tmp_path / "raw"
    assert settings.warehouse == PROJECT_ROOT / "elsewhere" / "w.duckdb"
    assert settings.batch_size == 123
