# linewatch: two commands. `make demo` sets everything up and serves the demo; `make test` runs
# every check. Both create .venv and build the web front end on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
WEB_STAMP := src/linewatch/web/static/.built-stamp
DEMO_DIR ?= demo
PORT ?= 8000

.PHONY: demo test install web lint typecheck unit spark browser bench clean screenshots

install: $(STAMP)

# the exact versions in uv.lock (`uv lock` after changing pyproject.toml's dependencies);
# --locked stops when uv.lock is out of date; --inexact keeps pip and uv in the environment
$(STAMP): pyproject.toml uv.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv
	UV_PROJECT_ENVIRONMENT=$(VENV) $(BIN)/uv sync --locked --inexact --extra dev --extra spark --extra ftm
	touch $(STAMP)

web: $(WEB_STAMP)

$(WEB_STAMP): $(shell find web -type f -not -path 'web/node_modules/*' 2>/dev/null)
	@if [ -f web/package.json ]; then \
		cd web && npm ci --no-audit --no-fund && npm run build; \
	else echo "no web front end yet"; mkdir -p src/linewatch/web/static; fi
	touch $(WEB_STAMP)

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy

unit: install web
	$(BIN)/pytest -q

test: install web lint typecheck
	$(BIN)/pytest -q -p no:cacheprovider

demo: install web
	$(BIN)/linewatch demo --out $(DEMO_DIR) --port $(PORT)

# every page, as an admin sees it, photographed into docs/screenshots (the browser tests' pages;
# test-artifacts/screenshots/pages has every role's after a test run)
screenshots: install web
	LINEWATCH_SCREENSHOT_DIR=docs/screenshots $(BIN)/pytest -q -p no:cacheprovider \
		tests/web/test_every_page.py -k "fits_and_reads and admin"

bench: install
	$(BIN)/python benchmarks/ingest.py

clean:
	rm -rf $(VENV) web/node_modules src/linewatch/web/static $(DEMO_DIR)
