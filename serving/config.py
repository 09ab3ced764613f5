"""Configuration read from environment variables, parsed explicitly.

Every setting has a default that is safe in production; `bool("False")` traps are avoided by
parsing booleans from a fixed vocabulary and refusing anything else.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigError(ValueError):
    """An environment variable holds a value the app cannot use."""


def parse_bool(name: str, raw: str | None, default: bool) -> bool:
    """Parse a boolean setting; unknown words are an error, not a silent True."""
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ConfigError(f"{name}={raw!r}: expected one of 1/0, true/false, yes/no, on/off")


def parse_int(name: str, raw: str | None, default: int, low: int, high: int) -> int:
    """Parse an integer setting within [low, high]."""
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name}={raw!r}: expected an integer") from None
    if not low <= value <= high:
        raise ConfigError(f"{name}={raw!r}: expected {low}..{high}")
    return value


ON_DATA_ERROR = ("fail", "unavailable")
_SOURCE = re.compile(r"^('none'|'self'|(https?://)?[A-Za-z0-9*][A-Za-z0-9.*-]*(:[0-9*]+)?(/[^\s;,]*)?)$")


def parse_frame_ancestors(raw: str | None) -> str:
    """CSP `frame-ancestors` sources (e.g. `'self' https://wall.example.gov.cn`); a value that
    could smuggle another directive (`;`, `,`, quotes other than 'self'/'none') is refused."""
    if raw is None or raw.strip() == "":
        return "'none'"
    sources = raw.split()
    bad = [s for s in sources if not _SOURCE.match(s)]
    if bad:
        raise ConfigError(f"GETDZ_FRAME_ANCESTORS={raw!r}: not a CSP source: {bad[0]!r}")
    return " ".join(sources)


def parse_choice(name: str, raw: str | None, default: str, choices: tuple[str, ...]) -> str:
    """Parse a setting that must be one word of `choices` (case-insensitive)."""
    if raw is None or raw.strip() == "":
        return default
    word = raw.strip().lower()
    if word not in choices:
        raise ConfigError(f"{name}={raw!r}: expected one of {', '.join(choices)}")
    return word


_HOST = re.compile(
    r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\.?)$"
)
_PORT = re.compile(r"^[0-9]{1,5}$")


def split_host(hostport: str) -> tuple[str, str] | None:
    """(lower-case host name, port or "") of a `Host` header value, or None if it is not one."""
    hostport = hostport.strip()
    if hostport.startswith("["):
        host, _, rest = hostport.partition("]")
        host += "]"
        port = rest[1:] if rest.startswith(":") else ("" if not rest else None)
    else:
        host, _, port = hostport.partition(":")
    if port is None or (port and not _PORT.match(port)) or not _HOST.match(host) or len(host) > 253:
        return None
    return host.lower().rstrip("."), port


def parse_public_url(raw: str | None) -> str:
    """`GETDZ_PUBLIC_URL`: the absolute root URL the app is reached at (`https://getdz.example.gov.cn/`);
    "" when unset. Normalised to end with one `/`; a query, fragment or user part is refused."""
    from urllib.parse import urlsplit

    if raw is None or raw.strip() == "":
        return ""
    value = raw.strip()
    parts = urlsplit(value)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or "@" in parts.netloc
        or parts.query
        or parts.fragment
        or split_host(parts.netloc) is None
        or not re.fullmatch(r"[A-Za-z0-9._~/-]*", parts.path)
    ):
        raise ConfigError(f"GETDZ_PUBLIC_URL={raw!r}: expected http(s)://host[:port][/path]")
    return f"{parts.scheme}://{parts.netloc.lower()}{parts.path.rstrip('/')}/"


def parse_allowed_hosts(raw: str | None) -> tuple[str, ...]:
    """`GETDZ_ALLOWED_HOSTS`: host names (comma or space separated) whose `Host` header may appear
    in generated absolute URLs; () when unset (then only loopback names and the public URL's host)."""
    if raw is None or raw.strip() == "":
        return ()
    names = [n for n in re.split(r"[\s,]+", raw.strip()) if n]
    hosts = []
    for name in names:
        parsed = split_host(name)
        if parsed is None or parsed[1]:
            raise ConfigError(f"GETDZ_ALLOWED_HOSTS={raw!r}: not a host name: {name!r}")
        hosts.append(parsed[0])
    return tuple(hosts)


def parse_label(name: str, raw: str | None, default: str, longest: int = 60) -> str:
    """A short printed line (the briefing's issuing unit and classification): one line of text."""
    if raw is None:
        return default
    text = raw.strip()
    if len(text) > longest or any(ord(c) < 32 for c in text):
        raise ConfigError(f"{name}={raw!r}: expected one line of at most {longest} characters")
    return text


_HEADER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,63}$")


