"""The ingest loop over hostile raw folders: symbolic links, limits, and every file accounted for."""

import os
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest

from pipelines.documents.resumes import RESUME_SCHEMA, ResumeNormaliser
from pipelines.ingest import loop
from pipelines.ingest.loop import find_files, ingest_files, raw_roots
from pipelines.ingest.readers import DEFAULT_LIMITS, Limits

HINT = " (LABOURLENS_LINK_ROOTS names folders links may lead into)"


def _ingest_resumes(files, raw_dir: Path, out_dir: Path, limits: Limits = DEFAULT_LIMITS):
    return ingest_files(
        source="resumes",
        files=files,
        raw_dir=raw_dir,
        normaliser_for=lambda _: ResumeNormaliser(),
        schema=RESUME_SCHEMA,
        out_dir=out_dir,
        batch_size=10,
        limits=limits,
    )


def _raw_with_links(tmp_path: Path) -> Path:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (outside / "cv.txt").write_text("Nurse with ten years on a surgical ward\n")
    raw = tmp_path / "raw"
    resumes = raw / "resumes"
    resumes.mkdir(parents=True)
    (resumes / "jane.txt").write_text("Accountant with GAAP and audit experience\n")
    (resumes / "passwd.txt").symlink_to(outside / "passwd")  # out of the raw directory
    (resumes / "gone.txt").symlink_to(tmp_path / "deleted.txt")  # dangling
    (resumes / "a.txt").symlink_to(resumes / "b.txt")  # a loop of two links
    (resumes / "b.txt").symlink_to(resumes / "a.txt")
    (resumes / "again").symlink_to(resumes)  # a folder that contains itself
    (resumes / "jane_copy.txt").symlink_to(resumes / "jane.txt")  # inside: followed
    (resumes / "notes").symlink_to(outside)  # a folder out of the raw directory
    return raw


def test_links_out_of_the_raw_directory_dangling_and_looping_are_listed_with_the_problem(tmp_path: Path):
    raw = _raw_with_links(tmp_path)
    found = {f.path.name: f.problem for f in find_files(raw / "resumes", raw_roots(raw))}
    assert found["jane.txt"] is None and found["jane_copy.txt"] is None
    assert (
        found["passwd.txt"]
        == f"symbolic link to {tmp_path / 'elsewhere' / 'passwd'}, outside the raw directory{HINT}"
    )
    assert found["notes"] == f"symbolic link to {tmp_path / 'elsewhere'}, outside the raw directory{HINT}"
    assert found["gone.txt"] == f"dangling symbolic link (to {tmp_path / 'deleted.txt'})"
    assert found["a.txt"] == found["b.txt"] == "symbolic link loop"
    assert found["again"].startswith("symbolic link loop")


def test_refused_links_are_unreadable_files_and_nothing_outside_is_stored(tmp_path: Path):
    raw = _raw_with_links(tmp_path)
    out = tmp_path / "work"
    outcomes = _ingest_resumes(find_files(raw / "resumes", raw_roots(raw)), raw, out)
    status = {o.source_file: (o.status, o.records_read) for o in outcomes}
    assert status["resumes/jane.txt"] == ("read", 1) and status["resumes/jane_copy.txt"] == ("read", 1)
    for name in ("passwd.txt", "gone.txt", "a.txt", "b.txt", "again", "notes"):
        assert status[f"resumes/{name}"] == ("unreadable", 0)
    texts = pl.read_parquet(out / "records" / "*.parquet")["text"].to_list()
    assert not any("root:x" in t or "surgical" in t for t in texts)


def test_a_raw_directory_assembled_from_links_reads_where_it_is_told_to(tmp_path: Path):
    """A source folder that is itself a link is where that source lives; file links elsewhere need
    LABOURLENS_LINK_ROOTS."""
    shared = tmp_path / "shared"
    (shared / "resumes").mkdir(parents=True)
    (shared / "resumes" / "cv.txt").write_text("Welder certified in TIG and MIG\n")
    (shared / "extra.txt").write_text("Electrician with a journeyman licence\n")
    raw = tmp_path / "raw"
    raw.mkdir()
    os.symlink(shared / "resumes", raw / "resumes")
    (raw / "resumes_extra").mkdir()
    (raw / "resumes_extra" / "extra.txt").symlink_to(shared / "extra.txt")
    assert [f.problem for f in find_files(raw / "resumes", raw_roots(raw))] == [None]
    assert find_files(raw / "resumes_extra", raw_roots(raw))[0].problem is not None
    assert [f.problem for f in find_files(raw / "resumes_extra", raw_roots(raw, [shared]))] == [None]


