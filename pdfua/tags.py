"""The post-processing after WeasyPrint: tags we can vouch for.

`fix_weasyprint(pdf, names)` repairs what WeasyPrint leaves (upstream issues "Table and list split
into separate structure elements at page breaks" and "PDF/UA page header and footer"):
- running headers and footers (margin boxes, tagged but outside the tree) become pagination
  artifacts;
- elements split at page breaks (Table with its Caption and rows, L, P, Sect, Art …) become one
  element again; a table header repeated on a later page becomes an artifact;
- links nested in links become one link; the contents' leader dots become artifacts; every link
  annotation gets a /Contents naming its target;
- every painting operator outside marked content (borders, rules, backgrounds) becomes an artifact;
- Figure bounding boxes are written in PDF points and kept on the page;
- empty elements are dropped.

`finish(pdf, created=…)` rebuilds the parent tree from the tree, sets /Tabs, the dates and the XMP
and writes the file with a trailer /ID. Both work on any tagged PDF, so a document joined from
several rendered pieces can be finished the same way.
"""

import datetime
import io
import re

import pikepdf

from . import content as cs
from .structure import (
    as_mcr,
    content_items,
    is_element,
    is_mcid,
    is_mcr,
    is_objr,
    kids,
    move_kids,
    rebuild_parent_tree,
    set_kids,
    walk,
)
from .weasy import HTML_ID, KEY

LEADER = re.compile(r"^[\s.·…]+$")
REPEATED_GROUPS = {"/THead", "/TFoot"}
# WeasyPrint draws in CSS pixels with the origin at the top left.
CSS_PX = 0.75
KEEP_EMPTY = {"/TD", "/TH", "/TR", "/Figure", "/Document"}


class Page:
    """A page with its marked items read once."""

    def __init__(self, page, index):
        self.page = page
        self.index = index
        # Read once: the items, and the rewrite at the end, work from the same instructions.
        self.instructions = cs.instructions(page)
        self.items = cs.marked_items(page, self.instructions)
        self.artifacts = {}

    @property
    def height(self):
        box = self.page.mediabox
        return float(box[3]) - float(box[1])

    def text(self, mcid):
        item = self.items.get(mcid)
        return item.string if item else ""


def open_pdf(data):
    return pikepdf.open(io.BytesIO(data))


def fix_weasyprint(pdf, names=None):
    """Repairs WeasyPrint's tags in place (see the module text). `names`: {html id: target name}."""
    names = names or {}
    pages = {page.objgen: Page(page, index) for index, page in enumerate(pdf.pages)}
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None:
        return
    margin_boxes_as_artifacts(pdf, tree, pages)
    header_ids = {}
    for root in kids(tree):
        if is_element(root):
            merge_split(root, pages, header_ids)
    table_headers(pdf, header_ids)
    join_nested_links(pdf, pages)
    leaders_as_artifacts(pdf, pages)
    drop_empty(pdf)
    for page in pages.values():
        items = cs.rewrite(page.instructions, page.artifacts)
        cs.set_page_content(pdf, page.page, items)
    figure_boxes_in_points(pdf)
    link_contents(pdf, pages, names)


# -- headers and footers ----------------------------------------------------------------------------


def margin_boxes_as_artifacts(pdf, tree, pages):
    """Marked content whose element is not in the tree (WeasyPrint's margin boxes) becomes a
    pagination artifact, Header or Footer by where it sits on the page."""
    in_tree = {element.objgen for element, _ in walk(pdf)}
    parent_tree = tree.get("/ParentTree")
    if parent_tree is None:
        return
    numbers = pikepdf.NumberTree(parent_tree)
    for page in pages.values():
        key = page.page.obj.get("/StructParents")
        if key is None or int(key) not in numbers:
            continue
        for mcid, element in enumerate(numbers[int(key)]):
            if isinstance(element, pikepdf.Dictionary) and element.objgen not in in_tree:
                item = page.items.get(mcid)
                top = item is not None and item.origin is not None and item.origin[1] > page.height / 2
                page.artifacts[mcid] = {
                    "/Type": pikepdf.Name.Pagination,
                    "/Subtype": pikepdf.Name.Header if top else pikepdf.Name.Footer,
                }


# -- split elements ---------------------------------------------------------------------------------


def same_source(a, b):
    return (
        is_element(a)
        and is_element(b)
        and KEY in a
        and KEY in b
        and int(a[KEY]) == int(b[KEY])
        and a.S == b.S
        and a.objgen != b.objgen
    )


