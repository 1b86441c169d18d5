PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
JOBS ?= 2

.PHONY: demo test lint stats status bench conformance clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade pip >/dev/null
	$(PY) -m pip install -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) examples/demo.py

test: $(STAMP)
	$(PY) -m pytest -q -n $(JOBS) tests

lint: $(STAMP)
	$(VENV)/bin/ruff check lamina tests tools bench

stats:
	@python3 tools/stats.py

bench: $(STAMP)
	$(PY) bench/run.py

conformance: $(STAMP)
	$(PYTHON) ../shared/conformance/run.py --lamina-python $(PY)

clean:
	rm -rf $(VENV) build *.egg-info

status: $(STAMP)
	$(PY) tools/api/status.py
