"""Drawing pages of another PDF onto pages of ours with their tags.

A tagged source keeps its structure: its pages' content is copied into the host pages (resources
renamed, MCIDs shifted past the host page's own), its structure elements are copied under a host
element with /Pg, MCIDs and /P remapped, role-mapped types resolved to standard ones, IDs
prefixed and headings moved below the host element's level. The parent tree is not touched here:
`tags.finish` rebuilds it from the tree, so any number of grafts (or joined pieces) agree.

An untagged source is drawn as one Figure per page with a text alternative. Its own marked content
keeps no MCIDs (they would mean nothing in our tree). A page that uses a font that is not embedded
(PDF/UA requires embedded fonts) is drawn as an image of the page instead, made with poppler's
`pdftoppm` when it is installed.

Links to web addresses inside a tagged source are carried over, moved with the page; links to
places inside the source stay behind (their text is kept).
"""

import io
import itertools
import logging
import re
import shutil
import subprocess
import tempfile
import zlib
from pathlib import Path

import pikepdf
from PIL import Image

from . import content as cs
from .structure import is_element, is_mcid, is_mcr, is_objr, kids, prefix_ids, set_kids, standard_type

RESOURCE_OPERANDS = {
    "Tf": "/Font",
    "Do": "/XObject",
    "gs": "/ExtGState",
    "cs": "/ColorSpace",
    "CS": "/ColorSpace",
    "scn": "/Pattern",
    "SCN": "/Pattern",
    "sh": "/Shading",
    "BDC": "/Properties",
    "DP": "/Properties",
}
_counter = itertools.count(1)
logger = logging.getLogger(__name__)
# What reading a broken PDF object can raise through pikepdf.
UNREADABLE = (pikepdf.PdfError, AttributeError, KeyError, IndexError, TypeError, ValueError)


def is_tagged(pdf):
    """A PDF with a structure tree and /MarkInfo /Marked true counts as tagged."""
    root = pdf.Root
    return (
        "/StructTreeRoot" in root
        and bool(root.get("/MarkInfo", {}).get("/Marked", False))
        and bool(kids(root.StructTreeRoot))
    )


def fit(source_box, rect):
    """The matrix that scales `source_box` into `rect` (x1, y1, x2, y2), keeping its proportions,
    centred horizontally and set at the top; and the placed box."""
    sx1, sy1, sx2, sy2 = (float(v) for v in source_box)
    x1, y1, x2, y2 = rect
    scale = min((x2 - x1) / (sx2 - sx1), (y2 - y1) / (sy2 - sy1), 1.0)
    width, height = (sx2 - sx1) * scale, (sy2 - sy1) * scale
    left = x1 + ((x2 - x1) - width) / 2
    bottom = y2 - height
    matrix = (scale, 0, 0, scale, left - sx1 * scale, bottom - sy1 * scale)
    return matrix, (left, bottom, left + width, bottom + height)


def rotated_box(page):
    box = page.obj.get("/CropBox", page.obj.MediaBox)
    return [float(v) for v in box]


def next_mcid(page):
    items = cs.marked_items(page)
    return max(items) + 1 if items else 0


