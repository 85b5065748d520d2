"""The statusrapport rendered in pieces, each cached by a hash of exactly its inputs, the missing
ones rendered in parallel worker processes, joined into one tagged PDF.

Pieces, in document order: the front matter (cover, contents, introduction), one per goal (the
first with the barometer chapter's opening), the summary chapters (economy, appendix), one per
approved report with its bilag (the first with the chapter's opening), and a one-page sample of
the page numbers. A piece's key is the SHA-256 of the template fingerprint, the round, the
edition, its HTML (which holds its snapshot's text, the barometer as of the cut-off for a goal,
BIF's introduction for the front matter), the charts it draws and the hashes of the bilag it
carries. Pieces are kept in the default storage (statusreport-pieces/<key>.pdf), which several
machines share like the exports themselves, and written whole or not at all (config/storage.py).

The parent reads the database and renders every piece's HTML; workers (a 'forkserver' pool,
STATUSREPORT_WORKERS processes, started first and never recycled within an export) only lay out,
fix tags and graft bilag, so no database connection crosses a fork. Pieces are handed out
costliest first, each as soon as its HTML is made. The front matter is rendered last, when the
other pieces' page counts give its contents' page numbers; its own page count does not depend on
them, so it is known from an earlier export or from a first layout without numbers beside the
other pieces; if it still differs from the one assumed, it is rendered again.
pdfua.join then joins the pieces into one structure tree with one set of bookmarks and named
destinations, stamps "Side X af Y" on every page as a pagination artifact, and tags.finish
rebuilds the parent tree."""

import concurrent.futures
import functools
import hashlib
import json
import logging
import multiprocessing
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

import pdfua
from barometer.chart_cache import indicator_charts
from pdfua import join, tags

from . import statusreport_worker
from .pdf import STATIC_PREFIX, hyphenate_vocabulary
from .statusreport_pdf import CHART_PREFIX, STYLESHEET, keep, prepare_bilag, read_stored, template_fingerprint

logger = logging.getLogger(__name__)

FOLDER = "statusreport-pieces"
PAGE_NUMBER = "Side %(page)s af %(pages)s"
PAGE_NUMBER_SAMPLE = "Side 0123456789 af"
POLL_SECONDS = 1.0
FRONT_ATTEMPTS = 4
# What a piece costs to render, in characters of HTML (measured on the L benchmark): a bilag page
# (drawn onto its page, or first made an image of), a chart, a table row. The pieces are handed to
# the workers most costly first, so that no worker is left with a long piece at the end.
BILAG_PAGE_COST = 20_000
CHART_COST = 6_000
TABLE_ROW_COST = 1_000


class PieceFailed(Exception):
    """A piece could not be rendered; the message says which and why, in Danish."""


@dataclass
class Piece:
    kind: str  # front, goal, summary, report, sample
    label: str  # for progress and errors
    html: str | None  # None: made by `make_html` when the piece has to be rendered
    charts: dict = field(default_factory=dict)
    bilag: list = field(default_factory=list)
    key: str = ""
    pdf: bytes | None = None
    # How many bookmark levels the piece's top bookmarks sit below the document's top: a goal
    # or report after the first starts inside its chapter.
    outline_level: int = 0
    # A report's piece is keyed by what its HTML is made from (`inputs`), so a cached report
    # costs no template rendering; the other pieces are keyed by their HTML.
    inputs: str | None = None
    make_html: object = None

    @functools.cached_property
    def shape(self):
        """(pages, {anchor: page index}) of the rendered piece."""
        return join.shape(self.pdf)

    def ensure_html(self):
        if self.html is None:
            self.html = self.make_html()

    @property
    def tagged(self):
        return self.kind != "sample"

    def job(self):
        return {
            "html": self.html,
            "charts": self.charts,
            "tagged": self.tagged,
            "bilag": [
                {
                    "anchor": b.anchor,
                    "pdf": b.pdf,
                    "alternatives": b.alternatives(),
                    "placeholder_ids": b.placeholder_ids,
                }
                for b in self.bilag
                if b.included
            ],
        }


