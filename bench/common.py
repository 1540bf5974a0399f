"""Shared by the benchmark scripts: measure one size in a fresh process, so peak RSS is per size; the
command line of one build."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any


def run_fresh(script: str, *args: str) -> dict[str, Any]:
    """Run ``script --one ...`` in a new interpreter; it prints its figures as JSON on its last line."""
    out = subprocess.run([sys.executable, script, *args], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def build_command(raw: Path, warehouse: Path) -> list[str]:
    """``labourlens build`` of ``raw`` into ``warehouse``, run by this interpreter."""
    return [
        sys.executable,
        "-m",
        "pipelines.cli",
        "build",
        "--raw-dir",
        str(raw),
        "--warehouse",
        str(warehouse),
    ]
