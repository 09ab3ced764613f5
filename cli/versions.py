"""The store's commands: migrate, publish, versions, diff, rollback, export (the browser workflow
calls the same functions in `store.versions`)."""

from __future__ import annotations

from pathlib import Path

from metrics import DataError, preview, schema
from metrics import workbook as wb
from metrics.clerkcells import merged_problems
from metrics.dataset import DATA_DIR
from metrics.recompute import recompute
from metrics.zipcheck import other_format, save_as_xlsx
from store import versions as v
from store.db import is_sqlite

from .common import author, with_store
from .words import diff_lines, names, problem_line, say

TABLE_FILES = {fname: name for name, fname in schema.FILES.items()}


def add(sub) -> None:
    m = sub.add_parser("migrate", help="migrate the schema, seed an empty store from data/")
    m.add_argument("--data-dir", type=Path, default=DATA_DIR, help="the seed (default: data/)")
    m.set_defaults(run=with_store(migrate))
    p = sub.add_parser("publish", help="publish a workbook, a data directory or one table file")
    p.add_argument("path", type=Path)
    p.add_argument("--note", required=True)
    p.add_argument("--author", default=None)
    p.add_argument("--parent", type=int, default=None, help="the version the change is based on")
    p.set_defaults(run=with_store(publish))
    sub.add_parser("versions", help="list the versions").set_defaults(run=with_store(versions))
    d = sub.add_parser("diff", help="what changed from version A to version B")
    d.add_argument("a", type=int)
    d.add_argument("b", type=int)
    d.set_defaults(run=with_store(diff))
    r = sub.add_parser("rollback", help="make version N current again")
    r.add_argument("number", type=int)
    r.add_argument("--note", required=True)
    r.add_argument("--author", default=None)
    r.add_argument(
        "--base",
        type=int,
        default=None,
        help="the version you saw as current: refused (exit 2) if another is current now",
    )
    r.set_defaults(run=with_store(rollback))
    e = sub.add_parser("export", help="a version as a workbook")
    e.add_argument("--version", type=int, default=None)
    e.add_argument("out", type=Path)
    e.add_argument(
        "--codes", action="store_true", help="the layout of /download/dataset.xlsx (English codes)"
    )
    e.set_defaults(run=with_store(export))


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
    with path.open("rb") as handle:
        fmt = other_format(handle.read(4096), path.suffix.lower())
    if fmt:
        raise v.StoreError(f"{path.name}: {save_as_xlsx(fmt)}")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        files, problems = wb.read_workbook(path.read_bytes(), path.name, current)
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


def publish(args, engine) -> int:
    parent = args.parent if args.parent is not None else v.current_number(engine)
    current = v.version_files(engine, parent) if parent is not None else {}
    files, problems, workbook = read_input(args.path, current)
    files = recompute(files, current)  # as publish_files does: the default line reads the same files
    # the directory name problems show: the workbook's or directory's own, a table file's folder
    label = args.path.name if workbook or args.path.is_dir() else (args.path.resolve().parent.name or "data")
    try:
        if problems:  # the sheets' own problems, then every validation problem of what was read
            if files:
                v.validate_files(files, label)
            raise DataError([])
        result = v.publish_files(engine, files, args.note, author(args.author), parent=parent, label=label)
    except DataError as err:
        problems = merged_problems(problems, err.problems)
        for p in problems:
            print(problem_line(p, label, workbook, args.lang))
        print(say("not_published", args.lang, n=len(problems)))
        return 1
    except v.NoChanges as err:
        print(say("no_changes", args.lang, n=err.number))
        return 0
    print(say("published", args.lang, n=result.number, parent=result.parent, checksum=result.checksum[:12]))
    print("\n".join(diff_lines(result.summary, args.lang, names({**current, **files}))))
    print(default_line(current, files, label, args.lang))
    return 0


def default_line(current: dict[str, bytes], files: dict[str, bytes], label: str, lang: str = "en") -> str:
    """Whether the publish changed the period the views open on (metrics.preview.default_change)."""
    try:  # the current version was valid under the rules of its day; these may be stricter
        before = v.validate_files(current, "current") if current else None
    except DataError:
        before = None
    return preview.default_change_text(before, v.validate_files(wb.canonical_files(files), label), lang)


def versions(_args, engine) -> int:
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


def migrate(args, engine) -> int:
    v.migrate(engine)
    _number, message = v.seed(engine, args.data_dir)
    print(f"migrated {engine.url.render_as_string(hide_password=True)}")
    print(message)
    if is_sqlite(str(engine.url)):
        print("note: SQLite keeps the data on this machine only; set DATABASE_URL on a host that restarts")
    return 0


def diff(args, engine) -> int:
    summary = v.version_diff(engine, args.a, args.b)
    print(say("diff", args.lang, a=args.a, b=args.b))
    named = names({**v.version_files(engine, args.a), **v.version_files(engine, args.b)})
    print("\n".join(diff_lines(summary, args.lang, named)))
    return 0


def rollback(args, engine) -> int:
    try:
        result = v.rollback(engine, args.number, args.note, author(args.author), base=args.base)
    except v.NoChanges as err:
        print(say("rollback_same", args.lang, n=args.number, c=err.number))
        return 0
    print(say("restored", args.lang, n=result.number, r=args.number, parent=result.parent))
    print("\n".join(diff_lines(result.summary, args.lang, names(v.version_files(engine, args.number)))))
    return 0


def export(args, engine) -> int:
    data = v.export_workbook(engine, args.version, clerk=not args.codes)
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data)} bytes)")
    return 0
