"""Our own check of the machine-checkable PDF/UA-1 conditions (Matterhorn protocol) that can be
read with pikepdf. It is not a validator: it cannot judge whether the tags are the right ones for
what a page shows, whether alternative texts are meaningful, reading order, colour contrast, or
any condition that needs the fonts' glyph programs. See docs/pdf-accessibility.md.

`check(data)` returns a list of `Problem`s; an empty list means every condition below holds:

- document: XMP with `pdfuaid:part` 1 and a dc:title; /Lang; /MarkInfo /Marked true;
  /ViewerPreferences /DisplayDocTitle true; a trailer /ID; a creation date; a structure tree.
- content (01-xxx, 06-xxx): every painting operator in a page's content stream is inside tagged
  marked content or an artifact; artifacts hold no MCID.
- tree (01-xxx, 02-xxx): every marked-content item on a page belongs to an element in the tree, and
  every MCID in the tree is on its page; the parent tree maps each one to that element; every type
  is standard or role-mapped to a standard type.
- tables (15-xxx): Table holds TR, THead, TBody, TFoot and Caption only and at least one row; TR
  holds TH/TD; each TH has a Scope or an ID used by a TD's Headers.
- lists (16-xxx): L holds LI (and nested L, Caption); LI holds Lbl/LBody.
- headings (14-xxx): the first numbered heading is H1; no level skipped going down.
- figures (13-xxx): Figure and Formula have /Alt or /ActualText; a BBox lies on its page.
- annotations (28-xxx): each is in the tree by an OBJR, through its /StructParent; links have
  /Contents; pages with annotations have /Tabs /S.
- fonts (31-xxx): every font in a page's (and its forms') resources is embedded and has a
  ToUnicode map (or a standard simple encoding).
"""

import io
from dataclasses import dataclass

import pikepdf

from . import content as cs
from .structure import content_items, is_element, is_objr, kids, standard_type, walk

_TYPE_NAMES = (
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 "
    "L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot "
    "Ruby RB RT RP Warichu WT WP Figure Formula Form"
)
STANDARD_TYPES = frozenset(_TYPE_NAMES.split(" "))
SIMPLE_ENCODINGS = {"/WinAnsiEncoding", "/MacRomanEncoding", "/StandardEncoding", "/MacExpertEncoding"}
TABLE_KIDS = {"TR", "THead", "TBody", "TFoot", "Caption"}
LIST_KIDS = {"LI", "L", "Caption"}
ITEM_KIDS = {"Lbl", "LBody"}


@dataclass(frozen=True)
class Problem:
    rule: str
    message: str
    page: int | None = None

    def __str__(self):
        where = f" (side {self.page + 1})" if self.page is not None else ""
        return f"{self.rule}: {self.message}{where}"


def check(data):
    """The problems found in a PDF given as bytes or a path."""
    source = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    with pikepdf.open(source) as pdf:
        return Checker(pdf).run()


