"""Times single pages for one user, in one process, through Django's test client against the
database in DATABASE_URL (the `make load` data: tests/load/prepare.py):

    DATABASE_URL=… .venv/bin/python tests/load/measure_pages.py /tmp/plan.json [repeats]

Prints, per page, the first request (a fresh process: nothing drawn or read yet), the median of
the following ones, the median CPU time of this process for them (less disturbed than the wall
time when other work shares the machine), the queries of the last one and the size of the page."""

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(plan_path, repeats):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "measure-pages-" + "x" * 50)
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    plan = json.loads(Path(plan_path).read_text())
    worker = plan["users"]["case_workers"][0]
    pages = [
        ("barometer", plan["users"]["bif"][0]["username"], "/barometer/"),
        ("indicator", plan["users"]["bif"][0]["username"], f"/barometer/indikatorer/{plan['indicators'][0]}/"),
        ("initiatives", worker["username"], f"/redegoerelser/{worker['draft']}/indsatser/"),
        ("history", worker["username"], f"/redegoerelser/{worker['draft']}/historik/"),
        ("progress", plan["users"]["bif"][0]["username"], "/redegoerelser/runder/2010/"),
    ]
    print(f"{'page':<12} {'first ms':>9} {'median ms':>10} {'CPU ms':>7} {'queries':>8} {'KB':>6}")
    for name, username, url in pages:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(get_user_model().objects.get(username=username))
        times, cpu = [], []
        for _ in range(repeats + 1):
            with CaptureQueriesContext(connection) as queries:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"{name:<12} {times[0]:>9.1f} {statistics.median(times[1:]):>10.1f} {statistics.median(cpu[1:]):>7.1f} "
            f"{len(queries):>8} "
            f"{len(response.content) / 1024:>6.0f}"
        )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10)
