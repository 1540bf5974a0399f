"""The validation report reviewers read: one self-contained HTML page (no CSS, script, font or image
from the network) rendered from audit.check_results, audit.file_reconciliation and quarantine, with the
errors of a build that failed without a failing check. A published build's report is published with
it; the report of a build that was not published goes to ``reports/failed_build/`` beside it and says so.
Its queries are in ``sql/report/``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from pipelines.publish.html import document, table, text
from pipelines.settings import Settings
from pipelines.warehouse.build import connect, table_exists
from pipelines.warehouse.contracts import sql_text
from pipelines.warehouse.publication import latest_build

TREND_RUNS = 10
REJECTION_REASONS = 100
# What a check's severity means for a build (every check a contract declares is blocking).
SEVERITY = {"ERROR": "blocking", "WARN": "warning"}

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header{padding:20px 28px;color:#fff}header.ok{background:#1f7a4d}header.failed{background:#8c1d18}
header h1{margin:0;font-size:22px;color:#fff}header p{margin:6px 0 0;color:#fff}
h2{font-size:18px;margin:28px 0 8px}main{padding:0 28px 40px;max-width:1200px}
table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}
th,td{border:1px solid #dde1e6;padding:6px 8px;text-align:left;vertical-align:top;overflow-wrap:break-word}
th{background:#eef1f4}td.num{text-align:right;white-space:nowrap}
table.checks{table-layout:fixed;min-width:880px}table.checks td{overflow-wrap:anywhere}.pass{color:#1f7a4d;font-weight:600}.fail{color:#b3261e;font-weight:700}
tr.failed td{background:#fdf0ef}code{font-size:12px;white-space:pre-wrap;overflow-wrap:anywhere}
.muted{color:#5b6573}
"""


def _rows(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> list[Any]:
    return con.execute(sql_text("report", name), params or {}).fetchall()


def _trend_svg(runs: list[tuple[Any, ...]]) -> str:
    """Bars of passed (green) and failed (red) checks per run, oldest left."""
    if not runs:
        return ""
    width, bar, gap, height = 40 * len(runs), 28, 12, 120
    top = max(r[2] for r in runs) or 1
    parts = []
    for i, (_run, _at, total, passed) in enumerate(reversed(runs)):
        x = i * (bar + gap) + 6
        h_pass = height * passed / top
        h_fail = height * (total - passed) / top
        parts.append(
            f'<rect x="{x}" y="{height - h_pass:.1f}" width="{bar}" height="{h_pass:.1f}" fill="#1f7a4d"/>'
        )
        parts.append(
            f'<rect x="{x}" y="{height - h_pass - h_fail:.1f}" width="{bar}" height="{h_fail:.1f}" fill="#b3261e"/>'
        )
    return f'<svg role="img" aria-label="checks per run" width="{width + 12}" height="{height + 4}">{"".join(parts)}</svg>'


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
    checks: list[tuple[Any, ...]] = []
    runs: list[tuple[Any, ...]] = []
    if con is not None and table_exists(con, "audit", "check_results"):
        if run_id is None:
            latest = _rows(con, "latest_run")
            run_id = latest[0][0] if latest else None
        checks = _rows(con, "run_checks", {"run_id": run_id})
        runs = _rows(con, "trend", {"runs": TREND_RUNS})
    failed = [c for c in checks if not c[2]]
    ok, title = verdict(len(checks), len(failed), len(errors), published)
    sections = [
        f'<header class="{"ok" if ok and published is not False else "failed"}"><h1>labourlens validation'
        f" report: {text(title)}</h1><p>run {text(run_id)}{' at ' + text(checks[0][8]) if checks else ''}"
        f"</p>{f'<p>{text(note)}</p>' if note else ''}</header><main>"
    ]
    if errors:
        sections.append("<h2>Errors: the build stopped here</h2>")
        sections.append(
            table(
                ["step", "error"],
                [[text(step.replace("__", ".")), text(message)] for step, message in errors],
            )
        )
    sections.append("<h2>Checks and expectations</h2>")
    sections.append(
        '<p class="muted">Every check is blocking: a failure stops what depends on the table and the '
        "build is not published.</p>"
    )
    sections.append(
        _checks_table(checks) if checks else '<p class="muted">No check results recorded for this run.</p>'
    )
    if con is not None and table_exists(con, "audit", "file_reconciliation"):
        sections.append("<h2>Reconciliation: records read = accepted + duplicates + rejected</h2>")
        sections.append(
            table(
                [
                    "source",
                    "file",
                    "status",
                    "read",
                    "accepted",
                    "duplicates",
                    "rejected",
                    "reconciles",
                    "reason",
                ],
                [
                    [text(v) for v in f[:7]]
                    + [
                        '<span class="pass">yes</span>' if f[7] else '<span class="fail">NO</span>',
                        text(f[8]),
                    ]
                    for f in _rows(con, "file_reconciliation")
                ],
                numeric=(3, 4, 5, 6),
            )
        )
    if con is not None and table_exists(con, "quarantine", "rejected_records"):
        reasons = _rows(con, "rejection_reasons", {"limit": REJECTION_REASONS})
        sections.append("<h2>Why records were rejected</h2>")
        sections.append(
            table(["file", "reason", "records"], [[text(r[0]), text(r[1]), text(r[2])] for r in reasons])
            if reasons
            else '<p class="muted">No record was rejected.</p>'
        )
    sections.append("<h2>Trend of the last runs</h2>")
    sections.append(_trend_svg(runs))
    sections.append(
        table(
            ["run", "started", "checks", "passed"],
            [[text(r[0]), text(r[1]), text(r[2]), text(r[3])] for r in runs],
        )
    )
    sections.append("</main>")
    page = document(f"labourlens validation: {title}", _CSS, "".join(sections))
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "index.html"
    path.write_text(page, encoding="utf-8")
    return path, ok


# Column widths of the checks table: fixed, so a long observed value or sample wraps inside its column.
_CHECK_COLUMNS = (
    ("asset", 13),
    ("check", 14),
    ("result", 6),
    ("severity", 7),
    ("observed", 28),
    ("failing rows", 6),
    ("rows", 6),
    ("failing sample", 20),
)


def _checks_table(checks: list[tuple[Any, ...]]) -> str:
    rows = []
    for c in checks:
        cells = [
            text(c[0]),
            text(c[1]),
            '<span class="pass">pass</span>' if c[2] else '<span class="fail">FAIL</span>',
            text(SEVERITY.get(c[3], c[3])),
            text(c[4]),
            text(c[5]),
            text(c[6]),
            f"<code>{text(c[7])}</code>" if not c[2] else "",
        ]
        # a failed check's row stands out by its background, not by colouring more text
        opening = "<tr>" if c[2] else '<tr class="failed">'
        rows.append(
            opening
            + "".join(
                f'<td class="num">{x}</td>' if i in (5, 6) else f"<td>{x}</td>" for i, x in enumerate(cells)
            )
            + "</tr>"
        )
    columns = "".join(f'<col style="width:{width}%">' for _, width in _CHECK_COLUMNS)
    head = "".join(f"<th>{text(name)}</th>" for name, _ in _CHECK_COLUMNS)
    return (
        f'<div class="scroll"><table class="checks"><colgroup>{columns}</colgroup>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


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
