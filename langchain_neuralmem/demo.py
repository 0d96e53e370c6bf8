"""The scripted demo behind ``neuralmem demo``: a long conversation, then questions,
showing what each component recalls and why. No LLM needed.

Example:
    >>> report = run_demo(db_path=":memory:", filler_dialogues=1, out=lambda *_: None)
    >>> report["questions"] > 0
    True
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from langchain_neuralmem.config import RecallConfig
from langchain_neuralmem.data.generator import generate_dialogues
from langchain_neuralmem.engine import NeuralMemory, TurnInput
from langchain_neuralmem.types import Recall

DAY = 86_400.0

# Facts stated once, early, in the user's own words; asked much later by paraphrase.
SCRIPT: list[tuple[str, str]] = [
    (
        "human",
        "Before we start: my very first dog, back when I was seven, was a beagle called Pepper.",
    ),
    ("ai", "Pepper the beagle, what a sweet first dog!"),
    ("human", "I'm allergic to shellfish, so no shrimp recipes please."),
    ("ai", "Noted, I'll avoid shellfish in any recipe ideas."),
    ("human", "My sister Ingrid lives in Tromsø and works as a marine biologist."),
    ("ai", "Tromsø must be a great place for marine biology."),
]
QUESTIONS: list[tuple[str, str]] = [
    ("What was the name of my first dog?", "Pepper"),
    ("Any food I should stay away from?", "shellfish"),
    ("What does my sister do for a living?", "marine biologist"),
]


def _rank(recalls: list[Recall], expected: str) -> str:
    """1-based rank of the first recalled turn that contains ``expected``."""
    for i, r in enumerate(recalls, 1):
        if expected.lower() in r.turn.content.lower():
            return str(i)
    return "-"


def run_demo(
    *,
    db_path: str = ":memory:",
    filler_dialogues: int = 1,
    max_tokens: int = 256,
    out: Callable[..., None] = print,
) -> dict[str, Any]:
    """Replay the script plus generated filler (hundreds of turns), then ask the questions."""
    # The defaults a user gets (no share of the budget for summaries: it costs recall).
    memory = NeuralMemory(db_path)
    session, user = "demo", "alice"
    memory.clear(session_id=session, user_id=user)
    t0 = 1_700_000_000.0
    memory.add_turns(
        [
            TurnInput(
                text,
                role=role,
                speaker="You" if role == "human" else "Assistant",
                timestamp=t0 + 60 * i,
            )
            for i, (role, text) in enumerate(SCRIPT)
        ],
        session_id=session,
        user_id=user,
    )
    write_ms: list[float] = []
    day = 1
    for d in generate_dialogues(filler_dialogues, seed=7):
        for t in d.turns:
            # Filler: the same two speakers' other sittings, weeks later.
            ts = t0 + DAY * (day + t.episode * 3) + 60 * (len(write_ms) % 50)
            start = time.perf_counter()
            memory.add_turn(
                t.text,
                session_id=session,
                user_id=user,
                role=t.role,
                speaker="You" if t.role == "human" else "Assistant",
                timestamp=ts,
            )
            write_ms.append((time.perf_counter() - start) * 1000)
        day += 60
    n = len(memory.history(session_id=session, user_id=user))
    segments = memory.summaries(session_id=session, user_id=user)
    episodes = memory.summaries(session_id=session, user_id=user, level="episode")
    out(
        f"Stored {n} turns. The GRU boundary head cut them into {len(segments)} topic segments;"
        f" time gaps into {len(episodes)} episodes."
    )
    out(f"Write: {statistics.median(write_ms):.1f} ms per turn (median), no LLM call.\n")
    cosine = NeuralMemory(
        memory.store,
        encoder=memory.encoder,
        model=memory.model,
        config=RecallConfig(use_attention=False, use_state=False, use_hierarchy=False),
    )
    found = cosine_found = 0
    recall_ms: list[float] = []
    for question, expected in QUESTIONS:
        start = time.perf_counter()
        ctx = memory.recall(question, session_id=session, user_id=user, max_tokens=max_tokens)
        recall_ms.append((time.perf_counter() - start) * 1000)
        base = cosine.recall(question, session_id=session, user_id=user, max_tokens=100_000)
        same = cosine.recall(question, session_id=session, user_id=user, max_tokens=max_tokens)
        hit = expected.lower() in ctx.to_text().lower()
        found += hit
        cosine_found += expected.lower() in same.to_text().lower()
        status = "found" if hit else "MISSING"
        out(f"Q: {question}")
        out(f"   '{expected}' {status} in a {ctx.tokens_used}/{max_tokens}-token context;")
        out(
            f"   its turn ranks #{_rank(ctx.recalled, expected)} by the learned attention, "
            f"#{_rank(base.recalled, expected)} by cosine similarity alone."
        )
        for r in ctx.recalled[:3]:
            out(
                f"   {r.score:6.2f} (cosine {r.similarity:.2f}, via {r.level}) "
                f"turn {r.turn.position}: {r.turn.content[:70]}"
            )
        for node in ctx.summaries[:1]:
            out(
                f"   segment {node.start_position}-{node.end_position} summary: {node.summary[:70]}"
            )
        out("")
    out(
        f"Recall: {statistics.median(recall_ms):.1f} ms per query (median). "
        f"Found {found}/{len(QUESTIONS)} answers (cosine similarity alone, same budget: "
        f"{cosine_found}/{len(QUESTIONS)})."
    )
    return {
        "turns": n,
        "segments": len(segments),
        "episodes": len(episodes),
        "questions": len(QUESTIONS),
        "found": found,
        "cosine_found": cosine_found,
        "write_ms_median": statistics.median(write_ms),
        "recall_ms_median": statistics.median(recall_ms),
    }
