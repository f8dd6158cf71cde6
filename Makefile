# Two entry points a fresh machine needs: `make map` (the main job) and `make test`.
# Both create .venv with Python 3.11+ and install geonews into it first.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
ARTICLE ?= data/ukraine-fr.txt

.PHONY: map test lint gazetteer bench clean check-stock-install

$(BIN)/geonews: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# The test tools (pytest, Playwright, ruff, mypy, Dask) only where tests run.
$(VENV)/.test-tools: $(BIN)/geonews
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

map: $(BIN)/geonews  ## map the sample article: writes output/ukraine-fr.html and opens it
	$(BIN)/geonews map $(ARTICLE)

test: $(VENV)/.test-tools  ## lint, type-check and run the whole test suite
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

gazetteer: $(BIN)/geonews  ## (re)build the embedded gazetteer in the cache directory
	$(BIN)/geonews gazetteer build

bench: $(BIN)/geonews  ## cold `geonews map` time and memory, gazetteer build/lookup figures
	$(BIN)/python benchmarks/bench_core.py

clean:
	rm -rf $(VENV) output/*.html

# A user's first install: the pip Python ships, no upgrade, not editable; then an HTML
# page, which needs lxml_html_clean (pip 23 left it out when only jusText asked for it).
STOCK := .ci-cache/stock
check-stock-install:  ## install as a new user would (stock pip) and read an HTML page
	rm -rf $(STOCK)
	$(PYTHON) -m venv $(STOCK)
	$(STOCK)/bin/python -m pip --version
	$(STOCK)/bin/python -m pip install --quiet .
	$(STOCK)/bin/geonews places tests/data/news-page.html --format csv | grep -q Valencia
	@echo "stock install reads HTML: ok"
