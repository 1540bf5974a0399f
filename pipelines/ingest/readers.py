"""Streaming readers: one raw file in, ``(position, record)`` pairs out, memory bounded by one record.

A reader raises :class:`FileUnreadable` for a problem with the whole file (binary content, a truncated
archive, an unsupported extension, no content, more than ``Limits.max_file_bytes`` once
decompressed); a single bad record (malformed, nested too deeply, larger than
``Limits.max_record_bytes``) is yielded as :class:`BadRecord` so the caller can quarantine it and go on.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import itertools
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pipelines.ingest.columns import (
    header_columns,
    header_names,
    is_header_again,
    sheet_tables,
    sniff_delimiter,
)

csv.field_size_limit(1 << 30)

_CHUNK = 1 << 22

# Extensions each reader takes; ``.gz`` may follow any text format.
TEXT_FORMATS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".txt": "txt",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
}
BINARY_FORMATS = {".parquet": "parquet", ".xlsx": "xlsx"}
# Readers whose records each carry their own keys, with no header shared by the file.
RECORD_FORMATS = {"json", "jsonl", "html"}


class FileUnreadable(Exception):
    """The whole file cannot be read; the message says why."""


@dataclass(frozen=True)
class Limits:
    """Sizes past which input is refused (settings ``max_record_bytes``, ``max_file_bytes``)."""

    max_record_bytes: int = 2_000_000
    max_file_bytes: int = 4_000_000_000

    def check_record(self, size: int) -> str | None:
        return self.too_large(size) if size > self.max_record_bytes else None

    def too_large(self, size: int | None = None) -> str:
        held = f"of {size:,} bytes" if size is not None else f"of more than {self.max_record_bytes:,} bytes"
        return f"record {held} is larger than the limit of {self.max_record_bytes:,} (LABOURLENS_MAX_RECORD_BYTES)"


@dataclass(frozen=True)
class BadRecord:
    """A record the reader could see but not parse (a malformed JSON line, a ragged CSV row)."""

    reason: str
    raw: str


Record = dict[str, Any] | BadRecord


def file_format(path: Path) -> str:
    """The reader for a file, from its extension(s); raises FileUnreadable for anything else."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
        if suffixes and suffixes[-1] in TEXT_FORMATS:
            return TEXT_FORMATS[suffixes[-1]]
    elif suffixes and suffixes[-1] in TEXT_FORMATS:
        return TEXT_FORMATS[suffixes[-1]]
    elif suffixes and suffixes[-1] in BINARY_FORMATS:
        return BINARY_FORMATS[suffixes[-1]]
    raise FileUnreadable(f"unsupported file type {''.join(path.suffixes) or '(no extension)'!r}")


DEFAULT_LIMITS = Limits()


class _Bounded(io.RawIOBase):
    """A binary stream that refuses to give more than ``limit`` bytes (a gzip bomb stops there)."""

    def __init__(self, raw: Any, limit: int) -> None:
        self.raw, self.limit, self.count = raw, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self.raw.readinto(buffer)
        self.count += n or 0
        if self.count > self.limit:
            raise FileUnreadable(
                f"more than {self.limit:,} bytes once decompressed (LABOURLENS_MAX_FILE_BYTES)"
            )
        return n

    def close(self) -> None:
        self.raw.close()
        super().close()


# Compressed files and archives by their first bytes: gzip is read whatever its name (downloads and
# exports drop the .gz); the others must be unpacked first.
_GZIP = b"\x1f\x8b"
_PACKED = {b"PK\x03\x04": "a ZIP archive", b"BZh": "bzip2-compressed", b"\xfd7zXZ\x00": "xz-compressed"}


def _open_binary(path: Path, limits: Limits) -> IO[bytes]:
    with open(path, "rb") as fh:
        head = fh.read(6)
    if packed := next((what for magic, what in _PACKED.items() if head.startswith(magic)), None):
        raise FileUnreadable(f"{packed}, not a text file: unpack it into the raw folder")
    raw = gzip.GzipFile(path, "rb") if head.startswith(_GZIP) else open(path, "rb", buffering=0)  # noqa: SIM115
    return io.BufferedReader(_Bounded(raw, limits.max_file_bytes), _CHUNK)


# Control bytes no text holds (tab, line ends, vertical tab and form feed, which Word and ATS exports
# write for a line break inside a cell, escape, and DOS's end-of-file mark aside): random bytes are a
# ninth of them, text written by any tool next to none. Only a first chunk that is not UTF-8 is
# counted: random bytes almost never are.
_TEXT_BYTES = bytes(b for b in range(256) if b >= 0x20 or b in b"\t\n\x0b\x0c\r\x1a\x1b")
_MAX_CONTROL_SHARE = 0.01


