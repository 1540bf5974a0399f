"""The occupation coder on hand-labelled real documents (bench/gold/titles.csv), its precision-coverage
curve, and its speed.

    .venv/bin/python bench/title_gold.py --warehouse /tmp/you/labourlens.duckdb [--calibrate]

The warehouse is a build of ../shared/data (`labourlens build --raw-dir ../shared/data --warehouse ...`):
the bench reads the coder's own inputs from it (the O*NET and SOC staging tables, the ingested records)
and trains the coder as the build does. With ``--calibrate`` it fits the weights on the ``dev`` half
and picks the threshold from the dev curve (at most ``--max-wrong`` of dev documents wrong), and writes
them to reference/title_coder.toml. Figures are printed for dev, test and all with Wilson intervals.
"""

import argparse
import csv
import resource
import sys
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.settings import load_settings  # noqa: E402
from pipelines.titles.calibrate import choose_threshold, curve, fit_weights, outcome, wilson  # noqa: E402
from pipelines.titles.coder import CODER_SETTINGS, CoderSettings, probabilities  # noqa: E402
from pipelines.titles.features import FEATURES, FeatureModel  # noqa: E402
from pipelines.titles.steps import load_reference  # noqa: E402
from pipelines.warehouse.build import StepContext, connect  # noqa: E402
from pipelines.warehouse.contracts import contract  # noqa: E402

GOLD = ROOT / "bench" / "gold" / "titles.csv"


def _pct(k: int, n: int) -> str:
    low, high = wilson(k, n)
    return f"{k / max(1, n):6.1%} [{low:.1%}, {high:.1%}]"


def _write_settings(weights: np.ndarray, threshold: float, settings: CoderSettings) -> None:
    lines = [
        "# Weights of the occupation coder's evidence (pipelines/titles/features.py), its mapping threshold and",
        "# the candidates it keeps. Written by `bench/title_gold.py --calibrate` from the dev half of",
        "# bench/gold/titles.csv; never edited to fix one labelled document.",
        f"threshold = {threshold}",
        f"candidates = {settings.candidates}",
        f"text_chars = {settings.text_chars}",
        "",
        "[weights]",
        *(f"{name} = {round(float(w), 3)}" for name, w in zip(FEATURES, weights, strict=True)),
    ]
    CODER_SETTINGS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--warehouse", required=True)
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--max-wrong", type=float, default=0.05)
    args = parser.parse_args()
    settings = load_settings(raw_dir=ROOT.parent / "shared" / "data", warehouse=args.warehouse)
    con = connect(settings.layout, read_only=True)
    ctx = StepContext((contract("staging.title_occupations"),), settings, con, log=print)

    started = time.perf_counter()
    reference = load_reference(ctx)
    read = time.perf_counter() - started
    started = time.perf_counter()
    model = FeatureModel(reference)
    trained = time.perf_counter() - started
    print(
        f"reference read in {read:.1f} s; coder trained in {trained:.1f} s ({len(model.codes):,} occupations, "
        f"{model.title_matrix.shape[1]:,} authority titles, text vocabulary {len(model.text_vectoriser.vocabulary_):,})"
    )

    columns = ctx.query("coded_documents").to_arrow_table().to_pydict()
    documents = {
        (f, p): i
        for i, (f, p) in enumerate(zip(columns["source_file"], columns["record_position"], strict=True))
    }
    with GOLD.open(encoding="utf-8") as fh:
        gold = [r for r in csv.DictReader(fh) if (r["source_file"], int(r["record_position"])) in documents]
    at = [documents[(r["source_file"], int(r["record_position"]))] for r in gold]
    coder = CoderSettings.load()
    titles = [columns["title"][i] for i in at]
    texts = [(columns["text"][i] or "")[: coder.text_chars] for i in at]
    evidence = model.evidence(titles, texts)
    index = {code: k for k, code in enumerate(model.codes)}
    acceptable = np.zeros((len(gold), len(model.codes)), dtype=bool)
    for d, row in enumerate(gold):
        for code in {row["best_code"], *row["acceptable_codes"].split(";")} - {""}:
            acceptable[d, index[code]] = True
    dev = np.array([r["split"] == "dev" for r in gold])

    weights = coder.vector()
    threshold = coder.threshold
    if args.calibrate:
        weights = fit_weights(evidence.values[:, dev], acceptable[dev])
    probs = probabilities(evidence, weights.astype(np.float32))
    best = probs.argmax(axis=1)
    p_best = probs[np.arange(len(gold)), best]
    correct = acceptable[np.arange(len(gold)), best]
    if args.calibrate:
        threshold = choose_threshold(p_best[dev].tolist(), correct[dev].tolist(), args.max_wrong)
        _write_settings(weights, threshold, coder)
        print(f"calibrated on dev ({dev.sum()} documents), written to {CODER_SETTINGS.relative_to(ROOT)}")
    print(
        "weights: "
        + ", ".join(f"{n} {w:.2f}" for n, w in zip(FEATURES, weights, strict=True))
        + f"; threshold {threshold}"
    )

    top3 = np.argsort(-probs, axis=1)[:, :3]
    in_top3 = acceptable[np.arange(len(gold))[:, None], top3].any(axis=1)
    sources = np.array([r["source_file"] for r in gold])
    print("\nhand-labelled real documents (right = best or an acceptable code; 95% Wilson intervals):")
    for name, mask in [("dev", dev), ("test", ~dev), ("all", np.ones_like(dev))] + [
        (f"  all, {s}", sources == s) for s in sorted(set(sources))
    ]:
        o = outcome(p_best[mask].tolist(), correct[mask].tolist(), threshold)
        print(
            f"  {name:<46} n={o.n:4}  right {_pct(o.right, o.n)}  wrong {_pct(o.wrong, o.n)}  "
            f"unmapped {_pct(o.unmapped, o.n)}  top-1 {correct[mask].mean():.1%}  top-3 {in_top3[mask].mean():.1%}"
        )

    print("\nprecision-coverage curve (threshold: mapped share, right, wrong, precision of the mapped):")
    for name, mask in [("dev", dev), ("test", ~dev)]:
        print(f"  {name}")
        for t, o in curve(p_best[mask].tolist(), correct[mask].tolist(), steps=20):
            mapped = o.right + o.wrong
            print(
                f"    {t:4.2f}  mapped {mapped / o.n:6.1%}  right {o.right / o.n:6.1%}  wrong {o.wrong / o.n:6.1%}"
                f"  precision {o.right / max(1, mapped):6.1%}"
            )
    print("\ncalibration on test (predicted probability of the best candidate vs how often it is right):")
    for low in (0.0, 0.2, 0.4, 0.6, 0.8):
        m = ~dev & (p_best >= low) & (p_best < low + 0.2 + (1e-9 if low == 0.8 else 0))
        if m.any():
            print(
                f"    [{low:.1f}, {low + 0.2:.1f})  n={m.sum():4}  mean predicted {p_best[m].mean():.2f}  right {correct[m].mean():.2f}"
            )

    settings_now = CoderSettings(
        dict(zip(FEATURES, weights.tolist(), strict=True)), threshold, coder.candidates, coder.text_chars
    )
    _coverage(ctx, model, settings_now)
    _speed(model, settings_now, columns, reference)


