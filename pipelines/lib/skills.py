"""The skill taxonomy (one id per concept, many surface forms) and fast exact extraction from text.

Extraction is case-insensitive, whole-word, leftmost-longest and non-overlapping. Text and phrases
are lower-cased and every non-word character is wrapped in a sentinel, so one Aho-Corasick pass
(polars ``str.extract_many``, patterns longest first) finds whole words only and handles ``c++``,
``c#``, ``.net`` and ``node.js`` like any other phrase. Ambiguous surface forms (``r``, ``go``,
``excel``) count only where the original text uses them as skills.
"""

from __future__ import annotations

import csv
import json
import re
import string
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

SENTINEL = "\x01"
# Word boundaries: ASCII punctuation and space, and the punctuation resumes use most. Padding a fixed set
# is a literal multi-replace (5x faster than a regex over every non-word character); a character
# outside it simply does not separate words.
BOUNDARY_CHARS = frozenset(string.punctuation) | frozenset(" \t\r\n\xa0•–—’‘“”…·●▪■►➢➤✓✔❖→|")
_PADDING = {c: SENTINEL + (" " if c.isspace() else c) + SENTINEL for c in BOUNDARY_CHARS}
_SPACES = re.compile(r"\s+")
VENDOR_PREFIXES = ("microsoft ", "apache ", "adobe ", "oracle ", "google ", "ibm ", "amazon ", "aws ", "sap ")
# Single words that are skills in one sentence and plain English in the next.
COMMON_WORDS = frozenset(
    [
        "access",
        "word",
        "make",
        "less",
        "sketch",
        "chef",
        "puppet",
        "ant",
        "spark",
        "hive",
        "pig",
        "storm",
        "flask",
        "express",
        "react",
        "ember",
        "backbone",
        "meteor",
        "gulp",
        "grunt",
        "shell",
        "bash",
        "outlook",
        "teams",
        "project",
        "office",
        "windows",
        "unity",
        "ruby",
        "perl",
        "rust",
        "swift",
        "go",
        "dart",
        "scala",
        "julia",
        "crystal",
        "oracle",
        "excel",
        "visio",
        "box",
        "slack",
        "zoom",
        "jira",
        "git",
        "sass",
        "less",
        "stylus",
        "pandas",
        "numpy",
        "keras",
        "spring",
        "struts",
        "hibernate",
        "rails",
        "django",
        "play",
        "lift",
        "echo",
        "gin",
        "iron",
        "mono",
        "ada",
        "basic",
        "logo",
        "prolog",
        "lisp",
        "elm",
        "nim",
        "pascal",
        "fortran",
        "cobol",
        "apex",
        "alteryx",
        "looker",
        "mode",
        "domo",
        "qlik",
        "sense",
        "snowflake",
        "redshift",
        "airflow",
        "luigi",
        "prefect",
        "dagster",
        "kafka",
        "pulsar",
        "flume",
        "sqoop",
        "oozie",
        "zookeeper",
        "mesos",
        "nomad",
        "consul",
        "vault",
        "terraform",
        "packer",
        "vagrant",
        "docker",
        "podman",
        "ansible",
        "salt",
        "compass",
        "center",
        "plan",
        "design",
        "marketing",
        "sales",
        "service",
        "support",
        "training",
        "writing",
        "research",
        "analysis",
        "testing",
        "management",
        "security",
        "networking",
        "operations",
        "accounting",
        "finance",
        "reporting",
        "planning",
    ]
)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9+#.]+", "-", name.casefold()).strip("-")


def surface(text: str) -> str:
    """The matching form of a phrase or a text: lower case, single spaces."""
    return _SPACES.sub(" ", text.casefold()).strip()


def pad(text: str) -> str:
    return SENTINEL + "".join(_PADDING.get(c, c) for c in text) + SENTINEL


