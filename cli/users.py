"""`users`: the accounts of /admin (a password is read from stdin, never echoed or logged). Every
change is in the audit list, by `cli:<the operating-system user>`."""

from __future__ import annotations

from store import audit, editors
from store.versions import StoreError

from .common import author, read_password, with_store

ACTIONS = ("add", "list", "disable", "enable", "role", "password")


def add(sub) -> None:
    u = sub.add_parser(
        "users",
        help="accounts of /admin: add NAME [--role R], list, disable NAME, enable NAME, role NAME R, "
        "password NAME (a password from stdin)",
    )
    u.add_argument("action", choices=ACTIONS)
    u.add_argument("name", nargs="?")
    u.add_argument("new_role", nargs="?", metavar="role", choices=editors.ROLES)
    u.add_argument("--role", default="editor", choices=editors.ROLES, help="for add (default: editor)")
    u.set_defaults(run=with_store(users))


def users(args, engine) -> int:
    if args.action == "list":
        for row in editors.list_users(engine):
            state = "disabled" if row["disabled"] else "active"
            print(f"{row['name']:<24} {row['role']:<7} {state:<9} since {row['created_at']:%Y-%m-%d}")
        return 0
    if not args.name:
        raise StoreError(f"users {args.action} needs a NAME")
    who = f"cli:{author(None)}"
    name = editors.fold(args.name)
    if args.action == "add":
        name = editors.add_user(engine, args.name, read_password(), role=args.role)
        detail, said = f"{name} ({args.role})", f"已添加账户 {name}({args.role}) / added {args.role} {name}"
    elif args.action == "role":
        if not args.new_role:
            raise StoreError("users role needs a NAME and a role: viewer, editor or admin")
        editors.set_role(engine, name, args.new_role)
        detail = f"{name} → {args.new_role}"
        said = f"{name} 的角色改为 {args.new_role},已退出登录 / {name} is now {args.new_role} (signed out)"
    elif args.action == "password":
        editors.set_password(engine, name, read_password())
        detail, said = name, f"已为 {name} 设置新密码,已在各处退出登录 / new password for {name} (signed out)"
    elif args.action == "enable":
        editors.enable_user(engine, name)
        detail, said = name, f"已启用 {name} / enabled {name}"
    else:
        editors.disable_user(engine, name)
        detail, said = name, f"已停用 {name},已在各处退出登录 / disabled {name} (signed out everywhere)"
    audit.record(engine, who, f"user_{args.action}", detail, "cli")
    print(said)
    return 0
