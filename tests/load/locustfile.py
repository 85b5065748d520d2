"""`make load`'s simulated users (tests/load/run_load.py starts it): case workers, committee
secretaries and BIF staff in the proportions 3 : 1 : 1, each signing in through the login form once
and then opening the pages of their work with 0.5–1.5 s to think between them. Each request is
named by its page type, so the summary shows one line per page type.

The plan (users, their reports, the indicators) comes from tests/load/prepare.py through
LOAD_PLAN. Only GET pages besides the sign-in: the test measures reading under load; it writes
nothing but sessions."""

import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, events, task

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text())
# One line per request (started, seconds since the epoch; page type; response time in ms; failed),
# so run_load.py can say how the run went over time (LOAD_REQUESTS, a CSV file).
REQUESTS = open(os.environ["LOAD_REQUESTS"], "w") if os.environ.get("LOAD_REQUESTS") else None  # noqa: SIM115


@events.request.add_listener
def record(name, response_time, exception=None, start_time=None, **kwargs):
    if REQUESTS is not None:
        REQUESTS.write(f"{start_time:.3f},{name},{response_time:.1f},{int(exception is not None)}\n")


@events.quitting.add_listener
def close(**kwargs):
    if REQUESTS is not None:
        REQUESTS.close()


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Person(HttpUser):
    abstract = True
    wait_time = between(0.5, 1.5)
    role = ""

    def on_start(self):
        self.me = random.choice(PLAN["users"][self.role])
        form = self.client.get("/login/", name="login form")
        token = CSRF.search(form.text).group(1)
        with self.client.post(
            "/login/",
            {"username": self.me["username"], "password": PLAN["password"], "csrfmiddlewaretoken": token},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in refused ({response.status_code})")

    def page(self, url, name):
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {url}")

    def barometer(self):
        self.page("/barometer/", "barometer overview")

    def indicator(self):
        self.page(f"/barometer/indikatorer/{random.choice(PLAN['indicators'])}/", "indicator")


class CaseWorker(Person):
    weight = 3
    role = "case_workers"

    @task(2)
    def department(self):
        self.page(f"/forvaltninger/{self.me['department']}/", "department")

    @task(3)
    def report(self):
        self.page(f"/redegoerelser/{self.me['draft']}/", "report")

    @task(3)
    def initiatives(self):
        self.page(f"/redegoerelser/{self.me['draft']}/indsatser/", "initiatives")

    @task(1)
    def edit(self):
        self.page(f"/redegoerelser/{self.me['draft']}/rediger/", "edit")

    @task(2)
    def history(self):
        self.page(f"/redegoerelser/{self.me['draft']}/historik/?side={random.randint(1, 3)}", "history")

    @task(1)
    def barometer_overview(self):
        self.barometer()

    @task(1)
    def indicator_page(self):
        self.indicator()


class Secretary(Person):
    weight = 1
    role = "secretaries"

    @task(2)
    def committee(self):
        self.page(f"/udvalg/{self.me['committee']}/", "committee")

    @task(3)
    def report(self):
        self.page(f"/redegoerelser/{self.me['approved']}/", "report")

    @task(1)
    def history(self):
        self.page(f"/redegoerelser/{self.me['approved']}/historik/", "history")

    @task(1)
    def barometer_overview(self):
        self.barometer()


class BIF(Person):
    weight = 1
    role = "bif"

    @task(2)
    def overview(self):
        self.page("/oversigt/", "bif overview")

    @task(3)
    def progress(self):
        self.page(f"/redegoerelser/runder/{random.choice(PLAN['years'])}/", "progress")

    @task(1)
    def statusreport(self):
        self.page("/redegoerelser/runder/2009/statusrapport/", "statusreport page")

    @task(2)
    def barometer_overview(self):
        self.barometer()

    @task(2)
    def indicator_page(self):
        self.indicator()
