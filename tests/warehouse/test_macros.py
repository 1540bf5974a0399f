"""The SQL macros of sql/macros/ that the table SQL shares."""

import duckdb
import pytest

from pipelines.warehouse.build import define_macros


@pytest.fixture
def con():
    con = duckdb.connect()
    define_macros(con)
    yield con
    con.close()


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    # Wilson score bounds at z = 1.96 (Newcombe 1998, table I: 0/10, 1/10, 81/263)
    [(0, 10, 0.0, 0.2775), (1, 10, 0.0179, 0.4042), (81, 263, 0.2553, 0.3662), (10, 10, 0.7225, 1.0)],
)
def test_wilson_bounds_match_published_values(con, k, n, low, high):
    got = con.execute("select wilson_low($k / $n, $n), wilson_high($k / $n, $n)", {"k": k, "n": n}).fetchone()
    assert got == pytest.approx((low, high), abs=1e-4)


def test_wilson_bounds_enclose_the_share_at_zero_and_one(con):
    rows = con.execute(
        "select k / n as share, wilson_low(k / n, n), wilson_high(k / n, n)"
        " from range(1, 200) as t(n), (select unnest([0, 1]) as f), lateral (select f * n as k)"
    ).fetchall()
    assert all(0.0 <= lo <= share <= hi <= 1.0 for share, lo, hi in rows)


def test_first_read_keeps_the_first_record_of_a_key_in_file_order(con):
    rows = con.execute(
        "select id from (values ('b.csv', 1, 'x', 'b1'), ('a.csv', 2, 'x', 'a2'), ('a.csv', 3, 'y', 'a3'))"
        " as t(source_file, record_position, key, id)"
        " qualify first_read(key, source_file, record_position) order by id"
    ).fetchall()
    assert rows == [("a2",), ("a3",)]


def test_an_example_bullet_with_and_without_contact_details_has_one_key(con):
    from pipelines.documents.personal import CONTACT_PATTERN

    keys = con.execute(
        "select contactless_bullet_key(t, $p) from (values ('Led a team of 5; mail jo.doe@example.com'),"
        " ('led a team of 5 mail')) v(t)",
        {"p": CONTACT_PATTERN},
    ).fetchall()
    assert keys == [("ledateamofmail",), ("ledateamofmail",)]
