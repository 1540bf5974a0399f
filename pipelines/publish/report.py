"""The validation report reviewers read: one self-contained HTML page (no CSS, script, font or image
from the network) rendered from audit.check_results, audit.file_reconciliation and quarantine, with the
errors of a build that failed without a failing check. A published build's report is published with
it; the report of a build that was not published goes to ``reports/failed_build/`` beside it and says so.
Its queries are in ``sql/report/``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from pipelines.publish.pages import environment
from pipelines.settings import Settings
from pipelines.warehouse.build import connect, table_exists
from pipelines.warehouse.contracts import sql_text
from pipelines.warehouse.publication import latest_build

TREND_RUNS = 10
REJECTION_REASONS = 100
# What a check's severity means for a build (every check a contract declares is blocking).
SEVERITY = {"ERROR": "blocking", "WARN": "warning"}
# Column widths (percent) of the checks table: fixed, so a long observed value or sample wraps inside
# its column.
CHECK_COLUMNS = (
    ("asset", 13),
    ("check", 14),
    ("result", 6),
    ("severity", 7),
    ("observed", 28),
    ("failing rows", 6),
    ("rows", 6),
    ("failing sample", 20),
)
TREND_BAR, TREND_GAP, TREND_HEIGHT = 28, 12, 120


@dataclass(frozen=True)
class CheckRow:
    asset: str
    check: str
    passed: bool
    severity: str
    observed: str | None
    failing_rows: int | None
    row_count: int | None
    sample: str | None
    checked_at: datetime

    @property
    def severity_meaning(self) -> str:
        return SEVERITY.get(self.severity, self.severity)


@dataclass(frozen=True)
class FileRow:
    source: str
    source_file: str
    status: str
    records_read: int
    accepted: int
    duplicates: int
    rejected: int
    reconciles: bool
    reason: str | None


@dataclass(frozen=True)
class RejectionRow:
    source_file: str
    reason: str
    records: int


@dataclass(frozen=True)
class RejectedValueRow:
    source_file: str
    field: str
    reason: str
    values_rejected: int


@dataclass(frozen=True)
class RunRow:
    run_id: str
    started: datetime
    checks: int
    passed: int


@dataclass(frozen=True)
class ErrorRow:
    step: str
    message: str


@dataclass(frozen=True)
class TrendBar:
    """One run's bar: passed checks (green) under failed ones (red), on a shared scale."""

    x: int
    width: int
    pass_y: float
    pass_height: float
    fail_y: float
    fail_height: float


def _rows(con: duckdb.DuckDBPyConnection, name: str, row: type, params: dict[str, Any] | None = None) -> list:
    """The rows of ``sql/report/<name>.sql`` as ``row`` instances (its columns are the fields)."""
    cursor = con.execute(sql_text("report", name), params or {})
    columns = [d[0] for d in cursor.description]
    return [row(**dict(zip(columns, values, strict=True))) for values in cursor.fetchall()]


def trend_bars(runs: Sequence[RunRow]) -> list[TrendBar]:
    """Bars of passed and failed checks per run, oldest left."""
    top = max((r.checks for r in runs), default=0) or 1
    bars = []
    for i, run in enumerate(reversed(runs)):
        passed = TREND_HEIGHT * run.passed / top
        failed = TREND_HEIGHT * (run.checks - run.passed) / top
        x = i * (TREND_BAR + TREND_GAP) + 6
        bars.append(
            TrendBar(x, TREND_BAR, TREND_HEIGHT - passed, passed, TREND_HEIGHT - passed - failed, failed)
        )
    return bars


def verdict(checks: int, failed: int, errors: int, published: bool | None) -> tuple[bool, str]:
    """Whether the build is sound, and the report's title: errors count as much as failing checks."""
    ok = not failed and not errors
    problems = [f"{failed} of {checks} checks failed"] if failed else []
    problems += [f"{errors} error{'s' if errors != 1 else ''}"] if errors else []
    if published is True:
        return ok, f"Published: all {checks} checks passed"
    if published is False:
        reason = "; ".join(problems) if problems else "the run did not include publish/warehouse"
        return ok, f"Not published: {reason}"
    return ok, "; ".join(problems) if problems else "All checks passed"


