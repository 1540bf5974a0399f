import datetime as dt
import json

import pytest

from pipelines.documents.fields import Rejection, WrongType, parse_date
from pipelines.documents.postings import PostingNormaliser
from pipelines.documents.resumes import ResumeNormaliser


def _json_resume(**overrides):
    doc = {
        "basics": {"label": "Senior Data Scientist", "summary": "Ten years of modelling."},
        "work": [
            {
                "position": "Data Scientist",
                "startDate": "2016-03",
                "endDate": "2019-12-01",
                "highlights": ["Built churn models in Python"],
            },
            {
                "position": "Senior Data Scientist",
                "startDate": "2020-01",
                "highlights": ["Led a team of four analysts"],
            },
        ],
        "education": [{"studyType": "M.Sc", "area": "Statistics"}],
        "skills": [{"name": "Python", "keywords": ["pandas", "scikit-learn"]}],
        "meta": {"id": "cand-17"},
    }
    doc.update(overrides)
    return doc


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


def test_json_resume_fields():
    row = ResumeNormaliser()(_json_resume())
    assert not isinstance(row, Rejection)
    assert row["resume_id"] == "cand-17"
    assert row["title"] == "Senior Data Scientist"
    assert row["source_format"] == "json_resume"
    assert row["bullets"][:2] == ["Built churn models in Python", "Led a team of four analysts"]
    assert row["education_raw"] == ["M.Sc in Statistics"]
    assert row["skills_raw"] == ["Python", "pandas", "scikit-learn"]
    assert row["positions"] == ["Data Scientist", "Senior Data Scientist"]
    assert row["work_start_date"] == dt.date(2016, 3, 1)
    assert row["work_end_date"] is None  # the 2020 job is current


def test_json_resume_title_falls_back_to_current_position():
    row = ResumeNormaliser()(_json_resume(basics={"summary": "x"}))
    assert row["title"] == "Senior Data Scientist"


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"work": "five years"}, "work must be a list"),
        ({"work": [{"position": "X", "startDate": "someday"}]}, "unreadable date"),
        ({"work": [{"position": "X", "highlights": "one string"}]}, "wrong type"),
        ({"basics": {"label": ""}, "work": [], "education": [], "skills": []}, "empty text"),
        ({"skills": [5]}, "skills[0] must be an object"),
        ({"work": [{"position": "X", "startDate": 12}]}, "must be a date string"),
    ],
)
def test_json_resume_rejections(overrides, reason):
    result = ResumeNormaliser()(_json_resume(**overrides))
    assert isinstance(result, Rejection)
    assert reason in result.reason


def test_json_resume_plain_variants_read_as_they_plainly_mean():
    row = ResumeNormaliser()(
        _json_resume(
            skills=["SQL", {"name": "Python", "keywords": ["pandas", None]}],
            work=[{"position": "Analyst", "startDate": 2019}],
        )
    )
    assert not isinstance(row, Rejection)
    assert row["skills_raw"] == ["SQL", "Python", "pandas"]
    assert row["work_start_date"] == dt.date(2019, 1, 1)


def test_structured_csv_row_with_python_literal_lists():
    record = {
        "career_objective": "Analyst with robust experience.",
        "skills": "['Big Data', 'Hadoop', 'Python']",
        "degree_names": "['B.Tech']",
        "major_field_of_studies": "['Electronics']",
        "positions": "['Big Data Analyst']",
        "start_dates": "['Nov 2019']",
        "end_dates": "['Till Date']",
        "responsibilities": "Technical Support\nTroubleshooting data pipelines daily\n\n",
        "\ufeffjob_position_name": "Senior Software Engineer",
    }
    row = ResumeNormaliser()(record)
    assert row["source_format"] == "structured"
    assert row["title"] == "Big Data Analyst"
    assert row["skills_raw"] == ["Big Data", "Hadoop", "Python"]
    assert row["education_raw"] == ["B.Tech in Electronics"]
    assert row["work_start_date"] == dt.date(2019, 11, 1)
    assert "Troubleshooting data pipelines daily" in row["bullets"]
    assert row["resume_id"].startswith("r-")


def test_free_text_row_uses_category_as_title_and_same_text_same_id():
    normalise = ResumeNormaliser()
    a = normalise({"Category": "Data Science", "Resume": "Skills * Python, SQL and Tableau dashboards"})
    b = normalise({"Category": "Data Science", "Resume": "skills *  python, sql and tableau dashboards"})
    assert a["title"] == "Data Science" and a["category"] == "Data Science"
    assert a["resume_id"] == b["resume_id"]
    assert a["bullets"] == ["Python, SQL and Tableau dashboards"]


