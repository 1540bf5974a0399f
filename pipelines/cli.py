"""``labourlens``: build the warehouse, generate sample corpora, fetch the reference releases.

Every failure ends with one line on stderr that names its root cause."""

import argparse
import logging
import re
import sys
import time
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

from pipelines.settings import Layout, Settings, SettingsError, load_settings

SUMMARY_SCHEMAS = ("staging", "marts", "quarantine", "audit")


class Refused(Exception):
    """A build that cannot start; the message is its root cause."""


def _fail(message: str, code: int = 1) -> int:
    sys.stdout.flush()
    print(f"labourlens: {message}", file=sys.stderr, flush=True)
    return code


def _progress_logger() -> logging.Logger:
    """One line per finished step (with rows and rows per second) and per check, and the run's own
    messages (progress of long steps, warnings), instead of Dagster's debug stream."""

    class StepLines(logging.Handler):
        def __init__(self) -> None:
            super().__init__()
            self.started: dict[str, float] = {}
            self.rows: dict[str, int] = {}
            self.checks: set[str] = set()  # steps that ran checks
            self.built: set[str] = set()  # steps that materialized (a table's step also runs its checks)
            self.copied: set[str] = set()  # steps whose tables came unchanged from the published build

        def emit(self, record: logging.LogRecord) -> None:
            meta = getattr(record, "dagster_meta", None) or {}
            event = meta.get("dagster_event")
            step = (meta.get("step_key") or "").replace("__", ".")
            if event is None:
                if record.levelno >= logging.INFO:
                    mark = "!" if record.levelno >= logging.WARNING else " "
                    where = f"{step}: " if step else ""
                    print(f"  {mark} {where}{meta.get('orig_message', record.getMessage())}", flush=True)
                return
            kind = event.event_type_value
            if kind == "STEP_START":
                self.started[step] = time.monotonic()
            elif kind == "ASSET_MATERIALIZATION":
                self.built.add(step)
                metadata = event.event_specific_data.materialization.metadata
                count = metadata.get("dagster/row_count") or metadata.get("rows")
                copied = metadata.get("copied_from_published")
                if copied is not None and copied.value:
                    self.copied.add(step)
                if count is not None:
                    self.rows[step] = self.rows.get(step, 0) + int(count.value)
            elif kind == "STEP_SUCCESS" and (step in self.built or step not in self.checks):
                took = time.monotonic() - self.started.get(step, time.monotonic())
                rows = self.rows.get(step)
                if step in self.copied:
                    speed = f", copied from the published build, {rows or 0:,} rows"
                else:
                    speed = f", {rows:,} rows, {rows / max(took, 1e-3):,.0f} rows/s" if rows else ""
                print(f"  done  {step}  ({took:.1f} s{speed})", flush=True)
            elif kind == "STEP_FAILURE":
                error = getattr(event.event_specific_data, "error", None)
                detail = error.message.strip() if error is not None else event.message or ""
                print(f"  FAIL  {step}: {detail.splitlines()[0] if detail else ''}", flush=True)
            elif kind == "ASSET_CHECK_EVALUATION":
                data = event.event_specific_data
                self.checks.add(step)
                verdict = "pass" if data.passed else "FAIL"
                print(f"  check {verdict}  {data.asset_key.to_user_string()} {data.check_name}", flush=True)

    logger = logging.getLogger("labourlens.progress")
    logger.handlers = [StepLines()]
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    return logger


def preflight(layout: Layout) -> list[str]:
    """What keeps a build from starting (an error each), after printing what it will lack (warnings)."""
    from pipelines.ingest.loop import discover
    from pipelines.reference.onet import ONET_FILES, SOC_DIRECT_MATCH

    raw = layout.raw_dir
    if not raw.is_dir():
        return [f"raw directory {raw} does not exist"]
    problems = []
    if not discover(raw / "resumes") and not discover(raw / "postings"):
        problems.append(f"no resumes or postings in {raw}: put files in {raw}/resumes/ or {raw}/postings/")
    missing = [
        s.file_names[0] for s in ONET_FILES if not any((raw / s.folder / n).exists() for n in s.file_names)
    ]
    if len(missing) == len(ONET_FILES):
        problems.append(
            f"no O*NET release in {raw}/onet/ (Occupation Data.txt and the other text files):"
            f" run `labourlens fetch-reference onet --raw-dir {raw}` or copy a release there"
        )
    elif missing:
        print(f"warning: {raw}/onet/ lacks {', '.join(missing)}: each is reported as an unreadable file")
    if not any((raw / SOC_DIRECT_MATCH.folder / n).exists() for n in SOC_DIRECT_MATCH.file_names):
        print(f"warning: no SOC direct match title file in {raw}/soc/: titles are matched without it")
    if not discover(raw / "oews"):
        print(f"warning: no OEWS wages in {raw}/oews/: salary tables hold job-posting figures only")
    problems += _unwritable(layout)
    return problems


