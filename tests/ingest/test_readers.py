import gzip
import json
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipelines.ingest.readers import BadRecord, FileUnreadable, Limits, detect_encoding, read_records


def _half_gzip() -> bytes:
    data = gzip.compress(b"".join(f'{{"a": {i}}}\n'.encode() for i in range(5000)))
    return data[: len(data) // 2]


def _records(path: Path) -> list:
    return list(read_records(path))


def test_utf8_bom_header_is_cleaned(tmp_path: Path):
    path = tmp_path / "a.csv"
    path.write_bytes("\ufeffjob_position_name,text\nNurse,hello\n".encode())
    assert _records(path) == [(1, {"job_position_name": "Nurse", "text": "hello"})]


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("bom.csv", lambda t: t.encode("utf-16")),  # Excel's "Unicode Text"
        ("le.csv", lambda t: t.encode("utf-16-le")),  # no byte-order mark (bcp -w, some databases)
        ("be.csv", lambda t: t.encode("utf-16-be")),
        ("le.csv.gz", lambda t: gzip.compress(t.encode("utf-16-le"))),
        ("latin1.csv", lambda t: t.encode("latin-1")),
        ("utf8.csv.gz", lambda t: gzip.compress(t.encode("utf-8"))),
    ],
)
def test_utf16_latin1_and_gzip_exports_read_as_written(tmp_path: Path, name, encode):
    path = tmp_path / name
    path.write_bytes(encode("title,text\nCaf\u00e9 manager,Na\u00efve menus\n"))
    assert _records(path) == [(1, {"title": "Caf\u00e9 manager", "text": "Na\u00efve menus"})]


def test_a_nul_byte_outside_utf16_text_is_binary(tmp_path: Path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"title,text\nNurse,ICU\x00ward\n" * 3)
    with pytest.raises(FileUnreadable, match=r"binary content \(a NUL byte at byte 20\)"):
        _records(path)


def test_cp1252_file_is_decoded(tmp_path: Path):
    path = tmp_path / "legacy.csv"
    path.write_bytes("title,text\nCaf\u00e9 manager,Smart \u201cquotes\u201d\n".encode("cp1252"))
    assert detect_encoding(path) == "cp1252"
    assert _records(path) == [(1, {"title": "Café manager", "text": "Smart “quotes”"})]


def test_ragged_csv_row_is_a_bad_record_with_its_position(tmp_path: Path):
    path = tmp_path / "a.csv"
    path.write_text("a,b\n1,2\n3,4,5\n6,7\n")
    records = _records(path)
    assert [p for p, _ in records] == [1, 2, 3]
    assert isinstance(records[1][1], BadRecord)
    assert "3 fields" in records[1][1].reason


def test_malformed_json_line_is_a_bad_record(tmp_path: Path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"a": 1}\n{"a": \n[1, 2]\n{"a": 3}\n')
    records = _records(path)
    assert [p for p, _ in records] == [1, 2, 3, 4]
    assert isinstance(records[1][1], BadRecord) and "malformed JSON" in records[1][1].reason
    assert isinstance(records[2][1], BadRecord) and "expected a JSON object" in records[2][1].reason
    assert records[3] == (4, {"a": 3})


def test_json_ld_graph_and_arrays(tmp_path: Path):
    path = tmp_path / "a.json"
    path.write_text(
        json.dumps({"@context": "https://schema.org", "@graph": [{"title": "x"}, {"title": "y"}]})
    )
    assert _records(path) == [(1, {"title": "x"}), (2, {"title": "y"})]


def test_gzipped_jsonl_is_read(tmp_path: Path):
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"a": 1}\n{"a": 2}\n'))
    assert _records(path) == [(1, {"a": 1}), (2, {"a": 2})]


