import csv
import re

from pipelines import REFERENCE_DIR
from tests.conftest import SHARED_DATA, requires_shared

INDUSTRY_CROSSWALK = REFERENCE_DIR / "industry_crosswalk.csv"
INDUSTRY_KEYWORDS = REFERENCE_DIR / "industry_keywords.csv"

SECTORS = {
    "11",
    "21",
    "22",
    "23",
    "31-33",
    "42",
    "44-45",
    "48-49",
    "51",
    "52",
    "53",
    "54",
    "55",
    "56",
    "61",
    "62",
    "71",
    "72",
    "81",
    "99",
}


def _crosswalk() -> list[dict[str, str]]:
    with INDUSTRY_CROSSWALK.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_crosswalk_rows_are_well_formed_and_unique():
    rows = _crosswalk()
    assert all(set(r) == {"industry", "naics_code", "naics_title", "note"} for r in rows)
    keys = [r["industry"].strip().lower() for r in rows]
    assert len(keys) == len(set(keys))
    assert {r["naics_code"] for r in rows} <= SECTORS


@requires_shared
def test_crosswalk_covers_every_glassdoor_industry_and_sector():
    with (SHARED_DATA / "postings" / "glassdoor_jobs.csv").open(encoding="utf-8", newline="") as fh:
        postings = list(csv.DictReader(fh))
    names = {r["Industry"] for r in postings} | {r["Sector"] for r in postings}
    known = {r["industry"].strip().lower() for r in _crosswalk()}
    assert sorted(n for n in names if n != "-1" and n.strip().lower() not in known) == []


def test_keyword_rules_are_well_formed_and_agree_with_the_crosswalk_titles():
    with INDUSTRY_KEYWORDS.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    titles = {r["naics_code"]: r["naics_title"] for r in _crosswalk()}
    assert all(re.fullmatch(r"[a-z][a-z -]*[a-z]", r["keyword"]) for r in rows)
    assert len({r["keyword"] for r in rows}) == len(rows)
    assert all(titles[r["naics_code"]] == r["naics_title"] for r in rows)
