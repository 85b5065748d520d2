"""Grafting pages of other PDFs into ours (pdfua.graft), checked with pdfua.check."""

import io

import pikepdf
import pytest
from weasyprint import HTML

from pdfua import check, content, graft, structure, tags, weasy
from tests.needs import require_program
from tests.redegorelse.statusreport_helpers import tagged_pdf

OPTIONS = {"pdf_variant": "pdf/ua-1", "presentational_hints": False}
RECT = (60.0, 60.0, 535.0, 700.0)


def host_with_sections(*ids):
    body = "".join(f"<section id='{i}' style='break-before: page'><h2>Afsnit {i}</h2></section>" for i in ids)
    html = f"<html lang='da'><head><title>Vært</title></head><body><h1>Dokument</h1>{body}</body></html>"
    source = HTML(string=html)
    pdf = tags.open_pdf(weasy.write_pdf(source.render(**OPTIONS), **OPTIONS))
    tags.fix_weasyprint(pdf, weasy.target_names(source))
    return pdf


def bare_font_pdf():
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    )
    page = pdf.add_blank_page(page_size=(595, 842))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(b"BT /F1 24 Tf 72 720 Td (Skannet side) Tj ET 0 0 1 rg 72 600 200 50 re f")
    buffer = io.BytesIO()
    pdf.save(buffer)
    return pikepdf.open(io.BytesIO(buffer.getvalue()))


def kinds_under(element):
    found = []
    stack = [element]
    while stack:
        current = stack.pop()
        found.append(str(current.S))
        stack.extend(k for k in structure.kids(current) if structure.is_element(k))
    return found


