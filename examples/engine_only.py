"""The engine without LangChain: write turns, recall under a budget, inspect provenance.

Run: python examples/engine_only.py
"""

from langchain_neuralmem import NeuralMemory, TurnInput

memory = NeuralMemory(":memory:")
memory.add_turns(
    [
        TurnInput("My sister Ingrid works as a marine biologist in Tromsø.", speaker="Sam"),
        TurnInput("That sounds like a fascinating job!", role="ai", speaker="Assistant"),
    ]
    + [TurnInput(f"Chat about the weekend plans, part {i}.", speaker="Sam") for i in range(50)],
    session_id="s1",
    user_id="sam",
)
ctx = memory.recall("What does my sister do?", session_id="s1", user_id="sam", max_tokens=128)
for r in ctx.recalled[:3]:
    print(
        f"turn {r.turn.turn_id} score={r.score:.2f} cosine={r.similarity:.2f} via {r.level}: {r.turn.content}"
    )
print(f"{ctx.tokens_used} of {ctx.budget_tokens} tokens used")