def _coverage(ctx: StepContext, model: FeatureModel, settings: CoderSettings) -> None:
    """Share of the build's distinct postings and resumes that get an occupation (a stated code counts)."""
    from pipelines.titles.coder import decide

    for table in ("postings", "resumes"):
        rows = ctx.con.execute(
            f"select title, {'description' if table == 'postings' else 'text'}, "
            f"{'occupational_category_raw' if table == 'postings' else 'null'} from staging.{table}"
        ).fetchall()
        codings = decide(
            model.evidence([r[0] for r in rows], [(r[1] or "")[: settings.text_chars] for r in rows]),
            model.codes,
            settings,
        )
        mapped = sum(c.occupation_code is not None or bool(r[2]) for c, r in zip(codings, rows, strict=True))
        print(
            f"shared data {table}: {mapped:,} of {len(rows):,} get an occupation ({mapped / max(1, len(rows)):.1%})"
        )


def _speed(model: FeatureModel, settings: CoderSettings, columns: dict, reference) -> None:
    from pipelines.titles.coder import decide

    texts = [(t or "")[: settings.text_chars] for t in columns["text"]]
    titles = list(columns["title"])
    reps = max(1, 5000 // len(texts))
    texts, titles = texts * reps, titles * reps
    distinct = sorted({t for t, _, _, _ in reference.titles})[:40_000]
    with threadpool_limits(1):
        started = time.perf_counter()
        for k in range(0, len(texts), 1000):
            decide(model.evidence(titles[k : k + 1000], texts[k : k + 1000]), model.codes, settings)
        with_text = len(texts) / (time.perf_counter() - started)
        started = time.perf_counter()
        for k in range(0, len(distinct), 1000):
            decide(model.evidence(distinct[k : k + 1000]), model.codes, settings)
        title_only = len(distinct) / (time.perf_counter() - started)
    mean_chars = sum(map(len, texts)) / len(texts)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"speed, one thread: {with_text:,.0f} documents/s with text ({len(texts):,} documents, mean {mean_chars:,.0f} "
        f"characters), {title_only:,.0f} distinct titles/s title-only ({len(distinct):,} titles); peak RSS {peak:,.0f} MB"
    )


if __name__ == "__main__":
    main()
