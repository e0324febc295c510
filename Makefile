# Likvärd: two commands. `make run` serves the demo; `make test` runs every test.
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PYTHON ?= python3
YEARS  ?= 1
PG_URL ?= postgres://postgres@127.0.0.1:5432/likvard

.PHONY: run test test-db lint install browser bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

## Start the system on SQLite with a demo municipality (built on first run), and the
## job worker beside the server: stopped when the server stops (Ctrl+C).
run: install
	$(BIN)/likvard migrate --noinput
	$(BIN)/likvard demo --municipality stockholm --years $(YEARS) --seed 1 --if-empty
	$(BIN)/likvard quality_rollup
	@$(BIN)/likvard demo_accounts
	$(BIN)/likvard worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; trap 'exit 130' INT TERM; \
	$(BIN)/likvard runserver 127.0.0.1:8000

## Every test: on SQLite, and on PostgreSQL too when DATABASE_URL points at one.
test: install browser lint
	env -u DATABASE_URL $(MAKE) --no-print-directory test-db
	@if [ -n "$$DATABASE_URL" ]; then $(MAKE) --no-print-directory test-db; fi

test-db:
	@echo "== tests on $${DATABASE_URL:-SQLite} =="
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	env -u DATABASE_URL $(BIN)/likvard makemigrations --check --dry-run
	$(BIN)/lint-imports --no-cache

browser:
	@scripts/install-browser

## Benchmarks (not part of `make test`): see docs/performance.md.
bench: install
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)_bench} $(BIN)/python bench/casework_pages.py

clean:
	rm -rf $(VENV) var .pytest_cache
