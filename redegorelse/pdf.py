"""The report as a PDF: the same template body as the web preview, our own small print
stylesheet, and a URL fetcher that can read nothing but our static files."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from pdfua import tags, weasy

STATIC_PREFIX = "static:"


class StaticOnlyFetcher(URLFetcher):
    """Fetches only `static:` URLs, from the files the static finders know; no network, and
    nothing else on the file system, whatever a template or a user's text asks for."""

    def __init__(self):
        super().__init__(allowed_protocols={"file"})

    def fetch(self, url, headers=None):
        if url.startswith(STATIC_PREFIX):
            path = finders.find(url.removeprefix(STATIC_PREFIX).lstrip("/"))
            if path:
                return super().fetch(Path(path).as_uri(), headers)
        raise ValueError(f"Blocked URL in PDF rendering: {url}")


def render_pdf(template_name, context):
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template_name, {**context, "pdf": True, "static_prefix": STATIC_PREFIX})
    source = HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=StaticOnlyFetcher())
    options = {"pdf_variant": "pdf/ua-1", "presentational_hints": False}
    document = source.render(**options)
    return tags.postprocess(weasy.write_pdf(document, **options), names=weasy.target_names(source))


def render_report_pdf(report):
    """`report` should come from Report.objects.with_document() to keep the queries few."""
    return render_pdf("pdf/report.html", {"report": report})
