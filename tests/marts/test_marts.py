"""Every marts SQL file on a hand-made staging fixture, against hand-computed values."""

import math
from pathlib import Path

import duckdb
import pytest

from pipelines.settings import Settings
from pipelines.warehouse.build import build_table
from pipelines.warehouse.contracts import contract

FIXTURE = """
create schema staging;
create table staging.onet_occupations as select * from (values
    ('15-2051.00', '15-2051', 'Data Scientists', 'Develop models.'),
    ('15-1252.00', '15-1252', 'Software Developers', 'Build software.'),
    ('29-1141.00', '29-1141', 'Registered Nurses', 'Care for patients.')
) t(occupation_code, soc_code, title, description);
create table staging.soc_major_groups as select * from (values
    ('15', '15-0000', 'Computer and Mathematical Occupations'),
    ('29', '29-0000', 'Healthcare Practitioners and Technical Occupations')
) t(major_group, soc_code, title);
create table staging.resumes as select *, 'resumes/cv.csv' as source_file, row_number() over (order by resume_id) as record_position from (values
    ('r1', '15-2051.00', 'Sr. Data Scientist', 'master', ['Built models in Python (jane.doe@example.com, +1 555 123 4567)', 'Presented findings to the executive team every quarter', 'Too short']),
    ('r2', '15-2051.00', 'Data Scientist', 'bachelor', ['Built models in Python 3.', 'Presented findings to the executive team every quarter!']),
    ('r3', '15-2051.00', 'Data Scientist', 'master', ['Automated weekly reports with Python', 'Cleaned survey data for the research group, see www.example.org/x']),
    ('r4', '15-2051.00', 'Data Scientist II', null, []::varchar[]),
    ('r5', '15-1252.00', 'Java Developer', 'bachelor', ['Maintained the Java billing service for two years']),
    ('r6', '15-1252.00', 'Software Engineer', 'doctoral', []::varchar[]),
    ('r7', null, 'Quantum Llama', 'master', ['Herded quantum llamas across the valley'])
) t(resume_id, occupation_code, title, education_level, bullets);
create table staging.postings as select *, 'postings/jobs.csv' as source_file, row_number() over (order by posting_id) as record_position from (values
    ('p1', '15-2051.00', 'Data Scientist', '52', 'Finance and Insurance', 100000.0, 'Model risk in Python'),
    ('p2', '15-2051.00', 'Data Scientist', '52', 'Finance and Insurance', 120000.0, 'Forecast claims'),
    ('p3', '15-2051.00', 'Data Scientist', '51', 'Information', 90000.0, 'Rank search results'),
    ('p4', '15-2051.00', 'Data Scientist', '51', 'Information', null, 'Measure experiments')
) t(posting_id, occupation_code, title, industry_code, industry, salary_annual, description);
create table staging.skills as select * from (values
    ('python', 'Python', 'software', null), ('sql', 'SQL', 'software', null), ('java', 'Java', 'software', null),
    ('teamwork', 'Teamwork', 'soft', 'Cooperation'), ('communication-skills', 'Communication skills', 'soft', null)
) t(skill_id, skill, type, work_style);
-- python measured (precision 0.8, sensitivity 0.8, specificity 0.95), teamwork measured and below 0.8, java not
create table staging.skill_precision as select skill_id, extracted, correct, precision::double as precision,
    precision_low::double as precision_low, precision_high::double as precision_high, named, found, gold_documents,
    sensitivity::double as sensitivity, specificity::double as specificity, measured from (values
    ('python', 20, 16, 0.8, 0.58, 0.92, 20, 16, 100, 0.8, 0.95, true),
    ('teamwork', 10, 5, 0.5, 0.24, 0.76, 5, 5, 100, 1.0, 0.947, true),
    ('java', 2, 2, 1.0, 0.34, 1.0, 2, 2, 100, 1.0, 1.0, false)
) t(skill_id, extracted, correct, precision, precision_low, precision_high, named, found, gold_documents, sensitivity, specificity, measured);
create table staging.onet_work_styles as select occupation_code, element_name, scale_id, data_value::double as data_value,
    n, standard_error::double as standard_error, lower_ci::double as lower_ci, upper_ci::double as upper_ci, recommend_suppress from (values
    ('15-2051.00', 'Cooperation', 'IM', 4.2, 20, 0.1, 4.0, 4.4, false)
) t(occupation_code, element_name, scale_id, data_value, n, standard_error, lower_ci, upper_ci, recommend_suppress);
create table staging.document_skills as select * from (values
    ('resume', 'r1', 'python', 'Built models in Python (jane.doe@example.com, +1 555 123 4567)'),
    ('resume', 'r2', 'python', 'Built models in Python 3.'),
    ('resume', 'r3', 'python', 'Automated weekly reports with Python'),
    ('resume', 'r1', 'sql', 'Wrote SQL for dashboards, see https://example.com/portfolio'),
    ('resume', 'r5', 'java', null), ('resume', 'r6', 'java', null), ('resume', 'r5', 'python', null),
    ('resume', 'r7', 'python', null), ('posting', 'p1', 'python', null), ('posting', 'r1', 'sql', null),
    ('resume', 'r2', 'teamwork', null)
) t(doc_type, doc_id, skill_id, evidence);
create table staging.title_occupations as
select d.source_file, d.record_position, n.title_normalised
from (select source_file, record_position, title from staging.resumes
      union all select source_file, record_position, title from staging.postings) as d
inner join (values
    ('Sr. Data Scientist', 'data scientist'), ('Data Scientist', 'data scientist'), ('Data Scientist II', 'data scientist'),
    ('Java Developer', 'java developer'), ('Software Engineer', 'software engineer'), ('Quantum Llama', 'quantum llama')
) n(title, title_normalised) using (title);
create table staging.onet_education as select * from (values
    ('15-2051.00', 'RL', 6, 40.0, 25), ('15-2051.00', 'RL', 7, 5.0, 25), ('15-2051.00', 'RL', 8, 45.0, 25),
    ('15-2051.00', 'RL', 11, 10.0, 25), ('15-2051.00', 'RW', 3, 99.0, 25)
) t(occupation_code, scale_id, category, data_value, n);
create table staging.oews_wages as select * from (values
    ('15-2051', '52', 'Sector 52 - Finance and Insurance', 2, 20000.0, 130000.0, 125000.0, 100000.0, 150000.0, []::varchar[], 'industry'),
    ('15-2051', '51', 'Sector 51 - Information', 2, 30000.0, 130000.0, 128000.0, 101000.0, 152000.0, []::varchar[], 'industry'),
    ('15-2051', '5415', 'Computer Systems Design', 4, 50000.0, 180000.0, 170000.0, 140000.0, 200000.0, []::varchar[], 'industry'),
    ('15-2051', '000000', 'Cross-Industry', 0, 200000.0, 110000.0, null, null, null, []::varchar[], 'cross_industry'),
    ('15-1252', '000000', 'Cross-Industry', 0, 500000.0, 135000.0, null, null, null, []::varchar[], 'cross_industry'),
    ('15-1252', '52', 'Sector 52 - Finance and Insurance', 2, 10000.0, null, null, null, null, ['a_mean'], 'industry'),
    ('15-1252', '54', 'Sector 54 - Professional, Scientific, and Technical Services', 2, 90000.0, 140000.0, null, null, null, []::varchar[], 'industry'),
    -- an ownership category overlaps the sectors: never an industry row, never the top-paying industry
    ('15-2051', '999101', 'Federal Government, including the U.S. Postal Service (OEWS Designation)', 2, 900.0, 190000.0, null, null, null, []::varchar[], 'ownership')
) t(soc_code, naics_code, industry_title, industry_level, tot_emp, a_mean, a_median, a_pct25, a_pct75, top_coded_columns, industry_kind);
"""


