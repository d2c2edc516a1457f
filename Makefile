# course_engine: `make run` to serve the course, `make test` to run every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export FLASK_APP := run

.PHONY: run serve migrate install install-test test test-sqlite test-postgresql lint bandit audit check-content tools bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

migrate: install
	$(BIN)/flask db upgrade

## Serve the bundled course on http://127.0.0.1:5000 (development settings, content auto-reload).
run: migrate
	COURSE_ENGINE_CONFIG=$${COURSE_ENGINE_CONFIG:-development} $(BIN)/flask run --host 127.0.0.1 --port 5000

check-content: install
	$(BIN)/flask content check

## Debian tools the tests drive (installed when missing and we are allowed to): Chromium for the
## browser tests, pdftotext/pdftoppm and zbarimg for certificates, sqlite3 for the export floor.
TOOLS := /usr/bin/chromium:chromium /usr/bin/pdftotext:poppler-utils /usr/bin/zbarimg:zbar-tools /usr/bin/sqlite3:sqlite3
tools:
	@missing=""; for pair in $(TOOLS); do [ -x "$${pair%%:*}" ] || missing="$$missing $${pair##*:}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing; \
	  else echo "Install:$$missing (sudo apt-get install -y$$missing)" >&2; exit 1; fi; fi

lint: install-test
	$(BIN)/ruff check .

## Security checks. bandit (settings in pyproject.toml) runs in `make test`. pip-audit needs PyPI's
## per-release JSON API or OSV; --strict makes a package it could not check fail the run instead of
## passing silently (where those services are unreachable, `make audit` fails and says so).
bandit: install-test
	$(BIN)/bandit -c pyproject.toml -r course_engine -q

audit: bandit
	$(BIN)/pip-audit --strict --skip-editable --progress-spinner off

## Every test, on SQLite and then on PostgreSQL (127.0.0.1:5432, database test).
test: install-test tools lint bandit test-sqlite test-postgresql

test-sqlite: install-test
	$(BIN)/pytest --db=sqlite -q

test-postgresql: install-test
	$(BIN)/pytest --db=postgresql -q

## Every benchmark, with ratios against baselines measured in the same run (needs wrk, sqlite3).
bench: install-test tools
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk; }
	$(BIN)/python -m bench

## Production serving: gunicorn with gunicorn.conf.py (set SECRET_KEY, DATABASE_URL, ...).
serve: migrate
	COURSE_ENGINE_CONFIG=$${COURSE_ENGINE_CONFIG:-production} $(BIN)/gunicorn -c gunicorn.conf.py run:app

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