def merge_split(element, pages, header_ids):
    """Joins adjacent kids that come from one HTML element, recursively; a repeated table header
    or footer (a second kid from one thead/tfoot) becomes an artifact, and the IDs of its header
    cells are mapped to those of the first one in `header_ids`."""
    merged = []
    seen_groups = {}
    for kid in kids(element):
        if is_element(kid) and str(kid.S) in REPEATED_GROUPS and KEY in kid:
            key = int(kid[KEY])
            if key in seen_groups and seen_groups[key].objgen != kid.objgen:
                first, repeated = header_cells(seen_groups[key]), header_cells(kid)
                header_ids.update(
                    {str(b.ID): str(a.ID) for a, b in zip(first, repeated, strict=False) if "/ID" in a and "/ID" in b}
                )
                as_artifacts(kid, pages, pikepdf.Name.Pagination)
                continue
            seen_groups[key] = kid
        if merged and same_source(merged[-1], kid):
            move_kids(kid, merged[-1])
            continue
        merged.append(kid)
    set_kids(element, merged)
    for kid in merged:
        if is_element(kid):
            merge_split(kid, pages, header_ids)


def header_cells(group):
    return [
        cell for row in kids(group) if is_element(row) for cell in kids(row) if is_element(cell) and cell.S == "/TH"
    ]


def table_headers(pdf, header_ids):
    """Header cells get a Scope (Column in a THead or a header row, Row as the first cell of a body
    row); data cells' Headers point at header cells that are still in the tree."""
    present = set()
    cells = []
    for element, _depth in walk(pdf):
        if element.S in ("/TH", "/TD"):
            cells.append(element)
            if "/ID" in element:
                present.add(str(element.ID))
    for cell in cells:
        attributes = cell.get("/A")
        if not isinstance(attributes, pikepdf.Dictionary):
            attributes = cell.A = pikepdf.Dictionary(O=pikepdf.Name.Table)
        if cell.S == "/TH" and "/Scope" not in attributes:
            row = cell.get("/P")
            group = row.get("/P") if row is not None else None
            row_cells = [k for k in kids(row) if is_element(k)] if row is not None else []
            in_head = group is not None and group.get("/S") == "/THead"
            all_headers = all(k.S == "/TH" for k in row_cells)
            first = bool(row_cells) and row_cells[0].objgen == cell.objgen
            attributes.Scope = pikepdf.Name.Column if in_head or all_headers or not first else pikepdf.Name.Row
        if "/Headers" in attributes:
            mapped = [header_ids.get(str(h), str(h)) for h in attributes.Headers]
            attributes.Headers = pikepdf.Array([pikepdf.String(h) for h in mapped if h in present])


def as_artifacts(element, pages, kind):
    """Every marked-content item under `element` becomes an artifact of `kind`."""
    stack = [element]
    while stack:
        current = stack.pop()
        for page, mcid in content_items(current):
            if page is not None and page.objgen in pages:
                pages[page.objgen].artifacts[mcid] = {"/Type": kind}
        stack.extend(kid for kid in kids(current) if is_element(kid))


# -- links ------------------------------------------------------------------------------------------


def annotation_target(annotation):
    if "/Dest" in annotation:
        return ("dest", str(annotation.Dest))
    action = annotation.get("/A")
    if action is not None:
        if action.get("/S") == "/GoTo":
            return ("dest", str(action.D))
        if action.get("/S") == "/URI":
            return ("uri", str(action.URI))
    return None


def join_nested_links(pdf, pages):
    """A Link inside a Link (WeasyPrint's `a::after` inside its `a`) is folded into the outer
    Link; its annotation, which repeats the outer one's target, is removed from the page."""
    for element, _depth in list(walk(pdf)):
        if element.S != "/Link":
            continue
        outer_targets = {annotation_target(k.Obj) for k in kids(element) if is_objr(k)}
        changed = True
        while changed:
            changed = False
            folded = []
            for kid in kids(element):
                if is_element(kid) and kid.S == "/Link":
                    changed = True
                    for inner in kids(kid):
                        if is_objr(inner):
                            if annotation_target(inner.Obj) in outer_targets:
                                remove_annotation(pdf, inner.Obj)
                            else:
                                folded.append(inner)
                                outer_targets.add(annotation_target(inner.Obj))
                        elif is_mcid(inner):
                            folded.append(inner if same_page(kid, element) else as_mcr(inner, kid.Pg))
                        else:
                            if is_element(inner):
                                inner.P = element
                            folded.append(inner)
                else:
                    folded.append(kid)
            set_kids(element, folded)


def same_page(a, b):
    return "/Pg" in a and "/Pg" in b and a.Pg.objgen == b.Pg.objgen


def remove_annotation(pdf, annotation):
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if annots is None:
            continue
        kept = [a for a in annots if a.objgen != annotation.objgen]
        if len(kept) != len(annots):
            page.obj.Annots = pikepdf.Array(kept)


def leaders_as_artifacts(pdf, pages):
    """Marked content inside a Link that shows nothing but leader dots becomes a layout artifact."""
    for element, _depth in walk(pdf):
        if element.S != "/Link":
            continue
        remaining = []
        for kid in kids(element):
            page = kid.get("/Pg", element.get("/Pg")) if is_mcr(kid) else element.get("/Pg")
            if (is_mcid(kid) or is_mcr(kid)) and page is not None and page.objgen in pages:
                mcid = int(kid) if is_mcid(kid) else int(kid.MCID)
                if LEADER.match(pages[page.objgen].text(mcid) or "x"):
                    pages[page.objgen].artifacts[mcid] = {"/Type": pikepdf.Name.Layout}
                    continue
            remaining.append(kid)
        set_kids(element, remaining)