def test_utf16_without_a_bom_cut_inside_a_character_or_at_an_odd_byte_is_read(tmp_path: Path):
    """An emoji across the 64 KiB sample refused the file as binary; an odd last byte made it
    unreadable after its good rows."""
    rows = "".join(f"Baker {i},ok\n" for i in range(6000))  # past 64 KiB in UTF-16
    head = "title,note\n"
    pad = (1 << 16) // 2 - len(head) - 1  # the emoji's surrogate pair straddles byte 65,536
    text = head + "x" * pad + "\U0001f600,ok\n" + rows
    straddling = tmp_path / "straddle.csv"
    straddling.write_bytes(text.encode("utf-16-le"))
    assert len(_records(straddling)) == 6001
    odd = tmp_path / "odd.csv"
    odd.write_bytes("title,note\nBaker,ok\nCook,ok\n".encode("utf-16-le") + b"\n")
    read = _records(odd)
    assert [r["title"] for _, r in read[:2]] == ["Baker", "Cook"]
    assert isinstance(read[2][1], BadRecord)  # the stray byte, quarantined as a row of its own


def test_a_gzip_stream_is_read_whatever_its_name(tmp_path: Path):
    """Downloads and exports drop the .gz: it was refused as binary content (a NUL byte at byte 3)."""
    path = tmp_path / "postings.csv"
    path.write_bytes(gzip.compress(b"title,salary\nBaker,$40000\n"))
    assert _records(path) == [(1, {"title": "Baker", "salary": "$40000"})]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("truncated.jsonl.gz", _half_gzip(), "truncated"),
        ("export.csv", b"PK\x03\x04\x14\x00\x00\x00", "a ZIP archive, not a text file: unpack it"),
        ("export.jsonl", b"BZh91AY&SY", "bzip2-compressed, not a text file"),
        ("export.csv", b"\xfd7zXZ\x00\x00", "xz-compressed, not a text file"),
        ("garbage.csv", bytes(range(256)) * 10, "binary content"),
        ("resume.docx", b"PK\x03\x04", "unsupported file type"),
        ("broken.json", b'{"title": "x", ', "malformed JSON"),
        ("broken.parquet", b"PAR1 not really", "not a readable Parquet file"),
        ("broken.xlsx", b"not a zip", "not a readable xlsx workbook"),
    ],
)
def test_unreadable_files_raise_with_a_reason(tmp_path: Path, name: str, content: bytes, message: str):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FileUnreadable, match=message):
        _records(path)


def test_parquet_rows_stream_in_order(tmp_path: Path):
    path = tmp_path / "a.parquet"
    pq.write_table(pa.table({"id": ["a", "b", "c"], "n": [1, 2, 3]}), path, row_group_size=2)
    assert _records(path) == [(1, {"id": "a", "n": 1}), (2, {"id": "b", "n": 2}), (3, {"id": "c", "n": 3})]


@pytest.mark.parametrize("delimiter", [";", "|", "\t"])
def test_a_csv_is_split_by_the_delimiter_its_header_uses(tmp_path: Path, delimiter: str):
    path = tmp_path / "export.csv"
    path.write_text(f'Job Title{delimiter}Salary\n"Analyst, Data"{delimiter}"$50,000"\n')
    assert _records(path) == [(1, {"Job Title": "Analyst, Data", "Salary": "$50,000"})]


def test_a_comma_inside_a_quoted_header_does_not_decide_the_delimiter(tmp_path: Path):
    path = tmp_path / "export.csv"
    path.write_text('"Title; as written",text\nNurse,care\n')
    assert _records(path) == [(1, {"Title; as written": "Nurse", "text": "care"})]


