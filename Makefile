# veille: `make run` then `make test` on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export OMP_NUM_THREADS ?= 1

.PHONY: run test lint bench venv clean gate assets

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

venv: $(STAMP)

## run: install, then extract events from the bundled synthetic sample and print a summary table
run: venv
	$(BIN)/veille extract samples/ -o out/sample_events.jsonl --summary

## test: lint, then the whole test suite (unit, integration, quality gate)
test: venv lint
	$(BIN)/pytest

lint: venv
	$(BIN)/ruff check src tests bench scripts

## gate: only the quality floors
gate: venv
	$(BIN)/pytest -m gate

## bench: speed and memory figures (never a pass/fail test)
bench: venv
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) out .pytest_cache