def piece_key(data, piece, fingerprint):
    """Everything the piece is made of: change any of it and the piece is rendered again."""
    digest = hashlib.sha256()
    head = [fingerprint, pdfua.VERSION, data.round.pk, data.edition, piece.kind]
    digest.update(json.dumps(head, default=str).encode())
    digest.update((piece.html if piece.inputs is None else piece.inputs).encode("utf-8"))
    for code in sorted(piece.charts):
        digest.update(f"\0{code}\0".encode() + piece.charts[code].encode("utf-8"))
    for bilag in piece.bilag:
        if bilag.included:
            alternatives = bilag.alternatives()
            # The approved file's hash (prepare_bilag has checked the file against it).
            digest.update(json.dumps([bilag.anchor, bilag.sha256, bilag.kind, bilag.page_count, alternatives]).encode())
    return digest.hexdigest()


def storage_name(key):
    return f"{FOLDER}/{key}.pdf"


def cached(key):
    return read_stored(storage_name(key))


def store(piece):
    keep(storage_name(piece.key), piece.pdf)


# -- the pieces' HTML -------------------------------------------------------------------------------


def render_piece_html(data, kind, **context):
    base = {
        "data": data,
        "round": data.round,
        "generated_on": context.pop("generated_on", None),
        "static_prefix": STATIC_PREFIX,
        "chart_prefix": CHART_PREFIX,
        "pdf": True,
        "piece": kind,
    }
    with translation.override(settings.LANGUAGE_CODE):
        return hyphenate_vocabulary(render_to_string("pdf/statusreport_piece.html", {**base, **context}))


def body_pieces(data, charts):
    """Every piece but the front matter, in document order, with its HTML."""
    pieces = []
    for index, section in enumerate(data.goals):
        own = {i.code: charts[i.code] for i in section.indicators if i.code in charts}
        html = render_piece_html(data, "goal", section=section, first=index == 0, charts=own)
        label = gettext("Mål %(number)s") % {"number": section.goal.number}
        pieces.append(Piece("goal", label, html, own, outline_level=0 if index == 0 else 1))
    pieces.append(Piece("summary", gettext("Økonomi og appendiks"), render_piece_html(data, "summary")))
    entries = data.approved or [None]
    for index, entry in enumerate(entries):
        label = entry.department.abbreviation if entry else gettext("Forvaltningernes redegørelser")
        bilag = entry.bilag if entry else []
        pieces.append(
            Piece(
                "report",
                label,
                None,
                bilag=bilag,
                outline_level=0 if index == 0 else 1,
                inputs=report_inputs(data, entry, first=index == 0),
                make_html=functools.partial(render_piece_html, data, "report", entry=entry, first=index == 0),
            )
        )
    return pieces


def report_inputs(data, entry, first):
    """Everything a report's piece shows: its frozen document (the snapshot's content as the
    approval PDF shows it, with the department and the policy's goals), its bilag as included
    or not, where it stands, and the round's and edition's texts in the page head."""
    bilag = [
        [b.number, b.title, b.kind, b.sha256, b.page_count, b.included, b.note, b.alt_text]
        for b in (entry.bilag if entry else [])
    ]
    payload = {
        "round": [data.round.year, str(data.round.policy_id), data.is_final, first],
        "department": [entry.department.abbreviation, entry.department.name] if entry else None,
        "doc": entry.doc if entry else None,
        "bilag": bilag,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)


def sample_piece():
    """One page with the page numbers' characters where the page numbers go (pdfua.join)."""
    html = (
        f'<!DOCTYPE html><html lang="da"><head><link rel="stylesheet" href="{STATIC_PREFIX}{STYLESHEET}">'
        "<style>@page { @top-left { content: none; } @top-right { content: none; } "
        f'@bottom-right {{ content: "{PAGE_NUMBER_SAMPLE}"; }} }}</style></head><body></body></html>'
    )
    return Piece("sample", gettext("Sidetal"), html)


