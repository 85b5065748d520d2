"""The post-processing after WeasyPrint (pdfua.tags) and our check (pdfua.check), on small HTML
documents made for each fix."""

import io

import pikepdf
import pytest
from django.core.management import CommandError, call_command
from weasyprint import HTML

from pdfua import check, content, structure, tags, weasy

OPTIONS = {"pdf_variant": "pdf/ua-1", "presentational_hints": False}
PAGE = "@page { size: A4; margin: 20mm; @top-left { content: 'Løbende titel'; } @bottom-right { content: 'Side ' counter(page); } }"


def raw(body, style=""):
    html = f'<html lang="da"><head><title>Prøve</title><style>{PAGE}{style}</style></head><body>{body}</body></html>'
    source = HTML(string=html)
    return source, weasy.write_pdf(source.render(**OPTIONS), **OPTIONS)


def processed(body, style=""):
    source, data = raw(body, style)
    return tags.postprocess(data, names=weasy.target_names(source))


def elements(data, kind):
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [(e, d) for e, d in structure.walk(pdf) if kind == e.S], pdf


def count(data, kind):
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return sum(1 for e, _ in structure.walk(pdf) if kind == e.S)


LONG_TABLE = (
    "<h1>Tabel</h1><table><caption>Målinger</caption><thead><tr><th scope='col'>År</th><th scope='col'>Værdi</th></tr></thead><tbody>"
    + "".join(f"<tr><th scope='row'>{1900 + i}</th><td>{i}</td></tr>" for i in range(90))
    + "</tbody></table>"
)


def test_a_table_split_over_pages_is_one_table_with_its_caption_and_every_row():
    _source, before = raw(LONG_TABLE)
    assert len(pikepdf.open(io.BytesIO(before)).pages) >= 2
    assert count(before, "/Table") >= 2  # WeasyPrint's split
    after = tags.postprocess(before)
    with pikepdf.open(io.BytesIO(after)) as pdf:
        tables = [e for e, _ in structure.walk(pdf) if e.S == "/Table"]
        assert len(tables) == 1
        table = tables[0]
        parts = [str(k.S) for k in structure.kids(table)]
        assert parts.count("/Caption") == 1 and parts.count("/THead") == 1
        rows = [r for g in structure.kids(table) if g.S in ("/THead", "/TBody") for r in structure.kids(g)]
        assert len(rows) == 91
        # The header repeated on the next page is a pagination artifact; every cell has a scope.
        scopes = {str(e.A.Scope) for e, _ in structure.walk(pdf) if e.S == "/TH"}
        assert scopes == {"/Column", "/Row"}
    assert check.check(after) == []


def test_lists_paragraphs_and_the_article_split_at_a_page_break_are_one_element_each():
    body = (
        "<article><h1>Liste</h1><ul>"
        + "".join(f"<li>Punkt {i} med noget tekst</li>" for i in range(70))
        + "</ul></article>"
    )
    _source, before = raw(body)
    assert count(before, "/L") >= 2 and count(before, "/Art") >= 2
    after = tags.postprocess(before)
    assert count(after, "/L") == 1 and count(after, "/Art") == 1 and count(after, "/LI") == 70
    assert check.check(after) == []


def test_running_headers_and_footers_are_pagination_artifacts():
    _source, before = raw("<h1>Overskrift</h1><p>Tekst.</p>")
    assert any(p.rule == "01-006" for p in check.check(before))  # WeasyPrint: margin boxes outside the tree
    after = tags.postprocess(before)
    with pikepdf.open(io.BytesIO(after)) as pdf:
        artifacts = [
            dict(content.operands(i)[1].items())
            for i in content.instructions(pdf.pages[0])
            if content.operator(i) == "BDC" and content.is_artifact(i)
        ]
        subtypes = {str(a.get("/Subtype")) for a in artifacts if a.get("/Type") == "/Pagination"}
        assert subtypes == {"/Header", "/Footer"}
        texts = {item.string for item in content.marked_items(pdf.pages[0]).values()}
        assert texts and not any("Løbende titel" in t or "Side 1" in t for t in texts)
    assert check.check(after) == []


