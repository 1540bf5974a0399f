"""The check of a written site: every page there that should be and none that should not, the O*NET
attribution on each, and no page that would make the browser fetch anything.

What a page would fetch is read from its parsed HTML, the way a browser finds it: the attributes that
load something (``src``, ``srcset``, ``href`` of ``<link>``, ...), and ``url()`` and ``@import`` in its
style sheets and style attributes. Text that only looks like markup ("@import" in a resume bullet, a
file named ``<img src=x>.csv``, both escaped on the page) is text, not a request.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import duckdb

from pipelines.publish.pages import onet_attribution, query

# attributes that make the browser load what they name, by element (None: on any element)
_LOADING_ATTRIBUTES = {
    "src": None,
    "srcset": None,
    "poster": None,
    "data": {"object"},
    "href": {"link", "image", "use", "base"},
    "xlink:href": {"image", "use"},
    "background": None,
    "action": {"form"},
    "formaction": None,
}
_CSS_REQUEST = re.compile(r"url\s*\(|@import", re.IGNORECASE)


def _fetches(value: str) -> bool:
    """Whether loading ``value`` takes a request: a data URI or a fragment of the page itself does not."""
    value = value.strip()
    return bool(value) and not value.startswith(("#", "data:"))


class _Requests(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            elements = _LOADING_ATTRIBUTES.get(name, ())
            if value is not None and (elements is None or tag in elements) and _fetches(value):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name == "style" and value and _CSS_REQUEST.search(value):
                self.found.append(f"<{tag} style={value!r}>")
        if tag == "meta" and any(n == "http-equiv" and (v or "").lower() == "refresh" for n, v in attrs):
            self.found.append("<meta http-equiv=refresh>")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style and (found := _CSS_REQUEST.search(data)):
            self.found.append(f"<style> {found.group(0)}")


def requests(page: str) -> list[str]:
    """What ``page`` (HTML) would make a browser fetch when it is opened."""
    parser = _Requests()
    parser.feed(page)
    parser.close()
    return parser.found


def site_problems(con: duckdb.DuckDBPyConnection, out_dir: Path, min_docs: int) -> list[str]:
    """What is wrong with a written site: a missing or stale page, no index, a page without the O*NET
    attribution naming the release the build read, or one that would fetch something."""
    expected = {
        o["occupation_code"] for o in query(con, "occupations", {"min_docs": min_docs}) if o["has_page"]
    }
    written = {p.stem for p in out_dir.glob("*.html")} - {"index"}
    attribution = onet_attribution(query(con, "onet_release")[0])
    problems = [f"missing page {c}" for c in sorted(expected - written)]
    problems += [f"stale page {c}" for c in sorted(written - expected)]
    if not (out_dir / "index.html").exists():
        problems.append("no index.html")
    for name in ["index", *sorted(expected & written)]:
        path = out_dir / f"{name}.html"
        if not path.exists():
            continue
        page = path.read_text(encoding="utf-8")
        if attribution not in page:
            problems.append(f"{name}: no O*NET attribution naming the release")
        fetched = requests(page)
        if fetched:
            problems.append(
                f"{name}: would fetch {fetched[0]}"
                + (f" and {len(fetched) - 1} more" if len(fetched) > 1 else "")
            )
    return problems
