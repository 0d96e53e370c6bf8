"""Persistence (SQLite) and vector indexes (FAISS). Nothing here imports LangChain."""

from langchain_neuralmem.stores.faiss_index import ScopeIndex
from langchain_neuralmem.stores.sqlite import SessionState, SQLiteStore, StoredTurn

__all__ = ["SQLiteStore", "ScopeIndex", "SessionState", "StoredTurn"]
