# labourlens: `make build` builds the warehouse from data/raw, `make test` runs every check CI runs.
SHELL := /bin/bash
PYTHON ?= python3.11
UV := $(shell command -v uv 2>/dev/null || echo .venv-uv/bin/uv)
VENV := .venv
# A DuckDB 1.4 LTS client in an environment of its own: tests prove analysts' 1.4 clients open the warehouse.
DUCKDB_LTS := duckdb==1.4.5
LTS_VENV := .venv-duckdb-lts
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)

.PHONY: build test lint typecheck dev sample bench clean install browser duckdb-lts

# uv itself, bootstrapped into its own venv when the machine has none.
.venv-uv/bin/uv:
	$(PYTHON) -m venv .venv-uv
	.venv-uv/bin/pip install --quiet uv

# Bytecode compiled at install: every process (each test's CLI, the UI's code server) starts in seconds
# even where PYTHONDONTWRITEBYTECODE is set.
$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	touch $@

install: $(VENV)/.synced

build: install
	$(VENV)/bin/labourlens build

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/sqlfluff lint sql --processes 1 --disable-progress-bar

typecheck: install
	$(VENV)/bin/mypy

# Debian's Chromium for the report's browser test; installed when missing and we are root (CI is),
# otherwise that test skips with its reason.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || echo "chromium not installed: the browser test will be skipped"

$(LTS_VENV)/.installed: | $(UV)
	$(UV) venv --quiet --python $(PYTHON) $(LTS_VENV)
	$(UV) pip install --quiet --python $(LTS_VENV)/bin/python $(DUCKDB_LTS)
	touch $@

# when the registry cannot be reached the 1.4 client test skips with its reason
duckdb-lts:
	@$(MAKE) --no-print-directory $(LTS_VENV)/.installed || echo "$(DUCKDB_LTS) not installed: the DuckDB 1.4 client test will be skipped"

test: lint typecheck browser duckdb-lts
	$(VENV)/bin/pytest -q

# The UI and the daemon on the warehouse's own Dagster instance ($$LABOURLENS_WAREHOUSE or the default).
dev: install
	DAGSTER_HOME=$$($(VENV)/bin/labourlens instance) VIRTUAL_ENV=$(CURDIR)/$(VENV) \
		$(VENV)/bin/dg dev --host 127.0.0.1 --port 3000

# Regenerate the committed sample (deterministic: the same bytes every time).
sample: install
	rm -rf data/raw/resumes data/raw/postings data/raw/onet data/raw/oews data/raw/soc
	$(VENV)/bin/labourlens sample --out data/raw

bench: install
	$(VENV)/bin/python bench/ingest_bench.py

clean:
	rm -rf data/warehouse/*.duckdb data/warehouse/*.build data/warehouse/*.lock data/warehouse/*.dagster \
		data/warehouse/reports data/warehouse/*_work .dagster_home
