"""The CLI: every failure ends with one line naming its root cause. The whole build's output is tested
in tests/test_publication.py."""

import argparse
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.cli import main, parser
from pipelines.sample.generate import generate


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    generate(tmp_path / "raw", resumes=20, postings=20)
    return tmp_path / "raw"


def _build(raw: Path, warehouse: Path, select: str) -> int:
    """``labourlens build`` of the assets ``select`` names."""
    return main(["build", "--raw-dir", str(raw), "--warehouse", str(warehouse), "--select", select])


def _cause(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return err[0]


def test_build_selection_runs_only_what_is_asked_and_publishes_it(raw: Path, tmp_path: Path, capsys):
    warehouse = tmp_path / "x.duckdb"
    code = _build(raw, warehouse, "key:staging/onet_occupations")
    out = capsys.readouterr().out
    assert code == 0
    assert "done  staging.onet_occupations" in out and "done  publish.warehouse" in out
    assert "staging.resumes" not in out
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute("select count(*) from staging.onet_occupations").fetchall()[0][0]
        assert rows > 0
    finally:
        con.close()
    assert "copied" not in out
    # again with nothing changed: the line says the table was copied, not computed
    assert _build(raw, warehouse, "key:staging/onet_occupations") == 0
    again = capsys.readouterr().out
    assert "done  staging.onet_occupations  (" in again
    assert f", copied from the published build, {rows:,} rows)" in again


def test_a_selection_that_matches_nothing_is_an_error_naming_what_exists(raw: Path, tmp_path: Path, capsys):
    code = _build(raw, tmp_path / "x.duckdb", "key:marts/nope")
    cause = _cause(capsys)
    assert code == 2
    assert cause.startswith("labourlens: --select 'key:marts/nope' matches no asset; groups: ")
    assert "marts/skill_prevalence" in cause and "staging" in cause
    assert _build(raw, tmp_path / "x.duckdb", "key:(") == 2
    assert "is not a valid asset selection" in _cause(capsys)
    assert not (tmp_path / "x.duckdb").exists()


def test_a_missing_raw_dir_fails_clearly(tmp_path: Path, capsys):
    assert (
        main(["build", "--raw-dir", str(tmp_path / "nope"), "--warehouse", str(tmp_path / "x.duckdb")]) == 2
    )
    assert _cause(capsys) == f"labourlens: raw directory {tmp_path / 'nope'} does not exist"


def test_an_empty_raw_dir_says_what_is_missing(tmp_path: Path, capsys):
    (tmp_path / "raw").mkdir()
    assert main(["build", "--raw-dir", str(tmp_path / "raw"), "--warehouse", str(tmp_path / "x.duckdb")]) == 2
    cause = _cause(capsys)
    assert "no resumes or postings in" in cause and "no O*NET release in" in cause


def test_a_raw_dir_without_reference_data_says_so(tmp_path: Path, capsys):
    generate(tmp_path / "raw", resumes=5, postings=5, reference=False)
    assert main(["build", "--raw-dir", str(tmp_path / "raw"), "--warehouse", str(tmp_path / "x.duckdb")]) == 2
    captured = capsys.readouterr()
    assert "no OEWS wages in" in captured.out and "no SOC direct match title file" in captured.out
    cause = captured.err.strip().splitlines()
    assert (
        len(cause) == 1
        and "no O*NET release in" in cause[0]
        and "labourlens fetch-reference onet" in cause[0]
    )


def test_an_unwritable_warehouse_path_is_named(raw: Path, tmp_path: Path, capsys):
    (tmp_path / "file").write_text("not a folder")
    assert main(["build", "--raw-dir", str(raw), "--warehouse", str(tmp_path / "file" / "x.duckdb")]) == 2
    cause = _cause(capsys)
    assert cause.startswith(f"labourlens: cannot write the warehouse {tmp_path / 'file' / 'x.duckdb'}: ")
    assert cause.endswith(f"{tmp_path / 'file'} is a file, not a folder")


def test_a_warehouse_held_read_write_by_another_process_names_its_pid(raw: Path, tmp_path: Path, capsys):
    warehouse = tmp_path / "x.duckdb"
    duckdb.connect(str(warehouse)).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('open', flush=True); time.sleep(120)",
            str(warehouse),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        started = time.monotonic()
        code = _build(raw, warehouse, "key:staging/soc_major_groups")
        took = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    cause = capsys.readouterr().err.strip().splitlines()[-1]
    assert code == 1 and took < 60
    report = (tmp_path / "reports" / "failed_build" / "index.html").read_text(encoding="utf-8")
    assert "Not published: 1 error" in report and f"PID {holder.pid}" in report
    assert cause.startswith(
        f"labourlens: {warehouse} is open read-write in another process (PID {holder.pid}"
    )


def test_version_and_help_on_every_option(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith("labourlens 0.")
    commands = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name in ("build", "sample", "fetch-reference", "instance"):
        for action in commands.choices[name]._actions:
            if not isinstance(action, argparse._HelpAction):
                assert action.help, f"{name} {action.dest} has no help"


def test_instance_prints_the_warehouse_s_own_dagster_home(tmp_path: Path, capsys):
    assert main(["instance", "--warehouse", str(tmp_path / "w.duckdb")]) == 0
    home = Path(capsys.readouterr().out.strip())
    assert home == tmp_path / "w.dagster"
    assert "enabled: false" in (home / "dagster.yaml").read_text()


def test_a_setting_that_cannot_be_used_is_one_line_and_no_traceback(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("LABOURLENS_BATCH_SIZE", "abc")
    assert main(["build", "--raw-dir", str(tmp_path), "--warehouse", str(tmp_path / "x.duckdb")]) == 2
    assert _cause(capsys) == "labourlens: LABOURLENS_BATCH_SIZE must be a whole number, got 'abc'"
    assert not (tmp_path / "x.duckdb").exists()
