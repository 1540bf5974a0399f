import hashlib
from pathlib import Path

import pytest

from pipelines import PROJECT_ROOT
from pipelines.cli import main
from pipelines.sample.generate import generate


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_generator_is_deterministic(tmp_path: Path):
    generate(tmp_path / "a", resumes=120, postings=80)
    generate(tmp_path / "b", resumes=120, postings=80)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    generate(tmp_path / "c", resumes=120, postings=80, seed=7)
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")


def test_committed_sample_matches_the_generator(tmp_path: Path):
    """data/raw is what `make sample` writes; a drift means someone edited one without the other."""
    generate(tmp_path, resumes=2500, postings=2000)
    committed = PROJECT_ROOT / "data" / "raw"
    assert _digest(tmp_path) == {
        k: v for k, v in _digest(committed).items() if not k.startswith("column_mappings")
    }


def test_sample_command_sizes(tmp_path: Path, capsys):
    assert (
        main(
            [
                "sample",
                "--resumes",
                "1000",
                "--postings",
                "500",
                "--out",
                str(tmp_path),
                "--clean",
                "--no-reference",
            ]
        )
        == 0
    )
    assert "wrote 1,000 resumes and 500 postings" in capsys.readouterr().out
    assert not (tmp_path / "onet").exists()
    lines = (tmp_path / "resumes" / "json_resumes.jsonl").read_text().count("\n")
    assert lines == 250


def test_the_generator_never_writes_through_a_linked_folder(tmp_path: Path):
    release = tmp_path / "release"
    release.mkdir()
    (release / "Occupation Data.txt").write_text("the real release\n")
    out = tmp_path / "raw"
    out.mkdir()
    (out / "onet").symlink_to(release, target_is_directory=True)
    with pytest.raises(ValueError, match="onet is a symbolic link"):
        generate(out, resumes=5, postings=5)
    assert [p.name for p in release.iterdir()] == ["Occupation Data.txt"]
    assert (release / "Occupation Data.txt").read_text() == "the real release\n"
    # without its own reference the linked release is left alone and the documents are written
    generate(out, resumes=5, postings=5, reference=False)
    assert (out / "resumes").is_dir() and [p.name for p in release.iterdir()] == ["Occupation Data.txt"]
