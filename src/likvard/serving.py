"""gunicorn settings for `likvard serve`, the production HTTP server.

Threads, not more processes: a page spends part of its time waiting for
PostgreSQL, and threads share one copy of the application per process. One
process per core keeps both cores busy despite the GIL. Every value can be
overridden by the environment (see `.env.example`) or on the command line.
"""

import os

bind = os.environ.get("LIKVARD_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("LIKVARD_WORKERS") or os.cpu_count() or 2)
threads = int(os.environ.get("LIKVARD_THREADS", "4"))
worker_class = "gthread"
# A request that runs this long is stuck; its worker is replaced.
timeout = int(os.environ.get("LIKVARD_REQUEST_TIMEOUT", "60"))
# Off unless asked for: the audit log already records who read what, and a URL's
# query string is free text a log must not hold (docs/security.md).
accesslog = os.environ.get("LIKVARD_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("LIKVARD_LOG_LEVEL", "info").lower()
forwarded_allow_ips = os.environ.get("LIKVARD_FORWARDED_ALLOW_IPS", "127.0.0.1")
