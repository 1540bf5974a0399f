"""How often two annotators agree on the occupation of the same real documents: the ceiling of any
coder measured against bench/gold/titles.csv.

    .venv/bin/python bench/title_agreement.py

bench/gold/titles_second.csv holds a second annotator's labels of 120 documents of the test half (a
fixed sample in proportion to each source file), made from the same rules (TITLE_RULES.md) without
seeing the first labels or any coder output. "Right" is scored as bench/title_gold.py scores the
coder: one annotator's best code among the other's best and acceptable codes.
"""

import csv
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.titles.calibrate import wilson  # noqa: E402

GOLD = ROOT / "bench" / "gold"


def _labels(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {(row["source_file"], row["record_position"]): row for row in csv.DictReader(handle)}


def _codes(row: dict[str, str]) -> set[str]:
    return {row["best_code"], *filter(None, row["acceptable_codes"].split(";"))}


def _pct(k: int, n: int) -> str:
    low, high = wilson(k, n)
    return f"{100 * k / n:5.1f}% [{100 * low:.1f}, {100 * high:.1f}]"


def main() -> None:
    first = _labels(GOLD / "titles.csv")
    second = _labels(GOLD / "titles_second.csv")
    missing = sorted(set(second) - set(first))
    if missing:
        sys.exit(f"titles_second.csv names documents titles.csv does not hold: {missing[:5]}")
    groups: dict[str, list[tuple[dict[str, str], dict[str, str]]]] = defaultdict(list)
    for key, row in second.items():
        pair = (first[key], row)
        groups["all"].append(pair)
        groups[key[0]].append(pair)
        groups["ambiguous (first)" if first[key]["ambiguous"] == "yes" else "clear (first)"].append(pair)
    print(
        "| documents | n | same best code | second's best right under first | first's best right under second |"
    )
    print("|---|---|---|---|---|")
    for name, pairs in sorted(groups.items(), key=lambda item: (item[0] != "all", item[0])):
        n = len(pairs)
        same = sum(a["best_code"] == b["best_code"] for a, b in pairs)
        second_right = sum(b["best_code"] in _codes(a) for a, b in pairs)
        first_right = sum(a["best_code"] in _codes(b) for a, b in pairs)
        print(f"| {name} | {n} | {_pct(same, n)} | {_pct(second_right, n)} | {_pct(first_right, n)} |")


if __name__ == "__main__":
    main()
