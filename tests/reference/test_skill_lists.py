"""Skill lists under raw/skills/: every form a list is saved in, and files or items that hold none."""

import gzip
import json
from pathlib import Path

import polars as pl
import pytest

from pipelines.ingest.loop import Found
from pipelines.ingest.readers import FileUnreadable, Limits
from pipelines.reference.skill_lists import read_list_file, read_skill_list


@pytest.mark.parametrize(
    ("name", "content", "names"),
    [
        ("a.json", json.dumps(["python", "  ", None, "sql"]), ["python", "sql"]),
        ("object.json", json.dumps({"skills": ["dbt", "Airflow"], "source": "team"}), ["dbt", "Airflow"]),
        ("groups.json", json.dumps({"data": {"tools": ["dbt"]}, "cloud": ["AWS"]}), ["dbt", "AWS"]),
        (
            "records.json",
            json.dumps([{"name": "Looker", "level": 3}, {"Skill Name": "Excel"}]),
            ["Looker", "Excel"],
        ),
        ("one.json", json.dumps({"name": "Tableau"}), ["Tableau"]),
        ("named.json", json.dumps({"name": "Team list", "skills": ["dbt"]}), ["dbt"]),
        ("b.csv", "skill,kind\nTableau,tool\n", ["Tableau"]),
        ("first.csv", "tool;kind\nTableau;bi\n\nExcel;sheet\n", ["Tableau", "Excel"]),
        ("lines.txt", "Python\n\n  SQL  \n", ["Python", "SQL"]),
        ("skills.list", "Python\nSQL\n", ["Python", "SQL"]),
        ("lines.jsonl", '"Python"\n{"name": "SQL"}\n', ["Python", "SQL"]),
    ],
)
def test_a_skill_list_in_every_form_it_is_saved_in(tmp_path: Path, name, content, names):
    (tmp_path / name).write_text(content, encoding="utf-8")
    assert read_skill_list(tmp_path / name) == names


def test_encodings_and_gzip_are_read_as_any_raw_file(tmp_path: Path):
    (tmp_path / "latin1.csv").write_bytes("skill\nCafé management\n".encode("latin-1"))
    (tmp_path / "utf16.txt").write_bytes("Mötley\nNaïve Bayes\n".encode("utf-16"))
    (tmp_path / "list.json.gz").write_bytes(gzip.compress(json.dumps(["Kafka"]).encode()))
    assert read_skill_list(tmp_path / "latin1.csv") == ["Café management"]
    assert read_skill_list(tmp_path / "utf16.txt") == ["Mötley", "Naïve Bayes"]
    assert read_skill_list(tmp_path / "list.json.gz") == ["Kafka"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            json.dumps({"version": 2, "owner": "hr"}),
            "a JSON object with no array in it (keys: 'version', 'owner')",
        ),
        (json.dumps("python"), "the JSON document is a string"),
        ('["python", ', "malformed JSON"),
        ("", "empty file"),
    ],
)
def test_a_file_with_no_list_in_it_is_unreadable_with_the_reason(tmp_path: Path, content, reason):
    path = tmp_path / "meta.json"
    path.write_text(content)
    with pytest.raises(FileUnreadable) as caught:
        read_skill_list(path)
    assert reason in str(caught.value)
    outcome, names, rejects = read_list_file(Found(path), "skills/meta.json", Limits())
    assert (outcome.status, names, rejects) == ("unreadable", [], []) and reason in str(outcome.reason)


def test_an_item_that_names_no_skill_is_a_rejected_record_and_the_file_reconciles(tmp_path: Path):
    path = tmp_path / "team.json"
    path.write_text(json.dumps({"skills": ["Kafka", 5, {"id": 3}, "", [1], "Spark"]}))
    outcome, names, rejects = read_list_file(Found(path), "skills/team.json", Limits())
    assert [(n["record_position"], n["skill"]) for n in names] == [(1, "Kafka"), (6, "Spark")]
    assert [(r["record_position"], r["reason"], r["raw_record"]) for r in rejects] == [
        (2, "not a skill name: a number", "5"),
        (3, "not a skill name: an object without a skill name", '{"id": 3}'),
        (5, "not a skill name: an array", "[1]"),
    ]
    # the blank item is no record, as a table's blank row
    assert (outcome.records_read, outcome.parsed, outcome.rejected) == (5, 2, 3)


def test_a_table_row_whose_skill_cell_is_empty_is_blank_never_its_first_cell(tmp_path: Path):
    """A Parquet or sheet cell left empty is null: the row's first cell (its category) was taken."""
    path = tmp_path / "team.parquet"
    pl.DataFrame({"category": ["Cloud", "Data", "BI"], "skill": [None, "Python", "Looker"]}).write_parquet(
        path
    )
    _, names, rejects = read_list_file(Found(path), "skills/team.parquet", Limits())
    assert [(n["record_position"], n["skill"]) for n in names] == [(2, "Python"), (3, "Looker")]
    assert rejects == []


def test_a_sheets_rows_keep_the_readers_positions(tmp_path: Path):
    """Items were counted by the step, so a rejection after a blank row named the wrong row."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in (["skill", "kind"], ["Python", "language"], [None, None], [42, "number"]):
        sheet.append(row)
    path = tmp_path / "d.xlsx"
    workbook.save(path)
    _, names, rejects = read_list_file(Found(path), "skills/d.xlsx", Limits())
    assert [(n["record_position"], n["skill"]) for n in names] == [(1, "Python")]
    assert [(r["record_position"], r["reason"]) for r in rejects] == [(3, "not a skill name: a number")]


def test_a_one_column_sheet_is_a_skill_list(tmp_path: Path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in (["Skill"], ["Python"], ["SQL"]):
        sheet.append(row)
    workbook.save(tmp_path / "skills.xlsx")
    assert read_skill_list(tmp_path / "skills.xlsx") == ["Python", "SQL"]
