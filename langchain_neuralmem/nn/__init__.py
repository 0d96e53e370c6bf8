"""Pure-torch learned modules. Nothing here imports LangChain."""

from langchain_neuralmem.nn.gru_state import ConversationGRU
from langchain_neuralmem.nn.hierarchy import HierarchyHeads
from langchain_neuralmem.nn.model import NeuralMemoryModel
from langchain_neuralmem.nn.turn_attention import TurnAttentionScorer

__all__ = ["ConversationGRU", "HierarchyHeads", "NeuralMemoryModel", "TurnAttentionScorer"]