class Checker:
    def __init__(self, pdf):
        self.pdf = pdf
        self.problems = []
        self.page_index = {page.objgen: index for index, page in enumerate(pdf.pages)}

    def problem(self, rule, message, page=None):
        self.problems.append(Problem(rule, message, page))

    def run(self):
        self.document()
        if "/StructTreeRoot" not in self.pdf.Root:
            self.problem("01-005", "Dokumentet har intet strukturtræ (ikke tagget)")
            return self.problems
        self.elements = list(walk(self.pdf))
        self.types = {element.objgen: standard_type(self.pdf, element.S)[1:] for element, _ in self.elements}
        self.structure_types()
        self.content_and_tree()
        self.tables()
        self.lists()
        self.headings()
        self.figures()
        self.annotations()
        self.fonts()
        return self.problems

    def type_of(self, element):
        return self.types.get(element.objgen) or standard_type(self.pdf, element.S)[1:]

    # -- document -----------------------------------------------------------------------------------

    def document(self):
        root = self.pdf.Root
        try:
            meta = self.pdf.open_metadata()
            part = meta.get("pdfuaid:part")
            title = meta.get("dc:title")
        except Exception:
            part = title = None
        if str(part) != "1":
            self.problem("06-002", "XMP-metadata mangler pdfuaid:part 1")
        if not title:
            self.problem("06-003", "XMP-metadata mangler dc:title")
        if not str(root.get("/Lang", "")).strip():
            self.problem("11-006", "Dokumentet mangler /Lang")
        mark_info = root.get("/MarkInfo", {})
        if not bool(mark_info.get("/Marked", False)):
            self.problem("01-002", "/MarkInfo /Marked er ikke true")
        if bool(mark_info.get("/Suspects", False)):
            self.problem("01-004", "/MarkInfo /Suspects er true")
        if not bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
            self.problem("07-001", "/ViewerPreferences /DisplayDocTitle er ikke true")
        if "/ID" not in self.pdf.trailer:
            self.problem("ID", "Filen mangler /ID i trailer")
        if "/CreationDate" not in self.pdf.docinfo:
            self.problem("DATE", "Filen mangler en oprettelsesdato (/CreationDate)")

    def structure_types(self):
        for element, _ in self.elements:
            kind = self.type_of(element)
            if kind not in STANDARD_TYPES:
                self.problem("02-004", f"Ikke-standard strukturtype /{kind} uden RoleMap", self.page_of(element))

    def page_of(self, element):
        page = element.get("/Pg")
        return self.page_index.get(page.objgen) if page is not None else None

    # -- content and tree ---------------------------------------------------------------------------

    def content_and_tree(self):
        in_tree = {}  # (page index, mcid) -> element
        for element, _ in self.elements:
            for page, mcid in content_items(element):
                if page is None:
                    self.problem("01-006", "Markeret indhold uden side (/Pg)")
                    continue
                index = self.page_index.get(page.objgen)
                if index is None:
                    self.problem("01-006", "Markeret indhold på en side, der ikke er i dokumentet")
                    continue
                if (index, mcid) in in_tree:
                    self.problem("01-006", f"MCID {mcid} hører til flere elementer", index)
                in_tree[(index, mcid)] = element
        parent_tree = self.pdf.Root.StructTreeRoot.get("/ParentTree")
        numbers = pikepdf.NumberTree(parent_tree) if parent_tree is not None else {}
        for index, page in enumerate(self.pdf.pages):
            on_page = self.page_content(page, index)
            key = page.obj.get("/StructParents")
            mapping = numbers[int(key)] if key is not None and int(key) in numbers else None
            for mcid in on_page:
                element = in_tree.get((index, mcid))
                if element is None:
                    self.problem("01-006", f"MCID {mcid} er ikke i strukturtræet", index)
                    continue
                if mapping is None or mcid >= len(mapping) or mapping[mcid].objgen != element.objgen:
                    self.problem("01-006", f"Forældretræet peger ikke på elementet for MCID {mcid}", index)
            for (page_number, mcid), _element in in_tree.items():
                if page_number == index and mcid not in on_page:
                    self.problem("01-006", f"Strukturtræet nævner MCID {mcid}, som ikke er på siden", index)

    def page_content(self, page, index):
        depth_tags, mcids = [], set()
        for instruction in cs.instructions(page):
            op = cs.operator(instruction)
            if op in ("BDC", "BMC"):
                artifact = cs.is_artifact(instruction)
                mcid = cs.mcid_of(instruction) if op == "BDC" else None
                inside_artifact = any(tag == "artifact" for tag in depth_tags)
                if mcid is not None:
                    if artifact or inside_artifact:
                        self.problem("01-007", f"Artefakt med MCID {mcid}", index)
                    elif mcid in mcids:
                        self.problem("01-006", f"MCID {mcid} bruges to gange på siden", index)
                    mcids.add(mcid)
                depth_tags.append("artifact" if artifact else ("mcid" if mcid is not None else "other"))
            elif op == "EMC":
                if depth_tags:
                    depth_tags.pop()
            elif op in cs.PAINTING and not any(tag in ("artifact", "mcid") for tag in depth_tags):
                self.problem("01-001", f"Indhold ({op}) uden tag og ikke markeret som artefakt", index)
        return mcids

    # -- tables, lists, headings, figures ------------------------------------------------------------

    def kid_types(self, element):
        return [self.type_of(kid) for kid in kids(element) if is_element(kid)]

    def tables(self):
        for element, _ in self.elements:
            kind, page = self.type_of(element), self.page_of(element)
            if kind == "Table":
                types = self.kid_types(element)
                for other in set(types) - TABLE_KIDS:
                    self.problem("15-001", f"Table indeholder /{other}", page)
                rows = [k for k in kids(element) if is_element(k) and self.type_of(k) == "TR"]
                for group in kids(element):
                    if is_element(group) and self.type_of(group) in ("THead", "TBody", "TFoot"):
                        rows += [k for k in kids(group) if is_element(k) and self.type_of(k) == "TR"]
                        for other in set(self.kid_types(group)) - {"TR"}:
                            self.problem("15-001", f"{self.type_of(group)} indeholder /{other}", page)
                if not rows:
                    self.problem("15-001", "Table uden rækker (TR)", page)
                if types.count("Caption") > 1:
                    self.problem("15-001", "Table med mere end én Caption", page)
                self.table_headers(element, rows, page)
            elif kind == "TR":
                for other in set(self.kid_types(element)) - {"TH", "TD"}:
                    self.problem("15-001", f"TR indeholder /{other}", page)

    def table_headers(self, table, rows, page):
        cells = [cell for row in rows for cell in kids(row) if is_element(cell)]
        used = set()
        for cell in cells:
            attributes = cell.get("/A")
            if isinstance(attributes, pikepdf.Dictionary) and "/Headers" in attributes:
                used |= {str(h) for h in attributes.Headers}
        for cell in cells:
            if self.type_of(cell) != "TH":
                continue
            attributes = cell.get("/A")
            scope = isinstance(attributes, pikepdf.Dictionary) and "/Scope" in attributes
            if not scope and str(cell.get("/ID", "")) not in used:
                self.problem("15-003", "TH uden Scope og uden ID brugt af Headers", page)

    def lists(self):
        for element, _ in self.elements:
            kind, page = self.type_of(element), self.page_of(element)
            if kind == "L":
                for other in set(self.kid_types(element)) - LIST_KIDS:
                    self.problem("16-001", f"L indeholder /{other}", page)
            elif kind == "LI":
                for other in set(self.kid_types(element)) - ITEM_KIDS:
                    self.problem("16-001", f"LI indeholder /{other}", page)

    def headings(self):
        previous = None
        for element, _ in self.elements:
            kind = self.type_of(element)
            if len(kind) == 2 and kind[0] == "H" and kind[1].isdigit():
                level = int(kind[1])
                if previous is None and level != 1:
                    self.problem("14-002", f"Den første overskrift er H{level}, ikke H1", self.page_of(element))
                elif previous is not None and level > previous + 1:
                    self.problem(
                        "14-003", f"Overskriftsniveau springes over: H{previous} → H{level}", self.page_of(element)
                    )
                previous = level

    def figures(self):
        for element, _ in self.elements:
            kind = self.type_of(element)
            if kind not in ("Figure", "Formula"):
                continue
            page = self.page_of(element)
            alt = str(element.get("/Alt", "")).strip() or str(element.get("/ActualText", "")).strip()
            if not alt:
                self.problem("13-004", f"{kind} uden alternativ tekst", page)
            attributes = element.get("/A")
            if isinstance(attributes, pikepdf.Dictionary) and "/BBox" in attributes and element.get("/Pg") is not None:
                x1, y1, x2, y2 = (float(v) for v in attributes.BBox)
                left, bottom, right, top = (float(v) for v in element.Pg.MediaBox)
                tolerance = 0.5
                if (
                    min(x1, x2) < left - tolerance
                    or max(x1, x2) > right + tolerance
                    or min(y1, y2) < bottom - tolerance
                    or max(y1, y2) > top + tolerance
                ):
                    self.problem("BBOX", f"{kind}s BBox ligger uden for siden", page)

    # -- annotations and fonts ----------------------------------------------------------------------

    def annotations(self):
        tagged = {}
        for element, _ in self.elements:
            for kid in kids(element):
                if is_objr(kid):
                    tagged[kid.Obj.objgen] = element
        parent_tree = self.pdf.Root.StructTreeRoot.get("/ParentTree")
        numbers = pikepdf.NumberTree(parent_tree) if parent_tree is not None else {}
        for index, page in enumerate(self.pdf.pages):
            annots = page.obj.get("/Annots", [])
            if len(annots) and page.obj.get("/Tabs") != "/S":
                self.problem("28-010", "Side med annoteringer har ikke /Tabs /S", index)
            for annotation in annots:
                subtype = annotation.get("/Subtype")
                if subtype == "/Popup":
                    continue
                if annotation.objgen not in tagged:
                    self.problem("28-002", f"Annotering {subtype} er ikke i strukturtræet", index)
                    continue
                key = annotation.get("/StructParent")
                if (
                    key is None
                    or int(key) not in numbers
                    or numbers[int(key)].objgen != tagged[annotation.objgen].objgen
                ):
                    self.problem("28-002", f"Annotering {subtype} har forkert /StructParent", index)
                if subtype == "/Link" and not str(annotation.get("/Contents", "")).strip():
                    self.problem("28-004", "Link uden /Contents", index)
                if subtype == "/Link" and self.type_of(tagged[annotation.objgen]) != "Link":
                    self.problem("28-011", "Link-annotering er ikke i et Link-element", index)

    def fonts(self):
        seen = set()
        for index, page in enumerate(self.pdf.pages):
            for font in self.fonts_in(page.obj.get("/Resources"), set()):
                if font.objgen in seen and font.objgen != (0, 0):
                    continue
                seen.add(font.objgen)
                self.font(font, index)

    def fonts_in(self, resources, visited):
        if not isinstance(resources, pikepdf.Dictionary):
            return
        yield from resources.get("/Font", pikepdf.Dictionary()).values()
        for xobject in resources.get("/XObject", pikepdf.Dictionary()).values():
            if xobject.get("/Subtype") == "/Form" and xobject.objgen not in visited:
                visited.add(xobject.objgen)
                yield from self.fonts_in(xobject.get("/Resources"), visited)

    def font(self, font, index):
        subtype = font.get("/Subtype")
        name = str(font.get("/BaseFont", subtype))
        if subtype == "/Type3":
            return
        descriptor_font = font.DescendantFonts[0] if subtype == "/Type0" else font
        descriptor = descriptor_font.get("/FontDescriptor")
        if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            self.problem("31-001", f"Skrifttypen {name} er ikke indlejret", index)
        if "/ToUnicode" not in font:
            encoding = font.get("/Encoding")
            simple_ok = subtype != "/Type0" and (
                str(encoding) in SIMPLE_ENCODINGS
                or (isinstance(encoding, pikepdf.Dictionary) and "/Differences" not in encoding)
            )
            if not simple_ok:
                self.problem("31-006", f"Skrifttypen {name} mangler ToUnicode", index)
