"""Posting records -> rows: schema.org JobPosting in every form it allows, CSV exports."""

import datetime as dt
import json

import pytest

from pipelines.documents.fields import Rejection, parse_date
from pipelines.documents.postings import PostingNormaliser


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
        ({"@type": "JobPosting", "title": "---", "description": "d"}, "unusable title: no letter in '---'"),
        ({"@type": "JobPosting", "title": 12345, "description": "d"}, "unusable title: no letter in '12345'"),
        ({"title": "\U0001f642", "description": "d"}, "unusable title: no letter"),
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


def test_every_posting_with_the_same_unreadable_salary_lists_it():
    """A salary text is parsed once per process; its problem is still listed on each posting."""
    normalise = PostingNormaliser()
    for _ in range(2):
        row = normalise({"job_title": "Cook", "description": "Cooks", "salary_estimate": "$90K-$40K"})
        assert isinstance(row, dict) and row["salary_annual"] is None
        assert [e["field"] for e in row["value_errors"]] == ["salary"]


def test_a_totals_row_below_the_records_is_no_posting():
    rejected = PostingNormaliser()({"Job Title": "Total", "Salary Estimate": "$110K", "Company Name": ""})
    assert isinstance(rejected, Rejection)
    assert rejected.reason == "a summary row ('Total' in its first column), not a record"
    assert isinstance(PostingNormaliser()({"Job Title": "Sum", "Openings": " 12,345 "}), Rejection)
    # a word in another column, or inside a title, is no summary; nor is a company named Total with
    # words beside it, nor a JSON record (no table to sum)
    assert PostingNormaliser()({"Job Title": "Total Rewards Analyst", "Notes": "Total"})["title"] == (
        "Total Rewards Analyst"
    )
    company = {"company": "Total", "title": "Process Engineer", "description": "Refinery shifts"}
    assert PostingNormaliser()(company)["title"] == "Process Engineer"
    assert PostingNormaliser(headed=False)({"title": "Total", "salary": "$110K"})["title"] == "Total"


@pytest.mark.parametrize("salary", ["NaN", float("nan"), float("inf")])
def test_a_non_finite_base_salary_is_a_rejected_value_not_an_empty_salary(salary):
    row = PostingNormaliser()(
        {"@type": "JobPosting", "title": "Analyst", "description": "d", "baseSalary": salary}
    )
    assert row["salary_annual"] is None and row["salary_raw"] is not None
    assert [(e["field"], "not a finite number" in e["reason"]) for e in row["value_errors"]] == [
        ("salary", True)
    ]


def test_a_posting_skills_text_splits_at_bullets_and_skips_items_without_a_letter():
    record = {
        "@type": "JobPosting",
        "title": "Analyst",
        "description": "d",
        "skills": "Python • SQL, 3, Excel",
    }
    assert PostingNormaliser()(record)["skills_raw"] == ["Python", "SQL", "Excel"]


def test_a_spreadsheet_date_serial_is_a_date_only_in_a_date_column():
    row = PostingNormaliser()(
        {"title": "Data Analyst", "description": "SQL.", "date_posted": "46000", "salary": "46000"}
    )
    assert row["date_posted"] == dt.date(2025, 12, 9)
    assert row["salary_raw"] == "46000" and row["salary_min"] == 46000
    assert row["value_errors"] == []
    # a serial the window refuses is a rejected value, as any implausible date
    row = PostingNormaliser()({"title": "Data Analyst", "description": "SQL.", "date_posted": 20000})
    assert row["date_posted"] is None
    assert "implausible date in date_posted: 1954-10-03" in row["value_errors"][0]["reason"]


def test_camel_case_columns_are_found_under_their_words():
    row = PostingNormaliser(headed=False)(
        {
            "jobTitle": "Nurse",
            "jobDescription": "Ward care.",
            "datePosted": "Dec 2025",
            "companyName": "Contoso",
        }
    )
    assert (row["title"], row["description"], row["company"]) == ("Nurse", "Ward care.", "Contoso")
    assert row["date_posted"] == dt.date(2025, 12, 1)
