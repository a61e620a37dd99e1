# Turnero: `make run` starts the whole system with demo data; `make test` runs every test.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 5000
# Test workers (pytest-xdist): tests wait on sockets, subprocesses and servers, so 3 keep 2 cores busy.
# Browser tests run as a second phase, a whole file per worker, on fewer workers (each has its Chromium).
TEST_WORKERS ?= 3
BROWSER_WORKERS ?= 2
# pytest exits 5 when a phase selects no test (e.g. PYTEST_ARGS=tests/tickets has no browser test). Both
# phases always run; the command fails if either failed. The 25 slowest tests of each phase are listed.
# Bytecode is written even where the environment says not to (PYTHONDONTWRITEBYTECODE): otherwise every
# worker and every server the tests start compiles the whole product and suite from source again.
PYTEST_PHASE = env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest -p no:cacheprovider --durations=25 $(PYTEST_ARGS)

.PHONY: run test setup setup-test vendor lint migrate bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

vendor: node_modules/.installed
	bash scripts/vendor.sh

setup: $(VENV)/.installed vendor

run: setup
	HOST=$(HOST) PORT=$(PORT) $(PY) scripts/run_demo.py

setup-test: setup
	bash scripts/install-system-deps.sh

test: setup-test
	$(VENV)/bin/ruff check .
	status=0; \
	$(PYTEST_PHASE) -n $(TEST_WORKERS) -m "not browser" || [ $$? -eq 5 ] || status=1; \
	$(PYTEST_PHASE) -n $(BROWSER_WORKERS) --dist loadfile -m browser || [ $$? -eq 5 ] || status=1; \
	exit $$status

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

migrate: $(VENV)/.installed
	SECRET_KEY=migrate $(VENV)/bin/flask --app wsgi db upgrade

bench: setup-test
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) node_modules static/vendor
