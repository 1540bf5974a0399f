"""The kinds the gold bench gives its false positives and misses (bench/skill_errors.py)."""

import sys
from pathlib import Path

from pipelines.skills.taxonomy import Taxonomy

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from skill_errors import false_positive_kind, miss_kind, vocabulary_ceiling


def _kind(form: str, raw: str, gold: tuple[str, ...] = (), reason: str | None = None) -> str:
    return false_positive_kind(form, raw, raw, "Acme", gold, reason, {"curated"})


def test_false_positive_kinds():
    assert _kind("dashboards", "reports and dashboards", gold=("reports and dashboards",)) == "span"
    assert _kind("python", "text without it") == "listed item"
    assert _kind("pharmacy", "A PhD or Masters in chemistry, pharmacy or physics.") == "degree subject"
    assert _kind("data science", "Partner with the Data Science team.") == "organisation unit"
    assert _kind("honesty", "Since 2012 our culture values honesty.") == "company description"
    assert _kind("honesty", "You value honesty.", reason="alone") == "sense (context admitted)"
    assert _kind("honesty", "You value honesty.") == "sense (trusted name)"
    assert (
        false_positive_kind("dlt", "DLT work", "DLT work", "", (), None, {"list:x"})
        == "generic (list phrase)"
    )
    # a list phrase its evidence admitted is still a list phrase, not a sense the context let through
    assert (
        false_positive_kind("dlt", "DLT work", "DLT work", "", (), "supported", {"list:x"})
        == "generic (list phrase)"
    )


def test_miss_kinds():
    taxonomy = Taxonomy(
        aliases={
            "python": "python",
            "pricing": "pricing",
            "r": "r",
            "web service": "web-service",
            "test plan": "test-plan",
        },
        ambiguous={"r"},
        list_only={"pricing"},
        priors={"test plan": -1.0},
    )
    keys = {
        "python": "python",
        "pricing": "pricing",
        "r": "r",
        "web service": "web service",
        "test plan": "test plan",
    }

    def kind(surface: str, raw: str, clean: str | None = None) -> str:
        return miss_kind([surface], raw, raw if clean is None else clean, taxonomy, keys)

    assert kind("Python", "Python here") == "found, not counted"
    assert kind("R", "R and stats") == "context rejected"
    assert kind("test plan", "wrote the test plan") == "evidence rejected"
    assert kind("Python", "No Python", clean="No") == "blanked by cleaning"
    assert kind("pricing", "pricing") == "list-only form"
    assert kind("Web Services", "Web Services") == "variant missing"
    assert kind("Python", "no such word") == "surface not in text"
    assert kind("flow cytometry", "flow cytometry") == "not in taxonomy"


def test_vocabulary_ceiling_counts_only_misses_the_taxonomy_cannot_name():
    from pipelines.skills.gold import score

    doc = ("postings/p.csv", 1)
    gold = [(*doc, "Python", "Python"), (*doc, "SQL", "SQL"), (*doc, "Cheminformatics", "cheminformatics")]
    scored = score(gold, [(*doc, "python", "python")], [doc])
    missed = {(doc, "SQL"): "context rejected", (doc, "Cheminformatics"): "not in taxonomy"}
    assert vocabulary_ceiling(scored, [doc], missed) == 2 / 3
