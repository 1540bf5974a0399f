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
# A space only separates, so it becomes the two sentinels alone: a shorter text to scan.
_PADDING = {c: SENTINEL + ("" if c.isspace() else c) + SENTINEL for c in BOUNDARY_CHARS}
# Lower-casing in the same multi-replace as the padding saves a pass over the text (a third of the
# preparation time). It folds every upper-case letter of the Latin, Greek and Cyrillic blocks; a
# capital from another script is left as it is.
_FOLD_AND_PAD = _PADDING | {
    c: c.lower() for c in map(chr, range(0x41, 0x530)) if c.lower() != c and c not in _PADDING
}
_SPACES = re.compile(r"\s+")
VENDOR_PREFIXES = (
    "microsoft ",
    "apache ",
    "adobe ",
    "oracle ",
    "google ",
    "ibm ",
    "amazon ",
    "aws ",
    "sap ",
    "atlassian ",
    "autodesk ",
    "hashicorp ",
    "intuit ",
    "salesforce ",
    "the mathworks ",
)
# A single word at least this frequent in English (Zipf scale, wordfreq: 4.02 is about 10 per million
# words) is a plain word first: impact 4.9, medical 5.2, pricing 4.04 need context in prose, while
# tool names stay below it (Java 4.00, Linux 3.99, Python 3.78, Tableau 2.92). Curated skills decide
# for themselves.
PLAIN_WORD_ZIPF = 4.02
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


def short_forms(form: str) -> list[str]:
    """Shorter names a product goes by: without its vendor (``microsoft excel`` -> ``excel``) or without
    a trailing ``software`` (``sap software`` -> ``sap``)."""
    out = [form[len(prefix) :] for prefix in VENDOR_PREFIXES if form.startswith(prefix)]
    if form.endswith(" software"):
        out.append(form[: -len(" software")])
    return [bare for bare in out if bare]


def spelled_acronym(name: str) -> str | None:
    """The acronym a name spells out and ends with: ``Structured query language SQL`` -> ``sql``."""
    words = name.split()
    if (
        len(words) >= 3
        and words[-1].isupper()
        and "".join(w[0] for w in words[:-1]).lower() == words[-1].lower()
    ):
        return words[-1].lower()
    return None


def display_name(name: str) -> str:
    """The name a product is known by: its spelled-out acronym, or the name without "software"."""
    acronym = spelled_acronym(name)
    if acronym:
        return name.split()[-1]
    return name[: -len(" software")] if name.lower().endswith(" software") else name


def pad(text: str) -> str:
    return SENTINEL + "".join(_PADDING.get(c, c) for c in text) + SENTINEL


