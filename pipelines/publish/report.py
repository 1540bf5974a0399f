"""The validation report reviewers read: one self-contained HTML page (no CSS, script, font or image
from the network) rendered from audit.check_results, audit.file_reconciliation and quarantine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from pipelines.publish.html import document, table, text
from pipelines.settings import Settings
from pipelines.warehouse.build import connect, table_exists

TREND_RUNS = 10

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header{padding:20px 28px;color:#fff}header.ok{background:#1f7a4d}header.fail{background:#b3261e}
h1{margin:0;font-size:22px}h2{font-size:18px;margin:28px 0 8px}main{padding:0 28px 40px;max-width:1200px}
table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}th,td{border:1px solid #dde1e6;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eef1f4}.pass{color:#1f7a4d;font-weight:600}.fail{color:#b3261e;font-weight:700}
code{font-size:12px;word-break:break-all}.muted{color:#5b6573}
"""


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    return con.execute(sql, params or []).fetchall()


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


def render_validation_report(
    con: duckdb.DuckDBPyConnection, out_dir: Path, run_id: str | None = None
) -> tuple[Path, bool]:
    """Write ``out_dir/index.html`` for ``run_id`` (default: the latest run); returns its path and whether
    every check of that run passed."""
    checks: list[tuple[Any, ...]] = []
    runs: list[tuple[Any, ...]] = []
    if table_exists(con, "audit", "check_results"):
        if run_id is None:
            latest = _rows(con, "select run_id from audit.check_results order by checked_at desc limit 1")
            run_id = latest[0][0] if latest else None
        checks = _rows(
            con,
            'select asset, "check", passed, severity, observed, failing_rows, row_count, sample, checked_at'
            ' from audit.check_results where run_id = ? order by passed, asset, "check"',
            [run_id],
        )
        runs = _rows(
            con,
            "select run_id, min(checked_at) as started, count(*), count(*) filter (where passed)"
            f" from audit.check_results group by run_id order by started desc limit {TREND_RUNS}",
        )
    failed = [c for c in checks if not c[2]]
    ok = not failed
    verdict = "All checks passed" if ok else f"{len(failed)} of {len(checks)} checks failed"
    sections = [
        f'<header class="{"ok" if ok else "fail"}"><h1>labourlens validation report: {text(verdict)}</h1>'
        f"<div>run {text(run_id)}{' at ' + text(checks[0][8]) if checks else ''}</div></header><main>"
    ]
    sections.append("<h2>Checks and expectations</h2>")
    sections.append(
        table(
            ["asset", "check", "result", "severity", "observed", "failing rows", "rows", "failing sample"],
            [
                [
                    text(c[0]),
                    text(c[1]),
                    '<span class="pass">pass</span>' if c[2] else '<span class="fail">FAIL</span>',
                    text(c[3]),
                    text(c[4]),
                    text(c[5]),
                    text(c[6]),
                    f"<code>{text(c[7])}</code>" if not c[2] else "",
                ]
                for c in checks
            ],
        )
        if checks
        else '<p class="muted">No check results recorded yet.</p>'
    )
    if table_exists(con, "audit", "file_reconciliation"):
        files = _rows(
            con,
            "select source, source_file, status, records_read, accepted, duplicates, rejected, reconciles, reason"
            " from audit.file_reconciliation order by source, source_file",
        )
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
                    for f in files
                ],
            )
        )
    if table_exists(con, "quarantine", "rejected_records"):
        reasons = _rows(
            con,
            "select source_file, reason, count(*) from quarantine.rejected_records group by all order by 3 desc, 1, 2 limit 100",
        )
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
    page = document(f"labourlens validation: {verdict}", _CSS, "".join(sections))
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "index.html"
    path.write_text(page, encoding="utf-8")
    return path, ok


def write_validation_report(settings: Settings, run_id: str) -> tuple[Path, bool] | None:
    """Render the report of ``run_id`` into ``<reports>/validation/``; None when there is no warehouse yet."""
    layout = settings.layout
    if not layout.warehouse.exists():
        return None
    con = connect(layout, settings.duckdb_memory, read_only=True)
    try:
        return render_validation_report(con, layout.validation_dir, run_id)
    finally:
        con.close()
