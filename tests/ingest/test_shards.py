"""Shards: each raw file's ingested parts kept between builds by content, reused when unchanged, redone
when changed, dropped when removed, and the same whatever the number of worker processes."""

from functools import partial
from pathlib import Path

import polars as pl
import pytest

from pipelines.documents.resumes import RESUME_SCHEMA, ResumeNormaliser
from pipelines.ingest import loop
from pipelines.ingest.loop import find_files, ingest_files
from pipelines.ingest.parts import FileOutcome
from pipelines.ingest.sources import normaliser
from pipelines.shards.files import WORK_FINGERPRINT, Shards

read: list[str] = []


def _counting(relative: str) -> ResumeNormaliser:
    read.append(relative)
    return ResumeNormaliser()


def _raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw" / "resumes"
    folder.mkdir(parents=True)
    for name, title in (("a.csv", "Welder"), ("b.csv", "Nurse"), ("c.csv", "Cook")):
        (folder / name).write_text(
            "Category,Resume\n" + "".join(f"{title},{title} number {i} with ten years\n" for i in range(30))
        )
    return tmp_path / "raw"


def _ingest(raw: Path, out: Path, shards: Shards | None, **options) -> tuple[list[FileOutcome], pl.DataFrame]:
    outcomes = ingest_files(
        source="resumes",
        files=find_files(raw / "resumes"),
        raw_dir=raw,
        normaliser_for=options.pop("normaliser_for", _counting),
        schema=RESUME_SCHEMA,
        out_dir=out,
        batch_size=7,
        shards=shards,
        **options,
    )
    records = pl.read_parquet(out / "records" / "*.parquet").sort("source_file", "record_position")
    return outcomes, records


def test_unchanged_files_are_not_read_again_changed_ones_are_and_removed_ones_leave(tmp_path: Path):
    raw = _raw(tmp_path)
    shards = Shards(tmp_path / "shards", "fingerprint")
    read.clear()
    first, records = _ingest(raw, tmp_path / "w1", shards)
    assert sorted(read) == ["resumes/a.csv", "resumes/b.csv", "resumes/c.csv"] and len(records) == 90
    read.clear()
    again, same = _ingest(raw, tmp_path / "w2", shards)
    assert read == [] and again == first and same.equals(records)

    (raw / "resumes" / "b.csv").write_text("Category,Resume\nNurse,Nurse on a surgical ward\n")
    (raw / "resumes" / "c.csv").unlink()
    (raw / "resumes" / "d.csv").write_text("Category,Resume\nCook,Cook in a hotel kitchen\n")
    read.clear()
    changed, records = _ingest(raw, tmp_path / "w3", shards)
    assert sorted(read) == ["resumes/b.csv", "resumes/d.csv"]
    assert [o.source_file for o in changed] == ["resumes/a.csv", "resumes/b.csv", "resumes/d.csv"]
    assert len(list(shards.root.iterdir())) == 3
    _, unsharded = _ingest(raw, tmp_path / "w4", None)
    assert records.equals(unsharded)


def test_another_fingerprint_reads_every_file_again(tmp_path: Path):
    raw = _raw(tmp_path)
    _ingest(raw, tmp_path / "w1", Shards(tmp_path / "shards", "code v1"))
    read.clear()
    _ingest(raw, tmp_path / "w2", Shards(tmp_path / "shards", "code v2"))
    assert len(read) == 3 and len(list((tmp_path / "shards").iterdir())) == 3


