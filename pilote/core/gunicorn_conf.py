"""gunicorn's configuration, read from the environment (docs/dev/deploiement.md).

`pilote serve` runs `gunicorn -c python:pilote.core.gunicorn_conf pilote.wsgi:application`;
a systemd unit may run that command itself. A malformed value stops start-up with a message
naming the variable, as for the settings.
"""

import os

from pilote.settings.env import env_int, env_list

# Where to listen: host:port or unix:/path, several separated by commas. Behind a reverse proxy
# on the same machine, keep the loopback address.
bind = env_list("PILOTE_BIND", ["127.0.0.1:8000"])
# Processes × threads: each process holds the application (~150 MB); threads overlap the time
# spent waiting for the database. Defaults for a 2-core machine: 2 processes × 4 threads.
workers = env_int("PILOTE_WEB_WORKERS", os.cpu_count() or 2, minimum=1)
threads = env_int("PILOTE_WEB_THREADS", 4, minimum=1)
worker_class = "gthread"
# Imports and PDF reports still run inside the request: allow them two minutes.
timeout = env_int("PILOTE_WEB_TIMEOUT", 120, minimum=1)
graceful_timeout = 30
# Idle keep-alive connections are closed after this many seconds. A client (a reverse proxy,
# a browser) that sends on a connection at the moment the server closes it gets a reset: keep
# this longer than the proxy's own idle timeout towards gunicorn (nginx: keepalive_timeout of
# the upstream block). 5 s gave one reset in 2,000 requests of the load test.
keepalive = env_int("PILOTE_WEB_KEEPALIVE", 20, minimum=1)
# A worker is replaced after ~20,000 requests, so that a slow leak never grows unbounded. Each
# replacement starts the application again (seconds of CPU) with empty caches: at 1,000, the
# load test's 23 requests per second replaced a worker every 90 s.
max_requests = 20000
max_requests_jitter = 2000

# Logs: the application writes one JSON line per request with the user (pilote.core.request_log),
# so gunicorn's own access log stays off; its errors go to stderr.
accesslog = None
errorlog = "-"
loglevel = "info"
# Whether a request came over HTTPS is Django's decision (PILOTE_BEHIND_PROXY), never gunicorn's.
secure_scheme_headers = {}
forwarded_allow_ips = ""
# gunicorn 27's control socket (one per user, in ~/.gunicorn) is not used.
control_socket_disable = True
proc_name = "pilote"
