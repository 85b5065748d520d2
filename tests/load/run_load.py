"""`make load`: a bounded load test of the pages, on this machine only.

Prepares the L data (tests/load/prepare.py), starts gunicorn (config/gunicorn.conf.py, 3 workers,
DEBUG off, a generated SECRET_KEY) on 127.0.0.1, runs Locust headless (tests/load/locustfile.py:
20 users, 5 started a second, for 90 s), prints p50/p95/p99 and errors per page type and over all
requests, and stops gunicorn. Exits 1 when any request failed.

DATABASE_URL: the database to load (PostgreSQL in earnest; its data is kept between runs, so use a
database of its own). Without it, a new SQLite file under test-artifacts/load/. LOAD_PORT (8070),
LOAD_USERS (20), LOAD_SPAWN_RATE (5), LOAD_RUN_TIME (90s) and LOAD_WORKERS (3, gunicorn's workers) change the run; the host is always
127.0.0.1. Locust's CSV files, one line per request (requests.csv) and gunicorn's log are left in
test-artifacts/load/. Besides the whole run, the summary gives the requests started 20 s or more
after the first (the sign-ins and the first writing of each cached piece done)."""

import csv
import json
import math
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
OUT = ROOT / "test-artifacts" / "load"
HOST = "127.0.0.1"


def environment(port):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        ENV_FILE="",  # never a checkout's .env (DEBUG=1 there)
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),  # 67 characters
        ALLOWED_HOSTS=HOST,
        WEB_CONCURRENCY=os.environ.get("LOAD_WORKERS", "3"),
        PORT=str(port),
        GUNICORN_BIND=f"{HOST}:{port}",
        MEDIA_ROOT=str(OUT / "media"),
        LOAD_PLAN=str(OUT / "plan.json"),
        LOAD_REQUESTS=str(OUT / "requests.csv"),
        PYTHONPATH=str(ROOT),
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{OUT / 'load.sqlite3'}")
    return env


def wait_until_up(url, server, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start-up (exit {server.returncode}); see {OUT / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {url} within {seconds} s")


def wait_for_workers(count, seconds=60):
    """Until every worker has said it is ready (config/gunicorn.conf.py's post_worker_init, after
    config/warmup.py): the run measures the pages, not the workers' start."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if (OUT / "gunicorn.log").read_text().count("Worker ready") >= count:
            return
        time.sleep(0.2)
    raise SystemExit(f"gunicorn's {count} workers were not ready within {seconds} s; see {OUT / 'gunicorn.log'}")


def stop(server):
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)  # gunicorn's graceful stop: the workers finish their requests
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def summary(prefix):
    """Rows of (page type, requests, errors, p50, p95, p99, requests/s) from Locust's stats CSV,
    the aggregate last."""
    with open(f"{prefix}_stats.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    rows.sort(key=lambda r: (r["Name"] == "Aggregated", r["Name"]))
    return [
        {
            "page": "all requests" if r["Name"] == "Aggregated" else r["Name"],
            "requests": int(r["Request Count"]),
            "errors": int(r["Failure Count"]),
            "p50_ms": float(r["50%"] or 0),
            "p95_ms": float(r["95%"] or 0),
            "p99_ms": float(r["99%"] or 0),
            "rps": float(r["Requests/s"] or 0),
        }
        for r in rows
    ]


SETTLING_SECONDS = 20


def percentile(values, fraction):
    """Nearest-rank percentile of a sorted list."""
    return values[max(0, math.ceil(fraction * len(values)) - 1)]


def after_start(path, seconds):
    """The requests started `seconds` or more after the first one (the users have signed in and
    every page has been written once): their count, errors and p50/p95/p99. Printed beside the whole
    run's figures, which stay the ones the target is judged by."""
    if not path.exists():
        return None
    with open(path, newline="") as file:
        rows = [(float(started), float(ms), int(failed)) for started, _name, ms, failed in csv.reader(file)]
    if not rows:
        return None
    first = min(started for started, _ms, _failed in rows)
    later = [(ms, failed) for started, ms, failed in rows if started >= first + seconds]
    times = sorted(ms for ms, _failed in later)
    if not times:
        return None
    return {
        "requests": len(later),
        "errors": sum(failed for _ms, failed in later),
        "percentiles": [percentile(times, f) for f in (0.5, 0.95, 0.99)],
    }


def main():
    (OUT / "media").mkdir(parents=True, exist_ok=True)
    port = int(os.environ.get("LOAD_PORT", "8070"))
    env = environment(port)
    database = env["DATABASE_URL"].split("@")[-1]
    print(f"Data: {database}; load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    subprocess.run([sys.executable, str(ROOT / "tests/load/prepare.py"), env["LOAD_PLAN"]], env=env, check=True)
    with open(OUT / "gunicorn.log", "w") as log:
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", str(ROOT / "config/gunicorn.conf.py")],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(f"http://{HOST}:{port}/healthz", server)
        wait_for_workers(min(int(env["WEB_CONCURRENCY"]), 2 * os.cpu_count() + 1))  # config/gunicorn.conf.py
        print(f"gunicorn på {HOST}:{port} ({env['WEB_CONCURRENCY']} workers, DEBUG fra); Locust kører …", flush=True)
        prefix = OUT / "locust"
        locust = subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "tests/load/locustfile.py"),
                "--headless",
                "--users",
                os.environ.get("LOAD_USERS", "20"),
                "--spawn-rate",
                os.environ.get("LOAD_SPAWN_RATE", "5"),
                "--run-time",
                os.environ.get("LOAD_RUN_TIME", "90s"),
                "--stop-timeout",
                "10",
                "--host",
                f"http://{HOST}:{port}",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
        )
    finally:
        stop(server)
    rows = summary(prefix)
    print()
    # The figures depend on what else the machine is doing: say how busy it was.
    print(
        "Load average after the run (1, 5, 15 min): {:.1f} {:.1f} {:.1f} on {} cores".format(
            *os.getloadavg(), os.cpu_count()
        )
    )
    print(f"{'page type':<20} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for row in rows:
        print(
            f"{row['page']:<20} {row['requests']:>8} {row['errors']:>6} "
            f"{row['p50_ms']:>7.0f} {row['p95_ms']:>7.0f} {row['p99_ms']:>7.0f}"
        )
    settled = after_start(OUT / "requests.csv", SETTLING_SECONDS)
    if settled:
        print(
            "{:<20} {:>8} {:>6} {:>7.0f} {:>7.0f} {:>7.0f}".format(
                f"after {SETTLING_SECONDS} s", settled["requests"], settled["errors"], *settled["percentiles"]
            )
        )
    total = rows[-1]
    print(f"{total['rps']:.1f} requests/s; target p95 ≤ 200 ms over all requests and 0 errors: ", end="")
    print("met" if total["p95_ms"] <= 200 and total["errors"] == 0 else "NOT met")
    failures = OUT / "locust_failures.csv"
    if total["errors"] and failures.exists():
        print(failures.read_text())
    print(json.dumps({"users": int(os.environ.get("LOAD_USERS", "20")), **total}))
    return 1 if total["errors"] or locust.returncode not in (0, 1) else 0


if __name__ == "__main__":
    sys.exit(main())
