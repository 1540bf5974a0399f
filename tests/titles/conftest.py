import pytest

from pipelines.titles.coder import FeatureModel
from pipelines.titles.reference import OccupationReference

OCCUPATIONS = {
    "15-2051.00": "Data Scientists",
    "15-2051.01": "Business Intelligence Analysts",
    "15-1243.00": "Database Architects",
    "15-1252.00": "Software Developers",
    "29-1141.00": "Registered Nurses",
    "13-2011.00": "Accountants and Auditors",
    "23-1011.00": "Lawyers",
    "21-1093.00": "Social and Human Service Assistants",
    "13-1111.00": "Management Analysts",
    "41-3041.00": "Travel Agents",
}
ALTERNATES = [
    ("15-2051.00", "Data Scientist", 2),
    ("15-2051.00", "Machine Learning Scientist", 1),
    ("15-2051.00", "Data Engineer", 1),
    ("15-1243.00", "Data Engineer", 2),
    ("15-2051.01", "BI Analyst", 1),
    ("15-1252.00", "Software Engineer", 3),
    ("15-1252.00", "Java Developer", 1),
    ("29-1141.00", "ICU Nurse", 1),
    ("29-1141.00", "Staff Nurse", 1),
    ("13-2011.00", "Staff Accountant", 2),
    ("21-1093.00", "Advocate", 2),
    ("13-1111.00", "Management Consultant", 3),
    ("13-1111.00", "Business Consultant", 2),
    ("13-1111.00", "Strategy Consultant", 1),
    ("41-3041.00", "Travel Consultant", 4),
]
# as in O*NET, a word of one occupation's text only is no evidence (the vectoriser keeps words two
# occupations share): each distinctive word below is shared with one neighbour
TEXTS = [
    ("15-2051.00", "task", "Build predictive models and machine learning classifiers from large data sets."),
    ("15-2051.00", "technology", "Python"),
    ("15-2051.01", "task", "Create dashboards, predictive models and ETL jobs for financial statements."),
    ("15-2051.01", "technology", "Tableau"),
    ("15-1243.00", "task", "Design database schemas, data pipelines and ETL processes."),
    ("15-1243.00", "technology", "Apache Spark"),
    ("15-1252.00", "task", "Write and test software code, data pipelines and machine learning applications."),
    ("15-1252.00", "technology", "Python; Apache Spark; database schemas"),
    ("29-1141.00", "task", "Administer medications to patients and monitor vital signs in hospital wards."),
    (
        "13-2011.00",
        "task",
        "Prepare financial statements, audit ledgers, file tax returns and support litigation.",
    ),
    (
        "23-1011.00",
        "task",
        "Represent clients in court, draft pleadings, advise on tax returns and argue litigation before judges.",
    ),
    (
        "21-1093.00",
        "task",
        "Help patients leaving hospital obtain medications, vital signs checks and court-ordered services; audit ledgers of benefits.",
    ),
    ("13-1111.00", "task", "Advise clients on business processes, audit operations and court strategy."),
    ("41-3041.00", "task", "Book travel for clients and advise on business trips."),
    *((code, "description", f"What {title.lower()} do.") for code, title in OCCUPATIONS.items()),
]
PRIORS = [
    ("15-2051", 200_000.0),
    ("15-1243", 60_000.0),
    ("15-1252", 1_500_000.0),
    ("29-1141", 3_000_000.0),
    ("13-1111", 900_000.0),
    ("41-3041", 60_000.0),
]


def make_reference(corrections=(), alternates=ALTERNATES) -> OccupationReference:
    titles = [(code, title, "occupation", 1) for code, title in OCCUPATIONS.items()]
    titles += [(code, title, "alternate", n) for code, title, n in alternates]
    return OccupationReference.from_rows(titles, TEXTS, PRIORS, corrections)


@pytest.fixture(scope="session")
def model() -> FeatureModel:
    return FeatureModel(make_reference())
