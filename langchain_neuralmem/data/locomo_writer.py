"""Write :class:`~langchain_neuralmem.data.dialogue.Dialogue` objects as LoCoMo JSON.

The output is what :func:`langchain_neuralmem.data.locomo.load_locomo` reads: a list
of ``{"sample_id", "conversation", "qa"}`` records. Each episode becomes a session
``session_N`` (numbered from 1 in episode order) with ``session_N_date_time`` taken
from its first turn's timestamp (minute precision, e.g. ``"1:56 pm on 8 May, 2023"``)
and turns ``{"speaker", "dia_id": "D<N>:<k>", "text"}``; human turns are spoken by
``speaker_a``, all others by ``speaker_b``. Each question keeps its text, answer,
evidence (as ``dia_id`` strings) and ``kind``, plus a LoCoMo-like integer
``category`` (:func:`kind_category`; never 5, the adversarial category) and, when
set, ``asked_after`` (which the loader ignores).

``load_locomo`` dates turn ``j`` of a session at session start + 30 s × ``j``, so
dialogues whose sessions start on a whole minute and whose turns are 30 s apart
(the chatbot generator's default) round-trip exactly, timestamps included.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from langchain_neuralmem.data.chatbot import generate_chatbot_dialogue
    >>> from langchain_neuralmem.data.locomo import load_locomo
    >>> d = generate_chatbot_dialogue(1)
    >>> path = Path(tempfile.mkdtemp()) / "chats.json"
    >>> write_locomo([d], path)
    >>> back = load_locomo(path)[0].dialogue
    >>> [t.text for t in back.turns] == [t.text for t in d.turns]
    True
    >>> [q.kind for q in back.questions] == [q.kind for q in d.questions]
    True
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from langchain_neuralmem.data.dates import format_session_date
from langchain_neuralmem.data.dialogue import Dialogue

__all__ = ["KIND_CATEGORIES", "dialogue_record", "kind_category", "locomo_date", "write_locomo"]

# LoCoMo categories: 1 multi-hop, 2 temporal, 3 open-domain / inference, 4 single-hop.
KIND_CATEGORIES: dict[str, int] = {
    "multi_session": 1,
    "event_order": 1,
    "temporal": 2,
    "preference": 3,
    "instruction": 3,
    "assistant_recall": 3,
    "fact": 4,
    "update": 4,
    "contradiction": 4,
    # the kinds of the two-friends generator (langchain_neuralmem.data.generator)
    "multi": 1,
    "inference": 3,
    "single": 4,
}
_EPOCH_2000 = 946_684_800.0  # 1 January 2000, 00:00 UTC: sessions without timestamps


def kind_category(kind: str) -> int:
    """The LoCoMo category (1–4) for a question kind; unknown kinds map to 4.

    Example:
        >>> kind_category("temporal"), kind_category("assistant_recall"), kind_category("2")
        (2, 3, 2)
    """
    if kind in KIND_CATEGORIES:
        return KIND_CATEGORIES[kind]
    if kind.isdigit() and 1 <= int(kind) <= 4:
        return int(kind)
    return 4


locomo_date = format_session_date
"""A UTC timestamp as LoCoMo writes session dates: ``"1:56 pm on 8 May, 2023"``."""


def dialogue_record(
    dialogue: Dialogue, *, speaker_a: str = "User", speaker_b: str = "Assistant"
) -> dict[str, Any]:
    """One dialogue as a LoCoMo record (see the module docstring).

    Raises:
        ValueError: if the speakers are equal, a turn's text is blank (the loader
            would drop it and shift every later index), or the turns are not grouped
            by episode in increasing order.

    Example:
        >>> from langchain_neuralmem.data.dialogue import DialogueTurn
        >>> turns = [DialogueTurn("User", "human", "My dog is Rex.", 0.0)]
        >>> rec = dialogue_record(Dialogue("toy", turns))
        >>> rec["conversation"]["session_1"][0]["dia_id"], rec["conversation"]["session_1_date_time"]
        ('D1:1', '12:00 am on 1 January, 1970')
    """
    if speaker_a == speaker_b:
        raise ValueError("speaker_a and speaker_b must differ")
    conversation: dict[str, Any] = {"speaker_a": speaker_a, "speaker_b": speaker_b}
    ids: list[str] = []
    session, episode, k = 0, None, 0
    for i, turn in enumerate(dialogue.turns):
        if not turn.text.strip():
            raise ValueError(f"{dialogue.dialogue_id}: turn {i} has no text")
        if turn.episode != episode:
            if episode is not None and turn.episode < episode:
                raise ValueError(f"{dialogue.dialogue_id}: turns are not grouped by episode")
            session, episode, k = session + 1, turn.episode, 0
            start = turn.timestamp if turn.timestamp is not None else _EPOCH_2000 + 86400 * session
            conversation[f"session_{session}_date_time"] = locomo_date(start)
            conversation[f"session_{session}"] = []
        k += 1
        ids.append(f"D{session}:{k}")
        conversation[f"session_{session}"].append(
            {
                "speaker": speaker_a if turn.role == "human" else speaker_b,
                "dia_id": ids[-1],
                "text": turn.text,
            }
        )
    qa = []
    for q in dialogue.questions:
        item: dict[str, Any] = {
            "question": q.question,
            "answer": q.answer,
            "evidence": [ids[i] for i in q.evidence],
            "category": kind_category(q.kind),
            "kind": q.kind,
        }
        if q.asked_after is not None:
            item["asked_after"] = q.asked_after
        qa.append(item)
    return {"sample_id": dialogue.dialogue_id, "conversation": conversation, "qa": qa}


def write_locomo(
    dialogues: Iterable[Dialogue],
    path: str | Path,
    *,
    speaker_a: str = "User",
    speaker_b: str = "Assistant",
) -> None:
    """Write dialogues to ``path`` as a LoCoMo-format JSON list (UTF-8).

    Args:
        dialogues: the dialogues (their ids become ``sample_id``).
        path: the output file; its folder must exist.
        speaker_a: the name written for human turns (the loader's "human" speaker).
        speaker_b: the name written for all other turns.

    Raises:
        ValueError: see :func:`dialogue_record`.

    Example:
        >>> import tempfile
        >>> from langchain_neuralmem.data.dialogue import DialogueTurn
        >>> path = Path(tempfile.mkdtemp()) / "one.json"
        >>> write_locomo([Dialogue("toy", [DialogueTurn("User", "human", "Hi")])], path)
        >>> json.loads(path.read_text())[0]["sample_id"]
        'toy'
    """
    records = [dialogue_record(d, speaker_a=speaker_a, speaker_b=speaker_b) for d in dialogues]
    Path(path).write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
