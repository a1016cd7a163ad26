# The two commands of the README: `make run` (the main job on the bundled examples) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $@

DB ?= var/khronika.db

HOST ?= 127.0.0.1
PORT ?= 8000

# ingest the examples, then serve the web UI and the API at http://$(HOST):$(PORT)/ (Ctrl-C stops)
run: $(STAMP)
	$(VENV)/bin/khronika ingest examples --db $(DB)
	$(VENV)/bin/khronika stats --db $(DB)
	$(VENV)/bin/khronika serve --db $(DB) --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) bench/throughput.py

clean:
	rm -rf $(VENV) var
