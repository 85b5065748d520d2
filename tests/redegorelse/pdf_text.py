"""The text of a PDF as a reader reads it: the pages' bodies without running header and
footer, in sentences, with the presentation (line breaks, hyphenation, capitals) normalised away."""

import io
import re

from pypdf import PdfReader

MM = 72 / 25.4
# Running headers and footers sit in the page margins (22–25 mm at the top, 20–22 mm at the
# bottom in the two stylesheets); the body starts below 18 mm and ends above 15 mm.
HEADER_MM, FOOTER_MM = 18, 15


def body_text(pdf_bytes):
    """The text of the pages' bodies, in reading order, without running header and footer."""
    lines = []
    for page in PdfReader(io.BytesIO(pdf_bytes)).pages:
        height = float(page.mediabox.height)
        last_y = None

        def keep(text, cm, tm, _font, _size, height=height):
            nonlocal last_y
            y = cm[5] + tm[5] * cm[3]  # the baseline, in points from the bottom of the page
            if not text or not (height - y > HEADER_MM * MM and y > FOOTER_MM * MM):
                return
            if last_y is not None and abs(y - last_y) < 1:
                lines[-1] += text
            else:
                lines.append(text)
            last_y = y

        page.extract_text(visitor_text=keep)
    return "\n".join(lines)


def sentences(text):
    """Whole sentences, with line breaks and hyphenation at line ends normalised away: the two
    PDFs break their lines and pages at different places. List numbers ("1.") are left out too:
    WeasyPrint paints a page's list markers after its text, so where they land in the extracted
    text depends on the page break."""
    flat = " ".join(text.replace("\u00ad", "").split())
    flat = re.sub(r"(?<!\S)\d+\.(?=\s|$)", "", flat)
    flat = " ".join(flat.split())
    return [s for s in re.split(r"(?<=[.:!?])\s+", flat) if s]


def key(sentence):
    """Hyphens, spaces and letter case left out: hyphenation and headings set in capitals
    are the stylesheets' presentation, not the text."""
    return re.sub(r"[\s\-\u2010\u00ad]", "", sentence).casefold()
