"""Whole-step reuse: an asset's fingerprint follows its inputs (the fingerprints recorded for what it
reads, the raw files it reads, the shard keys of work files), is absent when one input has none, and a
table of the same fingerprint is copied from the published warehouse."""

import os
import time
from pathlib import Path

import duckdb

from pipelines.settings import Settings
from pipelines.shards import reuse
from pipelines.shards.files import WORK_FINGERPRINT
from pipelines.warehouse.assets import raw_files
from pipelines.warehouse.contracts import contract

RUN = "run-2"


def _settings(tmp_path: Path, **values) -> Settings:
    return Settings(raw_dir=str(tmp_path / "raw"), warehouse=str(tmp_path / "wh" / "w.duckdb"), **values)


def _old(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    then = time.time() - 60
    os.utime(path, (then, then))


def test_the_fingerprint_follows_what_the_asset_reads(tmp_path: Path):
    settings = _settings(tmp_path)
    con = duckdb.connect()
    reuse.record(con, "run-1", "staging/onet_occupations", "aaa", False)

    def value(**changes) -> str | None:
        args = {"deps": ["staging/onet_occupations"], "work_folders": (), "raw_files": (), **changes}
        return reuse.inputs_fingerprint(con, RUN, settings, ["staging.skills"], **args)

    skill_list = tmp_path / "raw" / "skills" / "list.txt"
    _old(skill_list, "python\n")
    base = value(raw_files=[skill_list])
    assert base is not None and value(raw_files=[skill_list]) == base
    _old(skill_list, "python\nsql\n")
    assert value(raw_files=[skill_list]) != base

    assert value(deps=["staging/onet_tools"]) is None  # read from a build that recorded nothing
    before = value()
    reuse.record(con, RUN, "staging/onet_occupations", "bbb", False)  # this build computed it anew
    assert value() not in (None, before)
    assert reuse.inputs_fingerprint(con, RUN, _settings(tmp_path, min_docs=3), ["staging.skills"], []) != (
        reuse.inputs_fingerprint(con, RUN, settings, ["staging.skills"], [])
    )
    assert reuse.inputs_fingerprint(con, RUN, _settings(tmp_path, workers=7), ["staging.skills"], []) == (
        reuse.inputs_fingerprint(con, RUN, settings, ["staging.skills"], [])
    )

    work = tmp_path / "work" / "oews_wages"
    work.mkdir(parents=True)
    assert value(work_folders=[work]) is None  # no shard keys written: never reused
    (work / WORK_FINGERPRINT).write_text("keys-1")
    first = value(work_folders=[work])
    (work / WORK_FINGERPRINT).write_text("keys-2")
    assert value(work_folders=[work]) not in (None, first)


def test_the_published_fingerprint_is_the_latest_of_an_earlier_build(tmp_path: Path):
    con = duckdb.connect()
    reuse.record(con, "run-0", "marts/occupations", "old", False)
    reuse.record(con, "run-1", "marts/occupations", "published", True)
    assert reuse.recorded(con, "marts/occupations", RUN, this_run=False) == "published"
    assert reuse.recorded(con, "marts/occupations", RUN, this_run=True) == "published"  # carried over
    assert not reuse.copied(con, "marts/occupations", RUN)
    reuse.record(con, RUN, "marts/occupations", "published", True)
    assert reuse.recorded(con, "marts/occupations", RUN, this_run=False) == "published"
    assert reuse.copied(con, "marts/occupations", RUN)


def test_tables_are_copied_from_the_published_warehouse_only_when_it_has_them_all(tmp_path: Path):
    published = tmp_path / "published.duckdb"
    source = duckdb.connect(str(published))
    source.execute("create schema marts; create table marts.a as select range as x from range(5)")
    source.close()
    con = duckdb.connect(str(tmp_path / "build.duckdb"))
    assert not reuse.copy_published(con, published, ["marts.a", "marts.b"])
    assert con.execute("select count(*) from duckdb_tables() where table_name = 'a'").fetchall() == [(0,)]
    assert reuse.copy_published(con, published, ["marts.a"])
    assert con.execute("select sum(x) from marts.a").fetchall() == [(10,)]
    assert not reuse.copy_published(con, tmp_path / "missing.duckdb", ["marts.a"])


def test_a_table_is_copied_only_when_its_published_fingerprint_is_the_one_now(tmp_path: Path):
    published = tmp_path / "published.duckdb"
    source = duckdb.connect(str(published))
    source.execute("create schema marts; create table marts.a as select 1 as x")
    source.close()
    con = duckdb.connect(str(tmp_path / "build.duckdb"))
    reuse.record(con, "run-1", "marts/a", "f1", False)
    assert reuse.copy_if_unchanged(con, RUN, published, {"marts/a": "marts.a"}, None) is None
    assert reuse.copy_if_unchanged(con, RUN, published, {"marts/a": "marts.a"}, "f2") is None
    both = {"marts/a": "marts.a", "marts/b": "marts.b"}
    assert reuse.copy_if_unchanged(con, RUN, published, both, "f1") is None
    assert reuse.copy_if_unchanged(con, RUN, published, {"marts/a": "marts.a"}, "f1") == {"marts.a"}
    assert con.execute("select x from marts.a").fetchall() == [(1,)]


def test_a_table_the_build_file_holds_from_the_published_copy_is_kept_as_it_is(tmp_path: Path):
    con = duckdb.connect(str(tmp_path / "build.duckdb"))  # started as a copy of the published file
    con.execute("create schema marts; create table marts.a as select 2 as x")
    reuse.record(con, "run-1", "marts/a", "f1", False)
    gone = tmp_path / "no-published.duckdb"  # nothing is attached or copied
    assert reuse.copy_if_unchanged(con, RUN, gone, {"marts/a": "marts.a"}, "f1") == frozenset()
    assert con.execute("select x from marts.a").fetchall() == [(2,)]
    both = {"marts/a": "marts.a", "marts/b": "marts.b"}
    assert reuse.copy_if_unchanged(con, RUN, gone, both, "f1") is None


def test_a_file_the_sql_reads_from_the_raw_folder_is_an_input(tmp_path: Path):
    # staging.onet_release reads raw/onet/Read*Me.txt through a `raw` parameter, with no step: a new
    # O*NET release must not be served the published table of the old one
    release = contract("staging.onet_release")
    raw = tmp_path / "raw"
    assert raw_files(release, raw) == []
    readme = raw / "onet" / "Read Me.txt"
    _old(readme, "O*NET 30.0 Database\nAugust 2025 Release\n")
    _old(raw / "onet" / "Occupation Data.txt", "O*NET-SOC Code\tTitle\n")
    assert raw_files(release, raw) == [readme]


def test_a_new_interpreter_computes_every_table_again(tmp_path: Path, monkeypatch):
    reuse.code_fingerprint.cache_clear()
    before = reuse.code_fingerprint(tmp_path)
    monkeypatch.setattr(reuse.sys, "version", "3.99.0 (planted)")
    reuse.code_fingerprint.cache_clear()
    try:
        assert reuse.code_fingerprint(tmp_path) != before
    finally:
        reuse.code_fingerprint.cache_clear()


def test_a_generation_names_the_build_and_the_settings_its_tables_are_computed_with(tmp_path: Path):
    settings = _settings(tmp_path)
    assert reuse.generation("run-1", settings) == reuse.generation("run-1", _settings(tmp_path))
    assert reuse.generation("run-1", settings).startswith("run-1 ")
    assert reuse.generation("run-1", settings) != reuse.generation("run-2", settings)
    # a table computed with other settings is not updated with changes computed under these
    assert reuse.generation("run-1", settings) != reuse.generation("run-1", _settings(tmp_path, min_docs=7))
    # where and how a build runs is not part of it
    assert reuse.generation("run-1", settings) == reuse.generation("run-1", _settings(tmp_path, workers=3))
