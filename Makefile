# The two commands: `make run` starts the studio, `make test` runs every suite.
# Both install what they need on a fresh machine (Python venv, packages, web build, Chromium).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
HAS_WEB := $(wildcard web/package.json)

.PHONY: run test install web web-test chromium lint typecheck pytest examples bench clean openapi contract bench-collab

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

ifneq ($(HAS_WEB),)
web/node_modules/.stamp: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $@

# The build regenerates web/openapi.json from the server first, so the editor's types always match it.
web: install web/node_modules/.stamp
	$(BIN)/python -m karate.api.openapi_file
	cd web && npm run build

web-test: web/node_modules/.stamp
	cd web && npm run lint && npm test

# The editor's API types: web/openapi.json from the server, then TypeScript from it (openapi-typescript).
openapi: install web/node_modules/.stamp
	$(BIN)/python -m karate.api.openapi_file
	cd web && npm run gen:api

# The contract between server and editor, checked before the build regenerates it: the committed
# web/openapi.json is the server's, and web/src/api/schema.gen.ts is what it generates (`make openapi` fixes both).
contract: install web/node_modules/.stamp
	$(BIN)/pytest -q -p no:cacheprovider tests/api/test_openapi_schema.py -k openapi_file
else
contract: install
web:
	@echo "no web app yet (web/package.json is missing)"
web-test: web
endif

# The end-to-end tests drive Debian's Chromium; install it when it is missing.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the end-to-end tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

run: install web
	$(BIN)/karate serve --host $(HOST) --port $(PORT)

examples: install
	$(BIN)/karate examples --out out

lint: install
	$(BIN)/ruff check karate tests bench
	$(BIN)/ruff format --check karate tests bench

typecheck: install
	$(BIN)/mypy

# The end-to-end tests run in their own pytest process: Playwright's sync API keeps an event loop
# registered on the main thread, which the asyncio-based suites must not inherit. The other suites run in
# PYTEST_WORKERS processes (pytest-xdist): much of their time is spent waiting on servers, workers and databases
# they start, and each test has its own ports, folders and PostgreSQL database.
PYTEST_WORKERS ?= 2
pytest: install web chromium
	$(BIN)/pytest -q -n $(PYTEST_WORKERS) --ignore=tests/e2e
	$(BIN)/pytest -q tests/e2e

test: lint typecheck contract web-test pytest

bench: install
	$(BIN)/python bench/engine/run.py

# Live co-editing: the studio's y-websocket endpoint against the reference Node server (bench/collab/RESULTS.md).
bench/collab/node_modules/.stamp: bench/collab/package.json bench/collab/package-lock.json
	cd bench/collab && npm ci --no-audit --no-fund
	touch $@

bench-collab: install bench/collab/node_modules/.stamp
	$(BIN)/python bench/collab/run.py --json bench/collab/results.json

clean:
	rm -rf $(VENV) web/node_modules web/dist bench/collab/node_modules
