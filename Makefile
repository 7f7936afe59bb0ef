# Two commands on a fresh machine:
#   make run    set up what running needs, make a demo plan and demo data, open the registration app
#   make test   set up everything (collector, test and lint tools) and run every test
#
# Installs come from the lock files in requirements/ (made by uv), so a new release of a
# dependency changes nothing here until `make lock` is run and its diff committed.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DEMO   ?= $(CURDIR)/.demo
UV_VERSION ?= 0.13.9
UV     := $(BIN)/uv
# The Python the locks are made for (the project's machines run 3.11).
LOCK_PYTHON ?= 3.11
COMPILE := $(UV) pip compile --quiet --python-version $(LOCK_PYTHON) --no-header pyproject.toml

.PHONY: setup setup-run run demo test test-lowest lint check bench lock catalogues clean

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"

# What running the desk needs: no collector, no test tools.
$(VENV)/.run-installed: requirements/run.lock pyproject.toml | $(UV)
	$(UV) pip install --quiet --python $(BIN)/python -r requirements/run.lock -e .
	touch $@

# Everything: the collector extra and the dev tools.
$(VENV)/.dev-installed: requirements/dev.lock pyproject.toml | $(UV)
	$(UV) pip install --quiet --python $(BIN)/python -r requirements/dev.lock -e ".[dev]"
	touch $@

setup-run: $(VENV)/.run-installed
setup: $(VENV)/.dev-installed

# The embedded default: a local SQLite store in .demo/, Køge's demo unit, 400 test registrations
# around today. Afterwards the README's commands work against the same demo in a shell after
#   . .venv/bin/activate && export TRACETOOL_HOME=$PWD/.demo
run: demo
	TRACETOOL_HOME=$(DEMO) $(BIN)/tracetool

demo: setup-run
	@mkdir -p $(DEMO)
	@if [ ! -f $(DEMO)/plan.toml ]; then \
		TRACETOOL_HOME=$(DEMO) $(BIN)/tracetool plan init --around-today --out $(DEMO)/plan-259.toml --force && \
		TRACETOOL_HOME=$(DEMO) $(BIN)/tracetool demo --registrations 400 --seed 1; \
	fi
	@echo "For the README's commands on this demo: . $(BIN)/activate && export TRACETOOL_HOME=$(DEMO)"

test: setup
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

# The suite against the oldest releases pyproject.toml allows (requirements/lowest.lock), in a
# venv of its own; .ci/run runs it beside `make test`.
LOW := .venv-lowest
test-lowest: $(UV)
	$(UV) venv --quiet --allow-existing --python $(PYTHON) $(LOW)
	$(UV) pip install --quiet --python $(LOW)/bin/python -r requirements/lowest.lock -e ".[dev]"
	$(LOW)/bin/python -m pytest -q -n 2 --dist loadfile

# Refresh the locks: newest releases within pyproject.toml's ranges, and the lowest direct ones.
lock: $(UV)
	$(COMPILE) --extra dev --upgrade -o requirements/dev.lock
	$(COMPILE) -c requirements/dev.lock -o requirements/run.lock
	$(COMPILE) --extra dev --resolution lowest-direct --upgrade -o requirements/lowest.lock

# After editing a tracetool/locale/*/LC_MESSAGES/*.po: compile it with Babel (the .mo is shipped).
# Compile every catalogue (tracetool/locale/<lang>/LC_MESSAGES/<domain>.po) to the .mo beside it.
catalogues: setup
	for po in tracetool/locale/*/LC_MESSAGES/*.po; do \
	  $(BIN)/pybabel compile --statistics -i "$$po" -o "$${po%.po}.mo" || exit 1; \
	done

lint: setup
	$(BIN)/ruff check tracetool tests bench scripts
	$(BIN)/ruff format --check tracetool tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

check: test lint

clean:
	rm -rf $(VENV) $(LOW) $(DEMO) .pytest_cache .mypy_cache .ruff_cache .hypothesis
