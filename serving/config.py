"""Configuration read from environment variables, parsed explicitly.

Every setting has a default that is safe in production; `bool("False")` traps are avoided by
parsing booleans from a fixed vocabulary and refusing anything else.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping

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

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
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
            frame_ancestors=(env.get("GETDZ_FRAME_ANCESTORS") or "'none'").strip(),
            force_hsts=parse_bool("GETDZ_FORCE_HSTS", env.get("GETDZ_FORCE_HSTS"), False),
            max_content_length=parse_int(
                "GETDZ_MAX_CONTENT_LENGTH", env.get("GETDZ_MAX_CONTENT_LENGTH"),
                1_048_576, 16_384, 16_777_216,
            ),
            static_cache_dir=env.get("GETDZ_STATIC_CACHE_DIR") or None,
            precompress=parse_bool("GETDZ_PRECOMPRESS", env.get("GETDZ_PRECOMPRESS"), True),
            log_level=level,
        )
