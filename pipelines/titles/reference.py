"""What the occupation coder learns from: each occupation's titles by every authority, its own O*NET
text by field, how common it is (OEWS), and the repository's corrections to the title listings. How
much each authority's listing counts and which O*NET fields are read are data:
``reference/title_authorities.toml``."""

from __future__ import annotations

import hashlib
import math
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipelines import REFERENCE_DIR

AUTHORITIES = REFERENCE_DIR / "title_authorities.toml"
# The text groups the text model reads an occupation's O*NET fields as (its titles are a third).
FIELD_GROUPS = ("duties", "tools")


@dataclass(frozen=True)
class Authorities:
    """``listing_weights``: how much one listing of a title counts, by its source; ``text_fields``: the
    O*NET fields read, each as the text group it belongs to (``duties``, ``tools``)."""

    listing_weights: dict[str, float]
    text_fields: dict[str, str]

    @classmethod
    def load(cls, path: Path = AUTHORITIES) -> Authorities:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        try:
            weights = {str(k): float(v) for k, v in data["listing_weights"].items()}
            fields = {str(k): str(v) for k, v in data["text_fields"].items()}
        except (KeyError, TypeError, ValueError) as err:
            raise ValueError(
                f"{path.name}: needs [listing_weights] (numbers) and [text_fields]: {err}"
            ) from err
        if any(w <= 0 for w in weights.values()):
            raise ValueError(f"{path.name}: every listing weight must be positive")
        unknown = sorted({g for g in fields.values() if g not in FIELD_GROUPS})
        if unknown:
            # a mistyped group would drop its field from the model without a word
            raise ValueError(
                f"{path.name}: [text_fields] groups must be one of {FIELD_GROUPS}, not {unknown}"
            )
        return cls(weights, fields)


@dataclass
class OccupationReference:
    """``codes`` are the O*NET-SOC occupations in a fixed order; every other table is keyed by them."""

    codes: list[str]
    names: list[str]
    # (title, occupation index, source, n_sources): the authorities' titles
    titles: list[tuple[str, int, str, int]]
    # occupation index -> field group ("duties", "tools") -> texts
    texts: dict[int, dict[str, list[str]]]
    # occupation index -> OEWS employment of its share of the SOC code (None when OEWS has none)
    employment: list[float | None]
    # title -> occupation index, or None when the title alone names no occupation
    corrections: dict[str, int | None] = field(default_factory=dict)
    # how much one listing of a title counts, by its source (1 for a source not named)
    listing_weights: dict[str, float] = field(default_factory=dict)

    @classmethod
    def from_rows(
        cls,
        titles: Iterable[tuple[str, str, str, int]],
        texts: Iterable[tuple[str, str, str]],
        priors: Iterable[tuple[str, float]],
        corrections: Iterable[tuple[str, str | None]] = (),
        authorities: Authorities | None = None,
    ) -> OccupationReference:
        """From the rows of the coder's inputs: ``titles`` as (occupation_code, title, source,
        n_sources), ``texts`` as (occupation_code, field, text), ``priors`` as (SOC code, employment),
        ``corrections`` as (title, occupation_code or None); ``authorities`` as the repository's."""
        authorities = authorities or Authorities.load()
        text_fields = authorities.text_fields
        title_rows = list(titles)
        names = {code: title for code, title, source, _ in title_rows if source == "occupation"}
        codes = sorted(names)
        index = {code: i for i, code in enumerate(codes)}
        by_code: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for code, field_name, text in texts:
            if code in index and text and field_name in text_fields:
                by_code[index[code]][text_fields[field_name]].append(text)
        return cls(
            codes=codes,
            names=[names[c] for c in codes],
            titles=[(t, index[c], s, int(n)) for c, t, s, n in title_rows if c in index and t],
            texts={i: dict(groups) for i, groups in by_code.items()},
            employment=shared_employment(codes, dict(priors)),
            corrections={t: (index.get(c) if c else None) for t, c in corrections if not c or c in index},
            listing_weights=dict(authorities.listing_weights),
        )

    def fingerprint(self) -> str:
        """Changes whenever anything the coder learns from changes."""
        digest = hashlib.sha1()
        for part in (self.codes, self.titles, sorted(self.texts.items()), self.employment):
            digest.update(repr(part).encode())
        digest.update(repr(sorted(self.corrections.items(), key=lambda kv: kv[0])).encode())
        digest.update(repr(sorted(self.listing_weights.items())).encode())
        return digest.hexdigest()

    def log_prior(self) -> list[float]:
        """Log employment of each occupation, standardised; an occupation OEWS does not publish gets
        the smallest published value."""
        known = [e for e in self.employment if e]
        floor = min(known) if known else 1.0
        logs = [math.log(1.0 + (e or floor)) for e in self.employment]
        mean = sum(logs) / len(logs) if logs else 0.0
        sd = math.sqrt(sum((x - mean) ** 2 for x in logs) / max(1, len(logs))) or 1.0
        return [(x - mean) / sd for x in logs]


def shared_employment(codes: Sequence[str], employment: dict[str, float]) -> list[float | None]:
    """OEWS employment per O*NET occupation: its SOC code's, shared equally among the O*NET occupations
    of that code (O*NET splits 15-2051 Data Scientists into three). A SOC code OEWS publishes only in
    an aggregate (31-1120 for home health and personal care aides) has an equal part of the aggregate."""
    by_soc: dict[str, list[int]] = defaultdict(list)
    for i, code in enumerate(codes):
        by_soc[code[:7]].append(i)
    filled = dict(employment)
    in_aggregate: dict[str, list[str]] = defaultdict(list)
    for soc in by_soc:
        aggregate = soc[:-1] + "0"
        if soc not in employment and aggregate != soc and aggregate in employment:
            in_aggregate[aggregate].append(soc)
    for aggregate, socs in in_aggregate.items():
        for soc in socs:
            filled[soc] = employment[aggregate] / len(socs)
    out: list[float | None] = [None] * len(codes)
    for soc, members in by_soc.items():
        for i in members:
            out[i] = filled[soc] / len(members) if filled.get(soc) else None
    return out
