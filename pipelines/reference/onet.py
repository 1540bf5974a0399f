"""The reference release files the pipeline reads, under their official names: the O*NET database text
release and the BLS SOC 2018 Direct Match Title File, laid out in ``reference/release_files.toml``."""

from __future__ import annotations

import tomllib
from typing import Any

from pipelines import REFERENCE_DIR
from pipelines.reference.values import PARSERS, Column, ReleaseFile

LAYOUTS_FILE = REFERENCE_DIR / "release_files.toml"


def _release_file(entry: dict[str, Any]) -> ReleaseFile:
    columns = []
    for header, name, parse in entry["columns"]:
        if parse not in PARSERS:
            raise ValueError(
                f"{LAYOUTS_FILE}: {entry['table']}.{name} is read by {parse!r}, not one of {sorted(PARSERS)}"
            )
        columns.append(Column(header, name, PARSERS[parse]))
    return ReleaseFile(
        entry["folder"], tuple(entry["names"]), entry["table"], tuple(columns), entry.get("optional", False)
    )


with LAYOUTS_FILE.open("rb") as _f:
    _FILES = tuple(_release_file(entry) for entry in tomllib.load(_f)["file"])

ONET_FILES: tuple[ReleaseFile, ...] = tuple(f for f in _FILES if f.folder == "onet")
SOC_DIRECT_MATCH = next(f for f in _FILES if f.table == "soc_direct_match_titles")
RELEASE_FILES: tuple[ReleaseFile, ...] = (*ONET_FILES, SOC_DIRECT_MATCH)
