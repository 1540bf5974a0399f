"""Rebuilds reuse what did not change (raw files by shard, codings and skills by document) and give the
same tables as a build from nothing."""

import shutil
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.definitions import build_definitions
from pipelines.sample.generate import generate
from pipelines.settings import Settings
from pipelines.warehouse.resource import Warehouse

# Tables computed from the documents: the ones a reused shard or memo could get wrong.
TABLES = (
    "staging.resumes",
    "staging.postings",
    "staging.title_occupations",
    "staging.document_skills",
    "marts.skill_prevalence",
    "marts.occupations",
    "audit.file_reconciliation",
)


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
        return {t: con.execute(f"select * from {t} order by all").fetchall() for t in TABLES}
    finally:
        con.close()


def _like(sample: Warehouse, raw: Path, warehouse: Path) -> Warehouse:
    settings = sample.settings.model_dump()
    return Warehouse(settings=Settings(**{**settings, "raw_dir": str(raw), "warehouse": str(warehouse)}))


def test_a_rebuild_computes_only_new_documents_and_equals_a_build_from_nothing(tmp_path: Path, sample_build):
    sample, _ = sample_build
    raw = tmp_path / "raw"
    shutil.copytree(sample.layout.raw_dir, raw)
    extra = tmp_path / "extra"
    generate(extra, resumes=4, postings=3, seed=5, with_defects=False, reference=False)
    shutil.copy(extra / "postings" / "job_postings.jsonl", raw / "postings" / "added.jsonl")
    shutil.copy(extra / "resumes" / "json_resumes.jsonl", raw / "resumes" / "added.jsonl")
    # the sample's kept work, as a rebuild of the sample's warehouse with one new file of each would find it
    rebuilt = _like(sample, raw, tmp_path / "rebuilt" / "w.duckdb")
    shutil.copytree(sample.layout.cache_dir, rebuilt.layout.cache_dir)
    facts = _build(rebuilt)

    coded = facts["staging/title_occupations"]
    skilled = facts["staging/document_skills"]
    # only the new files' documents: one resume, one posting
    assert coded["documents_computed"] == 2 and coded["documents_reused"] > 450
    assert skilled["documents_computed"] <= 2 and skilled["documents_reused"] > 400

    # the methods count every coding, the reused ones too
    assert sum(coded["by_method"].values()) == coded["documents_computed"] + coded["documents_reused"]

    fresh = _like(sample, raw, tmp_path / "fresh" / "w.duckdb")
    coded_fresh = _build(fresh)["staging/title_occupations"]
    assert coded_fresh["documents_reused"] == 0 and coded_fresh["by_method"] == coded["by_method"]
    assert _tables(rebuilt) == _tables(fresh)
