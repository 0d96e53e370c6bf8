"""Token counters: how long a text is under a real model tokenizer.

Example:
    >>> count = default_token_counter()
    >>> count("My dog is Rex.")
    5
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class TokenCounter(Protocol):
    """Anything callable as ``counter(text) -> int``."""

    def __call__(self, text: str) -> int: ...


class HuggingFaceTokenCounter:
    """Counts tokens with a ``transformers`` tokenizer (no special tokens added).

    Args:
        tokenizer: a tokenizer object, or a folder / hub id to load one from.

    Example:
        >>> from langchain_neuralmem.encoders.minilm import packaged_minilm_path
        >>> HuggingFaceTokenCounter(packaged_minilm_path())("hello world")
        2
    """

    def __init__(self, tokenizer: Any) -> None:
        if isinstance(tokenizer, (str,)) or hasattr(tokenizer, "__fspath__"):
            from transformers import AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained(str(tokenizer))
        self.tokenizer = tokenizer
        self.name = str(getattr(tokenizer, "name_or_path", type(tokenizer).__name__))
        # A private copy of the fast backend without padding or truncation: counts are
        # exact for any length and no max-length warning fires for long texts.
        self._backend = None
        backend = getattr(tokenizer, "backend_tokenizer", None)
        if backend is not None:
            from tokenizers import Tokenizer

            self._backend = Tokenizer.from_str(backend.to_str())
            self._backend.no_padding()
            self._backend.no_truncation()

    def __call__(self, text: str) -> int:
        if not text:
            return 0
        if self._backend is not None:
            return len(self._backend.encode(text, add_special_tokens=False).ids)
        return len(self.tokenizer.encode(text, add_special_tokens=False))


@lru_cache(maxsize=1)
def default_token_counter() -> HuggingFaceTokenCounter:
    """The packaged all-MiniLM-L6-v2 WordPiece tokenizer: offline and always present."""
    from langchain_neuralmem.encoders.minilm import packaged_minilm_path

    return HuggingFaceTokenCounter(packaged_minilm_path())


def as_token_counter(counter: Any) -> Callable[[str], int]:
    """Accept a callable, a tokenizer, or an object with ``get_num_tokens`` (LangChain LLMs)."""
    if counter is None:
        return default_token_counter()
    if hasattr(counter, "get_num_tokens") and not hasattr(counter, "backend_tokenizer"):
        return lambda text: int(counter.get_num_tokens(text)) if text else 0
    if hasattr(counter, "encode") and hasattr(counter, "backend_tokenizer"):
        return HuggingFaceTokenCounter(counter)
    if callable(counter):
        return counter  # type: ignore[no-any-return]
    raise TypeError(
        f"token_counter must be a callable text -> int, a transformers tokenizer, or a "
        f"LangChain model with get_num_tokens; got {type(counter).__name__}"
    )