def _unwritable(layout: Layout) -> list[str]:
    """A build writes beside the warehouse (its build folder, then a rename): that folder must take files."""
    folder = layout.warehouse.parent
    blocker = next((p for p in (folder, *folder.parents) if p.exists()), folder)
    if not blocker.is_dir():
        return [f"cannot write the warehouse {layout.warehouse}: {blocker} is a file, not a folder"]
    probe = folder / f".{layout.warehouse.stem}.write-test"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        return [f"cannot write the warehouse {layout.warehouse}: {exc.strerror or exc} ({folder})"]
    if layout.warehouse.is_dir():
        return [f"the warehouse path {layout.warehouse} is a folder, not a DuckDB file"]
    return []


def _selection(defs: Any, patterns: Sequence[str]) -> list[Any]:
    """The assets a ``--select`` names, the assets that write the work files they read (work files do
    not outlive a build) and the publishing step; an error naming what exists when it names nothing."""
    import dagster as dg

    from pipelines.ingest.assets import SOURCE_KEYS
    from pipelines.publish.assets import PUBLISH_KEY
    from pipelines.warehouse.contracts import ALL_SOURCES, contracts

    graph = defs.resolve_asset_graph()
    try:
        keys = set(dg.AssetSelection.from_string(" or ".join(patterns)).resolve(graph))
    except Exception as exc:  # the selection syntax's own errors vary by kind
        raise Refused(f"--select {' '.join(patterns)!r} is not a valid asset selection: {exc}") from exc
    if not keys:
        names = sorted(k.to_user_string() for k in graph.get_all_asset_keys())
        groups = sorted({graph.get(k).group_name for k in graph.get_all_asset_keys()})
        raise Refused(
            f"--select {' '.join(patterns)!r} matches no asset; groups: {', '.join(groups)};"
            f" assets: {', '.join(names)}"
        )
    specs = contracts()
    frontier = list(keys)
    while frontier:
        spec = specs.get(".".join(frontier.pop().path))
        for producer in spec.producers() if spec else ():
            for key in SOURCE_KEYS if producer == ALL_SOURCES else [dg.AssetKey(producer.split("/"))]:
                if key not in keys:
                    keys.add(key)
                    frontier.append(key)
    return sorted(keys | {PUBLISH_KEY}, key=dg.AssetKey.to_user_string)


def build(args: argparse.Namespace) -> int:
    from pipelines.instance import ensure_dagster_home, unsynced_run_logs
    from pipelines.warehouse.publication import describe, running_build

    settings = load_settings(
        args.raw_dir and Path(args.raw_dir).resolve(), args.warehouse and Path(args.warehouse).resolve()
    )
    layout = settings.layout
    problems = preflight(layout)
    if problems:
        return _fail("; ".join(problems), 2)
    holder = running_build(layout)
    if holder:
        return _fail(f"another build of {layout.warehouse} is running: {describe(holder)}")
    unsynced_run_logs(ensure_dagster_home(layout))
    try:
        return _run(settings, args.select)
    except Refused as exc:
        return _fail(str(exc), 2)


def _run(settings: Settings, select: Sequence[str] | None) -> int:
    import dagster as dg

    from pipelines.automation import refresh_job
    from pipelines.definitions import build_definitions
    from pipelines.instance import run_errors
    from pipelines.publish.assets import PUBLISH_KEY
    from pipelines.warehouse.resource import Warehouse

    layout = settings.layout
    progress = _progress_logger()

    @dg.logger
    def progress_logger(_context: dg.InitLoggerContext) -> logging.Logger:
        return progress

    defs = build_definitions(Warehouse.from_settings(settings), loggers={"progress": progress_logger})
    selection = _selection(defs, select) if select else None
    print(f"raw directory: {layout.raw_dir}\nwarehouse:     {layout.warehouse}")
    if selection:
        print(f"selected:      {len(selection)} assets, with the steps writing the work files they read")
    started = time.monotonic()
    tags = {"labourlens/trigger": "cli"}
    with dg.DagsterInstance.get() as instance:
        if settings.dask_scheduler:
            from pipelines.cluster import run_on_cluster

            print(f"steps on:      the dask cluster at {settings.dask_scheduler}")
            result: dg.ExecutionResult = run_on_cluster(settings, instance, selection, tags)
        else:
            result = defs.resolve_job_def(refresh_job.name).execute_in_process(
                run_config={"loggers": {"progress": {}}},
                instance=instance,
                asset_selection=selection,
                raise_on_error=False,
                tags=tags,
            )
        errors = run_errors(instance, result.run_id)
    events = result.get_asset_materialization_events()
    published = any(m.asset_key == PUBLISH_KEY for m in events)
    built = layout.warehouse if published else layout.build_file
    _print_summary(built, result.get_asset_check_evaluations(), time.monotonic() - started)
    pages = [m for m in events if m.asset_key == dg.AssetKey(["reports", "occupation_pages"])]
    if published:
        print(f"validation report: {layout.validation_dir / 'index.html'}")
        if pages:
            count = pages[0].materialization.metadata["pages"].value
            print(f"occupation pages: {count} in {layout.pages_dir / 'index.html'}")
        print(f"published:     {layout.warehouse}")
        print("verdict: OK")
        return 0
    print(f"validation report of this build: {layout.failed_report_dir / 'index.html'}")
    print(f"verdict: FAILED, not published ({layout.warehouse} is unchanged)")
    return _fail(_root_cause(built, result.run_id, errors))