def test_a_txt_file_is_a_table_when_tab_separated_else_one_document(tmp_path: Path):
    table = tmp_path / "Occupation Data.txt"
    table.write_text('O*NET-SOC Code\tTitle\n15-2051.00\tData "Scientists"\n')
    prose = tmp_path / "jane_doe.txt"
    prose.write_text("Jane Doe\nSenior Accountant, GAAP, audits\n")
    assert _records(table) == [(1, {"O*NET-SOC Code": "15-2051.00", "Title": 'Data "Scientists"'})]
    assert _records(prose) == [(1, {"text": "Jane Doe\nSenior Accountant, GAAP, audits\n"})]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "empty file (0 bytes)"),
        ("empty.txt", b"", "empty file (0 bytes)"),
        ("blank.txt", b"\n  \n", "only whitespace"),
        ("empty.jsonl", b"", "empty file (0 bytes)"),
        ("empty.parquet", b"", "empty file (0 bytes)"),
        ("empty.csv.gz", gzip.compress(b""), "empty file (0 bytes)"),
    ],
)
def test_an_empty_file_is_unreadable_with_the_reason(tmp_path: Path, name: str, content: bytes, message: str):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FileUnreadable, match=re.escape(message)):
        _records(path)


def test_a_csv_with_a_header_and_no_rows_has_no_records(tmp_path: Path):
    path = tmp_path / "header_only.csv"
    path.write_text("Category,Resume\n")
    assert _records(path) == []


def test_json_nested_a_thousand_levels_is_a_bad_record_or_file_not_a_crash(tmp_path: Path):
    deep = "[" * 1000 + "]" * 1000
    document = tmp_path / "deep.json"
    document.write_text(deep)
    with pytest.raises(FileUnreadable, match="nested more than 64 levels"):
        _records(document)
    lines = tmp_path / "deep.jsonl"
    lines.write_text('{"a": 1}\n{"work": ' + deep + "}\n" + '{"a": 3}\n')
    records = _records(lines)
    assert records[0] == (1, {"a": 1}) and records[2] == (3, {"a": 3})
    assert isinstance(records[1][1], BadRecord) and "nested more than 64 levels" in records[1][1].reason


def test_a_nul_byte_after_the_first_mebibyte_is_binary_content(tmp_path: Path):
    path = tmp_path / "resumes.csv"
    path.write_bytes(b"Resume\n" + b"Nurse with ICU experience\n" * 60_000 + b"x\x00y\n")
    assert path.stat().st_size > 1 << 20
    with pytest.raises(FileUnreadable, match=r"NUL byte at byte 1,560,008"):
        _records(path)


def test_a_gzip_bomb_stops_at_the_decompressed_file_limit(tmp_path: Path):
    path = tmp_path / "resume.txt.gz"
    path.write_bytes(gzip.compress(b"A" * 50_000_000, compresslevel=9))
    assert path.stat().st_size < 100_000
    with pytest.raises(FileUnreadable, match="more than 10,000,000 bytes once decompressed"):
        list(read_records(path, Limits(max_file_bytes=10_000_000)))


def test_a_record_past_the_record_limit_is_refused_with_its_size(tmp_path: Path):
    limits = Limits(max_record_bytes=1_000)
    text = tmp_path / "resume.txt.gz"
    text.write_bytes(gzip.compress(b"Welder " * 100_000))
    ((position, record),) = list(read_records(text, limits))
    assert (
        position == 1 and isinstance(record, BadRecord) and "larger than the limit of 1,000" in record.reason
    )
    table = tmp_path / "resumes.csv"
    table.write_text("Category,Resume\nWelding,short\nWelding," + "long " * 500 + "\nNursing,also short\n")
    records = list(read_records(table, limits))
    assert [type(r).__name__ for _, r in records] == ["dict", "BadRecord", "dict"]
    assert "record of 2,509 bytes" in records[1][1].reason
    lines = tmp_path / "postings.jsonl"
    lines.write_text('{"title": "a"}\n' + json.dumps({"title": "b", "description": "x" * 2_000}) + "\n")
    assert [type(r).__name__ for _, r in read_records(lines, limits)] == ["dict", "BadRecord"]