@dataclass
class Taxonomy:
    """``skills``: id -> canonical name; ``aliases``: surface form -> id; ``ambiguous``: surface forms
    that need context; ``origins``: id -> where the concept came from."""

    skills: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    ambiguous: set[str] = field(default_factory=set)
    origins: dict[str, set[str]] = field(default_factory=dict)

    def add(self, name: str, origin: str, aliases: Iterable[str] = (), ambiguous: Iterable[str] = ()) -> str:
        name = " ".join(name.split())
        key = surface(name)
        skill_id = self.aliases.get(key) or slug(name)
        if not skill_id:
            return ""
        self.skills.setdefault(skill_id, name)
        self.origins.setdefault(skill_id, set()).add(origin)
        for form in (key, *map(surface, aliases)):
            if form:
                self.aliases.setdefault(form, skill_id)
        for form in map(surface, ambiguous):
            self.aliases.setdefault(form, skill_id)
            self.ambiguous.add(form)
        return skill_id

    def finish(self) -> Taxonomy:
        """A vendor-less concept from a list merges into the trusted vendor-named one (``excel`` ->
        Microsoft Excel); short or common single words, and single words only an uncurated list
        knows, become ambiguous."""
        trusted = {s for s, origins in self.origins.items() if origins & {"onet", "curated"}}
        # "analytics" ends Adobe, Google and IBM products alike: a bare word shared by several trusted
        # names is generic, not a short name of one of them.
        endings: dict[str, int] = {}
        for form, skill_id in self.aliases.items():
            if skill_id in trusted and " " in form:
                last = form.split(" ", 1)[1]
                endings[last] = endings.get(last, 0) + 1
        for form, skill_id in list(self.aliases.items()):
            if skill_id not in trusted:
                continue
            for prefix in VENDOR_PREFIXES:
                bare = form[len(prefix) :] if form.startswith(prefix) else ""
                orphan = self.aliases.get(bare)
                # A bare form that some list made its own concept (excel, spark) joins the vendor-named one.
                unique_short_name = endings.get(bare, 0) == 1
                if (
                    orphan
                    and unique_short_name
                    and orphan != skill_id
                    and orphan == slug(bare)
                    and orphan not in trusted
                ):
                    self.origins[skill_id] |= self.origins.pop(orphan, set())
                    self.skills.pop(orphan, None)
                    for other, target in list(self.aliases.items()):
                        if target == orphan:
                            self.aliases[other] = skill_id
        trusted = {s for s, origins in self.origins.items() if origins & {"onet", "curated"}}
        for form, skill_id in self.aliases.items():
            short = len(form) <= 2 and form.isalpha()
            # uncurated lists hold plain words ("science", "users"): alone they count only in a list
            untrusted_word = skill_id not in trusted and " " not in form
            if short or form in COMMON_WORDS or untrusted_word:
                self.ambiguous.add(form)
        return self

    def frame(self) -> pl.DataFrame:
        return pl.DataFrame(
            {
                "skill_id": list(self.skills),
                "skill": list(self.skills.values()),
                "origins": [sorted(self.origins.get(s, set())) for s in self.skills],
            }
        ).sort("skill_id")

    def alias_frame(self) -> pl.DataFrame:
        return pl.DataFrame(
            {
                "alias": list(self.aliases),
                "skill_id": list(self.aliases.values()),
                "ambiguous": [a in self.ambiguous for a in self.aliases],
            }
        ).sort("alias")


def load_curated(path: Path, taxonomy: Taxonomy) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            taxonomy.add(
                row["skill"],
                "curated",
                aliases=[a for a in (row.get("aliases") or "").split("|") if a],
                ambiguous=[a for a in (row.get("ambiguous_aliases") or "").split("|") if a],
            )


