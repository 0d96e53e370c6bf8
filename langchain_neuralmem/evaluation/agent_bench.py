"""``neuralmem bench --agent``: one long agent thread under NeuralMemoryMiddleware and under
LangChain's SummarizationMiddleware, side by side on the same chat model.

The thread is our own invention: a user states a few facts with distinctive values among
small talk, then asks for them, in the same thread and in a new thread of the same user.
For each middleware the bench records, per model call, the prompt tokens the model was
given (the model's own usage count), the seconds of each turn, the seconds the memory
middleware itself took (recall and writes; summarisation includes its LLM calls), and
how many asked-for facts the answers contain.

Example:
    >>> [q for _, q, _ in FACTS][:1]
    ['What is my locker code at the gym?']
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, HumanMessage

FACTS: tuple[tuple[str, str, str], ...] = (
    ("My locker code at the gym is 7342.", "What is my locker code at the gym?", "7342"),
    (
        "I parked the van on level 4, spot B17.",
        "Where did I park the van? Give the spot.",
        "B17",
    ),
    (
        "The wifi password at the cabin is maple-otter-88.",
        "What is the wifi password at the cabin?",
        "maple-otter-88",
    ),
    ("My flight to Lisbon is TP1357.", "What is my flight number to Lisbon?", "TP1357"),
    (
        "My niece is called Oriane and she turns nine in June.",
        "What is my niece called?",
        "Oriane",
    ),
)
"""(statement, question, expected answer text)."""

SMALL_TALK: tuple[str, ...] = (
    "Can you suggest a short name for a blue notebook?",
    "What is a good way to start a morning run?",
    "Give me one tip for keeping basil alive indoors.",
    "How do I politely decline a meeting invitation?",
    "Suggest a quick lunch with chickpeas.",
    "What is a nice word for a calm evening?",
    "How long should I steep green tea?",
    "Give me a one-line motivational quote.",
)

SYSTEM_PROMPT = "You are a helpful assistant. Answer in one short sentence."


def thread_messages(exchanges: int) -> list[str]:
    """The user's messages of the long thread: facts first, spread among small talk.

    Example:
        >>> len(thread_messages(12)), thread_messages(12)[0]
        (12, 'My locker code at the gym is 7342.')
    """
    out: list[str] = []
    facts = [f for f, _, _ in FACTS]
    for i in range(exchanges):
        if i % 2 == 0 and facts:
            out.append(facts.pop(0))
        else:
            out.append(SMALL_TALK[i % len(SMALL_TALK)])
    return out


class _Timed:
    """Adds the seconds spent in a middleware's hooks to a shared counter."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)  # hooks are called by their signature: keep it
        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - t0

        return timed


def _run_one(
    name: str,
    llm: BaseChatModel,
    middleware: Any,
    timer: _Timed,
    exchanges: int,
    progress: Callable[[str], None],
) -> dict[str, Any]:
    from langchain.agents import create_agent
    from langgraph.checkpoint.memory import InMemorySaver

    agent = create_agent(
        llm,
        tools=[],
        middleware=[middleware],
        checkpointer=InMemorySaver(),
        system_prompt=SYSTEM_PROMPT,
    )

    def say(text: str, thread: str) -> tuple[AIMessage, float, float]:
        config: Any = {"configurable": {"thread_id": f"{name}-{thread}", "user_id": name}}
        before, t0 = timer.seconds, time.perf_counter()
        state: Any = agent.invoke({"messages": [HumanMessage(text)]}, config=config)
        reply = state["messages"][-1]
        return reply, time.perf_counter() - t0, timer.seconds - before

    turns = []
    for i, text in enumerate(thread_messages(exchanges)):
        reply, wall, own = say(text, "long")
        usage: Any = reply.usage_metadata or {}
        turns.append({"prompt_tokens": usage.get("input_tokens"), "s": wall, "memory_s": own})
        progress(f"{name} turn {i + 1}/{exchanges}")
    answers: dict[str, list[dict[str, Any]]] = {"same_thread": [], "new_thread": []}
    for where, thread in (("same_thread", "long"), ("new_thread", "next-day")):
        for _, question, expected in FACTS:
            reply, wall, own = say(question, thread)
            text = str(reply.content)
            usage = reply.usage_metadata or {}
            answers[where].append(
                {
                    "question": question,
                    "expected": expected,
                    "answer": text,
                    "correct": expected.lower() in text.lower(),
                    "prompt_tokens": usage.get("input_tokens"),
                    "s": wall,
                    "memory_s": own,
                }
            )
            progress(f"{name} {where}: {question}")
    return {"turns": turns, "answers": answers}


