"""Skill extraction throughput and memory: ~2 KB documents through the pipeline's whole extraction
(cleaning, matching, context decisions) against its taxonomy, one core.

    .venv/bin/python bench/skills_bench.py [--docs 100000] [--batch-size 10000] [--skills ../shared/data/skills/skill_extractor_skills.json]

The taxonomy is built as the pipeline builds it (curated skills, O*NET technology examples and tools, the
skills list; else 30,000 generated phrases);
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

from pipelines.settings import Settings  # noqa: E402

DEFAULT_SKILL_BATCH_SIZE = Settings.model_fields["skill_batch_size"].default

os.environ.setdefault("POLARS_MAX_THREADS", "1")


def _model(skills_file: Path, onet_dir: Path):
    """The extraction the pipeline runs, over the taxonomy it builds: curated skills, O*NET technology
    examples and tools, and the skills list when they are present; else the curated skills and 30,000
    generated phrases."""
    import polars as pl

    from pipelines.skills.steps import SkillModel, taxonomy_from

    def examples(name: str) -> list[str]:
        path = onet_dir / name
        return (
            pl.read_csv(path, separator="\t", quote_char=None)["Example"].unique().sort().to_list()
            if path.exists()
            else []
        )

    if skills_file.exists():
        taxonomy = taxonomy_from(examples("Technology Skills.txt"), [skills_file], examples("Tools Used.txt"))
    else:
        rng = random.Random(7)
        syllables = ["dat", "ora", "py", "net", "flux", "qua", "lin", "ser", "vex", "tor", "mix", "gra"]
        names = {
            " ".join("".join(rng.choices(syllables, k=3)) for _ in range(rng.randint(1, 3)))
            for _ in range(30_000)
        }
        taxonomy = taxonomy_from(sorted(names), [])
    return SkillModel.from_taxonomy(taxonomy)


def _documents(n: int, seed: int = 1):
    from pipelines.sample.generate import _doc, _resume_text

    rng = random.Random(seed)
    filler = " Collaborated with cross-functional teams, documented processes and reported results to stakeholders."
    for i in range(n):
        text = _resume_text(_doc(rng), "•")
        while len(text) < 2000:
            text += filler
        yield f"d{i}", text[:2048]


def run(docs: int, batch_size: int, skills_file: Path, onet_dir: Path) -> dict[str, float]:
    import polars as pl

    model = _model(skills_file, onet_dir)
    seconds = 0.0
    cpu_seconds = 0.0
    megabytes = 0.0
    found = 0
    generator = _documents(docs)
    while True:
        chunk = [next(generator, None) for _ in range(batch_size)]
        chunk = [c for c in chunk if c is not None]
        if not chunk:
            break
        frame = pl.DataFrame(
            {
                "doc_id": [c[0] for c in chunk],
                "text": [c[1] for c in chunk],
                "skills_raw": [[] for _ in chunk],
                "bullets": [[] for _ in chunk],
            },
            schema_overrides={"skills_raw": pl.List(pl.String), "bullets": pl.List(pl.String)},
        )
        megabytes += sum(len(c[1].encode()) for c in chunk) / 1e6
        started, cpu_started = time.perf_counter(), time.process_time()
        found += model.skills(frame, "resume").height
        seconds += time.perf_counter() - started
        cpu_seconds += time.process_time() - cpu_started
    return {
        "phrases": len(model.extractor.patterns),
        "docs": docs,
        "docs_per_s": docs / seconds,
        "docs_per_cpu_s": docs / cpu_seconds,
        "mb_per_s": megabytes / seconds,
        "pairs": found,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, nargs="+", default=[50_000, 200_000])
    parser.add_argument("--batch-size", type=int, default=DEFAULT_SKILL_BATCH_SIZE)
    parser.add_argument(
        "--skills", default=str(ROOT.parent / "shared" / "data" / "skills" / "skill_extractor_skills.json")
    )
    parser.add_argument("--onet", default=str(ROOT.parent / "shared" / "data" / "onet"))
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run(args.one, args.batch_size, Path(args.skills), Path(args.onet))))
        return
    # docs per CPU-second is the per-core figure: with one polars thread it is what one core does,
    # without the time the process waited for a busy machine
    print(
        f"{'phrases':>8} {'documents':>10} {'docs/s':>8} {'docs/CPU-s':>10} {'MB/s':>6} {'pairs':>10} {'peak RSS MB':>12}"
    )
    for n in args.docs:
        r = run_fresh(
            __file__,
            "--one",
            str(n),
            "--batch-size",
            str(args.batch_size),
            "--skills",
            args.skills,
            "--onet",
            args.onet,
        )
        print(
            f"{r['phrases']:>8,} {r['docs']:>10,} {r['docs_per_s']:>8,.0f} {r['docs_per_cpu_s']:>10,.0f}"
            f" {r['mb_per_s']:>6.1f} {r['pairs']:>10,} {r['peak_rss_mb']:>12,.0f}"
        )


if __name__ == "__main__":
    main()
