"""Every marts SQL file on a hand-made staging fixture, against hand-computed values."""

import datetime
import math
from pathlib import Path

import duckdb
import pytest

from pipelines.documents.personal import CONTACT_PATTERN
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
alter table staging.document_skills add column forms varchar[];
update staging.document_skills set forms = [skill_id];
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
    -- withheld like any small cell: employment below 50, and a mean whose relative standard error is 35%
    ('15-1252', '51', 'Sector 51 - Information', 2, 40.0, 150000.0, null, null, null, []::varchar[], 'industry'),
    ('15-1252', '62', 'Sector 62 - Health Care and Social Assistance', 2, 5000.0, 120000.0, null, null, null, []::varchar[], 'industry'),
    -- an ownership category overlaps the sectors: never an industry row, never the top-paying industry
    ('15-2051', '999101', 'Federal Government, including the U.S. Postal Service (OEWS Designation)', 2, 900.0, 190000.0, null, null, null, []::varchar[], 'ownership')
) t(soc_code, naics_code, industry_title, industry_level, tot_emp, a_mean, a_median, a_pct25, a_pct75, top_coded_columns, industry_kind);
-- relative standard errors as BLS publishes them (percent), hourly figures, the release
alter table staging.oews_wages add column mean_prse double;
update staging.oews_wages set mean_prse = if(naics_code = '62', 35.0, 2.5);
alter table staging.oews_wages add column h_mean double;
alter table staging.oews_wages add column h_median double;
update staging.oews_wages set h_mean = round(a_mean / 2080, 2), h_median = round(a_median / 2080, 2);
alter table staging.oews_wages add column release_year integer default 2024;
alter table staging.postings add column salary_is_estimate boolean default false;
alter table staging.postings add column date_posted date default date '2026-03-01';
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
    salary = {"min_salary_n": 2, "min_employment": 50, "max_prse": 30.0}
    build_table(connection, "marts", "salary_by_industry", {"industry_level": 2, **salary})
    build_table(connection, "marts", "occupation_salaries", salary)
    build_table(connection, "marts", "top_paying_industry")
    contacts = {"contact_pattern": CONTACT_PATTERN}
    build_table(connection, "marts", "skill_examples", {"top_skills": 10, **contacts})
    build_table(
        connection, "marts", "responsibility_examples", {"min_docs": 3, "per_occupation": 2, **contacts}
    )
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
        " ('p5', '15-2051.00', 'Data Scientist', '52', 'Finance and Insurance', 110000.0, null, 'postings/jobs.csv', 5, false, date '2026-03-01')"
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
        ("15-1252.00", "oews", "51", "Information", None, 40.0, 150000.0, None, False, True),
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
        (
            "15-1252.00",
            "oews",
            "62",
            "Health Care and Social Assistance",
            None,
            5000.0,
            120000.0,
            None,
            False,
            True,
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


def test_salary_cells_carry_intervals_and_say_why_they_are_withheld(con):
    rows = {
        (r[0], r[1], r[2]): r[3:]
        for r in con.execute(
            "select occupation_code, source, industry_code, mean_ci_low, mean_ci_high, withheld_reason"
            " from marts.salary_by_industry"
        ).fetchall()
    }
    z = 1.959963984540054
    # OEWS: the published relative standard error, 2.5% of $130,000
    low, high, reason = rows[("15-2051.00", "oews", "51")]
    assert (low, high, reason) == (pytest.approx(130000 - z * 3250), pytest.approx(130000 + z * 3250), None)
    # postings: 100,000 and 120,000, standard error of the mean 10,000
    low, high, _ = rows[("15-2051.00", "postings", "52")]
    assert (low, high) == (pytest.approx(110000 - z * 10000), pytest.approx(110000 + z * 10000))
    assert rows[("15-1252.00", "oews", "51")][2] == "employment below 50"
    assert rows[("15-1252.00", "oews", "62")][2] == "relative standard error above 30.0%"
    assert rows[("15-1252.00", "oews", "52")][2] == "top-coded by BLS (at or above the release's top code)"
    assert rows[("15-2051.00", "postings", "51")][2] == "fewer than 2 postings state a salary"


def test_estimated_pay_is_kept_apart_from_stated_pay(tmp_path: Path):
    connection = build_fixture_marts(tmp_path / "m.duckdb")
    connection.execute("update staging.postings set salary_is_estimate = true where posting_id = 'p2'")
    salary = {"min_salary_n": 1, "min_employment": 50, "max_prse": 30.0}
    build_table(connection, "marts", "salary_by_industry", {"industry_level": 2, **salary})
    build_table(connection, "marts", "occupation_salaries", salary)
    by_industry = _rows(
        connection,
        "select source, n, mean_annual from marts.salary_by_industry"
        " where occupation_code = '15-2051.00' and industry_code = '52' and source != 'oews'",
    )
    assert by_industry == [("postings", 1, 100000.0), ("postings_estimated", 1, 120000.0)]
    headline = _rows(
        connection,
        "select source, n, mean_annual from marts.occupation_salaries where occupation_code = '15-2051.00'",
    )
    assert headline == [
        ("oews", None, 110000.0),
        ("postings", 2, 95000.0),
        ("postings_estimated", 1, 120000.0),
    ]
    connection.close()


def test_occupation_salaries_headline_annual_and_hourly(con):
    rows = _rows(
        con,
        "select occupation_code, source, n, employment, mean_annual, mean_hourly, release_year, first_date, suppressed"
        " from marts.occupation_salaries",
    )
    assert rows == [
        ("15-1252.00", "oews", None, 500000.0, 135000.0, 64.9, 2024, None, False),
        ("15-2051.00", "oews", None, 200000.0, 110000.0, 52.88, 2024, None, False),
        (
            "15-2051.00",
            "postings",
            3,
            None,
            pytest.approx(310000 / 3),
            pytest.approx(310000 / 3 / 2080),
            None,
            datetime.date(2026, 3, 1),
            False,
        ),
    ]


def test_top_paying_industry_shows_ties(con):
    # Information and Finance both pay $130,000 on OEWS: the tie is listed, and no industry leads clearly
    assert _rows(
        con,
        "select occupation_code, source, industry, mean_annual, n, tied_industries, clear_lead"
        " from marts.top_paying_industry",
    ) == [
        (
            "15-1252.00",
            "oews",
            "Professional, Scientific, and Technical Services",
            140000.0,
            90000,
            [],
            False,
        ),
        ("15-2051.00", "oews", "Finance and Insurance", 130000.0, 20000, ["Information"], False),
        ("15-2051.00", "postings", "Finance and Insurance", 110000.0, 2, [], False),
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
    # r1's and r2's Python bullets are one near-identical form once r1's e-mail address and phone
    # number are ignored; r1's is nearer 120 characters and is shown scrubbed
    assert rows == [
        ("15-2051.00", "python", "Built models in Python", "r1"),
        ("15-2051.00", "sql", "Wrote SQL for dashboards, see", "r1"),
    ]


def test_pay_is_compared_like_with_like_with_an_interval(tmp_path: Path):
    connection = build_fixture_marts(tmp_path / "m.duckdb")
    row = connection.execute(
        "select salary_delta, salary_source, salary_delta_low, salary_delta_high, salary_delta_significant"
        " from marts.occupation_comparisons where occupation_code = '15-2051.00'"
    ).fetchone()
    # OEWS standard errors 2.5% of 110,000 and of 135,000
    se = math.sqrt(2750**2 + 3375**2)
    z = 1.959963984540054
    assert row == (25000.0, "oews", pytest.approx(25000 - z * se), pytest.approx(25000 + z * se), True)
    # without Software Developers' OEWS mean only 15-2051.00 has a (posting) mean: nothing like to compare
    connection.execute("delete from staging.oews_wages where soc_code = '15-1252'")
    salary = {"min_salary_n": 2, "min_employment": 50, "max_prse": 30.0}
    build_table(connection, "marts", "occupation_salaries", salary)
    build_table(connection, "marts", "occupation_comparisons", {"k": 5, "min_docs": 2, "prior_strength": 100})
    assert connection.execute(
        "select salary_delta, salary_source from marts.occupation_comparisons where occupation_code = '15-2051.00'"
    ).fetchall() == [(None, None)]
    connection.close()
