"""The checkpoint shipped in the package: it loads, its card says what it learned from,
and it ranks evidence better than plain cosine similarity on a fixture written for this test."""

from pathlib import Path

from langchain_neuralmem.config import RecallConfig
from langchain_neuralmem.engine import NeuralMemory, TurnInput
from langchain_neuralmem.nn.model import DEFAULT_WEIGHTS, NeuralMemoryModel

# Our own near-miss fixture (not from any dataset): both speakers state a fact of the
# same kind, so a question naming one speaker has a close distractor from the other.
FACTS = [
    ("Ann", "My dog is a little terrier called Biscuit."),
    ("Ben", "Our dog is a husky, his name is Loki."),
    ("Ann", "I work as a nurse at the children's hospital."),
    ("Ben", "I've been working as an electrician for ten years."),
    ("Ann", "I grew up in a small town near Porto."),
    ("Ben", "I grew up in Glasgow, right by the river."),
    ("Ann", "Yesterday I ran my first half marathon!"),
    ("Ben", "Last weekend I went fishing with my dad."),
    ("Ann", "I play the violin in a community orchestra."),
    ("Ben", "I've been learning the drums since spring."),
    ("Ann", "My favourite book is Middlemarch."),
    ("Ben", "My favourite book has to be Dune."),
]
QUESTIONS = [
    ("What is the name of Ben's dog?", 1), ("What is the name of Ann's dog?", 0),
    ("What does Ann do for work?", 2), ("What does Ben do for work?", 3),
    ("Where did Ann grow up?", 4), ("Where did Ben grow up?", 5),
    ("When did Ann run a half marathon?", 6), ("When did Ben go fishing?", 7),
    ("Which instrument does Ann play?", 8), ("Which instrument does Ben play?", 9),
    ("What is Ann's favourite book?", 10), ("What is Ben's favourite book?", 11),
]  # fmt: skip
FILLER = [
    "Haha, totally.",
    "How was your week?",
    "Pretty busy, to be honest.",
    "Same here, work has been a lot.",
]


def test_weights_load_and_the_card_names_the_training_data():
    model = NeuralMemoryModel.from_pretrained()
    assert model.config.encoder_name == "sentence-transformers/all-MiniLM-L6-v2"
    card = (Path(DEFAULT_WEIGHTS) / "MODEL_CARD.md").read_text()
    for needle in ("Training data", "bAbI", "generated", "No LoCoMo data", "Objective", "Figures"):
        assert needle in card, needle


def test_shipped_weights_find_near_miss_facts_and_keep_up_with_their_prior(db_path, encoder, model):
    """Top-1 on facts with a same-kind distractor from the other speaker.

    Measured with the shipped checkpoint: learned 9 of 12, its prior alone 9, plain cosine
    over "speaker: text" 11 — the filler repeats question words ("work has been a lot"),
    and the fitted BM25 weight lifts it; see the closing note of issue 7."""
    neural = NeuralMemory(
        db_path, encoder=encoder, model=model, config=RecallConfig(recent_turns=0)
    )
    cosine = NeuralMemory(
        neural.store,
        encoder=encoder,
        model=model,
        config=RecallConfig(recent_turns=0, use_residual=False),
    )
    turns = []
    for i, (speaker, text) in enumerate(FACTS):
        other = "Ben" if speaker == "Ann" else "Ann"
        turns.append(
            TurnInput(
                text,
                role="human" if speaker == "Ann" else "ai",
                speaker=speaker,
                timestamp=600.0 * i,
            )
        )
        turns += [
            TurnInput(
                f,
                role="ai" if speaker == "Ann" else "human",
                speaker=other,
                timestamp=600.0 * i + 60 * (j + 1),
            )
            for j, f in enumerate(FILLER)
        ]
    stored = neural.add_turns(turns, session_id="s")
    fact_ids = [t.turn_id for t in stored if t.content in {text for _, text in FACTS}]
    top1 = {"neural": 0, "cosine": 0}  # "cosine" here: the checkpoint's prior alone
    for question, fact in QUESTIONS:
        for name, memory in (("neural", neural), ("cosine", cosine)):
            ctx = memory.recall(question, session_id="s", max_tokens=500)
            top1[name] += ctx.recalled[0].turn.turn_id == fact_ids[fact]  # the best-ranked turn
    assert top1["neural"] >= 9, top1
    assert top1["neural"] >= top1["cosine"], top1


def test_shipped_weights_beat_the_vector_baseline_on_the_fixture(tmp_path, encoder, model):
    """The same near-miss fixture in LoCoMo format, through the evaluation harness:
    the neural memory against LangChain's VectorStoreRetrieverMemory over FAISS."""
    import json

    from langchain_neuralmem.evaluation.runner import run_locomo

    turns, evidence = [], []
    for i, (speaker, text) in enumerate(FACTS):
        other = "Ben" if speaker == "Ann" else "Ann"
        evidence.append(f"D1:{len(turns) + 1}")
        turns.append({"speaker": speaker, "dia_id": f"D1:{len(turns) + 1}", "text": text})
        for f in FILLER[: 1 + i % 3]:
            turns.append({"speaker": other, "dia_id": f"D1:{len(turns) + 1}", "text": f})
    record = {
        "sample_id": "near-miss",
        "conversation": {
            "speaker_a": "Ann",
            "speaker_b": "Ben",
            "session_1_date_time": "10:00 am on 1 June, 2024",
            "session_1": turns,
        },
        "qa": [
            {"question": q, "answer": "", "evidence": [evidence[f]], "category": 4}
            for q, f in QUESTIONS
        ],
    }
    path = tmp_path / "near_miss.json"
    path.write_text(json.dumps([record]))
    report = run_locomo(
        path,
        memories=["neural", "vector"],
        budget=40,
        weights=model,
        encoder=encoder,
        progress=False,
    )
    neural, vector = (report["results"][m]["evidence_recall"] for m in ("neural", "vector"))
    assert neural > vector, (neural, vector)
    assert neural >= 0.75, neural


def test_out_of_distribution_the_learned_ranking_keeps_up_with_its_prior(encoder, model):
    """Chats from the generator's held-out partition (domains, facts and question wordings
    never trained on) and seeds the calibration never saw: the shipped scorer, packed into
    budgets as recall packs, holds at least as much evidence as its own cosine + BM25 prior."""
    from langchain_neuralmem.data.chatbot import ChatbotConfig, generate_chatbot_dialogues
    from langchain_neuralmem.training.calibrate import blend_table
    from langchain_neuralmem.training.dataset import prepare_dialogues

    assert model.config.attention.prior, "the shipped checkpoint has a prior to fall back on"
    config = ChatbotConfig(
        domains="heldout", sessions_min=6, sessions_max=8, assistant_words_median=90
    )
    chats = prepare_dialogues(
        generate_chatbot_dialogues(4, seed=987_654, config=config),
        encoder,
        progress=False,
        embed_speaker=model.config.embed_speaker,
    )
    shipped = model.attention.blend
    table = blend_table(model, chats, blends=(0.0, shipped))
    prior = sum(table[0.0].values()) / len(table[0.0])
    learned = sum(table[shipped].values()) / len(table[shipped])
    assert learned >= prior - 0.01, table
