"""The Dagster surface: asset keys, checks, schedule and sensor (renames here are contract changes)."""

import time
from pathlib import Path

import dagster as dg
import pytest

from pipelines.automation import raw_files_sensor, weekly_refresh
from pipelines.definitions import ASSETS, CHECKS, build_definitions, defs, with_owners
from pipelines.settings import Settings
from pipelines.warehouse.resource import Warehouse


def test_asset_keys_checks_and_automation_snapshot():
    graph = defs.resolve_asset_graph()
    assert sorted(k.to_user_string() for k in graph.get_all_asset_keys()) == [
        "audit/duplicate_records",
        "audit/file_reconciliation",
        "ingest/postings",
        "ingest/resumes",
        "marts/education_rates",
        "marts/occupation_comparisons",
        "marts/occupation_salaries",
        "marts/occupation_titles",
        "marts/occupations",
        "marts/responsibility_examples",
        "marts/salary_by_industry",
        "marts/skill_examples",
        "marts/skill_prevalence",
        "marts/soft_skills",
        "marts/top_paying_industry",
        "publish/warehouse",
        "quarantine/rejected_files",
        "quarantine/rejected_records",
        "quarantine/rejected_values",
        "reports/occupation_pages",
        "staging/document_skills",
        "staging/industry_crosswalk",
        "staging/industry_keywords",
        "staging/occupation_documents",
        "staging/oews_wages",
        "staging/onet_alternate_titles",
        "staging/onet_education",
        "staging/onet_education_categories",
        "staging/onet_emerging_tasks",
        "staging/onet_job_zones",
        "staging/onet_occupations",
        "staging/onet_related_occupations",
        "staging/onet_release",
        "staging/onet_reported_titles",
        "staging/onet_task_statements",
        "staging/onet_technology_skills",
        "staging/onet_tools",
        "staging/onet_work_styles",
        "staging/pay_cells",
        "staging/places",
        "staging/postings",
        "staging/resumes",
        "staging/skill_aliases",
        "staging/skill_lists",
        "staging/skill_precision",
        "staging/skills",
        "staging/soc_direct_match_titles",
        "staging/soc_major_groups",
        "staging/title_corrections",
        "staging/title_occupations",
    ]
    checks = sorted(f"{k.asset_key.to_user_string()}:{k.name}" for k in graph.asset_check_keys)
    mart_checks = [c for c in checks if c.startswith("marts/")]
    assert len(mart_checks) == 35
    assert all(
        f"marts/{t}:gx_suite" in mart_checks for t in ("occupations", "skill_prevalence", "education_rates")
    )
    assert [c for c in checks if not c.startswith("marts/")] == [
        "audit/file_reconciliation:read_equals_accepted_duplicates_rejected",
        "reports/occupation_pages:site_complete",
        "staging/document_skills:fk__skill_id__skills",
        "staging/document_skills:not_null__doc_type__doc_id__skill_id",
        "staging/document_skills:unique__doc_type__doc_id__skill_id",
        "staging/industry_crosswalk:not_null__industry_key",
        "staging/industry_crosswalk:unique__industry_key",
        "staging/industry_keywords:not_null__keyword",
        "staging/industry_keywords:unique__keyword",
        "staging/occupation_documents:not_null__doc_type__doc_id",
        "staging/occupation_documents:unique__doc_type__doc_id",
        "staging/oews_wages:not_null__soc_code__industry_code",
        "staging/oews_wages:unique__soc_code__industry_code",
        "staging/onet_alternate_titles:not_null__occupation_code__alternate_title",
        "staging/onet_education:not_null__occupation_code__element_id__scale_id__category",
        "staging/onet_education:unique__occupation_code__element_id__scale_id__category",
        "staging/onet_education_categories:not_null__element_id__scale_id__category",
        "staging/onet_education_categories:unique__element_id__scale_id__category",
        "staging/onet_job_zones:not_null__occupation_code",
        "staging/onet_job_zones:unique__occupation_code",
        "staging/onet_occupations:not_null__occupation_code",
        "staging/onet_occupations:unique__occupation_code",
        "staging/onet_related_occupations:not_null__occupation_code__related_code",
        "staging/onet_related_occupations:unique__occupation_code__related_code",
        "staging/onet_release:gx_suite",
        "staging/onet_reported_titles:not_null__occupation_code__reported_title",
        "staging/onet_reported_titles:unique__occupation_code__reported_title",
        "staging/onet_task_statements:not_null__occupation_code__task_id",
        "staging/onet_task_statements:unique__occupation_code__task_id",
        "staging/onet_technology_skills:not_null__occupation_code__example",
        "staging/onet_technology_skills:unique__occupation_code__example",
        "staging/onet_tools:not_null__occupation_code__example",
        "staging/onet_tools:unique__occupation_code__example",
        "staging/onet_work_styles:not_null__occupation_code__element_id__scale_id",
        "staging/onet_work_styles:unique__occupation_code__element_id__scale_id",
        "staging/pay_cells:not_null__grain__occupation_code__source__industry_code",
        "staging/pay_cells:unique__grain__occupation_code__source__industry_code",
        "staging/places:gx_suite",
        "staging/places:not_null__name__kind",
        "staging/places:unique__name__kind",
        "staging/postings:fk__occupation_code__onet_occupations",
        "staging/postings:not_null__posting_id",
        "staging/postings:unique__posting_id",
        "staging/resumes:fk__occupation_code__onet_occupations",
        "staging/resumes:not_null__resume_id",
        "staging/resumes:unique__resume_id",
        "staging/skill_aliases:not_null__alias",
        "staging/skill_aliases:unique__alias",
        "staging/skill_lists:not_null__source_file__record_position",
        "staging/skill_lists:unique__source_file__record_position",
        "staging/skill_precision:gx_suite",
        "staging/skill_precision:not_null__skill_id",
        "staging/skill_precision:unique__skill_id",
        "staging/skills:gx_suite",
        "staging/skills:not_null__skill_id",
        "staging/skills:unique__skill_id",
        "staging/soc_direct_match_titles:not_null__soc_code__direct_match_title",
        "staging/soc_direct_match_titles:unique__soc_code__direct_match_title",
        "staging/soc_major_groups:not_null__major_group",
        "staging/soc_major_groups:unique__major_group",
        "staging/title_corrections:codes_are_onet_soc",
        "staging/title_corrections:not_null__title",
        "staging/title_corrections:unique__title",
        "staging/title_occupations:fk__occupation_code__onet_occupations",
        "staging/title_occupations:not_null__source_file__record_position",
        "staging/title_occupations:unique__source_file__record_position",
    ]
    assert [s.name for s in defs.schedules] == ["weekly_refresh"]
    assert [s.name for s in defs.sensors] == ["raw_files_sensor"]
    # on as soon as the daemon runs (make dev)
    assert weekly_refresh.default_status == dg.DefaultScheduleStatus.RUNNING
    assert raw_files_sensor.default_status == dg.DefaultSensorStatus.RUNNING


