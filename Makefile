# The two commands: `make run` starts the studio, `make test` runs every suite.
# Both install what they need on a fresh machine (Python venv, packages, web build, Chromium).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
export KARATE_DATA_DIR ?= ./data

.PHONY: run test install lint typecheck pytest examples bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/karate serve --host $(HOST) --port $(PORT)

examples: install
	$(BIN)/karate examples --out out

lint: install
	$(BIN)/ruff check karate tests bench

typecheck: install
	$(BIN)/mypy karate/engine karate/storage

pytest: install
	$(BIN)/pytest -q

test: lint typecheck pytest

bench: install
	$(BIN)/python bench/engine/run.py

clean:
	rm -rf $(VENV) web/node_modules web/dist
