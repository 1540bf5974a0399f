"""Counts, skill shares, titles, education, comparisons and examples on the hand-made staging fixture,
against hand-computed values."""

import math
from pathlib import Path

import duckdb
import pytest

from pipelines.documents.personal import CONTACT_PATTERN
from pipelines.warehouse.build import build_table
from tests.marts.fixture import FIXTURE, build_fixture_marts, fetch


def test_occupations_counts(con):
    assert fetch(con, "select occupation_code, n_resumes, n_postings from marts.occupations") == [
        ("15-1252.00", 2, 0),
        ("15-2051.00", 4, 4),
        ("29-1141.00", 0, 0),
    ]
    assert fetch(con, "select distinct occupation_group from marts.occupations order by 1") == [
        ("Computer and Mathematical Occupations",),
        ("Healthcare Practitioners and Technical Occupations",),
    ]


def test_postings_without_a_description_are_not_in_skill_share_denominators(tmp_path: Path):
    connection = duckdb.connect(str(tmp_path / "m.duckdb"))
    connection.execute(FIXTURE)
    # a job-board listing with a title and a salary but no text: it cannot mention a skill
    connection.execute(
        "insert into staging.postings values"
        " ('p5', '15-2051.00', 'Data Scientist', '52', 'Finance and Insurance', 110000.0, null, 'postings/jobs.csv', 5, false, date '2026-03-01', 'USD')"
    )
    build_table(connection, "staging", "occupation_documents")
    build_table(connection, "marts", "skill_prevalence", {"min_docs": 3, "min_precision": 0.8})
    assert connection.execute(
        "select distinct n_docs from marts.skill_prevalence where source = 'postings'"
    ).fetchall() == [(4,)]
    connection.close()


def test_skill_prevalence_shares_intervals_ranks_and_suppression(con):
    rows = fetch(
        con,
        "select occupation_code, source, skill_id, n_docs, n_with_skill, share, round(ci_low, 4), round(ci_high, 4), rank, suppressed"
        " from marts.skill_prevalence",
    )
    assert rows == [
        ("15-1252.00", "resumes", "java", 2, 2, 1.0, 0.3424, 1.0, 1, True),
        ("15-1252.00", "resumes", "python", 2, 1, 0.5, 0.0945, 0.9055, 2, True),
        ("15-2051.00", "postings", "python", 4, 1, 0.25, 0.0456, 0.6994, 1, False),
        ("15-2051.00", "resumes", "python", 4, 3, 0.75, 0.3006, 0.9544, 1, False),
        ("15-2051.00", "resumes", "sql", 4, 1, 0.25, 0.0456, 0.6994, 2, False),
        # teamwork is measured below 0.8 precision: kept, withheld, unranked
        ("15-2051.00", "resumes", "teamwork", 4, 1, 0.25, 0.0456, 0.6994, None, False),
    ]


def test_skill_prevalence_precision_withholding_and_rogan_gladen(con):
    rows = {
        (r[0], r[1], r[2]): r[3:]
        for r in fetch(
            con,
            "select occupation_code, source, skill_id, precision, precision_n, withheld, corrected_share,"
            " corrected_ci_low, corrected_ci_high, skill_type from marts.skill_prevalence",
        )
    }
    precision, n, withheld, corrected, low, high, skill_type = rows[("15-2051.00", "resumes", "python")]
    assert (precision, n, withheld, skill_type) == (0.8, 20, False, "software")
    # (0.75 + 0.95 - 1) / (0.8 + 0.95 - 1)
    assert corrected == pytest.approx(0.70 / 0.75)
    se = (
        math.sqrt(
            0.75 * 0.25 / 4 + (0.70 / 0.75) ** 2 * 0.8 * 0.2 / 20 + (1 - 0.70 / 0.75) ** 2 * 0.95 * 0.05 / 80
        )
        / 0.75
    )
    assert low == pytest.approx(max(0.0, 0.70 / 0.75 - 1.959964 * se), abs=1e-6)
    assert high == 1.0
    assert rows[("15-2051.00", "resumes", "teamwork")][2] is True
    # java was judged only twice: no precision, no correction
    assert rows[("15-1252.00", "resumes", "java")][:5] == (None, None, False, None, None)