def test_publishing_is_the_last_step_of_every_asset():
    graph = defs.resolve_asset_graph()
    publish = dg.AssetKey(["publish", "warehouse"])
    others = set(graph.get_all_asset_keys()) - {publish}
    assert graph.get(publish).parent_keys == others
    assert graph.get(publish).child_keys == set()


def test_weekly_schedule_tick_requests_a_full_refresh():
    context = dg.build_schedule_context(scheduled_execution_time=None)
    result = weekly_refresh.evaluate_tick(context)
    assert len(result.run_requests) == 1
    assert weekly_refresh.cron_schedule == "0 3 * * 1"
    assert weekly_refresh.job_name == "refresh_warehouse"


def test_sensor_fires_when_files_land_and_not_otherwise(tmp_path: Path):
    raw = tmp_path / "raw"
    (raw / "postings").mkdir(parents=True)
    (raw / "postings" / "a.csv").write_text("title,description\nx,y\n")
    warehouse = Warehouse(
        settings=Settings(raw_dir=str(raw), warehouse=str(tmp_path / "w.duckdb"), batch_size=10)
    )
    build_definitions(warehouse)  # the sensor is valid within the project's definitions

    def tick(cursor: str | None) -> dg.SensorResult:
        with dg.build_sensor_context(cursor=cursor, resources={"warehouse": warehouse}) as context:
            return raw_files_sensor(context)

    first = tick(None)
    assert len(first.run_requests) == 1
    cursor = first.cursor

    unchanged = tick(cursor)
    assert unchanged.run_requests == [] and unchanged.skip_reason is not None

    time.sleep(0.01)
    (raw / "postings" / "b.jsonl").write_text('{"title": "x", "description": "y"}\n')
    landed = tick(cursor)
    assert len(landed.run_requests) == 1
    assert landed.cursor != cursor