def test_an_unclosed_quote_does_not_silently_merge_two_resumes(tmp_path: Path):
    path = tmp_path / "resumes.csv"
    path.write_text(
        "id,Category,Resume\n"
        '1,Data Science,"Skills: Python, SQL\n'  # the closing quote is missing
        '2,HR,"Recruiter with five years in tech hiring"\n'
        '3,Sales,"Account executive, B2B software"\n'
    )
    records = _records(path)
    assert isinstance(records[0][1], BadRecord)
    assert "spanning 2 lines" in records[0][1].reason and "unclosed quote" in records[0][1].reason
    # both resumes are in the quarantined raw text; the next row reads as it should
    assert "Skills: Python" in records[0][1].raw and "Recruiter" in records[0][1].raw
    assert records[1] == (2, {"id": "3", "Category": "Sales", "Resume": "Account executive, B2B software"})


def test_an_unclosed_quote_at_the_end_of_a_file_is_a_bad_record(tmp_path: Path):
    path = tmp_path / "resumes.csv"
    path.write_text('Category,Resume\nHR,"Recruiter\nwith five years\n')
    ((_, record),) = _records(path)
    assert isinstance(record, BadRecord) and "unexpected end of data" in record.reason


SAVED_PAGE = """<!DOCTYPE html>
<html><head><title>Registered Nurse - ACME Health careers</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Organization", "name": "ACME"}</script>
<script type='application/ld+json'>
<!--
{
  "@context": "https://schema.org",
  "@graph": [
    {"@type": "BreadcrumbList", "itemListElement": []},
    {"@type": "JobPosting",
     "title": "Registered Nurse",
     "description": "<p>Care for patients.
Night shifts two weeks a month.</p>",
     "hiringOrganization": {"@type": "Organization", "name": "ACME Health"},
     "datePosted": "2026-03-02",
    },
  ]
}
-->
</script>
<SCRIPT TYPE="application/ld+json">{"@type": "JobPosting", "title": "Ward Clerk", "description": "Admin", }</SCRIPT>
<script type="application/ld+json">{"@type": "JobPosting", "title": </script>
</head><body>...</body></html>"""


def test_job_postings_in_the_json_ld_of_a_saved_page(tmp_path: Path):
    path = tmp_path / "acme-nurse.html"
    path.write_text(SAVED_PAGE)
    records = _records(path)
    assert [p for p, _ in records] == [1, 2, 3]
    nurse, clerk, broken = (r for _, r in records)
    assert nurse["title"] == "Registered Nurse" and "Night shifts" in nurse["description"]
    assert nurse["hiringOrganization"]["name"] == "ACME Health"
    assert clerk == {"@type": "JobPosting", "title": "Ward Clerk", "description": "Admin"}
    assert isinstance(broken, BadRecord) and "malformed JSON-LD" in broken.reason


def test_a_saved_page_without_a_job_posting_is_unreadable(tmp_path: Path):
    path = tmp_path / "about.htm"
    path.write_text('<html><script type="application/ld+json">{"@type": "WebSite"}</script></html>')
    with pytest.raises(FileUnreadable, match=r"no schema.org JobPosting in the page \(1 JSON-LD block\)"):
        _records(path)


def test_excel_sep_line_names_the_delimiter(tmp_path: Path):
    path = tmp_path / "excel.csv"
    path.write_text("sep=;\ntitle;salary\nWelder, TIG;45,50\n", encoding="utf-8")
    assert _records(path) == [(1, {"title": "Welder, TIG", "salary": "45,50"})]


def test_a_repeated_column_name_keeps_the_first_column_for_that_name(tmp_path: Path):
    path = tmp_path / "dup.csv"
    path.write_text("Job Title,Job Title,text\nMarketing Manager,Ignore Me,t\n", encoding="utf-8")
    assert _records(path) == [
        (1, {"Job Title": "Marketing Manager", "Job Title.1": "Ignore Me", "text": "t"})
    ]