def element_text(element, pages):
    parts = []
    stack = [element]
    while stack:
        current = stack.pop()
        for page, mcid in content_items(current):
            if page is not None and page.objgen in pages:
                parts.append(pages[page.objgen].text(mcid))
        stack.extend(reversed([k for k in kids(current) if is_element(k)]))
    return " ".join(" ".join(parts).split())


def link_contents(pdf, pages, names):
    """Every link annotation gets a /Contents: the target's name, else the link's own text."""
    texts = {}
    for element, _depth in walk(pdf):
        if element.S == "/Link":
            text = element_text(element, pages)
            for kid in kids(element):
                if is_objr(kid):
                    texts[kid.Obj.objgen] = text
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") != "/Link":
                continue
            target = annotation_target(annotation)
            name = ""
            if target and target[0] == "dest":
                name = names.get(target[1], "")
            name = name or texts.get(annotation.objgen, "")
            if not name and target:
                name = target[1]
            if name:
                annotation.Contents = pikepdf.String(name)


# -- the rest ---------------------------------------------------------------------------------------


def drop_empty(pdf):
    """Structure elements without any content (WeasyPrint's empty NonStruct) are removed. One
    pass from the last element to the first sees every element's kids before the element itself,
    so an element left empty by its kids' removal goes too."""
    for element, _depth in reversed(list(walk(pdf))):
        current = kids(element)
        kept = [kid for kid in current if not (is_element(kid) and not kids(kid) and str(kid.S) not in KEEP_EMPTY)]
        if len(kept) != len(current):
            set_kids(element, kept)


def figure_boxes_in_points(pdf):
    """WeasyPrint writes a Figure's BBox in CSS pixels from the top left; PDF wants points in the
    page's user space. Converted, then kept inside the page's MediaBox."""
    for element, _depth in walk(pdf):
        attributes = element.get("/A")
        if element.S != "/Figure" or not isinstance(attributes, pikepdf.Dictionary) or "/BBox" not in attributes:
            continue
        page = element.get("/Pg")
        if page is None:
            continue
        box = page.MediaBox
        height = float(box[3])
        x1, y1, x2, y2 = (float(v) for v in attributes.BBox)
        converted = (x1 * CSS_PX, height - y2 * CSS_PX, x2 * CSS_PX, height - y1 * CSS_PX)
        attributes.BBox = clamp(converted, box)


def clamp(bbox, mediabox):
    left, bottom, right, top = (float(v) for v in mediabox)
    x1, y1, x2, y2 = bbox
    x1, x2 = sorted((min(max(x1, left), right), min(max(x2, left), right)))
    y1, y2 = sorted((min(max(y1, bottom), top), min(max(y2, bottom), top)))
    return pikepdf.Array([round(x1, 3), round(y1, 3), round(x2, 3), round(y2, 3)])


def strip_private_keys(pdf):
    for element, _depth in walk(pdf):
        for key in (KEY, HTML_ID):
            if key in element:
                del element[key]


def find_by_html_id(pdf, html_id):
    for element, _depth in walk(pdf):
        if HTML_ID in element and str(element[HTML_ID]) == html_id:
            return element
    return None


def pdf_date(moment):
    offset = moment.strftime("%z") or "+0000"
    return moment.strftime("D:%Y%m%d%H%M%S") + f"{offset[:3]}'{offset[3:]}'"


def finish(pdf, created=None):
    """Parent tree from the tree, /Tabs on pages with annotations, dates in Info and XMP; the
    bytes, written with a trailer /ID."""
    created = created or datetime.datetime.now(datetime.UTC)
    if "/StructTreeRoot" in pdf.Root:
        strip_private_keys(pdf)
        rebuild_parent_tree(pdf)
    for page in pdf.pages:
        if page.obj.get("/Annots"):
            page.obj.Tabs = pikepdf.Name.S
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["xmp:CreateDate"] = created.isoformat()
        meta["xmp:ModifyDate"] = created.isoformat()
        meta["xmp:MetadataDate"] = created.isoformat()
    pdf.docinfo["/CreationDate"] = pdf_date(created)
    pdf.docinfo["/ModDate"] = pdf_date(created)
    buffer = io.BytesIO()
    # Object streams: the structure tree's many small dictionaries compressed together (the L
    # statusrapport's 49 000 objects took 11,5 MB without, 7,2 MB with).
    pdf.save(buffer, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue()


def postprocess(data, names=None, created=None):
    """WeasyPrint's bytes in, tagged bytes we can vouch for out."""
    with open_pdf(data) as pdf:
        fix_weasyprint(pdf, names)
        return finish(pdf, created)
