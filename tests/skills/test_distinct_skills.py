"""Skill matches grouped per batch to one row per document and skill give exactly what grouping every
match in SQL gave (the grouping staging.document_skills did before its parts came grouped)."""

import duckdb
import polars as pl

from pipelines.skills.documents import PART_SCHEMA
from pipelines.skills.steps import distinct_skills

SQL_GROUPING = """
select
    doc_type,
    doc_id,
    skill_id,
    bool_or(in_text) as in_text,
    bool_or(in_skills_field) as in_skills_field,
    list_sort(list_distinct(flatten(list(forms)))) as forms,
    min(evidence) filter (where evidence is not null) as evidence
from matches
group by doc_type, doc_id, skill_id
order by doc_type, doc_id, skill_id
"""


def test_grouped_matches_equal_the_sql_grouping():
    matches = pl.DataFrame(
        {
            "doc_type": ["resume"] * 6 + ["posting"] * 3,
            "doc_id": ["r1", "r1", "r1", "r2", "r2", "r2", "p1", "p1", "p1"],
            "skill_id": ["python", "python", "sql", "python", "excel", "excel", "python", "python", "sql"],
            "in_text": [True, False, True, None, False, None, False, False, None],
            "in_skills_field": [False, True, False, None, True, None, False, False, None],
            "forms": [
                ["python", "py"],
                ["Python"],
                ["sql"],
                [],
                ["MS Excel", "excel"],
                None,
                ["python"],
                ["python", "Python 3", None],
                [],
            ],
            "evidence": [
                "Built Python tools",
                "Automated with Python",
                None,
                None,
                None,
                "Excel models",
                None,
                None,
                None,
            ],
        },
        schema=PART_SCHEMA,
    )
    ours = distinct_skills(matches).sort("doc_type", "doc_id", "skill_id")
    con = duckdb.connect()
    con.register("matches", matches.to_arrow())
    theirs = con.execute(SQL_GROUPING).pl()
    assert ours.rows() == theirs.cast(PART_SCHEMA).rows()
    assert ours.filter(pl.col("doc_id") == "r2", pl.col("skill_id") == "python")["in_text"].to_list() == [
        None
    ]
