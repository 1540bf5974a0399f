"""labourlens. The project's fixed places are here, not in ``pipelines.settings``: the code a spawned
ingest worker runs (documents, ingest, reference) reads its vocabulary from them without importing
Dagster (~2 CPU-s a process)."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = PROJECT_ROOT / "sql"
REFERENCE_DIR = PROJECT_ROOT / "reference"