def build_fixture_marts(path: Path) -> duckdb.DuckDBPyConnection:
    """The hand-made staging fixture with every mart built on it (min_docs 3, min_salary_n 2)."""
    connection = duckdb.connect(str(path))
    connection.execute(FIXTURE)
    build_table(connection, "staging", "occupation_documents")
    build_table(connection, "marts", "occupations")
    build_table(connection, "marts", "skill_prevalence", {"min_docs": 3, "min_precision": 0.8})
    build_table(connection, "marts", "soft_skills")
    build_table(connection, "marts", "occupation_titles")
    build_table(connection, "marts", "education_rates", contract("marts.education_rates").bind(Settings()))
    build_table(connection, "marts", "salary_by_industry", {"industry_level": 2, "min_salary_n": 2})
    build_table(connection, "marts", "top_paying_industry")
    build_table(connection, "marts", "skill_examples", {"top_skills": 10})
    build_table(connection, "marts", "responsibility_examples", {"min_docs": 3, "per_occupation": 2})
    build_table(connection, "marts", "occupation_comparisons", {"k": 5, "min_docs": 2, "prior_strength": 100})
    return connection


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory):
    connection = build_fixture_marts(tmp_path_factory.mktemp("marts") / "m.duckdb")
    yield connection
    connection.close()


def _rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_occupations_counts(con):
    assert _rows(con, "select occupation_code, n_resumes, n_postings from marts.occupations") == [
        ("15-1252.00", 2, 0),
        ("15-2051.00", 4, 4),
        ("29-1141.00", 0, 0),
    ]
    assert _rows(con, "select distinct occupation_group from marts.occupations order by 1") == [
        ("Computer and Mathematical Occupations",),
        ("Healthcare Practitioners and Technical Occupations",),
    ]