def test_declared_column_mapping():
    row = ResumeNormaliser({"text": "cv_body", "title": "current_role"})(
        {"cv_body": "Nurse for 5 years", "current_role": "RN"}
    )
    assert row["title"] == "RN" and row["text"] == "Nurse for 5 years"


def test_job_posting_fields():
    record = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "identifier": {"@type": "PropertyValue", "name": "ACME", "value": "req-42"},
        "title": "  Lead Java Developer, Austin TX ",
        "description": "<p>Join us.</p><ul><li>Build APIs in Java</li><li>Mentor junior engineers</li></ul>",
        "datePosted": "2026-03-01",
        "hiringOrganization": {"@type": "Organization", "name": "ACME"},
        "industry": "Software",
        "occupationalCategory": {"@type": "CategoryCode", "codeValue": "15-1252.00"},
        "jobLocation": {
            "address": {"addressLocality": "Austin", "addressRegion": "TX", "addressCountry": "US"}
        },
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "USD",
            "value": {"minValue": 40, "maxValue": 55, "unitText": "HOUR"},
        },
        "educationRequirements": {"credentialCategory": "bachelor degree"},
        "skills": "Java, Spring; SQL",
    }
    row = PostingNormaliser()(record)
    assert row["posting_id"] == "req-42"
    assert row["title"] == "Lead Java Developer, Austin TX"
    assert row["description"] == "Join us.\n\n• Build APIs in Java\n• Mentor junior engineers"
    assert row["bullets"] == ["Build APIs in Java", "Mentor junior engineers"]
    assert row["company"] == "ACME"
    assert row["location"] == "Austin, TX, US"
    assert row["occupational_category_raw"] == "15-1252.00"
    assert json.loads(row["salary_raw"])["value"]["unitText"] == "HOUR"
    assert row["education_raw"] == ["bachelor degree"]
    assert row["skills_raw"] == ["Java", "Spring", "SQL"]
    assert row["date_posted"] == dt.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"@type": "JobPosting", "description": "text"}, "missing required field: title"),
        ({"@type": "JobPosting", "title": "X", "description": "   "}, "missing required field: description"),
        ({"@type": "JobPosting", "title": ["a"], "description": "d"}, "title must be text"),
        ({"@type": "Organization", "title": "X", "description": "d"}, "not a JobPosting"),
        (
            {"@type": "JobPosting", "title": "X", "description": "d", "datePosted": "yesterday"},
            "unreadable date",
        ),
    ],
)
def test_job_posting_rejections(record, reason):
    result = PostingNormaliser()(record)
    assert isinstance(result, Rejection)
    assert reason in result.reason


def test_salary_in_separate_columns_reads_as_one_amount():
    normalise = PostingNormaliser()
    first = {"title": "Nurse", "description": "ICU care", "min_salary": "35", "max_salary": "45"}
    hourly = normalise(
        {**first, "pay_period": "HOURLY", "currency": "USD", "formatted_work_type": "Full-time"}
    )
    assert (hourly["salary_min_annual"], hourly["salary_max_annual"], hourly["salary_currency"]) == (
        72_800,
        93_600,
        "USD",
    )
    assert hourly["employment_type"] == "Full-time"
    biweekly = normalise({**first, "description": "Ward care", "pay_period": "BIWEEKLY", "currency": ""})
    assert biweekly["salary_annual"] is None and "unknown unitText" in biweekly["salary_error"]
    none = normalise(
        {**first, "description": "Night care", "min_salary": "", "max_salary": "", "pay_period": ""}
    )
    assert none["salary_raw"] is None and none["salary_error"] is None
    median_only = {"title": "Nurse", "description": "Day care", "med_salary": "40", "pay_period": "HOURLY"}
    assert PostingNormaliser()(median_only)["salary_annual"] == 83_200


def test_glassdoor_row():
    record = {
        "": "0",
        "Job Title": "Data Scientist",
        "Salary Estimate": "$53K-$91K (Glassdoor est.)",
        "Job Description": "Data Scientist\nLocation: Albuquerque, NM",
        "Rating": "3.8",
        "Company Name": "Tecolote Research\n3.8",
        "Location": "Albuquerque, NM",
        "Industry": "Aerospace & Defense",
        "Sector": "-1",
        "Competitors": "-1",
    }
    row = PostingNormaliser()(record)
    assert row["company"] == "Tecolote Research"
    assert row["salary_raw"] == "$53K-$91K (Glassdoor est.)"
    assert row["industry_raw"] == "Aerospace & Defense"
    assert row["sector_raw"] is None
    assert row["posting_id"].startswith("p-")
