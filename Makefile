# The two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Installs come from the lock files (every package pinned, with hashes), never from the ranges
# in pyproject.toml: the server, CI and a developer's machine get the same tree. `make lock`
# refreshes both after pyproject.toml changes (tests/test_lock.py fails until it is run).
RUN_LOCK := requirements.lock
TEST_LOCK := requirements-test.lock
installed = $(VENV)/.installed-$(1)-$(shell cksum < $(2) | cut -d' ' -f1)
RUN_STAMP := $(call installed,run,$(RUN_LOCK))
TEST_STAMP := $(call installed,test,$(TEST_LOCK))
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install install-test lock translations db demo lint e2e-deps bench i18n

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): $(RUN_LOCK) | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r $(RUN_LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-run-*
	touch $@

$(TEST_STAMP): $(TEST_LOCK) | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r $(TEST_LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-test-* $(VENV)/.installed-run-*
	touch $@ $(RUN_STAMP)  # the test lock holds the runtime lock's pins (tests/test_lock.py)

install: $(RUN_STAMP)

install-test: $(TEST_STAMP)

# Resolves against PyPI only (not a machine's local wheel mirrors), so the hashes hold anywhere.
LOCK_ENV := PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= PIP_CONSTRAINT= CUSTOM_COMPILE_COMMAND="make lock"
COMPILE := $(LOCK_ENV) $(VENV)-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
	--strip-extras --no-emit-index-url --no-emit-find-links --index-url https://pypi.org/simple
lock:
	test -x $(VENV)-lock/bin/pip-compile || { $(PYTHON) -m venv $(VENV)-lock && \
	  $(LOCK_ENV) $(VENV)-lock/bin/pip install --quiet --index-url https://pypi.org/simple pip-tools; }
	$(COMPILE) --upgrade --extra test -o $(TEST_LOCK) pyproject.toml
	cp $(TEST_LOCK) $(RUN_LOCK)  # same pins: the runtime lock is the test lock without the test tools
	$(COMPILE) -o $(RUN_LOCK) pyproject.toml

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

test: install-test translations e2e-deps
	$(BIN)/python -m pytest
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "== again on PostgreSQL: $$TEST_DATABASE_URL"; \
	  LMS_TEST_BACKEND=postgresql $(BIN)/python -m pytest; \
	fi

lint: install-test
	$(BIN)/ruff check lms tests config.py wsgi.py
	$(BIN)/ruff format --check lms tests config.py wsgi.py

# Benchmarks, never part of `make test`: ~7-10 min on 2 CPUs; BENCH_PG_URL=postgresql+psycopg://... adds PostgreSQL.
bench: install-test translations e2e-deps
	@command -v wrk >/dev/null || { echo "wrk missing: sudo apt-get install wrk" >&2; exit 1; }
	timeout 1500 $(BIN)/python bench/all.py

# After changing UI text: refresh the catalog, then translate the new entries in the .po.
i18n: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k pgettext:1c,2 -o /tmp/bina-messages.pot .
	$(BIN)/pybabel update -i /tmp/bina-messages.pot -d lms/translations