def test_postings_without_a_description_are_not_in_skill_share_denominators(tmp_path: Path):
    connection = duckdb.connect(str(tmp_path / "m.duckdb"))
    connection.execute(FIXTURE)
    # a job-board listing with a title and a salary but no text: it cannot mention a skill
    connection.execute(
        "insert into staging.postings values"
        " ('p5', '15-2051.00', 'Data Scientist', '52', 'Finance and Insurance', 110000.0, null, 'postings/jobs.csv', 5)"
    )
    build_table(connection, "staging", "occupation_documents")
    build_table(connection, "marts", "skill_prevalence", {"min_docs": 3, "min_precision": 0.8})
    assert connection.execute(
        "select distinct n_docs from marts.skill_prevalence where source = 'postings'"
    ).fetchall() == [(4,)]
    connection.close()


def test_skill_prevalence_shares_intervals_ranks_and_suppression(con):
    rows = _rows(
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
        for r in _rows(
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
    rows = _rows(
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
    assert _rows(
        con,
        "select count(*), count(resumes_share) from marts.soft_skills where occupation_code = '29-1141.00'",
    ) == [(2, 0)]


def test_occupation_titles(con):
    assert _rows(con, "select * from marts.occupation_titles") == [
        ("15-1252.00", "java developer", 1),
        ("15-1252.00", "software engineer", 1),
        ("15-2051.00", "data scientist", 8),
    ]


def test_education_rates_from_resumes_and_onet(con):
    resumes = _rows(
        con,
        "select education_level, n, share, round(ci_low, 4), round(ci_high, 4) from marts.education_rates"
        " where occupation_code = '15-2051.00' and source = 'resumes' and share > 0",
    )
    assert resumes == [("bachelor", 3, 1 / 3, 0.0615, 0.7923), ("master", 3, 2 / 3, 0.2077, 0.9385)]
    onet = dict(
        _rows(
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
    sums = _rows(
        con,
        "select occupation_code, source, round(sum(share), 9) from marts.education_rates group by all order by all",
    )
    assert sums == [
        ("15-1252.00", "resumes", 1.0),
        ("15-2051.00", "onet", 1.0),
        ("15-2051.00", "resumes", 1.0),
    ]


def test_salary_by_industry_both_sources(con):
    rows = _rows(
        con,
        "select occupation_code, source, industry_code, industry, n, employment, mean_annual, median_annual, top_coded, suppressed"
        " from marts.salary_by_industry",
    )
    assert rows == [
        ("15-1252.00", "oews", "52", "Finance and Insurance", None, 10000.0, None, None, True, True),
        (
            "15-1252.00",
            "oews",
            "54",
            "Professional, Scientific, and Technical Services",
            None,
            90000.0,
            140000.0,
            None,
            False,
            False,
        ),
        ("15-2051.00", "oews", "51", "Information", None, 30000.0, 130000.0, 128000.0, False, False),
        (
            "15-2051.00",
            "oews",
            "52",
            "Finance and Insurance",
            None,
            20000.0,
            130000.0,
            125000.0,
            False,
            False,
        ),
        ("15-2051.00", "postings", "51", "Information", 1, None, 90000.0, 90000.0, False, True),
        ("15-2051.00", "postings", "52", "Finance and Insurance", 2, None, 110000.0, 110000.0, False, False),
    ]


def test_top_paying_industry_ties_go_to_larger_employment(con):
    assert _rows(con, "select * from marts.top_paying_industry") == [
        ("15-1252.00", "oews", "54", "Professional, Scientific, and Technical Services", 140000.0, 90000),
        ("15-2051.00", "oews", "51", "Information", 130000.0, 30000),
        ("15-2051.00", "postings", "52", "Finance and Insurance", 110000.0, 2),
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
    # vectors over 8 and 2 documents: (python .5, sql .125, teamwork .125) and (java 1, python .5)
    assert similarity == pytest.approx(0.25 / (math.sqrt(0.25 + 2 * 0.125**2) * math.sqrt(1.25)))
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


def test_responsibility_examples_rank_repeated_bullets_and_skip_skill_examples(con):
    # 15-1252.00 has 2 resumes, below min_docs = 3; "Built models in Python" is a skill example and too
    # short; the two "Presented ..." forms count as one bullet in 2 resumes, the "!" form is nearer 120
    # characters; the URL is scrubbed.
    assert _rows(con, "select * from marts.responsibility_examples") == [
        ("15-2051.00", 1, "Presented findings to the executive team every quarter!", "r2", 2),
        ("15-2051.00", 2, "Cleaned survey data for the research group, see", "r3", 1),
    ]


def test_skill_examples_scrub_personal_data_and_prefer_repeated_bullets(con):
    rows = con.execute(
        "select occupation_code, skill_id, example, resume_id from marts.skill_examples"
    ).fetchall()
    assert rows == [
        ("15-2051.00", "python", "Built models in Python 3.", "r2"),
        ("15-2051.00", "sql", "Wrote SQL for dashboards, see", "r1"),
    ]
