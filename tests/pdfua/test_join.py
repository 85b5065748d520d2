"""Joining tagged pieces into one document and stamping its page numbers (pdfua.join)."""

import io

import pikepdf
from pypdf import PdfReader
from weasyprint import HTML

from pdfua import check, join, structure, tags, weasy

OPTIONS = {"pdf_variant": "pdf/ua-1", "presentational_hints": False}
STYLE = "<style>h1 { bookmark-level: 1 } h2 { bookmark-level: 2 } th { font-weight: bold }</style>"


def piece(body, title="Stykke"):
    html = f"<html lang='da'><head><title>{title}</title>{STYLE}</head><body>{body}</body></html>"
    source = HTML(string=html)
    with tags.open_pdf(weasy.write_pdf(source.render(**OPTIONS), **OPTIONS)) as pdf:
        tags.fix_weasyprint(pdf, weasy.target_names(source))
        buffer = io.BytesIO()
        pdf.save(buffer)
    return buffer.getvalue()


def table():
    return "<table><thead><tr><th>År</th><th>Antal</th></tr></thead><tbody><tr><td>2009</td><td>4</td></tr></tbody></table>"


def sample():
    html = (
        "<html><head><style>@page { size: A4; margin: 20mm; @bottom-right { content: 'Side 0123456789 af'; "
        "font-size: 8pt } }</style></head><body></body></html>"
    )
    return HTML(string=html).write_pdf()


def joined_bytes():
    front = piece(
        "<h1>Indhold</h1><p><a href='piece:kapitel-2'>Kapitel 2</a></p>"
        "<h1 id='kapitel-1' style='break-before: page'>Kapitel 1</h1>" + table(),
        title="Rapporten",
    )
    second = piece(
        "<h2 id='kapitel-2'>Kapitel 2</h2><p>Tekst.</p>" + table() + "<p style='break-before: page'>Mere.</p>"
    )
    with join.join([front, second], outline_levels=[0, 1]) as pdf:
        numbers = join.PageNumbers(sample(), "Side 0123456789 af")
        numbers.stamp(pdf, "Side %(page)s af %(pages)s")
        numbers.close()
        return tags.finish(pdf)


def test_the_joined_document_has_one_structure_tree_that_passes_the_check():
    data = joined_bytes()
    assert check.check(data) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tops = structure.kids(pdf.Root.StructTreeRoot)
        assert len(tops) == 1 and tops[0].S == "/Document"
        ids = [str(e.ID) for e, _depth in structure.walk(pdf) if "/ID" in e]
        assert len(ids) == len(set(ids)) == 4  # the two tables' header cells, unique across pieces
        assert str(pdf.docinfo.Title) == "Rapporten"


def test_pages_are_numbered_through_and_links_and_bookmarks_cross_pieces():
    reader = PdfReader(io.BytesIO(joined_bytes()))
    texts = [page.extract_text() for page in reader.pages]
    assert len(texts) == 4
    for number, text in enumerate(texts, start=1):
        assert f"Side {number} af 4" in text
    marks = [
        (item.title, reader.get_destination_page_number(item)) for item in reader.outline if not isinstance(item, list)
    ]
    children = next(item for item in reader.outline if isinstance(item, list))
    assert marks == [("Indhold", 0), ("Kapitel 1", 1)]
    assert [(c.title, reader.get_destination_page_number(c)) for c in children] == [("Kapitel 2", 2)]
    link = next(a.get_object() for a in reader.pages[0]["/Annots"])
    assert "/A" not in link
    assert reader.get_destination_page_number(reader.named_destinations[str(link["/Dest"])]) == 2
