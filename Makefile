# Year Journal: `make run` serves the app, `make test` runs the whole suite.
# Both set everything up first (a virtualenv in .venv, the package, its dependencies).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
PYTEST_ARGS ?=
# One pytest worker per core (pytest-xdist); PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= auto

.PHONY: run test install install-test chromium lint backup clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The stamp files make a second `make run` skip the install unless pyproject.toml changed.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

run: install
	$(BIN)/flask --app journal db upgrade
	$(BIN)/flask --app journal run --host $(HOST) --port $(PORT)

# Browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium \
	    || echo "Could not install chromium: browser tests will be skipped (they fail in CI)"; \
	fi

test: install-test chromium
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The benchmark (tests/benchmark/README.md): `make bench`, or `make bench BENCH_ARGS=--quick`
# for a smoke run (also --postgres, --duration N, --connections N). It needs Debian's wrk.
bench: install-test
	@if [ ! -x /usr/bin/wrk ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  echo "Installing Debian's wrk for the benchmark"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk \
	    || { echo "Could not install wrk: the benchmark needs it"; exit 1; }; \
	fi
	$(BIN)/python tests/benchmark/bench.py $(BENCH_ARGS)

lint: install-test
	$(BIN)/ruff check journal tests migrations/env.py
	$(BIN)/bandit --quiet --recursive journal --severity-level medium

# A consistent copy of the SQLite database while the app runs, under instance/backups/.
backup: install
	$(BIN)/flask --app journal backup --out instance/backups/journal-$$(date +%Y-%m-%d-%H%M%S).sqlite3

clean:
	rm -rf $(VENV) build .pytest_cache
