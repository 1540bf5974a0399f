"""Field parsing shared by resumes and postings: dates."""

import datetime as dt

import pytest

from pipelines.documents.fields import WrongType, parse_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019", dt.date(2019, 1, 1)),
        ("2019-05", dt.date(2019, 5, 1)),
        ("2019-05-17T10:00:00Z", dt.date(2019, 5, 17)),
        ("Nov 2019", dt.date(2019, 11, 1)),
        ("November 2019", dt.date(2019, 11, 1)),
        ("11/2019", dt.date(2019, 11, 1)),
        ("2019/05/17", dt.date(2019, 5, 17)),
        ("05/17/2019", dt.date(2019, 5, 17)),
        ("17/05/2019", dt.date(2019, 5, 17)),
        ("17.05.2019", dt.date(2019, 5, 17)),
        ("May 17, 2019", dt.date(2019, 5, 17)),
        ("17th May 2019", dt.date(2019, 5, 17)),
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
