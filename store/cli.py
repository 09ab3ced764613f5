"""The store's commands, run as `python -m metrics <command>` (the browser workflow calls the same
functions in `store.versions`).

    migrate                                  schema to the newest migration; seed an empty store
    check --store                            validate the current version
    publish PATH --note TEXT [--author NAME] [--parent N]
                                             PATH: a workbook like /download/dataset.xlsx, a
                                             directory like data/, or one table file (observations.csv)
    versions                                 every version, newest first
    diff A B                                 what changed from version A to version B
    rollback N --note TEXT [--author NAME]   make version N's content current again (a new version)
    export [--version N] OUT.xlsx            a version as a workbook
    users add NAME | users list | users disable NAME
                                             editors of /admin (the password is read from stdin)

Exit codes: 0 success (including "no changes"), 1 invalid data (every problem named: file or
sheet, line or row, column), 2 usage, conflict or connection errors.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from metrics import DataError, schema
from metrics import workbook as wb
from metrics.dataset import DATA_DIR

from . import versions as v
from .db import database_url, is_sqlite, make_engine

COMMANDS = ("migrate", "publish", "versions", "diff", "rollback", "export", "users")
TABLE_FILES = {fname: name for name, fname in schema.FILES.items()}


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m metrics", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    m = sub.add_parser("migrate", help="migrate the schema, seed an empty store from data/")
    m.add_argument("--data-dir", type=Path, default=DATA_DIR, help="the seed (default: data/)")
    c = sub.add_parser("check", help="validate the current version of the store")
    c.add_argument("--store", action="store_true", required=True)
    p = sub.add_parser("publish", help="publish a workbook, a data directory or one table file")
    p.add_argument("path", type=Path)
    p.add_argument("--note", required=True)
    p.add_argument("--author", default=None)
    p.add_argument("--parent", type=int, default=None, help="the version the change is based on")
    sub.add_parser("versions", help="list the versions")
    d = sub.add_parser("diff", help="what changed from version A to version B")
    d.add_argument("a", type=int)
    d.add_argument("b", type=int)
    r = sub.add_parser("rollback", help="make version N current again")
    r.add_argument("number", type=int)
    r.add_argument("--note", required=True)
    r.add_argument("--author", default=None)
    e = sub.add_parser("export", help="a version as a workbook")
    e.add_argument("--version", type=int, default=None)
    e.add_argument("out", type=Path)
    u = sub.add_parser("users", help="editors of /admin: add NAME (password from stdin), list, disable NAME")
    u.add_argument("action", choices=("add", "list", "disable"))
    u.add_argument("name", nargs="?")
    return ap


def read_password(stdin=None) -> str:
    """The new password: typed twice without echo on a terminal, else the first line of stdin
    (`heroku run`, a pipe). Never printed or logged."""
    stdin = sys.stdin if stdin is None else stdin
    if stdin.isatty():
        first = getpass.getpass("password: ")
        if getpass.getpass("again: ") != first:
            raise v.StoreError("the two passwords differ")
        return first
    return stdin.readline().rstrip("\r\n")


def _users(engine, args) -> int:
    from . import editors

    if args.action == "list":
        for row in editors.list_users(engine):
            state = "disabled" if row["disabled"] else "active"
            print(f"{row['name']:<24} {state:<9} since {row['created_at']:%Y-%m-%d}")
        return 0
    if not args.name:
        raise v.StoreError(f"users {args.action} needs a NAME")
    if args.action == "add":
        editors.add_user(engine, args.name, read_password())
        print(f"added editor {args.name}")
    else:
        editors.disable_user(engine, args.name)
        print(f"disabled editor {args.name} (signed out everywhere)")
    return 0


def _author(given: str | None) -> str:
    if given:
        return given
    try:
        return os.environ.get("GETDZ_AUTHOR") or getpass.getuser()
    except Exception:  # no user name in a container
        return "unknown"


def describe(problem, label: str, workbook: bool) -> str:
    """A problem as an editor reads it: the workbook's sheet and row, or the file and line."""
    if not workbook:
        return str(problem)
    file = problem.file
    prefix = f"{label}/"
    if file.startswith(prefix) and file[len(prefix) :] in TABLE_FILES:
        file = f"{label}, sheet {TABLE_FILES[file[len(prefix) :]]}"
    where = file if problem.line is None else f"{file}, row {problem.line}"
    column = f", column '{problem.column}'" if problem.column else ""
    return f"{where}{column}: {problem.message}"


def _documents(files: dict[str, bytes], beside: Path, current: dict[str, bytes]) -> dict[str, bytes]:
    """Add the documents sources.csv names: a file beside PATH wins, else the current version's."""
    for rel in wb.document_paths(files.get("sources.csv", b"")):
        path = beside.joinpath(*rel.split("/"))
        if path.is_file():
            files[rel] = path.read_bytes()
        elif rel in current and rel not in files:
            files[rel] = current[rel]
    return files


