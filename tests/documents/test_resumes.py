"""Resume records -> rows: JSON Resume, structured and free-text CSV rows, export layouts."""

import datetime as dt
import json

import pytest

from pipelines.documents.fields import Rejection
from pipelines.documents.resumes import ResumeNormaliser
from pipelines.ingest.readers import FileUnreadable


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


@pytest.mark.parametrize(
    ("section", "value", "shown", "kind"),
    [
        ("work", "Acme", "Acme", "a string"),
        ("education", {}, "{}", "an object"),
        ("skills", {"name": "Python"}, '{"name": "Python"}', "an object"),
        ("work", "x" * 5000, "x" * 1000, "a string"),
    ],
)
def test_a_section_of_the_wrong_type_sets_aside_its_own_value_not_the_document(section, value, shown, kind):
    row = ResumeNormaliser()(_json_resume(**{section: value}))
    assert [(e["field"], e["value"]) for e in row["value_errors"]] == [(section, shown)]
    assert row["value_errors"][0]["reason"] == f"{section} must be a list (a JSON array), got {kind}"
    # the rest of the resume is kept
    assert row["resume_id"] == "cand-17" and row["title"] == "Senior Data Scientist"
    assert row["education_raw"] == ([] if section == "education" else ["M.Sc in Statistics"])
    assert ("Senior Data Scientist" in row["positions"]) == (section != "work")


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


def test_a_file_whose_columns_are_no_resume_field_names_them_and_the_mapping_file():
    rejected = ResumeNormaliser()({"cand": "7", "cv_body": "Nurse on a surgical ward"})
    assert isinstance(rejected, Rejection)
    assert "(columns: 'cand', 'cv_body')" in rejected.reason and "column_mappings.toml" in rejected.reason
    # a structured file with its columns known but empty in this row keeps the plain reason
    for row in ({"career_objective": "", "skills": "[]"}, {"languages": "[]"}):
        empty = ResumeNormaliser()(row)
        assert isinstance(empty, Rejection)
        assert empty.reason == "missing required field: no text column and no structured content"


def test_a_stated_title_without_a_letter_gives_way_to_the_next_one():
    row = ResumeNormaliser()(
        {"Title": "\u200b\u200b", "Category": "Welding", "Resume": "Pipe welder, TIG and MIG\n"}
    )
    assert (row["title"], row["title_source"]) == ("Welding", "category")
    assert ResumeNormaliser()({"Title": "#1", "Resume": "Pipe welder\n"})["title"] is None


def test_declared_column_mapping():
    row = ResumeNormaliser({"text": "cv_body", "title": "current_role"})(
        {"cv_body": "Nurse for 5 years", "current_role": "RN"}
    )
    assert row["title"] == "RN" and row["text"] == "Nurse for 5 years"


def test_a_declared_column_missing_from_a_header_stops_the_file_but_not_a_json_record():
    declared = {"text": "cv_body", "title": "current_role"}
    with pytest.raises(FileUnreadable, match=r"declared column\(s\) \['current_role'\] not in the header"):
        ResumeNormaliser(declared)({"cv_body": "Nurse"})
    records = ResumeNormaliser(declared, headed=False)
    first = records({"cv_body": "Nurse for 5 years"})
    assert first["text"] == "Nurse for 5 years" and first["title"] is None
    assert records({"cv_body": "Welder", "current_role": "Welder"})["title"] == "Welder"


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


def test_a_resume_s_location_is_where_its_person_works_never_the_street_address():
    located = {"city": "Pune", "region": "Maharashtra", "countryCode": "IN", "address": "12 Hill Road"}
    row = ResumeNormaliser()(_json_resume(basics={"label": "Data Scientist", "location": located}))
    assert row["location"] == "Pune, Maharashtra, IN"
    assert ResumeNormaliser()(_json_resume(basics={"location": "Austin, TX"}))["location"] == "Austin, TX"
    assert ResumeNormaliser()(_json_resume())["location"] is None
    # per-position locations: the latest position's (the current job, not the one listed first)
    structured = {
        "career_objective": "Accountant.",
        "positions": "['Staff Accountant', 'Senior Accountant']",
        "start_dates": "['Jan 2015', 'Feb 2018']",
        "end_dates": "['Jan 2018', 'Current']",
        "locations": "['Boise, ID', 'Denver, CO']",
    }
    assert ResumeNormaliser()(structured)["location"] == "Denver, CO"
    assert ResumeNormaliser()({**structured, "locations": "['N/A', 'N/A']"})["location"] is None
    text = {"resume_text": "Nurse with ten years on the ward.", "location": "Leeds, United Kingdom"}
    assert ResumeNormaliser()(text)["location"] == "Leeds, United Kingdom"


def _structured(**overrides):
    record = {
        "career_objective": "Accountant with seven years.",
        "skills": "['Excel']",
        "positions": "['Accountant']",
        "start_dates": "['Jan 2019']",
        "end_dates": "['Till Date']",
    }
    return record | overrides


@pytest.mark.parametrize(
    ("skills", "names"),
    [
        ("Excel, SAP, Tally", ["Excel", "SAP", "Tally"]),
        ("Excel; SAP | Tally • C++", ["Excel", "SAP", "Tally", "C++"]),
        ("[None, 1, 'Excel']", ["Excel"]),
        ("['Excel', '2019', 'R']", ["Excel", "R"]),
        # a list literal's items are the names, commas and all
        ("['Accounts Payable, Receivable']", ["Accounts Payable, Receivable"]),
    ],
)
def test_a_structured_skills_cell_names_each_skill_once_and_only_skills(skills, names):
    assert ResumeNormaliser()(_structured(skills=skills))["skills_raw"] == names


def test_a_structured_position_that_ends_before_it_starts_keeps_its_dates_out_and_the_resume():
    row = ResumeNormaliser()(
        _structured(
            start_dates="['2010-05', '2015-01']",
            end_dates="['2009-01', '2016-01']",
            positions="['Clerk', 'Accountant']",
        )
    )
    assert (row["work_start_date"], row["work_end_date"]) == (dt.date(2015, 1, 1), dt.date(2016, 1, 1))
    assert [(e["field"], e["reason"]) for e in row["value_errors"]] == [
        ("end_dates[0]", "end date 2009-01-01 before start date 2010-05-01")
    ]


def test_a_json_resume_position_that_ends_before_it_starts_keeps_its_dates_out_and_the_resume():
    work = [{"position": "Pharmacist", "startDate": "2010-05", "endDate": "2009-01"}]
    row = ResumeNormaliser()(_json_resume(work=work))
    assert not isinstance(row, Rejection)
    assert (row["work_start_date"], row["work_end_date"]) == (None, None)
    assert [(e["field"], e["value"]) for e in row["value_errors"]] == [("work[0].endDate", "2009-01")]
