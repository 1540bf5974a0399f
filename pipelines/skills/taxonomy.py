"""The skill taxonomy: one id per concept, its type, and every surface form that names it.

Sources, in order of trust: the curated list (``reference/skills_curated.csv``: professional, method
and soft skills with their aliases and types), O*NET Technology Skills (software) and Tools Used (tools),
then skill lists (files under ``raw/skills/``). Every form is classed for prose: ``clear`` (counts
wherever it stands), ``ambiguous`` (a skill only where the text uses it as one: ``R``, ``Go``,
``Excel``) or ``list_only`` (a skills field only: plain words only an uncurated list knows).
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from wordfreq import zipf_frequency

from pipelines.skills.names import (
    PLAIN_WORD_ZIPF,
    core_form,
    number_variants,
    product_forms,
    rules,
    short_forms,
    singular_form,
    slug,
    surface,
    written_as_name,
)

SKILL_TYPES = ("software", "tool", "method", "professional", "soft")
TRUSTED = frozenset({"curated", "onet", "onet_tools"})
# A single word from an uncurated list counts in prose when it is rare in English (mapreduce 1.8, etl
# 2.3, tableau 2.9: names of things) and needs context from there up to PLAIN_WORD_ZIPF (regression
# 3.5, algorithms 3.8); more common words (science 5.1, leads 4.7) count only in skills fields.
# Chosen on the dev half of the gold set (bench/skills_gold.py).
LIST_WORD_CLEAR_ZIPF = 3.0
# A product's name without its vendor is a plain word more often than a vendor's full name is
# (``spark``, ``word``, ``teams``, ``access``): from this frequency on it needs context in prose.
BARE_NAME_ZIPF = 3.5
# The last word of an O*NET product name stands for the product alone, whatever its vendor, when it is
# rarer in English than this (netbackup, multisim, orcad, rman are not words; database, server, studio
# are): the dev half of the gold set (bench/skills_gold.py) gives the same figures from 1.5 to 3.0, and
# the lower bound leaves fewer plain words.
LAST_WORD_ZIPF = 2.0


@dataclass
class Taxonomy:
    """``skills``: id -> canonical name; ``types``: id -> type; ``aliases``: surface form -> id;
    ``ambiguous`` / ``list_only``: forms that need context in prose / count only in skills fields;
    ``origins``: id -> sources; ``work_styles``: soft skill id -> the O*NET Work Style it matches;
    ``priors``: list phrases that count in prose on evidence -> what the phrase alone says (the
    log-odds of ``reference/skill_rules.toml`` [admission] before its sentence's support)."""

    skills: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    ambiguous: set[str] = field(default_factory=set)
    list_only: set[str] = field(default_factory=set)
    origins: dict[str, set[str]] = field(default_factory=dict)
    work_styles: dict[str, str] = field(default_factory=dict)
    bare_names: set[str] = field(default_factory=set)
    priors: dict[str, float] = field(default_factory=dict)
    # concept -> the concept it was folded into, so that a merge planned before another one lands on
    # the concept that is left
    merged: dict[str, str] = field(default_factory=dict, repr=False)

    def add(
        self,
        name: str,
        origin: str,
        skill_type: str | None = None,
        aliases: Iterable[str] = (),
        ambiguous: Iterable[str] = (),
    ) -> str:
        """Add a concept (or more forms of the concept its name already names); returns its id."""
        name = " ".join(name.split())
        key = surface(name)
        skill_id = self.aliases.get(key) or slug(name)
        if not skill_id:
            return ""
        if origin.startswith("list") and name.islower():
            # lists written all in lower case ("data science") read as names on a page when capitalised
            name = name[0].upper() + name[1:]
        self.skills.setdefault(skill_id, name)
        if skill_type:
            self.types.setdefault(skill_id, skill_type)
        self.origins.setdefault(skill_id, set()).add(origin)
        for form in (key, *map(surface, aliases)):
            if form:
                self.aliases.setdefault(form, skill_id)
        for form in map(surface, ambiguous):
            self.aliases.setdefault(form, skill_id)
            self.ambiguous.add(form)
        return skill_id

    def add_product(self, name: str, origin: str, skill_type: str) -> None:
        display, forms = product_forms(name)
        if skill_type == "tool":
            # O*NET names tools in the plural ("Oscilloscopes", "Forklifts"); a text names one
            forms += [f for f in map(singular_form, forms) if f and f not in forms]
        skill_id = next((self.aliases[f] for f in forms if f in self.aliases), None) or slug(name)
        self.skills.setdefault(skill_id, display)
        self.types.setdefault(skill_id, skill_type)
        self.origins.setdefault(skill_id, set()).add(origin)
        for form in forms:
            self.aliases.setdefault(form, skill_id)

    def _trusted(self) -> set[str]:
        return {s for s, origins in self.origins.items() if origins & TRUSTED}

    def _merge(self, orphan: str, into: str) -> None:
        """Fold concept ``orphan`` into ``into``: its forms and origins move, its id goes."""
        self.merged[orphan] = into
        self.origins[into] |= self.origins.pop(orphan, set())
        self.skills.pop(orphan, None)
        self.types.pop(orphan, None)
        for form, target in self.aliases.items():
            if target == orphan:
                self.aliases[form] = into

    def _live(self, skill_id: str) -> str:
        while skill_id in self.merged:
            skill_id = self.merged[skill_id]
        return skill_id

    def _merge_short_names(self) -> None:
        """A vendor-less name claimed by one or two trusted products (``java``: Oracle Java and Sun
        Microsystems Java) is one concept with them; a bare word several products end with
        (``analytics``: Adobe, Google, IBM) is generic and names none. A list concept of that name joins
        the trusted one (``excel`` -> Microsoft Excel)."""
        trusted = self._trusted()
        claims: dict[str, set[str]] = defaultdict(set)
        for form, skill_id in list(self.aliases.items()):
            if skill_id in trusted:
                for bare in short_forms(form):
                    if self._names_bare(skill_id, bare):
                        claims[bare].add(skill_id)
        # a bare name that is a word types are read from ("analytics", "database", "server") is the
        # kind of product, not its name: Adobe Analytics and Google Analytics are not one "Analytics"
        generic = set(rules()["names"]["generic_words"]) | {w for ws in rules()["types"].values() for w in ws}
        for bare, owners in sorted(claims.items()):
            if len(owners) > 2 or bare in generic:
                continue
            # an owner folded into another concept by an earlier bare name lives on in that one
            keep = self._live(min(owners, key=lambda s: (len(self.skills.get(s) or s), s)))
            for other in sorted(owners - {keep}):
                if other in self.skills and keep in self.skills:
                    self._merge(other, keep)
                    self.skills[keep] = bare if bare.isupper() else self._bare_display(keep, bare)
            current = self.aliases.get(bare)
            if current and current != keep and current not in trusted and current in self.skills:
                self._merge(current, keep)
            self.aliases.setdefault(bare, keep)
            self.bare_names.add(bare)

    def _names_bare(self, skill_id: str, bare: str) -> bool:
        """``excel`` is a name in ``Microsoft Excel``; ``operating system`` is a kind in ``Microsoft
        operating system``. Curated names decide for themselves."""
        if "curated" in self.origins[skill_id]:
            return True
        name = self.skills[skill_id]
        if name.lower().removeprefix(bare + " ") in rules()["names"]["editions"]:
            return True  # "Jenkins CI", "Spring Framework": an edition follows a product's name
        at = name.lower().rfind(bare)
        return at >= 0 and written_as_name(name[at : at + len(bare)], at == 0)

    def _bare_display(self, skill_id: str, bare: str) -> str:
        """The name of a concept several vendors sell: the bare name as a source capitalised it."""
        name = self.skills[skill_id]
        at = name.lower().rfind(bare)
        return name[at : at + len(bare)] if at >= 0 else bare

    def _merge_kinds(self) -> None:
        """``Agile methodologies``, ``Core Java``, ``SQL skills``: a list concept that is a known skill
        plus grading or kind-of words becomes a form of that skill."""
        trusted = self._trusted()
        for form, skill_id in sorted(self.aliases.items()):
            core = core_form(form)
            target = self.aliases.get(core) if core else None
            if target and target != skill_id and skill_id not in trusted and skill_id in self.skills:
                self._merge(skill_id, target)

    def _last_words(self) -> None:
        """``Veritas NetBackup`` is also ``NetBackup``, ``National Instruments Multisim`` ``Multisim``,
        ``BMC Software Recovery Manager RMAN`` ``RMAN``: the last word of an O*NET product name, written
        as a name (a capital) and rare in English, names the product alone, whether or not its vendor is
        a known one; two products that end with it are one (``Symantec Veritas NetBackup``), more are a
        family it names none of. It is no form O*NET writes alone, so in prose it needs the context an
        ambiguous form needs (``Tools: RMAN, Netbackup``)."""
        owners: dict[str, set[str]] = defaultdict(set)
        for skill_id, origins in self.origins.items():
            words = self.skills[skill_id].split()
            last = words[-1] if len(words) > 1 and "onet" in origins else ""
            if len(last) >= 4 and last.isalpha() and any(c.isupper() for c in last):
                owners[last.lower()].add(skill_id)
        for form, products in sorted(owners.items()):
            if len(products) > 2 or form in self.aliases or zipf_frequency(form, "en") >= LAST_WORD_ZIPF:
                continue
            keep, *others = sorted(products, key=lambda s: (len(self.skills[s]), s))
            for other in others:
                self._merge(other, keep)
            self.aliases[form] = keep
            self.ambiguous.add(form)

    def finish(self) -> Taxonomy:
        """Merge concepts that are one, add plural and singular forms, drop generic words, type list
        concepts and class every form for prose."""
        self._merge_short_names()
        self._merge_kinds()
        self._last_words()
        names = rules()["names"]
        generic_words, generic_heads = set(names["generic_words"]), set(names["generic_heads"])
        grades = set(names["grades"])
        trusted = self._trusted()
        curated = {s for s, o in self.origins.items() if "curated" in o}
        abbreviations = names["vendor_abbreviations"]
        for form, skill_id in list(self.aliases.items()):
            vendor, _, product = form.partition(" ")
            if product and skill_id in trusted:
                for short in abbreviations.get(vendor, []):
                    abbreviated = f"{short} {product}" if short[-1].isalnum() else short + product
                    current = self.aliases.get(abbreviated)
                    if current and current != skill_id and current not in trusted and current in self.skills:
                        self._merge(current, skill_id)  # the list's "ms office" is Microsoft Office
                    self.aliases.setdefault(abbreviated, skill_id)
        # plural and singular forms of curated and O*NET technology names (lists already spell out
        # the forms they use, and O*NET names tools in the plural, given with their singular)
        for form, skill_id in list(self.aliases.items()):
            if self.origins[skill_id] & {"curated", "onet"}:
                for variant in number_variants(form):
                    self.aliases.setdefault(variant, skill_id)
        known = {form for form in self.aliases if form not in generic_words}
        for form, skill_id in list(self.aliases.items()):
            if not any(c.isalpha() for c in form):
                del self.aliases[form]  # "23", "2019": numbers are no skills
            elif form in generic_words and skill_id not in curated:
                # "data", "reports", "analyze": no skill alone, in prose or in a list
                del self.aliases[form]
            elif skill_id not in trusted and _joins(form, known):
                # "reports and dashboards", "teamwork and collaboration": two skills, each found alone
                del self.aliases[form]
            elif (
                skill_id not in trusted
                and " " in form
                and (
                    form.rsplit(" ", 1)[-1] in generic_heads
                    or (form.rsplit(" ", 1)[-1] in grades and core_form(form) in generic_words)
                )
            ):
                # "data sets", "business insights", "data analyst": things and jobs, not skills;
                # "computer skills": a generic word graded
                del self.aliases[form]
        used = set(self.aliases.values())
        for skill_id in [s for s in self.skills if s not in used]:
            self.skills.pop(skill_id)
            self.types.pop(skill_id, None)
            self.origins.pop(skill_id, None)
        for skill_id in self.skills:
            self.types.setdefault(skill_id, infer_type(self.skills[skill_id]))
        self._class_forms(trusted, curated)
        return self

    def _class_forms(self, trusted: set[str], curated: set[str]) -> None:
        for form, skill_id in self.aliases.items():
            if form in self.ambiguous and skill_id in curated:
                continue  # the curated list decided
            single = " " not in form
            zipf = zipf_frequency(form, "en") if single else 0.0
            tool = self.types.get(skill_id) == "tool" and skill_id not in curated
            if (skill_id not in trusted or tool) and single:
                # a word only an uncurated list knows: a name when rare, a plain word when common; a
                # tool of one plain word is a thing in prose ("level", "monitor", "guide")
                if zipf >= PLAIN_WORD_ZIPF and len(form) > 2:
                    self.list_only.add(form)
                elif zipf >= LIST_WORD_CLEAR_ZIPF or len(form) <= 2:
                    self.ambiguous.add(form)
            elif (
                single
                and skill_id not in curated
                and (
                    len(form) <= 2
                    or zipf >= PLAIN_WORD_ZIPF
                    or (form in self.bare_names and zipf >= BARE_NAME_ZIPF)
                )
            ):
                # O*NET names products after plain words and letters (IMPACT, Medical, Google Meet,
                # Apache Spark)
                self.ambiguous.add(form)
        model = rules()["admission"]
        # the log-odds of the threshold, so that a phrase counts where its log-odds are at least 0
        base = model["intercept"] - math.log(model["threshold"] / (1 - model["threshold"]))
        for form, skill_id in self.aliases.items():
            if skill_id not in trusted and form not in self.ambiguous and form not in self.list_only:
                zipf, words = admission_features(form)
                self.priors[form] = base + model["zipf"] * zipf + model["words"] * words

    def frame(self) -> pl.DataFrame:
        ids = sorted(self.skills)
        return pl.DataFrame(
            {
                "skill_id": ids,
                "skill": [self.skills[s] for s in ids],
                "type": [self.types[s] for s in ids],
                "origins": [sorted(self.origins.get(s, set())) for s in ids],
                "work_style": [self.work_styles.get(s) for s in ids],
            },
            schema_overrides={"work_style": pl.String},
        )

    def alias_frame(self) -> pl.DataFrame:
        return pl.DataFrame(
            {
                "alias": list(self.aliases),
                "skill_id": list(self.aliases.values()),
                "ambiguous": [a in self.ambiguous for a in self.aliases],
                "in_prose": [a not in self.list_only for a in self.aliases],
                "prior": [self.priors.get(a) for a in self.aliases],
            },
            schema_overrides={"prior": pl.Float64},
        ).sort("alias")


def _joins(form: str, known: set[str]) -> bool:
    """A phrase that joins two phrases with ``and`` or ``&``, one of them a known form."""
    for joint in (" and ", " & "):
        left, _, right = form.partition(joint)
        if right and (left in known or right in known):
            return True
    return False


def admission_features(form: str) -> tuple[float, int]:
    """What a list phrase alone says of being a skill: how common it is in English (Zipf; ``customer
    satisfaction`` 3.1, ``feature engineering`` 1.3) and its number of words."""
    return zipf_frequency(form, "en"), len(form.split())


def infer_type(name: str) -> str:
    """A list concept's type from its last word (``regression analysis`` -> method, ``vendor
    management`` -> professional); a name of one rare word or with digits or symbols is software."""
    words = surface(name).split()
    by_last = rules()["types"]
    for skill_type in SKILL_TYPES:
        if words and words[-1] in by_last.get(skill_type, []):
            return skill_type
    if len(words) == 1 and (not words[0].isalpha() or zipf_frequency(words[0], "en") < 3.0):
        return "software"
    return "method"


def load_curated(path: Path, taxonomy: Taxonomy) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["type"] not in SKILL_TYPES:
                raise ValueError(
                    f"{path}: {row['skill']!r} has type {row['type']!r}, not one of {SKILL_TYPES}"
                )
            skill_id = taxonomy.add(
                row["skill"],
                "curated",
                row["type"],
                aliases=[a for a in (row.get("aliases") or "").split("|") if a],
                ambiguous=[a for a in (row.get("ambiguous_aliases") or "").split("|") if a],
            )
            if row.get("work_style"):
                taxonomy.work_styles[skill_id] = row["work_style"]


def build_taxonomy(
    curated: Path,
    technology_names: Iterable[str],
    tool_names: Iterable[str],
    skill_lists: Iterable[tuple[str, Iterable[str]]],
) -> Taxonomy:
    """Curated skills first (their aliases, types and ambiguity win), then O*NET technology examples
    and tools, then each skill list ``(file name, names)``."""
    taxonomy = Taxonomy()
    load_curated(curated, taxonomy)
    for name in technology_names:
        taxonomy.add_product(name, "onet", "software")
    for name in tool_names:
        taxonomy.add_product(name, "onet_tools", "tool")
    for list_name, names in skill_lists:
        for name in names:
            taxonomy.add(name, f"list:{list_name}")
    return taxonomy.finish()