def test_soft_skills_beside_onet_work_styles(con):
    rows = fetch(
        con,
        "select skill_id, work_style, onet_importance, onet_ci_low, onet_ci_high, resumes_n_docs, resumes_share,"
        " postings_share, round(postings_ci_high, 4), resumes_suppressed from marts.soft_skills"
        " where occupation_code = '15-2051.00'",
    )
    assert rows == [
        ("communication-skills", None, None, None, None, 4, 0.0, 0.0, 0.4899, False),
        # withheld for its measured precision: not shown
        ("teamwork", "Cooperation", 4.2, 4.0, 4.4, 4, 0.25, 0.0, 0.4899, True),
    ]
    # an occupation without documents has O*NET's side only
    assert fetch(
        con,
        "select count(*), count(resumes_share) from marts.soft_skills where occupation_code = '29-1141.00'",
    ) == [(2, 0)]


def test_occupation_titles(con):
    assert fetch(con, "select * from marts.occupation_titles") == [
        ("15-1252.00", "java developer", "Java Developer", 1),
        ("15-1252.00", "software engineer", "Software Engineer", 1),
        # 'Sr. Data Scientist' and 'Data Scientist II' normalise to it but are not how it is written
        ("15-2051.00", "data scientist", "Data Scientist", 8),
    ]


def test_a_title_no_document_writes_as_normalised_is_shown_as_its_plainest_spelling(tmp_path: Path):
    connection = duckdb.connect(str(tmp_path / "m.duckdb"))
    connection.execute(FIXTURE)
    # normalising singularises and drops seniority and work-mode words: no spelling reads as
    # 'operation manager', and the most common one is the most decorated
    spellings = ["Operations Manager - Remote"] * 3 + ["Operations Manager"] * 2 + ["Sr. Operations Manager"]
    for position, title in enumerate(spellings, start=10):
        connection.execute(
            "insert into staging.postings values (?, '15-2051.00', ?, '52', 'Finance and Insurance', null,"
            " 'Run the plant', 'postings/jobs.csv', ?, false, date '2026-03-01', 'USD')",
            [f"p{position}", title, position],
        )
        connection.execute(
            "insert into staging.title_occupations values ('postings/jobs.csv', ?, ?, 'operation manager')",
            [position, title],
        )
    build_table(connection, "staging", "occupation_documents")
    build_table(connection, "marts", "occupation_titles")
    assert fetch(
        connection, "select written_as, n from marts.occupation_titles where title = 'operation manager'"
    ) == [("Operations Manager", 6)]
    connection.close()


def test_an_example_keeps_the_skills_its_resume_names_though_they_look_like_a_persons_name(tmp_path: Path):
    connection = build_fixture_marts(tmp_path / "m.duckdb")
    bullet = "Cleaned survey data with Julia Kate for the research group"
    connection.execute(f"update staging.resumes set bullets = ['{bullet}'] where resume_id = 'r3'")
    examples = {"min_docs": 3, "per_occupation": 2, "contact_pattern": CONTACT_PATTERN}
    query = "select example from marts.responsibility_examples where resume_id = 'r3'"
    build_table(connection, "marts", "responsibility_examples", examples)
    # two capitalised given names are a person's name to the scrubber, unless the resume names them as a skill
    assert fetch(connection, query) == [("Cleaned survey data with for the research group",)]
    connection.execute(
        "insert into staging.document_skills values ('resume', 'r3', 'julia', null, ['Julia Kate'])"
    )
    build_table(connection, "marts", "responsibility_examples", examples)
    assert fetch(connection, query) == [(bullet,)]
    connection.close()


def test_education_rates_from_resumes_and_onet(con):
    resumes = fetch(
        con,
        "select education_level, n, share, round(ci_low, 4), round(ci_high, 4) from marts.education_rates"
        " where occupation_code = '15-2051.00' and source = 'resumes' and share > 0",
    )
    assert resumes == [("bachelor", 3, 1 / 3, 0.0615, 0.7923), ("master", 3, 2 / 3, 0.2077, 0.9385)]
    onet = dict(
        fetch(
            con,
            "select education_level, share from marts.education_rates where occupation_code = '15-2051.00' and source = 'onet'",
        )
    )
    assert onet == pytest.approx(
        {
            "less_than_high_school": 0,
            "high_school": 0,
            "some_college": 0,
            "associate": 0,
            "bachelor": 0.45,
            "master": 0.45,
            "professional": 0,
            "doctoral": 0.10,
        }
    )
    sums = fetch(
        con,
        "select occupation_code, source, round(sum(share), 9) from marts.education_rates group by all order by all",
    )
    assert sums == [
        ("15-1252.00", "resumes", 1.0),
        ("15-2051.00", "onet", 1.0),
        ("15-2051.00", "resumes", 1.0),
    ]


def _wilson(k: int, n: int) -> tuple[float, float, float]:
    z = 1.959963984540054
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return p, max(0.0, centre - half), min(1.0, centre + half)


