#!/usr/bin/env bash
# On a machine with an NVIDIA GPU: the chatbot demo and a LoCoMo QA sample on CUDA, and
# the tokens/s of each chat-model route. Writes its JSON under docs/results/gpu/.
#
#   scripts/gpu_check.sh                 # the packaged model (transformers, bf16 on CUDA)
#   MODEL=Qwen/Qwen2.5-7B-Instruct scripts/gpu_check.sh   # a larger hub model (cached locally)
#   QA_LIMIT=200 scripts/gpu_check.sh    # a bigger QA sample (default 40 questions)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=docs/results/gpu
DATA=${DATA:-../shared/data/locomo/locomo_dev.json}
QA_LIMIT=${QA_LIMIT:-40}
MODEL_ARGS=()
if [ -n "${MODEL:-}" ]; then MODEL_ARGS=(--model "$MODEL"); fi
mkdir -p "$OUT"
make install
.venv/bin/python - <<'PY'
import torch
assert torch.cuda.is_available(), "no CUDA device: this script is for a GPU machine"
print("GPU:", torch.cuda.get_device_name(0))
PY
# Tokens/s and load time on the GPU (transformers, bf16) and, for comparison, llama.cpp.
.venv/bin/neuralmem bench --llm --routes transformers,llama.cpp --device cuda "${MODEL_ARGS[@]}" \
    --json "$OUT/llm_bench.json"
# The chatbot demo on CUDA (exit status 1 if an answer is wrong).
.venv/bin/neuralmem demo --backend transformers --device cuda "${MODEL_ARGS[@]}" \
    --json "$OUT/demo.json"
# End-to-end QA: neural, vector, combined and the oracle, LoCoMo token F1 per category.
.venv/bin/neuralmem eval locomo --qa --data "$DATA" --limit "$QA_LIMIT" --device cuda \
    "${MODEL_ARGS[@]}" --memories neural,vector,combined,oracle \
    --json "$OUT/qa.json" --plot "$OUT/qa.png"
echo "wrote $OUT/"