def test_an_oversized_record_is_quarantined_and_the_file_reconciles(tmp_path: Path):
    raw = tmp_path / "raw"
    (raw / "resumes").mkdir(parents=True)
    path = raw / "resumes" / "cvs.csv"
    path.write_text("Resume\nWelder\n" + '"' + "Nurse " * 400 + '"\nCook\n')
    (outcome,) = _ingest_resumes(
        find_files(raw / "resumes", raw_roots(raw)),
        raw,
        tmp_path / "work",
        limits=Limits(max_record_bytes=1_000),
    )
    assert (outcome.records_read, outcome.parsed, outcome.rejected) == (3, 2, 1)
    (reason,) = pl.read_parquet(tmp_path / "work" / "rejects" / "*.parquet")["reason"].to_list()
    assert "larger than the limit of 1,000" in reason


def test_a_daemonic_process_reads_its_files_itself(monkeypatch):
    """A dask worker started as a daemon may have no child processes: it reads every file itself."""
    import multiprocessing

    from pipelines.ingest.loop import _map

    monkeypatch.setattr(multiprocessing.current_process(), "daemon", True)
    assert _map(lambda task: (task, os.getpid()), [1, 2, 3], workers=2) == [
        (i, os.getpid()) for i in (1, 2, 3)
    ]


def test_a_missing_required_release_file_is_listed_and_a_missing_optional_one_is_not(tmp_path: Path):
    from pipelines.ingest.sources import SOURCES_BY_NAME

    raw = tmp_path / "raw"
    raw.mkdir()
    roots = raw_roots(raw, ())
    (occupations,) = SOURCES_BY_NAME["onet_occupations"].files(raw, roots)
    assert occupations.path == raw / "onet" / "Occupation Data.txt"  # reported as unreadable
    assert SOURCES_BY_NAME["soc_direct_match_titles"].files(raw, roots) == []
    (raw / "soc").mkdir()
    (raw / "soc" / "soc_2018_direct_match_title_file.csv").write_text("2018 SOC Code\n")
    (soc,) = SOURCES_BY_NAME["soc_direct_match_titles"].files(raw, roots)
    assert soc.path.name == "soc_2018_direct_match_title_file.csv"


def test_json_lines_keys_absent_from_the_first_row_are_read_from_the_rows_that_have_them(tmp_path: Path):
    """JSON Lines leaves out a record's empty keys: a column the first row lacks is still read in the
    later rows that have it, and each row by the synonym it holds itself."""
    import json

    from pipelines.documents.postings import POSTING_SCHEMA, PostingNormaliser

    raw = tmp_path / "raw"
    (raw / "postings").mkdir(parents=True)
    rows = [
        {"job_title": "Cook", "description": "Cook in a hotel kitchen, nights"},
        {"job_title": "Baker", "description": "Bake bread at dawn", "location": "Leeds", "salary_min": 21000},
        {"title": "Porter", "description": "Carry luggage for hotel guests"},
    ]
    (raw / "postings" / "p.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    ingest_files(
        source="postings",
        files=find_files(raw / "postings"),
        raw_dir=raw,
        normaliser_for=lambda _: PostingNormaliser(),
        schema=POSTING_SCHEMA,
        out_dir=tmp_path / "work",
        batch_size=10,
    )
    got = pl.read_parquet(tmp_path / "work" / "records" / "*.parquet").sort("record_position")
    assert got["title"].to_list() == ["Cook", "Baker", "Porter"]
    assert got["location"].to_list() == [None, "Leeds", None]
    assert got["salary_min"].to_list() == [None, 21000.0, None]


def test_a_file_of_ever_new_key_sets_keeps_a_bounded_memory_of_them():
    from pipelines.documents.fields import _KEY_SETS
    from pipelines.documents.postings import TabularPostings

    tabular = TabularPostings()
    for i in range(3 * _KEY_SETS):
        cols, _ = tabular.resolve({"title": "Cook", "description": "Cooks", f"extra_{i}": i})
        assert cols.columns["title"] == "title"
        assert len(tabular.maps) <= _KEY_SETS


@dataclass(frozen=True)
class _Probe:
    path: Path


def _imports_dagster(_task: _Probe) -> bool:
    import sys

    return "dagster" in sys.modules


