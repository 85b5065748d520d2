"""Every page of the application, requested as someone who may see it, carries the security headers,
and no page or template has an inline script or an event-handler attribute (the CSP forbids them).

The pages are found by walking the URL configuration, so a new page is covered the day it is added;
one whose URL takes an argument this test does not know how to fill in makes it fail."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from barometer.models import Goal, Indicator, Policy
from organisation.models import Committee, Department
from redegorelse.editing import SECTIONS
from redegorelse.models import Attachment, Report, ReportingRound
from tests import factories

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

# Who tries each page, in this order, until one may see it.
VISITORS = [None, "tmf-sagsbehandler", "tmu-sekretaer", "bif-medarbejder", "admin", "buf-sagsbehandler"]
# Routes that answer 404 until they are configured (single sign-on is off in the tests).
OFF_UNTIL_CONFIGURED = {"oidc_authentication_init", "oidc_authentication_callback"}
QUERY = {"barometer:export": {"format": "csv"}}


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            name = (f"{namespace}:{pattern.name}" if namespace else pattern.name) if pattern.name else None
            yield prefix + str(pattern.pattern), name, frozenset(pattern.pattern.regex.groupindex)


def admin_arguments(route, params):
    if params == {"url"}:
        return [{"url": "findes-ikke/"}]
    if params == {"app_label"}:
        return [{"app_label": "organisation"}]
    if params == {"content_type_id", "object_id"}:
        department = Department.objects.first()
        return [{"content_type_id": ContentType.objects.get_for_model(Department).pk, "object_id": department.pk}]
    for model in admin.site._registry:
        if route.startswith(f"admin/{model._meta.app_label}/{model._meta.model_name}/"):
            first = model._default_manager.order_by("pk").first()
            key = next(iter(params))
            # A missing object makes the admin redirect to its index, which still is a page.
            return [{key: first.pk if first else 0}]
    return []


def arguments_for(route, name, params):
    """Values for a URL's arguments, taken from the demo data; [] when this test cannot tell."""
    if not params:
        return [{}]
    if route.startswith("admin/"):
        return admin_arguments(route, params)
    reports = list(Report.objects.order_by("pk"))
    if params == {"pk"} and name in {"barometer:policy-detail", "barometer:policy-edit", "barometer:goal-create"}:
        return [{"pk": pk} for pk in Policy.objects.values_list("pk", flat=True)[:1]]
    if params == {"pk"} and name == "barometer:goal-edit":
        return [{"pk": pk} for pk in Goal.objects.values_list("pk", flat=True)[:1]]
    if params == {"pk"}:
        return [{"pk": report.pk} for report in reports]
    if params == {"pk", "slug"}:
        return [{"pk": report.pk, "slug": slug} for report in reports[:1] for slug in list(SECTIONS)[:1]]
    if params == {"pk", "attachment_pk"}:
        return [{"pk": a.report_id, "attachment_pk": a.pk} for a in Attachment.objects.order_by("-pk")[:3]]
    if params == {"pk", "snapshot_pk"}:
        from redegorelse.models import ApprovedSnapshot

        snapshots = ApprovedSnapshot.objects.select_related("decision")
        return [{"pk": s.decision.report_id, "snapshot_pk": s.pk} for s in snapshots]
    if params == {"year"}:
        return [{"year": year} for year in ReportingRound.objects.values_list("year", flat=True)]
    if params == {"year", "pk"}:
        return [{"year": export.round.year, "pk": export.pk} for export in [statusreport_export()]]
    if params == {"code"}:
        return [{"code": code} for code in Indicator.objects.values_list("code", flat=True)[:2]]
    if params == {"abbreviation"}:
        model = Committee if name.endswith("committee-detail") else Department
        return [{"abbreviation": a} for a in model.objects.values_list("abbreviation", flat=True)[:2]]
    return []


def statusreport_export():
    """A finished statusrapport export of the demo round, for the export's own pages."""
    from django.core.files.base import ContentFile

    from redegorelse.models import StatusReportExport

    export = StatusReportExport.objects.filter(status="done").first()
    if export is None:
        export = StatusReportExport.objects.create(
            round=ReportingRound.objects.order_by("year").first(), edition="draft", status="done", sha256="0" * 64
        )
        export.file.save("statusrapport.pdf", ContentFile(b"%PDF-1.4"))
    return export


