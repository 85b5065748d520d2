"""The samlet statusrapport as a PDF: opened with pypdf/pikepdf and checked page by page."""

import io
import re

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from redegorelse.models import Edition
from redegorelse.statusreport_pdf import build_workbook, gather, refuse_final_if_incomplete
from redegorelse.statusreport_pieces import build_pdf
from tests import factories
from tests.barometer.factories import IndicatorFactory, with_series
from tests.redegorelse.statusreport_helpers import add_bilag, approve, tiny_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def round_2009(tmf_worker, tmu_secretary, buf_worker):
    """TMF approved with two bilag (2 + 1 pages), BUF approved with a broken bilag and a one-page
    one, the rest missing."""
    tmf = factories.report_for("TMF", tmf_worker)
    add_bilag(tmf, tmf_worker, 1, "Statusskema", tiny_pdf("TMFBILAGEN side en", "TMFBILAGEN side to"))
    add_bilag(tmf, tmf_worker, 2, "Budget", tiny_pdf("TMFBUDGET side en"))
    approve(tmf, tmf_worker, tmu_secretary, problem="Trafikken i byen er problemstillingen.")
    buf = factories.report_for("BUF", buf_worker)
    add_bilag(buf, buf_worker, 1, "Ødelagt fil", b"%PDF-1.4 this is not a pdf")
    add_bilag(buf, buf_worker, 2, "Elevtal", tiny_pdf("BUFBILAGET side en"))
    approve(buf, buf_worker, factories.secretary("BUU"), problem="Skolerne er problemstillingen.")
    with_series(IndicatorFactory(code="B1", name="Beskæftigelse blandt indvandrere"), [40, 42, 43])
    return tmf.round


def text_of(pdf_bytes):
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return reader, [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def bookmarks(reader):
    found = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item)))

    walk(reader.outline)
    return found


@pytest.fixture
def draft_pdf(round_2009):
    data = gather(round_2009, Edition.DRAFT)
    pdf, page_count = build_pdf(data)
    return data, pdf, page_count


def test_it_has_a_cover_contents_and_bookmarks_that_point_to_their_chapters(draft_pdf):
    _data, pdf, page_count = draft_pdf
    reader, pages = text_of(pdf)
    assert len(pages) == page_count
    assert "Samlet statusrapport for integrationspolitikken 2009" in pages[0]
    assert "Københavns Kommune" in pages[0]
    contents = next(
        i
        for i, text in enumerate(pages)
        if text.startswith("Indholdsfortegnelse") or " Indholdsfortegnelse " in f" {text} "
    )
    marks = bookmarks(reader)
    titles = [title for title, _page in marks]
    assert "Indledning" in titles
    assert "Mål 1: Beskæftigelse" in titles
    assert "Teknik- og Miljøforvaltningen" in titles
    assert "Bilag 1: Statusskema" in titles
    for title, page in marks:
        if title.startswith("Bilag"):
            continue  # a bilag's page shows the bilag itself, checked below
        assert title in pages[page], (title, page)
        # The contents list the same page (1-based) after the title.
        if title != "Indholdsfortegnelse":
            assert re.search(re.escape(title) + r"[\s.]*" + str(page + 1) + r"\b", pages[contents]), title