def test_files_too_small_to_be_worth_a_process_are_read_in_this_one(tmp_path: Path, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a process pool was started for a few kilobytes")

    monkeypatch.setattr(loop, "ProcessPoolExecutor", no_pool)
    raw = _raw(tmp_path)
    by_name = partial(normaliser, "resumes", raw)
    outcomes, records = _ingest(
        raw, tmp_path / "w", Shards(tmp_path / "s", "f"), normaliser_for=by_name, workers=2
    )
    assert len(outcomes) == 3 and len(records) == 90


def test_a_shard_whose_date_window_has_moved_is_read_again_and_gives_what_a_fresh_read_does(
    tmp_path: Path, monkeypatch
):
    import datetime as dt
    import types

    from pipelines.documents import fields
    from pipelines.documents.postings import POSTING_SCHEMA
    from pipelines.shards import files

    folder = tmp_path / "raw" / "postings"
    folder.mkdir(parents=True)
    soon = dt.date.today() + dt.timedelta(days=380)  # beyond the window (a year ahead) for two weeks
    (folder / "ahead.csv").write_text(f"title,description,date_posted\nCook,Cooks,{soon.isoformat()}\n")
    (folder / "plain.csv").write_text("title,description,date_posted\nCook,Cooks,2024-05-01\n")

    def ingest(out: str) -> pl.DataFrame:
        ingest_files(
            source="postings",
            files=find_files(folder),
            raw_dir=tmp_path / "raw",
            normaliser_for=partial(normaliser, "postings", tmp_path / "raw"),
            schema=POSTING_SCHEMA,
            out_dir=tmp_path / out,
            batch_size=10,
            shards=shards,
        )
        frame = pl.read_parquet(tmp_path / out / "records" / "*.parquet")
        return frame.sort("source_file").select("source_file", "date_posted", "value_errors")

    shards = Shards(tmp_path / "shards", "fingerprint")
    first = ingest("w1")
    assert first["date_posted"].to_list() == [None, dt.date(2024, 5, 1)]
    for shard in shards.root.iterdir():
        (shard / "mark").touch()

    class Later(dt.date):
        """Three weeks on: the window's end has passed the posting's date."""

        @classmethod
        def today(cls) -> "Later":
            real = dt.date.today() + dt.timedelta(days=21)
            return cls(real.year, real.month, real.day)

    later = types.SimpleNamespace(date=Later, datetime=dt.datetime, timedelta=dt.timedelta, UTC=dt.UTC)
    for module in (fields, files, loop):
        monkeypatch.setattr(module, "dt", later)
    again = ingest("w2")
    assert again["date_posted"].to_list() == [soon, dt.date(2024, 5, 1)]
    kept = [p for p in shards.root.iterdir() if (p / "mark").exists()]
    assert len(kept) == 1 and len(list(shards.root.iterdir())) == 2, "the other shard is read again"
    shards = Shards(tmp_path / "fresh", "fingerprint")
    assert again.equals(ingest("w3"))
    # what the work folder is made from (the tables reading it are copied when it is unchanged)
    made = [(tmp_path / w / WORK_FINGERPRINT).read_text() for w in ("w1", "w2", "w3")]
    assert made[0] != made[1] == made[2]


@pytest.mark.parametrize("split_bytes", [loop.SPLIT_BYTES, 0])
def test_files_read_by_two_processes_give_the_same_parts_and_outcomes_as_one(
    tmp_path: Path, split_bytes: int
):
    """Whole files to each worker, or each file's blocks shared between them (``split_bytes=0``)."""
    raw = _raw(tmp_path)
    lines = "".join(f'{{"title": "Cook", "text": "Cook number {i} in a hotel kitchen"}}\n' for i in range(40))
    (raw / "resumes" / "e.jsonl").write_text(lines + "not json\n" + lines)
    # a lone surrogate cannot be stored: the file is unreadable, whichever process meets it
    (raw / "resumes" / "f.jsonl").write_text(lines + '{"title": "Cook", "text": "bad \\ud800"}\n' + lines)
    by_name = partial(normaliser, "resumes", raw)
    one = _ingest(raw, tmp_path / "w1", Shards(tmp_path / "s1", "f"), normaliser_for=by_name)
    split = _ingest(
        raw,
        tmp_path / "w2",
        Shards(tmp_path / "s2", "f"),
        normaliser_for=by_name,
        workers=2,
        parallel_bytes=0,
        split_bytes=split_bytes,
    )
    assert one[0] == split[0] and one[1].equals(split[1]) and len(one[1]) == 90 + 80
    by_file = {o.source_file: o for o in split[0]}
    assert (by_file["resumes/e.jsonl"].records_read, by_file["resumes/e.jsonl"].rejected) == (81, 1)
    assert by_file["resumes/f.jsonl"].status == "unreadable" and "surrogates" in (
        by_file["resumes/f.jsonl"].reason or ""
    )
    parts = sorted(p.name for p in (tmp_path / "w2" / "records").glob("*.parquet"))
    assert parts == sorted(p.name for p in (tmp_path / "w1" / "records").glob("*.parquet"))


def test_a_part_of_a_file_reads_it_by_the_columns_of_its_first_row_as_a_whole_read_does(tmp_path: Path):
    """A JSON Lines file whose later rows have a column its first row lacks: the part that reads the
    second block maps the file's columns from the first row too, not from the first row it reads."""
    import json
    from dataclasses import replace

    from pipelines.ingest.parts import Task, ingest_part, into_shard, shard_parts
    from pipelines.ingest.readers import DEFAULT_LIMITS

    raw = tmp_path / "raw"
    (raw / "resumes").mkdir(parents=True)
    rows = [{"title": "Cook", "text": f"Cook number {i} in a hotel kitchen"} for i in range(7)]
    rows += [{**row, "location": "Leeds"} for row in rows]
    path = raw / "resumes" / "g.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    task = Task(
        path, None, "resumes/g.jsonl", "resumes", partial(normaliser, "resumes", raw), RESUME_SCHEMA,
        tmp_path, "part", 7, DEFAULT_LIMITS,
    )  # fmt: skip

    def read(folder: str, parts: int) -> tuple[FileOutcome, pl.DataFrame]:
        shard = replace(task, dest=tmp_path / folder)
        outcome = into_shard(shard, [ingest_part(part) for part in shard_parts(shard, parts)])
        return outcome, pl.read_parquet(shard.dest / "records" / "*.parquet").sort("record_position")

    whole, halves = read("whole", 1), read("halves", 2)
    assert whole[0] == halves[0] and whole[0].parsed == 14
    assert whole[1].equals(halves[1])