def _root_cause(build_file: Path, run_id: str, errors: list[tuple[str, str]]) -> str:
    """The one line that says why a build was not published: its first error, else its first failing
    check with what was observed and the threshold."""
    if errors:
        step, message = errors[0]
        return _explain(message) if step == "run" else f"{step.replace('__', '.')}: {_explain(message)}"
    failed = _failed_checks(build_file, run_id)
    if not failed:
        return "the run ended before publish/warehouse"
    (asset, check, observed), more = failed[0], len(failed) - 1
    return f"check {asset}:{check} failed: {observed}" + (f" (and {more} more failed checks)" if more else "")


def _explain(message: str) -> str:
    """DuckDB's lock error, said for what it means here."""
    held = re.search(r'lock on file "([^"]+)": Conflicting lock is held in (\S+) \(PID (\d+)\)', message)
    if held:
        path, program, pid = held.groups()
        return (
            f"{path} is open read-write in another process (PID {pid}, {program}): it must close it;"
            " analysts open the warehouse read-only (duckdb -readonly)"
        )
    return message


def _failed_checks(build_file: Path, run_id: str) -> list[tuple[str, str, str]]:
    import duckdb

    from pipelines.warehouse.build import table_exists
    from pipelines.warehouse.contracts import sql_text

    if not build_file.exists():
        return []
    con = duckdb.connect(str(build_file), read_only=True)
    try:
        if not table_exists(con, "audit", "check_results"):
            return []
        rows = con.execute(sql_text("report", "run_checks"), {"run_id": run_id}).fetchall()
    finally:
        con.close()
    return [(r[0], r[1], r[4]) for r in sorted((r for r in rows if not r[2]), key=lambda r: r[8])]


def _print_summary(warehouse: Path, checks: Sequence[Any], seconds: float) -> None:
    import duckdb

    from pipelines.warehouse.contracts import sql_text

    if not warehouse.exists():
        return
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = con.execute(sql_text("report", "tables"), {"schemas": list(SUMMARY_SCHEMAS)}).fetchall()
        print(f"\nwarehouse tables after {seconds:.1f} s:")
        for schema, table, rows in tables:
            print(f"  {schema + '.' + table:<40} {rows:>10,} rows")
        names = {f"{s}.{t}" for s, t, _ in tables}
        if "audit.file_reconciliation" in names:
            read, accepted, dups, rejected = con.execute(
                sql_text("report", "reconciliation_totals")
            ).fetchall()[0]
            if read is not None:
                print(
                    f"records: {read:,} read = {accepted:,} accepted + {dups:,} duplicates + {rejected:,} rejected"
                )
        if "quarantine.rejected_files" in names:
            for source_file, reason in con.execute(sql_text("report", "rejected_files")).fetchall():
                print(f"unreadable file: {source_file}: {reason}")
    finally:
        con.close()
    if checks:
        passed = sum(1 for c in checks if c.passed)
        print(f"checks: {passed} of {len(checks)} passed")
        for check in checks:
            if not check.passed:
                print(f"  failed: {check.asset_key.to_user_string()} {check.check_name}")


def instance(args: argparse.Namespace) -> int:
    """Print (and prepare) the warehouse's Dagster instance folder, for DAGSTER_HOME."""
    from pipelines.instance import ensure_dagster_home

    settings = load_settings(warehouse=args.warehouse and Path(args.warehouse).resolve())
    print(ensure_dagster_home(settings.layout))
    return 0


