# The two commands of the README: `make run` and `make test`. Everything else is a helper.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run test lint format messages compilemessages migrate demo clean

# Reinstall only when requirements.txt changes.
$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

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

run: compilemessages demo
	@echo "Starter på http://$(HOST):$(PORT)/ – log ind med et af demo-logins ovenfor."
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: lint compilemessages
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 .pytest_cache .ruff_cache
	find locale -name '*.mo' -delete
