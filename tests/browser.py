"""Headless Chromium for the tests of generated HTML: DOM dumps, screenshots and the hosts a page contacts."""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pipelines import PROJECT_ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Screenshots the test run leaves for people to look at (git-ignored).
ARTIFACTS = PROJECT_ROOT / ".test-artifacts"

requires_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (make browser installs it)"
)


def _flags(profile: Path) -> list[str]:
    return [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
    ]


def dump_dom(url: str, profile: Path, net_log: Path | None = None, window: str = "1280,1000") -> str:
    """The DOM after scripts ran; with ``net_log`` Chromium records every request it made."""
    extra = [f"--log-net-log={net_log}"] if net_log else []
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *_flags(profile), *extra, f"--window-size={window}", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout


def screenshot(url: str, profile: Path, out: Path, window: str = "1280,1000") -> Path:
    assert CHROMIUM is not None
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [CHROMIUM, *_flags(profile), f"--window-size={window}", f"--screenshot={out}", url],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return out


def hosts(net_log: Path) -> set[str]:
    """Hosts of the requests a page made. Chromium's own requests (its clock, update and account
    pings, made even headless and at any moment) start with no initiating origin ("not an origin");
    a file:// page's start with "null"."""
    log = json.loads(net_log.read_text(encoding="utf-8"))
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    starts = [e.get("params", {}) for e in log.get("events", []) if e.get("type") == start_job]
    urls = {p.get("url", "") for p in starts if p.get("initiator") != "not an origin"}
    return {urlsplit(u).hostname or "" for u in urls if u.startswith(("http://", "https://"))}


def contacted_hosts(url: str, profile: Path, workdir: Path) -> set[str]:
    """Hosts the page at ``url`` asked for while Chromium showed it."""
    page_log = workdir / "page-net.json"
    dump_dom(url, profile, page_log)
    return hosts(page_log)
