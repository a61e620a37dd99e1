# Turnero: `make run` starts the whole system with demo data; `make test` runs every test.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 5000
# Test workers (pytest-xdist): every test, browser ones included, in one run on 4 workers that steal work
# from each other. Browser tests mostly wait (on Chromium, sockets, servers) and the others mostly compute,
# so together they keep 2 cores busy; stealing keeps the long tests from piling up on one worker at the end.
# The 30 slowest tests are listed.
TEST_WORKERS ?= 4
PYTEST = env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest -p no:cacheprovider --durations=30 $(PYTEST_ARGS)

.PHONY: run test setup setup-test vendor lint migrate bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The benchmark's panels are asyncio Socket.IO clients (aiohttp). aiohttp lives apart from the venv: with it
# installed, python-engineio imports it in the server too (~8 MB of RSS that production, without it, never has).
BENCH_DEPS := .bench-deps
$(BENCH_DEPS)/.installed: requirements-bench.txt $(VENV)/.installed
	$(PIP) install --quiet --target $(BENCH_DEPS) -r requirements-bench.txt
	touch $@

vendor: node_modules/.installed
	bash scripts/vendor.sh

setup: $(VENV)/.installed vendor

run: setup
	HOST=$(HOST) PORT=$(PORT) $(PY) scripts/run_demo.py

setup-test: setup $(BENCH_DEPS)/.installed
	bash scripts/install-system-deps.sh

test: setup-test
	$(VENV)/bin/ruff check .
	$(PYTEST) -n $(TEST_WORKERS) --dist worksteal

lint: $(VENV)/.installed node_modules/.installed
	$(VENV)/bin/ruff check .
	node node_modules/eslint/bin/eslint.js static

migrate: $(VENV)/.installed
	SECRET_KEY=migrate $(VENV)/bin/flask --app wsgi db upgrade

bench: setup-test
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) $(BENCH_DEPS) node_modules static/vendor
