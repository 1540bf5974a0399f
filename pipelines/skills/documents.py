"""The skills of a batch of documents: cleaned text matched against the taxonomy, ambiguous forms
decided from their context, structured skills fields mapped through the same aliases, and for resumes
the first bullet that mentions each skill as evidence."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

import polars as pl

from pipelines.skills.clean import cleaned, without_company
from pipelines.skills.context import uses
from pipelines.skills.extract import Extractor, structured_skills

PART_SCHEMA = pl.Schema(
    {
        "doc_type": pl.String(),
        "doc_id": pl.String(),
        "skill_id": pl.String(),
        "in_text": pl.Boolean(),
        "in_skills_field": pl.Boolean(),
        "forms": pl.List(pl.String()),
        "evidence": pl.String(),
    }
)


def _decided(found: pl.DataFrame, texts: dict[str, str], software: Mapping[str, str]) -> pl.DataFrame:
    """The matches that count: every clear form, and an ambiguous one where its context says it is a
    skill (``reason``: clear, list, named or capitalised)."""
    clear = found.filter(~pl.col("ambiguous"))
    unclear = found.filter(pl.col("ambiguous"))
    clear = clear.with_columns(pl.lit("clear").alias("reason"))
    if not unclear.height:
        return clear
    software_count: dict[str, int] = defaultdict(int)
    for doc, skill_id in clear.select("doc_id", "skill_id").unique().iter_rows():
        if skill_id in software:
            software_count[doc] += 1
    lowered: dict[str, str] = {}
    reasons = []
    for doc, form, name in unclear.select("doc_id", "form", "skill").iter_rows():
        text = texts[doc]
        low = lowered.get(doc)
        if low is None:
            low = lowered[doc] = text.lower()
            if len(low) != len(text):  # a character whose lower case is longer: no case evidence
                text = texts[doc] = low
        reasons.append(uses(text, low, form, name, software_count[doc]))
    decided = unclear.with_columns(pl.Series("reason", reasons, dtype=pl.String)).drop_nulls("reason")
    return pl.concat([clear, decided])


def document_skills(
    batch: pl.DataFrame,
    doc_type: str,
    extractor: Extractor,
    aliases: Mapping[str, str],
    software: Mapping[str, str],
    with_reasons: bool = False,
) -> pl.DataFrame:
    """Skills of a batch of documents (``doc_id``, ``text``, ``skills_raw``, ``bullets`` and, for
    postings, ``company``), one row per (document, skill, way found) with the surface forms found and
    the first bullet that mentions the skill. ``software``: ids of software skills (co-occurrence
    evidence). ``with_reasons`` adds the evidence each text match counted on (for the bench)."""
    if "company" in batch.columns:
        batch = batch.with_columns(without_company(batch["text"], batch["company"]))
    docs = batch.select("doc_id", cleaned(pl.col("text")).alias("text"))
    bullets = (
        batch.select("doc_id", pl.col("bullets").alias("bullet"))
        .with_columns(pl.int_ranges(pl.col("bullet").list.len()).alias("bullet_index"))
        .explode("bullet", "bullet_index", empty_as_null=True)
        .drop_nulls("bullet")
        .with_columns(pl.col("bullet_index").cast(pl.Int64), cleaned(pl.col("bullet")).alias("clean"))
    )
    # Texts and bullets go through one matching call: the phrase automaton is built once per call.
    units = pl.concat(
        [
            docs.select("doc_id", pl.lit(-1, pl.Int64).alias("bullet_index"), "text"),
            bullets.select("doc_id", "bullet_index", pl.col("clean").alias("text")),
        ]
    )
    found = extractor.matches(units, ["doc_id", "bullet_index"], "text")
    in_doc = found.filter(pl.col("bullet_index") == -1)
    needs_text = in_doc.filter(pl.col("ambiguous"))["doc_id"].unique()
    texts = dict(docs.filter(pl.col("doc_id").is_in(needs_text.implode())).iter_rows())
    decided = _decided(in_doc, texts, software)
    in_text = decided.group_by("doc_id", "skill_id").agg(
        pl.col("form").unique().sort().alias("forms"), pl.col("reason").first()
    )
    in_text = in_text.with_columns(pl.lit(True).alias("in_text"), pl.lit(False).alias("in_skills_field"))
    listed = (
        structured_skills(batch, aliases, "doc_id", "skills_raw")
        .group_by("doc_id", "skill_id", maintain_order=True)
        .agg(pl.col("form").unique().sort().alias("forms"))
        .with_columns(
            pl.lit(None, pl.String).alias("reason"),
            pl.lit(False).alias("in_text"),
            pl.lit(True).alias("in_skills_field"),
        )
    )
    evidence = (
        found.filter((pl.col("bullet_index") >= 0) & ~pl.col("ambiguous"))
        .sort("doc_id", "bullet_index")
        .group_by("doc_id", "skill_id", maintain_order=True)
        .first()
        .join(bullets, on=["doc_id", "bullet_index"])
        .select("doc_id", "skill_id", pl.col("bullet").alias("evidence"))
    )
    combined = pl.concat([in_text, listed.select(in_text.columns)]).join(
        evidence, on=["doc_id", "skill_id"], how="left"
    )
    out = combined.with_columns(pl.lit(doc_type).alias("doc_type"))
    parts = out.select(list(PART_SCHEMA)).cast(PART_SCHEMA)
    return parts.with_columns(out["reason"]) if with_reasons else parts
