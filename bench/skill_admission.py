"""Fit the admission of list phrases (reference/skill_rules.toml [admission]) on the dev half of the
skill gold set.

    .venv/bin/python bench/skill_admission.py --warehouse /tmp/me/labourlens.duckdb [--raw-dir ../shared/data] [--write]

Every phrase only an uncurated skills list knows is admitted (its prior set high), the gold documents
go through the pipeline's extraction, and each (document, list phrase) found in the text is judged
against the gold (``pipelines/skills/gold.py``). A logistic regression of being right on the phrase's
features (``admission_features``: Zipf, words) and log(1 + the other skills its sentence names) is fitted
on dev; its out-of-fold figures (5 folds grouped by skill, so a phrase is never judged by a fit that saw
it) say what admitting at even odds does on dev, and the fit on all of dev what it does on test.
``--write`` puts the coefficients of the fit on all of dev into the rules file; its ``threshold`` (the
chance of being right at which a phrase counts) is chosen from the pipeline's own dev figures
(``bench/skills_gold.py``), not here.
"""

import argparse
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import numpy as np  # noqa: E402
import polars as pl  # noqa: E402
from skills_gold import GOLD, _input, extract_gold  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

from pipelines.ingest.loop import discover  # noqa: E402
from pipelines.skills.gold import score, split_of  # noqa: E402
from pipelines.skills.names import SKILL_RULES  # noqa: E402
from pipelines.skills.steps import SkillModel, taxonomy_from  # noqa: E402
from pipelines.skills.taxonomy import admission_features  # noqa: E402

COEFFICIENTS = ("intercept", "zipf", "words", "cooccurring")


THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)


def _effect(probability: np.ndarray, right: np.ndarray, threshold: float) -> str:
    kept = probability >= threshold
    return (
        f"at {threshold:.2f} kept {int(kept.sum())} of {len(kept)}: drops {int((~kept & right).sum())} right"
        f" and {int((~kept & ~right).sum())} wrong; precision of the list phrases {right.mean():.3f} ->"
        f" {right[kept].mean():.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--warehouse", required=True)
    parser.add_argument("--raw-dir", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()

    con = duckdb.connect(args.warehouse, read_only=True)
    technology = [n for (n,) in con.sql(_input("onet_technology_names")).fetchall()]
    tools = [n for (n,) in con.sql(_input("onet_tool_names")).fetchall()]
    taxonomy = taxonomy_from(technology, discover(Path(args.raw_dir) / "skills"), tools)
    taxonomy.priors = dict.fromkeys(taxonomy.priors, math.inf)
    gold_docs = pl.read_csv(GOLD / "skill_documents.csv")
    gold = pl.read_csv(GOLD / "skills.csv")
    run = extract_gold(con, SkillModel.from_taxonomy(taxonomy), gold_docs)
    docs = [d for d in gold_docs.select("source_file", "record_position").iter_rows() if d in run.held]
    scored = score(
        gold.select("source_file", "record_position", "skill", "surface").iter_rows(), run.found_rows, docs
    )
    rows: dict[str, list[tuple[list[float], bool, str]]] = {"dev": [], "test": []}
    for (doc, skill_id), support in sorted(run.supports.items()):
        form = min(scored.forms[(doc, skill_id)], key=len).lower()
        zipf, words = admission_features(form)
        features = [zipf, words, math.log1p(support)]
        rows[split_of(*doc)].append((features, scored.extracted[doc][skill_id], skill_id))
    x, y, groups = (np.array([r[i] for r in rows["dev"]]) for i in range(3))
    x_test, y_test = np.array([r[0] for r in rows["test"]]), np.array([r[1] for r in rows["test"]])
    out_of_fold = np.zeros(len(y))
    for train, held_out in GroupKFold(5).split(x, y, groups):
        fold = LogisticRegression(max_iter=1000).fit(x[train], y[train])
        out_of_fold[held_out] = fold.predict_proba(x[held_out])[:, 1]
    fit = LogisticRegression(max_iter=1000).fit(x, y)
    on_test = fit.predict_proba(x_test)[:, 1]
    print(f"list phrases found in text: dev {len(y)}, test {len(y_test)}")
    print(
        f"AUC: dev out of fold {roc_auc_score(y, out_of_fold):.3f}, test (fit on dev) {roc_auc_score(y_test, on_test):.3f}"
    )
    for threshold in THRESHOLDS:
        print(f"  dev, out of fold, {_effect(out_of_fold, y, threshold)}")
        print(f"  test, fit on dev, {_effect(on_test, y_test, threshold)}")
    values = dict(zip(COEFFICIENTS, [float(fit.intercept_[0]), *map(float, fit.coef_[0])], strict=True))
    print("coefficients: " + ", ".join(f"{k} {v:.3f}" for k, v in values.items()))
    if args.write:
        text = SKILL_RULES.read_text(encoding="utf-8")
        head, _, section = text.partition("\n[admission]\n")
        for name, value in values.items():
            section = re.sub(rf"(?m)^{name} = .*$", f"{name} = {value:.3f}", section, count=1)
        SKILL_RULES.write_text(f"{head}\n[admission]\n{section}", encoding="utf-8")
        print(f"wrote {SKILL_RULES.relative_to(ROOT)} [admission]")


if __name__ == "__main__":
    main()