def test_sensor_sees_a_same_size_rewrite_whose_modification_time_was_restored(tmp_path: Path):
    import os

    raw = tmp_path / "raw"
    (raw / "postings").mkdir(parents=True)
    data = raw / "postings" / "a.csv"
    data.write_text("title,description\nx,y\n")
    warehouse = Warehouse(settings=Settings(raw_dir=str(raw), warehouse=str(tmp_path / "w.duckdb")))

    def tick(cursor: str | None) -> dg.SensorResult:
        with dg.build_sensor_context(cursor=cursor, resources={"warehouse": warehouse}) as context:
            return raw_files_sensor(context)

    cursor = tick(None).cursor
    before = data.stat()
    data.write_text("title,description\nq,y\n")  # same size, as `cp -p` or `rsync -t` leave it
    os.utime(data, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert data.stat().st_size == before.st_size and data.stat().st_mtime_ns == before.st_mtime_ns
    changed = tick(cursor)
    assert len(changed.run_requests) == 1 and changed.cursor != cursor


def test_on_first_start_the_sensor_leaves_a_current_warehouse_alone(tmp_path: Path):
    from pipelines.warehouse.publication import publish, start_build

    raw = tmp_path / "raw"
    (raw / "postings").mkdir(parents=True)
    (raw / "postings" / "a.csv").write_text("title,description\nx,y\n")
    warehouse = Warehouse(settings=Settings(raw_dir=str(raw), warehouse=str(tmp_path / "w.duckdb")))
    start_build(warehouse.layout, "run-1", None, "256MB")
    publish(warehouse.layout, "run-1", "256MB")

    def first_tick() -> dg.SensorResult:
        with dg.build_sensor_context(cursor=None, resources={"warehouse": warehouse}) as context:
            return raw_files_sensor(context)

    current = first_tick()
    assert current.run_requests == [] and "already built from these raw files" in str(current.skip_reason)
    (raw / "postings" / "b.csv").write_text("title,description\nz,w\n")
    assert len(first_tick().run_requests) == 1


def test_the_sensor_marks_failed_a_run_whose_build_died(tmp_path: Path):
    import json

    raw = tmp_path / "raw"
    raw.mkdir()
    warehouse = Warehouse(settings=Settings(raw_dir=str(raw), warehouse=str(tmp_path / "w.duckdb")))
    instance = dg.DagsterInstance.ephemeral()
    run = instance.add_run(dg.DagsterRun(job_name="refresh_warehouse", status=dg.DagsterRunStatus.STARTED))
    # what a build killed while holding the lock leaves: its run, not released
    warehouse.layout.lock_file.write_text(json.dumps({"pid": 1, "run_id": run.run_id, "released": False}))
    with dg.build_sensor_context(
        cursor=None, instance=instance, resources={"warehouse": warehouse}
    ) as context:
        raw_files_sensor(context)
    assert instance.get_run_by_id(run.run_id).status == dg.DagsterRunStatus.FAILURE


def test_dg_launch_run_the_readme_s_way_writes_nothing_to_home_and_no_telemetry(tmp_path: Path):
    """The README's `dg launch` line, on one small asset: the warehouse's own instance, telemetry off."""
    import os
    import re
    import subprocess

    from pipelines import PROJECT_ROOT
    from pipelines.sample.generate import generate

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    line = next(m for m in re.findall(r"^(.*dg launch --assets.*)$", readme, re.M) if "DAGSTER_HOME" in m)
    command = line.split("#")[0].split("--assets")[0] + "--assets key:staging/soc_major_groups"
    generate(tmp_path / "raw", resumes=5, postings=5)
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"},
        "HOME": str(home),
        "LABOURLENS_RAW_DIR": str(tmp_path / "raw"),
        "LABOURLENS_WAREHOUSE": str(tmp_path / "w.duckdb"),
    }
    run = subprocess.run(["bash", "-c", command], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    assert list(home.iterdir()) == []  # no ~/.dagster, no telemetry id
    instance_dir = tmp_path / "w.dagster"
    assert not (instance_dir / "logs").exists() and not (instance_dir / ".telemetry").exists()
    with dg.DagsterInstance.from_config(str(instance_dir)) as instance:
        assert [r.status for r in instance.get_runs()] == [dg.DagsterRunStatus.SUCCESS]


def test_every_asset_has_its_groups_owners_and_every_check_a_description():
    graph = defs.resolve_asset_graph()
    owners = {graph.get(k).group_name: tuple(graph.get(k).owners) for k in graph.get_all_asset_keys()}
    assert owners == {
        "ingest": ("team:data-engineering",),
        "staging": ("team:data-engineering",),
        "quarantine": ("team:data-engineering",),
        "audit": ("team:data-quality",),
        "marts": ("team:research",),
        "reports": ("team:research",),
        "publish": ("team:data-engineering",),
    }
    assert all(graph.get(k).description for k in graph.get_all_asset_keys())
    # the tables' checks are specs of the assets that build them; the pages' check has its own step
    specs = [spec for definition in [*CHECKS, *ASSETS] for spec in definition.check_specs]
    assert len(specs) == len(graph.asset_check_keys)
    assert all(spec.description for spec in specs)


def test_an_asset_group_without_owners_is_an_error():
    orphan = dg.multi_asset(name="orphan", specs=[dg.AssetSpec("x", group_name="nowhere")])(lambda: None)
    with pytest.raises(ValueError, match="no owners for asset group nowhere"):
        with_owners([orphan])


def test_a_tables_checks_run_in_the_step_that_builds_it_after_the_tables_they_read():
    job = defs.resolve_implicit_global_asset_job_def()
    # one step per asset and one for the pages' check: no step per table check
    assert len(job.graph.nodes) == len(ASSETS) + len(CHECKS)
    upstream = job.graph.dependency_structure.input_to_upstream_outputs_for_node("marts__skill_prevalence")
    # its fk__occupations check reads marts.occupations, which its SQL does not
    assert "marts__occupations" in {o.node_name for outputs in upstream.values() for o in outputs}


def test_loading_the_definitions_leaves_the_slow_libraries_for_the_steps_that_need_them():
    """Every build and rebuild loads the definitions; the name models of the personal-data scrubber and
    Great Expectations (seconds each) load only when a table calling them is computed."""
    import subprocess
    import sys

    slow = ("pipelines.documents.personal", "wordfreq", "great_expectations")
    code = f"import sys, pipelines.definitions; print([m for m in {slow!r} if m in sys.modules])"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    assert out.stdout.strip() == "[]"


def test_the_readme_table_list_names_every_check_of_each_table():
    import re
    from collections import defaultdict

    from pipelines import PROJECT_ROOT

    checks: dict[str, set[str]] = defaultdict(set)
    for key in defs.resolve_asset_graph().asset_check_keys:
        checks[".".join(key.asset_key.path)].add(key.name)
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = readme.index("| table | one row per | asset checks (all blocking) |")
    listed: dict[str, set[str]] = {}
    for line in readme[start + 2 :]:
        if not line.startswith("| `"):
            break
        table = line.split("`")[1]
        listed[table] = set(re.findall(r"`([^`]+)`", line.rsplit(" | ", 1)[1]))
    assert listed == {table: checks.get(table, set()) for table in listed}
    assert {t for t in checks if not t.startswith("reports.")} <= set(listed)
