"""The house rules of the code's shape, and the README's project layout as the tree has it: a package
or module added, removed or renamed without its line in the README fails here."""

import re
import subprocess
from pathlib import Path

import pytest

from pipelines import PROJECT_ROOT

MAX_MODULES = 8  # per package, its (empty) __init__.py aside
MAX_LINES = 450
PIPELINES = PROJECT_ROOT / "pipelines"


def _layout_block() -> dict[str, str]:
    """The README's layout block: each entry's path column -> its description (continuation lines
    joined)."""
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Project layout", 1)[1].split("\n## ", 1)[0]
    block = section.split("```\n", 2)[1]
    entries: dict[str, str] = {}
    last = ""
    for line in block.splitlines():
        path, text = line[:27].strip(), line[27:].strip()
        if path:
            last = path
            entries[last] = text
        else:
            entries[last] += " " + text
    return entries


def _packages() -> list[Path]:
    return sorted(p.parent for p in PIPELINES.glob("*/__init__.py"))


def test_no_package_over_eight_modules_and_no_module_over_450_lines():
    for package in _packages():
        modules = [p for p in package.glob("*.py") if p.name != "__init__.py"]
        assert len(modules) <= MAX_MODULES, f"{package.name} has {len(modules)} modules"
    for module in PIPELINES.rglob("*.py"):
        lines = len(module.read_text(encoding="utf-8").splitlines())
        assert lines <= MAX_LINES, f"{module.relative_to(PROJECT_ROOT)} has {lines} lines"


def test_the_readme_layout_names_every_package_and_module_and_nothing_else():
    entries = _layout_block()
    listed_packages = {p for p in entries if re.fullmatch(r"pipelines/\w+/", p)}
    assert listed_packages == {f"pipelines/{p.name}/" for p in _packages()}
    listed_modules = {p for p in entries if re.fullmatch(r"pipelines/\w+\.py", p)}
    top_level = {f"pipelines/{p.name}" for p in PIPELINES.glob("*.py") if p.name != "__init__.py"}
    assert listed_modules == top_level
    for package in _packages():
        words = set(re.findall(r"\w+", entries[f"pipelines/{package.name}/"]))
        for module in package.glob("*.py"):
            if module.name != "__init__.py":
                assert module.stem in words, f"README layout does not name {package.name}/{module.name}"


def test_every_path_the_readme_layout_names_exists_and_every_tracked_top_level_entry_is_named():
    named = set()
    for entry in _layout_block():
        for path in (p.strip() for p in entry.split(",")):
            if "<" not in path:
                assert (PROJECT_ROOT / path).exists(), f"README layout names {path}, not in the tree"
            named.add(path.split("/")[0])
    listing = subprocess.run(["git", "ls-files"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    if listing.returncode != 0:
        pytest.skip(f"not a git checkout, no tracked files to compare: {listing.stderr.strip()}")
    tracked = listing.stdout.splitlines()
    top = {t.split("/")[0] for t in tracked} - {"README.md", ".gitignore"}
    assert top <= named, f"top-level entries the README layout does not name: {sorted(top - named)}"
