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
    ("overrides", "field", "reason"),
    [
        ({"work": "five years"}, "work", "work must be a list"),
        ({"work": [{"position": "X", "startDate": "someday"}]}, "work[0].startDate", "unreadable date"),
        ({"work": [{"position": "X", "endDate": "2024-09-31"}]}, "work[0].endDate", "unreadable date"),
        ({"work": [{"position": "X", "endDate": "0000-00-00"}]}, "work[0].endDate", "unreadable date"),
        ({"work": [{"position": "X", "startDate": "2019-13"}]}, "work[0].startDate", "unreadable date"),
        ({"work": [{"position": "X", "startDate": "1900-01-01"}]}, "work[0].startDate", "implausible date"),
        ({"work": [{"position": "X", "highlights": "one string"}]}, "work[0].highlights", "list of strings"),
        ({"skills": [5]}, "skills[0]", "skills[0] must be an object"),
        ({"work": [{"position": "X", "startDate": 12}]}, "work[0].startDate", "unreadable date"),
        ({"basics": "Jane"}, "basics", "basics must be an object"),
    ],
)
def test_one_unreadable_value_is_dropped_and_the_resume_kept(overrides, field, reason):
    row = ResumeNormaliser()(_json_resume(**overrides))
    assert not isinstance(row, Rejection)
    assert [(e["field"], reason in e["reason"]) for e in row["value_errors"]] == [(field, True)]


def test_one_bad_end_date_does_not_cost_a_resume_its_seventy_skills():
    skills = [{"name": f"Skill {i}"} for i in range(70)]
    work = [{"position": "Data Engineer", "startDate": "2021-02", "endDate": "2024-09-31"}]
    row = ResumeNormaliser()(_json_resume(skills=skills, work=work))
    assert len(row["skills_raw"]) == 70 and row["positions"] == ["Data Engineer"]
    assert row["work_start_date"] == dt.date(2021, 2, 1) and row["work_end_date"] is None
    assert row["value_errors"] == [
        {
            "field": "work[0].endDate",
            "value": "2024-09-31",
            "reason": "unreadable date in work[0].endDate: '2024-09-31'",
        }
    ]


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"basics": {"label": ""}, "work": [], "education": [], "skills": []}, "empty text"),
        (
            {
                "basics": {"label": "\u200b\u200b", "summary": "\u200d\ufeff \u2060"},
                "work": [],
                "education": [],
                "skills": [],
            },
            "only invisible characters",
        ),
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


def test_free_text_row_keeps_its_category_apart_from_a_stated_title_and_same_text_same_id():
    normalise = ResumeNormaliser()
    a = normalise({"Category": "Data Science", "Resume": "Skills * Python, SQL and Tableau dashboards"})
    b = normalise({"Category": "Data Science", "Resume": "skills *  python, sql and tableau dashboards"})
    # no role stated: the data set's category label is the title, and the row says so
    assert (a["title"], a["title_source"], a["category"]) == ("Data Science", "category", "Data Science")
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
        (
            {"@type": "JobPosting", "title": "\u200b\u200c", "description": "text"},
            "missing required field: title",
        ),
        ({"@type": "JobPosting", "title": ["a"], "description": "d"}, "title must be text"),
        ({"@type": "Organization", "title": "X", "description": "d"}, "not a JobPosting"),
    ],
)
def test_job_posting_rejections(record, reason):
    result = PostingNormaliser()(record)
    assert isinstance(result, Rejection)
    assert reason in result.reason


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("yesterday", "unreadable date"),
        ("2024-09-31", "unreadable date"),
        ("1900-01-01", "implausible date"),
        ("9999-12-31", "implausible date"),
    ],
)
def test_a_bad_posting_date_is_a_rejected_value_and_the_posting_stays(value, reason):
    row = PostingNormaliser()(
        {"@type": "JobPosting", "title": "Nurse", "description": "d", "datePosted": value}
    )
    assert row["date_posted"] is None and row["title"] == "Nurse"
    assert [(e["field"], e["value"]) for e in row["value_errors"]] == [("datePosted", value)]
    assert reason in row["value_errors"][0]["reason"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1713540000000, dt.date(2024, 4, 19)),  # LinkedIn's listed_time, epoch milliseconds
        ("1713540000000.0", dt.date(2024, 4, 19)),
        ("1.71354E+12", dt.date(2024, 4, 19)),  # the same after a spreadsheet
        (1713540000, dt.date(2024, 4, 19)),  # epoch seconds
    ],
)
def test_epoch_timestamps_are_dates(value, expected):
    assert parse_date(value, "listed_time") == expected


