"""Field parsing shared by resumes and postings: dates."""

import datetime as dt
import re

import pytest

from pipelines.documents.fields import WrongType, parse_date, posting_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019", dt.date(2019, 1, 1)),
        ("2019-05", dt.date(2019, 5, 1)),
        ("2019-05-17T10:00:00Z", dt.date(2019, 5, 17)),
        ("2019-05-17 23:59:60", dt.date(2019, 5, 17)),  # a leap second
        ("05/17/2019 10:30 AM", dt.date(2019, 5, 17)),
        ("2019-05-17T10:00:00.000+05:30", dt.date(2019, 5, 17)),
        ("2019-05-17 00:00:00 +0000", dt.date(2019, 5, 17)),
        ("Nov 2019", dt.date(2019, 11, 1)),
        ("November 2019", dt.date(2019, 11, 1)),
        ("11/2019", dt.date(2019, 11, 1)),
        ("2019/05/17", dt.date(2019, 5, 17)),
        ("05/17/2019", dt.date(2019, 5, 17)),
        ("17/05/2019", dt.date(2019, 5, 17)),
        ("17.05.2019", dt.date(2019, 5, 17)),
        ("May 17, 2019", dt.date(2019, 5, 17)),
        ("17th May 2019", dt.date(2019, 5, 17)),
        ("Sept. 2026", dt.date(2026, 9, 1)),
        ("Dec-2026", dt.date(2026, 12, 1)),
        ("12.2019", dt.date(2019, 12, 1)),
        # a spreadsheet's date serial (Excel's 1900 system), as a number or as the text a CSV holds
        (46000, dt.date(2025, 12, 9)),
        (46000.0, dt.date(2025, 12, 9)),
        ("46000", dt.date(2025, 12, 9)),
        ("46000.0", dt.date(2025, 12, 9)),
        ("46000.75", dt.date(2025, 12, 9)),
        ("2019.0", dt.date(2019, 1, 1)),  # a year from a float column
        ("Now", None),
        ("Present", None),
        ("Till Date", None),
        ("N/A", None),
        (None, None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value, "f") == expected


def test_parse_date_rejects_unreadable():
    with pytest.raises(WrongType, match="unreadable date"):
        parse_date("sometime in spring", "work[0].startDate")
    with pytest.raises(WrongType, match="unreadable date"):
        parse_date("13/13/2019", "datePosted")
    # a range of years is no one date (it was read as its first year)
    with pytest.raises(WrongType, match="unreadable date"):
        parse_date("2019 - 2021", "end_dates[0]")
    # a number past the serials of 2199 and below epoch timestamps is no date
    for number in (9_999, 200_000, "200000"):
        with pytest.raises(WrongType, match="unreadable date"):
            parse_date(number, "datePosted")


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::SyntaxWarning")  # literal_eval on "\\ "
def test_a_plain_quoted_list_reads_as_literal_eval_reads_it():
    """The fast reading of ``['a', "b"]`` gives literal_eval's items, and leaves every other text
    (escapes, implicit concatenation, odd spacing, surrogates, nesting) to literal_eval."""
    import ast
    import json
    import random

    from pipelines.documents.fields import WrongType, as_list

    def plain(text: str) -> list[str] | str:
        try:
            try:
                value = ast.literal_eval(text)
            except (ValueError, SyntaxError):
                value = json.loads(text)
        except json.JSONDecodeError:
            return "unreadable"
        return as_list(value, "f")

    texts = ["['a', \"b\"]", "['\ud800']", "['a',\xa0'b']", "['a' 'b']", "['a\\'b']", "[['a']]", "['a',]"]
    rng = random.Random(4)
    pieces = [
        "'",
        '"',
        "\\",
        ",",
        " ",
        "\t",
        "\xa0",
        "[",
        "]",
        "a",
        "Ö",
        "\ud800",
        "\x00",
        "'x'",
        '"y"',
        ", ",
    ]
    texts += ["[" + "".join(rng.choice(pieces) for _ in range(rng.randrange(12))) + "]" for _ in range(5000)]
    for text in texts:
        try:
            got: list[str] | str = as_list(text, "f")
        except WrongType:
            got = "unreadable"
        assert got == plain(text.strip()), repr(text)


def test_a_date_text_read_once_is_unreadable_in_the_words_of_each_field_that_holds_it():
    for field in ("start_dates[0]", "end_dates[1]"):
        with pytest.raises(WrongType, match=rf"^unreadable date in {re.escape(field)}: 'Smarch 2019'$"):
            parse_date("Smarch 2019", field)
        with pytest.raises(WrongType, match=rf"^unreadable date in {re.escape(field)}: timestamp 1e\+30 out"):
            parse_date("1e30", field)
        assert parse_date(" Nov 2019 ", field) == dt.date(2019, 11, 1)


@pytest.mark.parametrize("value", ["2026-04-01T25:00:00", "2026-04-01 10:75", "04/01/2026 24:00"])
def test_a_date_whose_time_cannot_be_is_unreadable(value):
    """Hour 25 was dropped and the date kept: a corrupt stamp's date is no more to be trusted."""
    with pytest.raises(WrongType, match="impossible time"):
        parse_date(value, "datePosted")


@pytest.mark.parametrize("value", ["Present", "today", " Now "])
def test_a_word_for_now_is_no_posting_date(value):
    """It ends a position a resume lists as held; as a posting's date it vanished with no trace."""
    assert parse_date(value, "work[0].endDate") is None
    with pytest.raises(WrongType, match="names no day"):
        posting_date(value, "date_posted")


@pytest.mark.parametrize(
    "value", ["2019-05-01 - 2021-06-30", "03/15/2019 - 04/15/2021", "2019-05-01 to 2021-06-30"]
)
def test_a_range_of_whole_dates_is_no_date(value):
    """Its first day was read, inventing an end date as "2019 - 2021" once did."""
    with pytest.raises(WrongType, match="more than a date"):
        parse_date(value, "end_date")
