"""The chatbot demo behind ``neuralmem demo``: a bot on a local model that remembers.

A scripted user talks to the bot over several sessions, weeks apart. In the first
session they mention a few facts, and the bot answers live. Many generated sessions
follow (hundreds of turns, written straight to memory, no LLM, as a long-running
chatbot would have stored them). In the last session the user asks about the first
session's facts: the bot answers from what the memory recalls, and for each answer the
demo prints what was recalled and why (learned score, cosine similarity, how it was
found), and whether the answer holds the expected fact.

On this 2-core CPU the packaged Qwen2.5-Coder-0.5B runs through llama.cpp when
llama-cpp-python is installed (``make install`` does), else through transformers.

Example:
    .. code-block:: console

        $ neuralmem demo                      # the packaged model on this machine
        $ neuralmem demo --base-url http://gpu-box:8000/v1   # any OpenAI-compatible server
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from langchain_core.language_models import BaseChatModel

from langchain_neuralmem.combining import CombinedContext
from langchain_neuralmem.data.chatbot import generate_chatbot_dialogues
from langchain_neuralmem.engine import NeuralMemory, TurnInput
from langchain_neuralmem.integrations.chains import create_memory_chat_chain
from langchain_neuralmem.integrations.combined import NeuralCombinedMemory
from langchain_neuralmem.types import date_label

DAY = 86_400.0
START = 1_772_524_800.0  # 3 March 2026, 08:00 UTC: the first session

# (user message, fact the bot must later give back). Told once, in the first session.
FACTS: list[str] = [
    "Hi! Quick background: my very first dog, when I was seven, was a beagle called Pepper.",
    "Also, I'm allergic to shellfish, so never suggest shrimp or crab recipes.",
    "My sister Ingrid lives in Tromsø, where she works as a marine biologist.",
]


@dataclass(frozen=True)
class Question:
    """A question of the last session and what a correct answer must contain (any of)."""

    text: str
    expected: tuple[str, ...]


QUESTIONS: list[Question] = [
    Question("What was the name of my first dog?", ("Pepper",)),
    Question("Which food am I allergic to?", ("shellfish", "shrimp", "crab")),
    Question("In which city does my sister live?", ("Tromsø", "Tromso")),
    Question("What is my sister's job?", ("marine biolog",)),
]


def _filler(memory: NeuralMemory, *, session_id: str, user_id: str, dialogues: int) -> int:
    """Generated user-assistant sessions between the first and the last (no LLM)."""
    written = 0
    day = 7.0
    for d in generate_chatbot_dialogues(dialogues, seed=11):
        for episode in sorted({t.episode for t in d.turns}):
            turns = [t for t in d.turns if t.episode == episode]
            stamp = START + day * DAY
            memory.add_turns(
                [
                    TurnInput(
                        t.text,
                        role=t.role,
                        speaker="You" if t.role == "human" else "Bot",
                        timestamp=stamp + 45 * i,
                        new_episode=i == 0,
                    )
                    for i, t in enumerate(turns)
                ],
                session_id=session_id,
                user_id=user_id,
            )
            written += len(turns)
            day += 3.0
    return written


def explain(ctx: CombinedContext, limit: int = 3) -> list[str]:
    """Lines saying what was recalled and why: score, cosine, how found; retriever hits."""
    lines = []
    for r in ctx.memory.recalled[:limit]:
        when = date_label(r.turn.created_at)
        lines.append(
            f"    score {r.score:5.2f}  cosine {r.similarity:.2f}  via {r.level:<8} "
            f"{when} {r.turn.speaker}: {r.turn.content[:70]}"
        )
    for item in ctx.retrieved[:1]:
        lines.append(f"    vector store    {item.text[:80]}")
    for node in ctx.memory.summaries[:1]:
        lines.append(
            f"    summary of turns {node.start_position}-{node.end_position}: {node.summary[:60]}"
        )
    return lines


def run_chat_demo(
    llm: BaseChatModel,
    *,
    db_path: str = ":memory:",
    max_tokens: int = 384,
    filler_dialogues: int = 1,
    out: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Run the scripted conversation with ``llm``; a report of answers and timings."""
    engine = NeuralMemory(db_path)
    session, user = "demo", "alice"
    engine.clear(session_id=session, user_id=user)
    memory = NeuralCombinedMemory(
        session_id=session,
        user_id=user,
        engine=engine,
        max_tokens=max_tokens,
        human_prefix="You",
        ai_prefix="Bot",
    )
    chain = create_memory_chat_chain(llm, memory)
    answer_s: list[float] = []

    def say(text: str, when: float) -> str:
        out(f"You: {text}")
        memory.clock = lambda: when  # the script's date, not today's
        start = time.perf_counter()
        answer = chain.invoke(text).strip()
        answer_s.append(time.perf_counter() - start)
        out(f"Bot: {answer}")
        return answer

    out(f"Session 1, {date_label(START)[1:-1]}")
    for i, fact in enumerate(FACTS):
        say(fact, START + 60 * i)
    written = _filler(engine, session_id=session, user_id=user, dialogues=filler_dialogues)
    stored = len(engine.history(session_id=session, user_id=user))
    last = START + 120 * DAY
    out(
        f"\n... {written} more turns in later sessions (generated, stored without any LLM "
        f"call); {stored} turns in memory.\n"
    )
    out(f"Last session, {date_label(last)[1:-1]}")
    correct = 0
    results = []
    for i, q in enumerate(QUESTIONS):
        ctx = memory.recall_combined(q.text)
        answer = say(q.text, last + 60 * i)
        ok = any(e.casefold() in answer.casefold() for e in q.expected)
        correct += ok
        out(
            f"  [{'correct' if ok else 'WRONG'}: expected {q.expected[0]!r}] "
            f"recalled ({ctx.tokens_used}/{max_tokens} tokens):"
        )
        for line in explain(ctx):
            out(line)
        out("")
        results.append({"question": q.text, "answer": answer, "correct": ok})
    out(
        f"{correct}/{len(QUESTIONS)} answered correctly from memory; "
        f"{statistics.median(answer_s):.1f} s per answer (median, recall + generation)."
    )
    engine.close()
    return {
        "turns": stored,
        "questions": len(QUESTIONS),
        "correct": correct,
        "answers": results,
        "answer_s_median": round(statistics.median(answer_s), 2),
    }
