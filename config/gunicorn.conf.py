"""gunicorn's settings: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Sync workers: the pages are short database work, and the long jobs (the samlet statusrapport's PDF)
belong to the task worker, not to a web worker."""

import multiprocessing
import os


def _int(name, default):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number; got {raw!r}.") from None


wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{_int('PORT', 8000)}")

# Two workers a core and one more, never more than WEB_CONCURRENCY: a worker rendering a report as
# PDF holds some hundred MB, so the cap keeps a small machine out of swap.
workers = 2 * multiprocessing.cpu_count() + 1
if os.environ.get("WEB_CONCURRENCY"):
    workers = max(1, min(workers, _int("WEB_CONCURRENCY", workers)))

# A single report as PDF takes seconds; a minute means something hangs.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5

# Restart each worker now and then (WeasyPrint does not give memory back). Each worker draws its
# limit between max_requests and max_requests + jitter; with a jitter of half the limit the
# workers' restarts spread over hundreds of requests (with 100 of 1000, three workers sharing
# the load restarted within the same 10 seconds).
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", max_requests // 2)

# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Only the proxy on this machine may say that a request came over HTTPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Both logs to stdout/stderr for journald or the container runtime. The access log leaves out the
# query string (%(U)s is the path alone): search words and names typed into forms stay out of it.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%({x-request-id}o)s"'


def post_worker_init(worker):
    """Each worker imports its views, reads its translations and compiles its templates before its
    first request (config/warmup.py), so no user's request pays for that."""
    from config.warmup import warm

    worker.log.info("Worker ready (pid: %s, %s templates compiled)", worker.pid, warm())