def _summary(run: dict[str, Any]) -> dict[str, Any]:
    tokens = [t["prompt_tokens"] for t in run["turns"] if t["prompt_tokens"] is not None]
    n = max(len(run["turns"]), 1)
    return {
        "prompt_tokens_mean": round(sum(tokens) / max(len(tokens), 1), 1),
        "prompt_tokens_max": max(tokens, default=0),
        "prompt_tokens_last": tokens[-1] if tokens else 0,
        "turn_s_mean": round(sum(t["s"] for t in run["turns"]) / n, 3),
        "memory_s_mean": round(sum(t["memory_s"] for t in run["turns"]) / n, 4),
        "facts_same_thread": sum(a["correct"] for a in run["answers"]["same_thread"]),
        "facts_new_thread": sum(a["correct"] for a in run["answers"]["new_thread"]),
        "facts_asked": len(FACTS),
    }


def run_agent_bench(
    llm: BaseChatModel,
    *,
    exchanges: int = 30,
    max_tokens: int = 512,
    db_path: str = ":memory:",
    progress: Callable[[str], None] | None = None,
    only: Sequence[str] = ("neural", "summarization"),
) -> dict[str, Any]:
    """Run the long thread under each middleware; the JSON report as a dict.

    The neural middleware gets ``max_tokens`` of recalled context; summarisation is
    triggered at ``max_tokens`` (approximate tokens, its default counter) and keeps the
    last 6 messages, its summary written by the same chat model.
    """
    from langchain.agents.middleware import SummarizationMiddleware

    from langchain_neuralmem.engine import NeuralMemory
    from langchain_neuralmem.integrations.middleware import NeuralMemoryMiddleware

    say = progress or (lambda _msg: None)
    runs: dict[str, Any] = {}
    if "neural" in only:
        timer = _Timed()
        neural = NeuralMemoryMiddleware(NeuralMemory(db_path), max_tokens=max_tokens)
        for hook in ("before_model", "after_model", "prepare"):
            setattr(neural, hook, timer.wrap(getattr(neural, hook)))
        runs["neural"] = _run_one("neural", llm, neural, timer, exchanges, say)
        neural.memory.close()
    if "summarization" in only:
        timer = _Timed()
        summarizing = SummarizationMiddleware(
            llm, trigger=("tokens", max_tokens), keep=("messages", 6)
        )
        summarizing.before_model = timer.wrap(summarizing.before_model)  # type: ignore[method-assign]
        runs["summarization"] = _run_one("summarization", llm, summarizing, timer, exchanges, say)
    summary = {name: _summary(run) for name, run in runs.items()}
    report: dict[str, Any] = {
        "bench": "agent",
        "model": getattr(llm, "model_name", type(llm).__name__),
        "exchanges": exchanges,
        "max_tokens": max_tokens,
        "summary": summary,
        "runs": runs,
    }
    if {"neural", "summarization"} <= summary.keys():
        n, s = summary["neural"], summary["summarization"]
        report["ratios"] = {
            "prompt_tokens_mean_summarization_over_neural": round(
                s["prompt_tokens_mean"] / max(n["prompt_tokens_mean"], 1e-9), 2
            ),
            "turn_s_summarization_over_neural": round(
                s["turn_s_mean"] / max(n["turn_s_mean"], 1e-9), 2
            ),
            "memory_s_summarization_over_neural": round(
                s["memory_s_mean"] / max(n["memory_s_mean"], 1e-9), 1
            ),
        }
    return report
