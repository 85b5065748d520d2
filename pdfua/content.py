"""Reading and rewriting page content streams: marked content, painting operators, text."""

import re
from dataclasses import dataclass, field

import pikepdf

PATH_CONSTRUCTION = {"m", "l", "c", "v", "y", "h", "re"}
PATH_PAINTING = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}
PATH_END = PATH_PAINTING | {"n"}
TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
XOBJECT_OR_SHADING = {"Do", "sh", "INLINE IMAGE"}
PAINTING = PATH_PAINTING | TEXT_SHOWING | XOBJECT_OR_SHADING
ARTIFACT = pikepdf.Name.Artifact


def instructions(page_or_stream):
    return pikepdf.parse_content_stream(page_or_stream)


def operator(instruction):
    if isinstance(instruction, pikepdf.ContentStreamInlineImage):
        return "INLINE IMAGE"
    return str(instruction.operator)


def operands(instruction):
    if isinstance(instruction, pikepdf.ContentStreamInlineImage):
        return []
    return list(instruction.operands)


def mcid_of(instruction):
    """The MCID of a BDC whose property list is inline, else None."""
    args = operands(instruction)
    if len(args) == 2 and isinstance(args[1], pikepdf.Dictionary) and "/MCID" in args[1]:
        return int(args[1].MCID)
    return None


def is_artifact(instruction):
    args = operands(instruction)
    return bool(args) and args[0] == ARTIFACT


@dataclass
class MarkedItem:
    mcid: int
    # What the item shows, as (font name, raw string) pairs, decoded when asked for: most items'
    # text is never read.
    shown: list = field(default_factory=list)
    origin: tuple | None = None  # (x, y) of the first glyph in default user space
    decoder: object = None

    @property
    def text(self):
        return [self.decoder.decode(font, raw) for font, raw in self.shown]

    @property
    def string(self):
        return "".join(self.text)


# -- text -------------------------------------------------------------------------------------------

HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


def parse_to_unicode(data):
    """A ToUnicode CMap as {code: text}; bfchar and bfrange (both forms)."""
    mapping = {}

    def text(hexstring):
        raw = bytes.fromhex(hexstring.decode())
        return raw.decode("utf-16-be", errors="replace")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        codes = HEX.findall(block)
        for source, target in zip(codes[::2], codes[1::2], strict=False):
            mapping[int(source, 16)] = text(target)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for line in re.finditer(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])", block):
            start, end, target = int(line[1], 16), int(line[2], 16), line[3]
            if target.startswith(b"["):
                for offset, item in enumerate(HEX.findall(target)):
                    mapping[start + offset] = text(item)
            else:
                base = bytes.fromhex(target[1:-1].decode())
                for offset in range(end - start + 1):
                    value = int.from_bytes(base, "big") + offset
                    mapping[start + offset] = value.to_bytes(len(base), "big").decode("utf-16-be", errors="replace")
    return mapping


class FontDecoder:
    """Decodes shown strings to text with each font's ToUnicode map (our fonts all have one)."""

    def __init__(self, resources):
        self.fonts = resources.get("/Font", pikepdf.Dictionary()) if resources is not None else {}
        self.cache = {}

    def decode(self, font_name, raw):
        if font_name not in self.cache:
            font = self.fonts.get(font_name) if font_name else None
            mapping, width = {}, 1
            if font is not None:
                if font.get("/Subtype") == "/Type0":
                    width = 2
                if "/ToUnicode" in font:
                    mapping = parse_to_unicode(font.ToUnicode.read_bytes())
            self.cache[font_name] = (mapping, width)
        mapping, width = self.cache[font_name]
        out = []
        for index in range(0, len(raw) - width + 1, width):
            code = int.from_bytes(raw[index : index + width], "big")
            out.append(mapping.get(code, chr(code) if width == 1 else "\ufffd"))
        return "".join(out)


def multiply(a, b):
    """a × b for PDF matrices (a applied first)."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def marked_items(page, parsed=None):
    """{mcid: MarkedItem} for the page's own content stream: its text and first glyph position.
    `parsed`: the page's instructions when they have been read already."""
    decoder = FontDecoder(page.obj.get("/Resources"))
    items, stack = {}, []
    current = None  # the innermost MCID on the stack
    ctm, saved = IDENTITY, []
    text_matrix, line_matrix, font = IDENTITY, IDENTITY, None
    leading = 0.0
    for instruction in instructions(page) if parsed is None else parsed:
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue
        op = str(instruction.operator)
        if op in TEXT_SHOWING:
            if current is None:
                continue
            item = items[current]
            if item.origin is None:
                matrix = multiply(text_matrix, ctm)
                item.origin = (matrix[4], matrix[5])
            shown = instruction.operands[-1]
            for part in shown if isinstance(shown, pikepdf.Array) else (shown,):
                if isinstance(part, pikepdf.String):
                    item.shown.append((font, bytes(part)))
        elif op == "q":
            saved.append(ctm)
        elif op == "Q":
            if saved:
                ctm = saved.pop()
        elif op == "cm":
            ctm = multiply(tuple(float(a) for a in instruction.operands), ctm)
        elif op == "BDC" or op == "BMC":
            mcid = mcid_of(instruction) if op == "BDC" else None
            stack.append(mcid)
            if mcid is not None:
                current = mcid
                if mcid not in items:
                    items[mcid] = MarkedItem(mcid, decoder=decoder)
        elif op == "EMC":
            if stack:
                stack.pop()
                current = next((m for m in reversed(stack) if m is not None), None)
        elif op == "BT":
            text_matrix = line_matrix = IDENTITY
        elif op == "Tm":
            text_matrix = line_matrix = tuple(float(a) for a in instruction.operands)
        elif op == "Td" or op == "TD":
            args = instruction.operands
            line_matrix = multiply((1, 0, 0, 1, float(args[0]), float(args[1])), line_matrix)
            text_matrix = line_matrix
            if op == "TD":
                leading = -float(args[1])
        elif op == "TL":
            leading = float(instruction.operands[0])
        elif op == "T*":
            line_matrix = multiply((1, 0, 0, 1, 0, -leading), line_matrix)
            text_matrix = line_matrix
        elif op == "Tf":
            font = str(instruction.operands[0])
    return items


