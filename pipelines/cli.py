"""``labourlens``: build the warehouse, generate sample corpora, fetch the reference releases."""

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipelines.instance import ensure_dagster_home
from pipelines.settings import load_settings

SUMMARY_SCHEMAS = ("staging", "marts", "quarantine", "audit")


def _progress_logger() -> logging.Logger:
    """Print one line per finished step and per check instead of Dagster's debug stream."""

    class StepLines(logging.Handler):
        def __init__(self) -> None:
            super().__init__()
            self.started: dict[str, float] = {}
            self.checks: set[str] = set()

        def emit(self, record: logging.LogRecord) -> None:
            meta = getattr(record, "dagster_meta", None) or {}
            event = meta.get("dagster_event")
            step = meta.get("step_key") or ""
            if event is None:
                if record.levelno >= logging.WARNING:
                    print(f"  ! {step}: {meta.get('orig_message', record.getMessage())}", flush=True)
                return
            kind = event.event_type_value
            if kind == "STEP_START":
                self.started[step] = time.monotonic()
            elif kind == "STEP_SUCCESS" and step not in self.checks:
                took = time.monotonic() - self.started.get(step, time.monotonic())
                print(f"  done  {step.replace('__', '.')}  ({took:.1f} s)", flush=True)
            elif kind == "STEP_FAILURE":
                error = getattr(event.event_specific_data, "error", None)
                detail = error.message.strip() if error is not None else event.message or ""
                print(f"  FAIL  {step.replace('__', '.')}: {detail}", flush=True)
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


def build(args: argparse.Namespace) -> int:
    ensure_dagster_home()
    import dagster as dg

    from pipelines.automation import refresh_job
    from pipelines.definitions import build_definitions
    from pipelines.warehouse.resource import Warehouse

    settings = load_settings(
        args.raw_dir and Path(args.raw_dir).resolve(), args.warehouse and Path(args.warehouse).resolve()
    )
    layout = settings.layout
    if not layout.raw_dir.is_dir():
        print(f"labourlens: raw directory {layout.raw_dir} does not exist", file=sys.stderr)
        return 2
    print(f"raw directory: {layout.raw_dir}\nwarehouse:     {layout.warehouse}")
    progress = _progress_logger()

    @dg.logger
    def progress_logger(_context: dg.InitLoggerContext) -> logging.Logger:
        return progress

    defs = build_definitions(Warehouse.from_settings(settings), loggers={"progress": progress_logger})
    job = defs.resolve_job_def(refresh_job.name)
    selection = None
    if args.select:
        graph = defs.resolve_asset_graph()
        selection = sorted(dg.AssetSelection.from_string(" or ".join(args.select)).resolve(graph))
    started = time.monotonic()
    result = job.execute_in_process(
        run_config={"loggers": {"progress": {}}},
        instance=dg.DagsterInstance.get(),
        asset_selection=selection,
        raise_on_error=False,
        tags={"labourlens/trigger": "cli"},
    )
    checks = result.get_asset_check_evaluations()
    failed_checks = [c for c in checks if not c.passed]
    _print_summary(layout.warehouse, checks, time.monotonic() - started)
    from pipelines.publish.report import write_validation_report

    report = write_validation_report(settings, result.run_id)
    if report:
        print(f"validation report: {report[0]}")
    pages = [
        m
        for m in result.get_asset_materialization_events()
        if m.asset_key == dg.AssetKey(["reports", "occupation_pages"])
    ]
    if pages:
        meta = pages[0].materialization.metadata
        print(f"occupation pages: {meta['pages'].value} in {meta['index'].value}")
    if not result.success or failed_checks:
        print("verdict: FAILED" + (f" ({len(failed_checks)} check(s) failed)" if failed_checks else ""))
        return 1
    print("verdict: OK")
    return 0


def _print_summary(warehouse: Path, checks: Sequence[Any], seconds: float) -> None:
    import duckdb

    if not warehouse.exists():
        return
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() where schema_name in (select unnest(?))"
            " order by schema_name, table_name",
            [list(SUMMARY_SCHEMAS)],
        ).fetchall()
        print(f"\nwarehouse tables after {seconds:.1f} s:")
        for schema, table in tables:
            rows = con.execute(f'select count(*) from "{schema}"."{table}"').fetchall()[0][0]
            print(f"  {schema + '.' + table:<40} {rows:>10,} rows")
        names = {f"{s}.{t}" for s, t in tables}
        if "audit.file_reconciliation" in names:
            read, accepted, dups, rejected, _unreadable = con.execute(
                "select sum(records_read), sum(accepted), sum(duplicates), sum(rejected),"
                " count(*) filter (where status = 'unreadable') from audit.file_reconciliation"
            ).fetchall()[0]
            print(
                f"records: {read:,} read = {accepted:,} accepted + {dups:,} duplicates + {rejected:,} rejected"
            )
        if "quarantine.rejected_files" in names:
            for source_file, reason in con.execute(
                "select source_file, reason from quarantine.rejected_files"
            ).fetchall():
                print(f"unreadable file: {source_file}: {reason}")
    finally:
        con.close()
    if checks:
        passed = sum(1 for c in checks if c.passed)
        print(f"checks: {passed} of {len(checks)} passed")
        for check in checks:
            if not check.passed:
                print(f"  failed: {check.asset_key.to_user_string()} {check.check_name}")


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
        print(f"labourlens: {exc}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    from pipelines.reference.fetch import OEWS_URL, ONET_URL, SOC_URL

    parser = argparse.ArgumentParser(prog="labourlens", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("build", help="materialise the assets in-process and print a summary")
    p.add_argument("--raw-dir", help="raw directory (default: $LABOURLENS_RAW_DIR or data/raw)")
    p.add_argument(
        "--warehouse", help="DuckDB file (default: $LABOURLENS_WAREHOUSE or data/warehouse/labourlens.duckdb)"
    )
    p.add_argument(
        "--select", nargs="*", help="Dagster asset selection, e.g. 'key:staging/resumes+' or 'group:staging'"
    )
    p.set_defaults(func=build)

    p = commands.add_parser("sample", help="generate a deterministic raw directory of any size")
    p.add_argument("--resumes", type=int, default=2500)
    p.add_argument("--postings", type=int, default=2000)
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=20261126)
    p.add_argument("--clean", action="store_true", help="leave out the planted bad records")
    p.add_argument("--no-reference", action="store_true", help="write no starter onet/ and oews/ files")
    p.set_defaults(func=sample)

    p = commands.add_parser(
        "fetch-reference", help="download the O*NET and OEWS releases into the raw directory"
    )
    p.add_argument("--raw-dir")
    p.add_argument("what", nargs="?", choices=("all", "onet", "oews", "soc"), default="all")
    p.add_argument("--onet-url", default=ONET_URL)
    p.add_argument("--oews-url", default=OEWS_URL)
    p.add_argument("--soc-url", default=SOC_URL)
    p.set_defaults(func=fetch_reference)

    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
