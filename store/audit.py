"""The audit list: every sign-in (and failed one), publish, rollback and account change, with who,
when and from where. Rows are only ever added."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, func, insert, select

from . import tables as T

ACTIONS = (
    "signin",
    "signin_failed",
    "signin_throttled",
    "signout",
    "publish",
    "override",
    "rollback",
    "user_add",
    "user_role",
    "user_disable",
    "user_enable",
    "user_password",
)


def record(engine: Engine, user: str, action: str, detail: str = "", address: str = "-") -> None:
    assert action in ACTIONS, action
    with engine.begin() as conn:
        conn.execute(
            insert(T.audit).values(
                at=dt.datetime.now(dt.UTC),
                user_name=user[:64] or "-",
                action=action,
                detail=detail[:2000],
                address=address[:64] or "-",
            )
        )


def recent(engine: Engine, limit: int = 200, offset: int = 0) -> list[dict]:
    """The newest entries first."""
    a = T.audit
    with engine.connect() as conn:
        rows = conn.execute(select(a).order_by(a.c.id.desc()).limit(limit).offset(offset)).mappings()
        return [dict(r) for r in rows]


def count(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(T.audit)).scalar_one()