def test_the_header_row_again_is_a_bad_record_not_a_record_of_column_names(tmp_path: Path):
    path = tmp_path / "joined.csv"
    path.write_text("title,text\nNurse,a\ntitle,text\nCook,b\n", encoding="utf-8")
    records = _records(path)
    assert [r for _, r in records if not isinstance(r, BadRecord)] == [
        {"title": "Nurse", "text": "a"},
        {"title": "Cook", "text": "b"},
    ]
    ((position, bad),) = [(p, r) for p, r in records if isinstance(r, BadRecord)]
    assert position == 2 and bad.reason.startswith("the header row again")


def _workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_a_workbook_is_read_from_its_first_table_across_the_sheets_with_its_header(tmp_path: Path):
    path = _workbook(
        tmp_path / "export.xlsx",
        {
            "Notes": [["Exported from the ATS on 2026-11-30"], ["One posting a row"]],
            "Jobs": [["title", "text"], ["Nurse", "ICU"], [None, None], ["Cook", "Grill"]],
            "Jobs (2)": [["title", "text"], ["Librarian", "Archive"], ["title", "text"]],
            "Fields": [["field", "meaning"], ["title", "the job's title"]],
        },
    )
    records = _records(path)
    assert [(p, r) for p, r in records if not isinstance(r, BadRecord)] == [
        (1, {"title": "Nurse", "text": "ICU"}),
        (3, {"title": "Cook", "text": "Grill"}),
        (4, {"title": "Librarian", "text": "Archive"}),
    ]
    assert [(p, r.reason[:20]) for p, r in records if isinstance(r, BadRecord)] == [
        (5, "the header row again")
    ]


def test_a_one_column_sheet_is_a_table_where_no_sheet_holds_a_wider_one(tmp_path: Path):
    """A list of titles in one column was refused: "no sheet holds a table"."""
    path = _workbook(tmp_path / "titles.xlsx", {"Titles": [["Job Title"], ["Nurse"], [None], ["Cook"]]})
    assert _records(path) == [(1, {"Job Title": "Nurse"}), (3, {"Job Title": "Cook"})]
    # beside a wider table, a one-column sheet is notes
    path = _workbook(
        tmp_path / "both.xlsx",
        {"Notes": [["Read me"], ["One posting a row"]], "Jobs": [["title", "text"], ["Nurse", "ICU"]]},
    )
    assert _records(path) == [(1, {"title": "Nurse", "text": "ICU"})]


def test_a_workbook_without_a_table_is_unreadable(tmp_path: Path):
    path = _workbook(tmp_path / "notes.xlsx", {"Notes": [["only a note"]], "Empty": []})
    with pytest.raises(FileUnreadable, match="no sheet holds a table"):
        _records(path)


def test_a_malformed_column_mappings_file_is_named_at_the_root_of_the_error(tmp_path: Path):
    from pipelines.ingest.columns import load_declared_mappings

    (tmp_path / "column_mappings.toml").write_text('[[mapping]]\nfiles = "postings/*.csv\n')
    with pytest.raises(ValueError, match=r"column_mappings\.toml: invalid TOML") as caught:
        load_declared_mappings(tmp_path)
    # a failed build reports the root of the chain (pipelines/instance.py run_errors)
    assert caught.value.__cause__ is None and str(tmp_path) in str(caught.value)


def test_random_bytes_without_a_nul_are_binary_not_a_csv(tmp_path: Path):
    import random

    noise = bytes(b for b in random.Random(7).randbytes(6000) if b)[:3000]
    path = tmp_path / "junk.csv"
    path.write_bytes(noise)
    with pytest.raises(FileUnreadable, match=r"binary content \(\d+ control bytes in its first 3,000\)"):
        _records(path)
    # text with a stray control byte or two (a form feed, a DOS end-of-file mark, one BEL) is text
    path.write_bytes(b"title,text\nNurse,ICU \x07ward\x0c\n\x1a")
    assert _records(path)[0] == (1, {"title": "Nurse", "text": "ICU \x07ward\x0c"})


