"""The statusrapport's bilag in the structure tree (tagged, untagged, converted DOCX) and the
layout rules that can be read from the file."""

import io
import subprocess
from unittest import mock

import pikepdf
import pytest
from pypdf import PdfReader

from pdfua import content, structure
from pdfua.check import check
from redegorelse import statusreport_pdf
from redegorelse.models import Attachment, Edition
from redegorelse.models.report import Funding, Initiative, ProgressStatus
from redegorelse.statusreport_pdf import gather, prepare_bilag
from redegorelse.statusreport_pieces import build_pdf
from tests import factories
from tests.needs import require_program
from tests.redegorelse.statusreport_helpers import add_bilag, approve, tagged_pdf, tiny_pdf

pytestmark = pytest.mark.django_db
MM = 72 / 25.4


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def docx_bytes(tmp_path):
    """A small DOCX written by LibreOffice itself from HTML."""
    soffice = require_program("soffice", "libreoffice-writer-nogui")
    source = tmp_path / "skema.html"
    source.write_text('<html lang="da"><body><h1>Statusskema</h1><p>DOCXTEKST i bilaget.</p></body></html>')
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (tmp_path / "skema.docx").read_bytes()


@pytest.fixture
def bilag_round(tmf_worker, tmu_secretary, tmp_path):
    tmf = factories.report_for("TMF", tmf_worker)
    add_bilag(tmf, tmf_worker, 1, "Tagget opgørelse", tagged_pdf("TAGGETBILAG side en", "TAGGETBILAG side to"))
    untagged = add_bilag(tmf, tmf_worker, 2, "Skannet kort", tiny_pdf("SKANNET side en"))
    Attachment.objects.filter(pk=untagged.pk).update(alt_text="Et kort over de fem boligområder.")
    add_bilag(tmf, tmf_worker, 3, "Statusskema", docx_bytes(tmp_path), kind="docx")
    initiative = Initiative.objects.create(
        report=tmf,
        position=1,
        name="Lektiecafé",
        funding=Funding.EXTERNAL,
        funding_source="Puljen",
        resources_dkk=1250000,
        progress=ProgressStatus.ON_PLAN,
    )
    initiative.goals.add(tmf.round.goals().first())
    approve(tmf, tmf_worker, tmu_secretary)
    return tmf.round


@pytest.fixture
def pdf(bilag_round):
    data = gather(bilag_round, Edition.DRAFT)
    document, _count = build_pdf(data)  # our PDF/UA check runs on it (tests/conftest.py)
    assert [b.included for b in data.all_bilag] == [True, True, True]
    return document


def tree_text(document, element):
    pages = {p.objgen: content.marked_items(p) for p in document.pages}
    parts = []
    stack = [element]
    while stack:
        current = stack.pop()
        for page, mcid in structure.content_items(current):
            item = pages.get(page.objgen, {}).get(mcid)
            parts.append(item.string if item else "")
        stack.extend(reversed([k for k in structure.kids(current) if structure.is_element(k)]))
    return " ".join("".join(parts).split())


def bilag_section(document, title):
    for element, _ in structure.walk(document):
        if element.S == "/Sect":
            heading = next((e for e, _ in walk_from(element) if e.S == "/H3"), None)
            if heading is not None and title in tree_text(document, heading):
                return element
    raise AssertionError(f"no section for {title}")


def test_a_tagged_bilag_keeps_its_structure_under_its_section(pdf):
    assert check(pdf) == []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        section = bilag_section(document, "Bilag 1: Tagget opgørelse")
        kinds = [str(e.S) for e, _ in walk_from(section)]
        assert "/Table" in kinds and "/TH" in kinds and "/Caption" in kinds
        assert "/H4" in kinds  # the bilag's H1 below our H3
        assert "TAGGETBILAG side en" in tree_text(document, section)
        assert "TAGGETBILAG side to" in tree_text(document, section)


def test_an_untagged_bilag_is_a_figure_per_page_with_its_text_alternative(pdf):
    with pikepdf.open(io.BytesIO(pdf)) as document:
        section = bilag_section(document, "Bilag 2: Skannet kort")
        figures = [e for e, _ in walk_from(section) if e.S == "/Figure"]
        assert len(figures) == 1
        assert "Et kort over de fem boligområder." in str(figures[0].Alt)
        assert "side 1 af 1" in str(figures[0].Alt)
        page_box = [float(v) for v in figures[0].Pg.MediaBox]
        x1, y1, x2, y2 = (float(v) for v in figures[0].A.BBox)
        assert 22 * MM - 0.5 <= x1 < x2 <= page_box[2] - 20 * MM + 0.5
        assert 20 * MM - 0.5 <= y1 < y2 <= page_box[3] - 22 * MM + 0.5


def test_a_converted_docx_bilag_is_grafted_with_its_tags(pdf):
    with pikepdf.open(io.BytesIO(pdf)) as document:
        section = bilag_section(document, "Bilag 3: Statusskema")
        assert "DOCXTEKST i bilaget." in tree_text(document, section)
        assert not [e for e, _ in walk_from(section) if e.S == "/Figure"]


