"""End to end: generated raw files -> materialised assets -> warehouse tables, checks and audit."""

import datetime as dt
import gzip
import json
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import build_definitions
from pipelines.sample.generate import generate
from pipelines.warehouse import contracts as warehouse_lib
from pipelines.warehouse.resource import Warehouse


def _run(warehouse: Warehouse) -> dg.ExecuteInProcessResult:
    job = build_definitions(warehouse).resolve_job_def("refresh_warehouse")
    return job.execute_in_process(raise_on_error=False)


def _plant(monkeypatch: pytest.MonkeyPatch, defects: dict[tuple[str, str], str]) -> None:
    """Wrap the SQL of the named tables: each template gets the table's own select as ``{sql}``."""
    original = warehouse_lib.sql_text

    def with_defects(schema: str, table: str, *args) -> str:
        sql = original(schema, table, *args)
        template = defects.get((schema, table))
        return template.format(sql=sql) if template else sql

    monkeypatch.setattr(warehouse_lib, "sql_text", with_defects)


def _planted_build(
    tmp_path: Path,
    warehouse_for,
    monkeypatch: pytest.MonkeyPatch,
    defects: dict[tuple[str, str], str],
    resumes: int,
    postings: int,
) -> tuple[Warehouse, dg.ExecuteInProcessResult]:
    """A build of a generated sample with ``defects`` planted in the SQL of the named tables."""
    raw = tmp_path / "raw"
    generate(raw, resumes=resumes, postings=postings, with_defects=False)
    _plant(monkeypatch, defects)
    warehouse = warehouse_for(raw)
    return warehouse, _run(warehouse)


def _materialized(result: dg.ExecuteInProcessResult) -> set[str]:
    return {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}


