"""A web worker compiles the project's templates and imports its views as it starts
(config/warmup.py, from gunicorn's post_worker_init), so its first requests cost what later ones do."""

import runpy
from pathlib import Path
from types import SimpleNamespace

from django.template import engines

from config import warmup


def cached_loader():
    loader = engines["django"].engine.template_loaders[0]
    assert hasattr(loader, "get_template_cache"), "Django's cached loader (DEBUG off)"
    return loader


def test_it_compiles_every_template_of_the_project_and_none_of_the_packages():
    loader = cached_loader()
    loader.reset()
    names = warmup.project_templates(engines["django"])
    assert "redegorelse/_initiatives_body.html" in names and "barometer/_indicator_row.html" in names
    assert "dkfds/errors_summary.html" in names  # the project's own pack (crispy_dkfds)
    assert "admin/change_list.html" not in names and "admin/base_site.html" in names  # only its own override
    assert warmup.warm() == len(names)
    assert {"redegorelse/_initiatives_body.html", "base.html"} <= set(loader.get_template_cache)


def test_the_gunicorn_workers_warm_up_before_their_first_request():
    settings = runpy.run_path(str(Path(warmup.settings.BASE_DIR) / "config" / "gunicorn.conf.py"))
    said = []
    worker = SimpleNamespace(pid=4242, log=SimpleNamespace(info=lambda message, *args: said.append(message % args)))
    cached_loader().reset()
    settings["post_worker_init"](worker)
    assert said == [f"Worker ready (pid: 4242, {len(warmup.project_templates(engines['django']))} templates compiled)"]
    assert "base.html" in cached_loader().get_template_cache
