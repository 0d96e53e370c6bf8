"""LoCoMo conversations as :class:`~langchain_neuralmem.data.dialogue.Dialogue` objects.

LoCoMo is CC BY-NC 4.0: evaluation and model selection only, never training data
for shipped weights. A question's ``kind`` is its optional ``"kind"`` string (as
written by :mod:`.locomo_writer`), else ``str(category)``. Malformed evidence ids are normalised where possible
("D30:05" -> "D30:5", "D:11:26" -> "D11:26", "D8:6; D9:17" -> two ids); the rest are
dropped, and a question left without evidence is counted as skipped.

Example:
    >>> parse_session_time("1:56 pm on 8 May, 2023") > 0
    True
    >>> normalise_evidence("D8:6; D9:17")
    ['D8:6', 'D9:17']
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from langchain_neuralmem.data.dialogue import Dialogue, DialogueTurn, EvidenceQuestion

_ID = re.compile(r"D:?(\d+):0*(\d+)")


def parse_session_time(text: str) -> float:
    """Seconds since the epoch (UTC) of a LoCoMo ``session_N_date_time``."""
    cleaned = re.sub(r"\s+", " ", text.strip())
    for fmt in ("%I:%M %p on %d %B, %Y", "%I:%M %p on %d %b, %Y"):
        try:
            return datetime.strptime(cleaned, fmt).replace(tzinfo=timezone.utc).timestamp()
        except ValueError:
            continue
    raise ValueError(f"unrecognised LoCoMo date {text!r}")


def normalise_evidence(raw: str) -> list[str]:
    """Canonical ``D<session>:<turn>`` ids found in one evidence string."""
    return [f"D{int(s)}:{int(t)}" for s, t in _ID.findall(raw)]


def turn_text(turn: dict[str, Any]) -> str:
    """What a memory sees of a turn: its text plus the caption of a shared photo."""
    text = str(turn.get("text", "")).strip()
    caption = turn.get("blip_caption")
    if caption:
        text = f"{text} [shares a photo: {caption}]".strip()
    return text


@dataclass
class LoCoMoSample:
    """One conversation, its questions, and how many questions had to be skipped.

    Attributes:
        dialogue: the turns and the questions that kept some evidence.
        categories: the LoCoMo category of each kept question.
        skipped: questions dropped because none of their evidence ids resolved.
        dropped_evidence: raw evidence entries (of kept or skipped questions) that named
            no turn of the conversation, e.g. ``"D"`` or an id past a session's end.
    """

    dialogue: Dialogue
    categories: list[int]
    skipped: int
    dropped_evidence: list[str] = field(default_factory=list)


def load_locomo(path: str | Path) -> list[LoCoMoSample]:
    """Load ``locomo_dev.json`` (or any file of the same format)."""
    file = Path(path)
    if not file.is_file():
        raise FileNotFoundError(f"LoCoMo file {file} does not exist")
    records = json.loads(file.read_text())
    samples = []
    for rec in records:
        conv = rec["conversation"]
        speakers = [conv.get("speaker_a"), conv.get("speaker_b")]
        sessions = sorted(
            (int(k.split("_")[1]), k) for k in conv if re.fullmatch(r"session_\d+", k) and conv[k]
        )
        turns: list[DialogueTurn] = []
        index: dict[str, int] = {}
        for episode, (_num, key) in enumerate(sessions):
            start = parse_session_time(conv[f"{key}_date_time"])
            for j, t in enumerate(conv[key]):
                text = turn_text(t)
                if not text:
                    continue
                index[t["dia_id"]] = len(turns)
                turns.append(
                    DialogueTurn(
                        speaker=t["speaker"],
                        role="human" if t["speaker"] == speakers[0] else "ai",
                        text=text,
                        timestamp=start + 30.0 * j,
                        episode=episode,
                        turn_id=t["dia_id"],
                    )
                )
        questions, categories, skipped = [], [], 0
        dropped: list[str] = []
        for qa in rec["qa"]:
            for raw in qa.get("evidence", []):
                found = normalise_evidence(str(raw))
                dropped.extend([str(raw)] if not found else [i for i in found if i not in index])
            ids = [i for raw in qa.get("evidence", []) for i in normalise_evidence(str(raw))]
            evidence = sorted({index[i] for i in ids if i in index})
            if not evidence:
                skipped += 1
                continue
            answer = qa.get("answer", qa.get("adversarial_answer", ""))
            questions.append(
                EvidenceQuestion(
                    question=qa["question"],
                    answer=str(answer),
                    evidence=evidence,
                    kind=str(qa.get("kind") or qa["category"]),
                )
            )
            categories.append(int(qa["category"]))
        dialogue = Dialogue(rec["sample_id"], turns, questions)
        samples.append(LoCoMoSample(dialogue, categories, skipped, dropped))
    return samples
