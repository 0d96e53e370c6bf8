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

import os
import threading
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch

from langchain_neuralmem.async_api import AsyncMixin
from langchain_neuralmem.compaction import RetentionMixin, RetentionPolicy
from langchain_neuralmem.config import RecallConfig
from langchain_neuralmem.deletion import DEFAULT_USER, DeletionMixin
from langchain_neuralmem.encoders.base import EmbeddingsEncoder, Encoder
from langchain_neuralmem.encoders.tokens import as_token_counter
from langchain_neuralmem.errors import InvalidInputError
from langchain_neuralmem.features import embed_turns
from langchain_neuralmem.index_cache import IndexCache, Scope
from langchain_neuralmem.index_persistence import persisted_index_dir
from langchain_neuralmem.nn.model import NeuralMemoryModel, check_encoder_compatible
from langchain_neuralmem.reading import ContextReader
from langchain_neuralmem.searching import rank_turns
from langchain_neuralmem.stores.base import MemoryStore
from langchain_neuralmem.stores.open_store import open_store
from langchain_neuralmem.stores.scope_index import ScopeSnapshot
from langchain_neuralmem.turn_input import CheckedTurn, TurnInput, check_turns
from langchain_neuralmem.types import (
    MemoryContext,
    Recall,
    SummaryNode,
    Turn,
)
from langchain_neuralmem.validation import (
    check_budget,
    check_id,
    check_query,
    check_scope,
)
from langchain_neuralmem.writing import ClosedNode, TurnWriter, pending_turn

_NO_SESSION = "\x00"  # not a valid session id: a user-wide view asked from no session


