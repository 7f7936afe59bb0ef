# Two commands on a fresh machine:
#   make run    set up, make a demo plan and demo data, open the registration app
#   make test   set up and run every test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DEMO   ?= $(CURDIR)/.demo

.PHONY: setup run test lint check bench clean

$(BIN)/tracetool: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

setup: $(BIN)/tracetool

# The embedded default: a local SQLite store in .demo/, Køge's demo unit, 400 test registrations.
run: setup
	@mkdir -p $(DEMO)
	@if [ ! -f $(DEMO)/plan.toml ]; then \
		TRACETOOL_HOME=$(DEMO) $(BIN)/tracetool plan init --out $(DEMO)/plan-259.toml --force && \
		TRACETOOL_HOME=$(DEMO) $(BIN)/tracetool demo --registrations 400 --seed 1; \
	fi
	TRACETOOL_HOME=$(DEMO) $(BIN)/tracetool

test: setup
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

lint: setup
	$(BIN)/ruff check tracetool tests bench
	$(BIN)/ruff format --check tracetool tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

check: test lint

clean:
	rm -rf $(VENV) $(DEMO) .pytest_cache .mypy_cache .ruff_cache
