"""Charts drawn at build time as inline SVG: no script, font or image is fetched to show them."""

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH = 640
# Labels sit above their bars, so bars use the full width even on a phone; the room right of the
# longest bar holds its value label.
VALUE_ROOM = 190
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
    # the 95% interval of each value, drawn as a whisker over its bar
    intervals: Sequence[tuple[float, float] | None] | None = None


def grouped_bars(
    title: str, categories: Sequence[str], series: Sequence[Series], fmt: Callable[[float], str]
) -> str:
    """Horizontal bars, one group per category and one bar per series that has a value there (a
    missing value takes no room: the legend says which series is which). A value's label carries its
    interval when the series has one."""
    highs = [iv[1] for s in series for iv in (s.intervals or []) if iv is not None]
    values = [v for s in series for v in s.values if v is not None]
    top = max([*values, *highs], default=0.0) or 1.0
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
                continue
            interval = s.intervals[i] if s.intervals else None
            label = fmt(value) + (f" ({fmt(interval[0])} to {fmt(interval[1])})" if interval else "")
            w = max(value * scale, 1.0)
            parts.append(
                f'<rect x="0" y="{y}" width="{w:.1f}" height="{BAR}" fill="{s.colour}">'
                f"<title>{html.escape(s.name)}: {html.escape(label)}</title></rect>"
            )
            end = w
            if interval:
                lo, hi = max(interval[0], 0.0) * scale, interval[1] * scale
                mid = y + BAR / 2
                parts.append(
                    f'<path d="M{lo:.1f} {mid}H{hi:.1f}M{lo:.1f} {y + 3}V{y + BAR - 3}M{hi:.1f} {y + 3}V{y + BAR - 3}" '
                    'stroke="#1d2430" stroke-width="1.2" fill="none"/>'
                )
                end = max(w, hi)
            parts.append(
                f'<text x="{end + 4:.1f}" y="{y + BAR - 3}" font-size="11">{html.escape(label)}</text>'
            )
            y += BAR + BAR_GAP
        y += GROUP_GAP
    height = y + 4
    return (
        f'<svg role="img" aria-label="{html.escape(title)}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" style="max-width:{WIDTH}px">'
        f"<title>{html.escape(title)}</title>{''.join(parts)}</svg>"
    )
