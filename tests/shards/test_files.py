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
