"""The hand-made staging fixture every mart is built on, and the marts built on it."""

from pathlib import Path

import duckdb

from pipelines.documents.personal import CONTACT_PATTERN
from pipelines.documents.salary import PAY_CURRENCY
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
select d.source_file, d.record_position, d.title, n.title_normalised
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
alter table staging.postings add column salary_currency varchar default 'USD';
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
    build_pay(connection, min_salary_n=2)
    build_table(connection, "marts", "top_paying_industry")
    contacts = {"contact_pattern": CONTACT_PATTERN}
    build_table(connection, "marts", "skill_examples", {"top_skills": 10, **contacts})
    build_table(
        connection, "marts", "responsibility_examples", {"min_docs": 3, "per_occupation": 2, **contacts}
    )
    build_table(
        connection,
        "marts",
        "occupation_comparisons",
        {"k": 5, "min_docs": 2, "prior_strength": 100, "min_precision": 0.8},
    )
    return connection


def build_pay(connection: duckdb.DuckDBPyConnection, min_salary_n: int) -> None:
    """The pay cells and both pay marts read from them (industry level 2, OEWS thresholds 50 and 30%)."""
    params = {
        "industry_level": 2,
        "min_salary_n": min_salary_n,
        "min_employment": 50,
        "max_prse": 30.0,
        "pay_currency": PAY_CURRENCY,
    }
    build_table(connection, "staging", "pay_cells", params)
    build_table(connection, "marts", "salary_by_industry")
    build_table(connection, "marts", "occupation_salaries")


def fetch(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()
