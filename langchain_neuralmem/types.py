"""Value types returned by the engine. No torch, no LangChain.

Example:
    >>> t = Turn(turn_id=1, user_id="u", session_id="s", position=0, role="human",
    ...          speaker="Ann", content="My dog is Rex.", created_at=0.0, tokens=6)
    >>> Recall(turn=t, score=0.9, level="turn").turn.content
    'My dog is Rex.'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ROLES: tuple[str, ...] = ("human", "ai", "other")

SUMMARY_HEADER = "Summary of earlier conversation:"
RECALLED_HEADER = "Relevant earlier turns:"
RECENT_HEADER = "Recent conversation:"
SECTION_HEADERS: tuple[str, ...] = (SUMMARY_HEADER, RECALLED_HEADER, RECENT_HEADER)
"""The section headers of a rendered context (one definition, for text and budgeting)."""


def turn_label(speaker: str, role: str) -> str:
    """The label a rendered turn line starts with (before ``": "``)."""
    return speaker


def quote_content(content: str) -> str:
    """A turn's content as it appears on its rendered line."""
    return content


def turn_line(speaker: str, role: str, content: str) -> str:
    """One rendered turn: ``label: quoted content``."""
    return f"{turn_label(speaker, role)}: {quote_content(content)}"


def summary_line(summary: str) -> str:
    """One rendered summary line."""
    return f"- {summary}"


@dataclass(frozen=True)
class Turn:
    """One stored utterance.

    Attributes:
        turn_id: the store's primary key (provenance id for citations).
        user_id: owner of the memory; deletion and isolation are scoped by it.
        session_id: the conversation thread (LangChain's ``session_id``).
        position: 0-based index of the turn within its session.
        role: "human", "ai" or "other" (tool, system ...).
        speaker: a display name ("Ann", "assistant").
        content: the text as given.
        created_at: seconds since the epoch.
        tokens: length of ``content`` under the memory's token counter.
        episode: index of the sitting within the session (hierarchy level 2).
        segment_id: id of the topic segment holding the turn (hierarchy level 1).
        salience: learned salience score in [0, 1].
        metadata: JSON-ready extras kept with the turn (e.g. the LangChain message dict).
    """

    turn_id: int
    user_id: str
    session_id: str
    position: int
    role: str
    speaker: str
    content: str
    created_at: float
    tokens: int
    episode: int = 0
    segment_id: int = -1
    salience: float = 0.0
    metadata: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class SummaryNode:
    """A segment or episode of the hierarchy with its extractive (or abstractive) summary.

    Attributes:
        node_id: the store's primary key.
        level: "segment" or "episode".
        start_position: first turn position covered (inclusive).
        end_position: last turn position covered (inclusive).
        summary: the text shown in a prompt.
        source_turn_ids: the turns the extractive summary was taken from.
        score: relevance to the query when returned by a recall.
    """

    node_id: int
    level: str
    start_position: int
    end_position: int
    summary: str
    source_turn_ids: tuple[int, ...] = ()
    score: float = 0.0


@dataclass(frozen=True)
class Recall:
    """A turn recalled for a query, with the scores that put it there.

    Attributes:
        turn: the recalled turn.
        score: the final learned attention score (higher is more relevant).
        level: how it was found: "turn" (FAISS candidate), "segment" (coarse-to-fine
            descent through a relevant segment) or "neighbour".
        similarity: raw cosine similarity between query and turn embeddings.
    """

    turn: Turn
    score: float
    level: str = "turn"
    similarity: float = 0.0


@dataclass
class MemoryContext:
    """What a recall puts into a prompt, within a token budget.

    Attributes:
        query: the text the context was built for.
        budget_tokens: the budget it had to fit.
        recent: the latest turns, verbatim, oldest first.
        recalled: older turns chosen by the learned scorer, best first.
        summaries: segment / episode summaries chosen for the query.
        tokens_used: tokens of all parts together under the memory's counter.
    """

    query: str
    budget_tokens: int
    recent: list[Turn] = field(default_factory=list)
    recalled: list[Recall] = field(default_factory=list)
    summaries: list[SummaryNode] = field(default_factory=list)
    tokens_used: int = 0

    def turns(self) -> list[Turn]:
        """All turns in the context (recalled and recent), in conversation order."""
        seen: dict[int, Turn] = {r.turn.turn_id: r.turn for r in self.recalled}
        for t in self.recent:
            seen[t.turn_id] = t
        return sorted(seen.values(), key=lambda t: (t.session_id, t.position))

    def older_turns(self) -> list[Turn]:
        """Recalled turns that are not among the recent ones, in conversation order."""
        recent_ids = {t.turn_id for t in self.recent}
        return sorted(
            (r.turn for r in self.recalled if r.turn.turn_id not in recent_ids),
            key=lambda t: (t.session_id, t.position),
        )

    def background_text(self) -> str:
        """Summaries and recalled turns (everything but the recent turns) as text."""
        lines: list[str] = []
        if self.summaries:
            lines.append(SUMMARY_HEADER)
            lines.extend(summary_line(s.summary) for s in self.summaries)
        older = self.older_turns()
        if older:
            lines.append(RECALLED_HEADER)
            lines.extend(turn_line(t.speaker, t.role, t.content) for t in older)
        return "\n".join(lines)

    def to_text(self) -> str:
        """Render the context as prompt text: summaries, recalled turns, recent turns."""
        background = self.background_text()
        lines = [background] if background else []
        if self.recent:
            if background:
                lines.append(RECENT_HEADER)
            lines.extend(turn_line(t.speaker, t.role, t.content) for t in self.recent)
        return "\n".join(lines)
