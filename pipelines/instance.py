"""The project's own DAGSTER_HOME, so that nothing is written to ~/.dagster."""

import os
import shutil
from pathlib import Path

from pipelines.settings import PROJECT_ROOT


def ensure_dagster_home() -> Path:
    """Use $DAGSTER_HOME when set, else ``.dagster_home/``; keep its dagster.yaml in step with the project's."""
    home = Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / ".dagster_home")
    home.mkdir(parents=True, exist_ok=True)
    target = home / "dagster.yaml"
    source = PROJECT_ROOT / "dagster.yaml"
    if not target.exists() or target.read_bytes() != source.read_bytes():
        shutil.copyfile(source, target)
    os.environ["DAGSTER_HOME"] = str(home)
    return home
