"""The personal-data scrubber: each kind of personal data goes, ordinary resume text stays whole."""

import pytest

from pipelines.documents.personal import scrub_personal_data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # street addresses, with unit, town, state and ZIP code
        (
            "Contact me at 123 Main Street, Springfield, IL 62704 for references",
            "Contact me at for references",
        ),
        ("Lives at 4500 N. Lake Shore Dr Apt 12B, Chicago IL", "Lives at"),
        ("Worked at 1600 Amphitheatre Parkway, Mountain View, CA 94043 for 3 years", "Worked at for 3 years"),
        ("Mail to P.O. Box 1234, Austin TX", "Mail to"),
        # full names, with a middle initial, an apostrophe or a hyphen, after a capitalised verb
        ("Reported to Jane Doe, CFO, on quarterly forecasts", "Reported to, CFO, on quarterly forecasts"),
        ("Mentored by Robert J. Johnson for two years", "Mentored by for two years"),
        ("Sarah O'Neil approved the budget", "approved the budget"),
        ("Mary-Jane Watson | Data Analyst", "Data Analyst"),
        ("Assisted Jane Doe with quarterly audits", "Assisted with quarterly audits"),
        ("Audits were signed off by Maria Garcia.", "Audits were signed off by."),
        # dates of birth, numeric or written out
        ("Born 04/12/1988 in Ohio", "in Ohio"),
        ("Date of birth: 12 March 1990; Python developer", "Python developer"),
        ("DOB: March 3, 1985", ""),
        # bare profile links, links and e-mail addresses
        ("Portfolio: linkedin.com/in/jane-doe-123 and github.com/jdoe", "Portfolio: and"),
        ("See https://example.com/me or www.example.org", "See or"),
        ("Write to jane.doe@example.co.uk today", "Write to today"),
        # phone numbers
        ("Call (312) 555-0199 or +44 20 7946 0958", "Call or"),
    ],
)
def test_personal_data_is_removed(text, expected):
    assert scrub_personal_data(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Managed ETL pipelines in 2019-2021 across three regions",
        "Served 2,500 customers daily from 2015 - 2018",
        "Reduced costs by 25% in Q3 2020, saving $1,200,000",
        "Built dashboards in Power BI and Tableau Server for 120 stores",
        "Trained Machine Learning models on Apache Spark as Scrum Master",
        "Managed 12 accounts on Main Street projects",
        "Supervised 3 Regional Offices and 40 staff",
        "Developed ASP.NET/C# and Node.js/React applications",
        "Ran 24 x 7 support for 1,000,000 users on 10.0.0.1/24 networks",
    ],
)
def test_ordinary_resume_text_stays_whole(text):
    assert scrub_personal_data(text) == text


def test_a_skill_the_document_names_is_no_persons_name():
    # "Core" is a given name in the name list and "Java" no common English word
    assert scrub_personal_data("Programming: Python, Core Java", ["python", "core java"]) == (
        "Programming: Python, Core Java"
    )
    # names inside longer capitalised runs are organisations or products
    assert scrub_personal_data("Studied at Indira Gandhi College of Engineering") == (
        "Studied at Indira Gandhi College of Engineering"
    )


def test_none_stays_none():
    assert scrub_personal_data(None) is None
