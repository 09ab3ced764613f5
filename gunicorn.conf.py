"""gunicorn settings for Heroku-style hosts (read automatically from the working directory).

Environment: PORT (default 8050), HOST (default 0.0.0.0), WEB_CONCURRENCY (workers, default 2),
GUNICORN_THREADS (default 4). Timeouts stay below Heroku's 30 s router and kill windows.
"""

import os

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
access_log_format = '{"remote":"%(h)s","method":"%(m)s","path":"%(U)s","status":%(s)s,"bytes":"%(B)s","ms":%(M)s}'
control_socket_disable = True  # gunicorn >= 25 opens a control socket unless told not to
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
