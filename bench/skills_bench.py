"""Skill extraction throughput and memory: ~2 KB documents against a ~30,000-phrase taxonomy, one core.

    .venv/bin/python bench/skills_bench.py [--docs 100000] [--batch-size 10000] [--skills ../shared/data/skills/skill_extractor_skills.json]

The taxonomy is the curated list plus the skills list when present (else 30,000 generated phrases);
documents are generated resume texts padded to ~2 KB. Prints docs/s, MB/s and peak RSS; runs twice
with different corpus sizes so that memory can be seen to follow the batch, not the corpus.
"""

import argparse
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import run_fresh  # noqa: E402

os.environ.setdefault("POLARS_MAX_THREADS", "1")


def _taxonomy(skills_file: Path):
    from pipelines.lib.skill_pipeline import CURATED_SKILLS
    from pipelines.lib.skills import Taxonomy, load_curated, read_skill_list

    taxonomy = Taxonomy()
    load_curated(CURATED_SKILLS, taxonomy)
    if skills_file.exists():
        for name in read_skill_list(skills_file):
            taxonomy.add(name, "list")
    else:
        rng = random.Random(7)
        syllables = ["dat", "ora", "py", "net", "flux", "qua", "lin", "ser", "vex", "tor", "mix", "gra"]
        while len(taxonomy.skills) < 30_000:
            taxonomy.add(
                " ".join("".join(rng.choices(syllables, k=3)) for _ in range(rng.randint(1, 3))), "list"
            )
    return taxonomy.finish()


def _documents(n: int, seed: int = 1):
    from pipelines.lib.sample import _doc, _resume_text

    rng = random.Random(seed)
    filler = " Collaborated with cross-functional teams, documented processes and reported results to stakeholders."
    for i in range(n):
        text = _resume_text(_doc(rng), "•")
        while len(text) < 2000:
            text += filler
        yield f"d{i}", text[:2048]


def run(docs: int, batch_size: int, skills_file: Path) -> dict[str, float]:
    import polars as pl

    from pipelines.lib.skills import Extractor, extract

    taxonomy = _taxonomy(skills_file)
    extractor = Extractor.from_aliases(taxonomy.aliases, taxonomy.ambiguous)
    seconds = 0.0
    megabytes = 0.0
    found = 0
    generator = _documents(docs)
    while True:
        chunk = [next(generator, None) for _ in range(batch_size)]
        chunk = [c for c in chunk if c is not None]
        if not chunk:
            break
        frame = pl.DataFrame({"id": [c[0] for c in chunk], "text": [c[1] for c in chunk]})
        megabytes += sum(len(c[1].encode()) for c in chunk) / 1e6
        started = time.perf_counter()
        found += extract(frame, extractor, "id", "text").height
        seconds += time.perf_counter() - started
    return {
        "phrases": len(extractor.patterns),
        "docs": docs,
        "docs_per_s": docs / seconds,
        "mb_per_s": megabytes / seconds,
        "pairs": found,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, nargs="+", default=[50_000, 200_000])
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument(
        "--skills", default=str(ROOT.parent / "shared" / "data" / "skills" / "skill_extractor_skills.json")
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run(args.one, args.batch_size, Path(args.skills))))
        return
    print(f"{'phrases':>8} {'documents':>10} {'docs/s':>8} {'MB/s':>6} {'pairs':>10} {'peak RSS MB':>12}")
    for n in args.docs:
        r = run_fresh(
            __file__, "--one", str(n), "--batch-size", str(args.batch_size), "--skills", args.skills
        )
        print(
            f"{r['phrases']:>8,} {r['docs']:>10,} {r['docs_per_s']:>8,.0f} {r['mb_per_s']:>6.1f} {r['pairs']:>10,} {r['peak_rss_mb']:>12,.0f}"
        )


if __name__ == "__main__":
    main()
