"""Rebuilds reuse what did not change (raw files by shard, codings and skills by document, whole tables
from the published warehouse) and give the same tables as a build from nothing."""

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.definitions import build_definitions
from pipelines.sample.generate import generate
from pipelines.settings import Settings
from pipelines.warehouse import assets
from pipelines.warehouse.contracts import contracts
from pipelines.warehouse.resource import Warehouse


def _every_table() -> list[str]:
    """Every table a build computes (log tables hold each build's own history)."""
    return sorted(name for name, spec in contracts().items() if not spec.log)


def _build(warehouse: Warehouse) -> dict[str, dict]:
    result = build_definitions(warehouse).resolve_job_def("refresh_warehouse").execute_in_process()
    assert result.success
    return {
        m.asset_key.to_user_string(): {k: v.value for k, v in m.metadata.items()}
        for m in (e.materialization for e in result.get_asset_materialization_events())
        if isinstance(m, dg.AssetMaterialization)
    }


def _tables(warehouse: Warehouse) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(warehouse.layout.warehouse), read_only=True)
    try:
        return {t: con.execute(f"select * from {t} order by all").fetchall() for t in _every_table()}
    finally:
        con.close()


def _like(sample: Warehouse, raw: Path, warehouse: Path) -> Warehouse:
    settings = sample.settings.model_dump()
    return Warehouse(settings=Settings(**{**settings, "raw_dir": str(raw), "warehouse": str(warehouse)}))


def _copied(facts: dict[str, dict]) -> set[str]:
    return {asset for asset, meta in facts.items() if meta.get("copied_from_published")}


def test_a_rebuild_computes_only_what_is_new_and_equals_a_build_from_nothing(
    tmp_path: Path, sample_build, monkeypatch: pytest.MonkeyPatch
):
    sample, _ = sample_build
    raw = tmp_path / "raw"
    shutil.copytree(sample.layout.raw_dir, raw)
    extra = tmp_path / "extra"
    generate(extra, resumes=4, postings=3, seed=5, with_defects=False, reference=False)
    shutil.copy(extra / "postings" / "job_postings.jsonl", raw / "postings" / "added.jsonl")
    shutil.copy(extra / "resumes" / "json_resumes.jsonl", raw / "resumes" / "added.jsonl")
    # the sample's published warehouse and kept work, as a rebuild with one new file of each finds them
    rebuilt = _like(sample, raw, tmp_path / "rebuilt" / "w.duckdb")
    shutil.copytree(sample.layout.cache_dir, rebuilt.layout.cache_dir)
    shutil.copy(sample.layout.warehouse, rebuilt.layout.warehouse)
    facts = _build(rebuilt)

    coded = facts["staging/title_occupations"]
    skilled = facts["staging/document_skills"]
    # only the new files' documents: one resume, one posting
    assert coded["documents_computed"] == 2 and coded["documents_reused"] > 450
    assert skilled["documents_computed"] <= 2 and skilled["documents_reused"] > 400
    # the methods count every coding, the reused ones too
    assert sum(coded["by_method"].values()) == coded["documents_computed"] + coded["documents_reused"]
    # tables that do not read the documents are copied from the published warehouse, the others computed
    copied = _copied(facts)
    assert {"staging/onet_occupations", "staging/skills", "staging/skill_aliases"} <= copied
    assert not copied & {"staging/resumes", "staging/document_skills", "marts/occupations"}
    # the new documents' skills and codings were added to the published tables, not every row rewritten
    assert skilled["updated_in_place"] and coded["updated_in_place"]

    fresh = _like(sample, raw, tmp_path / "fresh" / "w.duckdb")
    fresh_facts = _build(fresh)
    coded_fresh = fresh_facts["staging/title_occupations"]
    assert coded_fresh["documents_reused"] == 0 and coded_fresh["by_method"] == coded["by_method"]
    assert not _copied(fresh_facts)
    expected = _tables(fresh)
    assert _tables(rebuilt) == expected

    # nothing changed: every table is the published one, and every check repeats its outcome
    loaded: list[str] = []
    load = assets.load_step
    monkeypatch.setattr(assets, "load_step", lambda ref: loaded.append(ref) or load(ref))
    again = _build(rebuilt)
    assert _copied(again) == {"/".join(t.split(".")) for t in _every_table()}
    assert _tables(rebuilt) == expected
    # only the steps whose work files other tables read ran (the reference sources): the coder's and
    # the extractor's modules were not even imported
    assert loaded and not [ref for ref in loaded if ref.startswith(("pipelines.titles", "pipelines.skills"))]
    con = duckdb.connect(str(rebuilt.layout.warehouse), read_only=True)
    try:
        undocumented = con.execute(
            "select schema_name || '.' || table_name || '.' || column_name from duckdb_columns()"
            " where schema_name in ('staging', 'marts', 'quarantine', 'audit')"
            " and (comment is null or comment = '')"
        ).fetchall()
        assert not undocumented  # a kept table has its comments
        outcomes = con.execute(
            "select passed, observed from audit.check_results where run_id = ("
            " select run_id from audit.builds order by started_at desc limit 1)"
        ).fetchall()
    finally:
        con.close()
    repeated = [o for p, o in outcomes if p and "table unchanged since build" in o]
    assert len(repeated) > 60 and all(p for p, _ in outcomes)
