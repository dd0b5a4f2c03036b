# speeches: make demo (install + run on the sample corpus), make test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STORE ?= data/processed

.PHONY: install demo test test-fast lint typecheck format check bench eval agreement clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dask,bench]'
	touch $(STAMP)

demo: install
	$(BIN)/speeches ingest data/raw --store $(STORE)
	$(BIN)/speeches metrics --store $(STORE)
	$(BIN)/speeches report --format md --store $(STORE)

test: install
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not slow"

lint: install
	$(BIN)/ruff check src tests scripts

typecheck: install
	$(BIN)/mypy

format: install
	$(BIN)/ruff format src tests scripts

check: lint typecheck test

bench: install
	$(BIN)/python scripts/bench.py --mb $(or $(MB),20)

eval: install
	$(BIN)/python scripts/eval.py $(EVAL_ARGS)

agreement: install
	$(BIN)/python scripts/agreement.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache bench
	find $(STORE) -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
