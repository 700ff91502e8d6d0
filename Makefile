# Beschaffungsallianz – the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run demo test test-fast test-postgres bench lint format vendor messages messages-compile clean

help:
	@echo "make run    – set everything up and serve the site with demo content (SQLite)"
	@echo "make test   – run the whole test suite (browser tests included)"
	@echo "make bench  – run the benchmarks (see docs/performance.md)"
	@echo "make lint   – ruff"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

install: $(VENV)/.installed

messages-compile: install
	$(MANAGE) compile_translations -v 0

demo: messages-compile
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content

run: demo
	@echo "Serving on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	$(MANAGE) runserver $(HOST):$(PORT)

test: messages-compile
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: messages-compile
	$(BIN)/python -m pytest -m "not e2e" $(PYTEST_ARGS)

test-postgres: messages-compile
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/beschaffungsallianz} $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

vendor:
	bash scripts/vendor-assets.sh

# Update every app's German catalogue (English is the source language of the msgids).
messages: install
	cd beschaffungsallianz && ../$(BIN)/python ../manage.py makemessages -l de --ignore='static/*'

clean:
	rm -rf $(VENV) var db.sqlite3 .pytest_cache
