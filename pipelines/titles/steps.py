"""Map every distinct document title to an occupation, reading and writing through the warehouse."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import duckdb
import polars as pl

from pipelines.titles.index import TitleIndex
from pipelines.warehouse.database import sql_text

MATCH_SCHEMA: dict[str, pl.DataType] = {
    "title": pl.String(),
    "title_normalised": pl.String(),
    "occupation_code": pl.String(),
    "soc_code": pl.String(),
    "method": pl.String(),
    "score": pl.Float64(),
    "candidate_code": pl.String(),
    "other_codes": pl.List(pl.String()),
}


def load_title_index(con: duckdb.DuckDBPyConnection) -> TitleIndex:
    rows = con.execute(sql_text("inputs", "onet_titles")).fetchall()
    priors = dict(con.execute(sql_text("inputs", "occupation_priors")).fetchall())
    corrections = con.execute(sql_text("inputs", "title_corrections")).fetchall()
    technologies = con.execute(sql_text("inputs", "title_technologies")).fetchall()
    return TitleIndex(
        occupation_titles=[(title, code) for code, title, primary, _ in rows if primary],
        alternate_titles=[(title, code) for code, title, primary, _ in rows if not primary],
        priors={soc: float(n) for soc, n in priors.items()},
        sources={(title, code): n for code, title, primary, n in rows if not primary},
        corrections=corrections,
        technologies=technologies,
    )


def write_title_matches(con: duckdb.DuckDBPyConnection, params: dict[str, str], out: Path) -> int:
    """Match the distinct titles of the ingested documents; writes ``out`` (Parquet), returns the count."""
    titles = [r[0] for r in con.execute(sql_text("inputs", "document_titles"), params).fetchall()]
    matches = load_title_index(con).match_many(titles)
    out.parent.mkdir(parents=True, exist_ok=True)
    pl.from_dicts([asdict(m) for m in matches], schema=MATCH_SCHEMA).write_parquet(out)
    return len(matches)