def test_every_form_the_job_posting_specification_allows():
    record = {
        "@context": "https://schema.org",
        "@type": "schema:JobPosting",
        "name": "Registered Nurse",  # no title: the name is the title
        "description": "Care for patients on a busy ward.",
        "skills": {"@type": "DefinedTerm", "name": "Patient care", "termCode": "pc"},
        "educationRequirements": {
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": {"@type": "DefinedTerm", "name": "bachelor degree"},
        },
        "industry": {"@type": "DefinedTerm", "name": "Hospitals and Health Care"},
        "occupationalCategory": [
            {"@type": "CategoryCode", "codeValue": "29-1141.00", "inCodeSet": "O*NET-SOC"}
        ],
        "salaryCurrency": "GBP",
        "baseSalary": 38000,
        "jobLocation": [
            {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "Leeds"}},
            {"@type": "Place", "address": "York, UK"},
        ],
        "employmentType": ["FULL_TIME", "PART_TIME"],
        "datePosted": "2026-02-27T09:30:00+00:00",
    }
    row = PostingNormaliser()(record)
    assert row["title"] == "Registered Nurse"
    assert row["skills_raw"] == ["Patient care"]
    assert row["education_raw"] == ["bachelor degree"] and row["education_level"] == "bachelor"
    assert row["industry_raw"] == "Hospitals and Health Care"
    assert row["occupational_category_raw"] == "29-1141.00"
    assert (row["salary_annual"], row["salary_currency"]) == (38_000, "GBP")
    assert row["location"] == "Leeds; York, UK"
    assert row["employment_type"] == "FULL_TIME; PART_TIME"
    assert row["date_posted"] == dt.date(2026, 2, 27)
    assert row["value_errors"] == []


@pytest.mark.parametrize(
    ("salary", "annual", "estimate"),
    [
        ({"baseSalary": "$85,000 - $95,000 a year"}, 90_000, False),
        (
            {
                "baseSalary": {
                    "@type": "PriceSpecification",
                    "minPrice": 30,
                    "maxPrice": 40,
                    "priceCurrency": "USD",
                    "unitText": "HOUR",
                }
            },
            72_800,
            False,
        ),
        (
            {
                "estimatedSalary": {
                    "@type": "MonetaryAmount",
                    "currency": "USD",
                    "value": {
                        "@type": "QuantitativeValue",
                        "minValue": 60000,
                        "maxValue": 80000,
                        "unitText": "YEAR",
                    },
                }
            },
            70_000,
            True,
        ),
        (
            {
                "estimatedSalary": [
                    {
                        "@type": "MonetaryAmountDistribution",
                        "currency": "USD",
                        "duration": "P1Y",
                        "percentile10": 50000,
                        "median": 65000,
                        "percentile90": 90000,
                    }
                ]
            },
            65_000,
            True,
        ),
    ],
)
def test_base_and_estimated_salaries(salary, annual, estimate):
    row = PostingNormaliser()({"@type": "JobPosting", "title": "Analyst", "description": "d", **salary})
    assert (row["salary_annual"], row["salary_is_estimate"]) == (annual, estimate)


def test_json_ld_graph_arrays_and_remote_jobs():
    row = PostingNormaliser()(
        {
            "@type": ["JobPosting"],
            "title": "Data Engineer",
            "jobLocationType": "TELECOMMUTE",
            "hiringOrganization": "ACME",
        }
    )
    assert (row["location"], row["company"], row["description"]) == ("Remote", "ACME", None)


@pytest.mark.parametrize(
    "record",
    [
        # salary surveys: job_title, salary, salary_currency, salary_in_usd
        {
            "work_year": "2024",
            "job_title": "Data Scientist",
            "salary": "80000",
            "salary_currency": "EUR",
            "salary_in_usd": "86000",
        },
        # LinkedIn listings with only title, company, sector and date
        {
            "title": "Data Scientist",
            "company_name": "ACME",
            "sector": "Finance",
            "listed_time": "1.71354E+12",
        },
        # job-board listings
        {"Job Title": "Data Scientist", "Company": "ACME", "Location": "Austin, TX"},
    ],
)
def test_a_posting_with_a_title_but_no_description_is_a_posting(record):
    row = PostingNormaliser()(record)
    assert not isinstance(row, Rejection)
    assert row["title"] == "Data Scientist" and row["description"] is None and row["bullets"] == []
    assert row["value_errors"] == []


