# veille: `make run` then `make test` on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export OMP_NUM_THREADS ?= 1

.PHONY: run test lint bench venv clean gate assets eval gazetteer train fuzz

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

venv: $(STAMP)

## run: install, extract events from the bundled synthetic sample (summary table), store them in a
## database and say how to look at them on the map
run: venv assets
	$(BIN)/veille extract samples/ -o out/sample_events.jsonl --summary
	$(BIN)/veille ingest samples/ --db out/demo.sqlite -q
	@echo "Map and API: $(BIN)/veille serve --db out/demo.sqlite, then open http://127.0.0.1:8000/ (or: $(BIN)/veille demo)"

## test: lint, then the whole test suite (unit, integration, quality gate)
test: venv lint assets
	$(BIN)/pytest

lint: venv
	$(BIN)/ruff check src tests bench scripts

## fuzz: Hypothesis property tests of the readers, the number and date parsers and the API
## parameters (tests/test_fuzz_*.py) with 600 examples each instead of the 25 `make test` runs;
## bounded to 15 minutes
FUZZ_TIMEOUT ?= 900
fuzz: venv assets
	HYPOTHESIS_PROFILE=veille-fuzz timeout $(FUZZ_TIMEOUT) $(BIN)/pytest -p no:cacheprovider tests/test_fuzz_inputs.py tests/test_fuzz_api.py

## gate: only the quality floors
gate: venv
	$(BIN)/pytest -m gate

## eval: current quality figures from veille eval on the shared corpora (seeds, dev, popcorn)
CORPUS ?= ../shared/corpus
eval: venv
	$(BIN)/veille eval --split tune,blind $(CORPUS)/train_fr.jsonl $(CORPUS)/train_en.jsonl
	$(BIN)/veille eval $(CORPUS)/dev_fr.jsonl $(CORPUS)/seeds_gold.jsonl tests/corpus/heldout/heldout_fr.jsonl
	$(BIN)/veille eval $(CORPUS)/popcorn/train_docs.jsonl

## train: rebuild the learned decisions (src/veille/extract/models/) from $(CORPUS), about 5 min
## on 2 cores; trains on the tune part of train_fr/train_en and on dev_fr, never on the blind part
train: venv
	$(BIN)/veille train $(CORPUS)

## assets: the web page's front-end libraries, from npm (pinned by web/package-lock.json), copied
## into src/veille/api/static/vendor/ (gitignored); offline afterwards. Needs node and npm.
VENDOR_STAMP := src/veille/api/static/vendor/VERSIONS.json
$(VENDOR_STAMP): web/package.json web/package-lock.json web/vendor.mjs
	npm ci --prefix web --no-audit --no-fund
	node web/vendor.mjs

assets: $(VENDOR_STAMP)

## bench: speed and memory figures (never a pass/fail test)
bench: venv
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

## gazetteer: rebuild src/veille/geo/data/gazetteer.pkl.xz from ../shared/gazetteer (about 90 s)
gazetteer: venv
	$(BIN)/python scripts/build_gazetteer.py

clean:
	rm -rf $(VENV) out .pytest_cache