def url_for(route, name, kwargs):
    if name:
        return reverse(name, kwargs=kwargs)
    # The admin's unnamed helpers (its object redirect and its catch-all): fill the route in.
    if "(?P<url>" in route:
        return "/admin/" + kwargs["url"]
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route)


def is_a_page(response, route):
    """The page itself answered: content, a redirect elsewhere than the login, or 'POST only'.
    Any admin answer counts (it refuses adding to read-only models with 403, for one)."""
    if route.startswith("admin/"):
        return response.status_code < 500
    if response.status_code in {200, 204, 405}:
        return True
    return response.status_code in {301, 302, 303} and not response["Location"].startswith(("/login/", "/admin/login/"))


class InlineScriptFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if (
            tag == "script"
            and "src" not in attrs
            and attrs.get("type") not in {"application/json", "application/ld+json"}
        ):
            self.found.append(f"inline <script> {attrs}")
        for attr, value in attrs.items():
            if attr.startswith("on"):
                self.found.append(f"<{tag} {attr}=…>")
            if attr in {"href", "src", "action", "formaction"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {attr}=javascript:…>")


def header_problems(response):
    problems = []
    policy = response.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    if directives.get("script-src") != ["'self'"]:
        problems.append(f"script-src is {directives.get('script-src')}")
    if directives.get("frame-ancestors") != ["'none'"] or directives.get("object-src") != ["'none'"]:
        problems.append(f"CSP is {policy!r}")
    expected = {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}
    problems += [f"{name}: {response.get(name)!r}" for name, value in expected.items() if response.get(name) != value]
    if not response.get("X-Request-ID"):
        problems.append("no X-Request-ID")
    return problems


@pytest.fixture
def clients(demo_data):
    # A draft with a bilag, so that the pages for changing bilag have one to show.
    tmf_worker = get_user_model().objects.get(username="tmf-sagsbehandler")
    draft = factories.report_for("TMF", tmf_worker, year=2010)
    bilag = Attachment.objects.order_by("pk").first()
    bilag.pk, bilag.report = None, draft
    bilag.save()
    clients = {None: Client()}
    for username in VISITORS[1:]:
        clients[username] = Client()
        assert clients[username].login(username=username, password="demo"), username
    return clients


def test_it_sends_the_security_headers_on_every_page(clients):
    failures, visited, pages_read = [], 0, 0
    for route, name, params in walk(get_resolver().url_patterns):
        candidates = arguments_for(route, name, params)
        if not candidates:
            failures.append(f"{route} ({name}): no value for {sorted(params)}; teach arguments_for() about it")
            continue
        answered = False
        for kwargs in candidates:
            url = url_for(route, name, kwargs)
            for username in VISITORS if not route.startswith("admin/") else ["admin"]:
                response = clients[username].get(url, QUERY.get(name, {}))
                visited += 1
                failures += [f"{url} as {username}: {problem}" for problem in header_problems(response)]
                if name in OFF_UNTIL_CONFIGURED and response.status_code == 404:
                    answered = True
                elif is_a_page(response, route):
                    answered = True
                    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                        pages_read += 1
                        finder = InlineScriptFinder()
                        finder.feed(response.content.decode())
                        failures += [f"{url} as {username}: {found}" for found in finder.found]
                if answered:
                    break
            if answered:
                break
        if not answered:
            failures.append(f"{route} ({name}): nobody got the page ({response.status_code} for the last)")
    assert visited > 100
    assert pages_read > 60
    assert not failures, "\n".join(failures)


TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)


def test_it_has_no_inline_script_or_event_handler_in_any_template():
    """Also the templates the page walk does not reach (error pages, partials, e-mails)."""
    offenders = []
    templates = [path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html")]
    assert len(templates) > 20
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, re.compile(r"javascript:", re.I)):
            offenders += [f"{path.relative_to(ROOT)}: {m.group(0)[:60]}" for m in pattern.finditer(text)]
    assert not offenders, "\n".join(offenders)


def test_it_sends_the_headers_on_error_pages_too(client):
    response = client.get("/findes-ikke/")
    assert response.status_code in {302, 404}
    assert not header_problems(response)
    assert not header_problems(client.post("/login/", {"username": "x", "password": "y"}))