def walk_from(element):
    stack = [(element, 0)]
    while stack:
        current, depth = stack.pop()
        yield current, depth
        stack.extend((k, depth + 1) for k in reversed(structure.kids(current)) if structure.is_element(k))


def page_of(document, element):
    index = {p.objgen: i for i, p in enumerate(document.pages)}
    for page, _mcid in structure.content_items(element):
        return index[page.objgen]
    for kid in structure.kids(element):
        if structure.is_element(kid):
            found = page_of(document, kid)
            if found is not None:
                return found
    return None


def test_no_heading_is_the_last_thing_on_its_page_and_captions_sit_with_their_table(pdf):
    with pikepdf.open(io.BytesIO(pdf)) as document:
        ordered = [e for e, _ in structure.walk(document) if any(True for _ in structure.content_items(e))]
        for position, element in enumerate(ordered):
            if str(element.get("/P", {}).get("/S", "")) in ("/H1", "/H2", "/H3", "/H4"):
                heading = element.P
                following = next(
                    (e for e in ordered[position + 1 :] if not is_inside(e, heading)),
                    None,
                )
                if following is not None:
                    assert page_of(document, following) == page_of(document, heading), tree_text(document, heading)
        for element, _ in structure.walk(document):
            if element.S == "/Table":
                caption = [k for k in structure.kids(element) if structure.is_element(k) and k.S == "/Caption"]
                rows = [
                    r
                    for g in structure.kids(element)
                    if structure.is_element(g) and g.S == "/TBody"
                    for r in structure.kids(g)
                ]
                if caption and rows:
                    assert page_of(document, caption[0]) == page_of(document, rows[0]), tree_text(document, caption[0])


def is_inside(element, ancestor):
    current = element
    while current is not None and "/P" in current:
        if current.objgen == ancestor.objgen:
            return True
        current = current.P
        if current.get("/Type") == "/StructTreeRoot":
            return False
    return False


def test_the_draft_stamp_and_page_number_sit_inside_the_page_on_bilag_pages(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    with pikepdf.open(io.BytesIO(pdf)) as document:
        bilag_pages = {
            page_of(document, e)
            for e, _ in structure.walk(document)
            if e.S == "/Figure" and "/Pg" in e and "Skannet" in str(e.get("/Alt", ""))
        }
    assert bilag_pages
    for index in bilag_pages:
        page = reader.pages[index]
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        found = []

        def visit(text, cm, tm, _font, size, found=found):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                found.append((text.strip(), x, y, size))

        page.extract_text(visitor_text=visit)
        stamp = [f for f in found if "UDKAST" in f[0]]
        number = [f for f in found if f[0].startswith("Side")]
        assert stamp and number
        # Inside the page and clear of the strip a printer cannot print (about 5 mm).
        for _text, x, y, _size in stamp + number:
            assert 10 * MM <= x <= width - 20 * MM
            assert 6 * MM <= y <= height - 10 * MM


def test_it_follows_copenhagens_structure_with_an_economy_chapter_and_definitions(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    chapters = [item.title for item in reader.outline if not isinstance(item, list)]
    assert chapters[:2] == ["Indholdsfortegnelse", "Indledning"] or chapters[0] == "Indledning"
    order = [
        "Indledning",
        "Integrationsbarometeret og målene",
        "Økonomien i indsatserne",
        "Appendiks: definitioner, forkortelser, datakilder og bilag",
        "Forvaltningernes redegørelser",
    ]
    assert [c for c in chapters if c in order] == order
    pages = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
    assert "Indberetningsrunde 2009" in pages[0] and "Københavns Kommune" in pages[0]
    text = " ".join(pages)
    assert "Baggrund og formål" in text and "Opbygning" in text
    economy = next(
        p for p in pages if p.startswith("Økonomien i indsatserne") or " Økonomien i indsatserne Oversigten" in p
    )
    assert "Indsatsernes finansiering" in economy
    assert "TMF Lektiecafé Ekstern finansiering Puljen 1.250.000" in economy
    assert "Ekstern finansiering 1 1.250.000" in economy
    assert "Forkortelser" in text and "Teknik- og Miljøforvaltningen" in text and "Procentpoint" in text


def test_libreoffice_converts_a_bilag_once_and_later_exports_read_its_pdf(bilag_round):
    convert = mock.patch.object(
        statusreport_pdf, "convert_with_libreoffice", wraps=statusreport_pdf.convert_with_libreoffice
    )
    with convert as conversions:
        first, second = gather(bilag_round, Edition.DRAFT), gather(bilag_round, Edition.DRAFT)
        prepare_bilag(first)
        prepare_bilag(second)
    assert conversions.call_count == 1
    [docx] = [b for b in second.all_bilag if b.kind == "docx"]
    assert docx.included and docx.pdf == next(b.pdf for b in first.all_bilag if b.kind == "docx")
    assert docx.pdf.startswith(b"%PDF")
