"""File fingerprints: a file is read once per (path, size, mtime, ctime, inode), kept between processes
in the cache folder, read again when it changes (even to the same size and modification time), and not
trusted while it may still be changing."""

import os
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from pipelines.shards import files
from pipelines.shards.files import FileHashes, Shards, fingerprint


def _write(path: Path, text: str, age: float = 60.0) -> None:
    path.write_text(text)
    then = time.time() - age
    os.utime(path, (then, then))


def _same_stat_new_bytes(path: Path, text: str) -> None:
    """New content of the same size and modification time (as ``cp -p`` or ``touch -r`` leave it)."""
    stat = path.stat()
    path.write_text(text)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """A clock a minute ahead: the files a test just wrote are past the racy window and kept."""
    monkeypatch.setattr(files, "time", SimpleNamespace(time=lambda: time.time() + 60))


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files FileHashes reads to hash them (opened "rb"), in order."""
    opened: list[Path] = []
    real = Path.open

    def counting(self: Path, mode: str = "r", *args, **kwargs):
        if mode == "rb":
            opened.append(self)
        return real(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", counting)
    return opened


def test_an_unchanged_file_is_not_read_again_a_changed_one_is(tmp_path: Path, settled, reads):
    path = tmp_path / "onet.txt"
    _write(path, "alpha")
    hashes = FileHashes()
    first = hashes.digest(path)
    assert hashes.digest(path) == first and reads == [path]  # read once, then the kept hash
    _same_stat_new_bytes(path, "gamma")
    assert hashes.digest(path) != first  # same size and mtime, but a new change time
    assert FileHashes().digest(path) == hashes.digest(path)


def test_hashes_are_kept_between_processes_in_the_store(tmp_path: Path, settled, reads):
    path, store = tmp_path / "resumes.csv", tmp_path / "cache" / "file_hashes.json"
    _write(path, "Category,Resume\nCook,Cook in a hotel\n")
    kept = FileHashes(store)
    first = kept.digest(path)
    kept.save()
    assert FileHashes(store).digest(path) == first and reads == [path]
    _same_stat_new_bytes(path, "Category,Resume\nCook,Chef in a hotel\n")
    changed = FileHashes(store).digest(path)
    assert changed != first and reads == [path, path]
    store.write_text("not json")
    assert FileHashes(store).digest(path) == changed and len(reads) == 3  # a damaged store: a read


def test_a_file_modified_just_now_is_read_every_time(tmp_path: Path, reads):
    path = tmp_path / "new.csv"
    path.write_text("one")
    hashes = FileHashes()
    first = hashes.digest(path)
    assert hashes.digest(path) == first and reads == [path, path]


def test_fingerprints_follow_values_file_contents_and_order(tmp_path: Path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    _write(a, "x")
    _write(b, "y")
    base = fingerprint("v1", files=[a, b])
    assert fingerprint("v1", files=[a, b]) == base
    assert fingerprint("v2", files=[a, b]) != base
    assert fingerprint("v1", files=[b, a]) != base
    _write(b, "z", age=30)
    assert fingerprint("v1", files=[a, b]) != base


def test_a_shard_is_keyed_by_path_content_and_fingerprint(tmp_path: Path):
    path = tmp_path / "postings.jsonl"
    _write(path, '{"title": "Welder"}\n')
    shards = Shards(tmp_path / "shards", "code v1")
    key = shards.key(path, "postings/postings.jsonl")
    assert shards.key(path, "postings/other.jsonl") != key
    assert Shards(tmp_path / "shards", "code v2").key(path, "postings/postings.jsonl") != key
    _write(path, '{"title": "Nurse"}\n', age=30)
    assert shards.key(path, "postings/postings.jsonl") != key


def _store_lines(store: Path) -> list[str]:
    return store.read_text(encoding="utf-8").splitlines()


def test_processes_sharing_a_store_keep_each_others_hashes(tmp_path: Path, settled, reads):
    """The sensor and a build each hold a store opened before the other saved: neither save loses the
    other's hashes, and a file one of them hashed is not read by the other."""
    one, two, store = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "cache" / "file_hashes.jsonl"
    _write(one, "Category,Resume\nCook,Cook\n")
    _write(two, "Category,Resume\nBaker,Baker\n")
    sensor, build = FileHashes(store), FileHashes(store)
    first = sensor.digest(one)
    sensor.save()
    assert build.digest(one) == first and reads == [one]  # read from what the sensor appended
    second = build.digest(two)
    build.save()
    assert reads == [one, two]
    fresh = FileHashes(store)
    assert (fresh.digest(one), fresh.digest(two)) == (first, second) and reads == [one, two]
    assert sensor.digest(two) == second and reads == [one, two]


