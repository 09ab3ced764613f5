"""Accounts, sessions and staged uploads (the SQL of /admin; the throttle is `store.throttle`).

Passwords are hashed with scrypt (werkzeug's `generate_password_hash(method="scrypt")`, memory-
hard) and never stored, printed or logged. A session is a random token: the browser holds it (in a
signed cookie), the database its SHA-256, so a forged token matches nothing, an expired one is
refused here, and a sign-out ends it on every instance.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import secrets
import zipfile
from dataclasses import dataclass

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from . import passwords
from . import tables as T
from .versions import StoreError

# Names are case-folded (`Wang` and `wang` are one account): lower-case letters, digits, _ . @ -
NAME = re.compile(r"^[a-z0-9][a-z0-9_.@-]{0,63}$")
ROLES = ("viewer", "editor", "admin")  # each may do what the ones before it may
SESSION_HOURS = 8
STAGED_HOURS = 24
# Checked against when the account does not exist, so an unknown name takes as long as a known one.
_DUMMY = generate_password_hash("not a password, a timing equaliser", method="scrypt")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)  # SQLite returns naive times


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# ---------------------------------------------------------------- accounts


def fold(name: str) -> str:
    """The account name as stored and compared: trimmed and case-folded."""
    return name.strip().casefold()


def check_name(name: str) -> str:
    folded = fold(name)
    if not NAME.match(folded):
        raise StoreError(f"bad user name {name!r}: letters, digits, _ . @ - (at most 64)")
    return folded


def check_new_password(password: str) -> None:
    reason = passwords.problem(password)
    if reason:
        raise StoreError(reason[1])


def add_user(engine: Engine, name: str, password: str, role: str = "editor") -> str:
    """Add an account; returns its (case-folded) name."""
    name = check_name(name)
    check_new_password(password)
    if role not in ROLES:
        raise StoreError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
    try:
        with engine.begin() as conn:
            conn.execute(
                insert(T.users).values(
                    name=name,
                    password_hash=generate_password_hash(password, method="scrypt"),
                    created_at=now(),
                    disabled=0,
                    role=role,
                )
            )
    except IntegrityError:
        raise StoreError(f"user {name!r} exists already") from None
    return name


def list_users(engine: Engine) -> list[dict]:
    u = T.users
    with engine.connect() as conn:
        rows = conn.execute(select(u.c.name, u.c.created_at, u.c.disabled, u.c.role).order_by(u.c.name))
        return [dict(r) for r in rows.mappings()]


def role_of(engine: Engine, name: str) -> str | None:
    """The role of an active account (None: no such account, or disabled)."""
    u = T.users
    with engine.connect() as conn:
        row = conn.execute(select(u.c.role, u.c.disabled).where(u.c.name == fold(name)[:64])).first()
    return None if row is None or row.disabled else row.role


def active_admins(engine: Engine) -> list[str]:
    u = T.users
    with engine.connect() as conn:
        rows = conn.execute(select(u.c.name).where(u.c.role == "admin", u.c.disabled == 0))
        return sorted(rows.scalars())


def _change(engine: Engine, name: str, **values) -> None:
    with engine.begin() as conn:
        done = conn.execute(update(T.users).where(T.users.c.name == fold(name)).values(**values))
        if done.rowcount == 0:
            raise StoreError(f"no user {name!r}")
        conn.execute(delete(T.sessions).where(T.sessions.c.user_name == fold(name)))


def disable_user(engine: Engine, name: str) -> None:
    """Disable an account and end its sessions (the account stays: history names it)."""
    _change(engine, name, disabled=1)


def enable_user(engine: Engine, name: str) -> None:
    _change(engine, name, disabled=0)


def set_role(engine: Engine, name: str, role: str) -> None:
    """Change an account's role (its sessions end: the next sign-in has the new role)."""
    if role not in ROLES:
        raise StoreError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
    _change(engine, name, role=role)


