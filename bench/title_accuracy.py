"""Title -> occupation accuracy and throughput, on the real O*NET release in a raw directory.

    .venv/bin/python bench/title_accuracy.py [--raw-dir ../shared/data]

1. Held-out O*NET alternate titles with realistic noise added (seniority prefixes, levels, work
   arrangements, locations, casing, a typo in 1 in 10), 1 in 5 titles chosen by hash. Two settings:
   - "seen": the index holds every O*NET title, so the test is robustness to noise and ambiguity;
   - "unseen": the held-out titles are removed from the index, so the test is generalisation.
   Accuracy is top-1 at the 6-digit SOC level over all test titles (unmapped counts as wrong);
   "any-of" accepts any SOC O*NET lists for that title; "confident wrong" is the share of mapped
   titles whose SOC is wrong.
2. Every distinct real title of the shared Glassdoor postings and resumes (bench/title_labels.csv),
   labelled by hand from the title alone before measuring: a SOC code when the title names one clear
   occupation, empty when it does not ("Data Analyst", "Scientist", "Intern": O*NET itself lists
   several occupations or none). Accuracy is over the clear ones; the others show how many get
   mapped anyway.
"""

import argparse
import csv
import hashlib
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.titles.index import TitleIndex, TitleMatch, index_form  # noqa: E402

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


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]


def _priors(raw: Path) -> dict[str, float]:
    import duckdb

    path = raw / "oews" / "oews_may2025_national_industry.csv"
    if not path.exists():
        return {}
    rows = duckdb.sql(
        "select occ_code, max(tot_emp)::double from read_csv($p) where industry_display_level = 0 and tot_emp is not null group by 1",
        params={"p": str(path)},
    ).fetchall()
    return dict(rows)


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
    """Seniority, level, arrangement and location noise; 1 in 10 with a typo, 1 in 20 upper case."""
    text = rng.choice(PREFIXES) + (_typo(rng, title) if rng.random() < 0.1 else title) + rng.choice(SUFFIXES)
    return text.upper() if rng.random() < 0.05 else text


def _hits_and_wrong(pairs: list[tuple[TitleMatch, dict[str, str]]]) -> tuple[int, int]:
    """Of (match, labelled row) pairs: mapped to the label's SOC, and mapped to another."""
    hits = sum(m.soc_code == r["soc_code"] for m, r in pairs)
    return hits, sum(m.soc_code is not None for m, _ in pairs) - hits