def test_a_continuation_sheet_widened_by_a_note_is_read_and_a_hidden_sheet_is_not(tmp_path: Path):
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    jan = book.create_sheet("Jan")
    for row in (["title", "text"], ["Nurse", "ICU"]):
        jan.append(row)
    feb = book.create_sheet("Feb")
    for row in (["title", "text"], ["Chef", "Grill"]):
        feb.append(row)
    feb["E10"] = "checked by HR"  # pads every row of the sheet to five cells
    old = book.create_sheet("Old copy")
    for row in (["title", "text"], ["Clerk", "Filing"]):
        old.append(row)
    old.sheet_state = "hidden"
    book.save(tmp_path / "months.xlsx")
    records = [r for _, r in _records(tmp_path / "months.xlsx")]
    # the note's own row has no title: the normaliser quarantines it as any record without one
    assert [r["title"] for r in records] == ["Nurse", "Chef", ""]


def test_vertical_tabs_and_escapes_in_cells_are_text(tmp_path: Path):
    path = tmp_path / "ats.csv"
    rows = "".join(f"Nurse {i},line one\x0bline two\x0bline three \x1b[1mbold\x1b[0m\n" for i in range(5))
    path.write_bytes(("title,text\n" + rows).encode())
    assert len(_records(path)) == 5


def test_group_labels_over_merged_cells_are_passed_over_for_the_header_below(tmp_path: Path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Job", None, None, "Pay", None])
    sheet.merge_cells("A1:C1")
    sheet.merge_cells("D1:E1")
    sheet.append(["Job Title", "Job Description", "Company Name", "Salary Estimate", "Date Posted"])
    sheet.append(["Data Analyst", "SQL and Tableau.", "Contoso", "$60K-$80K", 46000])
    book.save(tmp_path / "merged.xlsx")
    assert _records(tmp_path / "merged.xlsx") == [
        (
            1,
            {
                "Job Title": "Data Analyst",
                "Job Description": "SQL and Tableau.",
                "Company Name": "Contoso",
                "Salary Estimate": "$60K-$80K",
                "Date Posted": 46000,
            },
        )
    ]
    # a header with an unnamed column stays the header: the row below names no known column
    path = _workbook(
        tmp_path / "gap.xlsx",
        {"Jobs": [["title", "description", None, "salary"], ["Nurse", "Ward care", "x", "$50K"]]},
    )
    assert _records(path) == [(1, {"title": "Nurse", "description": "Ward care", "salary": "$50K"})]


def test_records_an_object_only_wraps_are_read_as_records(tmp_path: Path):
    path = tmp_path / "api.json"
    jobs = [{"title": "Nurse", "description": "Ward care"}, {"title": "Welder", "description": "TIG"}]
    path.write_text(json.dumps({"count": 2, "next": None, "results": jobs}))
    assert _records(path) == [(1, jobs[0]), (2, jobs[1])]
    path.write_text(json.dumps({"data": {"jobs": jobs, "page": 1}}))
    assert _records(path) == [(1, jobs[0]), (2, jobs[1])]
    # a response's own scalars may share a field's column name ("type" is an employment type's)
    path.write_text(json.dumps({"type": "search", "results": jobs}))
    assert _records(path) == [(1, jobs[0]), (2, jobs[1])]
    posting = {"title": "Baker", "type": "full time", "items": [{"name": "oven"}]}
    path.write_text(json.dumps(posting))
    assert _records(path) == [(1, posting)]
    # an object with a field of its own is a record, whatever arrays it holds
    resume = {"basics": {"label": "Nurse"}, "skills": ["Triage"], "items": [{"name": "x"}]}
    path.write_text(json.dumps(resume))
    assert _records(path) == [(1, resume)]
