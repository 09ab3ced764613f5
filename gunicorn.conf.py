"""gunicorn settings for Heroku-style hosts (read automatically from the working directory).

Environment: PORT (default 8050), HOST (default 0.0.0.0), WEB_CONCURRENCY (workers, default 2),
GUNICORN_THREADS (default 4). Timeouts stay below Heroku's 30 s router and kill windows.
"""

import logging
import os

from serving import live, logs
from serving.config import Settings

# glibc gives each thread its own malloc arena and keeps freed memory there: with gthread workers
# that is tens of MB per worker that never comes back. MALLOC_ARENA_MAX=2 keeps RSS flat, but glibc
# reads it once, at the process's first malloc: it must be in the environment gunicorn starts with
# (the Procfile and `make run` set it). Setting it here, or in raw_env, has no effect (checked with
# malloc_stats() in a forked child: 9 arenas either way, 2 when set before exec).
MALLOC_ARENA_MAX = os.environ.get("MALLOC_ARENA_MAX")
try:
    MAX_BODY = Settings.from_env().max_content_length
except ValueError:  # a bad setting: the app's boot stops and names it
    MAX_BODY = Settings().max_content_length

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8050')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "serving.worker.HeadBufferingWorker"  # gthread that buffers slow heads and bodies
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
preload_app = True  # load data once in the master; workers share its memory
timeout = 25
graceful_timeout = 20
keepalive = 5
max_requests = 2000
max_requests_jitter = 1000  # 2,000-3,000 per worker: workers under even load must not recycle together
accesslog = "-"
errorlog = "-"
logger_class = logs.access_logger_class()  # one JSON object per request, through an encoder
control_socket_disable = True  # gunicorn >= 25 opens a control socket unless told not to
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def pre_request(worker, req):
    """A body larger than the app accepts is answered 413 without being read: close that
    connection, and say so (`Connection: close`), instead of offering keep-alive and then closing."""
    worker.log.debug("%s %s", req.method, req.path)
    length = next((value for name, value in req.headers if name == "CONTENT-LENGTH"), "")
    if length.isdigit() and int(length) > MAX_BODY:
        req.must_close = True


def when_ready(server):
    """In the master, after the app is preloaded and before the workers are forked: render every
    page once, so workers inherit a warm app, then keep what they inherit shared (gc.freeze, see
    serving/warmup.py)."""
    from serving import warmup

    live.STARTED_AFTER_FORK = True  # post_fork starts the version watchers in each worker
    if not MALLOC_ARENA_MAX:
        logging.getLogger("getdz").warning(
            "MALLOC_ARENA_MAX is not set: workers may grow by tens of MB (see README, Deployment)"
        )
    warmup.warm(server.app.wsgi())
    warmup.prepare_fork()


def post_fork(server, worker):
    """In each worker: follow the dataset store's current version (serving/live.py), and build what
    the app asked to have ready in the background (the filters' variants)."""
    from serving import warmup

    live.start_watchers()
    warmup.warm_in_background(worker.app.wsgi())