class NeuralMemory(DeletionMixin, RetentionMixin, AsyncMixin):
    """A learned conversational memory over a SQLite file.

    Writes encode the turn, advance the session's GRU state, detect segment
    boundaries and score salience — no LLM call. Recalls build a
    :class:`~langchain_neuralmem.types.MemoryContext` under a token budget: recent
    turns verbatim, older turns ranked by the learned attention (candidates from FAISS,
    BM25 and a coarse-to-fine descent of the segment / episode hierarchy) and segment
    summaries.

    Args:
        db_path: the SQLite file, a ``postgresql://`` URL (a database shared by several
            processes), or an open store (:func:`~langchain_neuralmem.stores.open_store.open_store`).
        encoder: an :class:`Encoder`, any LangChain ``Embeddings``, or ``None`` for the
            packaged all-MiniLM-L6-v2.
        model: trained modules, a checkpoint folder, or ``None`` for the shipped weights.
        token_counter: a callable text -> int, a transformers tokenizer, or a LangChain
            model with ``get_num_tokens``; ``None`` = the packaged MiniLM tokenizer.
        config: budget split and candidate settings.
        device: where the modules run; default CUDA when present.
        summarizer: optional ``texts -> summary`` callable (e.g. an LLM) run after a
            segment or episode closes, replacing its extractive summary.
        retention: optional limits applied after writes (see :meth:`compact`).
        index_dir: where large sessions' search indexes are saved so that a new process
            opens them without a rebuild; ``"auto"``: beside a SQLite file; ``None``: off.
    """

    def __init__(
        self,
        db_path: str | os.PathLike[str] | MemoryStore = "memory.db",
        *,
        encoder: Encoder | Any | None = None,
        model: NeuralMemoryModel | str | os.PathLike[str] | None = None,
        token_counter: Any = None,
        config: RecallConfig | None = None,
        device: str | torch.device | None = None,
        summarizer: Callable[[Sequence[str]], str] | None = None,
        retention: RetentionPolicy | None = None,
        index_dir: str | os.PathLike[str] | None = "auto",
    ) -> None:
        self.config = config or RecallConfig()
        self.retention = retention  # checked before the store is opened
        self.store: MemoryStore = open_store(db_path)
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
        where = persisted_index_dir(getattr(self.store, "path", None), index_dir)
        self._cache = IndexCache(self.store, self.encoder.dim, self._write_lock, index_dir=where)
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
        key: str | None = None,
    ) -> Turn:
        """Store one turn; returns it with its id, salience and hierarchy ids (the stored
        turn if ``key`` is already stored in the session)."""
        turn = TurnInput(content, role, speaker, timestamp, new_episode, metadata, key)
        return self.add_turns([turn], session_id=session_id, user_id=user_id)[0]

    def add_turns(
        self,
        turns: Sequence[TurnInput],
        *,
        session_id: str,
        user_id: str = DEFAULT_USER,
        if_key_exists: str = "skip",
    ) -> list[Turn]:
        """Store several turns of one session in order, encoding them in one batch.

        All turns are validated before anything is written; the write is one
        transaction, so either every turn is stored or none is. A turn with a ``key``
        already stored in the session is skipped (``if_key_exists="skip"``: retries and
        replays write nothing twice; the stored turn is returned in its place) or
        replaces the stored turn (``"replace"``: the old one is deleted in the same
        transaction). Within one call a repeated key keeps its first turn.
        """
        check_id(session_id, "session_id")
        check_id(user_id, "user_id")
        if if_key_exists not in ("skip", "replace"):
            raise InvalidInputError(
                f"if_key_exists must be 'skip' or 'replace', got {if_key_exists!r}"
            )
        checked = check_turns(turns, max_chars=self.config.max_content_chars)
        if not checked:
            return []
        keys = [c.key for c in checked if c.key]
        known = (
            self.store.keyed_turns(user_id, session_id, keys)
            if keys and if_key_exists == "skip"
            else {}
        )
        todo = [c for c in checked if c.key != "" and c.key not in known]
        stored = self._write(todo, session_id, user_id, if_key_exists) if todo else []
        by_key = {t.key: t for t in stored if t.key is not None}
        raced = [c.key for c in todo if c.key and c.key not in by_key]  # another writer was first
        if raced:
            by_key.update(self.store.keyed_turns(user_id, session_id, raced))
        self._retain(user_id, session_id, stored)  # compacts now and then (see retention.py)
        unkeyed = iter([t for t in stored if t.key is None])
        return [
            next(unkeyed) if c.given.key is None else known.get(c.given.key) or by_key[c.given.key]
            for c in checked
        ]

    def _write(
        self, checked: list[CheckedTurn], session_id: str, user_id: str, if_key_exists: str
    ) -> list[Turn]:
        """Embed validated turns and write the ones whose keys are not stored yet (checked
        again inside the transaction), keeping the indexes in step."""
        vectors, passage_vectors, spans = embed_turns(
            [(c.content, c.speaker) for c in checked],
            self.encoder.encode,
            embed_speaker=self.model.config.embed_speaker,
        )
        pending = [
            pending_turn(c, vectors[i], passage_vectors[i], spans[i], self.count_tokens)
            for i, c in enumerate(checked)
        ]
        keyed = [p.key for p in pending if p.key]
        with self._write_lock:
            track_user = self._cache.has_user(user_id)
            with self.store.transaction() as conn:
                before = self.store.scope_version(user_id, session_id)
                before_user = self.store.user_version(user_id) if track_user else (0, 0)
                found = self.store.keyed_turns(user_id, session_id, keyed, conn) if keyed else {}
                replaced = []
                if found and if_key_exists == "replace":
                    replaced = self.store.delete_turns([t.turn_id for t in found.values()], conn)
                elif found:  # written by someone else since the first look: skip them
                    pending = [p for p in pending if p.key not in found]
                if not pending:
                    return []
                written, closed, state = self._writer.write(conn, user_id, session_id, pending)
            if replaced:  # rows left the index: rebuild it on the next read
                self._cache.drop(
                    lambda s: s.user_id == user_id and s.session_id in (session_id, None)
                )
                self._reader.forget_texts()
            else:
                self._cache.add_written(
                    user_id,
                    session_id,
                    before,
                    before_user if track_user else None,
                    written,
                    [p.vector for p in pending],
                    [p.terms for p in pending],
                    [p.passages for p in pending],
                    state,
                )
        if replaced:
            self.store.scrub()
        self._summarize_closed(closed)
        return written

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
        scope: str = "session",
    ) -> MemoryContext:
        """The context for ``query`` within ``max_tokens`` (counted with the token counter).

        An empty query returns only recent turns. An unknown session returns an
        empty context (with ``scope="user"``: what the user's other sessions hold).
        ``config`` overrides the memory's :class:`RecallConfig` for this read (a
        combined memory's own budget split, say); its write-side fields
        (``episode_gap_seconds``, ``max_content_chars``) are not used here.

        ``scope="session"`` recalls from this session only; ``scope="user"`` from every
        session of ``user_id`` (one index per user, kept in step with writes): this
        session's latest turns still come first, and nothing of another user is read.
        """
        if config is not None and not isinstance(config, RecallConfig):
            raise InvalidInputError(f"config must be a RecallConfig, got {type(config).__name__}")
        check_id(session_id, "session_id")
        check_id(user_id, "user_id")
        check_scope(scope)
        budget = check_budget(max_tokens)
        query = check_query(query)
        recent_pool: np.ndarray | None = None
        if scope == "user":
            index, recent_pool = self._cache.user_snapshot(user_id, session_id)
            load = lambda: self._cache.load_user_nodes(user_id, index)  # noqa: E731
        else:
            where = Scope(user_id, session_id)
            index = self._cache.snapshot(where)
            load = lambda: self._cache.load_nodes(where, index)  # noqa: E731
        return self._reader.read(
            index, query, budget, lambda: index.nodes or load(), config, recent_pool=recent_pool
        )

    def search(
        self,
        query: str,
        *,
        user_id: str = DEFAULT_USER,
        session_id: str | None = None,
        k: int = 10,
        where: Callable[[Turn], bool] | None = None,
    ) -> list[Recall]:
        """Stored turns ranked for ``query`` by the learned scorer, best first, no budget.

        Searches one session, or all of the user's sessions when ``session_id`` is
        ``None``. ``where`` keeps only the turns it accepts (ranked among every stored
        turn of the scope, not just the usual candidates). An empty query ranks the
        newest turns first.

        Example:
            >>> memory = NeuralMemory(":memory:")
            >>> _ = memory.add_turn("Our cat is called Miso.", session_id="a", user_id="ann")
            >>> _ = memory.add_turn("I moved to Lyon.", session_id="b", user_id="ann")
            >>> memory.search("Where do I live?", user_id="ann", k=1)[0].turn.content
            'I moved to Lyon.'
        """
        check_id(user_id, "user_id")
        if session_id is not None:
            check_id(session_id, "session_id")
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise InvalidInputError(f"k must be a positive int, got {k!r}")
        query = check_query(query)
        if session_id is None:
            index, _ = self._cache.user_snapshot(user_id, _NO_SESSION)
        else:
            index = self._cache.snapshot(Scope(user_id, session_id))
        return rank_turns(
            index,
            query,
            encoder=self.encoder,
            model=self.model,
            store=self.store,
            config=self.config,
            k=k,
            keep=lambda turn: turn.user_id == user_id and (where is None or where(turn)),
            exhaustive=where is not None,
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
    def get_keyed(
        self, keys: Sequence[str], *, session_id: str, user_id: str = DEFAULT_USER
    ) -> dict[str, Turn]:
        """The turns stored under ``keys`` in one session, by key (missing keys left out)."""
        check_id(session_id, "session_id")
        check_id(user_id, "user_id")
        return self.store.keyed_turns(user_id, session_id, [check_id(k, "key") for k in keys])

    def sessions(self, user_id: str = DEFAULT_USER) -> list[str]:
        """The sessions that hold turns of ``user_id``."""
        return self.store.sessions(check_id(user_id, "user_id"))

    def close(self) -> None:
        """Save large sessions' indexes (see ``index_dir``), then close the database."""
        self._cache.persist()
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
