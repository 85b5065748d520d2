"""What the tests of the cached page pieces (config/fragments.py) share: a count of how often a
template is written, starting from an empty process cache."""

from django.core.cache import caches
from django.template.loader import render_to_string

from config import fragments


def count_writes(monkeypatch, module, template, label):
    """{label: 0}, counting each time `module` writes `template` with render_to_string; the
    process's own cache is emptied first, so the first request of a test writes the piece."""
    caches[fragments.LOCAL].clear()
    counted = {label: 0}

    def counting(name, context=None, *args, **kwargs):
        counted[label] += name == template
        return render_to_string(name, context, *args, **kwargs)

    monkeypatch.setattr(module, "render_to_string", counting)
    return counted
