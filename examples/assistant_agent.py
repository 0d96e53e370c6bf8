"""A personal assistant agent that remembers across threads, fully offline.

``create_agent`` on the packaged local model (Qwen2.5-Coder-0.5B through llama.cpp on the
CPU, transformers on a GPU), two offline tools over one SQLite file (notes and a
calendar), and ``NeuralMemoryMiddleware``: every message of every thread goes into the
learned memory, and each model call gets a bounded recall from all of the user's threads.

On Monday, in one thread, Maya tells the assistant a few things and has it file a note.
On Friday, in a new thread, she asks for one of them: the answer needs the fact from
Monday's thread, which only memory carries over. Another user, in his own thread, asks
the same question and must not get Maya's answer.

Run:  python examples/assistant_agent.py        (about a minute on a laptop CPU)
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from pathlib import Path

from langchain.agents import create_agent
from langchain_core.tools import tool
from langgraph.checkpoint.memory import InMemorySaver

from langchain_neuralmem import NeuralMemory, NeuralMemoryMiddleware, load_chat_model

folder = Path(tempfile.mkdtemp())
db = sqlite3.connect(folder / "assistant.db", check_same_thread=False)
db.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
db.execute("CREATE TABLE IF NOT EXISTS events (day TEXT NOT NULL, what TEXT NOT NULL)")
db.execute("INSERT INTO events VALUES ('2026-12-04', 'Dentist at 09:30')")
db.commit()


@tool
def add_note(text: str) -> str:
    """Save a short note for the user."""
    db.execute("INSERT INTO notes (text) VALUES (?)", (text,))
    db.commit()
    return "Saved."


@tool
def calendar(day: str) -> str:
    """The user's calendar entries for one day, as YYYY-MM-DD."""
    rows = db.execute("SELECT what FROM events WHERE day = ?", (day,)).fetchall()
    return "; ".join(r[0] for r in rows) or "Nothing planned."


memory = NeuralMemory(folder / "memory.db")  # the same kind of SQLite file, kept for good
agent = create_agent(
    load_chat_model(max_new_tokens=64),  # one round of tool calls per message (its default)
    tools=[add_note, calendar],
    middleware=[NeuralMemoryMiddleware(memory, max_tokens=512)],
    checkpointer=InMemorySaver(),
    system_prompt="You are Maya's assistant. Answer in one short sentence.",
)


def ask(text: str, *, thread: str, user: str) -> str:
    config = {"configurable": {"thread_id": thread, "user_id": user}}
    state = agent.invoke({"messages": [{"role": "user", "content": text}]}, config=config)
    answer = str(state["messages"][-1].content).strip()
    print(f"[{user} / {thread}] {text}\n  -> {answer}")
    return answer


ask("My brother Tomas lands at gate B12 on Friday at 18:40.", thread="monday", user="maya")
ask("Please add a note: buy flowers for Tomas.", thread="monday", user="maya")
ask("Also, my gym locker code is 5521.", thread="monday", user="maya")

answer = ask("At which gate does my brother land on Friday?", thread="friday", user="maya")
other = ask("At which gate does my brother land on Friday?", thread="lunch", user="noah")

notes = [r[0] for r in db.execute("SELECT text FROM notes")]
print("notes:", notes)
ok = "B12" in answer and "B12" not in other
print("remembered across threads:", "B12" if ok else "no")
sys.exit(0 if ok else 1)