def test_two_tagged_pdfs_grafted_keep_their_tables_headings_and_distinct_ids():
    host = host_with_sections("a", "b")
    for html_id, page_index in (("a", 1), ("b", 2)):
        with pikepdf.open(io.BytesIO(tagged_pdf(f"Kilde {html_id}"))) as source:
            assert graft.is_tagged(source)
            section = tags.find_by_html_id(host, html_id)
            graft.graft_tagged(
                host, source, [(host.pages[page_index], 0, RECT)], section, heading_level=2, id_prefix=html_id
            )
    data = tags.finish(host)
    assert check.check(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        sections = [e for e, _ in structure.walk(pdf) if e.S == "/Sect" and e.P.get("/S") == "/Document"]
        assert len(sections) == 2
        for section in sections:
            kinds = kinds_under(section)
            assert "/H2" in kinds and "/H3" in kinds  # the source's H1 below our H2
            assert "/Table" in kinds and kinds.count("/TR") == 3
        ids = [str(e.ID) for e, _ in structure.walk(pdf) if "/ID" in e]
        assert (
            len(ids) == len(set(ids)) and any(i.startswith("a-") for i in ids) and any(i.startswith("b-") for i in ids)
        )
        # The grafted page's MCIDs follow the host's own and are each used once.
        page = pdf.pages[1]
        mcids = [content.mcid_of(i) for i in content.instructions(page) if content.operator(i) == "BDC"]
        mcids = [m for m in mcids if m is not None]
        assert len(mcids) == len(set(mcids)) > 2


def test_an_untagged_page_with_a_bare_font_becomes_an_image_in_a_figure_with_its_text():
    require_program("pdftoppm", "poppler-utils")
    host = host_with_sections("kort")
    with bare_font_pdf() as source:
        assert not graft.is_tagged(source) and graft.has_bare_fonts(source.pages[0])
        section = tags.find_by_html_id(host, "kort")
        graft.graft_untagged(host, source, [(host.pages[1], 0, RECT)], section, ["Et kort over byen."])
    data = tags.finish(host)
    assert check.check(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        figures = [e for e, _ in structure.walk(pdf) if e.S == "/Figure"]
        assert [str(f.Alt) for f in figures] == ["Et kort over byen."]
        fonts = [str(f.get("/BaseFont")) for f in pdf.pages[1].Resources.Font.values()]
        assert "/Helvetica" not in fonts
        assert any(x.get("/Subtype") == "/Image" for x in pdf.pages[1].Resources.XObject.values())


def bare_font_pages(*contents):
    """A PDF of one page per content stream, each with a bare Helvetica (so it is drawn as an image)."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    )
    for stream in contents:
        page = pdf.add_blank_page(page_size=(595, 842))
        page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.obj.Contents = pdf.make_stream(stream)
    buffer = io.BytesIO()
    pdf.save(buffer)
    return pikepdf.open(io.BytesIO(buffer.getvalue()))


def test_a_page_drawn_as_an_image_is_grey_when_it_has_no_colour_and_keeps_its_colours_when_it_has():
    require_program("pdftoppm", "poppler-utils")
    text = b"BT /F1 24 Tf 72 720 Td (Kun sort tekst) Tj ET 0.5 g 72 600 200 50 re f"
    coloured = b"BT /F1 24 Tf 72 720 Td (Med farve) Tj ET 0 0 1 rg 72 600 200 50 re f"
    with bare_font_pages(text, coloured) as source:
        pictures = graft.pages_as_images(source, [0, 1], dpi=50)
        try:
            images = [next(iter(pictures[i].pages[0].Resources.XObject.values())) for i in (0, 1)]
            assert [str(i.ColorSpace) for i in images] == ["/DeviceGray", "/DeviceRGB"]
            grey, colour = (pikepdf.PdfImage(i).as_pil_image() for i in images)
            # 50 dpi: the box (72–272 × 600–650 pt) covers pixels 50–189 × 133–168 from the top.
            assert grey.mode == "L" and grey.getextrema() == (0, 255) and grey.getpixel((100, 150)) in range(120, 136)
            assert colour.mode == "RGB" and colour.getpixel((100, 150)) == (0, 0, 255)
        finally:
            for pdf in pictures.values():
                pdf.close()


def test_fit_keeps_the_proportions_inside_the_rectangle():
    matrix, placed = graft.fit([0, 0, 842, 595], RECT)  # a landscape page
    x1, y1, x2, y2 = placed
    assert RECT[0] <= x1 < x2 <= RECT[2] and RECT[1] <= y1 < y2 <= RECT[3]
    assert (x2 - x1) / (y2 - y1) == pytest.approx(842 / 595)
    assert matrix[0] == matrix[3] < 1


def test_a_tagged_pdf_whose_structure_cannot_be_read_is_drawn_as_figures_and_the_host_stays_whole():
    host = host_with_sections("brudt")
    with pikepdf.open(io.BytesIO(tagged_pdf("Brudt struktur"))) as source:
        first = next(e for e, _ in structure.walk(source) if e.S == "/Span")
        first.K = pikepdf.Array([pikepdf.Dictionary(Type=pikepdf.Name.MCR)])  # an MCR without MCID
        section = tags.find_by_html_id(host, "brudt")
        assert graft.graft(host, source, [(host.pages[1], 0, RECT)], section, ["Et bilag."]) == "figures"
    data = tags.finish(host)
    assert check.check(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert [str(e.Alt) for e, _ in structure.walk(pdf) if e.S == "/Figure"] == ["Et bilag."]


def test_a_tagged_pdfs_web_link_comes_along_where_its_page_is_drawn():
    html = "<html lang='da'><head><title>Med link</title></head><body><h1>Kilde</h1><p>Se <a href='https://www.kk.dk/'>kk.dk</a>.</p></body></html>"
    source_bytes = HTML(string=html).write_pdf(**OPTIONS)
    host = host_with_sections("link")
    with pikepdf.open(io.BytesIO(source_bytes)) as source:
        section = tags.find_by_html_id(host, "link")
        assert graft.graft(host, source, [(host.pages[1], 0, RECT)], section, ["-"]) == "tagged"
    data = tags.finish(host)
    assert check.check(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        (link,) = [a for a in pdf.pages[1].obj.Annots if a.Subtype == "/Link"]
        assert str(link.A.URI) == "https://www.kk.dk/" and str(link.Contents)
        x1, y1, x2, y2 = (float(v) for v in link.Rect)
        assert RECT[0] <= x1 < x2 <= RECT[2] and RECT[1] <= y1 < y2 <= RECT[3]
        links = [e for e, _ in structure.walk(pdf) if e.S == "/Link"]
        assert len(links) == 1 and any(structure.is_objr(k) for k in structure.kids(links[0]))