class Placement:
    """A source page prepared for drawing onto a host page: nothing in the host changes until
    `apply()`, so a bilag that turns out to be broken half-way leaves the host as it was."""

    def __init__(self, host, host_page, source_page, rect, tagged, figure_mcid=None):
        self.host, self.host_page = host, host_page
        self.local = host.copy_foreign(source_page.obj)
        prefix = f"G{next(_counter)}"
        resources = self.local.get("/Resources", pikepdf.Dictionary())
        renames = {}
        # The page gets resources of its own (WeasyPrint shares one dictionary between all pages).
        shared = host_page.obj.get("/Resources", pikepdf.Dictionary())
        self.resources = pikepdf.Dictionary(
            {
                key: pikepdf.Dictionary(dict(value.items())) if isinstance(value, pikepdf.Dictionary) else value
                for key, value in shared.items()
            }
        )
        for category in ("/Font", "/XObject", "/ExtGState", "/ColorSpace", "/Pattern", "/Shading", "/Properties"):
            if category not in resources:
                continue
            if category not in self.resources:
                self.resources[category] = pikepdf.Dictionary()
            for name, value in resources[category].items():
                new = f"/{prefix}{name[1:]}"
                renames[(category, name)] = pikepdf.Name(new)
                self.resources[category][new] = value
        self.offset = next_mcid(host_page) if tagged else 0
        items = []
        for instruction in cs.instructions(pikepdf.Page(self.local)):
            op = cs.operator(instruction)
            if op == "INLINE IMAGE":
                items.append(instruction)
                continue
            args = cs.operands(instruction)
            category = RESOURCE_OPERANDS.get(op)
            if category:
                args = [renames.get((category, str(a)), a) if isinstance(a, pikepdf.Name) else a for a in args]
            if (
                not tagged
                and op == "BDC"
                and len(args) == 2
                and isinstance(args[1], pikepdf.Dictionary)
                and "/MCID" in args[1]
            ):
                instruction = pikepdf.ContentStreamInstruction([args[0]], pikepdf.Operator("BMC"))
            else:
                instruction = pikepdf.ContentStreamInstruction(args, instruction.operator)
            items.append(instruction)
        if tagged:
            items = cs.rewrite(items, {}, self.offset)
        matrix, self.placed = fit(rotated_box(pikepdf.Page(self.local)), rect)
        self.links = web_links(self.local, matrix, host_page.obj) if tagged else []
        q = pikepdf.ContentStreamInstruction([], pikepdf.Operator("q"))
        big_q = pikepdf.ContentStreamInstruction([], pikepdf.Operator("Q"))
        cm = pikepdf.ContentStreamInstruction(list(matrix), pikepdf.Operator("cm"))
        if figure_mcid is not None:
            opening = pikepdf.ContentStreamInstruction(
                [pikepdf.Name.Figure, pikepdf.Dictionary(MCID=figure_mcid)], pikepdf.Operator("BDC")
            )
            body = [opening, q, cm, *items, big_q, cs.close()]
        else:
            body = [q, cm, *items, big_q]
        self.content = pikepdf.unparse_content_stream([q, *cs.instructions(host_page), big_q, *body])

    def apply(self):
        self.host_page.obj.Resources = self.resources
        self.host_page.obj.Contents = self.host.make_stream(self.content)
        if self.links:
            annots = list(self.host_page.obj.get("/Annots", []))
            self.host_page.obj.Annots = pikepdf.Array(annots + self.links)


def web_links(local, matrix, host_page):
    """The source page's links to web addresses, moved to where the page is drawn; links to
    places inside the source mean nothing in our document and stay behind."""
    links = []
    for annotation in local.get("/Annots", []):
        action = annotation.get("/A")
        if annotation.get("/Subtype") != "/Link" or not isinstance(action, pikepdf.Dictionary):
            continue
        if action.get("/S") != "/URI":
            continue
        x1, y1, x2, y2 = (float(v) for v in annotation.Rect)
        corners = [(x * matrix[0] + matrix[4], y * matrix[3] + matrix[5]) for x, y in ((x1, y1), (x2, y2))]
        annotation.Rect = pikepdf.Array(
            [
                round(v, 3)
                for v in (
                    min(c[0] for c in corners),
                    min(c[1] for c in corners),
                    max(c[0] for c in corners),
                    max(c[1] for c in corners),
                )
            ]
        )
        for key in ("/QuadPoints", "/StructParent"):
            if key in annotation:
                del annotation[key]
        annotation.P = host_page
        if not str(annotation.get("/Contents", "")).strip():
            annotation.Contents = pikepdf.String(str(action.URI))
        links.append(annotation)
    return links


def graft_tagged(host, source, placements, parent, heading_level=1, id_prefix="bilag"):
    """Draws each (host page, source page index, rect) and copies the source's structure under the
    host element `parent` (a StructElem of the host). Raises before changing the host if the
    source cannot be read."""
    prepared = [Placement(host, page, source.pages[index], rect, tagged=True) for page, index, rect in placements]
    page_map = {p.local.objgen: (p.host_page.obj, p.offset) for p in prepared}
    links = {link.objgen: p.host_page.obj for p in prepared for link in p.links}
    tree = source.Root.StructTreeRoot
    tops = []
    for element in kids(tree):
        if not is_element(element):
            continue
        if standard_type(source, element.S) == "/Document":
            tops += [k for k in kids(element) if is_element(k)]
        else:
            tops.append(element)
    copied = [host.copy_foreign(element) for element in tops]
    language = str(source.Root.get("/Lang", "")) or None
    host_language = str(host.Root.get("/Lang", "")) or None
    for element in copied:
        remap(host, source, element, page_map, heading_level, id_prefix, links)
    for placement in prepared:
        placement.apply()
    for element in copied:
        element.P = parent
        if language and language != host_language and "/Lang" not in element:
            element.Lang = pikepdf.String(language)
    set_kids(parent, kids(parent) + copied)
    return copied


