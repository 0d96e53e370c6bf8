"""Text -> L2-normalised float32 vectors, and token counters."""

from langchain_neuralmem.encoders.base import EmbeddingsEncoder, Encoder
from langchain_neuralmem.encoders.minilm import MiniLMEncoder, packaged_minilm_path
from langchain_neuralmem.encoders.tokens import (
    HuggingFaceTokenCounter,
    TokenCounter,
    default_token_counter,
)

__all__ = [
    "EmbeddingsEncoder",
    "Encoder",
    "HuggingFaceTokenCounter",
    "MiniLMEncoder",
    "TokenCounter",
    "default_token_counter",
    "packaged_minilm_path",
]
