"""A hand-written long conversation with known answers (our own text, not from any dataset).

Facts are stated once, early, in words that differ from the later question; many
filler turns and near-miss distractors sit in between.
"""

from __future__ import annotations

FACTS: list[tuple[str, str]] = [
    ("human", "My first dog, when I was a kid, was a scruffy terrier named Waffles."),
    ("ai", "Waffles is an adorable name for a terrier."),
    ("human", "I work night shifts as a radiographer at St Mary's hospital."),
    ("ai", "Night shifts in radiography must be exhausting."),
    ("human", "My brother Tobias just moved to Montreal for a job in aerospace."),
    ("ai", "Montreal is a great city for aerospace."),
    ("human", "I can't eat peanuts, I carry an EpiPen everywhere."),
    ("ai", "Good to know, I'll keep peanuts out of any suggestion."),
    ("human", "Our wedding anniversary is on the 14th of June."),
    ("ai", "I'll remember the 14th of June."),
]

DISTRACTORS: list[tuple[str, str]] = [
    ("human", "My neighbour has a cat called Pancake who sits on our fence."),
    ("ai", "Pancake sounds like a character."),
    ("human", "My colleague's dog keeps barking during video calls."),
    ("ai", "That must be distracting."),
    ("human", "I watched a documentary about hospitals in the 1900s."),
    ("ai", "History of medicine is fascinating."),
]

FILLER: list[tuple[str, str]] = [
    ("human", "The weather has been grey all week."),
    ("ai", "Grey weeks can feel long."),
    ("human", "I started a new puzzle with a thousand pieces."),
    ("ai", "Which picture is on the box?"),
    ("human", "A lighthouse at sunset."),
    ("ai", "That sounds lovely to build."),
    ("human", "I need to buy groceries later."),
    ("ai", "Make a list so you don't forget anything."),
    ("human", "Traffic was terrible this morning."),
    ("ai", "Hopefully the drive home is better."),
    ("human", "I tried a new coffee place downtown."),
    ("ai", "Was the coffee any good?"),
    ("human", "Pretty decent, a bit too bitter for me."),
    ("ai", "Maybe try a lighter roast next time."),
]

QUESTIONS: list[tuple[str, int]] = [
    ("What was the name of my first dog?", 0),
    ("What is my job?", 2),
    ("Where does my brother live now?", 4),
    ("Which food am I allergic to?", 6),
    ("When is our anniversary?", 8),
]


def conversation(filler_rounds: int = 12) -> list[tuple[str, str]]:
    """Facts, then distractors and filler repeated ``filler_rounds`` times."""
    turns = list(FACTS)
    for i in range(filler_rounds):
        turns.extend(DISTRACTORS if i % 4 == 0 else [])
        turns.extend((role, f"{text} (day {i + 1})") for role, text in FILLER)
    return turns