def render_validation_report(
    con: duckdb.DuckDBPyConnection | None,
    out_dir: Path,
    run_id: str | None = None,
    *,
    errors: Sequence[tuple[str, str]] = (),
    published: bool | None = None,
    note: str = "",
) -> tuple[Path, bool]:
    """Write ``out_dir/index.html`` for ``run_id`` (default: the latest run) from the build ``con`` is
    open on (None: a build that never started); returns its path and whether the build is sound (no
    failing check, no error). ``published`` says whether the build was swapped in; ``note`` is shown
    under the title."""
    checks: list[CheckRow] = []
    runs: list[RunRow] = []
    if con is not None and table_exists(con, "audit", "check_results"):
        if run_id is None:
            latest = con.execute(sql_text("report", "latest_run")).fetchall()
            run_id = latest[0][0] if latest else None
        checks = _rows(con, "run_checks", CheckRow, {"run_id": run_id})
        runs = _rows(con, "trend", RunRow, {"runs": TREND_RUNS})
    files = rejections = None
    if con is not None and table_exists(con, "audit", "file_reconciliation"):
        files = _rows(con, "file_reconciliation", FileRow)
    if con is not None and table_exists(con, "quarantine", "rejected_records"):
        rejections = _rows(con, "rejection_reasons", RejectionRow, {"limit": REJECTION_REASONS})
    rejected_values = None
    if con is not None and table_exists(con, "quarantine", "rejected_values"):
        limit = {"limit": REJECTION_REASONS}
        rejected_values = _rows(con, "rejected_value_reasons", RejectedValueRow, limit)
    ok, title = verdict(len(checks), sum(not c.passed for c in checks), len(errors), published)
    trend = trend_bars(runs)
    template = environment().get_template("report.html.j2")
    page = template.render(
        title=title,
        sound=ok and published is not False,
        run_id=run_id,
        checked_at=checks[0].checked_at if checks else None,
        note=note,
        errors=[ErrorRow(step.replace("__", "."), message) for step, message in errors],
        checks=checks,
        check_columns=CHECK_COLUMNS,
        files=files,
        rejections=rejections,
        rejected_values=rejected_values,
        runs=runs,
        trend=trend,
        trend_width=len(trend) * (TREND_BAR + TREND_GAP) + 12,
        trend_height=TREND_HEIGHT,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "index.html"
    path.write_text(page, encoding="utf-8")
    return path, ok


def write_published_report(settings: Settings, run_id: str) -> Path:
    """The report of a build that passed, into the build's report folder: it is published with it."""
    layout = settings.layout
    con = connect(layout.build_file, settings.duckdb_memory, read_only=True)
    try:
        return render_validation_report(con, layout.build_validation_dir, run_id, published=True)[0]
    finally:
        con.close()


def write_unpublished_report(settings: Settings, run_id: str, errors: Sequence[tuple[str, str]]) -> Path:
    """The report of a build that was not published, into ``reports/failed_build/``, saying which build
    analysts still see."""
    layout = settings.layout
    try:
        current = latest_build(layout.warehouse)
    except duckdb.Error as exc:  # e.g. held open read-write by another process: the error says so
        note = f"The published warehouse could not be read: {str(exc).splitlines()[0]}"
    else:
        note = (
            f"The published warehouse is still build {str(current['run_id'])[:8]} of"
            f" {current['published_at']:%Y-%m-%d %H:%M} UTC."
            if current
            else "No build of this warehouse has been published yet."
        )
    con = (
        connect(layout.build_file, settings.duckdb_memory, read_only=True)
        if layout.build_file.exists()
        else None
    )
    try:
        return render_validation_report(
            con, layout.failed_report_dir, run_id, errors=errors, published=False, note=note
        )[0]
    finally:
        if con is not None:
            con.close()