def test_salary_survey_rows_read_their_currency_column_and_differ_by_salary():
    normalise = PostingNormaliser()
    a = normalise({"job_title": "Data Scientist", "salary": "80000", "salary_currency": "EUR"})
    b = normalise({"job_title": "Data Scientist", "salary": "95000", "salary_currency": "EUR"})
    assert (a["salary_annual"], a["salary_currency"]) == (80_000, "EUR")
    # without a description, two rows are one posting only when everything they state is the same
    assert a["posting_id"] != b["posting_id"]


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
    biweekly = normalise(
        {
            **first,
            "description": "Ward care",
            "min_salary": "1600",
            "max_salary": "2000",
            "pay_period": "BIWEEKLY",
            "currency": "",
        }
    )
    assert biweekly["salary_annual"] == 46_800 and biweekly["salary_period"] == "BIWEEK"
    unknown = normalise({**first, "description": "Day care", "pay_period": "PER LIGHTYEAR"})
    assert unknown["salary_annual"] is None
    assert [e["field"] for e in unknown["value_errors"]] == ["salary"]
    assert "unknown unitText" in unknown["value_errors"][0]["reason"]
    none = normalise(
        {**first, "description": "Night care", "min_salary": "", "max_salary": "", "pay_period": ""}
    )
    assert none["salary_raw"] is None and none["value_errors"] == []
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


def _structured_with_job_ad() -> dict:
    """A row of the structured resume export that pairs each resume with a job ad (resume_data.csv)."""
    ad = "Technical Support\nTroubleshooting customer networks\nField Visits to client sites\n\n"
    return {
        "career_objective": "Network engineer keen on automation.",
        "skills": "['Cisco', 'Python']",
        "degree_names": "['B.Tech']",
        "major_field_of_studies": "['Electronics']",
        "positions": "['Network Engineer']",
        "start_dates": "['Jan 2020']",
        "end_dates": "['Till Date']",
        "responsibilities": ad,
        "\ufeffjob_position_name": "Senior Software Engineer",
        "educationaL_requirements": "B.Sc in Computer Science",
        "responsibilities.1": ad,
        "skills_required": "Kubernetes; Go",
        "matched_score": "0.85",
    }


def test_the_job_ad_columns_of_a_matched_resume_export_are_kept_apart():
    row = ResumeNormaliser()(_structured_with_job_ad())
    assert "Troubleshooting" not in row["text"] and "Kubernetes" not in row["text"]
    assert not any("Troubleshooting" in b for b in row["bullets"])
    assert row["skills_raw"] == ["Cisco", "Python"] and row["education_level"] == "bachelor"
    assert (row["title"], row["title_source"]) == ("Network Engineer", "position")
    apart = json.loads(row["set_apart"])
    assert apart["\ufeffjob_position_name"] == "Senior Software Engineer"
    assert set(apart) == {
        "\ufeffjob_position_name",
        "educationaL_requirements",
        "responsibilities",
        "responsibilities.1",
        "skills_required",
        "matched_score",
    }


def test_a_declared_mapping_may_keep_columns_apart_too():
    from pipelines.ingest.columns import Declared

    row = ResumeNormaliser(Declared({"text": "cv"}, apart=("ad_text",)))(
        {"cv": "Welder with 10 years of TIG welding", "ad_text": "We need a Python developer"}
    )
    assert "Python" not in row["text"] and json.loads(row["set_apart"]) == {
        "ad_text": "We need a Python developer"
    }


def test_a_free_text_resume_states_its_role_in_its_headline():
    text = (
        "Core skills * Project Management * Selenium\nEducation Details \r\n"
        "January 2002 Bachelor of Engineering Computer Engineering Mumbai University\r\n"
        "Project Manager(Global Test Manager) \r\n\r\nProject Manager(Global Test Manager) - AT&T\r\n"
        "Skill Details \r\nTESTING- Exprience - 25 months"
    )
    row = ResumeNormaliser()({"Category": "DevOps Engineer", "Resume": text})
    assert (row["title"], row["title_source"], row["category"]) == (
        "Project Manager(Global Test Manager)",
        "headline",
        "DevOps Engineer",
    )


def test_a_title_column_is_the_stated_role_before_any_headline():
    row = ResumeNormaliser()(
        {"Title": "QA Lead", "Category": "Testing", "Resume": "Tester\n\nSkill Details\nx"}
    )
    assert (row["title"], row["title_source"]) == ("QA Lead", "title")


def test_a_structured_resume_lists_its_skills_per_position_languages_and_certifications():
    record = _structured_with_job_ad() | {
        "related_skils_in_job": "[['BGP', 'OSPF'], ['Cisco', 'Wireshark']]",
        "languages": "['English', 'Hindi']",
        "certification_skills": "['CCNA']",
    }
    row = ResumeNormaliser()(record)
    assert row["skills_raw"] == ["Cisco", "Python", "BGP", "OSPF", "Wireshark", "English", "Hindi", "CCNA"]
    assert "Wireshark" in row["text"] and "Kubernetes" not in row["skills_raw"]
