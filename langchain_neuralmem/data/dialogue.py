"""Plain data shapes shared by the training generator, bAbI and LoCoMo loaders.

No torch, no LangChain: a :class:`Dialogue` is a list of turns plus questions whose
``evidence`` names the indices of the turns that hold the answer.

Example:
    >>> d = Dialogue(
    ...     dialogue_id="toy",
    ...     turns=[DialogueTurn(speaker="Ann", role="human", text="My dog is Rex.")],
    ...     questions=[EvidenceQuestion(question="Dog's name?", answer="Rex", evidence=[0])],
    ... )
    >>> d.turns[d.questions[0].evidence[0]].text
    'My dog is Rex.'
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DialogueTurn:
    """One utterance of a dialogue.

    Attributes:
        speaker: name of who spoke ("Ann", "assistant", ...).
        role: "human", "ai" or "other" (the LangChain message type family).
        text: the utterance.
        timestamp: seconds since the epoch (or any monotone clock); ``None`` if unknown.
        episode: index of the sitting (conversation session) the turn belongs to.
        segment: index of the topic segment within the dialogue (``-1`` if unknown).
        turn_id: the source's own id for the turn (e.g. LoCoMo "D1:3").
    """

    speaker: str
    role: str
    text: str
    timestamp: float | None = None
    episode: int = 0
    segment: int = -1
    turn_id: str = ""


@dataclass
class EvidenceQuestion:
    """A question asked after ``asked_after`` turns, answered by ``evidence`` turns.

    Attributes:
        question: the question text.
        answer: the reference answer (free text).
        evidence: indices into :attr:`Dialogue.turns` of the turns that hold the answer.
        asked_after: number of turns seen when the question is asked
            (``None`` = after the whole dialogue).
        kind: a label for reporting ("single", "update", "temporal", "multi", bAbI task, LoCoMo category ...).
    """

    question: str
    answer: str
    evidence: list[int]
    asked_after: int | None = None
    kind: str = ""


@dataclass
class Dialogue:
    """A conversation with evidence-labelled questions."""

    dialogue_id: str
    turns: list[DialogueTurn]
    questions: list[EvidenceQuestion] = field(default_factory=list)