def read_input(path: Path, current: dict[str, bytes]) -> tuple[dict[str, bytes], list, bool]:
    """(files, problems, is_workbook) for a publish of `path`."""
    if path.is_dir():
        return _documents(wb.read_directory(path), path, current), [], False
    if not path.is_file():
        raise v.StoreError(f"{path}: no such file or directory")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        files, problems = wb.read_workbook(path.read_bytes(), path.name)
        return _documents(files, path.parent, current), problems, True
    if path.name in TABLE_FILES:
        if not current:
            raise v.StoreError("the store is empty: publish a whole dataset first")
        files = {**current, path.name: path.read_bytes()}
        return _documents(files, path.parent, current), [], False
    raise v.StoreError(
        f"{path.name}: expected a workbook (.xlsx), a directory like data/, or one of "
        + ", ".join(TABLE_FILES)
    )


def _publish(engine, args) -> int:
    parent = args.parent if args.parent is not None else v.current_number(engine)
    current = v.version_files(engine, parent) if parent is not None else {}
    files, problems, workbook = read_input(args.path, current)
    # the directory name problems show: the workbook's or directory's own, a table file's folder
    label = args.path.name if workbook or args.path.is_dir() else (args.path.resolve().parent.name or "data")
    try:
        if problems:  # the sheets' own problems, then every validation problem of what was read
            if files:
                v.validate_files(files, label)
            raise DataError([])
        result = v.publish_files(engine, files, args.note, _author(args.author), parent=parent, label=label)
    except DataError as err:
        problems = problems + err.problems
        for p in problems:
            print(describe(p, label, workbook))
        print(f"INVALID: {len(problems)} problem(s); nothing was published")
        return 1
    except v.NoChanges as err:
        print(f"no changes: the content equals version {err.number}; no version was created")
        return 0
    print(f"published version {result.number} (parent {result.parent}, checksum {result.checksum[:12]})")
    print("\n".join(wb.diff_lines(result.summary)))
    return 0


def _versions(engine) -> int:
    rows = v.list_versions(engine)
    if not rows:
        print("no versions: run `python -m metrics migrate`")
    current = rows[0]["number"] if rows else None
    for r in rows:
        mark = "*" if r["number"] == current else " "
        what = f"{r['action']} of {r['restores']}" if r["restores"] else r["action"]
        when = r["created_at"].strftime("%Y-%m-%d %H:%M:%S")
        counts = r["summary"].get("tables", {})
        change = " ".join(
            f"{t}:+{c['added']}~{c['changed']}-{c['removed']}" for t, c in counts.items() if any(c.values())
        )
        print(
            f"{mark}{r['number']:>4}  parent {r['parent'] or '-':>4}  {when}  {what:<14} "
            f"{r['author']}: {r['note']}  [{r['checksum'][:12]}] {change}"
        )
    return 0


def run(args, engine) -> int:
    if args.command == "migrate":
        v.migrate(engine)
        number, message = v.seed(engine, args.data_dir)
        print(f"migrated {engine.url.render_as_string(hide_password=True)}")
        print(message)
        if is_sqlite(str(engine.url)):
            print(
                "note: SQLite keeps the data on this machine only; set DATABASE_URL on a host that restarts"
            )
        return 0
    if args.command == "check":
        loaded = v.load_version(engine)
        print(f"OK: current version {loaded.number} is valid (checksum {loaded.checksum[:12]})")
        return 0
    if args.command == "publish":
        return _publish(engine, args)
    if args.command == "versions":
        return _versions(engine)
    if args.command == "diff":
        summary = v.version_diff(engine, args.a, args.b)
        print(f"diff {args.a} -> {args.b}")
        print("\n".join(wb.diff_lines(summary)))
        return 0
    if args.command == "rollback":
        try:
            result = v.rollback(engine, args.number, args.note, _author(args.author))
        except v.NoChanges as err:
            print(f"no changes: version {args.number} has the content of the current version {err.number}")
            return 0
        print(f"version {result.number} restores version {args.number} (parent {result.parent})")
        print("\n".join(wb.diff_lines(result.summary)))
        return 0
    if args.command == "export":
        data = v.export_workbook(engine, args.version)
        args.out.write_bytes(data)
        print(f"wrote {args.out} ({len(data)} bytes)")
        return 0
    if args.command == "users":
        return _users(engine, args)
    raise AssertionError(args.command)


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse: 2 on usage errors, 0 for --help
        return int(exc.code or 0)
    engine = make_engine(database_url())
    try:
        return run(args, engine)
    except DataError as err:
        for p in err.problems:
            print(p)
        print(f"INVALID: {len(err.problems)} problem(s)")
        return 1
    except v.StoreError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except SQLAlchemyError as err:
        reason = str(getattr(err, "orig", None) or err).strip().splitlines()[0]
        print(f"error: database: {reason}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
