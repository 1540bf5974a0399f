"""The skills of a batch of documents: cleaned text matched against the taxonomy, ambiguous forms
decided from their context, list phrases admitted by their evidence, structured skills fields mapped
through the same aliases, and for resumes the first bullet that mentions each skill as evidence."""

from __future__ import annotations

from collections.abc import Collection, Mapping

import polars as pl

from pipelines.skills.clean import cleaned, without_company
from pipelines.skills.context import uses
from pipelines.skills.extract import Extractor, structured_skills
from pipelines.skills.names import rules

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


def _written_as_names(unclear: pl.DataFrame, docs: pl.DataFrame) -> pl.DataFrame:
    """The ambiguous matches whose document writes the form as its name is written somewhere: a name
    with capitals (``R``, ``Go``, ``Excel``) needs a capitalised or upper-case occurrence, or one
    spelled as the name spells it (``NetBackup``, ``OrCAD``). A vectorised test that spares the context
    scan most matches (``excel at``, ``go to``)."""
    form, skill = pl.col("form"), pl.col("skill")
    first_upper = form.str.slice(0, 1).str.to_uppercase() + form.str.slice(1)
    as_named = skill.str.slice(skill.str.to_lowercase().str.find(form, literal=True), form.str.len_chars())
    needs_capital = skill.str.contains("[A-Z]") | (form.str.len_chars() <= 2)
    joined = unclear.join(docs, on="doc_id", how="inner")
    upper = pl.col("text").str.contains(form.str.to_uppercase(), literal=True)
    written = pl.col("text").str.contains(first_upper, literal=True) | pl.col("text").str.contains(
        as_named, literal=True
    ).fill_null(False)
    return joined.filter(~needs_capital | upper | ((form.str.len_chars() > 1) & written)).drop("text")


def _decided(
    found: pl.DataFrame, docs: pl.DataFrame, software: Collection[str], soft: Collection[str]
) -> pl.DataFrame:
    """The matches that count: every clear form, a list phrase whose evidence makes it more likely a
    skill than not (``supported``), and an ambiguous one where its context says it is a skill
    (``reason``: clear, supported, list, named, capitalised or alone)."""
    odds = pl.col("prior") + rules()["admission"]["cooccurring"] * pl.col("support").cast(pl.Float64).log1p()
    # a list phrase that names a group at every mention ("the data science team") is no skill there
    admitted = (odds >= 0) & ~pl.col("unit")
    clear = found.filter(~pl.col("ambiguous") & (pl.col("prior").is_null() | admitted)).with_columns(
        pl.when(pl.col("prior").is_null())
        .then(pl.lit("clear"))
        .otherwise(pl.lit("supported"))
        .alias("reason")
    )
    unclear = found.filter(pl.col("ambiguous"))
    if unclear.height:
        unclear = _written_as_names(unclear, docs)
    if not unclear.height:
        return clear
    software_ids = pl.Series(list(software), dtype=pl.String).implode()
    counts = (
        clear.filter(pl.col("skill_id").is_in(software_ids))
        .group_by("doc_id")
        .agg(pl.col("skill_id").n_unique().alias("software"))
    )
    unclear = unclear.join(counts, on="doc_id", how="left").with_columns(pl.col("software").fill_null(0))
    texts = docs.filter(pl.col("doc_id").is_in(unclear["doc_id"].unique().implode()))
    by_doc = dict(zip(texts["doc_id"].to_list(), texts["text"].to_list(), strict=True))
    reasons = []
    for doc, skill_id, form, name, n_software in zip(
        unclear["doc_id"].to_list(),
        unclear["skill_id"].to_list(),
        unclear["form"].to_list(),
        unclear["skill"].to_list(),
        unclear["software"].to_list(),
        strict=True,
    ):
        reasons.append(uses(by_doc[doc], form, name, n_software, skill_id in soft))
    decided = (
        unclear.with_columns(pl.Series("reason", reasons, dtype=pl.String))
        .drop_nulls("reason")
        .drop("software")
    )
    return pl.concat([clear, decided])


def document_skills(
    batch: pl.DataFrame,
    doc_type: str,
    extractor: Extractor,
    aliases: Mapping[str, str],
    kinds: tuple[Collection[str], Collection[str]],
    with_reasons: bool = False,
) -> pl.DataFrame:
    """Skills of a batch of documents (``doc_id``, ``text``, ``skills_raw``, ``bullets`` and, for
    postings, ``company``), one row per (document, skill, way found) with the surface forms found and
    the first bullet that mentions the skill. ``kinds``: ids of the software skills (co-occurrence
    evidence) and of the soft skills (an adjective that stands alone describes the worker).
    ``with_reasons`` adds the evidence each text match counted on and the most other skills a
    sentence naming it names (for the bench)."""
    if "company" in batch.columns:
        batch = batch.with_columns(without_company(batch["text"], batch["company"]))
    docs = batch.select("doc_id").with_columns(cleaned(batch["text"], doc_type == "posting").alias("text"))
    bullets = (
        batch.select("doc_id", pl.col("bullets").alias("bullet"))
        .with_columns(pl.int_ranges(pl.col("bullet").list.len()).alias("bullet_index"))
        .explode("bullet", "bullet_index", empty_as_null=True)
        .drop_nulls("bullet")
        .with_columns(pl.col("bullet_index").cast(pl.Int64))
    )
    bullets = bullets.with_columns(cleaned(bullets["bullet"]).alias("clean"))
    # Texts and bullets go through one matching call: the phrase automaton is built once per call.
    units = pl.concat(
        [
            docs.select("doc_id", pl.lit(-1, pl.Int64).alias("bullet_index"), "text"),
            bullets.select("doc_id", "bullet_index", pl.col("clean").alias("text")),
        ]
    )
    found = extractor.matches(units, ["doc_id", "bullet_index"], "text")
    decided = _decided(found.filter(pl.col("bullet_index") == -1).drop("bullet_index"), docs, *kinds)
    in_text = decided.group_by("doc_id", "skill_id").agg(
        pl.col("form").unique().sort().alias("forms"), pl.col("reason").first(), pl.col("support").max()
    )
    in_text = in_text.with_columns(pl.lit(True).alias("in_text"), pl.lit(False).alias("in_skills_field"))
    listed = (
        structured_skills(batch, aliases, "doc_id", "skills_raw")
        .group_by("doc_id", "skill_id", maintain_order=True)
        .agg(pl.col("form").unique().sort().alias("forms"))
        .with_columns(
            pl.lit(None, pl.String).alias("reason"),
            pl.lit(None, pl.UInt32).alias("support"),
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
    return parts.with_columns(out["reason"], out["support"]) if with_reasons else parts