def read_skill_list(path: Path) -> Iterator[str]:
    """A skills file: a JSON list of names, or a CSV/TSV with a ``skill`` (or first) column, or one per line."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        values = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(values, list):
            raise ValueError(f"{path}: expected a JSON list of skill names")
        yield from (str(v) for v in values if isinstance(v, str) and v.strip())
    elif suffix in {".csv", ".tsv"}:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh, delimiter="\t" if suffix == ".tsv" else ",")
            column = (
                "skill"
                if reader.fieldnames and "skill" in reader.fieldnames
                else (reader.fieldnames or [""])[0]
            )
            yield from (row[column] for row in reader if row.get(column, "").strip())
    else:
        yield from (line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


@dataclass(frozen=True)
class Extractor:
    """Compiled phrase list: padded patterns, longest first, and what each one means."""

    patterns: list[str]
    mapping: pl.DataFrame  # pattern, skill_id, ambiguous

    @classmethod
    def from_aliases(cls, aliases: Mapping[str, str], ambiguous: Iterable[str]) -> Extractor:
        unclear = set(ambiguous)
        rows = [(pad(form), skill_id, form in unclear) for form, skill_id in aliases.items() if form]
        patterns = sorted({r[0] for r in rows}, key=lambda p: (-len(p), p))
        mapping = pl.DataFrame(
            rows, schema={"pattern": pl.String, "skill_id": pl.String, "ambiguous": pl.Boolean}, orient="row"
        ).unique("pattern")
        return cls(patterns, mapping)

    def matches(self, frame: pl.DataFrame, keys: Sequence[str], text_column: str) -> pl.DataFrame:
        """One row per match: the ``keys`` columns, ``pattern``, ``skill_id``, ``ambiguous`` (the text is
        not carried along: copying it per match would cost more than the matching)."""
        padded = (
            pl.lit(SENTINEL)
            + pl.col(text_column).fill_null("").str.to_lowercase().str.replace_many(_PADDING)
            + pl.lit(SENTINEL)
        )
        return (
            frame.select(*keys, padded.str.extract_many(self.patterns, leftmost=True).alias("pattern"))
            .explode("pattern", empty_as_null=True)
            .drop_nulls("pattern")
            .join(self.mapping, on="pattern", how="inner")
        )


_LIST_BEFORE = (",", ";", "/", "|", "(", "•", ":", "·", " and", "-", "*", "\n")
_LIST_AFTER = (",", ";", "/", "|", ")", "and ", ".", "\n")
_NAMED_AFTER = ("programming", "language", "lang ", "script", "skill", "developer", "code", "spreadsheet")
_NAMED_BEFORE = (
    " with",
    "using",
    "knowledge of",
    "experience in",
    "proficient in",
    "skilled in",
    "expertise in",
)
_WORDISH = frozenset(string.ascii_lowercase + string.digits + "_+#&")


def in_skill_context(text: str, form: str) -> bool:
    """An ambiguous form is a skill where it stands in a list (``Python, R, SQL``), is named as a
    language or tool (``R programming``), or follows ``with``/``using`` (``experience with Go``).
    ``text`` is lower case. Plain string scanning: this runs for every ambiguous match."""
    size = len(form)
    start = 0
    while (i := text.find(form, start)) != -1:
        start = i + 1
        if (i > 0 and text[i - 1] in _WORDISH) or text[i + size : i + size + 1] in _WORDISH:
            continue
        before = text[max(0, i - 16) : i].rstrip(" \t")
        after = text[i + size : i + size + 16].lstrip(" \t")
        ends_item = not after or after.startswith(_LIST_AFTER)
        if (not before or before.endswith(_LIST_BEFORE)) and ends_item:
            return True
        if after.startswith(_NAMED_AFTER) or (before.endswith(_NAMED_BEFORE) and ends_item):
            return True
    return False


def extract(frame: pl.DataFrame, extractor: Extractor, id_column: str, text_column: str) -> pl.DataFrame:
    """Distinct ``(id, skill_id)`` pairs found in the text of each row."""
    found = extractor.matches(frame, [id_column], text_column)
    clear = found.filter(~pl.col("ambiguous")).select(id_column, "skill_id")
    unclear = found.filter(pl.col("ambiguous")).unique([id_column, "pattern"])
    if unclear.height:
        docs = frame.filter(pl.col(id_column).is_in(unclear[id_column].unique().implode()))
        lowered = dict(
            docs.select(id_column, pl.col(text_column).fill_null("").str.to_lowercase()).iter_rows()
        )
        keep = [
            in_skill_context(lowered[doc], pattern.replace(SENTINEL, ""))
            for doc, pattern in unclear.select(id_column, "pattern").iter_rows()
        ]
        clear = pl.concat(
            [clear, unclear.filter(pl.Series(keep, dtype=pl.Boolean)).select(id_column, "skill_id")]
        )
    return clear.unique(maintain_order=True)


def structured_skills(
    frame: pl.DataFrame, aliases: Mapping[str, str], id_column: str, list_column: str
) -> pl.DataFrame:
    """Skills listed in a structured field, mapped through the same aliases (a listed item is a skill
    even when its surface form is ambiguous in prose)."""
    items = (
        frame.select(id_column, list_column).explode(list_column, empty_as_null=True).drop_nulls(list_column)
    )
    keys = pl.col(list_column).str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()
    table = pl.DataFrame(
        {"alias": list(aliases), "skill_id": list(aliases.values())},
        schema={"alias": pl.String, "skill_id": pl.String},
    )
    mapped = items.with_columns(keys.alias("alias")).join(table, on="alias", how="left")
    return mapped.drop_nulls("skill_id").select(id_column, "skill_id").unique(maintain_order=True)


PART_SCHEMA = pl.Schema(
    {
        "doc_type": pl.String(),
        "doc_id": pl.String(),
        "skill_id": pl.String(),
        "in_text": pl.Boolean(),
        "in_skills_field": pl.Boolean(),
        "evidence": pl.String(),
    }
)


def document_skills(
    batch: pl.DataFrame, doc_type: str, extractor: Extractor, aliases: Mapping[str, str]
) -> pl.DataFrame:
    """Skills of a batch of documents (``doc_id``, ``text``, ``skills_raw``, ``bullets``), one row per
    (document, skill, way found), with the first bullet that mentions the skill as evidence."""
    in_text = extract(batch, extractor, "doc_id", "text").with_columns(
        pl.lit(True).alias("in_text"), pl.lit(False).alias("in_skills_field")
    )
    listed = structured_skills(batch, aliases, "doc_id", "skills_raw").with_columns(
        pl.lit(False).alias("in_text"), pl.lit(True).alias("in_skills_field")
    )
    bullets = (
        batch.select("doc_id", pl.col("bullets").alias("bullet"))
        .with_columns(pl.int_ranges(pl.col("bullet").list.len()).alias("bullet_index"))
        .explode("bullet", "bullet_index", empty_as_null=True)
        .drop_nulls("bullet")
    )
    if bullets.height:
        evidence = (
            extractor.matches(bullets, ["doc_id", "bullet_index"], "bullet")
            .filter(~pl.col("ambiguous"))
            .sort("doc_id", "bullet_index")
            .group_by("doc_id", "skill_id", maintain_order=True)
            .first()
            .join(bullets, on=["doc_id", "bullet_index"])
            .select("doc_id", "skill_id", pl.col("bullet").alias("evidence"))
        )
    else:
        evidence = pl.DataFrame(schema={"doc_id": pl.String, "skill_id": pl.String, "evidence": pl.String})
    combined = pl.concat([in_text, listed]).join(evidence, on=["doc_id", "skill_id"], how="left")
    return (
        combined.with_columns(pl.lit(doc_type).alias("doc_type")).select(list(PART_SCHEMA)).cast(PART_SCHEMA)
    )
