"""The Python step of staging.title_occupations: map every distinct document title to an occupation."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import polars as pl

from pipelines.titles.index import TitleIndex
from pipelines.warehouse.build import StepContext

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


def load_title_index(ctx: StepContext) -> TitleIndex:
    rows = ctx.query("onet_titles").fetchall()
    priors = dict(ctx.query("occupation_priors").fetchall())
    corrections = ctx.query("title_corrections").fetchall()
    technologies = ctx.query("title_technologies").fetchall()
    return TitleIndex(
        occupation_titles=[(title, code) for code, title, primary, _ in rows if primary],
        alternate_titles=[(title, code) for code, title, primary, _ in rows if not primary],
        priors={soc: float(n) for soc, n in priors.items()},
        sources={(title, code): n for code, title, primary, n in rows if not primary},
        corrections=corrections,
        technologies=technologies,
    )


def match_titles(ctx: StepContext) -> dict[str, Any]:
    """Match the distinct titles of the ingested documents into the `matches` work file."""
    titles = [r[0] for r in ctx.query("document_titles").fetchall()]
    matches = load_title_index(ctx).match_many(titles)
    out = ctx.work_path("matches")
    pl.from_dicts([asdict(m) for m in matches], schema=MATCH_SCHEMA).write_parquet(out)
    by_method: dict[str, int] = {}
    for m in matches:
        by_method[m.method] = by_method.get(m.method, 0) + 1
    return {"by_method": by_method}
