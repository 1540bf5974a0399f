import re
from pathlib import Path

from pipelines.cli import main
from pipelines.sample.generate import generate


def test_build_prints_progress_summary_and_verdict(tmp_path: Path, capsys):
    raw = tmp_path / "raw"
    generate(raw, resumes=80, postings=60)
    code = main(["build", "--raw-dir", str(raw), "--warehouse", str(tmp_path / "w" / "x.duckdb")])
    out = capsys.readouterr().out
    assert code == 0
    assert "done  staging.resumes" in out
    assert "check pass  staging/resumes unique__resume_id" in out
    assert "staging.postings" in out and "quarantine.rejected_records" in out
    assert "4 rejected" in out
    checks = re.search(r"checks: (\d+) of (\d+) passed", out)
    assert checks and checks[1] == checks[2] and int(checks[1]) > 60
    assert "occupation pages: " in out and "reports/occupations/index.html" in out
    assert out.rstrip().endswith("verdict: OK")


def test_build_selection_runs_only_what_is_asked(tmp_path: Path, capsys):
    raw = tmp_path / "raw"
    generate(raw, resumes=20, postings=20)
    code = main(
        [
            "build",
            "--raw-dir",
            str(raw),
            "--warehouse",
            str(tmp_path / "x.duckdb"),
            "--select",
            "key:staging/onet_occupations",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "done  staging.onet_occupations" in out
    assert "staging.resumes" not in out


def test_build_with_missing_raw_dir_fails_clearly(tmp_path: Path, capsys):
    assert (
        main(["build", "--raw-dir", str(tmp_path / "nope"), "--warehouse", str(tmp_path / "x.duckdb")]) == 2
    )
    assert "does not exist" in capsys.readouterr().err