def front_piece(data, pages):
    html = render_piece_html(data, "front", pages=pages, generated_on=timezone.localdate())
    return Piece("front", gettext("Forside og indhold"), html)


# -- rendering --------------------------------------------------------------------------------------


class Renderer:
    """Renders pieces that are not cached, in a pool of worker processes made on first use."""

    def __init__(self, data, progress):
        self.data = data
        self.progress = progress
        self.fingerprint = template_fingerprint()
        self.pool = None
        self.rendered = 0

    def __enter__(self):
        return self

    def __exit__(self, kind, error, trace):
        self.close(cancel=error is not None)

    def close(self, cancel=False):
        if self.pool is None:
            return
        if cancel:
            # Stop the pieces under way too: the job is over.
            for process in list((self.pool._processes or {}).values()):
                process.terminate()
            self.pool.shutdown(wait=True, cancel_futures=True)
        else:
            self.pool.shutdown(wait=True)
        self.pool = None

    def start_pool(self, count, warm=False):
        """`warm`: start every worker now (each sets Django up and loads the fonts), not when the
        first pieces are handed out."""
        workers = max(1, min(settings.STATUSREPORT_WORKERS, count))
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["redegorelse.statusreport_worker", "weasyprint", "pikepdf"])
        self.pool = concurrent.futures.ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=statusreport_worker.initialize,
            # No max_tasks_per_child: Python 3.11 to 3.13 deadlock once a worker has reached it
            # while pieces are still queued (CPython issue 115634); the pool lives for one export.
        )
        if warm:
            for _worker in range(workers):
                self.pool.submit(statusreport_worker.ready)

    def render(self, pieces, first_percent, last_percent):
        """Fills in `piece.pdf` of every piece, from the cache or rendered."""
        for piece in pieces:
            piece.key = piece_key(self.data, piece, self.fingerprint)
            piece.pdf = cached(piece.key)
        missing = [p for p in pieces if p.pdf is None]
        if not missing:
            return
        if self.pool is None:
            self.start_pool(len(missing))
        # The longest first, so no worker is left with a long piece at the end while the other
        # waits; each handed out as soon as its HTML is made, so the workers start on the first
        # while this process writes the others.
        futures = {}
        for piece in sorted(missing, key=cost, reverse=True):
            piece.ensure_html()
            futures[self.pool.submit(statusreport_worker.render_piece, piece.job())] = piece
        pending = set(futures)
        done_count = 0
        while pending:
            done, pending = concurrent.futures.wait(
                pending, timeout=POLL_SECONDS, return_when=concurrent.futures.FIRST_COMPLETED
            )
            for future in done:
                piece = futures[future]
                try:
                    piece.pdf = future.result()
                except BrokenProcessPool as error:
                    raise PieceFailed(
                        gettext(
                            "Afsnittet „%(piece)s“ kunne ikke sættes, fordi arbejdsprocessen stoppede uventet "
                            "(fx fordi der ikke var hukommelse nok)."
                        )
                        % {"piece": piece.label}
                    ) from error
                except Exception as error:
                    raise PieceFailed(
                        gettext("Afsnittet „%(piece)s“ kunne ikke sættes: %(error)s")
                        % {"piece": piece.label, "error": error}
                    ) from error
                store(piece)
                self.rendered += 1
                done_count += 1
            percent = first_percent + (last_percent - first_percent) * done_count // len(missing)
            # Raises Cancelled when BIF has cancelled the job; the pool is stopped on the way out.
            self.progress(
                percent,
                gettext("Sætter afsnit %(done)s af %(total)s") % {"done": done_count, "total": len(missing)},
            )


