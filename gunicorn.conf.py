"""Production serving: `PORTAL_ENV=production SECRET_KEY=... DATABASE_URL=postgresql+psycopg://... gunicorn wsgi:app`.

Behind a TLS-terminating proxy (set PROXY_FIX=1 and TRUSTED_HOSTS). With several workers, rate limits must be shared:
set REDIS_URL (or RATELIMIT_STORAGE_URI)=redis://127.0.0.1:6379.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 30
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then; jitter so they do not restart together
max_requests_jitter = 200
limit_request_line = 4094
limit_request_fields = 50
accesslog = "-"
# No query strings, no tokens and no client address in the access log: the anonymous money check and anonymous
# questions must not become linkable to a person through our own logs. The rate limiter keeps addresses in memory.
access_log_format = '"%(m)s %(U)s" %(s)s %(b)s %(D)sus'
logger_class = "portal.access_log.RedactingLogger"  # resume and referral tokens in paths become "…"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
