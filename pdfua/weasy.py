"""WeasyPrint with a memory: every structure element it writes gets the key of the HTML element it
comes from (`/WPKey`) and that element's id (`/WPId`), so that our post-processing can join the
pieces of one element split at page breaks and find the section a bilag belongs to. `tags.finish`
removes both keys again.

WeasyPrint builds its tag tree page by page in `weasyprint.pdf.tags._build_box_tree`; we wrap that
function (pinned WeasyPrint version, see requirements.txt). Outside `write_pdf` below the wrapper
does nothing."""

import re
import threading

import pydyf
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf import tags as weasy_tags

KEY = "/WPKey"
HTML_ID = "/WPId"

_local = threading.local()
_original = weasy_tags._build_box_tree


def _build_box_tree(box, *args):
    keys = getattr(_local, "keys", None)
    for element in _original(box, *args):
        if keys is not None and KEY[1:] not in element:
            source = box._box if isinstance(box, AbsolutePlaceholder) else box
            if source.element is not None:
                element[KEY[1:]] = keys.setdefault((id(source.element), source.element_tag), len(keys) + 1)
                html_id = source.element.get("id")
                if html_id and "::" not in (source.element_tag or ""):
                    element[HTML_ID[1:]] = pydyf.String(html_id)
        yield element


weasy_tags._build_box_tree = _build_box_tree


def write_pdf(document, **options):
    """`document.write_pdf(**options)` with the element keys recorded."""
    _local.keys = {}
    try:
        return document.write_pdf(**options)
    finally:
        _local.keys = None


def target_names(html):
    """{id: a short name} for every element with an id in the HTML object's tree: its text, or its
    aria-label / data-label / title. The names of link targets for the links' /Contents."""
    names = {}
    for element in html.etree_element.iter():
        if not isinstance(element.tag, str):
            continue
        html_id = element.get("id")
        if not html_id:
            continue
        text = " ".join("".join(element.itertext()).replace("\u00ad", "").split())
        name = text or element.get("aria-label") or element.get("data-label") or element.get("title") or ""
        if len(name) > 160:
            name = re.sub(r"\s+\S*$", "", name[:160]) + " …"
        if name:
            names[html_id] = name
    return names
