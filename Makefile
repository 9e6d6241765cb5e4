# Two commands do everything: `make` (venv + install + run on corpus/) and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
CORPUS ?= corpus
OUT    ?= outputs

.PHONY: all run test lint bench clean fixtures

all: run

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,dask,ocr]'
	touch $@

run: $(VENV)/.installed
	$(PY) -m pipeline run "$(CORPUS)" --out "$(OUT)"

test: $(VENV)/.installed
	$(PY) -m pytest -q

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check pipeline tests bench
	$(VENV)/bin/ruff format --check pipeline tests bench

bench: $(VENV)/.installed
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) "$(OUT)"/*.csv "$(OUT)"/*.json "$(OUT)"/*.parquet "$(OUT)"/*.xlsx "$(OUT)"/summary.html

# Regenerate the seed as .docx/.pdf in corpus/ and the bad files in tests/fixtures/ (committed).
fixtures: $(VENV)/.installed
	$(PY) tests/make_fixtures.py
