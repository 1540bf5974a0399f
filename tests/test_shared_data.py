"""The real public data in ../shared/data: every file loads and the counts reconcile."""

from pathlib import Path

import duckdb
import pytest

from pipelines.definitions import build_definitions
from pipelines.resources import Warehouse
from tests.conftest import SHARED_DATA, requires_shared

pytestmark = [requires_shared, pytest.mark.shared]


@pytest.fixture(scope="module")
def shared_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("shared") / "shared.duckdb"
    warehouse = Warehouse(raw_dir=str(SHARED_DATA), warehouse=str(path), batch_size=20_000)
    result = (
        build_definitions(warehouse)
        .resolve_job_def("refresh_warehouse")
        .execute_in_process(raise_on_error=False)
    )
    assert result.success
    assert all(e.passed for e in result.get_asset_check_evaluations())
    return path


def _one(path: Path, sql: str):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()[0]
    finally:
        con.close()


def test_reference_counts(shared_warehouse: Path):
    assert _one(shared_warehouse, "select count(*) from staging.onet_occupations") == (1016,)
    assert _one(shared_warehouse, "select count(*) from staging.onet_alternate_titles") == (56560,)
    assert _one(shared_warehouse, "select count(*) from staging.oews_wages") == (134477,)
    assert _one(shared_warehouse, "select count(*) from staging.onet_technology_skills") == (32627,)


def test_documents_load_and_reconcile(shared_warehouse: Path):
    read, dups = _one(
        shared_warehouse,
        "select records_read, duplicates from audit.file_reconciliation where source_file = 'resumes/UpdatedResumeDataSet.csv'",
    )
    assert read == 962 and dups >= 795
    assert _one(
        shared_warehouse,
        "select records_read, accepted from audit.file_reconciliation where source_file = 'resumes/resume_data_structured_sample.csv'",
    ) == (97, 97)
    assert _one(
        shared_warehouse, "select records_read from audit.file_reconciliation where source = 'postings'"
    ) == (956,)
    assert _one(shared_warehouse, "select count(*) from audit.file_reconciliation where not reconciles") == (
        0,
    )
    assert _one(
        shared_warehouse, "select count(*) from staging.resumes where text like '%Ã¯%' or text like '%â€%'"
    ) == (0,)