def sample(args: argparse.Namespace) -> int:
    from pipelines.sample.generate import generate

    out = Path(args.out).resolve()
    started = time.monotonic()
    generate(
        out,
        args.resumes,
        args.postings,
        seed=args.seed,
        with_defects=not args.clean,
        reference=not args.no_reference,
    )
    print(
        f"wrote {args.resumes:,} resumes and {args.postings:,} postings to {out} in {time.monotonic() - started:.1f} s"
    )
    return 0


def fetch_reference(args: argparse.Namespace) -> int:
    from pipelines.reference.fetch import FetchError, fetch_oews, fetch_onet, fetch_soc

    settings = load_settings(args.raw_dir and Path(args.raw_dir).resolve())
    try:
        if args.what in ("all", "onet"):
            for path in fetch_onet(settings.layout.raw_dir / "onet", args.onet_url):
                print(f"wrote {path}")
        if args.what in ("all", "oews"):
            for path in fetch_oews(settings.layout.raw_dir / "oews", args.oews_url):
                print(f"wrote {path}")
        if args.what in ("all", "soc"):
            for path in fetch_soc(settings.layout.raw_dir / "soc", args.soc_url):
                print(f"wrote {path}")
    except FetchError as exc:
        return _fail(str(exc))
    return 0


RAW_DIR_HELP = "raw directory (default: $LABOURLENS_RAW_DIR, else data/raw)"
WAREHOUSE_HELP = (
    "published DuckDB file (default: $LABOURLENS_WAREHOUSE, else data/warehouse/labourlens.duckdb)"
)


def parser() -> argparse.ArgumentParser:
    from pipelines.reference.fetch import OEWS_URL, ONET_URL, SOC_URL

    root = argparse.ArgumentParser(prog="labourlens", description=__doc__)
    root.add_argument("--version", action="version", version=f"labourlens {version('labourlens')}")
    commands = root.add_subparsers(dest="command", required=True)

    p = commands.add_parser(
        "build",
        help="build, check and publish the warehouse, its pages and its validation report",
        description="Build every table into a new file beside the warehouse, run every blocking check on"
        " it, and only then swap it in (with its pages and report). Analysts' read-only sessions are never"
        " blocked; a failed or killed build publishes nothing.",
    )
    p.add_argument("--raw-dir", help=RAW_DIR_HELP)
    p.add_argument("--warehouse", help=WAREHOUSE_HELP)
    p.add_argument(
        "--select",
        nargs="+",
        metavar="SELECTION",
        help="rebuild only these assets (Dagster selection syntax, e.g. 'key:staging/resumes+' or"
        " 'group:marts') into a copy of the published warehouse, published only if their checks pass",
    )
    p.set_defaults(func=build)

    p = commands.add_parser("sample", help="generate a deterministic raw directory of any size")
    p.add_argument("--resumes", type=int, default=2500, help="resumes to write (default 2500)")
    p.add_argument("--postings", type=int, default=2000, help="job postings to write (default 2000)")
    p.add_argument("--out", required=True, help="raw directory to write (resumes/, postings/, onet/, ...)")
    p.add_argument(
        "--seed", type=int, default=20261126, help="random seed: the same seed writes the same bytes"
    )
    p.add_argument("--clean", action="store_true", help="leave out the planted bad records")
    p.add_argument("--no-reference", action="store_true", help="write no starter onet/, oews/ and soc/ files")
    p.set_defaults(func=sample)

    p = commands.add_parser(
        "fetch-reference", help="download the O*NET, OEWS and SOC releases into the raw directory"
    )
    p.add_argument("--raw-dir", help=RAW_DIR_HELP)
    p.add_argument(
        "what",
        nargs="?",
        choices=("all", "onet", "oews", "soc"),
        default="all",
        help="which release (default all)",
    )
    p.add_argument("--onet-url", default=ONET_URL, help=f"O*NET text release archive (default {ONET_URL})")
    p.add_argument(
        "--oews-url", default=OEWS_URL, help=f"OEWS industry-specific archive (default {OEWS_URL})"
    )
    p.add_argument("--soc-url", default=SOC_URL, help=f"SOC direct match title workbook (default {SOC_URL})")
    p.set_defaults(func=fetch_reference)

    p = commands.add_parser(
        "instance",
        help="print the warehouse's own Dagster instance folder (use it as DAGSTER_HOME for dg dev / dg launch)",
    )
    p.add_argument("--warehouse", help=WAREHOUSE_HELP)
    p.set_defaults(func=instance)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except SettingsError as exc:
        return _fail(str(exc), 2)


if __name__ == "__main__":
    sys.exit(main())
