# ROE — every target sets itself up: a fresh machine needs only python3 (3.11+) and make.
VENV   ?= .venv
PYTHON ?= python3
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: install sandbox serve decide test lint fmt check-install bench bench-quick clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## The CM sandbox on the bundled default policy.
sandbox: $(STAMP)
	$(BIN)/roe sandbox

## The decision API on the bundled default policy (loopback, port 8000).
serve: $(STAMP)
	$(BIN)/roe serve

## Run the whole test suite (tests/ and features/).
test: $(STAMP)
	$(BIN)/pytest -q

## Static checks and the rule files' own checks.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/roe lint --strict rules/
	$(BIN)/roe fmt --check rules/

fmt: $(STAMP)
	$(BIN)/roe fmt rules/

## A non-editable install in a clean virtual environment, used from another directory.
check-install:
	bash .ci/check-install

bench: $(STAMP)
	$(BIN)/python -m bench

bench-quick: $(STAMP)
	$(BIN)/python -m bench --quick

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
