"""Persistence (SQLite) and the per-scope in-memory index. Nothing here imports LangChain."""

from langchain_neuralmem.stores.scope_index import ScopeIndex, ScopeSnapshot
from langchain_neuralmem.stores.sqlite import SessionState, SQLiteStore, StoredTurn

__all__ = ["SQLiteStore", "ScopeIndex", "ScopeSnapshot", "SessionState", "StoredTurn"]
