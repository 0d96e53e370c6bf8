"""The neural memory (or an ablation of it) as a memory under test.

The example is on the class.
"""

from __future__ import annotations

from collections.abc import Sequence

from langchain_neuralmem.config import RecallConfig
from langchain_neuralmem.data.dialogue import DialogueTurn
from langchain_neuralmem.encoders.base import Encoder
from langchain_neuralmem.engine import NeuralMemory, TurnInput
from langchain_neuralmem.evaluation.packing import TokenCount
from langchain_neuralmem.nn.model import NeuralMemoryModel
from langchain_neuralmem.types import MemoryContext, Turn


class NeuralMemoryUnderTest:
    """:class:`~langchain_neuralmem.engine.NeuralMemory` (or an ablation of it) under test.

    Each LoCoMo session is one ``add_turns`` call (one encoder batch), its first turn
    flagged as a new episode; turns keep their timestamps and speakers.

    Args:
        name: the name reported ("neural", "neural-no-state" ...).
        encoder: the shared encoder.
        model: the trained modules (shared by all variants: same weights).
        token_counter: the shared token counter.
        config: the recall switches of this variant.
        session_id: the conversation's id.
        split_sessions: write each LoCoMo session under a session id of its own (the
            conversation is the user) and ask every question from a new session with
            ``scope="user"``: recall across a user's sessions.

    Example:
        >>> from langchain_neuralmem.engine import _shared_minilm
        >>> from langchain_neuralmem.encoders.tokens import default_token_counter
        >>> mem = NeuralMemoryUnderTest("neural", _shared_minilm("cpu"),
        ...     NeuralMemoryModel.from_pretrained(device="cpu"), default_token_counter(),
        ...     RecallConfig(), session_id="demo")
        >>> mem.add_session([DialogueTurn("Ann", "human", "My dog is Rex.", timestamp=0.0)])
        >>> "Ann: My dog is Rex." in mem.context("What is my dog called?", 64)
        True
    """

    def __init__(
        self,
        name: str,
        encoder: Encoder,
        model: NeuralMemoryModel,
        token_counter: TokenCount,
        config: RecallConfig,
        *,
        session_id: str,
        split_sessions: bool = False,
    ) -> None:
        self.name = name
        self.session_id = session_id
        self.split_sessions = split_sessions
        self._sessions_written = 0
        self.memory = NeuralMemory(
            ":memory:",
            encoder=encoder,
            model=model,
            token_counter=token_counter,
            config=config,
            device=model.device,
        )
        self._last_episode: int | None = None

    def add_session(self, turns: Sequence[DialogueTurn]) -> None:
        """One ``add_turns`` call; a new episode starts where the source's episode changes."""
        batch = []
        for t in turns:
            new_episode = self._last_episode is not None and t.episode != self._last_episode
            self._last_episode = t.episode
            batch.append(
                TurnInput(
                    content=t.text,
                    role=t.role,
                    speaker=t.speaker,
                    timestamp=t.timestamp,
                    new_episode=new_episode,
                )
            )
        if self.split_sessions:
            self._sessions_written += 1
            session = f"{self.session_id}/session-{self._sessions_written}"
            self.memory.add_turns(batch, session_id=session, user_id=self.session_id)
        else:
            self.memory.add_turns(batch, session_id=self.session_id)

    def _recall(self, query: str, budget: int) -> MemoryContext:
        if self.split_sessions:
            return self.memory.recall(
                query,
                session_id=f"{self.session_id}/new",
                user_id=self.session_id,
                max_tokens=budget,
                scope="user",
            )
        return self.memory.recall(query, session_id=self.session_id, max_tokens=budget)

    def context(self, query: str, budget: int) -> str:
        """``NeuralMemory.recall(query, max_tokens=budget).to_text()`` (across the
        conversation's sessions, from a new one, when they are split)."""
        return self._recall(query, budget).to_text()

    def top_turns(self, query: str, k: int) -> str:
        """The engine's own preference order cut to ``k`` turns.

        The engine, when over budget, drops the weakest recalled turns first, then
        summaries, then the oldest recent turns; so its ``k`` favourite turns are the
        recent ones (newest first) then the recalled ones (best first). Summaries are
        not turns and are left out.
        """
        ctx = self._recall(query, 1 << 20)
        chosen = list(reversed(ctx.recent)) + [r.turn for r in ctx.recalled]
        seen: set[int] = set()
        kept: list[Turn] = []
        for t in chosen:
            if t.turn_id not in seen and len(kept) < k:
                seen.add(t.turn_id)
                kept.append(t)
        kept.sort(key=lambda t: t.turn_id)
        return "\n".join(f"{t.speaker}: {t.content}" for t in kept)

    def close(self) -> None:
        """Free the in-memory database."""
        self.memory.close()