def _held_out(title: str) -> bool:
    return int(hashlib.sha1(title.encode()).hexdigest(), 16) % 5 == 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--raw-dir", default=str(ROOT.parent / "shared" / "data"))
    raw = Path(parser.parse_args().raw_dir)
    occupations = [(r[1], r[0]) for r in _rows(raw / "onet" / "Occupation Data.txt")]
    alternate_rows = _rows(raw / "onet" / "Alternate Titles.txt")
    alternates = [(r[1], r[0]) for r in alternate_rows]
    sources = {(r[1], r[0]): len(r[3].split(",")) for r in alternate_rows}
    priors = _priors(raw)
    technologies = [(r[1], r[0]) for r in _rows(raw / "onet" / "Technology Skills.txt")]
    valid: dict[str, set[str]] = defaultdict(set)
    for title, code in occupations + alternates:
        valid[index_form(title)].add(code[:7])
    test = [(t, c) for t, c in alternates if _held_out(t)]
    rng = random.Random(20261126)
    queries = [_noisy(rng, t) for t, _ in test]

    # one label per title can be right for at most one of the SOC codes O*NET lists the title under
    ceiling = len({index_form(t) for t, _ in test}) / len(test)
    print(
        f"held-out O*NET alternate titles with noise: {len(test):,} (top-1 ceiling for one label per title: {ceiling:.1%})"
    )
    for setting, alt in (("seen", alternates), ("unseen", [a for a in alternates if not _held_out(a[0])])):
        index = TitleIndex(occupations, alt, priors=priors, sources=sources, technologies=technologies)
        started = time.perf_counter()
        matches = index.match_many(queries)
        seconds = time.perf_counter() - started
        truth = [c[:7] for _, c in test]
        mapped = [(m, t) for m, t in zip(matches, truth, strict=True) if m.soc_code]
        correct = sum(m.soc_code == t for m, t in mapped)
        any_of = sum(
            m.soc_code in valid[index_form(title)] for m, (title, _) in zip(matches, test, strict=True)
        )
        one_soc = [len(valid[index_form(title)]) == 1 for title, _ in test]
        strict = [m.soc_code == c for m, c in zip(matches, truth, strict=True)]
        listed = [m.soc_code in valid[index_form(title)] for m, (title, _) in zip(matches, test, strict=True)]
        is_mapped = [m.soc_code is not None for m in matches]

        def share(flags: list[bool], among: list[bool]) -> str:
            n = sum(among)
            return f"{sum(f and a for f, a in zip(flags, among, strict=True)) / max(1, n):.1%}"

        several = [not o for o in one_soc]
        wrong = [m and not ok for m, ok in zip(is_mapped, listed, strict=True)]
        print(
            f"  {setting:>6}: titles O*NET gives one SOC (n={sum(one_soc):,}): top-1 {share(strict, one_soc)}, "
            f"mapped {share(is_mapped, one_soc)}, confident wrong {share(wrong, [m and o for m, o in zip(is_mapped, one_soc, strict=True)])}"
        )
        print(
            f"          titles O*NET gives several SOCs (n={sum(several):,}): mapped {share(is_mapped, several)}, "
            f"of those to a SOC O*NET lists for the title {share(listed, [m and s for m, s in zip(is_mapped, several, strict=True)])}"
        )
        print(
            f"          all (n={len(test):,}): top-1 {correct / len(test):.1%} (the row's own SOC), any-of {any_of / len(test):.1%}, "
            f"mapped {len(mapped) / len(test):.1%}, confident wrong {share(wrong, is_mapped)} (SOC not listed for the title), "
            f"{len(test) / seconds:,.0f} titles/s"
        )

    labels_path = ROOT / "bench" / "title_labels.csv"
    with labels_path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with (ROOT / "reference" / "title_corrections.csv").open(encoding="utf-8") as fh:
        corrections = [(r["title"], r["occupation_code"] or None) for r in csv.DictReader(fh)]
    plain = TitleIndex(occupations, alternates, priors=priors, sources=sources, technologies=technologies)
    plain_clear = [
        (m, r)
        for m, r in zip(plain.match_many([r["title"] for r in rows]), rows, strict=True)
        if r["soc_code"]
    ]
    plain_hits, plain_wrong = _hits_and_wrong(plain_clear)
    index = TitleIndex(
        occupations,
        alternates,
        priors=priors,
        sources=sources,
        corrections=corrections,
        technologies=technologies,
    )
    matches = index.match_many([r["title"] for r in rows])
    clear = [(m, r) for m, r in zip(matches, rows, strict=True) if r["soc_code"]]
    unclear = [m for m, r in zip(matches, rows, strict=True) if not r["soc_code"]]
    correct, wrong = _hits_and_wrong(clear)
    print(
        f"real titles with one clear occupation: {len(clear)}  top-1 {correct / len(clear):.1%}  "
        f"mapped {(correct + wrong) / len(clear):.1%}  confident wrong {wrong} "
        f"({wrong / max(1, correct + wrong):.1%} of mappings)"
    )
    print(
        f"    without reference/title_corrections.csv: top-1 {plain_hits / len(clear):.1%}, confident wrong {plain_wrong}"
    )
    print(
        f"real titles with no one clear occupation from the title alone: {len(unclear)}, "
        f"mapped anyway {sum(m.soc_code is not None for m in unclear)}"
    )
    for source in sorted({r["source"] for _, r in clear}):
        part = [(m, r) for m, r in clear if r["source"] == source]
        hits, misses = _hits_and_wrong(part)
        print(f"    {source}: {len(part)} titles, top-1 {hits / len(part):.1%}, confident wrong {misses}")
    for m, r in clear:
        if m.soc_code != r["soc_code"]:
            print(
                f"    miss: {r['title']!r} -> {m.soc_code} ({m.method} {m.score}, candidate {m.candidate_code}); label {r['soc_code']}"
            )


if __name__ == "__main__":
    main()
