"""Persistence (a SQLite file, or PostgreSQL through ``open_store``) and the per-scope
in-memory index. Nothing here imports LangChain; ``psycopg`` is imported only when a
``postgresql://`` target is opened."""

from langchain_neuralmem.stores.base import MemoryStore
from langchain_neuralmem.stores.open_store import open_store
from langchain_neuralmem.stores.scope_index import ScopeIndex, ScopeSnapshot
from langchain_neuralmem.stores.sqlite import SessionState, SQLiteStore, StoredTurn

__all__ = [
    "MemoryStore",
    "SQLiteStore",
    "ScopeIndex",
    "ScopeSnapshot",
    "SessionState",
    "StoredTurn",
    "open_store",
]