def set_password(engine: Engine, name: str, password: str) -> None:
    check_new_password(password)
    _change(engine, name, password_hash=generate_password_hash(password, method="scrypt"))


def check_password(engine: Engine, name: str, password: str) -> bool:
    """True for an active account with this password (an unknown name costs the same hash).
    Call `throttle.claim` first: it counts the try before this hashes."""
    with engine.connect() as conn:
        row = conn.execute(
            select(T.users.c.password_hash, T.users.c.disabled).where(T.users.c.name == fold(name)[:64])
        ).first()
    ok = check_password_hash(row.password_hash if row else _DUMMY, password)
    return bool(ok and row and not row.disabled)


# ---------------------------------------------------------------- sessions


@dataclass(frozen=True)
class Session:
    user: str
    csrf: str
    token_hash: str
    role: str = "editor"

    def may(self, role: str) -> bool:
        """This session's role is `role` or above (viewer < editor < admin)."""
        return ROLES.index(self.role) >= ROLES.index(role)


def start_session(engine: Engine, name: str) -> tuple[str, Session]:
    """A new session for `name`: (the token for the cookie, the session)."""
    name = fold(name)
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with engine.connect() as conn:
        role = conn.execute(select(T.users.c.role).where(T.users.c.name == name)).scalar() or "viewer"
    with engine.begin() as conn:
        conn.execute(delete(T.sessions).where(T.sessions.c.expires_at < now()))
        conn.execute(
            insert(T.sessions).values(
                token_hash=_hash(token),
                user_name=name,
                csrf=csrf,
                created_at=now(),
                expires_at=now() + dt.timedelta(hours=SESSION_HOURS),
            )
        )
    return token, Session(name, csrf, _hash(token), role)


def get_session(engine: Engine, token: str) -> Session | None:
    """The live session of `token` (None when unknown, expired, or its account disabled)."""
    s, u = T.sessions, T.users
    with engine.connect() as conn:
        row = conn.execute(
            select(s.c.user_name, s.c.csrf, s.c.expires_at, u.c.disabled, u.c.role)
            .join(u, u.c.name == s.c.user_name)
            .where(s.c.token_hash == _hash(token))
        ).first()
    if row is None or row.disabled or _utc(row.expires_at) <= now():
        return None
    return Session(row.user_name, row.csrf, _hash(token), row.role)


def end_session(engine: Engine, token_hash: str) -> None:
    with engine.begin() as conn:
        conn.execute(delete(T.sessions).where(T.sessions.c.token_hash == token_hash))


# ---------------------------------------------------------------- staged uploads


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(files):
            z.writestr(path, files[path])
    return out.getvalue()


def _unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def stage(engine: Engine, user: str, base_version: int, filename: str, files: dict[str, bytes]) -> str:
    """Keep an upload's files for the editor who previewed them; returns its id."""
    ident = secrets.token_hex(16)
    with engine.begin() as conn:
        conn.execute(
            delete(T.staged_uploads).where(
                T.staged_uploads.c.created_at < now() - dt.timedelta(hours=STAGED_HOURS)
            )
        )
        conn.execute(
            insert(T.staged_uploads).values(
                id=ident,
                user_name=user,
                base_version=base_version,
                created_at=now(),
                filename=filename[:200],
                files=_zip(files),
            )
        )
    return ident


def staged(engine: Engine, ident: str, user: str) -> tuple[int, str, dict[str, bytes]] | None:
    """(base version, file name, files) of an upload this editor staged, else None."""
    t = T.staged_uploads
    with engine.connect() as conn:
        row = conn.execute(
            select(t.c.base_version, t.c.filename, t.c.files).where(t.c.id == ident, t.c.user_name == user)
        ).first()
    return None if row is None else (row.base_version, row.filename, _unzip(bytes(row.files)))


def drop_staged(engine: Engine, ident: str) -> None:
    with engine.begin() as conn:
        conn.execute(delete(T.staged_uploads).where(T.staged_uploads.c.id == ident))
