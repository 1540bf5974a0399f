"""Fingerprints of files and of everything a step's output depends on, by one mechanism.

A file's content hash is computed once and kept by its path, size, modification and change times and
inode (``FileHashes``, saved in the cache folder), so a rebuild does not read unchanged raw files, reference
data or code again to learn that they are unchanged. ``fingerprint`` combines values and files into one
digest; ``Shards`` keys each raw file's ingested parts by it.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

# A file modified this recently may be modified again within the same clock tick of a file system with
# coarse timestamps, unseen by (size, mtime): its hash is not kept.
RACY_SECONDS = 2.0
_CHUNK = 1 << 20
# Stale lines (hashes of files since changed or gone) a hash store may hold beyond twice its live ones
# before a save rewrites it.
_STALE_LINES = 1000
# Beside a work folder's files: the fingerprint of what they were made from (pipelines/shards/reuse.py).
WORK_FINGERPRINT = "inputs.fingerprint"
# In a shard: the day it was read and whether its outputs depend on that day (``Shards.seal``).
SHARD_DAY = "read_on.json"
# How a date outside the plausible window is reported (pipelines/documents/fields.py parse_date): the
# window ends a year (postings) or ten (work history) after the day of reading, and the reason names it.
DATE_WINDOW_REASON = "implausible date in "


class FileHashes:
    """Content hashes by path and (size, mtime_ns, ctime_ns, inode); ``store``: the file they are kept
    in between builds (none: this process only). The change time and inode are in the key because
    the modification time is not evidence: ``cp -p``, ``rsync -t``, ``tar``, ``unzip`` and ``touch -r``
    set it, so a rewrite of the same size may keep it; the kernel sets the change time on every write.

    The store is a log of JSON lines, one a hash, that every process appends its new hashes to (the
    sensor in the daemon, a build, its steps on other workers): a hash is computed and written once,
    by whichever process meets the file first, and a process that does not know a file reads what the
    others appended before hashing it itself. A save appends only the new lines; the log is rewritten
    only when most of its lines are stale (files changed or gone since)."""

    def __init__(self, store: Path | None = None) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._known: dict[str, tuple[int, int, int, int, str]] = {}
        self._new: dict[str, tuple[int, int, int, int, str]] = {}
        self._read_to = 0  # how far this process has read the store's log
        self._store_id: tuple[int, int] | None = None  # the log's (device, inode) read so far
        self._lines = 0
        with self._lock:
            self._refresh()

    def digest(self, path: Path) -> str:
        """The hash of the file's bytes; read only when no process has kept it for its stat key."""
        stat = path.stat()
        name = str(path.absolute())
        key = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
        with self._lock:
            known = self._known.get(name)
            if not (known and known[:4] == key):
                self._refresh()  # another process may have hashed it since this one read the store
                known = self._known.get(name)
        if known and known[:4] == key:
            return known[4]
        digest = hashlib.blake2b(digest_size=20)
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
        value = digest.hexdigest()
        if time.time() - max(stat.st_mtime_ns, stat.st_ctime_ns) / 1e9 > RACY_SECONDS:
            with self._lock:
                self._known[name] = self._new[name] = (*key, value)
        return value

    def save(self) -> None:
        """Append the hashes this process computed since its last save to the store."""
        if self.store is None:
            return
        with self._lock:
            if not self._new:
                return
            self.store.parent.mkdir(parents=True, exist_ok=True)
            while True:
                fd = os.open(self.store, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                    if not _same_file(fd, self.store):
                        continue  # compacted by another process while this one waited: the new log
                    self._refresh()
                    if self._read_to < os.fstat(fd).st_size:
                        os.write(fd, b"\n")  # a damaged last line: the new ones start on their own
                    os.write(fd, _lines(self._new).encode("utf-8"))
                    self._read_to = os.fstat(fd).st_size  # its own lines: not to be read back
                    self._lines += len(self._new)
                    self._new = {}
                    # a file deleted or moved away is stale too: counted as live, a raw folder
                    # that takes new files and drops old ones would grow the log without end
                    live = sum(1 for name in self._known if os.path.exists(name))
                    if self._lines > 2 * live + _STALE_LINES:
                        self._compact()
                    return
                finally:
                    os.close(fd)  # drops the lock

    def _refresh(self) -> None:
        """Read the lines other processes appended to the store since this one last read it."""
        if self.store is None:
            return
        try:
            with open(self.store, "rb") as fh:
                stat = os.fstat(fh.fileno())
                identity = _identity(stat)
                if identity != self._store_id or stat.st_size < self._read_to:
                    self._store_id, self._read_to, self._lines = identity, 0, 0  # a new log
                fh.seek(self._read_to)
                data = fh.read()
        except OSError:
            return
        end = data.rfind(b"\n") + 1  # a line still being appended is read next time
        for line in data[:end].splitlines():
            try:
                name, *value = json.loads(line)
                size, mtime, ctime, inode, digest = value
                self._known[str(name)] = (int(size), int(mtime), int(ctime), int(inode), str(digest))
            except (ValueError, TypeError, IndexError):
                continue  # a damaged line only costs reading its file again
            self._lines += 1
        self._read_to += end

    def _compact(self) -> None:
        """Rewrite the store with one line a file that still exists (called holding its lock)."""
        assert self.store is not None
        kept = {k: v for k, v in self._known.items() if os.path.exists(k)}
        partial = self.store.with_name(f"{self.store.name}.{os.getpid()}.partial")
        partial.write_text(_lines(kept), encoding="utf-8")
        os.replace(partial, self.store)
        stat = self.store.stat()
        self._store_id, self._read_to, self._lines = _identity(stat), stat.st_size, len(kept)
        self._known = kept


def _lines(entries: dict[str, tuple[int, int, int, int, str]]) -> str:
    """The store's lines of ``entries``: one JSON array a file (name, stat key, digest)."""
    return "".join(json.dumps([name, *value]) + "\n" for name, value in entries.items())


def _identity(stat: os.stat_result) -> tuple[int, int]:
    return (stat.st_dev, stat.st_ino)


def _same_file(fd: int, path: Path) -> bool:
    try:
        return _identity(os.fstat(fd)) == _identity(path.stat())
    except FileNotFoundError:
        return False


def link_or_copy(part: Path, target: Path) -> None:
    """A kept part into a new folder: a hard link writes nothing; a copy where links cannot be made
    (another file system)."""
    try:
        target.hardlink_to(part)
    except OSError:
        shutil.copyfile(part, target)


_STORES: dict[Path, FileHashes] = {}
_STORES_LOCK = threading.Lock()


def file_hashes(cache_dir: Path) -> FileHashes:
    """The one ``FileHashes`` of a cache folder in this process (``cache_dir/file_hashes.jsonl``)."""
    store = cache_dir / "file_hashes.jsonl"
    with _STORES_LOCK:
        if store not in _STORES:
            _STORES[store] = FileHashes(store)
        return _STORES[store]


def fingerprint(*values: object, files: Iterable[Path] = (), hashes: FileHashes | None = None) -> str:
    """One digest of ``values`` (by their ``repr``) and of the contents of ``files`` (each by its name
    and hash, in the order given)."""
    hashes = hashes or FileHashes()
    digest = hashlib.blake2b(repr(values).encode(), digest_size=20)
    for path in files:
        digest.update(f"\0{path.name}\0{hashes.digest(path)}".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


@dataclass(frozen=True)
class Shards:
    """Where a source's per-file outputs are kept between builds (``Layout.cache_dir``), and the
    fingerprint of everything besides a file's bytes that its output depends on (code, vocabulary,
    settings, column mappings): a file whose bytes and fingerprint are unchanged is not read again."""

    root: Path
    fingerprint: str
    hashes: FileHashes = field(default_factory=FileHashes, compare=False)

    def key(self, path: Path, relative: str) -> str:
        """The shard of a raw file: its path in the raw folder, its content and the fingerprint."""
        return fingerprint(self.fingerprint, relative, self.hashes.digest(path))

    def seal(self, shard: Path, read_on: dt.date) -> None:
        """Mark a shard just read (from ``read_on``, the day reading started) with whether its outputs
        depend on that day: a date the plausibility window refused, whose reason names the window's
        moving end, and which a later day's window may accept."""
        dated = _names_the_window(shard)
        if dated and dt.date.today() != read_on:
            read_on = dt.date.min  # read across midnight: its reasons hold two days' windows
        record = {"read_on": read_on.isoformat(), "depends_on_day": dated}
        (shard / SHARD_DAY).write_text(json.dumps(record), encoding="utf-8")

    def reusable(self, shard: Path) -> bool:
        """A complete, sealed shard whose outputs a fresh read would give today: one whose outputs name
        the day's date window only on the day it was read."""
        try:
            record = json.loads((shard / SHARD_DAY).read_text(encoding="utf-8"))
            day = dt.date.fromisoformat(record["read_on"])
        except (OSError, ValueError, KeyError, TypeError):
            return False  # not sealed (read by an earlier version, or unfinished): read it again
        complete = (shard / "outcome.json").exists()
        return complete and (not record.get("depends_on_day", True) or day == dt.date.today())

    def made_from(self, shard: Path) -> str:
        """What a sealed shard's outputs are a function of: its key, and the day it was read when they
        depend on it (the same key read on another day may give other outputs)."""
        record = json.loads((shard / SHARD_DAY).read_text(encoding="utf-8"))
        return f"{shard.name}@{record['read_on']}" if record["depends_on_day"] else shard.name


def _names_the_window(shard: Path) -> bool:
    """Whether a rejected record's or a dropped value's reason in the shard is a date-window refusal."""
    for folder, column in (("rejects", "reason"), ("records", "value_errors")):
        for part in sorted((shard / folder).glob("*.parquet")):
            if column not in pl.read_parquet_schema(part):
                continue
            if column == "value_errors":
                reasons = pl.element().struct.field("reason").str.contains(DATE_WINDOW_REASON, literal=True)
                refused = pl.col(column).list.eval(reasons).list.any()
            else:
                refused = pl.col(column).str.contains(DATE_WINDOW_REASON, literal=True)
            if pl.scan_parquet(part).filter(refused).head(1).collect().height:
                return True
    return False
