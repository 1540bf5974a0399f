from pathlib import Path

import pytest

from pipelines import PROJECT_ROOT
from pipelines.settings import SettingsError, load_settings


def test_defaults_are_relative_to_the_project_root_not_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("LABOURLENS_RAW_DIR", raising=False)
    monkeypatch.delenv("LABOURLENS_WAREHOUSE", raising=False)
    monkeypatch.chdir(tmp_path)
    layout = load_settings().layout
    assert layout.raw_dir == PROJECT_ROOT / "data" / "raw"
    assert layout.warehouse == PROJECT_ROOT / "data" / "warehouse" / "labourlens.duckdb"
    # a build writes only beside the warehouse, under names derived from it
    assert layout.build_file == PROJECT_ROOT / "data" / "warehouse" / "labourlens.build" / "labourlens.duckdb"
    assert layout.work_dir == layout.build_dir / "work" and layout.temp_dir == layout.build_dir / "tmp"
    assert layout.lock_file == PROJECT_ROOT / "data" / "warehouse" / "labourlens.lock"
    assert layout.dagster_home == PROJECT_ROOT / "data" / "warehouse" / "labourlens.dagster"


def test_environment_variables_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LABOURLENS_RAW_DIR", str(tmp_path / "raw"))
    monkeypatch.setenv("LABOURLENS_WAREHOUSE", "elsewhere/w.duckdb")
    monkeypatch.setenv("LABOURLENS_BATCH_SIZE", "123")
    settings = load_settings()
    assert settings.layout.raw_dir == tmp_path / "raw"
    assert settings.layout.warehouse == PROJECT_ROOT / "elsewhere" / "w.duckdb"
    assert settings.batch_size == 123


def test_every_threshold_reaches_the_assets_through_the_resource(monkeypatch: pytest.MonkeyPatch):
    from pipelines.warehouse.resource import Warehouse

    for name, value in (
        ("LABOURLENS_MIN_DOCS", "7"),
        ("LABOURLENS_MIN_SALARY_N", "3"),
        ("LABOURLENS_OEWS_INDUSTRY_LEVEL", "4"),
        ("LABOURLENS_RELATED_K", "2"),
        ("LABOURLENS_DUCKDB_MEMORY", "512MB"),
        ("LABOURLENS_SKILL_BATCH_SIZE", "999"),
    ):
        monkeypatch.setenv(name, value)
    settings = Warehouse.from_settings().settings
    assert (settings.min_docs, settings.min_salary_n, settings.oews_industry_level, settings.related_k) == (
        7,
        3,
        4,
        2,
    )
    assert settings.duckdb_memory == "512MB" and settings.skill_batch_size == 999
    assert settings.layout.pages_dir == settings.layout.warehouse.parent / "reports" / "occupations"


def test_the_resource_holds_the_one_settings_object():
    from pipelines.settings import Settings
    from pipelines.warehouse.resource import Warehouse

    assert set(Warehouse.model_fields) == {"settings"}
    assert Warehouse.model_fields["settings"].annotation is Settings


def test_a_malformed_number_in_the_environment_names_its_variable(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LABOURLENS_MIN_DOCS", "thirty")
    with pytest.raises(ValueError, match="LABOURLENS_MIN_DOCS must be a whole number"):
        load_settings()
    monkeypatch.setenv("LABOURLENS_MIN_DOCS", "30")
    monkeypatch.setenv("LABOURLENS_OEWS_MAX_PRSE", "thirty")
    with pytest.raises(ValueError, match="LABOURLENS_OEWS_MAX_PRSE must be a number"):
        load_settings()
    monkeypatch.setenv("LABOURLENS_OEWS_MAX_PRSE", "12.5")
    assert load_settings().oews_max_prse == 12.5


def test_input_limits_and_link_roots_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("LABOURLENS_MAX_RECORD_BYTES", "5000")
    monkeypatch.setenv("LABOURLENS_MAX_FILE_BYTES", "90000")
    monkeypatch.setenv("LABOURLENS_LINK_ROOTS", f"{tmp_path / 'a'}:{tmp_path / 'b'}")
    settings = load_settings()
    assert (settings.max_record_bytes, settings.max_file_bytes) == (5000, 90000)
    assert settings.layout.link_roots == (tmp_path / "a", tmp_path / "b")


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("LABOURLENS_BATCH_SIZE", "0", "LABOURLENS_BATCH_SIZE input should be greater than 0, got 0"),
        ("LABOURLENS_BATCH_SIZE", "-5", "LABOURLENS_BATCH_SIZE input should be greater than 0, got -5"),
        ("LABOURLENS_MIN_DOCS", "-1", "LABOURLENS_MIN_DOCS input should be greater than or equal to 1"),
        (
            "LABOURLENS_OEWS_INDUSTRY_LEVEL",
            "9",
            "LABOURLENS_OEWS_INDUSTRY_LEVEL input should be less than or",
        ),
        ("LABOURLENS_WORKERS", "-2", "LABOURLENS_WORKERS input should be greater than or equal to 0"),
    ],
)
def test_a_setting_out_of_range_is_refused_naming_its_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
):
    """A batch size of 0 stopped ingestion with a ZeroDivisionError; -5 was taken silently."""
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert str(raised.value).startswith(message)