def _query(warehouse: Warehouse, sql: str, database: Path | None = None) -> list[tuple]:
    """Rows from the published warehouse (or from ``database``, e.g. a build that was not published)."""
    con = duckdb.connect(str(database or warehouse.layout.warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_sample_builds_and_every_check_passes(sample_build):
    warehouse, result = sample_build
    assert result.success
    evaluations = result.get_asset_check_evaluations()
    declared = build_definitions(warehouse).resolve_asset_graph().asset_check_keys
    assert len(evaluations) == len(declared)
    assert all(e.passed for e in evaluations)
    tables = {f"{s}.{t}" for s, t in _query(warehouse, "select schema_name, table_name from duckdb_tables()")}
    assert {
        "staging.resumes",
        "staging.postings",
        "staging.oews_wages",
        "staging.onet_occupations",
        "quarantine.rejected_records",
        "quarantine.rejected_files",
        "audit.file_reconciliation",
        "audit.duplicate_records",
    } <= tables


def test_every_table_materialisation_shows_rows_columns_code_and_lineage(sample_build):
    # what the Dagster UI shows on a table asset: its row count, its documented columns, links to its
    # SQL and contract, and the upstream columns of a column where the SQL says so
    warehouse, result = sample_build
    events = {e.asset_key.to_user_string(): e for e in result.get_asset_materialization_events()}
    tables = {c.name: c for c in warehouse_lib.contracts().values() if not c.log}
    for name, contract in tables.items():
        metadata = events[name.replace(".", "/")].materialization.metadata
        assert metadata["dagster/row_count"].value == _query(warehouse, f"select count(*) from {name}")[0][0]
        columns = metadata["dagster/column_schema"].value.columns
        assert sorted(c.name for c in columns) == sorted(contract.columns)
        assert all(c.description == contract.columns[c.name] for c in columns)
    spec = build_definitions(warehouse).resolve_asset_graph().get(dg.AssetKey(["marts", "occupations"]))
    references = spec.metadata["dagster/code_references"].code_references
    assert [Path(r.file_path).name for r in references] == ["occupations.sql", "occupations.toml"]
    assert all(Path(r.file_path).is_file() for r in references)
    lineage = events["staging/occupation_documents"].materialization.metadata["dagster/column_lineage"].value
    assert lineage.deps_by_column["doc_id"]


def test_sample_counts_reconcile_and_planted_records_are_quarantined(sample_build):
    warehouse, _ = sample_build
    assert _query(warehouse, "select count(*) from audit.file_reconciliation where not reconciles") == [(0,)]
    read, accepted, duplicates, rejected = _query(
        warehouse,
        "select sum(records_read), sum(accepted), sum(duplicates), sum(rejected) from audit.file_reconciliation",
    )[0]
    assert read == accepted + duplicates + rejected
    reasons = _query(
        warehouse,
        "select source, source_file, record_position, reason from quarantine.rejected_records order by all",
    )
    assert [(r[0], r[1]) for r in reasons] == [
        ("postings", "postings/job_board_export.csv"),
        ("postings", "postings/job_postings.jsonl"),
        ("resumes", "resumes/json_resumes.jsonl"),
        ("resumes", "resumes/resume_texts.csv"),
    ]
    assert "missing required field: title" in reasons[0][3]
    assert "title must be text" in reasons[1][3]
    assert "malformed JSON" in reasons[2][3]
    assert reasons[3][3] == "empty text"
    # the planted work history that is not a list costs the resume its work history, not the resume
    (work,) = _query(
        warehouse,
        "select source_file, document_id, reason from quarantine.rejected_values where field = 'work'",
    )
    assert work[0] == "resumes/json_resumes.jsonl" and "work must be a list" in work[2]
    assert _query(warehouse, f"select count(*) from staging.resumes where resume_id = '{work[1]}'") == [(1,)]
    # every exact duplicate of the free-text file is accounted for, none is in staging twice
    assert _query(warehouse, "select count(*) - count(distinct text_hash) from staging.resumes") == [(0,)]
    assert _query(warehouse, "select count(*) from audit.duplicate_records")[0][0] > 0


def test_sample_titles_map_to_the_generating_occupation(sample_build):
    """The generator knows each document's occupation: the category column of the free-text file."""
    warehouse, _ = sample_build
    rows = _query(
        warehouse,
        "select r.category, r.title, r.occupation_code, o.title from staging.resumes r"
        " left join staging.onet_occupations o using (occupation_code)"
        " where r.source_format = 'free_text' and r.category is not null",
    )
    mapped = [r for r in rows if r[2] is not None]
    assert len(mapped) / len(rows) > 0.85
    alternates = dict(
        _query(warehouse, "select alternate_title, occupation_code from staging.onet_alternate_titles")
    )
    wrong = [r for r in mapped if alternates[r[0]] != r[2]]
    assert wrong == []
    methods = dict(_query(warehouse, "select method, count(*) from staging.title_occupations group by 1"))
    assert methods["known_title"] > methods.get("below_threshold", 0)


def test_sample_postings_have_industry_salary_and_skills(sample_build):
    warehouse, _ = sample_build
    missing_industry = _query(
        warehouse,
        "select count(*) from staging.postings where industry_raw is not null and industry_code is null",
    )
    assert missing_industry == [(0,)]
    salaries = _query(
        warehouse,
        "select count(salary_annual), count(*) filter (where salary_raw is not null and salary_raw <> '-1'),"
        " min(salary_annual), max(salary_annual) from staging.postings",
    )[0]
    assert salaries[0] == salaries[1] and salaries[2] >= 10_000 and salaries[3] <= 2_000_000
    per_doc = _query(
        warehouse,
        "select doc_type, count(distinct doc_id) from staging.document_skills group by 1 order by 1",
    )
    n_resumes, n_postings = _query(
        warehouse, "select (select count(*) from staging.resumes), (select count(*) from staging.postings)"
    )[0]
    # every document but the planted resume whose work history is unreadable (its text: "Nurse")
    assert per_doc == [("posting", n_postings), ("resume", n_resumes - 1)]
    evidence = _query(
        warehouse,
        "select count(*) from staging.document_skills where evidence is not null and doc_type = 'resume'",
    )
    assert evidence[0][0] > 0
    levels = dict(_query(warehouse, "select education_level, count(*) from staging.resumes group by 1"))
    assert {"bachelor", "master", "doctoral"} <= set(levels)


def test_every_table_and_column_is_documented(sample_build):
    warehouse, _ = sample_build
    undocumented = _query(
        warehouse,
        "select schema_name || '.' || table_name || '.' || column_name from duckdb_columns()"
        " where schema_name in ('staging', 'quarantine', 'audit') and (comment is null or comment = '')",
    )
    assert undocumented == []
    tables = _query(warehouse, "select count(*) from duckdb_tables() where comment is null or comment = ''")
    assert tables == [(0,)]


def test_staging_rows_carry_repaired_text_and_bullets(sample_build):
    warehouse, _ = sample_build
    mojibake = _query(warehouse, "select count(*) from staging.resumes where text like '%â€¢%'")
    assert mojibake == [(0,)]
    formats = dict(_query(warehouse, "select source_format, count(*) from staging.resumes group by 1"))
    assert set(formats) == {"free_text", "structured", "json_resume"}
    empty_bullets = _query(warehouse, "select text from staging.resumes where len(bullets) = 0")
    assert empty_bullets == [("Nurse",)]  # the planted resume whose work history is unreadable


def _write_broken_files(raw: Path) -> None:
    (raw / "resumes" / "garbage.csv").write_bytes(bytes(range(256)) * 20)
    data = gzip.compress(
        b"".join(json.dumps({"basics": {"label": f"Nurse {i}"}}).encode() + b"\n" for i in range(3000))
    )
    (raw / "resumes" / "truncated.jsonl.gz").write_bytes(data[: len(data) // 2])
    (raw / "postings" / "notes.docx").write_bytes(b"PK\x03\x04 not a posting")
    (raw / "postings" / "broken.json").write_text('{"@type": "JobPosting", "title": "x", ')
    conflicting = [
        {"basics": {"label": "Nurse", "summary": "ICU nurse for 5 years"}, "meta": {"id": "dup-1"}},
        {"basics": {"label": "Nurse", "summary": "A different text entirely"}, "meta": {"id": "dup-1"}},
    ]
    (raw / "resumes" / "conflict.jsonl").write_text("\n".join(json.dumps(c) for c in conflicting) + "\n")
    # a skill list that is an object of lists is read; one that holds no list is a rejected file
    (raw / "skills").mkdir()
    (raw / "skills" / "team.json").write_text(json.dumps({"skills": ["Kubernetes Operators", 5], "v": 2}))
    (raw / "skills" / "meta.json").write_text(json.dumps({"version": 2, "owner": "hr"}))


def test_broken_files_do_not_stop_the_build(tmp_path: Path, warehouse_for):
    raw = tmp_path / "raw"
    generate(raw, resumes=60, postings=40, with_defects=False)
    _write_broken_files(raw)
    warehouse = warehouse_for(raw)
    result = _run(warehouse)
    assert result.success
    files = _query(warehouse, "select source_file, reason from quarantine.rejected_files order by 1")
    assert [f for f, _ in files] == [
        "postings/broken.json",
        "postings/notes.docx",
        "resumes/garbage.csv",
        "resumes/truncated.jsonl.gz",
        "skills/meta.json",
    ]
    assert "malformed JSON" in files[0][1]
    assert "unsupported file type" in files[1][1]
    assert "binary content" in files[2][1]
    assert "truncated" in files[3][1]
    assert (
        files[4][1] == "no list of skills in it: a JSON object with no array in it (keys: 'version', 'owner')"
    )
    rejected = _query(
        warehouse, "select source_file, record_position, reason from quarantine.rejected_records order by 1"
    )
    assert rejected == [
        (
            "resumes/conflict.jsonl",
            2,
            "conflicting identifier: resume_id dup-1 already used by a different text",
        ),
        ("skills/team.json", 2, "not a skill name: a number"),
    ]
    assert _query(warehouse, "select origins from staging.skills where skill = 'Kubernetes Operators'") == [
        (["list:team.json"],)
    ]
    assert _query(warehouse, "select count(*) from audit.file_reconciliation where not reconciles") == [(0,)]
    skills = (
        "select records_read, accepted, rejected from audit.file_reconciliation where source = 'skill_lists'"
    )
    assert _query(warehouse, skills + " order by source_file") == [(0, 0, 0), (2, 1, 1)]
    unreadable = _query(
        warehouse, "select count(*) from audit.file_reconciliation where status = 'unreadable'"
    )
    assert unreadable == [(5,)]


def test_text_resumes_and_semicolon_exports_load(tmp_path: Path, warehouse_for):
    raw = tmp_path / "raw"
    (raw / "resumes").mkdir(parents=True)
    (raw / "postings").mkdir()
    (raw / "resumes" / "jane_doe.txt").write_text("Jane Doe\nSenior Accountant\nAudits under GAAP\n")
    (raw / "postings" / "export.csv").write_text(
        "Job Title;Job Description;Salary Estimate;Date Posted\n"
        'Accountant;"Close the books; audits";"$60,000 - $70,000 a year";03/15/2026\n'
    )
    warehouse = warehouse_for(raw)
    assert _run(warehouse).success
    assert _query(warehouse, "select source_file, record_position, text from staging.resumes") == [
        ("resumes/jane_doe.txt", 1, "Jane Doe\nSenior Accountant\nAudits under GAAP")
    ]
    postings = _query(
        warehouse, "select title, description, salary_annual, date_posted from staging.postings"
    )
    assert postings == [("Accountant", "Close the books; audits", 65000.0, dt.date(2026, 3, 15))]


def test_industry_names_the_crosswalk_lacks_go_by_their_longest_keyword(tmp_path: Path, warehouse_for):
    raw = tmp_path / "raw"
    (raw / "postings").mkdir(parents=True)
    rows = [
        ("Hospitals and Health Care", ""),
        ("Health Insurance", ""),
        ("Software Development", "Information Technology"),
        ("Remediation Services", ""),
        ("5415", ""),
        ("", "Finance"),
    ]
    lines = ["Job Title,Job Description,Industry,Sector"]
    lines += [f"Analyst {i},Posting {i},{industry},{sector}" for i, (industry, sector) in enumerate(rows)]
    (raw / "postings" / "export.csv").write_text("\n".join(lines) + "\n")
    warehouse = warehouse_for(raw)
    assert _run(warehouse).success
    codes = _query(warehouse, "select industry_code from staging.postings order by record_position")
    # the industry name before the sector; "media" begins no word of "Remediation"
    assert [c for (c,) in codes] == ["62", "52", "51", None, "54", "52"]


def test_declared_column_mapping_file(tmp_path: Path, warehouse_for):
    raw = tmp_path / "raw"
    (raw / "resumes").mkdir(parents=True)
    (raw / "resumes" / "acme.csv").write_text("cv_body,current_role\nICU nurse for five years,RN\n")
    # JSON Lines records leave out the keys they do not hold: the first one has no role
    (raw / "resumes" / "acme.jsonl").write_text(
        '{"cv_body": "Welder, TIG and MIG"}\n{"cv_body": "Pipe welder", "current_role": "Welder"}\n'
    )
    (raw / "column_mappings.toml").write_text(
        '[[mapping]]\nfiles = "resumes/acme*"\n[mapping.columns]\ntext = "cv_body"\ntitle = "current_role"\n'
    )
    warehouse = warehouse_for(raw)
    assert _run(warehouse).success
    assert _query(warehouse, "select title, text from staging.resumes order by text") == [
        ("RN", "ICU nurse for five years"),
        ("Welder", "Pipe welder"),
        (None, "Welder, TIG and MIG"),
    ]


def test_failing_blocking_check_stops_downstream(
    tmp_path: Path, warehouse_for, monkeypatch: pytest.MonkeyPatch
):
    _, result = _planted_build(
        tmp_path,
        warehouse_for,
        monkeypatch,
        {("staging", "resumes"): "select * from ({sql}) union all (select * from ({sql}) limit 1)"},
        resumes=30,
        postings=20,
    )
    assert not result.success
    failed = {e.check_name: e for e in result.get_asset_check_evaluations() if not e.passed}
    assert set(failed) == {"unique__resume_id"}
    assert failed["unique__resume_id"].metadata["failing_rows"].value == 1
    materialized = _materialized(result)
    assert "staging/resumes" in materialized
    assert (
        not {"audit/duplicate_records", "quarantine/rejected_records", "audit/file_reconciliation"}
        & materialized
    )


def test_planted_mart_defects_are_caught_block_downstream_and_are_logged(
    tmp_path: Path, warehouse_for, monkeypatch: pytest.MonkeyPatch
):
    warehouse, result = _planted_build(
        tmp_path,
        warehouse_for,
        monkeypatch,
        {
            # a share above 1
            (
                "marts",
                "skill_prevalence",
            ): "select * replace (case when rank = 1 then 1.5 else share end as share) from ({sql})",
            # a duplicate key
            ("marts", "occupation_titles"): "select * from ({sql}) union all (select * from ({sql}) limit 1)",
            # an occupation missing from marts.occupations
            (
                "marts",
                "salary_by_industry",
            ): "select * replace (occupation_code || 'X' as occupation_code) from ({sql})",
        },
        resumes=300,
        postings=200,
    )
    assert not result.success
    failed = sorted(
        f"{e.asset_key.to_user_string()}:{e.check_name}"
        for e in result.get_asset_check_evaluations()
        if not e.passed
    )
    assert failed == [
        "marts/occupation_titles:unique__occupation_code__title",
        "marts/salary_by_industry:fk__occupations",
        "marts/skill_prevalence:gx_suite",
    ]
    materialized = _materialized(result)
    assert "marts/skill_prevalence" in materialized and "marts/salary_by_industry" in materialized
    assert (
        not {"marts/skill_examples", "marts/top_paying_industry", "reports/occupation_pages"} & materialized
    )
    # nothing is published; the failed build stays beside it with its log and its report
    assert not warehouse.layout.warehouse.exists()
    logged = _query(
        warehouse,
        'select asset, "check", failing_rows > 0 from audit.check_results where not passed order by 1',
        warehouse.layout.build_file,
    )
    assert logged == [
        ("marts/occupation_titles", "unique__occupation_code__title", True),
        ("marts/salary_by_industry", "fk__occupations", True),
        ("marts/skill_prevalence", "gx_suite", True),
    ]
    page = (warehouse.layout.failed_report_dir / "index.html").read_text(encoding="utf-8")
    assert "Not published: 3 of " in page and page.count('<span class="fail">FAIL</span>') == 3
    assert "expect_column_values_to_be_between(share)" in page


def test_a_malformed_title_correction_fails_its_check_and_stops_title_matching(
    tmp_path: Path, warehouse_for, monkeypatch: pytest.MonkeyPatch
):
    _, result = _planted_build(
        tmp_path,
        warehouse_for,
        monkeypatch,
        {("staging", "title_corrections"): "select * replace ('29-2011' as occupation_code) from ({sql})"},
        resumes=10,
        postings=10,
    )
    failed = [e.check_name for e in result.get_asset_check_evaluations() if not e.passed]
    assert failed == ["codes_are_onet_soc"]
    materialized = _materialized(result)
    assert "staging/title_corrections" in materialized
    assert "staging/title_occupations" not in materialized
