# The two commands of the README: `make run` and `make test`. Everything else is a helper.
# make run installs requirements.txt; make test installs requirements-dev.txt (which includes it).
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run bench load test lint format messages compilemessages migrate demo vendor clean venv venv-dev system-deps dotenv

$(PY):
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

# The runtime (make run) and the runtime plus tests and tools (make test), each reinstalled only
# when its files change; separate stamps, so going from one command to the other works.
$(VENV)/.installed-runtime: requirements.txt | $(PY)
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed-runtime

venv-dev: $(VENV)/.installed-dev

# The Debian packages the tests need (Chromium, Pango, fonts, gettext, pg_dump, LibreOffice):
# installed with apt-get as root, otherwise it stops and prints the command to run.
system-deps:
	@scripts/system-deps

# The local settings `python manage.py …` reads in a checkout (config/settings.py; not in git):
# DEBUG=1 and a generated SECRET_KEY, each added only when the file does not have it yet.
dotenv:
	@touch .env
	@[ -z "$$(tail -c1 .env)" ] || echo >> .env
	@grep -q '^DEBUG=' .env || echo 'DEBUG=1' >> .env
	@grep -q '^SECRET_KEY=' .env || echo "SECRET_KEY=$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')" >> .env

# Compiles locale/*/LC_MESSAGES/django.po to .mo with Babel, so GNU gettext is not needed to run.
compilemessages: venv
	$(VENV)/bin/pybabel compile --domain=django --directory=locale --use-fuzzy --statistics 2>&1 | grep -v '^$$' || true

# Extracts the Danish msgids into the English catalogue (needs GNU gettext; developers only).
messages: venv
	DEBUG=1 $(PY) manage.py makemessages --locale=en --ignore=.venv --ignore=static/vendor --ignore=tests --no-obsolete

migrate: venv
	DEBUG=1 $(PY) manage.py migrate --noinput

demo: migrate
	DEBUG=1 $(PY) manage.py load_demo

# The background worker (exports, e-mails) runs beside the development server, is started again
# if it exits, and stops with the server.
# Links in the demo's e-mails point at the server make run starts (unless SITE_URL is set).
run demo: export SITE_URL ?= http://$(HOST):$(PORT)
run: dotenv compilemessages demo
	@echo "Starter på http://$(HOST):$(PORT)/ – log ind med et af demo-logins ovenfor."
	@(trap 'kill $$child 2>/dev/null; exit 0' INT TERM; \
	  while :; do DEBUG=1 $(PY) manage.py run_worker --no-reload & child=$$!; wait $$child; \
	  echo "Arbejdsprocessen stoppede; den startes igen om 2 sekunder." >&2; sleep 2; done) & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Statusrapport benchmark (sizes M and L; not part of `make test`). BENCH_SIZES=M to run one.
bench: venv
	DEBUG=1 $(PY) tests/bench/run_bench.py $(BENCH_SIZES)

# Load test (not part of `make test`): gunicorn (3 workers, DEBUG off) on 127.0.0.1 with the L data,
# 20 Locust users for 90 s; prints p50/p95/p99 and errors per page type. DATABASE_URL for PostgreSQL.
load: venv-dev compilemessages
	$(PY) tests/load/run_load.py

lint: venv-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The suite runs in TEST_WORKERS processes (pytest-xdist; one per core by default), each with its own
# test database. `--dist load` hands the tests out in pytest-django's order, so each process still
# runs the database-transaction tests after the others (`worksteal` mixed them: the reference data
# restored for a serialized_rollback test then met the content types a flush had made again).
TEST_WORKERS ?= auto
test: system-deps venv-dev lint compilemessages
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist load

# Refreshes the vendored front-end files from the versions pinned in package.json (needs Node).
vendor:
	rm -rf node_modules && npm install --no-audit --no-fund --ignore-scripts
	rm -rf static/vendor/dkfds && mkdir -p static/vendor/dkfds/css static/vendor/dkfds/js static/vendor/dkfds/fonts/IBMPlexSans/complete static/vendor/dkfds/img static/vendor/htmx
	cp node_modules/dkfds/dist/css/dkfds.min.css static/vendor/dkfds/css/
	cp node_modules/dkfds/dist/js/dkfds.min.js static/vendor/dkfds/js/
	cp -r node_modules/dkfds/dist/fonts/IBMPlexSans/complete/woff2 static/vendor/dkfds/fonts/IBMPlexSans/complete/
	# dkfds 11.2.0 lists the Regular weight's woff before its woff2, so browsers fetch the woff.
	mkdir -p static/vendor/dkfds/fonts/IBMPlexSans/complete/woff
	cp node_modules/dkfds/dist/fonts/IBMPlexSans/complete/woff/IBMPlexSans-Regular.woff static/vendor/dkfds/fonts/IBMPlexSans/complete/woff/
	cp -r node_modules/dkfds/dist/img/svg-icons node_modules/dkfds/dist/img/all-svg-icons.svg static/vendor/dkfds/img/
	cp node_modules/dkfds/LICENSE.md static/vendor/dkfds/
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/htmx.org/LICENSE static/vendor/htmx/
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE tests/e2e/vendor/
	rm -rf node_modules package-lock.json

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 .pytest_cache .ruff_cache
	find locale -name '*.mo' -delete
