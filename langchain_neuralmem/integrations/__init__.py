"""Thin LangChain adapters over :class:`~langchain_neuralmem.engine.NeuralMemory`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from langchain_neuralmem.integrations.middleware import NeuralMemoryMiddleware
    from langchain_neuralmem.integrations.retriever import NeuralMemoryRetriever
    from langchain_neuralmem.integrations.store import NeuralStore
    from langchain_neuralmem.integrations.tools import (
        create_memory_forget_tool,
        create_memory_search_tool,
    )

_LAZY = {
    "NeuralStore": "langchain_neuralmem.integrations.store",
    "NeuralMemoryMiddleware": "langchain_neuralmem.integrations.middleware",
    "NeuralMemoryRetriever": "langchain_neuralmem.integrations.retriever",
    "create_memory_search_tool": "langchain_neuralmem.integrations.tools",
    "create_memory_forget_tool": "langchain_neuralmem.integrations.tools",
}

__all__ = [
    "NeuralMemoryMiddleware",
    "NeuralMemoryRetriever",
    "NeuralStore",
    "create_memory_forget_tool",
    "create_memory_search_tool",
]


def __getattr__(name: str) -> Any:
    """Import an adapter (and the library it adapts) only when first used."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'langchain_neuralmem.integrations' has no attribute {name!r}")
