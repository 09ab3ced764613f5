"""`users`: the accounts of /admin (the password is read from stdin, never echoed or logged)."""

from __future__ import annotations

from store import editors
from store.versions import StoreError

from .common import read_password, with_store


def add(sub) -> None:
    u = sub.add_parser("users", help="accounts of /admin: add NAME (password from stdin), list, disable NAME")
    u.add_argument("action", choices=("add", "list", "disable"))
    u.add_argument("name", nargs="?")
    u.set_defaults(run=with_store(users))


def users(args, engine) -> int:
    if args.action == "list":
        for row in editors.list_users(engine):
            state = "disabled" if row["disabled"] else "active"
            print(f"{row['name']:<24} {state:<9} since {row['created_at']:%Y-%m-%d}")
        return 0
    if not args.name:
        raise StoreError(f"users {args.action} needs a NAME")
    if args.action == "add":
        editors.add_user(engine, args.name, read_password())
        print(f"added editor {args.name}")
    else:
        editors.disable_user(engine, args.name)
        print(f"disabled editor {args.name} (signed out everywhere)")
    return 0
