"""A table whose SQL selects a step's parts row by row is updated with the step's changes (the memo's)
to exactly the rows a build from the new parts gives, and only when it holds the outputs they change."""

from functools import partial
from pathlib import Path

import duckdb
import polars as pl

from pipelines.shards.memo import Memo
from pipelines.skills.documents import PART_SCHEMA
from pipelines.warehouse.build import build_table, update_table
from pipelines.warehouse.contracts import contract

SPEC = contract("staging.document_skills")


def _skills(batch: pl.DataFrame) -> pl.DataFrame:
    """One row per word of a document, as its skills."""
    rows = batch.with_columns(pl.col("text").str.split(" ").alias("skill_id")).explode(
        "skill_id", empty_as_null=True
    )
    return rows.select(
        pl.lit("resume").alias("doc_type"),
        "doc_id",
        "skill_id",
        pl.lit(True).alias("in_text"),
        pl.lit(None, pl.Boolean).alias("in_skills_field"),
        pl.concat_list("skill_id").alias("forms"),
        pl.lit(None, pl.String).alias("evidence"),
    ).cast({k: v for k, v in PART_SCHEMA.items() if k in ("forms", "evidence")})


def _step(tmp_path: Path, docs: dict[str, str], run: str) -> tuple[dict[str, str], Path]:
    """The memo's run of one build: its parts' parameters and its changes folder."""
    out = tmp_path / run
    out.mkdir()
    frame = pl.DataFrame({"doc_type": "resume", "doc_id": list(docs), "text": list(docs.values())})
    changes = out / "changes"
    Memo(tmp_path / "memo", "v1", ["doc_type", "doc_id"], run).run(
        frame.iter_slices(2), partial(map, _skills), out, "resume", changes
    )
    return {"parts": str(out / "*.parquet")}, changes


def _rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute("select * from staging.document_skills order by all").fetchall()


def test_a_table_updated_with_the_changes_holds_the_rows_a_build_from_nothing_does(tmp_path: Path):
    con = duckdb.connect()
    params, _ = _step(tmp_path, {"1": "python sql", "2": "excel", "3": "r"}, "build1")
    build_table(con, "staging", "document_skills", params)

    params, changes = _step(tmp_path, {"1": "python sql", "2": "excel word", "4": "java"}, "build2")
    # changes to other outputs than the table holds change nothing
    assert update_table(con, SPEC, params, changes, "another build") is None
    assert update_table(con, SPEC, params, changes, None) is None
    before = _rows(con)
    assert ("resume", "3", "r", True, None, ["r"], None) in before

    assert update_table(con, SPEC, params, changes, "build1") == 5
    fresh = duckdb.connect()
    build_table(fresh, "staging", "document_skills", params)
    assert _rows(con) == _rows(fresh)
    assert {doc for _, doc, *_ in _rows(con)} == {"1", "2", "4"}


def test_no_table_to_update_builds_it(tmp_path: Path):
    _step(tmp_path, {"1": "python"}, "build1")
    params, changes = _step(tmp_path, {"1": "python", "2": "sql"}, "build2")
    assert update_table(duckdb.connect(), SPEC, params, changes, "build1") is None
