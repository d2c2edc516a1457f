# course_engine: `make run` to serve the course, `make test` to run every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
export FLASK_APP := run

.PHONY: run serve migrate install install-test lock translations-extract translations-update translations-compile translations-init node-test-deps test test-sqlite test-postgresql lint bandit audit check-content tools bench bench-scale clean verifier uswds screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

## Dependencies come from requirements.lock (exact versions with hashes, test tools included);
## the package itself is installed editable on top, without resolving anything again.
$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	touch $@

## Re-resolve requirements.lock from pyproject.toml's ranges (after changing a dependency).
lock: | $(BIN)/python
	$(BIN)/pip install -q 'pip-tools>=7.4,<8'
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile -q --generate-hashes --strip-extras --extra test --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

install: $(VENV)/.installed translations-compile

install-test: $(VENV)/.installed-test translations-compile

## Interface translations (Flask-Babel): extract the strings of the package into messages.pot,
## merge them into each language's messages.po (committed; translate there), compile to .mo
## (done at install and in the wheel by setup.py; .mo files are not committed).
## A new language: `make translations-init LANG=fr`, then add it to course_engine/i18n.py.
TRANSLATIONS := course_engine/translations
translations-extract: | $(VENV)/.installed
	$(BIN)/pybabel -q extract -F babel.cfg -k lazy_gettext -k _l -k N_ -k Text -k say --add-location=file \
	  --sort-by-file --project=course_engine --copyright-holder="course_engine" \
	  -o $(TRANSLATIONS)/messages.pot .

translations-update: translations-extract
	$(BIN)/pybabel -q update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching

translations-init: translations-extract
	$(BIN)/pybabel init -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) -l $(LANG)

translations-compile: | $(VENV)/.installed
	$(BIN)/pybabel -q compile -d $(TRANSLATIONS)

migrate: install
	$(BIN)/flask db upgrade

## Serve the bundled course on http://127.0.0.1:5000 (development settings, content auto-reload)
## with a worker for mail and jobs beside it (Procfile.dev; Ctrl-C stops both);
## `make run PORT=5001` for another port.
run: migrate
	PORT_WEB=$(PORT) COURSE_ENGINE_CONFIG=$${COURSE_ENGINE_CONFIG:-development} $(BIN)/honcho -f Procfile.dev start

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

## The U.S. Web Design System, pinned in assets/uswds/package.json (exact version) and its lock
## file: `make uswds` installs that release from the npm registry and copies its compiled CSS, JS,
## and the fonts and images the CSS names into course_engine/static/uswds (committed, so the wheel
## carries them; no CDN). To upgrade: change the version in package.json, `make uswds`, commit.
USWDS_DIR := assets/uswds
uswds:
	npm install --prefix $(USWDS_DIR) --no-audit --no-fund --ignore-scripts
	$(PYTHON) $(USWDS_DIR)/vendor.py

## Full-page PNGs of the main pages (anonymous, learner, administrator; 1280 and 375 px, light
## and dark) in screenshots/ (git-ignored), for reviewing a change to the look of the site.
screenshots: install-test tools
	$(BIN)/python -m tests.support.screenshots screenshots

## The OpenID Provider the sign-in tests run (npm oidc-provider, from the committed lock file).
OIDC_PROVIDER_DIR := tests/oidc/provider
$(OIDC_PROVIDER_DIR)/node_modules/.installed: $(OIDC_PROVIDER_DIR)/package-lock.json
	npm ci --prefix $(OIDC_PROVIDER_DIR) --no-audit --no-fund
	touch $@

node-test-deps: $(OIDC_PROVIDER_DIR)/node_modules/.installed

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## Security checks. bandit (settings in pyproject.toml) runs in `make test`. pip-audit needs PyPI's
## per-release JSON API or OSV; --strict makes a package it could not check fail the run instead of
## passing silently (where those services are unreachable, `make audit` fails and says so).
bandit: install-test
	$(BIN)/bandit -c pyproject.toml -r course_engine -q

audit: bandit
	$(BIN)/pip-audit --strict --skip-editable --progress-spinner off

## Every test, on SQLite and then on PostgreSQL (127.0.0.1:5432, database test).
test: install-test node-test-deps tools lint bandit test-sqlite test-postgresql

## The independent credential verifier the tests run with node (packages from the lock file).
VERIFIER := tests/credentials/verifier
$(VERIFIER)/node_modules/.package-lock.json: $(VERIFIER)/package-lock.json
	npm ci --prefix $(VERIFIER) --no-audit --no-fund

verifier: $(VERIFIER)/node_modules/.package-lock.json

## Two pytest-xdist workers (one per CPU); each has its own PostgreSQL database (test_gw0, ...).
## `make test PYTEST_WORKERS=0` runs in one process.
PYTEST_WORKERS ?= 2
PYTEST_FLAGS := -q -n $(PYTEST_WORKERS) --dist loadfile

test-sqlite: install-test verifier node-test-deps
	$(BIN)/pytest --db=sqlite $(PYTEST_FLAGS)

test-postgresql: install-test verifier node-test-deps
	$(BIN)/pytest --db=postgresql $(PYTEST_FLAGS)

## Every benchmark, with ratios against baselines measured in the same run (needs wrk, sqlite3).
bench: install-test tools
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk; }
	$(BIN)/python -m bench

## 100,000 learners on PostgreSQL (BENCH_POSTGRES_ADMIN, default the local server as postgres):
## generated with COPY into a scratch database, server-side times, EXPLAIN ANALYZE, then dropped.
bench-scale: install-test
	$(BIN)/python -m bench.scale

## Production serving (Procfile): gunicorn with gunicorn.conf.py and WORKER_PROCESSES task
## workers (`flask worker`, WORKER_THREADS each) beside it. Set SECRET_KEY, DATABASE_URL,
## QUEUE_URL (redis://... when several machines serve the site), ... See docs/deploy.md.
serve: migrate
	COURSE_ENGINE_CONFIG=$${COURSE_ENGINE_CONFIG:-production} $(BIN)/honcho -f Procfile start \
	  -c worker=$${WORKER_PROCESSES:-1}

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache $(VERIFIER)/node_modules $(OIDC_PROVIDER_DIR)/node_modules
