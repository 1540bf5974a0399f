"""The staging tables the occupation pages read beyond the marts fixture (tests/marts/fixture.py)."""

import re
from pathlib import Path

import duckdb

from pipelines.settings import Settings
from pipelines.warehouse.build import build_table
from pipelines.warehouse.contracts import contract

# Columns the page footer reads that the marts fixture does not need.
SOURCE_COLUMNS = """
alter table staging.resumes add column work_end_date date;
alter table staging.resumes add column location varchar;
update staging.resumes set location = 'Pune, Maharashtra, India' where resume_id = 'r1';
alter table staging.onet_occupations add column source_file varchar default 'onet/Occupation Data.txt';
alter table staging.oews_wages add column source_file varchar default 'oews/national.csv';
alter table staging.postings add column location varchar;
update staging.postings set location = case posting_id
    when 'p1' then 'New York, NY 10001' when 'p2' then 'Brooklyn, New York' when 'p3' then 'Toronto, ON, Canada'
    else 'Remote' end;
create table staging.onet_task_statements as select * from (values
    ('15-2051.00', 1, 'Apply statistical methods to data.', 'Core', 20, '08/2023'),
    ('15-2051.00', 2, 'Write reports on findings.', 'Supplemental', 5, '08/2023')
) t(occupation_code, task_id, task, task_type, incumbents_responding, date);
create table staging.onet_related_occupations as select * from (values
    ('15-2051.00', '15-1252.00', 'Primary-Short', 1),
    ('15-2051.00', '29-1141.00', 'Supplemental', 2)
) t(occupation_code, related_code, relatedness_tier, related_index);
"""
README = "O*NET 29.2 Database\nFebruary 2025 Release\n---------------------\n"


def page_sources(con: duckdb.DuckDBPyConnection, raw: Path, readme: str | None = README) -> None:
    """The staging tables the pages read beyond the marts fixture; ``readme``: raw/onet/Read Me.txt."""
    con.execute(SOURCE_COLUMNS)
    build_table(con, "staging", "places", contract("staging.places").bind(Settings()))
    (raw / "onet").mkdir(parents=True, exist_ok=True)
    if readme is not None:
        (raw / "onet" / "Read Me.txt").write_text(readme, encoding="utf-8")
    build_table(
        con, "staging", "onet_release", contract("staging.onet_release").bind(Settings(raw_dir=str(raw)))
    )


def page_text(page: str) -> str:
    """A page's text without its tags, as a reader sees it."""
    return re.sub(r"<[^>]+>", "", page).replace("&amp;", "&").replace("&#39;", "'")