def parse_header_name(name: str, raw: str | None) -> str:
    """An HTTP header name (`X-Remote-User`), "" when unset; anything else stops the boot."""
    if raw is None or raw.strip() == "":
        return ""
    value = raw.strip()
    if not _HEADER.match(value):
        raise ConfigError(f"{name}={raw!r}: expected a header name such as X-Remote-User")
    return value


@dataclass(frozen=True)
class Settings:
    """The app's settings. Build with `Settings.from_env()`; tests pass overrides."""

    data_dir: str | None = None
    build_id: str = ""
    frame_ancestors: str = "'none'"
    force_hsts: bool = False
    max_content_length: int = 1_048_576
    static_cache_dir: str | None = None
    precompress: bool = True
    log_level: str = "INFO"
    # "fail" (default): invalid data stops the boot. "unavailable": boot anyway and answer 503
    # (for hosts without a release phase, so the previous instance stays in rotation).
    on_data_error: str = "fail"
    # Absolute links (briefing QR code, workbook link cells): GETDZ_PUBLIC_URL, else the request's
    # host if allowed (serving/urls.py), else relative links.
    public_url: str = ""
    allowed_hosts: tuple[str, ...] = ()
    # The briefing's issuing unit (empty: the zone's name) and classification line (empty: none).
    issuer: str = ""
    classification: str = "内部资料"
    # /admin (editing on the store) signs its session cookie with it; without it /admin explains.
    secret_key: str = field(default="", repr=False)
    # Who may see what (admin/gate.py): every page, file and callback to signed-in users only.
    require_signin: bool = False
    # An intranet single sign-on proxy's header naming the user, believed from FORWARDED_ALLOW_IPS.
    trusted_user_header: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        level = env.get("GETDZ_LOG_LEVEL", "INFO").strip().upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ConfigError(f"GETDZ_LOG_LEVEL={level!r}: expected DEBUG, INFO, WARNING or ERROR")
        return cls(
            data_dir=env.get("GETDZ_DATA_DIR") or None,
            build_id=(
                env.get("GETDZ_BUILD_ID")
                or env.get("SOURCE_VERSION")
                or env.get("HEROKU_SLUG_COMMIT")
                or env.get("RENDER_GIT_COMMIT")
                or env.get("GIT_REV")
                or ""
            ).strip()[:40],
            frame_ancestors=parse_frame_ancestors(env.get("GETDZ_FRAME_ANCESTORS")),
            force_hsts=parse_bool("GETDZ_FORCE_HSTS", env.get("GETDZ_FORCE_HSTS"), False),
            max_content_length=parse_int(
                "GETDZ_MAX_CONTENT_LENGTH",
                env.get("GETDZ_MAX_CONTENT_LENGTH"),
                1_048_576,
                16_384,
                16_777_216,
            ),
            static_cache_dir=env.get("GETDZ_STATIC_CACHE_DIR") or None,
            precompress=parse_bool("GETDZ_PRECOMPRESS", env.get("GETDZ_PRECOMPRESS"), True),
            log_level=level,
            on_data_error=parse_choice(
                "GETDZ_ON_DATA_ERROR", env.get("GETDZ_ON_DATA_ERROR"), "fail", ON_DATA_ERROR
            ),
            public_url=parse_public_url(env.get("GETDZ_PUBLIC_URL")),
            allowed_hosts=parse_allowed_hosts(env.get("GETDZ_ALLOWED_HOSTS")),
            issuer=parse_label("GETDZ_ISSUER", env.get("GETDZ_ISSUER"), ""),
            classification=parse_label("GETDZ_CLASSIFICATION", env.get("GETDZ_CLASSIFICATION"), "内部资料"),
            secret_key=(env.get("SECRET_KEY") or "").strip(),
            require_signin=parse_bool("GETDZ_REQUIRE_SIGNIN", env.get("GETDZ_REQUIRE_SIGNIN"), False),
            trusted_user_header=parse_header_name(
                "GETDZ_TRUSTED_USER_HEADER", env.get("GETDZ_TRUSTED_USER_HEADER")
            ),
        )