def cost(piece):
    """About how long the piece takes to render, in characters of HTML (see BILAG_PAGE_COST); a
    report whose HTML is not made yet by the length of what it is made of, which is about the same."""
    text = piece.html if piece.html is not None else piece.inputs
    return (
        len(text)
        + TABLE_ROW_COST * text.count("<tr")
        + CHART_COST * len(piece.charts)
        + BILAG_PAGE_COST * sum(b.page_count for b in piece.bilag if b.included)
    )


def page_offsets(pieces, first_page):
    """{anchor: page number} of every named destination in the pieces, whose first page is
    `first_page`; and the page after the last."""
    pages = {}
    page = first_page
    for piece in pieces:
        count, anchors = piece.shape
        for anchor, index in anchors.items():
            pages.setdefault(anchor, page + index)
        page += count
    return pages, page


def build_pdf(data, progress=None):
    """The finished PDF and its page count. `progress(percent, step)` may raise to stop."""
    report = progress or (lambda percent, step: None)
    with Renderer(data, report) as renderer:
        # The workers start, and load WeasyPrint and the fonts, while this process prepares.
        renderer.start_pool(settings.STATUSREPORT_WORKERS, warm=True)
        report(3, gettext("Forbereder bilag"))
        prepare_bilag(data)
        report(6, gettext("Tegner diagrammer"))
        with translation.override(settings.LANGUAGE_CODE):
            # The same charts as the barometer's pages, drawn once per set of measurements.
            indicators = [indicator for section in data.goals for indicator in section.indicators]
            drawn = indicator_charts(indicators)
        charts = {i.code: str(drawn[i.pk]) for i in indicators if drawn[i.pk]}
        report(8, gettext("Forbereder afsnit"))
        body = body_pieces(data, charts)
        sample = sample_piece()
        hint_key = f"statusreport-front:{data.round.pk}:{data.edition}"
        hint = cache.get(hint_key)
        # Without a hint from an earlier export, the front matter is first laid out with no page
        # numbers beside the other pieces: its page count does not depend on them (they sit in a
        # column of their own), so the real one is then laid out once, not twice after the others.
        probe = None if hint else front_piece(data, {})
        renderer.render([*body, sample, *([probe] if probe else [])], 10, 80)
        if probe:
            hint = front_shape(probe)
        front = render_front(data, body, renderer, hint, hint_key)
        renderer.close()
        report(85, gettext("Samler dokumentet"))
        pieces = [front, *body]
        joined = join.join([p.pdf for p in pieces], outline_levels=[p.outline_level for p in pieces])
    with joined:
        numbers = join.PageNumbers(sample.pdf, PAGE_NUMBER_SAMPLE)
        try:
            numbers.stamp(joined, PAGE_NUMBER)
        finally:
            numbers.close()
        page_count = len(joined.pages)
        report(92, gettext("Retter tags"))
        pdf = tags.finish(joined)
    logger.info(
        "Statusrapport: %s pages, %s of %s pieces rendered", page_count, renderer.rendered, len(body) + 2 + bool(probe)
    )
    return pdf, page_count


def front_shape(front, introduction_page=3):
    """(pages, the introduction's page) of a rendered front matter."""
    count, anchors = front.shape
    return count, anchors.get("indledning", introduction_page - 1) + 1


def render_front(data, body, renderer, hint, hint_key):
    """The front matter with the contents' page numbers, rendered until its own page count (and
    the introduction's page) is the one its numbers assumed; `hint`: the assumed (pages,
    introduction's page)."""
    front_pages, introduction_page = hint or (3, 3)
    for _attempt in range(FRONT_ATTEMPTS):
        pages, _end = page_offsets(body, front_pages + 1)
        pages["indledning"] = introduction_page
        front = front_piece(data, pages)
        renderer.render([front], 80, 84)
        count, intro = front_shape(front, introduction_page)
        if (count, intro) == (front_pages, introduction_page):
            cache.set(hint_key, (front_pages, introduction_page), None)
            return front
        front_pages, introduction_page = count, intro
    raise PieceFailed(gettext("Forsiden og indholdsfortegnelsen kunne ikke sættes med faste sidetal."))
