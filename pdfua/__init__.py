"""Tagged PDFs we can vouch for (PDF/UA-1).

- `weasy`: renders with WeasyPrint and remembers which structure elements come from one HTML
  element, so elements split at page breaks can be joined again.
- `tags`: the post-processing after WeasyPrint (artifacts, merged elements, link texts, figure
  boxes, metadata) and the rebuilt parent tree.
- `graft`: draws a page of another PDF onto a page of ours, keeping its structure (tagged) or
  tagging it as one figure with a text alternative (untagged).
- `check`: our own check of the machine-checkable PDF/UA-1 conditions we can read with pikepdf.

Nothing here knows Django; the app calls it from `redegorelse/pdf.py` and `statusreport.py`.
"""

# Part of the statusrapport's input hash: raise it when the post-processing changes what it writes.
VERSION = "1"
