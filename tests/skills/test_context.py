"""The context reader finds a form where the lowered text holds it as whole words, without lowering
the text first."""

import pytest

from pipelines.skills.context import _occurrences


def _lowered_starts(text: str, form: str) -> list[int]:
    """Every start of ``form`` in the lowered text whose neighbours are not parts of words."""
    lowered, word = text.lower(), set("abcdefghijklmnopqrstuvwxyz0123456789_+#&")
    return [
        i
        for i in range(len(lowered))
        if lowered.startswith(form, i)
        and not (i > 0 and lowered[i - 1] in word)
        and lowered[i + len(form) : i + len(form) + 1] not in word
    ]


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("R, r&d, (R) R2 and r", "r"),
        ("Statistics in R.\nR", "r"),
        ("KPI, \u212aPI and kpis", "kpi"),  # the Kelvin sign lowers to k
        ("a b a b a, A B A", "a b a"),  # a form that overlaps itself
        ("C++ and c++11, C#", "c++"),
        ("\u0130stanbul uses SAP", "sap"),  # İ lowers to two characters
        ("\u03a3AP and SAP", "sap"),  # Σ lowers by what follows it
        ("Sch\u00e9ma and sch\u00e9ma", "sch\u00e9ma"),
    ],
)
def test_occurrences_are_where_the_lowered_text_holds_the_form(text: str, form: str):
    read, starts, lower = _occurrences(text, form)
    found = list(starts)
    assert found == _lowered_starts(text, form)
    assert [lower(i, i + len(form)) for i in found] == [form] * len(found)
    # the text read for case is the text itself unless lowering changes its length
    assert read == (text if len(text.lower()) == len(text) else text.lower())
