"""End to end on files shaped like real-world downloads and exports (all written by the tests): the
official OEWS workbooks beside the flattened file, and the build's checks, duplicates and
reconciliation over them."""

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import build_definitions
from pipelines.sample.generate import generate
from pipelines.settings import Settings
from pipelines.warehouse.resource import Warehouse
from tests.reference.oews_workbooks import national_rows, natsector_rows, write_workbook


def _query(warehouse: Warehouse, sql: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse.layout.warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def real_layouts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Warehouse, dg.ExecuteInProcessResult]:
    raw = tmp_path_factory.mktemp("raw")
    generate(raw, resumes=120, postings=120, with_defects=False)
    # The sample's flattened file has no year in its name; official workbooks of 2022 sit beside it.
    write_workbook(raw / "oews" / "natsector_M2022_dl.xlsx", natsector_rows())
    write_workbook(raw / "oews" / "national_M2022_dl.xlsx", national_rows())
    warehouse = Warehouse(
        settings=Settings(
            raw_dir=str(raw), warehouse=str(tmp_path_factory.mktemp("wh") / "w.duckdb"), batch_size=50
        )
    )
    result = (
        build_definitions(warehouse)
        .resolve_job_def("refresh_warehouse")
        .execute_in_process(raise_on_error=False)
    )
    return warehouse, result


def test_the_build_passes_every_check(real_layouts):
    _, result = real_layouts
    assert result.success
    failed = [e.check_name for e in result.get_asset_check_evaluations() if not e.passed]
    assert failed == []


def test_official_workbooks_are_used_and_their_twins_and_older_releases_listed(real_layouts):
    warehouse, _ = real_layouts
    # the dated 2022 workbooks are newer than the undated sample file at levels 0 and 2
    assert _query(
        warehouse,
        "select industry_level, list(distinct source_file order by source_file) from staging.oews_wages group by all order by 1",
    ) == [(0, ["oews/national_M2022_dl.xlsx"]), (2, ["oews/natsector_M2022_dl.xlsx"])]
    assert _query(
        warehouse,
        "select occupation_group, is_aggregate from staging.oews_wages"
        " where soc_code = '13-1020' and naics_code = '52'",
    ) == [("detailed", False)]
    reasons = _query(
        warehouse,
        "select source_file, reason, count(*) from audit.duplicate_records where source = 'oews_wages'"
        " group by all order by all",
    )
    assert (
        "oews/national_M2022_dl.xlsx",
        "the same estimate published as broad and as detailed occupation",
        1,
    ) in reasons
    assert (
        "oews/natsector_M2022_dl.xlsx",
        "the same estimate published as broad and as detailed occupation",
        3,
    ) in reasons
    assert any(
        f.startswith("oews/oews_sample") and r.startswith("superseded by the 2022 release")
        for f, r, _ in reasons
    )
    assert _query(
        warehouse,
        "select count(*) from audit.file_reconciliation where source = 'oews_wages' and not reconciles",
    ) == [(0,)]


def test_the_top_paying_industry_is_an_industry(real_layouts):
    warehouse, _ = real_layouts
    rows = _query(
        warehouse,
        "select t.industry_code, w.industry_kind from marts.top_paying_industry as t"
        " join staging.oews_wages as w on w.naics_code = t.industry_code and w.soc_code = left(t.occupation_code, 7)"
        " where t.source = 'oews'",
    )
    assert rows and {kind for _, kind in rows} == {"industry"}
    # Manufacturing, written 31 in the workbook, is the sector postings map to
    assert _query(
        warehouse,
        "select distinct industry_code from marts.salary_by_industry where industry = 'Manufacturing'",
    ) == [("31-33",)]
