"""Fast exact matching of skill surface forms in text.

Matching is case-insensitive, whole-word, leftmost-longest and non-overlapping. Text and phrases
are lower-cased and every boundary character is wrapped in a sentinel, so one Aho-Corasick pass
(polars ``str.extract_many``, patterns longest first) finds whole words only and handles ``c++``,
``c#``, ``.net`` and ``node.js`` like any other phrase. The same pass finds the marks that end a
sentence or a line item, so that each match knows how many other skills its sentence names, and the
unit nouns (``team``, ``company``), so that it knows whether one follows it.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import polars as pl

from pipelines.skills.names import core_form, rules, surface

SENTINEL = "\x01"
# Word boundaries: ASCII punctuation and space, and the punctuation resumes use most. Padding a fixed set
# is a literal multi-replace (5x faster than a regex over every non-word character); a character
# outside it simply does not separate words.
BOUNDARY_CHARS = frozenset(string.punctuation) | frozenset(" \t\r\n\xa0•–—’‘“”…·●▪■►➢➤✓✔❖→|")
# A space only separates, so it becomes the two sentinels alone: a shorter text to scan. A line break
# stays, as the end of a line item (no phrase runs across it).
_PADDING = {c: SENTINEL + ("" if c.isspace() and c != "\n" else c) + SENTINEL for c in BOUNDARY_CHARS}
# Lower-casing in the same multi-replace as the padding saves a pass over the text (a third of the
# preparation time). It folds every upper-case letter of the Latin, Greek and Cyrillic blocks; a
# capital from another script is left as it is.
_FOLD_AND_PAD = _PADDING | {
    c: c.lower() for c in map(chr, range(0x41, 0x530)) if c.lower() != c and c not in _PADDING
}


def pad(text: str) -> str:
    return SENTINEL + "".join(_PADDING.get(c, c) for c in text) + SENTINEL


def _segment_mark(mark: str) -> str:
    """A mark as it stands in padded text, less the sentinels its neighbours' words need: ``. `` ->
    ``.`` + two sentinels (the word after it keeps the space's second)."""
    padded = "".join(_PADDING.get(c, c) for c in mark.lower())
    return padded.removeprefix(SENTINEL).removesuffix(SENTINEL)


MAPPING_SCHEMA = {
    "pattern": pl.String,
    "form": pl.String,
    "skill_id": pl.String,
    "ambiguous": pl.Boolean,
    "skill": pl.String,
    "prior": pl.Float64,
}


@dataclass(frozen=True)
class Extractor:
    """Compiled phrase list: padded patterns, longest first, and what each one means; then the marks
    that end a sentence or an item, and the unit nouns."""

    patterns: list[str]
    mapping: pl.DataFrame  # pattern, form, skill_id, ambiguous, skill (canonical name), prior
    # the patterns as one polars list value, converted once instead of on every call
    pattern_list: pl.Series = field(init=False, repr=False, compare=False)
    marks: pl.Series = field(init=False, repr=False, compare=False)
    units: pl.Series = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        admission = rules()["admission"]
        marks = [_segment_mark(m) for m in admission["segment_marks"]]
        # a unit noun is found like a phrase, so that a list phrase before one is seen in the same pass
        units = sorted({pad(u) for u in admission["unit_nouns"]})
        series = pl.Series(
            [*self.patterns, *marks, *sorted(set(units) - set(self.patterns))], dtype=pl.String
        )
        object.__setattr__(self, "pattern_list", series.implode())
        object.__setattr__(self, "marks", pl.Series(marks, dtype=pl.String).implode())
        object.__setattr__(self, "units", pl.Series(units, dtype=pl.String).implode())

    @classmethod
    def from_aliases(
        cls,
        aliases: Mapping[str, str],
        ambiguous: Iterable[str],
        list_only: Iterable[str] = (),
        names: Mapping[str, str] | None = None,
        priors: Mapping[str, float] | None = None,
    ) -> Extractor:
        """Patterns for every surface form except those that count only in skills fields; ``names``
        (id -> canonical name) tells the ambiguity rules how a skill is written; ``priors``: the
        list phrases whose admission is decided by evidence, and what the phrase alone says."""
        unclear, skipped, names, priors = set(ambiguous), set(list_only), names or {}, priors or {}
        rows = [
            (pad(form), form, skill_id, form in unclear, names.get(skill_id, form), priors.get(form))
            for form, skill_id in aliases.items()
            if form and form not in skipped
        ]
        patterns = sorted({r[0] for r in rows}, key=lambda p: (-len(p), p))
        mapping = pl.DataFrame(rows, schema=MAPPING_SCHEMA, orient="row").unique("pattern")
        return cls(patterns, mapping)

    def matches(self, frame: pl.DataFrame, keys: Sequence[str], text_column: str) -> pl.DataFrame:
        """One row per distinct pattern found in a row: the ``keys`` columns, the mapping's columns,
        ``support``, the most other skills of clear forms that one sentence or item holding it names,
        and ``unit``, whether the next thing found after each occurrence is a unit noun (``the data
        science team``: the phrase names a group, not a skill). The text is not carried along:
        copying it per match would cost more than the matching."""
        padded = (
            pl.lit(SENTINEL)
            + pl.col(text_column).fill_null("").str.replace_many(_FOLD_AND_PAD)
            + pl.lit(SENTINEL)
        )
        found = padded.str.extract_many(self.pattern_list, leftmost=True)
        # a match's sentence: its row, and how many marks came before it (rows are contiguous)
        mark = pl.col("pattern").is_in(self.marks)
        # the next thing found in the same row (rows are contiguous: a shift, not a window)
        next_found = pl.col("pattern").shift(-1).is_in(self.units) & (
            pl.col("row").shift(-1) == pl.col("row")
        )
        before_unit = next_found.fill_null(False)
        occurrences = (
            frame.select(*keys, found.alias("pattern"))
            .with_row_index("row")
            .explode("pattern", empty_as_null=True)
            .drop_nulls("pattern")
            .with_columns(mark.cum_sum().alias("segment"), before_unit.alias("unit"))
            .filter(~mark)
            .join(self.mapping, on="pattern", how="inner")
        )
        clear = ~pl.col("ambiguous")
        named = pl.col("skill_id").filter(clear).n_unique().over("row", "segment")
        return (
            occurrences.with_columns((named - clear.cast(pl.UInt32)).alias("support"))
            .group_by("row", "pattern", maintain_order=True)
            .agg(
                pl.all().exclude("segment", "support", "unit").first(),
                pl.col("support").max(),
                pl.col("unit").all(),
            )
            .drop("row")
        )


def structured_skills(
    frame: pl.DataFrame, aliases: Mapping[str, str], id_column: str, list_column: str
) -> pl.DataFrame:
    """Skills listed in a structured field, mapped through the same aliases (a listed item is a skill
    even when its surface form is ambiguous in prose; ``Python programming`` is Python): ``id_column``,
    ``skill_id``, ``form`` (the item as listed)."""
    items = (
        frame.select(id_column, pl.col(list_column).alias("form"))
        .explode("form", empty_as_null=True)
        .drop_nulls("form")
        .unique(maintain_order=True)
    )
    lookup = {}
    for item in items["form"].unique().to_list():
        key = surface(item)
        skill_id = aliases.get(key) or aliases.get(core_form(key) or "")
        if skill_id:
            lookup[item] = skill_id
    table = pl.DataFrame(
        {"form": list(lookup), "skill_id": list(lookup.values())},
        schema={"form": pl.String, "skill_id": pl.String},
    )
    return items.join(table, on="form", how="inner").select(id_column, "skill_id", "form")
