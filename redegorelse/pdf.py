"""The report as a PDF: the same template body as the web preview, our own small print
stylesheet, and a URL fetcher that can read nothing but our static files."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from pdfua import tags, weasy

from .snapshot import live_document

STATIC_PREFIX = "static:"

# Danish compounds of our vocabulary that the hyphenation dictionary breaks in the wrong place
# ("procentpo-int"): a soft hyphen at the joint makes it the only place they may break.
VOCABULARY_BREAKS = [
    ("procent", "point"),
    ("karakter", "point"),
    ("halv", "år"),
    ("integrations", "politik"),
    ("integrations", "barometer"),
    ("integrations", "indsats"),
    ("beskæftigelses", "frekvens"),
    ("bolig", "område"),
    ("rede", "gørelse"),
]
_VOCABULARY = re.compile("|".join(f"({a})({b})" for a, b in VOCABULARY_BREAKS), re.IGNORECASE)
_TEXT_NODE = re.compile(r">([^<]+)<")
_HEADING = re.compile(r"(<h[1-6][\s>].*?</h[1-6]>)", re.DOTALL)


def hyphenate_vocabulary(html):
    """The HTML with a soft hyphen at the joint of our vocabulary's compounds, in the body's text
    only: not in the head's title and metadata, not in attributes such as alt, and not in headings
    (they are not hyphenated, and they become the bookmarks)."""

    def soften(match):
        groups = [g for g in match.groups() if g is not None]
        return "\u00ad".join(groups)

    head, separator, body = html.partition("<body")
    if not separator:
        head, body = "", html
    parts = _HEADING.split(body)
    for index in range(0, len(parts), 2):  # the odd parts are headings
        parts[index] = _TEXT_NODE.sub(lambda node: ">" + _VOCABULARY.sub(soften, node[1]) + "<", parts[index])
    return head + separator + "".join(parts)


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
    source = HTML(string=hyphenate_vocabulary(html), base_url=STATIC_PREFIX, url_fetcher=StaticOnlyFetcher())
    options = {"pdf_variant": "pdf/ua-1", "presentational_hints": False}
    document = source.render(**options)
    return tags.postprocess(weasy.write_pdf(document, **options), names=weasy.target_names(source))


def render_report_pdf(report):
    """The report as it stands, in Danish. `report` should come from
    Report.objects.with_document() to keep the queries few."""
    with translation.override(settings.LANGUAGE_CODE):
        doc = live_document(report)
    return render_document_pdf(doc)


def render_document_pdf(doc):
    """A document built by snapshot.document(): the one template the approval PDF and the
    statusrapport's copy of an approved report share."""
    return render_pdf("pdf/report.html", {"doc": doc})
