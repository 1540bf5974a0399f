"""Streaming readers: one raw file in, ``(position, record)`` pairs out, memory bounded by one record.

A reader raises :class:`FileUnreadable` for a problem with the whole file (binary content, a truncated
archive, an unsupported extension); a single bad record is yielded as :class:`BadRecord` so the
caller can quarantine it and go on.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import itertools
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

csv.field_size_limit(1 << 30)

_SAMPLE = 1 << 20
_CHUNK = 1 << 22

# Extensions each reader takes; ``.gz`` may follow any text format.
TEXT_FORMATS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".txt": "txt",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
BINARY_FORMATS = {".parquet": "parquet", ".xlsx": "xlsx"}


class FileUnreadable(Exception):
    """The whole file cannot be read; the message says why."""


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


def _open_binary(path: Path) -> IO[bytes]:
    if path.suffix.lower() == ".gz":
        return gzip.GzipFile(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def detect_encoding(path: Path) -> str:
    """UTF-8 (BOM or not) when the whole file decodes as UTF-8, else cp1252, else latin-1.

    The whole stream is scanned once in chunks, so a truncated gzip or binary content is
    reported here, before any record is emitted, and memory stays at one chunk.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    cp1252 = codecs.getincrementaldecoder("cp1252")()
    cp1252_ok = True
    first = True
    try:
        with _open_binary(path) as fh:
            while chunk := fh.read(_CHUNK):
                if first:
                    if b"\x00" in chunk[:_SAMPLE] and not chunk.startswith(
                        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
                    ):
                        raise FileUnreadable("binary content (NUL bytes) in a text file")
                    if chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                        return "utf-16"
                    first = False
                if utf8:
                    try:
                        decoder.decode(chunk)
                    except UnicodeDecodeError:
                        utf8 = False
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
    if utf8:
        return "utf-8-sig"
    return "cp1252" if cp1252_ok else "latin-1"


def _open_text(path: Path) -> IO[str]:
    encoding = detect_encoding(path)
    return io.TextIOWrapper(_open_binary(path), encoding=encoding, newline="")


def _clean_header(name: str | None) -> str:
    return (name or "").replace("\ufeff", "").strip()


# Delimiters a CSV export may use (European spreadsheets write ";"); the header line decides.
CSV_DELIMITERS = (",", ";", "\t", "|")


def sniff_delimiter(header: str) -> str:
    """The delimiter the header line uses most (outside quotes); "," when none appears."""
    unquoted = "".join(header.split('"')[::2])
    counts = {d: unquoted.count(d) for d in CSV_DELIMITERS}
    best = max(CSV_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def read_text(path: Path) -> Iterator[tuple[int, Record]]:
    """A ``.txt`` file: tab-separated rows when its first line holds a tab (O*NET releases), else one
    plain-text document (a resume saved as text) at position 1."""
    with _open_text(path) as fh:
        first = fh.readline()
        if "\t" in first:
            yield from _delimited_rows(itertools.chain([first], fh), "\t", quoted=False)
            return
        text = first + fh.read()
    if text.strip():
        yield 1, {"text": text}


def read_csv(path: Path) -> Iterator[tuple[int, Record]]:
    """Rows of a CSV, delimited as its header line says (``sniff_delimiter``)."""
    with _open_text(path) as fh:
        first = fh.readline()
        if first:
            yield from _delimited_rows(itertools.chain([first], fh), sniff_delimiter(first), quoted=True)


def read_tsv(path: Path) -> Iterator[tuple[int, Record]]:
    with _open_text(path) as fh:
        yield from _delimited_rows(fh, "\t", quoted=False)


def _delimited_rows(lines: Iterator[str], delimiter: str, quoted: bool) -> Iterator[tuple[int, Record]]:
    """Rows as dicts keyed by the cleaned header; position = 1-based data row. ``quoted``: CSV quoting
    applies; O*NET's tab files use none (a quote character is text)."""
    if quoted:
        reader = csv.reader(lines, delimiter=delimiter)
    else:
        reader = csv.reader(lines, delimiter=delimiter, quoting=csv.QUOTE_NONE)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise FileUnreadable(f"cannot read the header row: {exc}") from exc
    columns = [_clean_header(c) for c in header]
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
            yield position, BadRecord(f"malformed row: {exc}", "")
            continue
        if not row or (len(row) == 1 and not row[0].strip()):
            position -= 1
            continue
        if len(row) != len(columns):
            raw = json.dumps(row, ensure_ascii=False)
            yield position, BadRecord(f"row has {len(row)} fields, header has {len(columns)}", raw)
            continue
        yield position, dict(zip(columns, row, strict=True))


def read_jsonl(path: Path) -> Iterator[tuple[int, Record]]:
    """One JSON object per line; position = 1-based line number."""
    with _open_text(path) as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                yield number, BadRecord(f"malformed JSON: {exc.msg} at column {exc.colno}", line.rstrip("\n"))
                continue
            if not isinstance(value, dict):
                yield (
                    number,
                    BadRecord(f"expected a JSON object, got {type(value).__name__}", line.rstrip("\n")),
                )
                continue
            yield number, value


def read_json(path: Path) -> Iterator[tuple[int, Record]]:
    """A JSON document: one object, an array of objects, or a JSON-LD ``@graph``; position = 1-based item."""
    with _open_text(path) as fh:
        try:
            value = json.load(fh)
        except json.JSONDecodeError as exc:
            raise FileUnreadable(
                f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
            ) from exc
    if isinstance(value, dict) and isinstance(value.get("@graph"), list):
        value = value["@graph"]
    items = value if isinstance(value, list) else [value]
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            yield number, item
        else:
            yield number, BadRecord(f"expected a JSON object, got {type(item).__name__}", json.dumps(item))


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
    """The first worksheet, header in the first row; read in streaming mode."""
    import zipfile

    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise FileUnreadable(f"not a readable xlsx workbook: {exc}") from exc
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        # Official workbooks may open with a title and notes (the BLS SOC files): the header is the
        # first row with two or more cells.
        for header in rows:
            if sum(cell is not None and str(cell).strip() != "" for cell in header) >= 2:
                break
        else:
            return
        columns = [_clean_header(str(c) if c is not None else "") for c in header]
        for position, row in enumerate(rows, start=1):
            if all(cell is None for cell in row):
                continue
            yield position, {c: ("" if v is None else v) for c, v in zip(columns, row, strict=False) if c}
    finally:
        workbook.close()


def read_records(path: Path) -> Iterator[tuple[int, Record]]:
    """Dispatch on the file's format; raises FileUnreadable for an unreadable or unsupported file."""
    fmt = file_format(path)
    if fmt == "csv":
        return read_csv(path)
    if fmt == "tsv":
        return read_tsv(path)
    if fmt == "txt":
        return read_text(path)
    if fmt == "jsonl":
        return read_jsonl(path)
    if fmt == "json":
        return read_json(path)
    if fmt == "parquet":
        return read_parquet(path)
    return read_xlsx(path)
