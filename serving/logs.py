"""Structured (one JSON object per line) logs to stdout, as Heroku-style hosts collect them."""

from __future__ import annotations

import json
import logging
import sys
import time


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message and any exception text."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + "Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(level: str) -> None:
    """Send the app's loggers to stdout as JSON; idempotent."""
    root = logging.getLogger()
    if not any(getattr(h, "_getdz", False) for h in root.handlers):
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(JsonFormatter())
        handler._getdz = True
        root.addHandler(handler)
    root.setLevel(level)


def access_entry(atoms: dict) -> str:
    """One access-log line from gunicorn's atoms, written by the JSON encoder: a `%0a` or a quote
    in a path stays inside its string instead of splitting or breaking the line."""
    status = atoms.get("s")
    return json.dumps(
        {
            "remote": atoms.get("h"),
            "method": atoms.get("m"),
            "path": atoms.get("U"),
            "status": int(status) if str(status).isdigit() else status,
            "bytes": atoms.get("B"),
            "ms": atoms.get("M"),
            "pid": atoms.get("p"),
        },
        ensure_ascii=False,
    )


def access_logger_class():
    """gunicorn's logger, with `access()` writing `access_entry` lines (gunicorn.conf.py's
    `logger_class`); imported lazily, so the app itself never needs gunicorn."""
    from gunicorn import glogging

    class AccessLog(glogging.Logger):
        def access(self, resp, req, environ, request_time):
            if self.access_log_enabled:
                self.access_log.info("%s", access_entry(self.atoms(resp, req, environ, request_time)))

    return AccessLog
