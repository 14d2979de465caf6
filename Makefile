# The README's two commands: `make serve` and `make test`. Both set up .venv first.
PYTHON ?= python3
SERVE_ADDR ?= 127.0.0.1:8000
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
AUDIT := scripts/audit
AUDIT_READY := $(AUDIT)/node_modules/.ready

.PHONY: setup serve test check build bench bench-large audit fuzz clean

$(READY): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(READY)

# Lighthouse, pinned by scripts/audit/package-lock.json; it drives the system Chromium.
$(AUDIT_READY): $(AUDIT)/package.json $(AUDIT)/package-lock.json
	npm ci --prefix $(AUDIT) --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(AUDIT_READY)

setup: $(READY) $(AUDIT_READY)

serve: $(READY)
	$(BIN)/marginalia serve --dev-addr $(SERVE_ADDR)

test: $(READY) $(AUDIT_READY)
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

# A library of 1,000 articles, the MkDocs build alone (about an hour and a half): figures into
# the "library" section of docs/benchmarks.md.
bench-large: $(READY)
	$(BIN)/marginalia bench --large --record docs/benchmarks.md

# The fuzzing suite at scale: 100,000 mutated notes through check, and the other properties in
# proportion (about half an hour). `make test` runs the same suite with a few thousand cases.
fuzz: $(READY)
	FUZZ_EXAMPLES=100000 $(BIN)/python -m pytest tests/test_fuzz.py -q \
		--hypothesis-show-statistics

# Lighthouse on the article beside a plain Material page, both presets; scores go into
# docs/accessibility.md.
audit: $(READY) $(AUDIT_READY)
	$(BIN)/marginalia audit --record docs/accessibility.md

clean:
	rm -rf site .site-* $(VENV) .pytest_cache .ruff_cache .hypothesis $(AUDIT)/node_modules
