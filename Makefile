# The two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install translations db demo lint e2e-deps bench i18n

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

translations: install
	$(BIN)/pybabel compile -d lms/translations >/dev/null

db: install translations
	$(FLASK) db upgrade

demo: db
	$(FLASK) lms content import content
	$(FLASK) lms demo

run: demo
	@echo ""
	@echo "Bina ASN: http://$(HOST):$(PORT)   (password for every demo account: bina-demo)"
	@echo "  admin       197001011990031001"
	@echo "  trainer     198002022005012002"
	@echo "  supervisor  197503032000031003"
	@echo "  learner     199004042015032004"
	@echo ""
	$(FLASK) run --host $(HOST) --port $(PORT)

# Browser tests drive Debian's Chromium; install it when missing (never a downloaded browser).
e2e-deps:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium missing: sudo apt-get install chromium" >&2; exit 1; fi; }

test: install translations e2e-deps
	$(BIN)/python -m pytest
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "== again on PostgreSQL: $$TEST_DATABASE_URL"; \
	  LMS_TEST_BACKEND=postgresql $(BIN)/python -m pytest; \
	fi

lint: install
	$(BIN)/ruff check lms tests config.py wsgi.py
	$(BIN)/ruff format --check lms tests config.py wsgi.py

# Benchmarks, never part of `make test`: ~7-10 min on 2 CPUs; BENCH_PG_URL=postgresql+psycopg://... adds PostgreSQL.
bench: install translations e2e-deps
	@command -v wrk >/dev/null || { echo "wrk missing: sudo apt-get install wrk" >&2; exit 1; }
	timeout 1500 $(BIN)/python bench/all.py

# After changing UI text: refresh the catalog, then translate the new entries in the .po.
i18n: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k pgettext:1c,2 -o /tmp/bina-messages.pot .
	$(BIN)/pybabel update -i /tmp/bina-messages.pot -d lms/translations
