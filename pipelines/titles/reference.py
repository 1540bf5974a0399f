"""What the occupation coder learns from: each occupation's titles by every authority, its own O*NET
text by field, how common it is (OEWS), and the repository's corrections to the title listings."""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# O*NET fields read as one text each: what a worker does, and what a worker uses
TEXT_GROUPS = {"description": "duties", "task": "duties", "technology": "tools", "tool": "tools"}


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

    @classmethod
    def from_rows(
        cls,
        titles: Iterable[tuple[str, str, str, int]],
        texts: Iterable[tuple[str, str, str]],
        priors: Iterable[tuple[str, float]],
        corrections: Iterable[tuple[str, str | None]] = (),
    ) -> OccupationReference:
        """From the rows of the coder's inputs: ``titles`` as (occupation_code, title, source,
        n_sources), ``texts`` as (occupation_code, field, text), ``priors`` as (SOC code, employment),
        ``corrections`` as (title, occupation_code or None)."""
        title_rows = list(titles)
        names = {code: title for code, title, source, _ in title_rows if source == "occupation"}
        codes = sorted(names)
        index = {code: i for i, code in enumerate(codes)}
        by_code: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for code, field_name, text in texts:
            if code in index and text and field_name in TEXT_GROUPS:
                by_code[index[code]][TEXT_GROUPS[field_name]].append(text)
        return cls(
            codes=codes,
            names=[names[c] for c in codes],
            titles=[(t, index[c], s, int(n)) for c, t, s, n in title_rows if c in index and t],
            texts={i: dict(groups) for i, groups in by_code.items()},
            employment=shared_employment(codes, dict(priors)),
            corrections={t: (index.get(c) if c else None) for t, c in corrections if not c or c in index},
        )

    def fingerprint(self) -> str:
        """Changes whenever anything the coder learns from changes."""
        digest = hashlib.sha1()
        for part in (self.codes, self.titles, sorted(self.texts.items()), self.employment):
            digest.update(repr(part).encode())
        digest.update(repr(sorted(self.corrections.items(), key=lambda kv: kv[0])).encode())
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
