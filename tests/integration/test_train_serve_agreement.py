"""Training sees exactly what recall sees: the same index, candidates and features.

The dialogue is written through the real engine (real MiniLM, shipped weights, SQLite)
and prepared for training; for every question the engine's own snapshot, read through
the very functions ``recall`` calls, must give the training tensors bit for bit.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from langchain_neuralmem.config import RecallConfig
from langchain_neuralmem.data.chatbot import generate_chatbot_dialogues
from langchain_neuralmem.data.generator import generate_dialogues
from langchain_neuralmem.encoders.base import Encoder
from langchain_neuralmem.engine import NeuralMemory, TurnInput
from langchain_neuralmem.features import turn_embedding_texts
from langchain_neuralmem.recall import candidate_features, gather_candidates, query_view
from langchain_neuralmem.training.dataset import dialogue_index, prepare_dialogues


def _vectors(encoder, dialogue, embed_speaker):
    texts = [
        text
        for t in dialogue.turns
        for text in turn_embedding_texts(t.text, t.speaker, embed_speaker=embed_speaker)[0]
    ]
    return dict(zip(texts, encoder.encode(texts), strict=True))


SIZES = (12, 8)


class OneByOne(Encoder):
    """The real MiniLM, one text per call: padding in a batch moves the last float bits,
    and this test compares bit for bit what the two paths compute from the vectors."""

    def __init__(self, base: Encoder) -> None:
        self.base, self.name, self.dim = base, base.name, base.dim

    def encode(self, texts: list[str]) -> np.ndarray:
        return (
            np.stack([self.base.encode([t])[0] for t in texts]) if texts else self.base.encode([])
        )


def _cut(d, turns: int):
    asked = [
        dataclasses.replace(q, asked_after=None) for q in d.questions if max(q.evidence) < turns
    ]
    return dataclasses.replace(d, turns=d.turns[:turns], questions=asked)


@pytest.fixture(scope="module", params=["friends", "chatbot"])
def dialogue(request):
    if request.param == "friends":
        return _cut(generate_dialogues(1, seed=11)[0], 90)
    # Long assistant turns: the passages and their pooled vectors are compared too.
    return _cut(generate_chatbot_dialogues(1, seed=11)[0], 60)


@pytest.mark.parametrize("embed_speaker", [False, True])
def test_training_tensors_equal_what_recall_computes(
    tmp_path, encoder, model, dialogue, embed_speaker
):
    encoder = OneByOne(encoder)
    model.config.__dict__["embed_speaker"] = embed_speaker  # frozen dataclass; restored below
    try:
        memory = NeuralMemory(str(tmp_path / "m.db"), encoder=encoder, model=model)
        memory.add_turns(
            [
                TurnInput(
                    t.text,
                    role=t.role,
                    speaker=t.speaker,
                    timestamp=t.timestamp,
                    new_episode=i > 0 and t.episode != dialogue.turns[i - 1].episode,
                )
                for i, t in enumerate(dialogue.turns)
            ],
            session_id="s",
        )
        snapshot = memory._snapshot("default", "s")
        prepared = prepare_dialogues(
            [dialogue], encoder, progress=False, candidate_sizes=SIZES, embed_speaker=embed_speaker
        )[0]
    finally:
        model.config.__dict__["embed_speaker"] = False
    assert len(snapshot) == len(dialogue.turns)
    assert list(snapshot.episodes) == [t.episode for t in dialogue.turns]
    np.testing.assert_array_equal(snapshot.vectors, prepared.embeddings.numpy())
    np.testing.assert_array_equal(snapshot.tokens, prepared.tokens.numpy())
    training_index = dialogue_index(
        dialogue,
        _vectors(encoder, dialogue, embed_speaker),
        embed_speaker=embed_speaker,
        count_tokens=memory.count_tokens,
    ).snapshot()
    np.testing.assert_array_equal(snapshot.passage_rows, training_index.passage_rows)
    np.testing.assert_array_equal(snapshot.passage_vectors, training_index.passage_vectors)
    assert prepared.questions
    config = RecallConfig(
        vector_candidates=SIZES[0], lexical_candidates=SIZES[1], neighbour_window=0
    )
    assert len(prepared.questions) == len(dialogue.questions)  # all asked at the end, in order
    for q, asked in zip(prepared.questions, dialogue.questions, strict=True):
        text = asked.question
        view = query_view(snapshot, text, encoder.encode_one(text))
        np.testing.assert_array_equal(
            candidate_features(snapshot, view, range(len(snapshot))), q.pair_features.numpy()
        )
        rows = gather_candidates(snapshot, view, segment_rows={}, exclude_rows=set(), config=config)
        assert sorted(set(rows) | set(q.evidence)) == q.candidates.tolist()