def test_occupation_comparisons(con):
    rows = con.execute(
        "select occupation_code, related_code, similarity, rank, salary_delta, salary_source, master_delta_pp,"
        " doctoral_delta_pp, bachelor_delta_pp, master_delta_significant, doctoral_delta_significant, shared_skills"
        " from marts.occupation_comparisons where occupation_code = '15-2051.00'"
    ).fetchall()
    assert len(rows) == 1
    (
        code,
        related,
        similarity,
        rank,
        salary_delta,
        salary_source,
        master,
        doctoral,
        bachelor,
        master_sig,
        doctoral_sig,
        shared,
    ) = rows[0]
    assert (code, related, rank) == ("15-2051.00", "15-1252.00", 1)
    # resumes with resumes (15-1252.00 has no posting): vectors over 4 and 2 resumes,
    # (python .75, sql .25, teamwork .25) and (java 1, python .5)
    assert similarity == pytest.approx(0.375 / (math.sqrt(0.75**2 + 2 * 0.25**2) * math.sqrt(1.25)))
    assert con.execute(
        "select distinct skill_basis from marts.occupation_comparisons where occupation_code = '15-2051.00'"
    ).fetchall() == [("resumes",)]
    assert (salary_delta, salary_source) == (25000.0, "oews")
    assert (
        master == pytest.approx(-200 / 3)
        and doctoral == pytest.approx(50.0)
        and bachelor == pytest.approx(100 / 6)
    )
    # Newcombe: master 0/2 vs 2/3
    pb, lb, ub = _wilson(0, 2)
    pa, la, ua = _wilson(2, 3)
    low = (pb - pa) - math.sqrt((pb - lb) ** 2 + (ua - pa) ** 2)
    high = (pb - pa) + math.sqrt((ub - pb) ** 2 + (pa - la) ** 2)
    assert low < 0 < high and master_sig is False
    assert doctoral_sig is False
    assert shared == ["Python"]
    mirrored = con.execute(
        "select salary_delta, master_delta_pp from marts.occupation_comparisons where occupation_code = '15-1252.00'"
    ).fetchall()
    assert mirrored == [(-25000.0, pytest.approx(200 / 3))]


def test_comparison_skill_lists_leave_out_withheld_skills_and_never_list_one_skill_twice(tmp_path: Path):
    from pipelines.warehouse.contracts import contract
    from pipelines.warehouse.rules import run_rule
    from tests.marts.fixture import build_fixture_marts

    con = build_fixture_marts(tmp_path / "w.duckdb")
    params = {"k": 5, "min_docs": 2, "prior_strength": 100, "min_precision": 0.8}
    shared = "select distinct unnest(shared_skills) from marts.occupation_comparisons"
    assert fetch(con, shared) == [("Python",)]
    # python measured below the threshold: withheld from the lists as from marts.skill_prevalence
    con.execute("update staging.skill_precision set precision = 0.5 where skill_id = 'python'")
    build_table(con, "marts", "occupation_comparisons", params)
    assert fetch(con, shared) == []
    (rule,) = contract("marts.occupation_comparisons").rules
    assert run_rule(con, rule.failing_rows).passed
    con.execute(
        "update marts.occupation_comparisons set distinctive_skills = ['Python'], shared_skills = ['Python']"
    )
    assert run_rule(con, rule.failing_rows).failing == 2


def test_responsibility_examples_rank_repeated_bullets_and_skip_skill_examples(con):
    # 15-1252.00 has 2 resumes, below min_docs = 3; "Built models in Python" is a skill example and too
    # short; the two "Presented ..." forms count as one bullet in 2 resumes, the "!" form is nearer 120
    # characters; the URL is scrubbed.
    assert fetch(con, "select * from marts.responsibility_examples") == [
        ("15-2051.00", 1, "Presented findings to the executive team every quarter!", "r2", 2),
        ("15-2051.00", 2, "Cleaned survey data for the research group, see", "r3", 1),
    ]


def test_skill_examples_scrub_personal_data_and_prefer_repeated_bullets(con):
    rows = con.execute(
        "select occupation_code, skill_id, example, resume_id from marts.skill_examples"
    ).fetchall()
    # r1's and r2's Python bullets are one near-identical form once r1's e-mail address and phone
    # number are ignored; r1's is nearer 120 characters and is shown scrubbed
    assert rows == [
        ("15-2051.00", "python", "Built models in Python", "r1"),
        ("15-2051.00", "sql", "Wrote SQL for dashboards, see", "r1"),
    ]
