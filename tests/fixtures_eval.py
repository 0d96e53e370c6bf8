"""A tiny hand-written conversation in LoCoMo's file format (our own text, not LoCoMo's).

Two sessions of ten turns, an empty third session that only has a date (as in the
real file), a shared photo with a caption, and five questions: one multi-hop, one
whose evidence is the very last turn, one with a zero-padded id ("D2:06"), one whose
only evidence id is malformed ("D", so it is skipped) and one adversarial
(category 5, reported apart).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SESSION_1 = [
    ("Maya", "Hi Leo! I finally adopted a greyhound from the shelter, her name is Pepper."),
    ("Leo", "That's wonderful Maya, greyhounds are such gentle dogs."),
    ("Maya", "She sleeps most of the day, which suits my night shifts at the bakery."),
    ("Leo", "You bake at night? I had no idea."),
    ("Maya", "Yes, I start at 3am and make sourdough for the whole street."),
    ("Leo", "I've been learning the cello since March, it's harder than it looks."),
    ("Maya", "Which piece are you practising?"),
    ("Leo", "Mostly the Bach prelude in G major, slowly."),
    ("Maya", "Look at Pepper on her new bed!"),
    ("Leo", "She looks so comfortable."),
]
SESSION_2 = [
    ("Leo", "Maya, good news: I got a place in the community orchestra."),
    ("Maya", "Congratulations! When is the first concert?"),
    ("Leo", "In October, at the old town hall by the river."),
    ("Maya", "I'll bring a loaf of rye for the interval."),
    ("Leo", "Everyone will love that."),
    ("Maya", "Pepper has started chasing pigeons in the park."),
    ("Leo", "The retired racer in her is coming back."),
    ("Maya", "My sister Ines is visiting from Lisbon next week."),
    ("Leo", "You should take her to the bakery at dawn."),
    ("Maya", "Great idea, and we will walk along the canal to the lighthouse afterwards."),
]
CAPTION = "a photo of a grey dog lying on a round cushion"

QUESTIONS: list[dict[str, Any]] = [
    {
        "question": "Which instrument does Leo play and where is his first concert?",
        "answer": "Cello; the old town hall",
        "evidence": ["D1:6", "D2:3"],
        "category": 1,
    },
    {
        "question": "Where will Maya and Ines walk after the bakery?",
        "answer": "Along the canal to the lighthouse",
        "evidence": ["D2:10"],
        "category": 2,
    },
    {
        "question": "What is the name of the dog Maya adopted?",
        "answer": "Pepper",
        "evidence": ["D1:1", "D2:06"],
        "category": 4,
    },
    {
        "question": "What time does Maya start work?",
        "answer": "3am",
        "evidence": ["D"],
        "category": 4,
    },
    {
        "question": "What is the name of Leo's dog?",
        "adversarial_answer": "Pepper",
        "evidence": ["D1:1"],
        "category": 5,
    },
]


def _session(num: int, lines: list[tuple[str, str]]) -> list[dict[str, Any]]:
    out = []
    for j, (speaker, text) in enumerate(lines, 1):
        turn: dict[str, Any] = {"speaker": speaker, "dia_id": f"D{num}:{j}", "text": text}
        if num == 1 and j == 9:
            turn["img_url"] = ["https://example.invalid/pepper.jpg"]
            turn["blip_caption"] = CAPTION
        out.append(turn)
    return out


def write_locomo_fixture(folder: Path, name: str = "locomo_fixture.json") -> Path:
    """Write the fixture conversation to ``folder/name`` and return its path."""
    record = {
        "sample_id": "fixture-1",
        "conversation": {
            "speaker_a": "Maya",
            "speaker_b": "Leo",
            "session_1_date_time": "9:15 am on 3 May, 2023",
            "session_1": _session(1, SESSION_1),
            "session_2_date_time": "6:40 pm on 12 May, 2023",
            "session_2": _session(2, SESSION_2),
            "session_3_date_time": "1:00 pm on 20 May, 2023",
        },
        "qa": QUESTIONS,
        "session_summary": {"session_1_summary": "must never be read"},
    }
    path = folder / name
    path.write_text(json.dumps([record]))
    return path


BABI_STORY = """\
1 Mary moved to the bathroom.
2 John went to the hallway.
3 Where is Mary?\tbathroom\t1
4 Daniel went back to the hallway.
5 Sandra moved to the garden.
6 Where is Daniel?\thallway\t4
7 John moved to the office.
8 Sandra journeyed to the bathroom.
9 Where is Sandra?\tbathroom\t8
"""


def write_babi_fixture(folder: Path) -> Path:
    """A one-story qa1 test file in bAbI's format under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "qa1_single-supporting-fact_test.txt").write_text(BABI_STORY)
    return folder
