"""Turn a GGUF file into a plain transformers folder once, so later loads take seconds.

``from_pretrained(folder, gguf_file=name)`` dequantises every tensor (about 43 s for the
default 0.5B model on a 2-core CPU). :func:`converted_folder` does that once, drops the
GGUF quantiser, saves the weights in bf16 with the tokenizer into the cache folder
(through a temporary folder and an atomic rename) and returns the folder.

Example:
    >>> from langchain_neuralmem.llm.packaged import packaged_gguf
    >>> folder = converted_folder(packaged_gguf("smollm2"))  # doctest: +SKIP
    >>> sorted(p.name for p in folder.glob("*.json"))[:1]  # doctest: +SKIP
    ['config.json']
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from langchain_neuralmem.llm.packaged import cache_dir
from langchain_neuralmem.llm.transformers_chat import dtype_kwarg

__all__ = ["converted_folder"]

_DONE = "neuralmem-converted.json"
logger = logging.getLogger(__name__)


def _key(gguf: Path, sha256: str | None) -> str:
    """The file's sha256 when known, else a key that changes with path, size and mtime."""
    if sha256:
        return f"{gguf.stem}-{sha256[:12]}"
    st = gguf.stat()
    raw = f"{gguf.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode()
    return f"{gguf.stem}-{hashlib.sha256(raw).hexdigest()[:12]}"


def converted_folder(
    gguf: str | os.PathLike[str],
    *,
    sha256: str | None = None,
    cache: str | os.PathLike[str] | None = None,
) -> Path:
    """The bf16 transformers folder converted from ``gguf`` (converting it on first use).

    The folder is named after ``sha256`` when given (a verified packaged file), else
    after the file's path, size and modification time.

    Raises:
        ImportError: ``accelerate`` or ``gguf`` is missing (transformers needs both to
            read a GGUF file).

    Example:
        >>> converted_folder("model.gguf")  # doctest: +SKIP
        PosixPath('/home/me/.cache/langchain-neuralmem/hf/model-0123456789ab')
    """
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    path = Path(gguf)
    root = (Path(cache) if cache is not None else cache_dir()) / "hf"
    target = root / _key(path, sha256)
    if (target / _DONE).is_file():
        return target
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=root))
    try:
        logger.info("converting %s to a bf16 transformers folder (once; about a minute)", path)
        verbosity = hf_logging.get_verbosity()
        hf_logging.set_verbosity_error()  # its "packed weights are fastest in fp32" hint
        try:
            tokenizer = AutoTokenizer.from_pretrained(str(path.parent), gguf_file=path.name)
            model: Any = AutoModelForCausalLM.from_pretrained(
                str(path.parent), gguf_file=path.name, **dtype_kwarg(torch.bfloat16)
            )
        finally:
            hf_logging.set_verbosity(verbosity)
        model.hf_quantizer = None
        with contextlib.suppress(AttributeError):
            del model.config.quantization_config
        model.save_pretrained(str(tmp))
        tokenizer.save_pretrained(str(tmp))
        os.chmod(tmp, 0o755)
        (tmp / _DONE).write_text(json.dumps({"source": str(path.resolve())}))
        try:
            os.replace(tmp, target)
        except OSError:
            if not (target / _DONE).is_file():  # another process did not win the race
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target
