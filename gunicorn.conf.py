"""Production serving: `PORTAL_ENV=production SECRET_KEY=... DATABASE_URL=postgresql+psycopg://... gunicorn wsgi:app`.

Behind a TLS-terminating proxy (set PROXY_FIX=1 and TRUSTED_HOSTS). With several workers, rate limits must be shared:
set REDIS_URL (or RATELIMIT_STORAGE_URI)=redis://127.0.0.1:6379. Without Redis, production starts only with exactly one
worker and RATELIMIT_SINGLE_WORKER=1 (portal.config.check_rate_limit_workers): otherwise every worker counts on its own.
"""

import gc
import multiprocessing
import os

from portal.config import check_rate_limit_workers

bind = os.environ.get("BIND", "127.0.0.1:8000")
_single = os.environ.get("RATELIMIT_SINGLE_WORKER") == "1"
workers = int(os.environ.get("WEB_CONCURRENCY", 1 if _single else multiprocessing.cpu_count() * 2 + 1))
check_rate_limit_workers(os.environ, workers)
worker_class = "sync"
timeout = 30
graceful_timeout = 30
# The app is built once in the master and every worker is a fork of it: a new worker costs a fork (~0.01 s of CPU)
# instead of importing and building the app (~1 s), and the imported code is shared between workers until written.
# Fork-safety: the database pool is emptied in the child (portal/db.py), Redis clients reconnect by pid (redis-py),
# and create_app opens no connection. A code change needs a restart (or USR2), not a HUP.
preload_app = True
# Recycling stays as a guard against a slow leak; with preload it is cheap, so it can stay frequent.
max_requests = 2000
max_requests_jitter = 200  # so the workers do not restart together
limit_request_line = 4094
limit_request_fields = 50
accesslog = "-"
# No query strings, no tokens and no client address in the access log: the anonymous money check and anonymous
# questions must not become linkable to a person through our own logs. The rate limiter keeps addresses in memory.
access_log_format = '"%(m)s %(U)s" %(s)s %(b)s %(D)sus'
logger_class = "portal.access_log.RedactingLogger"  # resume and referral tokens in paths become "…"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):
    """The worker count as gunicorn will really use it (a -w on the command line overrides this file)."""
    check_rate_limit_workers(os.environ, server.cfg.workers)


def when_ready(server):
    """The dummy argon2 hash (an unknown account's login checks against it) is made here, once, in the master after
    the app set the hash profile; every worker inherits it. Made lazily in each worker instead, the first unknown
    login of each worker would cost a hash and a verify, and so be slower than a login of a real account."""
    from portal import passwords

    passwords.dummy_hash()


def pre_fork(server, worker):
    """Objects the master made are never collected again: the collector would otherwise write to (and so copy) every
    page of them in each worker."""
    gc.freeze()


def nworkers_changed(server, new_value, old_value):
    """More workers by signal (TTIN) would split the counts too."""
    check_rate_limit_workers(os.environ, new_value)
