"""Joining tagged PDFs (pieces of one document, each rendered and tag-fixed on its own) into one
document with one structure tree, and stamping page numbers on the result.

- `join(pieces)`: the pages of every piece in order; each piece's top structure elements under
  the first piece's /Document element (structure IDs prefixed per piece, so they stay unique);
  the named destinations and the bookmarks of every piece, pointing at the joined pages; links
  written as `piece:<name>` (a link into another piece) turned into links to the named
  destination. The parent tree is left to `tags.finish`, which rebuilds it from the tree, so
  page /StructParents and annotations' /StructParent are numbered once for the whole document.
- `PageNumbers`: "Side X af Y" drawn on every page as a pagination artifact, in the font, size,
  colour and place a one-page sample rendered with the document's own stylesheet shows, with
  that sample's embedded font (PDF/UA requires embedded fonts).
"""

import io

import pikepdf

from .structure import is_element, kids, prefix_ids, set_kids, walk

PIECE_LINK = "piece:"


def _top_elements(pdf):
    """The piece's /Document element (made if the tree has none) and its element kids."""
    tree = pdf.Root.StructTreeRoot
    tops = [k for k in kids(tree) if is_element(k)]
    if len(tops) == 1 and tops[0].S == "/Document":
        return tops[0], [k for k in kids(tops[0]) if is_element(k)]
    return None, tops


def _outline_entries(pdf):
    """(title, level, page index, destination tail) of every bookmark, in document order."""
    page_index = {page.objgen: index for index, page in enumerate(pdf.pages)}
    entries = []

    def visit(items, level):
        for item in items:
            destination = item.destination
            if isinstance(destination, pikepdf.Array) and len(destination) and destination[0].objgen in page_index:
                entries.append((item.title, level, page_index[destination[0].objgen], list(destination[1:])))
            visit(item.children, level + 1)

    with pdf.open_outline() as outline:
        visit(outline.root, 1)
    return entries


def _named_destinations(pdf):
    """{name: (page index, destination tail)} of the piece's named destinations."""
    page_index = {page.objgen: index for index, page in enumerate(pdf.pages)}
    names = pdf.Root.get("/Names")
    found = {}
    if names is None or "/Dests" not in names:
        return found
    for name, destination in pikepdf.NameTree(names.Dests).items():
        if isinstance(destination, pikepdf.Dictionary):
            destination = destination.D
        if isinstance(destination, pikepdf.Array) and len(destination) and destination[0].objgen in page_index:
            found[str(name)] = (page_index[destination[0].objgen], list(destination[1:]))
    return found


def shape(data):
    """(pages, {name: page index} of its named destinations) of a piece, from one reading of it
    (WeasyPrint writes a named destination per HTML id)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages), {name: index for name, (index, _tail) in _named_destinations(pdf).items()}


def join(pieces, outline_levels=None):
    """A pikepdf.Pdf made of the pieces' bytes, in order (see the module text). The first
    piece's catalogue (language, metadata, viewer preferences) is the document's.
    `outline_levels`: per piece, how many levels its bookmarks sit below the top (a piece that
    starts inside a chapter has its top bookmarks one level down); 0 when not given."""
    levels = list(outline_levels or [0] * len(pieces))
    host = pikepdf.open(io.BytesIO(pieces[0]))
    document, host_tops = _top_elements(host)
    if document is None:
        document = host.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=host.Root.StructTreeRoot)
        )
        for element in host_tops:
            element.P = document
        set_kids(document, host_tops)
        set_kids(host.Root.StructTreeRoot, [document])
    outline = [(t, level + levels[0], index, tail) for t, level, index, tail in _outline_entries(host)]
    destinations = _named_destinations(host)
    _prefix_ids(host, "p0")
    for number, data in enumerate(pieces[1:], start=1):
        offset = len(host.pages)
        with pikepdf.open(io.BytesIO(data)) as piece:
            _prefix_ids(piece, f"p{number}")
            outline += [
                (t, level + levels[number], index + offset, tail) for t, level, index, tail in _outline_entries(piece)
            ]
            for name, (index, tail) in _named_destinations(piece).items():
                destinations.setdefault(name, (index + offset, tail))
            _merge_maps(host, piece)
            _piece_document, tops = _top_elements(piece)
            host.pages.extend(piece.pages)
            # copy_foreign shares its object map with the page copies above, so /Pg and /Obj
            # of the copied elements point at the joined pages and annotations.
            copied = [host.copy_foreign(element) for element in tops]
        for element in copied:
            element.P = document
        set_kids(document, kids(document) + copied)
    _write_destinations(host, destinations)
    _write_outline(host, outline)
    _resolve_piece_links(host, destinations)
    return host


def _prefix_ids(pdf, prefix):
    """Structure element IDs (table header cells) made unique across pieces."""
    if "/StructTreeRoot" not in pdf.Root:
        return
    for element, _depth in walk(pdf):
        prefix_ids(element, prefix)
    if "/IDTree" in pdf.Root.StructTreeRoot:
        del pdf.Root.StructTreeRoot["/IDTree"]


def _merge_maps(host, piece):
    """The piece's RoleMap and ClassMap entries the host does not have yet."""
    source, target = piece.Root.StructTreeRoot, host.Root.StructTreeRoot
    for key in ("/RoleMap", "/ClassMap"):
        if key not in source:
            continue
        if key not in target:
            target[key] = pikepdf.Dictionary()
        for name, value in source[key].items():
            if name not in target[key]:
                target[key][name] = host.copy_foreign(value) if isinstance(value, pikepdf.Object) else value


