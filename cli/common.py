"""What the commands share: running a command on the store (its errors said in one line and an
exit code), the author of a change, and reading a new password."""

from __future__ import annotations

import functools
import getpass
import os
import sys

from sqlalchemy.exc import SQLAlchemyError

from metrics import DataError
from store.db import database_url, make_engine
from store.versions import StoreError

from .words import problem_line, say


def with_store(command):
    """`run(args)` for `command(args, engine)`: opens the store (DATABASE_URL, else the embedded
    SQLite file), closes it after, and turns its errors into a message and an exit code."""

    @functools.wraps(command)
    def run(args) -> int:
        engine = make_engine(database_url())
        try:
            return command(args, engine)
        except DataError as err:
            lang = getattr(args, "lang", "zh")
            for p in err.problems:
                print(problem_line(p, "", False, lang))
            print(say("invalid", lang, n=len(err.problems)))
            return 1
        except StoreError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
        except SQLAlchemyError as err:
            reason = str(getattr(err, "orig", None) or err).strip().splitlines()[0]
            print(f"error: database: {reason}", file=sys.stderr)
            return 2
        finally:
            engine.dispose()

    return run


def author(given: str | None) -> str:
    if given:
        return given
    try:
        return os.environ.get("GETDZ_AUTHOR") or getpass.getuser()
    except Exception:  # no user name in a container
        return "unknown"


def read_password(stdin=None) -> str:
    """The new password: typed twice without echo on a terminal, else the first line of stdin
    (`heroku run`, a pipe). Never printed or logged."""
    stdin = sys.stdin if stdin is None else stdin
    if stdin.isatty():
        first = getpass.getpass("password: ")
        if getpass.getpass("again: ") != first:
            raise StoreError("the two passwords differ")
        return first
    return stdin.readline().rstrip("\r\n")