def test_links_name_their_target_and_leader_dots_are_artifacts():
    body = (
        "<nav><ul><li><a href='#maal-1'>Mål 1</a></li></ul></nav><h1 id='maal-1'>Mål 1: Beskæftigelse</h1><p>Tekst.</p>"
    )
    data = processed(body, "nav a::after { content: leader('.') target-counter(attr(href), page); }")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        annotations = [a for page in pdf.pages for a in page.obj.get("/Annots", [])]
        assert [str(a.Contents) for a in annotations] == ["Mål 1: Beskæftigelse"]  # one link, not three
        links = [e for e, _ in structure.walk(pdf) if e.S == "/Link"]
        assert len(links) == 1 and not any(k.S == "/Link" for k in structure.kids(links[0]) if structure.is_element(k))
        items = content.marked_items(pdf.pages[0])
        link_text = "".join(items[m].string for _p, m in structure.content_items(links[0]))
        assert "." not in link_text and link_text.startswith("Mål 1")
    assert check.check(data) == []


def test_a_figures_bbox_is_in_points_on_its_page():
    svg = "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' width='100' height='50'><rect width='100' height='50'/></svg>"
    data = processed(
        f"<p style='margin-top: 200mm'>Før</p><img src=\"{svg}\" alt='Et sort rektangel' style='width: 80mm'>"
    )
    with pikepdf.open(io.BytesIO(data)) as pdf:
        (figure,) = [e for e, _ in structure.walk(pdf) if e.S == "/Figure"]
        x1, y1, x2, y2 = (float(v) for v in figure.A.BBox)
        assert 0 <= x1 < x2 <= 595.3 and 0 <= y1 < y2 <= 841.9
        assert x2 - x1 == pytest.approx(80 * 72 / 25.4, abs=1)
        assert y2 < 841.9 - 200 * 72 / 25.4  # below the paragraph, counted from the bottom
    assert check.check(data) == []


def test_every_pdf_gets_an_id_and_a_creation_date():
    data = processed("<p>Tekst.</p>")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.trailer.ID) == 2
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20")
        assert pdf.open_metadata()["xmp:CreateDate"].startswith("20")


def test_the_check_finds_what_is_wrong_in_an_untagged_file_with_a_bare_font(tmp_path):
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    )
    page = pdf.add_blank_page()
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 720 Td (Hej) Tj ET")
    path = tmp_path / "bar.pdf"
    pdf.save(path)
    rules = {p.rule for p in check.check(path)}
    assert {"06-002", "11-006", "01-002", "07-001", "01-005"} <= rules
    with pytest.raises(CommandError, match="1 af 1 filer har problemer"):
        call_command("check_pdf", str(path), stdout=io.StringIO())


@pytest.mark.unchecked_pdf
def test_the_check_finds_painting_outside_tags_and_a_skipped_heading_level():
    data = processed("<h1>Et</h1><h3>Tre</h3><p>Tekst.</p>")
    assert [p.rule for p in check.check(data)] == ["14-003"]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        content.set_page_content(
            pdf, page, [*content.instructions(page), *pikepdf.parse_content_stream(pdf.make_stream(b"0 0 10 10 re f"))]
        )
        buffer = io.BytesIO()
        pdf.save(buffer)
    assert "01-001" in {p.rule for p in check.check(buffer.getvalue())}


def test_the_command_accepts_a_good_file(tmp_path):
    path = tmp_path / "god.pdf"
    path.write_bytes(processed("<h1>Overskrift</h1><p>Tekst.</p>"))
    out = io.StringIO()
    call_command("check_pdf", str(path), stdout=out)
    assert "ingen problemer fundet" in out.getvalue()