def _write_destinations(pdf, destinations):
    pages = pdf.pages
    tree = pikepdf.NameTree.new(pdf)
    for name, (index, tail) in sorted(destinations.items()):
        tree[name] = pikepdf.Array([pages[index].obj, *tail])
    if "/Names" not in pdf.Root:
        pdf.Root.Names = pikepdf.Dictionary()
    pdf.Root.Names.Dests = tree.obj


def _write_outline(pdf, entries):
    """The bookmarks as one tree: each entry under the nearest earlier entry of a lower level."""
    with pdf.open_outline() as outline:
        outline.root.clear()
        stack = []  # (level, item)
        for title, level, index, tail in entries:
            item = pikepdf.OutlineItem(title, pikepdf.Array([pdf.pages[index].obj, *tail]))
            while stack and stack[-1][0] >= level:
                stack.pop()
            (stack[-1][1].children if stack else outline.root).append(item)
            stack.append((level, item))


def _resolve_piece_links(pdf, destinations):
    """`piece:<name>` links (a link into another piece) become links to the named destination."""
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            action = annotation.get("/A")
            if not isinstance(action, pikepdf.Dictionary) or action.get("/S") != "/URI":
                continue
            uri = str(action.URI)
            if not uri.startswith(PIECE_LINK):
                continue
            name = uri.removeprefix(PIECE_LINK)
            del annotation["/A"]
            if name in destinations:
                annotation.Dest = pikepdf.String(name)


# -- page numbers -----------------------------------------------------------------------------------

PAGINATION = pikepdf.Dictionary(Type=pikepdf.Name.Pagination, Subtype=pikepdf.Name.Footer)


class PageNumbers:
    """Stamps `template % (page, pages)` on every page, right-aligned where the sample shows its
    text. `sample`: a one-page PDF (WeasyPrint, untagged) whose only text is `sample_text`, set in
    the place, font, size and colour the page numbers should have, and containing every
    character the page numbers use."""

    FONT = "/PgNoF1"

    def __init__(self, sample, sample_text):
        self.sample = pikepdf.open(io.BytesIO(sample))
        page = self.sample.pages[0]
        matrix, font, size, codes, colour = None, None, None, b"", None
        page_height = float(page.mediabox[3])
        scale = 1.0
        for instruction in pikepdf.parse_content_stream(page):
            op = str(instruction.operator)
            operands = list(instruction.operands)
            if op == "cm" and [float(v) for v in operands[1:3]] == [0.0, 0.0] and float(operands[0]) > 0:
                if float(operands[3]) > 0 and float(operands[0]) != 1.0:
                    scale = float(operands[0])  # WeasyPrint's px → pt
            elif op == "rg":
                colour = [float(v) for v in operands]
            elif op == "Tm":
                matrix = [float(v) for v in operands]
            elif op == "Tf":
                font, size = operands[0], float(operands[1])
            elif op == "TJ":
                codes += b"".join(bytes(part) for part in operands[0] if isinstance(part, pikepdf.String))
            elif op == "Tj":
                codes += bytes(operands[0])
        if matrix is None or font is None or len(codes) != 2 * len(sample_text):
            raise ValueError("The page number sample has no usable text")
        self.font = page.obj.Resources.Font[font]
        widths = _cid_widths(self.font)
        self.glyphs = {}
        for position, char in enumerate(sample_text):
            code = codes[2 * position : 2 * position + 2]
            self.glyphs[char] = (code, widths.get(int.from_bytes(code, "big"), 1000))
        self.size = size * scale
        text_width = sum(self.glyphs[c][1] for c in sample_text) * size / 1000
        # The sample's text matrix is in WeasyPrint's flipped, scaled space.
        self.right = (matrix[4] + text_width) * scale
        self.baseline = page_height - matrix[5] * scale
        self.colour = colour or [0, 0, 0]

    def close(self):
        self.sample.close()

    def stamp(self, pdf, template):
        font = pdf.copy_foreign(self.font)
        total = len(pdf.pages)
        for number, page in enumerate(pdf.pages, start=1):
            text = template % {"page": number, "pages": total}
            codes = b"".join(self.glyphs[c][0] for c in text)
            width = sum(self.glyphs[c][1] for c in text) * self.size / 1000
            resources = page.obj.get("/Resources")
            if resources is None:
                resources = page.obj.Resources = pikepdf.Dictionary()
            if "/Font" not in resources:
                resources.Font = pikepdf.Dictionary()
            resources.Font[self.FONT] = font
            colour = " ".join(f"{v:.6f}" for v in self.colour)
            stamp = (
                f"Q /Artifact <</Type /Pagination /Subtype /Footer>> BDC q {colour} rg BT {self.FONT} "
                f"{self.size:.4f} Tf 1 0 0 1 {self.right - width:.3f} {self.baseline:.3f} Tm <{codes.hex()}> Tj "
                "ET Q EMC\n"
            ).encode()
            page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
            page.contents_add(pdf.make_stream(stamp), prepend=False)


def _cid_widths(font):
    """{glyph id: width in 1/1000 em} of a Type0 font's descendant (its /W array)."""
    described = font.DescendantFonts[0]
    default = int(described.get("/DW", 1000))
    widths = {}
    array = list(described.get("/W", []))
    position = 0
    while position < len(array):
        first = int(array[position])
        following = array[position + 1]
        if isinstance(following, pikepdf.Array):
            for offset, width in enumerate(following):
                widths[first + offset] = float(width)
            position += 2
        else:
            last, width = int(following), float(array[position + 2])
            for glyph in range(first, last + 1):
                widths[glyph] = width
            position += 3
    return _DefaultDict(widths, default)


class _DefaultDict(dict):
    def __init__(self, values, default):
        super().__init__(values)
        self.default = default

    def get(self, key, fallback=None):
        return super().get(key, self.default)
