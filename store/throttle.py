"""The sign-in throttle: attempts are counted before the password is hashed, atomically, per
(address, account), per address and per account, with a growing delay past each limit rather
than a lockout anyone can trigger.

A try first claims its keys in one transaction (the rows locked: a row lock on PostgreSQL, the
write lock on SQLite), so 40 concurrent tries on any number of instances get at most the limit's
password checks. Past a key's limit, the next try must wait `BASE` seconds, then twice that, up to
`MAX_WAIT`; a key left alone for `WINDOW` starts afresh. A success gives its count back.

The address is the peer's, or the last `X-Forwarded-For` entry only when the peer is a trusted
proxy (`FORWARDED_ALLOW_IPS`, as gunicorn decides): a spoofed header from anyone else changes
nothing, so one address cannot lock another out.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from . import tables as T

# free tries per key before the delay starts
LIMITS = {"pair": 5, "addr": 20, "acct": 50}
BASE = dt.timedelta(seconds=30)
MAX_WAIT = dt.timedelta(minutes=15)
WINDOW = dt.timedelta(minutes=15)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)  # SQLite returns naive times


def keys(name: str, address: str) -> dict[str, str]:
    return {
        "pair": f"pair:{address[:64]}|{name[:64]}",
        "addr": f"addr:{address[:64]}",
        "acct": f"acct:{name[:64]}",
    }


def delay(kind: str, failures: int) -> dt.timedelta:
    """The wait after `failures` counted tries on a key of `kind` (0 below its limit)."""
    over = failures - LIMITS[kind]
    return dt.timedelta(0) if over < 0 else min(BASE * 2**over, MAX_WAIT)


def _insert(engine: Engine):
    return (postgresql if engine.dialect.name == "postgresql" else sqlite).insert(T.login_throttle)


def claim(engine: Engine, name: str, address: str) -> dt.timedelta:
    """Count a sign-in try before its password is checked. Returns the wait still due (zero:
    go on and check the password; more: refuse, nothing counted)."""
    t = T.login_throttle
    at = now()
    wanted = keys(name, address)
    with engine.begin() as conn:
        for key in wanted.values():  # a write first: the rows (and SQLite's write lock) are ours
            conn.execute(
                _insert(engine)
                .values(key=key, failures=0, blocked_until=at, updated_at=at)
                .on_conflict_do_nothing(index_elements=["key"])
            )
        rows = {
            r.key: r
            for r in conn.execute(select(t).where(t.c.key.in_(list(wanted.values()))).with_for_update())
        }
        state = {}
        for kind, key in wanted.items():
            row = rows[key]
            fresh = _utc(row.updated_at) < at - WINDOW
            state[kind] = (0 if fresh else row.failures, at if fresh else _utc(row.blocked_until))
        wait = max(until - at for _, until in state.values())
        if wait > dt.timedelta(0):
            return wait
        for kind, (failures, _) in state.items():
            conn.execute(
                update(t)
                .where(t.c.key == wanted[kind])
                .values(failures=failures + 1, blocked_until=at + delay(kind, failures + 1), updated_at=at)
            )
        conn.execute(delete(t).where(t.c.updated_at < at - 4 * WINDOW))
    return dt.timedelta(0)


def succeeded(engine: Engine, name: str, address: str) -> None:
    """A right password: the pair starts afresh and the address and account get their try back."""
    t = T.login_throttle
    wanted = keys(name, address)
    at = now()
    with engine.begin() as conn:
        conn.execute(delete(t).where(t.c.key == wanted["pair"]))
        for kind in ("addr", "acct"):
            row = conn.execute(select(t).where(t.c.key == wanted[kind]).with_for_update()).first()
            if row is not None:
                failures = max(row.failures - 1, 0)
                conn.execute(
                    update(t)
                    .where(t.c.key == wanted[kind])
                    .values(failures=failures, blocked_until=at + delay(kind, failures))
                )
