"""What a web worker would otherwise do on its first requests, done once as it starts (gunicorn's
post_worker_init hook, config/gunicorn.conf.py), before it takes a request: import every view (the
URLconf), read the translation catalogues and compile the project's templates into the cached
template loader (Django caches compiled templates when DEBUG is off).

Without it each new worker spent about 2 s of CPU on its first request and some hundred ms more on
the first request of each page type: at start-up, after a deploy and each time gunicorn recycles a
worker (max_requests), those requests queued behind it and the users waited."""

import logging
from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import translation

log = logging.getLogger(__name__)


def project_templates(backend):
    """The names of the templates under the project's own template directories (not those of
    installed packages), in the engine's order."""
    root = Path(settings.BASE_DIR).resolve()
    names = []
    for directory in map(Path, backend.template_dirs):
        directory = directory.resolve()
        if root in directory.parents and ".venv" not in directory.parts:
            names += [str(path.relative_to(directory)) for path in sorted(directory.rglob("*.html"))]
    return names


def warm():
    """Returns how many templates it compiled."""
    get_resolver().check()  # imports the URLconf and with it every view module
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Integrationsbarometer")
    backend = engines["django"]
    engine = backend.engine
    compiled = 0
    for name in project_templates(backend):
        try:
            engine.get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError) as error:
            log.warning("Skabelonen %s kunne ikke forberedes: %s", name, error)
        else:
            compiled += 1
    return compiled