def _utf16_without_bom(chunk: bytes) -> str | None:
    """UTF-16 written without its byte-order mark (database exports such as ``bcp -w``): text in
    Latin script has a NUL as every other byte, on one side only, and decodes; binary content does
    not keep to that. A NUL byte otherwise makes the file binary."""
    sample = chunk[: 1 << 16]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 8:
        return None
    for encoding, text, wide in (
        ("utf-16-le", sample[0::2], sample[1::2]),
        ("utf-16-be", sample[1::2], sample[0::2]),
    ):
        if text.count(0) == 0 and wide.count(0) >= 0.9 * len(wide):
            try:  # the sample may end inside a character (a surrogate pair): not final
                codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
            except UnicodeDecodeError:
                return None
            return encoding
    return None


def detect_encoding(path: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """UTF-16 when the file opens with its BOM or is UTF-16 without one (``_utf16_without_bom``), UTF-8
    (BOM or not) when the whole file decodes as UTF-8, else cp1252, else latin-1.

    The whole stream is scanned once in chunks, so a truncated gzip, binary content (a NUL byte
    anywhere), an empty file or one past the size limit is reported here, before any record is
    emitted, and memory stays at one chunk.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    cp1252 = codecs.getincrementaldecoder("cp1252")()
    cp1252_ok = True
    offset = 0
    try:
        with _open_binary(path, limits) as fh:
            while chunk := fh.read(_CHUNK):
                if offset == 0 and chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                    return "utf-16"
                if offset == 0 and (wide := _utf16_without_bom(chunk)):
                    return wide
                if (nul := chunk.find(b"\x00")) >= 0:
                    raise FileUnreadable(
                        f"binary content (a NUL byte at byte {offset + nul:,}) in a text file"
                    )
                first = offset == 0
                offset += len(chunk)
                if utf8:
                    try:
                        decoder.decode(chunk)
                    except UnicodeDecodeError:
                        utf8 = False
                if (
                    first
                    and not utf8
                    and (controls := len(chunk.translate(None, _TEXT_BYTES)))
                    > max(8, _MAX_CONTROL_SHARE * len(chunk))
                ):
                    raise FileUnreadable(
                        f"binary content ({controls:,} control bytes in its first {len(chunk):,}) in a text file"
                    )
                if not utf8 and cp1252_ok:
                    try:
                        cp1252.decode(chunk)
                    except UnicodeDecodeError:
                        cp1252_ok = False
            if utf8:
                decoder.decode(b"", final=True)
    except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise FileUnreadable("file not found") from exc
        raise FileUnreadable(f"corrupt or truncated compressed file: {exc}") from exc
    except UnicodeDecodeError:
        utf8 = False
    if offset == 0:
        raise FileUnreadable("empty file (0 bytes)")
    if utf8:
        return "utf-8-sig"
    return "cp1252" if cp1252_ok else "latin-1"


def open_text(path: Path, limits: Limits) -> IO[str]:
    encoding = detect_encoding(path, limits)
    # UTF-16 is not checked to its end as UTF-8 is: a file cut at an odd byte reads to the end with
    # that last character replaced, not refused after its good rows
    errors = "replace" if encoding.startswith("utf-16") else "strict"
    return io.TextIOWrapper(_open_binary(path, limits), encoding=encoding, errors=errors, newline="")


def read_text(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[tuple[int, Record]]:
    """A ``.txt`` file: tab-separated rows when its first line holds a tab (O*NET releases), else one
    plain-text document (a resume saved as text) at position 1."""
    with open_text(path, limits) as fh:
        first = fh.readline()
        if "\t" in first:
            yield from _delimited_rows(itertools.chain([first], fh), "\t", quoted=False, limits=limits)
            return
        # never more than the record limit in memory: a document past it is refused unread
        text = first + fh.read(max(0, limits.max_record_bytes + 1 - len(first)))
        if not text.strip():
            raise FileUnreadable("empty file: only whitespace")
        if len(text) > limits.max_record_bytes:
            yield 1, BadRecord(limits.too_large(), text[:RAW_SHOWN])
            return
    yield 1, {"text": text}


# How much of a refused record the quarantine keeps.
RAW_SHOWN = 100_000


# A row that repeats the header: files concatenated with their headers (``is_header_again``).
HEADER_AGAIN = "the header row again (files joined with their headers)"
# The line Excel writes above a CSV to name its delimiter (``sep=;``).
_SEPARATOR_HINT = re.compile(r"\ufeff?sep=(.)\s*")


def read_csv(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[tuple[int, Record]]:
    """Rows of a CSV, delimited as Excel's ``sep=`` line says, else as its header line does
    (``sniff_delimiter``)."""
    with open_text(path, limits) as fh:
        first = fh.readline()
        hint = _SEPARATOR_HINT.fullmatch(first)
        if hint:
            first = fh.readline()
        if not first.strip():
            raise FileUnreadable("empty file: no header row")
        delimiter = hint.group(1) if hint else sniff_delimiter(first)
        yield from _delimited_rows(itertools.chain([first], fh), delimiter, quoted=True, limits=limits)


def read_tsv(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[tuple[int, Record]]:
    with open_text(path, limits) as fh:
        yield from _delimited_rows(fh, "\t", quoted=False, limits=limits)


class _Lines:
    """The lines a csv reader consumes, kept until their record is taken: a malformed record (an
    unclosed quote that swallowed the rows after it) is quarantined with its raw text."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.lines = iter(lines)
        self.taken: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.taken.append(line)
        return line

    def take(self) -> str:
        raw, self.taken = "".join(self.taken), []
        return raw


def _delimited_rows(
    lines: Iterable[str], delimiter: str, quoted: bool, limits: Limits
) -> Iterator[tuple[int, Record]]:
    """Rows as dicts keyed by the cleaned header; position = 1-based data row. ``quoted``: CSV quoting
    applies, strictly (text after a closing quote, or a quote never closed, makes the row malformed);
    O*NET's tab files use none (a quote character is text)."""
    source = _Lines(lines)
    if quoted:
        reader = csv.reader(source, delimiter=delimiter, strict=True)
    else:
        reader = csv.reader(source, delimiter=delimiter, quoting=csv.QUOTE_NONE)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise FileUnreadable(f"cannot read the header row: {exc}") from exc
    source.take()
    columns, names = header_columns(header), header_names(header)
    if not any(columns):
        raise FileUnreadable("empty header row")
    position = 0
    while True:
        position += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raw = source.take()
            rows = raw.count("\n")
            merged = (
                f" spanning {rows} lines (an unclosed quote merges the rows after it)" if rows > 1 else ""
            )
            yield position, BadRecord(f"malformed row{merged}: {exc}", raw[:RAW_SHOWN])
            continue
        raw = source.take()
        if not row or (len(row) == 1 and not row[0].strip()):
            position -= 1
            continue
        if problem := limits.check_record(len(raw)):
            yield position, BadRecord(problem, raw[:RAW_SHOWN])
            continue
        if len(row) != len(columns):
            yield (
                position,
                BadRecord(f"row has {len(row)} fields, header has {len(columns)}", raw[:RAW_SHOWN]),
            )
            continue
        if is_header_again(row, names):
            yield position, BadRecord(HEADER_AGAIN, raw[:RAW_SHOWN])
            continue
        yield position, dict(zip(columns, row, strict=True))


def read_parquet(path: Path, batch_size: int = 10_000) -> Iterator[tuple[int, Record]]:
    import pyarrow.lib
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
        position = 0
        for batch in parquet.iter_batches(batch_size=batch_size):
            for row in batch.to_pylist():
                position += 1
                yield position, row
    except (pyarrow.lib.ArrowException, OSError) as exc:
        raise FileUnreadable(f"not a readable Parquet file: {exc}") from exc


def read_xlsx(path: Path) -> Iterator[tuple[int, Record]]:
    """The workbook's table, read in streaming mode: the first sheet with a header of two or more
    columns (a sheet of notes before it is passed over; a one-column table where no sheet has one),
    and the later sheets with the same header (a table longer than a
    sheet's million rows, or split by month), their rows numbered on from the sheet before. Sheets
    with another header (field descriptions, pivot summaries) are not that table."""
    import zipfile

    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise FileUnreadable(f"not a readable xlsx workbook: {exc}") from exc
    try:
        visible = [sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
        position = 0
        # a table of one column (a list of titles or skills) only where no sheet holds a wider one:
        # a sheet of notes is one column too
        for cells in (2, 1):
            read = False
            for header, rows in sheet_tables(visible, cells):
                read = True
                columns, names = header_columns(header), header_names(header)
                for row in rows:
                    position += 1  # empty rows too: a record's position is its row below the header
                    if all(cell is None for cell in row):
                        continue
                    if is_header_again(row, names):
                        yield (
                            position,
                            BadRecord(HEADER_AGAIN, ",".join("" if v is None else str(v) for v in row)),
                        )
                        continue
                    yield (
                        position,
                        {c: ("" if v is None else v) for c, v in zip(columns, row, strict=False) if c},
                    )
            if read:
                return
        raise FileUnreadable("no sheet holds a table (a header row and a row below it)")
    finally:
        workbook.close()


def read_records(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[tuple[int, Record]]:
    """Dispatch on the file's format; raises FileUnreadable for an unreadable or unsupported file."""
    from pipelines.ingest import jsonld  # its readers build on this module's

    fmt = file_format(path)
    readers = {"csv": read_csv, "tsv": read_tsv, "txt": read_text}
    readers |= {"jsonl": jsonld.read_jsonl, "json": jsonld.read_json, "html": jsonld.read_html}
    if fmt in readers:
        return readers[fmt](path, limits)
    size = path.stat().st_size
    if size == 0:
        raise FileUnreadable("empty file (0 bytes)")
    if size > limits.max_file_bytes:
        raise FileUnreadable(
            f"{size:,} bytes, more than the limit of {limits.max_file_bytes:,} (LABOURLENS_MAX_FILE_BYTES)"
        )
    return read_parquet(path) if fmt == "parquet" else read_xlsx(path)
