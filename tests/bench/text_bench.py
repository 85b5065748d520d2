"""Issue 14 item 1: the free-text renderer on the inputs that took a Markdown parser minutes, at
the field limit (organisation.textinput.LONG_TEXT_MAX) and at ten times it, as HTML and as a
PDF page through WeasyPrint. Prints the times; `make bench` runs it first. The tests check the
output (tests/test_input_policy.py), never the time."""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def inputs(limit):
    third = limit // 3
    return {
        "[ ] ( ×⅓": "[" * third + "]" * third + "(" * third,
        ">": ">" * limit,
        "*a ": "*a " * third,
        "_": "_" * limit,
        "- ": "- " * (limit // 2),
        "**x": "**x" * third,
        # Not a parser case: 5,000 one-letter lines are some 100 PDF pages, at WeasyPrint's page rate.
        "x⏎": "x\n" * (limit // 2),
    }


def main():
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from weasyprint import HTML

    from organisation.textinput import LONG_TEXT_MAX
    from redegorelse.text import render_text

    HTML(string="<p>opvarmning</p>").write_pdf()  # fonts load once, not in the first row
    print(f"{'tekst':<12}{'tegn':>9}{'HTML (s)':>10}{'PDF (s)':>9}")
    for limit in (LONG_TEXT_MAX, LONG_TEXT_MAX * 10):
        for name, text in inputs(limit).items():
            started = time.perf_counter()
            html = render_text(text)
            rendered = time.perf_counter() - started
            pdf = "–"
            if limit == LONG_TEXT_MAX:
                started = time.perf_counter()
                HTML(string=f'<html lang="da"><title>x</title><body>{html}</body></html>').write_pdf()
                pdf = f"{time.perf_counter() - started:.2f}"
            print(f"{name:<12}{len(text):>9}{rendered:>10.3f}{pdf:>9}")


if __name__ == "__main__":
    main()
