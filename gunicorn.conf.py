"""gunicorn settings for production: `gunicorn iom_site.wsgi:application` (run from here).

Every value can be overridden by the environment (GUNICORN_BIND, GUNICORN_WORKERS, …) or on
the command line. App servers keep no state: run as many as needed behind a load balancer.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: the pages are short and CPU-bound (a few ms of CPU each, no slow I/O to wait
# on), so threads or async workers would add overhead without adding throughput.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Import the site once, in the master, before forking the workers: a worker that imports it
# itself spends about 3 s doing so (then about 1 s more on its first request) before it serves
# anything, and under load that is seconds of a core lost each time one is (re)started.
# Safe here: importing the site opens no database connection and no socket (Django connects
# on the first query, in the worker). The catch: code changes need a restart, not a HUP.
preload_app = True
# Recycle workers now and then so a slow leak cannot grow without bound, but rarely: at full
# load a worker answers several hundred requests a second, so 2,000 meant a restart (and a cold
# worker) every few seconds. The jitter keeps the workers from restarting at the same moment.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
# Access log on stdout, errors on stderr: the process manager collects both.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# gunicorn 27 would otherwise create a control socket under ~/.gunicorn.
control_socket_disable = True
# Behind the TLS-terminating proxy on the same host (deploy/nginx.conf): gunicorn believes its
# X-Forwarded-Proto from there only. Widen with FORWARDED_ALLOW_IPS when the proxy is on another
# host. The client's address is Django's business (DJANGO_TRUSTED_PROXIES), not gunicorn's.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
