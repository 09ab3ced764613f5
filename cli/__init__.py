"""One command line for every command: `python -m metrics <command>` (the documented entry point;
`metrics/__main__.py` only calls `main` here). This package sits above `metrics` and `store` and
imports both; neither imports it.

    check [--data-dir DIR]                   validate a data directory (default: the seed, data/)
    check --store                            validate the store's current version
    checks [--data-dir DIR]                  print the consistency-check table
    migrate                                  schema to the newest migration; seed an empty store
    publish PATH --note TEXT [--author NAME] [--parent N]
                                             PATH: a workbook like /admin/download's, a directory
                                             like data/, or one table file (observations.csv)
    versions                                 every version, newest first
    diff A B                                 what changed from version A to version B
    rollback N --note TEXT [--author NAME] [--base B]
                                             make version N's content current again (a new
                                             version); with --base, refused if B is not current
    export [--version N] OUT.xlsx            a version as a workbook
    users add NAME [--role R] | list | disable NAME | enable NAME | role NAME R | password NAME
                                             accounts of /admin (roles: viewer, editor, admin;
                                             a password is read from stdin)
    backup OUT.tar.gz                        a consistent copy of the store, one archive (+ .sha256)
    restore IN.tar.gz [--force]              a backup into an empty store (--force: replace)
    doctor [--url URL]                       settings, store, current version, disk, the app answers

Each module in COMMANDS adds its subcommands with `add(sub)`, each setting `run(args) -> int`
(`common.with_store` opens the store for a command that needs it).

Messages are in Chinese, problems naming the sheet, row and column as the workbook shows them;
`--lang en` after check, checks, migrate, publish, diff or rollback prints them in English.

Exit codes: 0 success (including "no changes"), 1 invalid data (every problem named: file or
sheet, line or row, column), 2 usage, conflict or connection errors.
"""

from __future__ import annotations

import argparse
import sys

from . import backup, data, doctor, users, versions
from .words import add_lang

COMMANDS = (data, versions, users, backup, doctor)
LANG_COMMANDS = ("check", "checks", "migrate", "publish", "diff", "rollback")


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m metrics",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = ap.add_subparsers(dest="command", required=True, metavar="command")
    for module in COMMANDS:
        module.add(sub)
    for name in LANG_COMMANDS:  # the others (users, doctor, backup) say each line in both
        add_lang(sub.choices[name])
    return ap


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(sys.argv[1:] if argv is None else list(argv))
    except SystemExit as exc:  # argparse: 2 on usage errors, 0 for --help
        return int(exc.code or 0)
    return args.run(args)
