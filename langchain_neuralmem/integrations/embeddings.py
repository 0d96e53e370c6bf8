"""``NeuralMemEmbeddings``: the package's encoder as a LangChain ``Embeddings``.

Lets a FAISS ``VectorStoreRetrieverMemory`` (or any vector store) use the same
packaged all-MiniLM-L6-v2 as the neural memory, offline.

Example:
    >>> emb = NeuralMemEmbeddings()
    >>> len(emb.embed_query("hello"))
    384
"""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from langchain_neuralmem.encoders.base import Encoder


class NeuralMemEmbeddings(Embeddings):
    """Wraps an :class:`~langchain_neuralmem.encoders.base.Encoder` (default: packaged MiniLM).

    Args:
        encoder: the encoder to expose; ``None`` loads the packaged all-MiniLM-L6-v2.
    """

    def __init__(self, encoder: Encoder | None = None) -> None:
        if encoder is None:
            from langchain_neuralmem.encoders.minilm import MiniLMEncoder

            encoder = MiniLMEncoder()
        self.encoder = encoder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Unit-length vectors of ``texts``."""
        return self.encoder.encode(list(texts)).tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        """Unit-length vector of ``text``."""
        return self.encoder.encode_one(text).tolist()  # type: ignore[no-any-return]
