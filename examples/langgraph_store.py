"""A LangGraph graph with long-term memory in ``NeuralStore`` (a LangGraph ``BaseStore``).

Two nodes: ``remember`` files what the user asks to keep (``"remember ..."``) as an item
in the user's namespace; ``answer`` searches that namespace, ranked by the learned scorer,
and answers with the packaged local model. The store is one SQLite file: a second graph
built on the same file later (a restart) still finds the memories; another user's
namespace never shows them.

Run:  python examples/langgraph_store.py
"""

from __future__ import annotations

import sys
import tempfile
import uuid
from pathlib import Path
from typing import TypedDict

from langgraph.graph import END, START, StateGraph
from langgraph.runtime import Runtime

from langchain_neuralmem import NeuralStore, load_chat_model

llm = load_chat_model(max_new_tokens=48)
path = Path(tempfile.mkdtemp()) / "memory.db"


class State(TypedDict):
    text: str
    answer: str


class Context(TypedDict):
    user_id: str


def remember(state: State, runtime: Runtime[Context]) -> dict:
    text = state["text"]
    if text.lower().startswith("remember"):
        namespace = (runtime.context["user_id"], "memories")
        runtime.store.put(
            namespace, str(uuid.uuid4()), {"content": text[len("remember") :].strip(" :,")}
        )
        return {"answer": "Noted."}
    return {}


def answer(state: State, runtime: Runtime[Context]) -> dict:
    if state.get("answer"):
        return {}
    found = runtime.store.search(
        (runtime.context["user_id"], "memories"), query=state["text"], limit=3
    )
    notes = "\n".join(f"- {item.value['content']}" for item in found) or "- (none)"
    prompt = f"Notes about the user:\n{notes}\n\nAnswer in one short sentence: {state['text']}"
    return {"answer": str(llm.invoke(prompt).content).strip()}


def build(store: NeuralStore):
    graph = StateGraph(State, context_schema=Context)
    graph.add_node(remember)
    graph.add_node(answer)
    graph.add_edge(START, "remember")
    graph.add_edge("remember", "answer")
    graph.add_edge("answer", END)
    return graph.compile(store=store)


def run(graph, text: str, user: str) -> str:
    out = graph.invoke({"text": text, "answer": ""}, context={"user_id": user})
    print(f"[{user}] {text}\n  -> {out['answer']}")
    return out["answer"]


with NeuralStore(path) as store:
    graph = build(store)
    run(graph, "Remember: my passport expires in March 2031.", "lena")
    run(graph, "Remember: I am allergic to hazelnuts.", "lena")
    run(graph, "Remember: my favourite band is Khruangbin.", "omar")

with NeuralStore(path) as store:  # a restart: a new store on the same file
    graph = build(store)
    mine = run(graph, "Which nut must I avoid?", "lena")
    theirs = [item.value["content"] for item in store.search(("omar", "memories"), query="nuts")]

ok = "hazelnut" in mine.lower() and not any("hazelnut" in t for t in theirs)
print("long-term memory:", "hazelnut" if ok else "missing")
sys.exit(0 if ok else 1)
