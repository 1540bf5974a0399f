"""The raw sources: which files under the raw directory feed which staging table, and how."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.documents.postings import POSTING_SCHEMA, PostingNormaliser, finish_postings
from pipelines.documents.resumes import RESUME_SCHEMA, ResumeNormaliser, finish_resumes
from pipelines.ingest.columns import load_declared_mappings
from pipelines.ingest.loop import Found, find_files, link_problem
from pipelines.ingest.parts import Finisher, Normaliser
from pipelines.ingest.readers import RECORD_FORMATS, FileUnreadable, file_format
from pipelines.reference.oews import OEWS_SCHEMA, OewsNormaliser
from pipelines.reference.onet import RELEASE_FILES
from pipelines.reference.values import ReleaseFile

# Where symbolic links under the raw directory may lead (pipelines.ingest.loop.raw_roots).
Roots = Sequence[Path]


@dataclass(frozen=True)
class Source:
    """``name`` is also the staging table it feeds. ``files(raw_dir, roots)`` lists its files, and the
    symbolic links that may not be followed (``roots``: where links may lead); ``finish`` completes
    each batch of normalised rows."""

    name: str
    folder: str
    schema: dict[str, pl.DataType]
    files: Callable[[Path, Roots], list[Found]]
    normaliser_for: Callable[[Path, str], Normaliser]
    finish: Finisher | None = None


def _all_files(folder: str) -> Callable[[Path, Roots], list[Found]]:
    return lambda raw_dir, roots: find_files(raw_dir / folder, roots)


def _headed(relative: str) -> bool:
    """Whether a file's records share one header (CSV, TSV, sheets) rather than each carrying its own
    keys (JSON, JSON Lines, JSON-LD in HTML)."""
    try:
        return file_format(Path(relative)) not in RECORD_FORMATS
    except FileUnreadable:
        return True  # the reader reports the unsupported type


def _resume_normaliser(raw_dir: Path, relative: str) -> Normaliser:
    return ResumeNormaliser(load_declared_mappings(raw_dir).for_file(relative), _headed(relative))


def _posting_normaliser(raw_dir: Path, relative: str) -> Normaliser:
    return PostingNormaliser(load_declared_mappings(raw_dir).for_file(relative), _headed(relative))


def _release_file(spec: ReleaseFile) -> Callable[[Path, Roots], list[Found]]:
    """The release file under the first of its official names that exists. A missing required file is
    listed anyway, under its first name, so it is reported as unreadable instead of skipped; a missing
    optional one is not listed (the build warns that it works without it)."""

    def files(raw_dir: Path, roots: Roots) -> list[Found]:
        candidates = [raw_dir / spec.folder / name for name in spec.file_names]
        found = next((p for p in candidates if os.path.lexists(p)), None)
        if found is None and spec.optional:
            return []
        path = found or candidates[0]
        return [Found(path, link_problem(path, roots))]

    return files


def _oews_normaliser(_raw_dir: Path, relative: str) -> Normaliser:
    return OewsNormaliser(relative)


def _constant(normaliser: Normaliser) -> Callable[[Path, str], Normaliser]:
    return lambda _raw, _relative: normaliser


_WAGE_TABLE_COLUMNS = {"industry_code", "naics", "i_group", "o_group", "occ_group"}


def _is_oews_wage_table(path: Path) -> bool:
    """The OEWS folder also holds code lists and manifests: only tables with occupation codes and an
    industry or occupation-group column are wage tables. A file that cannot be sniffed is kept, so
    its problem gets reported."""
    if path.suffix.lower() in {".xlsx", ".parquet"}:
        return True
    from pipelines.ingest.readers import read_records

    try:
        for _, record in read_records(path):
            keys = {str(k).lower() for k in record} if isinstance(record, dict) else set()
            return "occ_code" in keys and bool(keys & _WAGE_TABLE_COLUMNS)
    except FileUnreadable:
        return True
    return False


def _oews_files(raw_dir: Path, roots: Roots) -> list[Found]:
    return [f for f in find_files(raw_dir / "oews", roots) if f.problem or _is_oews_wage_table(f.path)]


SOURCES: tuple[Source, ...] = (
    Source("resumes", "resumes", RESUME_SCHEMA, _all_files("resumes"), _resume_normaliser, finish_resumes),
    Source(
        "postings", "postings", POSTING_SCHEMA, _all_files("postings"), _posting_normaliser, finish_postings
    ),
    *(
        Source(spec.table, spec.folder, spec.schema, _release_file(spec), _constant(spec))
        for spec in RELEASE_FILES
    ),
    Source("oews_wages", "oews", OEWS_SCHEMA, _oews_files, _oews_normaliser),
)
SOURCES_BY_NAME = {s.name: s for s in SOURCES}


def normaliser(name: str, raw_dir: Path, relative: str) -> Normaliser:
    """The normaliser of one file of a source, by the source's name: picklable, with ``functools.partial``,
    for the processes that read files in parallel."""
    return SOURCES_BY_NAME[name].normaliser_for(raw_dir, relative)
