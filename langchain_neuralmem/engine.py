"""NeuralMemory: encoder + trained modules + store, per user and session. No LangChain.

Example:
    >>> import tempfile, os
    >>> memory = NeuralMemory(os.path.join(tempfile.mkdtemp(), "m.db"))
    >>> _ = memory.add_turn("My first dog was called Biscuit.", session_id="s", speaker="Ann")
    >>> _ = memory.add_turn("What a lovely name!", session_id="s", role="ai")
    >>> ctx = memory.recall("What was my first dog's name?", session_id="s", max_tokens=256)
    >>> "Biscuit" in ctx.to_text()
    True
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from langchain_neuralmem.config import RecallConfig
from langchain_neuralmem.encoders.base import EmbeddingsEncoder, Encoder
from langchain_neuralmem.encoders.tokens import as_token_counter
from langchain_neuralmem.errors import InvalidInputError, InvalidTurnError
from langchain_neuralmem.features import embed_turns, terms
from langchain_neuralmem.index_cache import IndexCache, Scope
from langchain_neuralmem.nn.model import NeuralMemoryModel, check_encoder_compatible
from langchain_neuralmem.reading import ContextReader
from langchain_neuralmem.stores.scope_index import ScopeSnapshot
from langchain_neuralmem.stores.sqlite import SQLiteStore
from langchain_neuralmem.types import (
    MemoryContext,
    SummaryNode,
    Turn,
    quote_content,
)
from langchain_neuralmem.validation import (
    check_budget,
    check_content,
    check_id,
    check_metadata,
    check_query,
    check_role,
    check_speaker,
    check_timestamp,
)
from langchain_neuralmem.writing import ClosedNode, PendingTurn, TurnWriter

DEFAULT_USER = "default"


@dataclass(frozen=True)
class TurnInput:
    """One turn to add with :meth:`NeuralMemory.add_turns`.

    Attributes:
        content: the text.
        role: "human", "ai", "other" (aliases user/assistant/system/tool accepted).
        speaker: display name; defaults to the role.
        timestamp: seconds since the epoch; defaults to now.
        new_episode: start a new episode (sitting) at this turn.
        metadata: JSON-ready extras stored with the turn and returned with it.
    """

    content: str
    role: str = "human"
    speaker: str | None = None
    timestamp: float | None = None
    new_episode: bool = False
    metadata: dict[str, Any] | None = None


class NeuralMemory:
    """A learned conversational memory over a SQLite file.

    Writes encode the turn, advance the session's GRU state, detect segment
    boundaries and score salience — no LLM call. Recalls build a
    :class:`~langchain_neuralmem.types.MemoryContext` under a token budget: recent
    turns verbatim, older turns ranked by the learned attention (candidates from FAISS,
    BM25 and a coarse-to-fine descent of the segment / episode hierarchy) and segment
    summaries.

    Args:
        db_path: the SQLite file (or an open :class:`SQLiteStore`).
        encoder: an :class:`Encoder`, any LangChain ``Embeddings``, or ``None`` for the
            packaged all-MiniLM-L6-v2.
        model: trained modules, a checkpoint folder, or ``None`` for the shipped weights.
        token_counter: a callable text -> int, a transformers tokenizer, or a LangChain
            model with ``get_num_tokens``; ``None`` = the packaged MiniLM tokenizer.
        config: budget split and candidate settings.
        device: where the modules run; default CUDA when present.
        summarizer: optional ``texts -> summary`` callable (e.g. an LLM) run after a
            segment or episode closes, replacing its extractive summary.
    """

    def __init__(
        self,
        db_path: str | os.PathLike[str] | SQLiteStore = "memory.db",
        *,
        encoder: Encoder | Any | None = None,
        model: NeuralMemoryModel | str | os.PathLike[str] | None = None,
        token_counter: Any = None,
        config: RecallConfig | None = None,
        device: str | torch.device | None = None,
        summarizer: Callable[[Sequence[str]], str] | None = None,
    ) -> None:
        self.config = config or RecallConfig()
        self.store = db_path if isinstance(db_path, SQLiteStore) else SQLiteStore(db_path)
        if encoder is None:
            from langchain_neuralmem.encoders.minilm import pick_device

            encoder = _shared_minilm(str(pick_device(device)))
        elif not isinstance(encoder, Encoder):
            encoder = EmbeddingsEncoder(encoder)
        self.encoder: Encoder = encoder
        if model is None or isinstance(model, (str, os.PathLike)):
            model = NeuralMemoryModel.from_pretrained(model, device=device)
        elif device is not None:
            model = model.to(device)
        self.model: NeuralMemoryModel = model.eval()
        check_encoder_compatible(self.model.config, self.encoder.name, self.encoder.dim)
        self.store.check_encoder(self.encoder.name, self.encoder.dim)
        self.count_tokens: Callable[[str], int] = as_token_counter(token_counter)
        self.summarizer = summarizer
        self._writer = TurnWriter(
            self.model, self.store, episode_gap_seconds=self.config.episode_gap_seconds
        )
        # Writers of this engine take turns (SQLite has one writer at a time anyway).
        self._write_lock = threading.Lock()
        self._cache = IndexCache(self.store, self.encoder.dim, self._write_lock)
        self._reader = ContextReader(
            model=self.model,
            encoder=self.encoder,
            store=self.store,
            config=self.config,
            count_tokens=self.count_tokens,
        )

    # -- writes -----------------------------------------------------------------------
    def add_turn(
        self,
        content: str,
        *,
        session_id: str,
        user_id: str = DEFAULT_USER,
        role: str = "human",
        speaker: str | None = None,
        timestamp: float | None = None,
        new_episode: bool = False,
        metadata: dict[str, Any] | None = None,
    ) -> Turn:
        """Store one turn; returns it with its id, salience and hierarchy ids."""
        turn = TurnInput(content, role, speaker, timestamp, new_episode, metadata)
        return self.add_turns([turn], session_id=session_id, user_id=user_id)[0]

    def add_turns(
        self, turns: Sequence[TurnInput], *, session_id: str, user_id: str = DEFAULT_USER
    ) -> list[Turn]:
        """Store several turns of one session in order, encoding them in one batch.

        All turns are validated before anything is written; the write is one
        transaction, so either every turn is stored or none is.
        """
        check_id(session_id, "session_id")
        check_id(user_id, "user_id")
        if isinstance(turns, (str, bytes)) or not isinstance(turns, Sequence):
            raise InvalidInputError(
                f"add_turns takes a sequence of TurnInput, got {type(turns).__name__}"
            )
        checked = []
        now = time.time()
        for t in turns:
            if not isinstance(t, TurnInput):
                raise InvalidTurnError(f"add_turns takes TurnInput items, got {type(t).__name__}")
            role = check_role(t.role)
            checked.append(
                (
                    t,
                    role,
                    check_content(t.content, max_chars=self.config.max_content_chars),
                    check_speaker(t.speaker, role),
                    check_timestamp(t.timestamp, now=now),
                    check_metadata(t.metadata),
                )
            )
        if not checked:
            return []
        vectors, passage_vectors, spans = embed_turns(
            [(content, speaker) for _, _, content, speaker, _, _ in checked],
            self.encoder.encode,
            embed_speaker=self.model.config.embed_speaker,
        )
        pending = [
            PendingTurn(
                content=content,
                role=role,
                speaker=speaker,
                timestamp=timestamp,
                tokens=self.count_tokens(quote_content(content)),
                vector=vectors[i],
                terms=tuple(terms(content)),
                new_episode=bool(t.new_episode),
                metadata=metadata,
                passages=passage_vectors[i],
                passage_spans=tuple(spans[i]),
            )
            for i, (t, role, content, speaker, timestamp, metadata) in enumerate(checked)
        ]
        with self._write_lock:
            with self.store.transaction() as conn:
                before = self.store.scope_version(user_id, session_id)
                stored, closed, state = self._writer.write(conn, user_id, session_id, pending)
            # Ids only grow (AUTOINCREMENT), so the version after the write follows from it.
            after = (before[0] + len(stored), stored[-1].turn_id)
            self._cache.extend(
                Scope(user_id, session_id),
                before,
                after,
                stored,
                np.stack(vectors),
                [p.terms for p in pending],
                state,
                [p.passages for p in pending],
            )
        self._summarize_closed(closed)
        return stored

    def _summarize_closed(self, closed: list[ClosedNode]) -> None:
        if self.summarizer is None:
            return
        for node in closed:
            self.store.set_abstract_summary(node.node_id, str(self.summarizer(list(node.texts))))

    def _snapshot(self, user_id: str, session_id: str) -> ScopeSnapshot:
        """A frozen view of the session's index (see :meth:`IndexCache.snapshot`)."""
        return self._cache.snapshot(Scope(user_id, session_id))

    # -- reads ------------------------------------------------------------------------
    def recall(
        self,
        query: str,
        *,
        session_id: str,
        user_id: str = DEFAULT_USER,
        max_tokens: int = 1024,
        config: RecallConfig | None = None,
    ) -> MemoryContext:
        """The context for ``query`` within ``max_tokens`` (counted with the token counter).

        An empty query returns only recent turns. An unknown session returns an
        empty context. ``config`` overrides the memory's :class:`RecallConfig` for this
        read (a combined memory's own budget split, say); its write-side fields
        (``episode_gap_seconds``, ``max_content_chars``) are not used here.
        """
        if config is not None and not isinstance(config, RecallConfig):
            raise InvalidInputError(f"config must be a RecallConfig, got {type(config).__name__}")
        check_id(session_id, "session_id")
        check_id(user_id, "user_id")
        budget = check_budget(max_tokens)
        query = check_query(query)
        scope = Scope(user_id, session_id)
        index = self._cache.snapshot(scope)
        return self._reader.read(
            index,
            query,
            budget,
            lambda: index.nodes or self._cache.load_nodes(scope, index),
            config,
        )

    def turn_vectors(
        self, *, session_id: str, user_id: str = DEFAULT_USER
    ) -> tuple[list[int], np.ndarray]:
        """The ids of a session's indexed turns and their unit vectors (one row each), as
        recall searches them: for seeding another vector store without embedding again."""
        check_id(session_id, "session_id")
        check_id(user_id, "user_id")
        index = self._snapshot(user_id, session_id)
        vectors = index.vectors if len(index) else np.zeros((0, self.encoder.dim), np.float32)
        return [int(t) for t in index.turn_ids], np.asarray(vectors, dtype=np.float32)

    def history(
        self, *, session_id: str, user_id: str = DEFAULT_USER, limit: int | None = None
    ) -> list[Turn]:
        """A session's turns in order (the last ``limit`` if given)."""
        check_id(session_id, "session_id")
        check_id(user_id, "user_id")
        if limit is not None:
            return self.store.recent_turns(user_id, session_id, limit)
        return [t.turn for t in self.store.turns(user_id, session_id)]

    def summaries(
        self, *, session_id: str, user_id: str = DEFAULT_USER, level: str = "segment"
    ) -> list[SummaryNode]:
        """Closed segment or episode nodes of a session with their summaries."""
        if level not in ("segment", "episode"):
            raise InvalidInputError(f"level must be 'segment' or 'episode', got {level!r}")
        return [n for n, _, _ in self.store.closed_nodes(user_id, session_id, level)]

    # -- deletion ---------------------------------------------------------------------
    def clear(self, *, session_id: str, user_id: str = DEFAULT_USER) -> int:
        """Delete one session of one user (turns, state, hierarchy); returns turns deleted."""
        check_id(session_id, "session_id")
        check_id(user_id, "user_id")
        with self._write_lock:
            n = self.store.delete(user_id, session_id)
            self._cache.drop(lambda scope: scope == Scope(user_id, session_id))
            self._reader.forget_texts()
        return n

    def delete_user(self, user_id: str) -> int:
        """Delete every session of one user, and nothing of anyone else."""
        check_id(user_id, "user_id")
        with self._write_lock:
            n = self.store.delete(user_id)
            self._cache.drop(lambda scope: scope.user_id == user_id)
            self._reader.forget_texts()
        return n

    # -- async twins: the same implementation, run off the event loop -------------------
    async def aadd_turn(self, content: str, **kwargs: Any) -> Turn:
        """Async :meth:`add_turn`."""
        return await asyncio.to_thread(lambda: self.add_turn(content, **kwargs))

    async def aadd_turns(self, turns: Sequence[TurnInput], **kwargs: Any) -> list[Turn]:
        """Async :meth:`add_turns`."""
        return await asyncio.to_thread(lambda: self.add_turns(turns, **kwargs))

    async def arecall(self, query: str, **kwargs: Any) -> MemoryContext:
        """Async :meth:`recall`."""
        return await asyncio.to_thread(lambda: self.recall(query, **kwargs))

    async def aclear(self, **kwargs: Any) -> int:
        """Async :meth:`clear`."""
        return await asyncio.to_thread(lambda: self.clear(**kwargs))

    def close(self) -> None:
        """Close the database connection."""
        self.store.close()


_MINILM_CACHE: dict[str, Encoder] = {}
_MINILM_LOCK = threading.Lock()


def _shared_minilm(device: str) -> Encoder:
    """One packaged MiniLM per device per process (it is read-only and thread-safe)."""
    from langchain_neuralmem.encoders.minilm import MiniLMEncoder

    with _MINILM_LOCK:
        if device not in _MINILM_CACHE:
            _MINILM_CACHE[device] = MiniLMEncoder(device=device)
        return _MINILM_CACHE[device]
