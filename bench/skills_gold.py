"""Skill extraction precision and recall on the hand-labelled gold documents (bench/gold/skills.csv).

    .venv/bin/python bench/skills_gold.py --warehouse /tmp/me/labourlens.duckdb [--raw-dir ../shared/data]
        [--show dev|test|all] [--write-precision]

The warehouse must be built from the same raw directory (``labourlens build --raw-dir ../shared/data``):
documents are read from it through the pipeline's own input selects, the taxonomy is built in process
from its O*NET staging tables, the curated list and ``<raw-dir>/skills/``, and every document goes
through the pipeline's extraction (``SkillModel.skills``). Matching and units are defined in
``pipelines/skills/gold.py``. Prints precision and recall for postings and resumes on the dev and test
halves and on both, with 95% bootstrap intervals over documents; the evidence that admitted ambiguous
forms and how often it was right; with ``--show``, every false positive and miss of that half.
``--write-precision`` writes the per-skill table ``reference/skill_precision.csv`` (all gold documents).
"""

import argparse
import csv
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import polars as pl  # noqa: E402
from skill_errors import FALSE_POSITIVE_KINDS, MISS_KINDS, breakdown, print_breakdown, vocabulary_ceiling  # noqa: E402

from pipelines.ingest.loop import discover  # noqa: E402
from pipelines.skills.clean import cleaned, without_company  # noqa: E402
from pipelines.skills.gold import Scored, per_skill, score, split_of, summary  # noqa: E402
from pipelines.skills.steps import SkillModel, taxonomy_from  # noqa: E402

GOLD = ROOT / "bench" / "gold"
INPUTS = ROOT / "sql" / "inputs"
PRECISION = ROOT / "reference" / "skill_precision.csv"


def _input(name: str) -> str:
    return (INPUTS / f"{name}.sql").read_text()


def _documents(con: duckdb.DuckDBPyConnection) -> dict[str, pl.DataFrame]:
    out = {}
    for doc_type, query, table, key in (
        ("resume", "resume_skill_sources", "staging.resumes", "resume_id"),
        ("posting", "posting_skill_sources", "staging.postings", "posting_id"),
    ):
        sql = f"select s.*, d.source_file, d.record_position from ({_input(query)}) as s inner join {table} as d on d.{key} = s.doc_id"
        out[doc_type] = con.sql(sql).pl()
    return out


@dataclass
class GoldRun:
    """The pipeline's extraction of the gold documents: ``found_rows`` (source_file, position,
    skill_id, form); ``reasons``: the evidence of every text match not clear; ``supports``: the
    support of every list phrase admitted on evidence; ``held``: the documents in the warehouse;
    ``texts``: doc -> (text, cleaned text, employer)."""

    found_rows: list[tuple[str, int, str, str]] = field(default_factory=list)
    reasons: list[tuple[tuple[str, int], str, str]] = field(default_factory=list)
    supports: dict[tuple[tuple[str, int], str], int] = field(default_factory=dict)
    held: set[tuple[str, int]] = field(default_factory=set)
    texts: dict[tuple[str, int], tuple[str, str, str]] = field(default_factory=dict)


def extract_gold(con: duckdb.DuckDBPyConnection, model: SkillModel, gold_docs: pl.DataFrame) -> GoldRun:
    out = GoldRun()
    for doc_type, batch in _documents(con).items():
        batch = batch.join(
            gold_docs.select("source_file", "record_position"), on=["source_file", "record_position"]
        )
        keys = dict(
            zip(
                batch["doc_id"], zip(batch["source_file"], batch["record_position"], strict=True), strict=True
            )
        )
        out.held |= set(keys.values())
        companies = batch["company"] if "company" in batch.columns else pl.Series([""] * batch.height)
        clean = cleaned(without_company(batch["text"], companies), doc_type == "posting")
        for doc_id, raw, text, company in zip(batch["doc_id"], batch["text"], clean, companies, strict=True):
            out.texts[keys[doc_id]] = (raw or "", text or "", company or "")
        skills = model.skills(batch.drop("source_file", "record_position"), doc_type, with_reasons=True)
        for doc_id, skill_id, forms, reason, support in skills.select(
            "doc_id", "skill_id", "forms", "reason", "support"
        ).iter_rows():
            for form in forms:
                out.found_rows.append((*keys[doc_id], skill_id, form))
            if reason and reason != "clear":
                out.reasons.append((keys[doc_id], skill_id, reason))
            if reason == "supported":
                out.supports[(keys[doc_id], skill_id)] = support
    return out