@dataclass
class Taxonomy:
    """``skills``: id -> canonical name; ``aliases``: surface form -> id; ``ambiguous``: surface forms
    that need context in prose; ``list_only``: surface forms that count only in a structured skills
    field; ``origins``: id -> where the concept came from."""

    skills: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    ambiguous: set[str] = field(default_factory=set)
    list_only: set[str] = field(default_factory=set)
    origins: dict[str, set[str]] = field(default_factory=dict)

    def add(self, name: str, origin: str, aliases: Iterable[str] = (), ambiguous: Iterable[str] = ()) -> str:
        name = " ".join(name.split())
        key = surface(name)
        skill_id = self.aliases.get(key) or slug(name)
        if not skill_id:
            return ""
        if origin.startswith("list") and name.islower():
            # lists written all in lower case ("data science") read as names on a page when capitalised
            name = name[0].upper() + name[1:]
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
        """A short name that a list made its own concept merges into the trusted product it names
        (``excel`` -> Microsoft Excel, ``sap`` -> SAP software, ``sql`` -> Structured query language
        SQL); short or common single words, and single words only an uncurated list
        knows, count only in skills fields."""
        trusted = {s for s, origins in self.origins.items() if origins & {"onet", "curated"}}
        # "analytics" ends Adobe, Google and IBM products alike: a bare word shared by several trusted
        # names is generic, not a short name of one of them.
        endings: dict[str, int] = {}
        for form, skill_id in self.aliases.items():
            if skill_id in trusted and " " in form:
                last = form.split(" ", 1)[1]
                endings[last] = endings.get(last, 0) + 1
        candidates = {
            (bare, skill_id)
            for form, skill_id in self.aliases.items()
            if skill_id in trusted
            for bare in short_forms(form)
        }
        claimed: dict[str, int] = {}
        for bare, _ in candidates:
            claimed[bare] = claimed.get(bare, 0) + 1
        # An acronym spelled out in full is specific even when O*NET spells it out twice ("Structure
        # query language SQL", "Structured query language SQL"): the fullest spelling takes it.
        acronyms: dict[str, str] = {}
        for skill_id in sorted(trusted, key=lambda s: (-len(self.skills.get(s, "")), s)):
            acronym = spelled_acronym(self.skills.get(skill_id, ""))
            if acronym:
                acronyms.setdefault(acronym, skill_id)
        merges = sorted(
            [(bare, s) for bare, s in candidates if endings.get(bare, 0) <= 1 and claimed[bare] == 1]
            + list(acronyms.items())
        )
        for bare, skill_id in merges:
            orphan = self.aliases.get(bare)
            # A short form that some list made its own concept (excel, sap, sql) joins the trusted one.
            if orphan and orphan != skill_id and orphan == slug(bare) and orphan not in trusted:
                self.origins[skill_id] |= self.origins.pop(orphan, set())
                self.skills.pop(orphan, None)
                for other, target in list(self.aliases.items()):
                    if target == orphan:
                        self.aliases[other] = skill_id
                # "SQL" and "SAP" read better than "Structured query language SQL" and "SAP software";
                # a vendor stays in the name ("Microsoft Excel")
                self.skills[skill_id] = display_name(self.skills[skill_id])
        trusted = {s for s, origins in self.origins.items() if origins & {"onet", "curated"}}
        from wordfreq import zipf_frequency

        for form, skill_id in self.aliases.items():
            # Uncurated lists hold plain words ("science", "ran", "leads"): in prose they are noise far
            # more often than skills, so they count only where a document lists its skills in a field.
            if skill_id not in trusted and " " not in form:
                self.list_only.add(form)
                self.ambiguous.discard(form)
            elif (len(form) <= 2 and form.isalpha()) or form in COMMON_WORDS:
                self.ambiguous.add(form)
            elif (
                form.isalpha()
                and "curated" not in self.origins.get(skill_id, set())
                and zipf_frequency(form, "en") >= PLAIN_WORD_ZIPF
            ):
                # O*NET names products after plain words (IMPACT, Medical, Google Meet -> "meet")
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
                "in_prose": [a not in self.list_only for a in self.aliases],
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
    mapping: pl.DataFrame  # pattern, form, skill_id, ambiguous
    # the patterns as one polars list value, converted once instead of on every call
    pattern_list: pl.Series = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pattern_list", pl.Series(self.patterns, dtype=pl.String).implode())

    @classmethod
    def from_aliases(
        cls, aliases: Mapping[str, str], ambiguous: Iterable[str], list_only: Iterable[str] = ()
    ) -> Extractor:
        """Patterns for every surface form except those that count only in skills fields."""
        unclear, skipped = set(ambiguous), set(list_only)
        rows = [
            (pad(form), form, skill_id, form in unclear)
            for form, skill_id in aliases.items()
            if form and form not in skipped
        ]
        patterns = sorted({r[0] for r in rows}, key=lambda p: (-len(p), p))
        mapping = pl.DataFrame(
            rows,
            schema={"pattern": pl.String, "form": pl.String, "skill_id": pl.String, "ambiguous": pl.Boolean},
            orient="row",
        ).unique("pattern")
        return cls(patterns, mapping)

    def matches(self, frame: pl.DataFrame, keys: Sequence[str], text_column: str) -> pl.DataFrame:
        """One row per distinct pattern found in a row: the ``keys`` columns, ``pattern``, ``form``,
        ``skill_id``, ``ambiguous`` (the text is not carried along: copying it per match would cost more
        than the matching)."""
        padded = (
            pl.lit(SENTINEL)
            + pl.col(text_column).fill_null("").str.replace_many(_FOLD_AND_PAD)
            + pl.lit(SENTINEL)
        )
        found = padded.str.extract_many(self.pattern_list, leftmost=True).list.unique()
        return (
            frame.select(*keys, found.alias("pattern"))
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
    return _counted(extractor.matches(frame, [id_column], text_column), frame, id_column, text_column)


def _counted(found: pl.DataFrame, frame: pl.DataFrame, id_column: str, text_column: str) -> pl.DataFrame:
    """The ``(id, skill_id)`` pairs of ``found`` (matches in ``frame``'s text) that count: every clear
    form, and an ambiguous one where the text uses it as a skill."""
    clear = found.filter(~pl.col("ambiguous")).select(id_column, "skill_id")
    unclear = found.filter(pl.col("ambiguous"))
    if unclear.height:
        docs = frame.filter(pl.col(id_column).is_in(unclear[id_column].unique().implode()))
        lowered = dict(
            zip(
                docs[id_column].to_list(),
                docs[text_column].fill_null("").str.to_lowercase().to_list(),
                strict=True,
            )
        )
        keep = [
            in_skill_context(lowered[doc], form)
            for doc, form in unclear.select(id_column, "form").iter_rows()
        ]
        clear = pl.concat(
            [clear, unclear.filter(pl.Series(keep, dtype=pl.Boolean)).select(id_column, "skill_id")]
        )
    return clear.unique()


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
    bullets = (
        batch.select("doc_id", pl.col("bullets").alias("bullet"))
        .with_columns(pl.int_ranges(pl.col("bullet").list.len()).alias("bullet_index"))
        .explode("bullet", "bullet_index", empty_as_null=True)
        .drop_nulls("bullet")
    )
    # Texts and bullets go through one matching call: the phrase automaton is built once per call.
    units = pl.concat(
        [
            batch.select("doc_id", pl.lit(-1, pl.Int64).alias("bullet_index"), pl.col("text")),
            bullets.select("doc_id", pl.col("bullet_index").cast(pl.Int64), pl.col("bullet").alias("text")),
        ]
    )
    found = extractor.matches(units, ["doc_id", "bullet_index"], "text")
    in_text = _counted(found.filter(pl.col("bullet_index") == -1), batch, "doc_id", "text").with_columns(
        pl.lit(True).alias("in_text"), pl.lit(False).alias("in_skills_field")
    )
    listed = structured_skills(batch, aliases, "doc_id", "skills_raw").with_columns(
        pl.lit(False).alias("in_text"), pl.lit(True).alias("in_skills_field")
    )
    evidence = (
        found.filter((pl.col("bullet_index") >= 0) & ~pl.col("ambiguous"))
        .sort("doc_id", "bullet_index")
        .group_by("doc_id", "skill_id", maintain_order=True)
        .first()
        .join(bullets.with_columns(pl.col("bullet_index").cast(pl.Int64)), on=["doc_id", "bullet_index"])
        .select("doc_id", "skill_id", pl.col("bullet").alias("evidence"))
    )
    combined = pl.concat([in_text, listed]).join(evidence, on=["doc_id", "skill_id"], how="left")
    return (
        combined.with_columns(pl.lit(doc_type).alias("doc_type")).select(list(PART_SCHEMA)).cast(PART_SCHEMA)
    )
