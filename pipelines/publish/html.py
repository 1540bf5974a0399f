"""The pieces the generated HTML pages share (validation report, occupation pages): escaped text, tables
that scroll inside their own box on a narrow screen, and the self-contained page around a body."""

import html
from collections.abc import Collection, Sequence
from typing import Any

# A wide table scrolls sideways inside its box instead of widening the page.
SCROLL_CSS = ".scroll{overflow-x:auto}"


def text(value: Any) -> str:
    """``value`` as HTML text; None is empty."""
    return "" if value is None else html.escape(str(value))


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Collection[int] = ()) -> str:
    """``rows`` hold HTML already; columns whose index is in ``numeric`` are right-aligned (class num)."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def document(title: str, css: str, body: str, script: str = "") -> str:
    """A whole page: no CSS, script, font or image comes from anywhere else."""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{css}{SCROLL_CSS}</style></head><body>"
        + body
        + (f"<script>{script}</script>" if script else "")
        + "</body></html>"
    )
