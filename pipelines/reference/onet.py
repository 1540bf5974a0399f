"""The O*NET database text release files the pipeline reads, under their official names, and the BLS
SOC 2018 Direct Match Title File."""

from __future__ import annotations

from pipelines.reference.values import (
    Column,
    ReleaseFile,
    cell,
    flag,
    integer,
    marked,
    number,
    onet_code,
    required_text,
    soc_code,
)

_CODE = Column("O*NET-SOC Code", "occupation_code", onet_code)
_DATE = Column("Date", "date", cell)
_DOMAIN = Column("Domain Source", "domain_source", cell)
# how O*NET publishes a rated estimate (education levels, work style importance)
_ESTIMATE = (
    Column("Data Value", "data_value", number),
    Column("N", "n", integer),
    Column("Standard Error", "standard_error", number),
    Column("Lower CI Bound", "lower_ci", number),
    Column("Upper CI Bound", "upper_ci", number),
    Column("Recommend Suppress", "recommend_suppress", flag),
    _DATE,
    _DOMAIN,
)

ONET_FILES: tuple[ReleaseFile, ...] = (
    ReleaseFile(
        "onet",
        ("Occupation Data.txt",),
        "onet_occupations",
        (_CODE, Column("Title", "title", required_text), Column("Description", "description", cell)),
    ),
    ReleaseFile(
        "onet",
        ("Alternate Titles.txt",),
        "onet_alternate_titles",
        (
            _CODE,
            Column("Alternate Title", "alternate_title", required_text),
            Column("Short Title", "short_title", cell),
            Column("Source(s)", "sources", cell),
        ),
    ),
    ReleaseFile(
        "onet",
        ("Technology Skills.txt",),
        "onet_technology_skills",
        (
            _CODE,
            Column("Example", "example", required_text),
            Column("Commodity Code", "commodity_code", integer),
            Column("Commodity Title", "commodity_title", cell),
            Column("Hot Technology", "hot_technology", flag),
            Column("In Demand", "in_demand", flag),
        ),
    ),
    ReleaseFile(
        "onet",
        ("Education, Training, and Experience.txt",),
        "onet_education",
        (
            _CODE,
            Column("Element ID", "element_id", required_text),
            Column("Element Name", "element_name", cell),
            Column("Scale ID", "scale_id", required_text),
            Column("Category", "category", integer),
            *_ESTIMATE,
        ),
    ),
    ReleaseFile(
        "onet",
        ("Education, Training, and Experience Categories.txt",),
        "onet_education_categories",
        (
            Column("Element ID", "element_id", required_text),
            Column("Element Name", "element_name", cell),
            Column("Scale ID", "scale_id", required_text),
            Column("Category", "category", integer),
            Column("Category Description", "category_description", cell),
        ),
    ),
    ReleaseFile(
        "onet",
        ("Job Zones.txt",),
        "onet_job_zones",
        (_CODE, Column("Job Zone", "job_zone", integer), _DATE, _DOMAIN),
    ),
    ReleaseFile(
        "onet",
        ("Task Statements.txt",),
        "onet_task_statements",
        (
            _CODE,
            Column("Task ID", "task_id", integer),
            Column("Task", "task", required_text),
            Column("Task Type", "task_type", cell),
            Column("Incumbents Responding", "incumbents_responding", integer),
            _DATE,
            _DOMAIN,
        ),
    ),
    ReleaseFile(
        "onet",
        ("Sample of Reported Titles.txt",),
        "onet_reported_titles",
        (
            _CODE,
            Column("Reported Job Title", "reported_title", required_text),
            Column("Shown in My Next Move", "shown_in_my_next_move", flag),
        ),
    ),
    ReleaseFile(
        "onet",
        ("Tools Used.txt",),
        "onet_tools",
        (
            _CODE,
            Column("Example", "example", required_text),
            Column("Commodity Code", "commodity_code", integer),
            Column("Commodity Title", "commodity_title", cell),
        ),
    ),
    ReleaseFile(
        "onet",
        ("Work Styles.txt",),
        "onet_work_styles",
        (
            _CODE,
            Column("Element ID", "element_id", required_text),
            Column("Element Name", "element_name", required_text),
            Column("Scale ID", "scale_id", required_text),
            *_ESTIMATE,
        ),
    ),
    ReleaseFile(
        "onet",
        ("Related Occupations.txt",),
        "onet_related_occupations",
        (
            _CODE,
            Column("Related O*NET-SOC Code", "related_code", onet_code),
            Column("Relatedness Tier", "relatedness_tier", required_text),
            Column("Index", "related_index", integer),
        ),
    ),
    ReleaseFile(
        "onet",
        ("Emerging Tasks.txt",),
        "onet_emerging_tasks",
        (
            _CODE,
            Column("Task", "task", required_text),
            Column("Category", "category", required_text),
            Column("Original Task ID", "original_task_id", integer),
            Column("Original Task", "original_task", cell),
            _DATE,
            _DOMAIN,
        ),
    ),
)


# BLS publishes the file as xlsx; a CSV export of it reads the same.
SOC_DIRECT_MATCH = ReleaseFile(
    "soc",
    ("soc_2018_direct_match_title_file.xlsx", "soc_2018_direct_match_title_file.csv"),
    "soc_direct_match_titles",
    (
        Column("2018 SOC Code", "soc_code", soc_code),
        Column("2018 SOC Title", "soc_title", required_text),
        Column("2018 SOC Direct Match Title", "direct_match_title", required_text),
        Column("Illustrative Example", "illustrative_example", marked),
    ),
)
RELEASE_FILES: tuple[ReleaseFile, ...] = (*ONET_FILES, SOC_DIRECT_MATCH)
