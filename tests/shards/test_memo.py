"""The per-document memo: unchanged documents get their earlier outputs back, changed and new ones are
computed, removed ones leave, and a new fingerprint computes everything again."""

from functools import partial
from pathlib import Path

import polars as pl

from pipelines.shards.memo import Memo

computed: list[str] = []


def _words(batch: pl.DataFrame) -> pl.DataFrame:
    """One output row per word of a document, none for an empty one."""
    computed.extend(batch["doc_id"].to_list())
    return (
        batch.with_columns(pl.col("text").str.split(" ").alias("word"))
        .explode("word", empty_as_null=True)
        .filter(pl.col("word") != "")
        .select("doc_id", "word")
    )


def _run(tmp_path: Path, docs: dict[str, str], fingerprint: str = "v1", run: str = "a") -> pl.DataFrame:
    out = tmp_path / run
    out.mkdir()
    frame = pl.DataFrame({"doc_id": list(docs), "text": list(docs.values())})
    computed.clear()
    Memo(tmp_path / "memo", fingerprint, ["doc_id"]).run(
        frame.iter_slices(2), partial(map, _words), out, "words"
    )
    return pl.read_parquet(out / "*.parquet").select("doc_id", "word").sort("doc_id", "word")


def test_only_new_and_changed_documents_are_computed_and_the_outputs_are_the_same(tmp_path: Path):
    docs = {"a": "python sql", "b": "", "c": "excel", "d": "r stata"}
    first = _run(tmp_path, docs)
    assert sorted(computed) == ["a", "b", "c", "d"]
    assert _run(tmp_path, docs, run="b").equals(first) and computed == []

    changed = {"a": "python sql", "b": "", "c": "excel word", "e": "java"}  # c changed, d removed, e new
    again = _run(tmp_path, changed, run="c")
    assert sorted(computed) == ["c", "e"]
    computed_whole = Memo(tmp_path / "fresh", "v1", ["doc_id"])
    out = tmp_path / "whole"
    out.mkdir()
    frame = pl.DataFrame({"doc_id": list(changed), "text": list(changed.values())})
    computed_whole.run([frame], partial(map, _words), out, "words")
    assert again.equals(pl.read_parquet(out / "*.parquet").select("doc_id", "word").sort("doc_id", "word"))
    assert "d" not in again["doc_id"].to_list()


def test_a_new_fingerprint_computes_every_document_again(tmp_path: Path):
    docs = {"a": "python", "b": "sql"}
    _run(tmp_path, docs)
    _run(tmp_path, docs, fingerprint="v2", run="b")
    assert sorted(computed) == ["a", "b"]


def test_kept_outputs_whose_documents_all_stay_are_linked_not_rewritten(tmp_path: Path):
    docs = {"a": "python sql", "b": "excel", "c": "r", "d": "stata"}
    _run(tmp_path, docs)  # two batches: two parts
    current = tmp_path / "memo" / "current"
    before = {p.stat().st_ino for p in current.glob("outputs-*.parquet")}
    _run(tmp_path, {**docs, "e": "java"}, run="b")
    after = {p.stat().st_ino for p in current.glob("outputs-*.parquet")}
    assert computed == ["e"] and before < after, "the earlier parts are the same files"
    removed = _run(tmp_path, {k: v for k, v in docs.items() if k != "a"}, run="c")
    assert computed == [] and "a" not in removed["doc_id"].to_list()
    assert set(removed["doc_id"]) == {"b", "c", "d"}


def test_the_index_is_written_batch_by_batch_and_an_index_written_whole_is_still_read(tmp_path: Path):
    docs = {"a": "python sql", "b": "excel", "c": "r"}
    _run(tmp_path, docs)  # two batches
    current = tmp_path / "memo" / "current"
    parts = sorted(current.glob("index*.parquet"))
    assert [p.name for p in parts] == ["index-00000.parquet", "index-00001.parquet"]
    whole = pl.read_parquet(parts)
    for part in parts:
        part.unlink()
    whole.write_parquet(current / "index.parquet")  # as earlier versions kept it
    _run(tmp_path, docs, run="b")
    assert computed == []


def _changes(tmp_path: Path, docs: dict[str, str], run: str, fingerprint: str = "v1") -> Path:
    out, changes = tmp_path / run, tmp_path / f"{run}-changes"
    out.mkdir()
    frame = pl.DataFrame({"doc_id": list(docs), "text": list(docs.values())})
    Memo(tmp_path / "memo", fingerprint, ["doc_id"], generation=run).run(
        frame.iter_slices(2), partial(map, _words), out, "words", changes
    )
    return changes


def test_the_changes_name_the_previous_generation_the_keys_that_go_and_the_rows_that_come(tmp_path: Path):
    docs = {"a": "python sql", "b": "excel", "c": "r", "d": "stata"}
    first = _changes(tmp_path, docs, "build1")
    # a first run has nothing to change: every output is new
    assert (first / "words.base").read_text() == "" and not list(first.glob("*.parquet"))

    changes = _changes(tmp_path, {"a": "python sql", "b": "excel word", "c": "r", "e": "java"}, "build2")
    assert (changes / "words.base").read_text() == "build1"
    removed = pl.read_parquet(changes / "words-removed.parquet")
    assert removed.columns == ["doc_id"] and sorted(removed["doc_id"]) == ["b", "d"]  # changed, gone
    added = pl.read_parquet(sorted(changes.glob("words-added-*.parquet")))
    assert sorted(added.select("doc_id", "word").iter_rows()) == [
        ("b", "excel"),
        ("b", "word"),
        ("e", "java"),
    ]

    # a new fingerprint computes everything: no changes to give
    again = _changes(tmp_path, docs, "build3", fingerprint="v2")
    assert (again / "words.base").read_text() == "" and not list(again.glob("*.parquet"))


def test_when_every_document_is_gone_the_changes_remove_them_all_and_the_next_run_still_works(tmp_path: Path):
    _changes(tmp_path, {"a": "python sql", "b": "excel"}, "build1")
    # a kind of document with none left writes no index part: every known key is gone
    changes = _changes(tmp_path, {}, "build2")
    assert sorted(pl.read_parquet(changes / "words-removed.parquet")["doc_id"]) == ["a", "b"]
    assert not list(changes.glob("words-added-*.parquet"))
    # an empty memo has nothing to change: the next run's table is built whole
    again = _changes(tmp_path, {"c": "java"}, "build3")
    assert (again / "words.base").read_text() == "" and not list(again.glob("*.parquet"))
