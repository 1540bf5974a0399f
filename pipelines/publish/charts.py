"""Charts drawn at build time as inline SVG: no script, font or image is fetched to show them."""

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH = 640
# Labels sit above their bars, so bars use the full width even on a phone; the room right of the
# longest bar holds its value label.
VALUE_ROOM = 120
BAR = 14
BAR_GAP = 3
LABEL_ROW = 17
GROUP_GAP = 10
LEGEND_ROW = 22


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    values: Sequence[float | None]


def grouped_bars(
    title: str, categories: Sequence[str], series: Sequence[Series], fmt: Callable[[float], str]
) -> str:
    """Horizontal bars, one group per category and one bar per series; a missing value is written
    out as "no figure" instead of being drawn as zero."""
    values = [v for s in series for v in s.values if v is not None]
    top = max(values, default=0.0) or 1.0
    scale = (WIDTH - VALUE_ROOM) / top
    parts: list[str] = []
    x = 0
    for s in series:
        parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{s.colour}"/>')
        parts.append(f'<text x="{x + 16}" y="14" font-size="12">{html.escape(s.name)}</text>')
        x += 24 + 7 * len(s.name)
    y = LEGEND_ROW + 4
    for i, category in enumerate(categories):
        y += LABEL_ROW
        parts.append(f'<text x="0" y="{y - 4}" font-size="13" fill="#1d2430">{html.escape(category)}</text>')
        for s in series:
            value = s.values[i]
            if value is None:
                parts.append(
                    f'<text x="0" y="{y + BAR - 3}" font-size="11" fill="#6b7480">{html.escape(s.name)}: no figure</text>'
                )
            else:
                w = max(value * scale, 1.0)
                parts.append(
                    f'<rect x="0" y="{y}" width="{w:.1f}" height="{BAR}" fill="{s.colour}">'
                    f"<title>{html.escape(s.name)}: {html.escape(fmt(value))}</title></rect>"
                )
                parts.append(
                    f'<text x="{w + 4:.1f}" y="{y + BAR - 3}" font-size="11">{html.escape(fmt(value))}</text>'
                )
            y += BAR + BAR_GAP
        y += GROUP_GAP
    height = y + 4
    return (
        f'<svg role="img" aria-label="{html.escape(title)}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" style="max-width:{WIDTH}px">'
        f"<title>{html.escape(title)}</title>{''.join(parts)}</svg>"
    )
