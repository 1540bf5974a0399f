"""Download the official reference releases into the raw directory (only when asked; tests use a local server)."""

from __future__ import annotations

import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from pipelines.reference.onet import ONET_FILES, SOC_DIRECT_MATCH

ONET_URL = "https://www.onetcenter.org/dl_files/database/db_29_2_text.zip"
OEWS_URL = "https://www.bls.gov/oes/special-requests/oesm25in4.zip"
SOC_URL = "https://www.bls.gov/soc/2018/soc_2018_direct_match_title_file.xlsx"
# BLS refuses requests without a browser-like agent and a contact.
_HEADERS = {"User-Agent": "Mozilla/5.0 (labourlens reference fetch; research use)"}
TIMEOUT_SECONDS = 120


class FetchError(Exception):
    pass


def _download(url: str, target: Path) -> None:
    request = urllib.request.Request(url, headers=_HEADERS)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response, target.open("wb") as fh:
            shutil.copyfileobj(response, fh)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise FetchError(f"cannot download {url}: {exc}") from exc


def _extract(url: str, out_dir: Path, wanted: Callable[[str], bool]) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "release.zip"
        _download(url, archive)
        try:
            with zipfile.ZipFile(archive) as zf:
                written = []
                for info in zf.infolist():
                    name = PurePosixPath(info.filename).name
                    if info.is_dir() or not wanted(name):
                        continue
                    target = out_dir / name
                    with zf.open(info) as src, target.open("wb") as dst:
                        shutil.copyfileobj(src, dst)
                    written.append(target)
        except zipfile.BadZipFile as exc:
            raise FetchError(f"{url} did not return a zip archive: {exc}") from exc
    if not written:
        raise FetchError(f"{url}: the archive holds none of the expected files")
    return written


def fetch_onet(out_dir: Path, url: str = ONET_URL) -> list[Path]:
    """The O*NET text release files this project reads (plus its Read Me, which carries the licence)."""
    names = {name for spec in ONET_FILES for name in spec.file_names} | {"Read Me.txt"}
    return _extract(url, out_dir, lambda name: name in names)


def fetch_oews(out_dir: Path, url: str = OEWS_URL) -> list[Path]:
    """The national industry-specific workbooks (``nat*_dl.xlsx``) of an OEWS release."""
    return _extract(
        url, out_dir, lambda name: name.lower().startswith("nat") and name.lower().endswith(".xlsx")
    )


def fetch_soc(out_dir: Path, url: str = SOC_URL) -> list[Path]:
    """The BLS SOC 2018 Direct Match Title File (an xlsx workbook, not an archive)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / SOC_DIRECT_MATCH.file_names[0]
    with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
        partial = Path(tmp) / target.name
        _download(url, partial)
        if not zipfile.is_zipfile(partial):
            raise FetchError(f"{url} did not return an xlsx workbook")
        partial.replace(target)
    return [target]
