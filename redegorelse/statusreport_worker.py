"""What a worker process does with one piece of the statusrapport: HTML in, a tagged PDF out.

The parent (redegorelse.statusreport_pieces) reads the database and renders the HTML; the workers
only lay it out with WeasyPrint, repair the tags (pdfua.tags.fix_weasyprint) and graft the
piece's bilag onto their placeholder pages (pdfua.graft). They never open a database connection.
This module imports nothing of Django at the top, so a fresh worker can load it before
`initialize` has set Django up (the static files finders need the settings)."""

import io
import logging

logger = logging.getLogger(__name__)

MM = 72 / 25.4
# Where a bilag page is drawn on an A4 page: inside the statusrapport's margins (22/20/20/22 mm),
# below the line with "Bilag N: title".
BILAG_RECT = (22 * MM, 20 * MM, (210 - 20) * MM, (297 - 22 - 10) * MM)


_fonts = None


def font_config():
    """One font configuration per process: WeasyPrint then reads and unpacks each @font-face
    (our WOFF2 fonts) once, not once per piece."""
    global _fonts
    if _fonts is None:
        from weasyprint.text.fonts import FontConfiguration

        _fonts = FontConfiguration()
    return _fonts


def initialize():
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    load_fonts()


def load_fonts():
    """Lays out one line with the statusrapport's stylesheet, so the process has read its fonts
    before the first piece arrives."""
    from weasyprint import HTML

    from .pdf import STATIC_PREFIX
    from .statusreport_pdf import STYLESHEET, ChartFetcher

    html = f'<html lang="da"><head><link rel="stylesheet" href="{STATIC_PREFIX}{STYLESHEET}"></head><body><p>Æ <i>ø</i> <b>å</b></p></body></html>'
    HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=ChartFetcher({})).render(font_config=font_config())


def ready():
    """Nothing: handed to each worker to start it (see `initialize`)."""
    return True


def render_piece(job):
    """`job`: {"html", "charts": {code: svg}, "tagged": bool, "bilag": [{"anchor", "pdf",
    "alternatives", "placeholder_ids"}]}. Returns the piece's PDF bytes (tags fixed, not
    finished: the joined document is finished once)."""
    from weasyprint import HTML

    from pdfua import tags, weasy

    from .pdf import STATIC_PREFIX
    from .statusreport_pdf import ChartFetcher

    source = HTML(string=job["html"], base_url=STATIC_PREFIX, url_fetcher=ChartFetcher(job.get("charts", {})))
    if not job.get("tagged", True):
        return source.write_pdf(font_config=font_config())
    options = {"pdf_variant": "pdf/ua-1", "presentational_hints": False}
    document = source.render(font_config=font_config(), **options)
    placeholder_pages = {
        anchor: index
        for index, page in enumerate(document.pages)
        for anchor in page.anchors
        if anchor.startswith("bilag-") and "-side-" in anchor
    }
    pdf = weasy.write_pdf(document, **options)
    with tags.open_pdf(pdf) as tagged:
        tags.fix_weasyprint(tagged, weasy.target_names(source))
        if placeholder_pages:
            insert_bilag(tagged, job.get("bilag", []), placeholder_pages)
        buffer = io.BytesIO()
        tagged.save(buffer)
    return buffer.getvalue()


def insert_bilag(document, bilag, placeholder_pages):
    """Draws each bilag page onto its placeholder page of `document` (a pikepdf.Pdf, tags fixed)
    and puts the bilag's tags under its section "Bilag N: title"."""
    import pikepdf

    from pdfua import graft, tags

    root = document.Root.StructTreeRoot.K
    fallback = root[0] if isinstance(root, pikepdf.Array) else root
    for item in bilag:
        section = tags.find_by_html_id(document, item["anchor"]) or fallback
        with pikepdf.open(io.BytesIO(item["pdf"])) as source:
            placements = [
                (document.pages[placeholder_pages[page_id]], index, BILAG_RECT)
                for index, page_id in enumerate(item["placeholder_ids"])
            ]
            graft.graft(
                document,
                source,
                placements,
                section,
                item["alternatives"],
                heading_level=3,
                id_prefix=item["anchor"],
            )
