import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipelines.ingest.readers import BadRecord, FileUnreadable, detect_encoding, read_records


def _half_gzip() -> bytes:
    data = gzip.compress(b"".join(f'{{"a": {i}}}\n'.encode() for i in range(5000)))
    return data[: len(data) // 2]


def _records(path: Path) -> list:
    return list(read_records(path))


def test_utf8_bom_header_is_cleaned(tmp_path: Path):
    path = tmp_path / "a.csv"
    path.write_bytes("\ufeffjob_position_name,text\nNurse,hello\n".encode())
    assert _records(path) == [(1, {"job_position_name": "Nurse", "text": "hello"})]


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


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("truncated.jsonl.gz", _half_gzip(), "truncated"),
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
    empty = tmp_path / "empty.txt"
    empty.write_text("\n  \n")
    assert _records(table) == [(1, {"O*NET-SOC Code": "15-2051.00", "Title": 'Data "Scientists"'})]
    assert _records(prose) == [(1, {"text": "Jane Doe\nSenior Accountant, GAAP, audits\n"})]
    assert _records(empty) == []


def test_an_empty_csv_has_no_records(tmp_path: Path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    assert _records(path) == []
