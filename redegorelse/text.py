"""The report's free text: paragraphs, line breaks, simple lists and bold/italic, written the way
people write them in a plain text box ("- et punkt", "1. første", "**vigtigt**", "*kursiv*").

The parser is our own and linear in the length of the text: every line is looked at once, and
every emphasis marker is paired by a pointer that only moves forward. A general Markdown parser
was quadratic on nested brackets (30,000 "[" took the report page four minutes), and any text a
case worker can type must render the page and the PDF in well under a second. Whatever the
user typed, the text is escaped, and nh3 afterwards guarantees that only the allowed tags reach
the page or the PDF."""

import html
import re

import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "br"}

# Up to three spaces of indentation, a marker, at least one space, the item's text.
BULLET = re.compile(r"[ ]{0,3}[-*+][ \t]+(\S.*)")
NUMBERED = re.compile(r"[ ]{0,3}\d{1,9}[.)][ \t]+(\S.*)")


def render_text(value):
    if not value:
        return ""
    rendered = "\n".join(render_blocks(value.replace("\r\n", "\n").replace("\r", "\n").split("\n")))
    return mark_safe(nh3.clean(rendered, tags=ALLOWED_TAGS, attributes={}, link_rel=None))


def render_blocks(lines):
    """Paragraphs are separated by blank lines; a line starting with a list marker starts or
    continues a list; a plain line right after a list item continues that item."""
    blocks = []
    kind, items = None, []  # kind: "p", "ul" or "ol"; items: a list of lists of lines

    def close():
        if kind == "p":
            blocks.append(f"<p>{inline_lines(items[0])}</p>")
        elif kind:
            blocks.append(f"<{kind}>" + "".join(f"<li>{inline_lines(item)}</li>" for item in items) + f"</{kind}>")

    for line in lines:
        if not line.strip():
            close()
            kind, items = None, []
            continue
        match = BULLET.fullmatch(line) or NUMBERED.fullmatch(line)
        if match:
            list_kind = "ul" if match.re is BULLET else "ol"
            if kind != list_kind:
                close()
                kind, items = list_kind, []
            items.append([match.group(1)])
        elif kind in {"ul", "ol"}:
            items[-1].append(line.strip())
        elif kind == "p":
            items[0].append(line)
        else:
            kind, items = "p", [[line]]
    close()
    return blocks


# WeasyPrint lays out a line with thousands of inline elements in quadratic time (3,333 "**x" took
# 47 s), so a paragraph or list item marks up at most this many; further markers stay as typed.
MAX_EMPHASIS_PER_BLOCK = 50


def inline_lines(lines):
    budget = [MAX_EMPHASIS_PER_BLOCK]
    return "<br>\n".join(inline(line.strip(), budget=budget) for line in lines)


# Strong before emphasis, so "**" is never read as two "*". Underscores count only at word
# boundaries: snake_case names and file names stay as they are.
LEVELS = [("**", "strong", False), ("__", "strong", True), ("*", "em", False), ("_", "em", True)]


def inline(text, level=0, budget=None):
    """Pairs one kind of marker at this level and hands everything else to the next level;
    each level passes over the text once, so the whole is linear. `budget` is a one-item list
    holding how many more elements may be marked up."""
    if budget is None:
        budget = [MAX_EMPHASIS_PER_BLOCK]
    if level == len(LEVELS):
        return html.escape(text, quote=False)
    marker, tag, word_bound = LEVELS[level]
    if marker not in text or budget[0] <= 0:
        return inline(text, level + 1, budget)
    width = len(marker)
    positions = [m.start() for m in re.finditer(re.escape(marker), text)]
    out, start, k = [], 0, 0
    while k < len(positions) and budget[0] > 0:
        opener = positions[k]
        if not can_open(text, opener, width, word_bound) or opener < start:
            k += 1
            continue
        closer_index = next(
            (
                c
                for c in range(k + 1, len(positions))
                if positions[c] >= opener + width + 1 and can_close(text, positions[c], width, word_bound)
            ),
            None,
        )
        if closer_index is None:
            break  # no closer after this opener, so none after any later opener either
        closer = positions[closer_index]
        budget[0] -= 1
        out.append(inline(text[start:opener], level + 1, budget))
        out.append(f"<{tag}>{inline(text[opener + width : closer], level + 1, budget)}</{tag}>")
        start = closer + width
        k = closer_index + 1
    out.append(inline(text[start:], level + 1, budget))
    return "".join(out)


def can_open(text, at, width, word_bound):
    """Followed by text (not a space, not more markers); "_" also not inside a word."""
    after = text[at + width : at + width + 1]
    before = text[at - 1 : at] if at else ""
    return bool(after) and not after.isspace() and after not in "*_" and not (word_bound and before.isalnum())


def can_close(text, at, width, word_bound):
    before = text[at - 1 : at] if at else ""
    after = text[at + width : at + width + 1]
    return bool(before) and not before.isspace() and before not in "*_" and not (word_bound and after.isalnum())
