"""gunicorn, as Taskforce runs in production (`make serve`; read from the project root).

Sync workers, one per core: a request is mostly Python and the database on this
machine, so more workers than cores only queue on the CPU. Everything can be changed
from the environment: BIND (default 127.0.0.1:8000), WEB_CONCURRENCY (workers),
GUNICORN_TIMEOUT (seconds a request may take), ACCESS_LOG ("-" for stdout, a path,
or "off"), FORWARDED_ALLOW_IPS (the load balancer's address, trusted for
X-Forwarded-Proto).
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY") or os.cpu_count() or 2)
# A spreadsheet of every task of a large committee streams for a while; a sync worker
# that takes longer than this is killed, so it is set above the largest export measured
# (docs/performance.md).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "300"))
graceful_timeout = 30
# Load the app before forking: workers share its memory and start ready; the database
# connections are opened by each worker (Django opens them lazily, per process).
preload_app = True
# Recycle a worker now and then, so a slow leak in any library stays bounded.
max_requests = int(os.environ.get("MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
_access_log = os.environ.get("ACCESS_LOG", "-")
accesslog = None if _access_log == "off" else _access_log
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's control socket sits at one path per user: a second server on the machine
# (a benchmark beside `make serve`) would take it over. Nothing here uses it.
control_socket_disable = True
