"""The engine's async twins: the same implementation as the sync calls, run off the event
loop in a worker thread (the engine is thread-safe), so async code never blocks its loop.

Example:
    >>> import asyncio
    >>> from langchain_neuralmem.engine import NeuralMemory
    >>> memory = NeuralMemory(":memory:")
    >>> _ = asyncio.run(memory.aadd_turn("I keep bees.", session_id="s"))
    >>> "bees" in asyncio.run(memory.arecall("what do I keep?", session_id="s")).to_text()
    True
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from langchain_neuralmem.turn_input import TurnInput
from langchain_neuralmem.types import MemoryContext, Recall, Turn


class AsyncMixin:
    """``aadd_turn``, ``aadd_turns``, ``arecall`` and ``asearch`` for :class:`NeuralMemory`."""

    add_turn: Any
    add_turns: Any
    recall: Any
    search: Any

    async def aadd_turn(self, content: str, **kwargs: Any) -> Turn:
        """Async :meth:`add_turn`."""
        return await asyncio.to_thread(lambda: self.add_turn(content, **kwargs))  # type: ignore[no-any-return]

    async def aadd_turns(self, turns: Sequence[TurnInput], **kwargs: Any) -> list[Turn]:
        """Async :meth:`add_turns`."""
        return await asyncio.to_thread(lambda: self.add_turns(turns, **kwargs))  # type: ignore[no-any-return]

    async def arecall(self, query: str, **kwargs: Any) -> MemoryContext:
        """Async :meth:`recall`."""
        return await asyncio.to_thread(lambda: self.recall(query, **kwargs))  # type: ignore[no-any-return]

    async def asearch(self, query: str, **kwargs: Any) -> list[Recall]:
        """Async :meth:`search`."""
        return await asyncio.to_thread(lambda: self.search(query, **kwargs))  # type: ignore[no-any-return]
