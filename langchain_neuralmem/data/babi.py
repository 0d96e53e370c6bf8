"""bAbI (en-10k) stories as :class:`~langchain_neuralmem.data.dialogue.Dialogue` objects.

Each story becomes a dialogue of narrator turns; each question is asked after the
lines before it and cites its supporting facts as evidence (CC BY 3.0 data, so
weights trained on it may be redistributed).

Example:
    >>> import io
    >>> text = "1 Mary moved to the bathroom.\\n2 Where is Mary?\\tbathroom\\t1\\n"
    >>> d = parse_babi(io.StringIO(text), task="qa1")[0]
    >>> d.questions[0].evidence, d.questions[0].asked_after
    ([0], 1)
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from langchain_neuralmem.data.dialogue import Dialogue, DialogueTurn, EvidenceQuestion

BABI_SPEAKER = "Narrator"


def parse_babi(lines: Iterable[str], *, task: str, limit: int | None = None) -> list[Dialogue]:
    """Parse bAbI lines into dialogues (one per story).

    Raises:
        ValueError: a line is malformed or cites a supporting fact that does not exist.
    """
    stories: list[Dialogue] = []
    line_to_turn: dict[int, int] = {}
    current: Dialogue | None = None
    for lineno, raw in enumerate(lines, 1):
        raw = raw.rstrip("\n")
        if not raw.strip():
            continue
        head, _, rest = raw.partition(" ")
        if not head.isdigit():
            raise ValueError(f"bAbI {task} line {lineno}: expected '<id> <text>', got {raw[:60]!r}")
        line_id = int(head)
        if line_id == 1:
            if current is not None:
                stories.append(current)
                if limit is not None and len(stories) >= limit:
                    return stories
            current = Dialogue(dialogue_id=f"{task}-{len(stories)}", turns=[])
            line_to_turn = {}
        assert current is not None
        if "\t" in rest:
            question, answer, support = ([*rest.split("\t"), "", ""])[:3]
            try:
                evidence = [line_to_turn[int(s)] for s in support.split()]
            except (KeyError, ValueError) as exc:
                raise ValueError(
                    f"bAbI {task} line {lineno}: bad supporting facts {support!r}"
                ) from exc
            current.questions.append(
                EvidenceQuestion(
                    question=question.strip(),
                    answer=answer.strip(),
                    evidence=evidence,
                    asked_after=len(current.turns),
                    kind=task,
                )
            )
        else:
            line_to_turn[line_id] = len(current.turns)
            current.turns.append(
                DialogueTurn(
                    speaker=BABI_SPEAKER,
                    role="human",
                    text=rest.strip(),
                    timestamp=60.0 * len(current.turns),
                    turn_id=f"{current.dialogue_id}:{line_id}",
                )
            )
    if current is not None and (limit is None or len(stories) < limit):
        stories.append(current)
    return stories


def babi_task_files(folder: str | Path, split: str = "train") -> dict[str, Path]:
    """``{"qa1": path, ...}`` for the task files of a split present in ``folder``."""
    root = Path(folder)
    if not root.is_dir():
        raise FileNotFoundError(f"bAbI folder {root} does not exist")
    out: dict[str, Path] = {}
    for path in sorted(root.glob(f"qa*_*_{split}.txt")):
        out[path.name.split("_")[0]] = path
    if not out:
        raise FileNotFoundError(f"no bAbI qa*_{split}.txt files in {root}")
    return dict(sorted(out.items(), key=lambda kv: int(kv[0][2:])))


def load_babi(
    folder: str | Path, *, split: str = "train", per_task: int | None = None
) -> list[Dialogue]:
    """All tasks of a split, at most ``per_task`` stories each, in task order."""
    out: list[Dialogue] = []
    for task, path in babi_task_files(folder, split).items():
        with path.open(encoding="utf-8") as fh:
            out.extend(parse_babi(fh, task=task, limit=per_task))
    return out
