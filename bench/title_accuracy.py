"""Title-only accuracy and throughput of the occupation coder on O*NET's own titles, held out.

    .venv/bin/python bench/title_accuracy.py --warehouse /tmp/you/labourlens.duckdb

The warehouse is a build of ../shared/data; the coder is trained from its O*NET and SOC tables as the
build trains it. 1 in 5 O*NET alternate titles (by hash) is held out and queried with realistic noise
(seniority prefixes, levels, work arrangements, locations, casing, a typo in 1 in 10), title-only:
- "seen": the coder knows every authority title, so the test is robustness to noise and ambiguity;
- "unseen": the held-out titles are removed from what the coder learns from, so the test is how a
  title never seen lands.
Top-1 is at the 6-digit SOC level against the row's own SOC (unmapped counts as not right); "any-of"
accepts any SOC O*NET lists for that title; "wrong" is the share of mapped titles whose SOC O*NET does
not list for the title. Then every title of bench/title_labels.csv (real titles labelled from the title
alone: a SOC code when the title names one clear occupation), title-only.
"""

import argparse
import csv
import dataclasses
import hashlib
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.settings import load_settings  # noqa: E402
from pipelines.titles.coder import CoderSettings, FeatureModel, decide  # noqa: E402
from pipelines.titles.normalise import TitleNormaliser  # noqa: E402
from pipelines.titles.steps import load_reference  # noqa: E402
from pipelines.warehouse.build import StepContext, connect  # noqa: E402
from pipelines.warehouse.contracts import contract  # noqa: E402

PREFIXES = ["Sr. ", "Senior ", "Lead ", "Jr. ", "Principal ", "", "", "", "", ""]
SUFFIXES = [
    "",
    "",
    "",
    " II",
    " III",
    " - Remote",
    " (Contract)",
    ", Austin TX",
    " - Nights",
    " (Hybrid)",
    " 2",
]


def _typo(rng: random.Random, title: str) -> str:
    """One letter dropped inside one word of five or more letters ("Pricipal", "anlytics")."""
    words = title.split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long_words:
        return title
    i = rng.choice(long_words)
    k = rng.randrange(1, len(words[i]) - 1)
    words[i] = words[i][:k] + words[i][k + 1 :]
    return " ".join(words)


def _noisy(rng: random.Random, title: str) -> str:
    text = rng.choice(PREFIXES) + (_typo(rng, title) if rng.random() < 0.1 else title) + rng.choice(SUFFIXES)
    return text.upper() if rng.random() < 0.05 else text


def _held_out(title: str) -> bool:
    return int(hashlib.sha1(title.encode()).hexdigest(), 16) % 5 == 0


def _code(model: FeatureModel, titles: list[str], settings: CoderSettings) -> tuple[list, float]:
    started = time.process_time()
    codings = [
        c
        for k in range(0, len(titles), 1000)
        for c in decide(model, model.evidence(titles[k : k + 1000]), settings)
    ]
    return codings, len(titles) / (time.process_time() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--warehouse", required=True)
    settings = load_settings(raw_dir=ROOT.parent / "shared" / "data", warehouse=parser.parse_args().warehouse)
    ctx = StepContext(
        (contract("staging.title_occupations"),),
        settings,
        connect(settings.layout.warehouse, read_only=True),
        print,
    )
    reference = load_reference(ctx)
    coder = CoderSettings.load()
    normaliser = TitleNormaliser()
    listed: dict[str, set[str]] = defaultdict(set)
    for title, occ, _, _ in reference.titles:
        for key in normaliser.index_keys(title):
            listed[key].add(reference.codes[occ][:7])
    test = [(t, reference.codes[o]) for t, o, s, _ in reference.titles if s == "alternate" and _held_out(t)]
    rng = random.Random(20261126)
    queries = [_noisy(rng, t) for t, _ in test]
    ceiling = len({normaliser.index_keys(t)[0] for t, _ in test if normaliser.index_keys(t)}) / len(test)
    print(
        f"held-out O*NET alternate titles with noise: {len(test):,} (top-1 ceiling for one label per title: {ceiling:.1%})"
    )
    for setting in ("seen", "unseen"):
        kept = (
            reference
            if setting == "seen"
            else dataclasses.replace(
                reference,
                titles=[r for r in reference.titles if not (r[2] == "alternate" and _held_out(r[0]))],
            )
        )
        model = FeatureModel(kept, normaliser)
        codings, speed = _code(model, queries, coder)
        truth = [c[:7] for _, c in test]
        ok_sets = [listed[(normaliser.index_keys(t) or [""])[0]] for t, _ in test]
        mapped = [c.occupation_code is not None for c in codings]
        top1 = sum(m and c.occupation_code[:7] == t for m, c, t in zip(mapped, codings, truth, strict=True))
        any_of = sum(
            m and c.occupation_code[:7] in s for m, c, s in zip(mapped, codings, ok_sets, strict=True)
        )
        best_any = sum(c.candidates[0][:7] in s for c, s in zip(codings, ok_sets, strict=True))
        n_mapped = sum(mapped)
        print(
            f"  {setting:>6}: top-1 {top1 / len(test):.1%} (the row's own SOC), any-of {any_of / len(test):.1%}, "
            f"mapped {n_mapped / len(test):.1%}, wrong {(n_mapped - any_of) / max(1, n_mapped):.1%} of mappings; "
            f"best candidate any-of {best_any / len(test):.1%}; {speed:,.0f} titles per CPU-second"
        )

    model = FeatureModel(reference, normaliser)
    with (ROOT / "bench" / "title_labels.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    codings, _ = _code(model, [r["title"] for r in rows], coder)
    clear = [(c, r) for c, r in zip(codings, rows, strict=True) if r["soc_code"]]
    right = sum(c.occupation_code is not None and c.occupation_code[:7] == r["soc_code"] for c, r in clear)
    wrong = sum(c.occupation_code is not None and c.occupation_code[:7] != r["soc_code"] for c, r in clear)
    best = sum(c.candidates[0][:7] == r["soc_code"] for c, r in clear)
    print(
        f"real titles with one clear occupation, title alone (bench/title_labels.csv, n={len(clear)}): "
        f"right {right / len(clear):.1%}, wrong {wrong / len(clear):.1%}, unmapped {(len(clear) - right - wrong) / len(clear):.1%}; "
        f"best candidate right {best / len(clear):.1%}"
    )


if __name__ == "__main__":
    main()
