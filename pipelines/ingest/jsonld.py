"""JSON files: JSON documents, JSON Lines, and schema.org JobPosting JSON-LD inside saved HTML pages
(with the mistakes browsers tolerate); a nesting limit for every JSON value read, so a hostile
document is a bad record or file with a reason instead of a RecursionError."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipelines.ingest.columns import CONTENT_COLUMNS, KNOWN_COLUMNS, RECORD_KEYS, column_key
from pipelines.ingest.readers import (
    DEFAULT_LIMITS,
    RAW_SHOWN,
    BadRecord,
    FileUnreadable,
    Limits,
    Record,
    open_text,
)

# Real documents nest a few levels (a JSON Resume ~5, a JobPosting ~6); fault injection writes 1,000.
MAX_NESTING = 64

_SCRIPT = re.compile(
    r"<script\b[^>]*\btype\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>(.*?)</script\s*>",
    re.I | re.S,
)
# An HTML comment or CDATA section around the block, as old pages wrote to hide it from old browsers.
_WRAPPERS = re.compile(r"^\s*(?:<!--|(?://\s*)?<!\[CDATA\[)|(?:-->|(?://\s*)?\]\]>)\s*$")
_SCHEMA_PREFIX = re.compile(r"^(?:https?://schema\.org/|schema:)")


class TooDeep(ValueError):
    """A JSON value nested deeper than MAX_NESTING."""


def nesting_depth(value: Any, limit: int = MAX_NESTING) -> int:
    """Depth of nested lists and objects, counted without recursion; raises TooDeep past ``limit``."""
    depth, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        depth = max(depth, level)
        if depth > limit:
            raise TooDeep(f"JSON nested more than {limit} levels deep")
        stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return depth


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_BRACKETS = re.compile(r"[\[\]{}]")
_TRAILING_COMMA = re.compile(r'("(?:[^"\\]|\\.)*")|,(\s*[\]}])', re.S)


def too_deep(text: str) -> bool:
    """Whether a JSON (or Python literal) text nests more than MAX_NESTING levels. A text with few
    brackets cannot; one with many is measured before a parser recurses into it (strings dropped,
    then only the brackets walked)."""
    return text.count("[") + text.count("{") > MAX_NESTING and _bracket_depth(text) > MAX_NESTING


def loads(text: str, *, lenient: bool = False) -> Any:
    """``json.loads`` within the nesting limit; ``lenient`` also takes raw line breaks inside strings
    and trailing commas (what browsers and search engines accept in JSON-LD). Raises ValueError."""
    if too_deep(text):
        raise TooDeep(f"JSON nested more than {MAX_NESTING} levels deep")
    if lenient:
        text = _TRAILING_COMMA.sub(lambda m: m.group(1) or m.group(2), text)
    return json.loads(text, strict=not lenient)


def _bracket_depth(text: str) -> int:
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def is_job_posting(node: Any) -> bool:
    """``@type`` JobPosting, also in a list of types or with a schema.org prefix."""
    if not isinstance(node, dict):
        return False
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and _SCHEMA_PREFIX.sub("", k) == "JobPosting" for k in kinds)


def job_postings(value: Any) -> list[dict[str, Any]]:
    """Every JobPosting in a JSON-LD value: top level, in a list or ``@graph``, or nested (a page's
    ``mainEntity``, an ``ItemList``'s items). A posting's own properties are not searched further."""
    found: list[dict[str, Any]] = []
    stack = [value]
    while stack:
        node = stack.pop()
        if is_job_posting(node):
            found.append(node)
        elif isinstance(node, dict):
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))
    return found


def json_ld_blocks(html: str) -> list[str]:
    """The contents of a page's ``<script type="application/ld+json">`` blocks, wrappers removed."""
    return [_WRAPPERS.sub("", block).strip() for block in _SCRIPT.findall(html)]


def _json_record(text: str, limits: Limits) -> Record:
    """One JSON Lines record: an object within the size and nesting limits, else a bad record."""
    raw = text.rstrip("\n")
    if problem := limits.check_record(len(text)):
        return BadRecord(problem, raw[:RAW_SHOWN])
    try:
        value = loads(text)
    except TooDeep as exc:
        return BadRecord(str(exc), raw[:RAW_SHOWN])
    except json.JSONDecodeError as exc:
        return BadRecord(f"malformed JSON: {exc.msg} at column {exc.colno}", raw[:RAW_SHOWN])
    if not isinstance(value, dict):
        return BadRecord(f"expected a JSON object, got {type(value).__name__}", raw[:RAW_SHOWN])
    return value


def read_jsonl(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[tuple[int, Record]]:
    """One JSON object per line; position = 1-based line number."""
    with open_text(path, limits) as fh:
        for number, line in enumerate(fh, start=1):
            if line.strip():
                yield number, _json_record(line, limits)


def _wrapped(value: dict[str, Any]) -> list[Any] | None:
    """The records of an object that only wraps them (an API's ``{"count": 2, "results": [...]}``,
    ``{"data": {"jobs": [...]}}``): the array under a key of ``reference/column_synonyms.toml``
    [records], in an object that has no column a document's title or text is found under (a
    posting's ``title``) and no field's column holding an array or object (a resume's ``skills``):
    such an object is a record itself. A scalar beside the array (``type``, ``page``) is the
    response's, even where a field goes by the same name."""
    for _ in range(MAX_NESTING):
        keys = {column_key(str(k)): k for k in value}
        known = keys.keys() & KNOWN_COLUMNS
        nested = any(isinstance(value[keys[k]], (list, dict)) for k in known)  # a resume's skills, work
        if "@type" in value or known & CONTENT_COLUMNS or nested:
            return None
        inner = next((value[keys[k]] for k in RECORD_KEYS if k in keys), None)
        if isinstance(inner, list):
            return inner
        if not isinstance(inner, dict):
            return None
        value = inner
    return None


def _items(value: Any) -> list[Any]:
    if isinstance(value, dict) and isinstance(value.get("@graph"), list):
        return value["@graph"]
    if isinstance(value, dict) and (records := _wrapped(value)) is not None:
        return records
    return value if isinstance(value, list) else [value]


def _object_or_bad(item: Any, limits: Limits) -> Record:
    if not isinstance(item, dict):
        return BadRecord(f"expected a JSON object, got {type(item).__name__}", json.dumps(item)[:RAW_SHOWN])
    text = json.dumps(item, ensure_ascii=False, default=str)
    if problem := limits.check_record(len(text)):
        return BadRecord(problem, text[:RAW_SHOWN])
    return item


def load_document(path: Path, limits: Limits = DEFAULT_LIMITS) -> Any:
    """A whole JSON file's value; FileUnreadable when it is malformed or nested too deeply."""
    with open_text(path, limits) as fh:
        text = fh.read()
    try:
        return loads(text)
    except TooDeep as exc:
        raise FileUnreadable(str(exc)) from exc
    except json.JSONDecodeError as exc:
        raise FileUnreadable(f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc


def read_json(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[tuple[int, Record]]:
    """A JSON document: one object, an array of objects, or a JSON-LD ``@graph``; position = 1-based item."""
    for number, item in enumerate(_items(load_document(path, limits)), start=1):
        yield number, _object_or_bad(item, limits)


def read_html(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[tuple[int, Record]]:
    """A saved web page: every schema.org JobPosting in its ``<script type="application/ld+json">``
    blocks, read as browsers read them (raw line breaks in strings, trailing commas, an HTML comment
    around the block); position = 1-based posting in the page. A block that cannot be read even so
    is a bad record; a page with no posting at all is unreadable."""
    with open_text(path, limits) as fh:
        page = fh.read()
    blocks = json_ld_blocks(page)
    position = 0
    for block in blocks:
        try:
            postings = job_postings(loads(block, lenient=True))
        except (json.JSONDecodeError, TooDeep) as exc:
            position += 1
            reason = (
                str(exc) if isinstance(exc, TooDeep) else f"malformed JSON-LD: {exc.msg} at line {exc.lineno}"
            )
            yield position, BadRecord(reason, block[:RAW_SHOWN])
            continue
        for posting in postings:
            position += 1
            yield position, _object_or_bad(posting, limits)
    if position == 0:
        raise FileUnreadable(
            f"no schema.org JobPosting in the page ({len(blocks)} JSON-LD block{'s' * (len(blocks) != 1)})"
        )
