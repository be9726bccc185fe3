# Both targets bootstrap .venv from the system python3 when it is missing, so a fresh clone needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test demo install clean bench train

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest

demo: $(STAMP)
	$(BIN)/python -m planparse.demo

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

# Regenerates the labelled corpus from its phrase lists, then the shipped model: the files come out byte-identical.
train: $(STAMP)
	$(BIN)/python corpus/labelled/build.py
	$(BIN)/python corpus/labelled/build_varied.py
	$(BIN)/planparse train

clean:
	rm -rf $(VENV) build *.egg-info
