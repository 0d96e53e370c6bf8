"""The checkpoint shipped in the package: it loads, its card says what it learned from,
and it ranks evidence better than plain cosine similarity on a fixture written for this test."""

from pathlib import Path

from langchain_neuralmem.config import RecallConfig
from langchain_neuralmem.engine import NeuralMemory, TurnInput
from langchain_neuralmem.nn.model import DEFAULT_WEIGHTS, NeuralMemoryModel

# Our own bAbI-style story (not from the bAbI files): who is where changes over time,
# so the latest mention is the evidence and cosine similarity alone cannot tell which.
MOVES = [
    ("Hannah", "kitchen"), ("Omar", "garage"), ("Hannah", "attic"), ("Lena", "garden"),
    ("Omar", "cellar"), ("Lena", "library"), ("Hannah", "balcony"), ("Omar", "study"),
    ("Lena", "porch"), ("Hannah", "laundry room"), ("Omar", "hallway"), ("Lena", "office"),
]  # fmt: skip
VERBS = ["walked to", "went to", "moved to", "ran to"]


def test_weights_load_and_the_card_names_the_training_data():
    model = NeuralMemoryModel.from_pretrained()
    assert model.config.encoder_name == "sentence-transformers/all-MiniLM-L6-v2"
    card = (Path(DEFAULT_WEIGHTS) / "MODEL_CARD.md").read_text()
    for needle in ("Training data", "bAbI", "generated", "No LoCoMo data", "Objective", "Figures"):
        assert needle in card, needle


def test_shipped_weights_beat_cosine_on_where_is_questions(db_path, encoder, model):
    neural = NeuralMemory(db_path, encoder=encoder, model=model, config=RecallConfig(recent_turns=0, summary_fraction=0.0))
    cosine = NeuralMemory(
        neural.store,
        encoder=encoder,
        model=model,
        config=RecallConfig(recent_turns=0, summary_fraction=0.0, use_attention=False, use_state=False, use_hierarchy=False),
    )
    turns = [TurnInput(f"{who} {VERBS[i % 4]} the {place}.", speaker="Narrator", timestamp=60.0 * i) for i, (who, place) in enumerate(MOVES)]
    stored = neural.add_turns(turns, session_id="story")
    latest = {who: stored[i].turn_id for i, (who, _) in enumerate(MOVES)}
    hits = {"neural": 0, "cosine": 0}
    for who, turn_id in latest.items():
        for name, memory in (("neural", neural), ("cosine", cosine)):
            ctx = memory.recall(f"Where is {who}?", session_id="story", max_tokens=200)
            hits[name] += ctx.recalled[0].turn.turn_id == turn_id  # the best-ranked turn
    assert hits["neural"] == len(latest)
    assert hits["neural"] > hits["cosine"]
