# labourlens: `make build` builds the warehouse from data/raw, `make test` runs every check CI runs.
SHELL := /bin/bash
PYTHON ?= python3.11
UV := $(shell command -v uv 2>/dev/null || echo .venv-uv/bin/uv)
VENV := .venv
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)

.PHONY: build test lint typecheck dev sample bench clean install browser

# uv itself, bootstrapped into its own venv when the machine has none.
.venv-uv/bin/uv:
	$(PYTHON) -m venv .venv-uv
	.venv-uv/bin/pip install --quiet uv

$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

install: $(VENV)/.synced

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp dagster.yaml $@

build: install $(DAGSTER_HOME)/dagster.yaml
	$(VENV)/bin/labourlens build

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy

# Debian's Chromium for the report's browser test; installed when missing and we are root (CI is),
# otherwise that test skips with its reason.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || echo "chromium not installed: the browser test will be skipped"

test: lint typecheck browser
	$(VENV)/bin/pytest -q

dev: install $(DAGSTER_HOME)/dagster.yaml
	VIRTUAL_ENV=$(CURDIR)/$(VENV) $(VENV)/bin/dg dev --host 127.0.0.1 --port 3000

# Regenerate the committed sample (deterministic: the same bytes every time).
sample: install
	rm -rf data/raw/resumes data/raw/postings data/raw/onet data/raw/oews data/raw/soc
	$(VENV)/bin/labourlens sample --out data/raw

bench: install
	$(VENV)/bin/python bench/ingest_bench.py

clean:
	rm -rf data/warehouse/*.duckdb data/warehouse/*_work data/warehouse/reports .dagster_home