# -- rewriting --------------------------------------------------------------------------------------


def artifact_open(properties=None):
    if properties:
        return pikepdf.ContentStreamInstruction([ARTIFACT, pikepdf.Dictionary(properties)], pikepdf.Operator("BDC"))
    return pikepdf.ContentStreamInstruction([ARTIFACT], pikepdf.Operator("BMC"))


def close():
    return pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC"))


def retag(instruction, tag, mcid):
    return pikepdf.ContentStreamInstruction([pikepdf.Name(tag), pikepdf.Dictionary(MCID=mcid)], pikepdf.Operator("BDC"))


def rewrite(items, artifacts=None, mcid_offset=0):
    """The instructions with (1) the marked content of the MCIDs in `artifacts` ({mcid: artifact
    properties or None}) turned into artifacts, (2) every painting operator that is outside any
    marked content wrapped as an artifact, (3) MCIDs shifted by `mcid_offset`."""
    artifacts = artifacts or {}
    out, depth, pending = [], 0, []
    in_text = False

    def flush_pending(wrap):
        if wrap:
            out.append(artifact_open())
        out.extend(pending)
        if wrap:
            out.append(close())
        pending.clear()

    for instruction in items:
        op = operator(instruction)
        if in_text is True and depth == 0:
            # A text object outside marked content: keep it whole, wrap it if it shows text.
            pending.append(instruction)
            if op in ("BDC", "BMC"):
                # Marked content inside the text object: wrap single showing operators instead.
                nested = list(pending)
                pending.clear()
                out.extend(wrap_loose_showing(nested[:-1]))
                out.append(shift(nested[-1], artifacts, mcid_offset))
                depth += 1
                in_text = "inner"
            elif op == "ET":
                flush_pending(any(operator(i) in TEXT_SHOWING for i in pending))
                in_text = False
            continue
        if op in ("BDC", "BMC"):
            if pending:
                flush_pending(False)
            out.append(shift(instruction, artifacts, mcid_offset))
            depth += 1
            continue
        if op == "EMC":
            out.append(instruction)
            depth = max(0, depth - 1)
            if in_text == "inner" and depth == 0:
                in_text = "loose"
            continue
        if depth > 0:
            out.append(instruction)
            if op == "ET":
                in_text = False
            continue
        # Outside marked content.
        if in_text == "loose":
            if op == "ET":
                in_text = False
                out.append(instruction)
            elif op in TEXT_SHOWING:
                out.extend([artifact_open(), instruction, close()])
            else:
                out.append(instruction)
            continue
        if op == "BT":
            in_text = True
            pending.append(instruction)
        elif op in PATH_CONSTRUCTION or op in ("W", "W*"):
            pending.append(instruction)
        elif op in PATH_END:
            pending.append(instruction)
            flush_pending(op in PATH_PAINTING)
        elif op in XOBJECT_OR_SHADING:
            flush_pending(False)
            out.extend([artifact_open(), instruction, close()])
        else:
            if pending and op not in PATH_CONSTRUCTION:
                flush_pending(False)
            out.append(instruction)
    flush_pending(False)
    return out


def wrap_loose_showing(items):
    out = []
    for instruction in items:
        if operator(instruction) in TEXT_SHOWING:
            out.extend([artifact_open(), instruction, close()])
        else:
            out.append(instruction)
    return out


def shift(instruction, artifacts, offset):
    mcid = mcid_of(instruction)
    if mcid is None:
        return instruction
    if mcid in artifacts:
        return artifact_open(artifacts[mcid] or {"/Type": pikepdf.Name.Layout})
    if offset:
        return retag(instruction, str(operands(instruction)[0]), mcid + offset)
    return instruction


def set_page_content(pdf, page, items):
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(items))


def unmarked_painting(items):
    """Painting operators outside any marked content (should be none in a tagged file)."""
    depth, count = 0, 0
    for instruction in items:
        op = operator(instruction)
        if op in ("BDC", "BMC"):
            depth += 1
        elif op == "EMC":
            depth = max(0, depth - 1)
        elif depth == 0 and op in PAINTING:
            count += 1
    return count
