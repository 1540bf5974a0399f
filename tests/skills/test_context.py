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
    read, starts, lower = _occurrences(text, form, capital=False)
    found = list(starts)
    assert found == _lowered_starts(text, form)
    assert [lower(i, i + len(form)) for i in found] == [form] * len(found)
    # the text read for case is the text itself unless lowering changes its length
    assert read == (text if len(text.lower()) == len(text) else text.lower())


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("R, r&d, (R) R2 and r", "r"),
        ("KPI, \u212aPI and kpis, kpi", "kpi"),
        ("Excel, excel at EXCEL", "excel"),
        ("\u0130stanbul uses SAP and sap", "sap"),
        (".NET and .net", ".net"),
    ],
)
def test_occurrences_with_a_capital_are_every_one_that_starts_with_one(text: str, form: str):
    read, every, _ = _occurrences(text, form, capital=False)
    every_start = list(every)
    _, starts, _ = _occurrences(text, form, capital=True)
    found = list(starts)
    assert set(found) <= set(every_start)
    assert [i for i in found if read[i].isupper()] == [i for i in every_start if read[i].isupper()]


def test_occurrences_with_a_capital_skip_the_lower_case_ones():
    _, starts, _ = _occurrences("R, r&d, (R) R2 and r", "r", capital=True)
    assert list(starts) == [0, 9]