def _kind(kinds: dict[tuple[tuple[str, int], str], str], key: tuple[tuple[str, int], str]) -> str:
    return f" [{kinds[key]}]" if key in kinds else ""


def _print_scores(scored: Scored, docs: list[tuple[str, int]], title: str) -> None:
    print(f"\n{title}")
    print(
        f"{'documents':<10} {'half':<5} {'docs':>4} {'extracted':>9} {'gold':>5} {'precision':>22} {'recall':>22}"
    )
    for kind in ("postings", "resumes"):
        for half in ("dev", "test", "all"):
            subset = [d for d in docs if d[0].startswith(kind) and half in ("all", split_of(*d))]
            r = summary(scored, subset)
            print(
                f"{kind:<10} {half:<5} {r['docs']:>4} {r['extracted']:>9} {r['gold']:>5}"
                f" {r['precision']:>8.3f} [{r['precision_lo']:.3f}, {r['precision_hi']:.3f}]"
                f" {r['recall']:>8.3f} [{r['recall_lo']:.3f}, {r['recall_hi']:.3f}]"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--warehouse", required=True)
    parser.add_argument("--raw-dir", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--show", choices=["dev", "test", "all"])
    parser.add_argument("--write-precision", action="store_true")
    parser.add_argument("--examples", type=int, default=10, help="wrong forms listed per source and type")
    args = parser.parse_args()

    con = duckdb.connect(args.warehouse, read_only=True)
    technology = [n for (n,) in con.sql(_input("onet_technology_names")).fetchall()]
    tools = [n for (n,) in con.sql(_input("onet_tool_names")).fetchall()]
    taxonomy = taxonomy_from(technology, discover(Path(args.raw_dir) / "skills"), tools)
    frame, alias_frame = taxonomy.frame(), taxonomy.alias_frame()
    con.register("skills_frame", frame.to_arrow())
    con.register("aliases_frame", alias_frame.to_arrow())
    model_sql = (
        _input("skill_aliases")
        .replace("staging.skill_aliases", "aliases_frame")
        .replace("staging.skills", "skills_frame")
    )
    model = SkillModel(con.sql(model_sql).fetchall())

    gold_docs = pl.read_csv(GOLD / "skill_documents.csv")
    gold = pl.read_csv(GOLD / "skills.csv")
    run = extract_gold(con, model, gold_docs)
    found_rows, reasons, texts = run.found_rows, run.reasons, run.texts
    docs = [(s, p) for s, p in gold_docs.select("source_file", "record_position").iter_rows()]
    # a gold document ingest keeps once under another record (identical content) is not scored twice
    duplicates = sorted(set(docs) - run.held)
    docs = [d for d in docs if d in run.held]
    missing = set(docs) - {(s, p) for s, p, _, _ in found_rows}
    gold_rows = gold.select("source_file", "record_position", "skill", "surface").rows()
    scored = score(gold_rows, found_rows, docs)

    print(
        f"taxonomy: {len(taxonomy.skills):,} skills, {len(taxonomy.aliases):,} forms; gold: {len(docs)} documents ({len(missing)} with nothing found)"
    )
    if duplicates:
        print(
            f"not scored: {', '.join(f'{s}:{p}' for s, p in duplicates)} (not in the warehouse: ingest"
            " keeps identical content once)"
        )
    _print_scores(scored, docs, "lenient key (a shorter extracted key inside a longer gold one counts)")
    _print_scores(score(gold_rows, found_rows, docs, strict=True), docs, "strict key (it does not)")
    for source_file in sorted({d[0] for d in docs if d[0].startswith("resumes")}):
        subset = [d for d in docs if d[0] == source_file]
        r = summary(scored, subset)
        print(
            f"  of which {source_file} ({r['docs']} documents): precision {r['precision']:.3f}"
            f" [{r['precision_lo']:.3f}, {r['precision_hi']:.3f}], recall {r['recall']:.3f}"
            f" [{r['recall_lo']:.3f}, {r['recall_hi']:.3f}]"
        )
    print("\nforms admitted by evidence (dev half): evidence, correct / admitted")
    tally: Counter[tuple[str, bool]] = Counter()
    for doc, skill_id, reason in reasons:
        if split_of(*doc) == "dev":
            tally[(reason, scored.extracted[doc][skill_id])] += 1
    for reason in ("supported", "list", "named", "capitalised", "alone"):
        right, n = tally[(reason, True)], tally[(reason, True)] + tally[(reason, False)]
        wrong = Counter(
            "|".join(sorted(scored.forms[(doc, s)]))
            for doc, s, r in reasons
            if r == reason and split_of(*doc) == "dev" and not scored.extracted[doc][s]
        )
        print(f"  {reason:<12} {right} / {n}; wrong: {', '.join(f for f, _ in wrong.most_common(12))}")

    print("\nprecision by source and type of the extracted skill (dev half): correct / extracted")
    by: Counter[tuple[str, bool]] = Counter()
    for doc, judged in scored.extracted.items():
        if split_of(*doc) != "dev":
            continue
        for skill_id, ok in judged.items():
            origins = taxonomy.origins.get(skill_id, set())
            source = next((o for o in ("curated", "onet", "onet_tools") if o in origins), "list")
            by[(f"{source}/{taxonomy.types.get(skill_id)}", ok)] += 1
    wrong_by: dict[str, Counter[str]] = {}
    for doc, judged in scored.extracted.items():
        for skill_id, ok in judged.items():
            if split_of(*doc) == "dev" and not ok:
                origins = taxonomy.origins.get(skill_id, set())
                source = next((o for o in ("curated", "onet", "onet_tools") if o in origins), "list")
                key = f"{source}/{taxonomy.types.get(skill_id)}"
                wrong_by.setdefault(key, Counter())["|".join(sorted(scored.forms[(doc, skill_id)]))] += 1
    for key in sorted({k for k, _ in by}):
        examples = ", ".join(f for f, _ in wrong_by.get(key, Counter()).most_common(args.examples))
        print(f"  {key:<24} {by[(key, True)]} / {by[(key, True)] + by[(key, False)]}; wrong: {examples}")

    wrong_kinds, missed_kinds = breakdown(
        scored, docs, texts, {(doc, s): r for doc, s, r in reasons}, taxonomy
    )
    wrong_dev = {k: v for k, v in wrong_kinds.items() if split_of(*k[0]) == "dev"}
    missed_dev = {k: v for k, v in missed_kinds.items() if split_of(*k[0]) == "dev"}
    print_breakdown(
        "false positives by kind",
        wrong_dev,
        FALSE_POSITIVE_KINDS,
        {k: min(scored.forms[k], key=len) for k in wrong_dev},
    )
    print_breakdown(
        "misses by kind",
        missed_dev,
        MISS_KINDS,
        {k: "|".join(sorted(scored.gold_forms[k])) for k in missed_dev},
    )

    print("\nrecall if every miss the taxonomy names in some form were found (the vocabulary's ceiling):")
    for kind in ("postings", "resumes"):
        ceilings = [
            f"{half} {vocabulary_ceiling(scored, [d for d in docs if d[0].startswith(kind) and split_of(*d) == half], missed_kinds):.3f}"
            for half in ("dev", "test")
        ]
        print(f"  {kind:<10} {', '.join(ceilings)}")

    if args.show:
        for doc in docs:
            if args.show != "all" and split_of(*doc) != args.show:
                continue
            false_positives = sorted(
                "|".join(sorted(scored.forms[(doc, s)])) + _kind(wrong_kinds, (doc, s))
                for s, ok in scored.extracted[doc].items()
                if not ok
            )
            misses = sorted(
                "|".join(sorted(scored.gold_forms[(doc, s)])) + _kind(missed_kinds, (doc, s))
                for s, ok in scored.gold[doc].items()
                if not ok
            )
            print(
                f"\n{doc[0]}:{doc[1]}\n  false positives: {'; '.join(false_positives)}"
                f"\n  misses: {'; '.join(misses)}"
            )

    if args.write_precision:
        table = per_skill(scored, taxonomy.aliases, docs)
        with PRECISION.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(["skill_id", "extracted", "correct", "named", "found", "gold_documents"])
            for skill_id in sorted(table):
                t = table[skill_id]
                w.writerow([skill_id, t.extracted, t.correct, t.named, t.found, len(docs)])
        print(f"\nwrote {PRECISION.relative_to(ROOT)}: {len(table)} skills")


if __name__ == "__main__":
    main()