def remap(host, source, top, page_map, heading_level, id_prefix, links=None):
    links = links or {}
    stack = [top]
    seen = set()
    while stack:
        element = stack.pop()
        if element.objgen in seen:
            continue
        seen.add(element.objgen)
        kind = standard_type(source, element.S)
        if len(kind) == 3 and kind.startswith("/H") and kind[2].isdigit():
            kind = f"/H{min(6, int(kind[2]) + heading_level)}"
        element.S = pikepdf.Name(kind)
        page = element.get("/Pg")
        target = page_map.get(page.objgen) if page is not None else None
        if page is not None:
            if target is None:
                del element["/Pg"]
            else:
                element.Pg = target[0]
        prefix_ids(element, id_prefix)
        new_kids = []
        for kid in kids(element):
            if is_mcid(kid):
                if target is not None:
                    new_kids.append(int(kid) + target[1])
            elif is_mcr(kid):
                mcr_page = kid.get("/Pg", page)
                mapped = page_map.get(mcr_page.objgen) if mcr_page is not None else None
                if mapped is not None and "/Stm" not in kid:
                    new_kids.append(
                        pikepdf.Dictionary(Type=pikepdf.Name.MCR, MCID=int(kid.MCID) + mapped[1], Pg=mapped[0])
                    )
            elif is_objr(kid):
                if kid.Obj.objgen in links:  # a web link drawn with the page
                    new_kids.append(pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=kid.Obj, Pg=links[kid.Obj.objgen]))
            elif is_element(kid):
                kid.P = element
                new_kids.append(kid)
                stack.append(kid)
        set_kids(element, new_kids)


def graft_untagged(host, source, placements, parent, alternatives):
    """Draws each (host page, source page index, rect) as a Figure with the matching text of
    `alternatives` under `parent`. Raises before changing the host if the source cannot be read."""
    prepared = []
    bare = [index for _page, index, _rect in placements if has_bare_fonts(source.pages[index])]
    images = pages_as_images(source, bare) if bare else {}
    for (host_page, source_index, rect), alternative in zip(placements, alternatives, strict=True):
        mcid = next_mcid(host_page)
        page = source.pages[source_index]
        image_pdf = images.get(source_index)
        if image_pdf is not None:
            page = image_pdf.pages[0]
        placement = Placement(host, host_page, page, rect, tagged=False, figure_mcid=mcid)
        if image_pdf is not None:
            image_pdf.close()
        figure = host.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.StructElem,
                S=pikepdf.Name.Figure,
                P=parent,
                Pg=host_page.obj,
                K=pikepdf.Array([mcid]),
                Alt=pikepdf.String(alternative),
                A=pikepdf.Dictionary(
                    O=pikepdf.Name.Layout, BBox=pikepdf.Array([round(v, 3) for v in placement.placed])
                ),
            )
        )
        prepared.append((placement, figure))
    for placement, _figure in prepared:
        placement.apply()
    figures = [figure for _placement, figure in prepared]
    set_kids(parent, kids(parent) + figures)
    return figures


def graft(host, source, placements, parent, alternatives, heading_level=1, id_prefix="bilag"):
    """A tagged source with its structure; an untagged one, or a tagged one whose structure
    cannot be read, as figures with `alternatives`. Returns "tagged", "figures" or None when not
    even its pages can be drawn (the host is then unchanged)."""
    if is_tagged(source):
        try:
            graft_tagged(host, source, placements, parent, heading_level=heading_level, id_prefix=id_prefix)
            return "tagged"
        except UNREADABLE:
            logger.warning("A tagged PDF's structure could not be grafted; drawing its pages as figures")
    try:
        graft_untagged(host, source, placements, parent, alternatives)
        return "figures"
    except UNREADABLE:
        logger.warning("A PDF's pages could not be drawn")
        return None


