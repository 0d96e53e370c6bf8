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

# Retrain the shipped checkpoint (bit-identical for the same seed and data).
train: $(STAMP)
	$(VENV)/bin/neuralmem train --out langchain_neuralmem/weights/default --babi-dir ../shared/data/babi-en-10k

# The figures of docs/results.md: LoCoMo dev and our generated chatbot split, four budgets.
MEMORIES := neural,vector,bm25,hybrid,recency,neural-prior-only,neural-no-attention,neural-no-state,neural-no-hierarchy,neural-no-passages
bench: $(STAMP)
	$(VENV)/bin/neuralmem eval locomo --data ../shared/data/locomo/locomo_dev.json --budget-tokens 1024 \
		--budgets 256,512,1024,2048 --memories $(MEMORIES) \
		--json docs/results/locomo_dev.json --plot docs/results/locomo_dev_budget.png
	$(VENV)/bin/neuralmem eval locomo --data docs/data/chatbot_heldout.json --budget-tokens 1024 \
		--budgets 256,512,1024,2048 --memories $(MEMORIES) \
		--json docs/results/chatbot_heldout.json --plot docs/results/chatbot_heldout_budget.png
	$(VENV)/bin/neuralmem eval babi --data ../shared/data/babi-en-10k --json docs/results/babi_test.json