def test_it_inserts_the_bilag_pages_right_after_their_report_in_order(draft_pdf):
    data, pdf, _count = draft_pdf
    reader, pages = text_of(pdf)
    tmf = next(i for i, text in enumerate(pages) if "Trafikken i byen er problemstillingen." in text)
    first = pages.index(next(t for t in pages if "TMFBILAGEN side en" in t))
    assert first > tmf
    assert "TMFBILAGEN side to" in pages[first + 1]
    assert "TMFBUDGET side en" in pages[first + 2]
    assert all("Trafikken" not in text for text in pages[first : first + 3])
    marks = dict(bookmarks(reader))
    assert marks["Bilag 1: Statusskema"] == first
    assert marks["Bilag 2: Budget"] == first + 2
    # The reports follow the departments' names, so BUF's comes first: its includable bilag sits
    # between it and TMF's report, which starts only after it.
    assert [entry.department.abbreviation for entry in data.approved] == ["BUF", "TMF"]
    buf = next(i for i, text in enumerate(pages) if "Skolerne er problemstillingen." in text)
    buf_bilag = next(i for i, text in enumerate(pages) if "BUFBILAGET side en" in text)
    assert buf < buf_bilag < tmf
    assert marks["Bilag 2: Elevtal"] == buf_bilag
    assert all("Skolerne er problemstillingen." not in text for text in pages[buf_bilag:])


def test_it_renders_each_approved_report_from_its_snapshot_with_the_decision(draft_pdf, round_2009):
    data, pdf, _count = draft_pdf
    _reader, pages = text_of(pdf)
    text = " ".join(pages)
    for entry in data.approved:
        content = entry.snapshot.content
        assert content["report"]["problem"] in text
        decision = content["decision"]
        assert f"{decision['heading']} {decision['text']}" in text
    assert "Teknik- og Miljøudvalgets beslutning den 22.04.2009 Indstillingen blev godkendt." in text


def test_it_keeps_exporting_past_a_broken_bilag_and_says_so(draft_pdf):
    _data, pdf, _count = draft_pdf
    _reader, pages = text_of(pdf)
    text = " ".join(pages)
    assert "Bilag 1: Ødelagt fil" in text
    assert "beskadiget" in text


def test_it_marks_a_draft_on_every_page_and_lists_what_is_missing(draft_pdf):
    data, pdf, _count = draft_pdf
    _reader, pages = text_of(pdf)
    assert all("UDKAST" in text for text in pages)
    assert "Dette udkast mangler" in pages[0]
    assert "Økonomiforvaltningen" in pages[0]
    assert {d.department.abbreviation for d in data.missing} >= {"ØKF", "SOF"}


def test_it_is_a_tagged_danish_pdf_with_metadata(draft_pdf):
    _data, pdf, _count = draft_pdf
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert "/StructTreeRoot" in document.Root
        assert str(document.Root.Lang) == "da"
        info = document.docinfo
        assert "Samlet statusrapport" in str(info["/Title"])
        assert "BIF" in str(info["/Author"])
        assert "/Subject" in info
        assert "/CreationDate" in info
        assert float(document.pages[0].mediabox[2]) == pytest.approx(595.28, abs=1)


def test_it_refuses_the_final_edition_while_a_report_is_unapproved(round_2009):
    with pytest.raises(ValidationError, match="Mangler"):
        refuse_final_if_incomplete(gather(round_2009, Edition.FINAL))


def test_it_writes_a_workbook_of_the_rounds_data(round_2009):
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(build_workbook(gather(round_2009, Edition.DRAFT))))
    assert workbook.sheetnames == ["Vurderinger", "Indsatser", "Indikatorer", "Målinger"]
    assert workbook["Målinger"].max_row == 4


def test_it_makes_the_final_edition_once_every_department_is_approved(round_2009):
    """The rest of the departments approved too: endelig is allowed and carries no draft marks."""
    for abbreviation, committee in [("ØKF", "ØU"), ("KFF", "KFU"), ("SUF", "SUU"), ("SOF", "SOU"), ("BIF", "BIU")]:
        worker = factories.case_worker(abbreviation)
        approve(factories.report_for(abbreviation, worker), worker, factories.secretary(committee))
    data = gather(round_2009, Edition.FINAL)
    refuse_final_if_incomplete(data)
    assert data.missing == []
    pdf, _count = build_pdf(data)
    _reader, pages = text_of(pdf)
    assert not any("UDKAST" in text for text in pages)
    assert "Trafikken i byen er problemstillingen." in " ".join(pages)