def test_spawned_ingest_workers_do_not_import_the_parents_main_module_and_so_not_dagster(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A build's main module (the CLI, Dagster's) imports Dagster; a worker needs only the ingest code."""
    import sys

    import pipelines.settings
    from pipelines.ingest.loop import _map

    (tmp_path / "a").write_text("a")
    monkeypatch.setitem(sys.modules, "__main__", pipelines.settings)
    assert _map(_imports_dagster, [_Probe(tmp_path / "a")] * 2, workers=2) == [False, False]  # type: ignore[list-item]


def test_a_row_lacking_a_column_is_written_with_null_there(tmp_path: Path):
    from pipelines.ingest.parts import PartWriter

    writer = PartWriter(tmp_path, {"a": pl.String(), "b": pl.Int64()}, "part")
    writer.add({"a": "x", "b": 1}, 0)
    writer.add({"a": "y"}, 0)
    writer.flush()
    assert pl.read_parquet(tmp_path / "part-000000.parquet").rows() == [("x", 1), ("y", None)]


def test_a_one_column_part_is_written_row_by_row(tmp_path: Path):
    from pipelines.ingest.parts import PartWriter

    writer = PartWriter(tmp_path, {"a": pl.String()}, "part")
    writer.add({"a": "xy"}, 0)
    writer.add({"a": "zw"}, 0)
    writer.flush()
    assert pl.read_parquet(tmp_path / "part-000000.parquet").rows() == [("xy",), ("zw",)]


def test_files_and_folders_that_cannot_be_opened_are_listed_with_the_problem_and_read_as_unreadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    raw = tmp_path / "raw"
    (raw / "resumes" / "locked").mkdir(parents=True)
    (raw / "resumes" / "locked" / "cv.txt").write_text("Welder\n")
    (raw / "resumes" / "denied.txt").write_text("Nurse\n")
    (raw / "resumes" / "jane.txt").write_text("Accountant with GAAP\n")
    # chmod 000 does not stop root, which CI may be: the refusals the kernel would give are planted
    real_open, real_scandir = os.open, os.scandir

    def refusing_open(path, *args, **kwargs):
        if Path(path).name == "denied.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    def refusing_scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "open", refusing_open)
    monkeypatch.setattr(os, "scandir", refusing_scandir)
    found = {f.path.name: f.problem for f in find_files(raw / "resumes", raw_roots(raw))}
    assert found == {
        "denied.txt": "cannot be opened: Permission denied",
        "jane.txt": None,
        "locked": "folder cannot be listed: Permission denied",
    }
    assert loop.discover(raw / "resumes") == [raw / "resumes" / "jane.txt"]
    outcomes = _ingest_resumes(find_files(raw / "resumes", raw_roots(raw)), raw, tmp_path / "work")
    status = {o.source_file: (o.status, o.records_read, o.reason) for o in outcomes}
    assert status == {
        "resumes/denied.txt": ("unreadable", 0, "cannot be opened: Permission denied"),
        "resumes/jane.txt": ("read", 1, None),
        "resumes/locked": ("unreadable", 0, "folder cannot be listed: Permission denied"),
    }


def test_a_file_name_that_is_not_utf8_is_read_under_an_escaped_name(tmp_path: Path):
    resumes = tmp_path / "raw" / "resumes"
    resumes.mkdir(parents=True)
    # the name an unzip of a Windows archive leaves: Latin-1 bytes, undecodable as UTF-8
    name = os.fsdecode(b"CV_\xe9t\xe9.txt")
    (resumes / name).write_text("Chef de partie with ten years in kitchens\n")
    (outcome,) = _ingest_resumes(find_files(resumes), tmp_path / "raw", tmp_path / "work")
    assert (outcome.source_file, outcome.status, outcome.records_read) == (
        "resumes/CV_\\xe9t\\xe9.txt",
        "read",
        1,
    )
    records = pl.read_parquet(tmp_path / "work" / "records" / "*.parquet")
    assert records["source_file"].to_list() == ["resumes/CV_\\xe9t\\xe9.txt"]


def test_readmes_and_hidden_files_are_not_data_but_a_file_named_from_the_word_is(tmp_path: Path):
    for name in ("README", "readme.md", "README.txt", ".hidden.csv", "readme_first.csv", "jobs.csv"):
        (tmp_path / name).write_text("title\nNurse\n")
    assert [f.path.name for f in find_files(tmp_path)] == ["jobs.csv", "readme_first.csv"]
