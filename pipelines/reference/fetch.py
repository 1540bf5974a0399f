"""Download the official reference releases into the raw directory (only when asked; tests use a local server)."""

from __future__ import annotations

import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from pipelines.reference.releases import ONET_FILES

ONET_URL = "https://www.onetcenter.org/dl_files/database/db_29_2_text.zip"
OEWS_URL = "https://www.bls.gov/oes/special-requests/oesm25in4.zip"
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
    names = {spec.file_name for spec in ONET_FILES} | {"Read Me.txt"}
    return _extract(url, out_dir, lambda name: name in names)


def fetch_oews(out_dir: Path, url: str = OEWS_URL) -> list[Path]:
    """The national industry-specific workbooks (``nat*_dl.xlsx``) of an OEWS release."""
    return _extract(
        url, out_dir, lambda name: name.lower().startswith("nat") and name.lower().endswith(".xlsx")
    )
