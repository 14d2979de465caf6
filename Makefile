# The README's two commands: `make serve` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready

.PHONY: setup serve test check build bench clean

$(READY): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(READY)

setup: $(READY)

serve: $(READY)
	$(BIN)/marginalia serve --dev-addr 127.0.0.1:8000

test: $(READY)
	$(BIN)/ruff check scripts tests
	$(BIN)/ruff format --check scripts tests
	$(BIN)/python -m pytest

check: $(READY)
	$(BIN)/marginalia check

build: $(READY)
	$(BIN)/marginalia build

# Synthetic corpora of 1, 10 and 100 articles: a few minutes. Figures go into docs/benchmarks.md.
bench: $(READY)
	$(BIN)/marginalia bench --record docs/benchmarks.md

clean:
	rm -rf site .site-* $(VENV) .pytest_cache .ruff_cache .hypothesis
