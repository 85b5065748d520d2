"""Times single pages for one user, in one process, through Django's test client against the
database in DATABASE_URL (the `make load` data: tests/load/prepare.py), with DEBUG off:

    DATABASE_URL=… .venv/bin/python tests/load/measure_pages.py /tmp/plan.json [repeats] [page]

Prints, per page type of the locustfile (or only `page`), the first request (a fresh process:
nothing drawn or read yet), the median of the following ones, the median CPU time of this
process for them (less disturbed than the wall time when other work shares the machine), the
queries of the last one and the size of the page. The smallest CPU time is the steadiest figure on a
busy machine. With PROFILE=1 and a page, prints that page's
cProfile (cumulative) for the following requests instead."""

import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def pages(plan):
    """(page type, username, url) for each page type the locustfile requests."""
    worker = plan["users"]["case_workers"][0]
    secretary = plan["users"]["secretaries"][0]
    bif = plan["users"]["bif"][0]["username"]
    draft = worker["draft"]
    return [
        ("department", worker["username"], f"/forvaltninger/{worker['department']}/"),
        ("report", worker["username"], f"/redegoerelser/{draft}/"),
        ("initiatives", worker["username"], f"/redegoerelser/{draft}/indsatser/"),
        ("edit", worker["username"], f"/redegoerelser/{draft}/rediger/"),
        ("history", worker["username"], f"/redegoerelser/{draft}/historik/?side=2"),
        ("committee", secretary["username"], f"/udvalg/{secretary['committee']}/"),
        ("report approved", secretary["username"], f"/redegoerelser/{secretary['approved']}/"),
        ("bif overview", bif, "/oversigt/"),
        ("progress", bif, "/redegoerelser/runder/2010/"),
        ("statusreport page", bif, "/redegoerelser/runder/2009/statusrapport/"),
        ("barometer", bif, "/barometer/"),
        ("indicator", bif, f"/barometer/indikatorer/{plan['indicators'][0]}/"),
    ]


def main(plan_path, repeats, only=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["ENV_FILE"] = ""  # never a checkout's .env (DEBUG=1 there)
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "measure-pages-" + "x7Q" * 20)
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    plan = json.loads(Path(plan_path).read_text())
    selected = [p for p in pages(plan) if only in (None, p[0])]
    if not selected:
        raise SystemExit(f"no page type {only!r}; one of: {', '.join(p[0] for p in pages(plan))}")
    profile = os.environ.get("PROFILE") == "1" and only
    print(f"{'page':<18} {'first ms':>9} {'median ms':>10} {'CPU ms':>7} {'min CPU':>8} {'queries':>8} {'KB':>6}")
    for name, username, url in selected:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(get_user_model().objects.get(username=username))
        times, cpu = [], []
        profiler = cProfile.Profile()
        for n in range(repeats + 1):
            with CaptureQueriesContext(connection) as queries:
                if profile and n:
                    profiler.enable()
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
                if profile and n:
                    profiler.disable()
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"{name:<18} {times[0]:>9.1f} {statistics.median(times[1:]):>10.1f} {statistics.median(cpu[1:]):>7.1f} "
            f"{min(cpu[1:]):>8.1f} "
            f"{len(queries):>8} "
            f"{len(response.content) / 1024:>6.0f}",
            flush=True,
        )
        if profile:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)


if __name__ == "__main__":
    main(
        sys.argv[1],
        int(sys.argv[2]) if len(sys.argv) > 2 else 10,
        sys.argv[3] if len(sys.argv) > 3 else None,
    )
