# speeches: make demo (install + run on the sample corpus), make test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STORE ?= data/processed

.PHONY: install pure demo test test-fast lint typecheck format check bench eval agreement clean

# The modules setup.py compiles with mypyc: an edit to one of them compiles them again.
COMPILED := $(shell sed -n 's/^    "\(src\/.*\.py\)",$$/\1/p' setup.py)

install: $(STAMP)

$(STAMP): pyproject.toml setup.py $(COMPILED)
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dask,bench]'
	touch $(STAMP)

# Plain Python for the compiled modules (nothing to rebuild after an edit): removes their
# extensions; `make install` builds them again once one of them changes (or `touch setup.py`).
pure:
	find src -name '*.so' -delete

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
	find src -name '*.so' -delete
	find $(STORE) -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