def has_bare_fonts(page):
    """Whether the page (or a form it draws) uses a font without an embedded font program."""
    stack, seen = [page.obj.get("/Resources")], set()
    while stack:
        resources = stack.pop()
        if not isinstance(resources, pikepdf.Dictionary):
            continue
        for font in resources.get("/Font", pikepdf.Dictionary()).values():
            if font.get("/Subtype") == "/Type3":
                continue
            described = font.DescendantFonts[0] if font.get("/Subtype") == "/Type0" else font
            descriptor = described.get("/FontDescriptor")
            if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                return True
        for xobject in resources.get("/XObject", pikepdf.Dictionary()).values():
            if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                stack.append(xobject.get("/Resources"))
    return False


def pages_as_images(source, indexes, dpi=150, timeout=60):
    """{index: a one-page PDF showing that page of `source` as an image}, made with one pdftoppm
    run over the pages needed (raw PPM, no PNG to encode and decode); {} when pdftoppm is not
    installed or fails."""
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm or not indexes:
        return {}
    first, last = min(indexes) + 1, max(indexes) + 1
    pictures = {}
    with tempfile.TemporaryDirectory(prefix="pdfua-") as folder:
        path = Path(folder) / "source.pdf"
        source.save(path)
        command = [pdftoppm, "-r", str(dpi), "-f", str(first), "-l", str(last), str(path), str(Path(folder) / "page")]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=True)
            # pdftoppm pads the page number to the width of the last page's number.
            for output in Path(folder).glob("page-*.ppm"):
                index = int(output.stem.rsplit("-", 1)[1]) - 1
                if index in indexes:
                    # Made into a (compressed) page at once: a long bilag's raw images would
                    # not fit in memory together.
                    pictures[index] = image_page(source, index, *read_ppm(output))
        except (subprocess.SubprocessError, OSError, ValueError):
            for pdf in pictures.values():
                pdf.close()
            return {}
    return pictures


PPM_HEADER = re.compile(rb"P6\s+(\d+)\s+(\d+)\s+255\s")


def read_ppm(path):
    """(width, height, RGB bytes) of pdftoppm's output, read as it is (PIL would copy it twice)."""
    data = path.read_bytes()
    header = PPM_HEADER.match(data)
    if header is None:
        with Image.open(path) as picture:
            rgb = picture.convert("RGB")
            return rgb.width, rgb.height, rgb.tobytes()
    width, height = int(header[1]), int(header[2])
    return width, height, data[header.end() : header.end() + width * height * 3]


def deflate(raw):
    """Flate with run-length matching: a page of a document is mostly runs of one colour, which
    this packs about as tightly as the default level (14 KB against 11 KB for a text page at
    150 dpi) in less than half the time."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 15, 9, zlib.Z_RLE)
    return compressor.compress(raw) + compressor.flush()


def as_gray(rgb):
    """The image's one channel when all its pixels are grey (R = G = B), as a text page is;
    None when any pixel has a colour."""
    red = rgb[0::3]
    if red == rgb[1::3] and red == rgb[2::3]:
        return red
    return None


def image_page(source, index, pixels_wide, pixels_high, rgb):
    """A one-page PDF, the size of page `index` of `source`, showing the RGB image `rgb`: in
    DeviceGray when it has no colour (a third of the samples to compress and store), otherwise in
    DeviceRGB."""
    box = rotated_box(source.pages[index])
    width, height = box[2] - box[0], box[3] - box[1]
    gray = as_gray(rgb)
    pdf = pikepdf.new()
    image = pdf.make_stream(
        deflate(rgb if gray is None else gray),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=pixels_wide,
        Height=pixels_high,
        ColorSpace=pikepdf.Name.DeviceRGB if gray is None else pikepdf.Name.DeviceGray,
        BitsPerComponent=8,
        Filter=pikepdf.Name.FlateDecode,
    )
    page = pdf.add_blank_page(page_size=(width, height))
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    page.obj.Contents = pdf.make_stream(f"q {width:.3f} 0 0 {height:.3f} 0 0 cm /Im0 Do Q".encode())
    buffer = io.BytesIO()
    pdf.save(buffer)
    return pikepdf.open(io.BytesIO(buffer.getvalue()))
