"""langchain-neuralmem: conversational memory for LangChain that learns what to remember.

Example:
    >>> from langchain_neuralmem import NeuralHierarchicalMemory
    >>> memory = NeuralHierarchicalMemory(session_id="alice", db_path=":memory:")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from langchain_neuralmem.config import (
    GRUStateConfig,
    HierarchyConfig,
    NeuralMemoryConfig,
    RecallConfig,
    TurnAttentionConfig,
)
from langchain_neuralmem.errors import (
    AmbiguousKeyError,
    EncoderMismatchError,
    InvalidInputError,
    InvalidTurnError,
    ModelPackageError,
    NeuralMemError,
    StoreError,
    UnverifiedWeightsWarning,
    WeightsError,
)
from langchain_neuralmem.types import MemoryContext, Recall, SummaryNode, Turn

if TYPE_CHECKING:
    from langchain_neuralmem.combining import BudgetSplit
    from langchain_neuralmem.engine import NeuralMemory, TurnInput
    from langchain_neuralmem.integrations.bounded_history import with_neural_history
    from langchain_neuralmem.integrations.chains import create_memory_chat_chain
    from langchain_neuralmem.integrations.chat_history import NeuralChatMessageHistory
    from langchain_neuralmem.integrations.classic import NeuralHierarchicalMemory
    from langchain_neuralmem.integrations.combined import (
        NeuralCombinedMemory,
        create_combined_memory,
    )
    from langchain_neuralmem.integrations.embeddings import NeuralMemEmbeddings
    from langchain_neuralmem.integrations.middleware import NeuralMemoryMiddleware
    from langchain_neuralmem.integrations.retriever import NeuralMemoryRetriever
    from langchain_neuralmem.integrations.store import NeuralStore
    from langchain_neuralmem.integrations.tools import (
        create_memory_forget_tool,
        create_memory_search_tool,
    )
    from langchain_neuralmem.llm import load_chat_model
    from langchain_neuralmem.nn.model import NeuralMemoryModel

__version__ = "0.1.0"

_LAZY = {
    "BudgetSplit": "langchain_neuralmem.combining",
    "NeuralCombinedMemory": "langchain_neuralmem.integrations.combined",
    "create_combined_memory": "langchain_neuralmem.integrations.combined",
    "create_memory_chat_chain": "langchain_neuralmem.integrations.chains",
    "with_neural_history": "langchain_neuralmem.integrations.bounded_history",
    "load_chat_model": "langchain_neuralmem.llm",
    "NeuralMemory": "langchain_neuralmem.engine",
    "RetentionPolicy": "langchain_neuralmem.retention",
    "CompactionReport": "langchain_neuralmem.retention",
    "TurnInput": "langchain_neuralmem.engine",
    "NeuralMemoryModel": "langchain_neuralmem.nn.model",
    "NeuralHierarchicalMemory": "langchain_neuralmem.integrations.classic",
    "NeuralChatMessageHistory": "langchain_neuralmem.integrations.chat_history",
    "NeuralMemEmbeddings": "langchain_neuralmem.integrations.embeddings",
    "NeuralStore": "langchain_neuralmem.integrations.store",
    "NeuralMemoryMiddleware": "langchain_neuralmem.integrations.middleware",
    "NeuralMemoryRetriever": "langchain_neuralmem.integrations.retriever",
    "create_memory_search_tool": "langchain_neuralmem.integrations.tools",
    "create_memory_forget_tool": "langchain_neuralmem.integrations.tools",
}

__all__ = [
    "AmbiguousKeyError",
    "BudgetSplit",
    "CompactionReport",
    "EncoderMismatchError",
    "GRUStateConfig",
    "HierarchyConfig",
    "InvalidInputError",
    "InvalidTurnError",
    "MemoryContext",
    "ModelPackageError",
    "NeuralChatMessageHistory",
    "NeuralCombinedMemory",
    "NeuralHierarchicalMemory",
    "NeuralMemEmbeddings",
    "NeuralMemError",
    "NeuralMemory",
    "NeuralMemoryConfig",
    "NeuralMemoryMiddleware",
    "NeuralMemoryModel",
    "NeuralMemoryRetriever",
    "NeuralStore",
    "Recall",
    "RecallConfig",
    "RetentionPolicy",
    "StoreError",
    "SummaryNode",
    "Turn",
    "TurnAttentionConfig",
    "TurnInput",
    "UnverifiedWeightsWarning",
    "WeightsError",
    "create_combined_memory",
    "create_memory_chat_chain",
    "create_memory_forget_tool",
    "create_memory_search_tool",
    "load_chat_model",
    "with_neural_history",
]


def __getattr__(name: str) -> Any:
    """Import torch / LangChain-heavy classes only when first used."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'langchain_neuralmem' has no attribute {name!r}")