def test_a_save_appends_only_the_new_hashes(tmp_path: Path, settled):
    store = tmp_path / "file_hashes.jsonl"
    paths = [tmp_path / f"{n}.csv" for n in range(4)]
    for n, path in enumerate(paths):
        _write(path, f"row {n}\n")
    hashes = FileHashes(store)
    for path in paths[:3]:
        hashes.digest(path)
    hashes.save()
    before = _store_lines(store)
    assert len(before) == 3
    hashes.digest(paths[3])
    hashes.digest(paths[0])  # known: nothing to write
    hashes.save()
    after = _store_lines(store)
    assert after[:3] == before and len(after) == 4
    unchanged = store.stat()
    hashes.save()
    assert store.stat().st_mtime_ns == unchanged.st_mtime_ns and _store_lines(store) == after


def test_a_store_of_mostly_stale_lines_is_rewritten_with_the_live_ones(
    tmp_path: Path, settled, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(files, "_STALE_LINES", 0)
    store, kept, gone = tmp_path / "file_hashes.jsonl", tmp_path / "kept.csv", tmp_path / "gone.csv"
    _write(gone, "old")
    hashes = FileHashes(store)
    hashes.digest(gone)
    hashes.save()
    gone.unlink()
    for n in range(4):  # the fourth save finds 5 lines for 2 files, 1 of them gone
        _write(kept, f"version {n}")  # each write a new change time: a new line, the last one live
        hashes.digest(kept)
        hashes.save()
    lines = _store_lines(store)
    assert len(lines) == 1 and str(kept) in lines[0]
    assert FileHashes(store).digest(kept) == FileHashes().digest(kept)


def test_a_damaged_last_line_costs_only_its_own_hash(tmp_path: Path, settled, reads):
    store, one, two = tmp_path / "file_hashes.jsonl", tmp_path / "a.txt", tmp_path / "b.txt"
    _write(one, "one")
    _write(two, "two")
    hashes = FileHashes(store)
    hashes.digest(one)
    hashes.save()
    with store.open("a", encoding="utf-8") as fh:
        fh.write('["half a line')  # a writer that died mid-line
    later = FileHashes(store)
    later.digest(two)
    later.save()
    fresh = FileHashes(store)
    fresh.digest(one)
    fresh.digest(two)
    assert reads == [one, two]


def test_the_store_drops_files_that_are_gone(tmp_path: Path, settled, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(files, "_STALE_LINES", 0)
    store = tmp_path / "hashes.jsonl"
    hashes = FileHashes(store)
    for round_ in range(3):
        # each round's files replace the last round's, as daily drops into a raw folder do
        for old in tmp_path.glob("drop-*.txt"):
            old.unlink()
        for i in range(10):
            path = tmp_path / f"drop-{round_}-{i}.txt"
            _write(path, f"{round_} {i}")
            hashes.digest(path)
        hashes.save()
    assert len(store.read_text(encoding="utf-8").splitlines()) <= 20
    assert len(FileHashes(store)._known) <= 20


def test_a_file_name_that_is_not_utf8_is_hashed_and_fingerprinted(tmp_path: Path):
    from pipelines.warehouse.publication import raw_inputs

    raw = tmp_path / "raw"
    (raw / "postings").mkdir(parents=True)
    path = raw / "postings" / os.fsdecode(b"Offres_\xe9t\xe9.csv")
    path.write_text("title\nCuisinier\n")
    store = FileHashes(tmp_path / "hashes.jsonl")
    first = raw_inputs(raw, store)
    assert first.files == 1 and first.bytes == path.stat().st_size
    assert raw_inputs(raw, FileHashes(tmp_path / "hashes.jsonl")) == first  # read back from the store
    assert fingerprint("v", files=[path]) != fingerprint("v")
