"""gunicorn settings for Heroku-style hosts (read automatically from the working directory).

Environment: PORT (default 8050), HOST (default 0.0.0.0), WEB_CONCURRENCY (workers, default 2),
GUNICORN_THREADS (default 4). Timeouts stay below Heroku's 30 s router and kill windows.
"""

import ctypes
import ctypes.util
import os


def _limit_malloc_arenas(count: int = 2) -> None:
    """glibc gives each thread its own malloc arena and keeps freed memory there; with gthread
    workers that is tens of MB per worker that never comes back (measured with `python -m bench`).
    Two arenas keep RSS flat; the setting is inherited by the forked workers."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(-8, count)  # M_ARENA_MAX
    except (OSError, AttributeError):  # not glibc: nothing to tune
        pass


_limit_malloc_arenas(int(os.environ.get("GETDZ_MALLOC_ARENAS", "2")))

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8050')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
preload_app = True  # load data once in the master; workers share its memory
timeout = 25
graceful_timeout = 20
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
access_log_format = (
    '{"remote":"%(h)s","method":"%(m)s","path":"%(U)s","status":%(s)s,"bytes":"%(B)s","ms":%(M)s}'
)
control_socket_disable = True  # gunicorn >= 25 opens a control socket unless told not to
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    """In the master, after the app is preloaded and before the workers are forked: render every
    page once, so workers inherit a warm app (see serving/warmup.py)."""
    from serving import warmup

    warmup.warm(server.app.wsgi())


def post_fork(server, worker):
    """In each worker: follow the dataset store's current version (serving/live.py)."""
    from serving import live

    live.start_watchers()
