"""End-to-end question answering on LoCoMo: each memory's context, one chat model, LoCoMo's F1.

Where ``neuralmem eval locomo`` asks whether the gold evidence reaches the context,
this asks whether a chat model *answers* from it. For a seeded sample of questions
(:mod:`~langchain_neuralmem.evaluation.qa_sample`: an equal share per category, spread
over the conversations), each conversation is replayed into each memory with the
evidence harness's own machinery (:mod:`~langchain_neuralmem.evaluation.replay`), the
memory builds its context for the question within the token budget, and one fixed
short-answer prompt (:mod:`~langchain_neuralmem.evaluation.qa_prompts`) goes to the
chat model. The answer is scored with LoCoMo's F1
(:mod:`~langchain_neuralmem.evaluation.qa_metrics`) and, when a judge model is given,
graded CORRECT / WRONG by it; :mod:`~langchain_neuralmem.evaluation.qa_report` makes
the figures, the table and the plot.

Besides the memories of the registry
(:data:`~langchain_neuralmem.evaluation.memories.MEMORY_NAMES`) a run can include
:data:`ORACLE`: the question's gold evidence turns alone, rendered as the baselines
render turns, in conversation order — what a perfect memory would give, the upper
bound of the comparison.

Answers are deterministic for a greedy model, so an answer is reused whenever the
same model sees the same prompt again (two memories that give the same context),
and with ``answer_cache`` they are kept in a JSON-lines file a later run resumes from.

Example:
    >>> from langchain_core.language_models.fake_chat_models import FakeListChatModel
    >>> report = run_locomo_qa("locomo_dev.json", chat_model=FakeListChatModel(responses=["x"]),
    ...                        memories=["vector", "oracle"], limit=20)  # doctest: +SKIP
    >>> report["results"]["oracle"]["f1"]  # doctest: +SKIP
    0.0
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel

from langchain_neuralmem.data.dialogue import Dialogue, EvidenceQuestion
from langchain_neuralmem.data.locomo import LoCoMoSample, load_locomo
from langchain_neuralmem.encoders.base import Encoder
from langchain_neuralmem.evaluation.bootstrap import Bootstrap
from langchain_neuralmem.evaluation.memories import MEMORY_NAMES
from langchain_neuralmem.evaluation.metrics import evidence_recall
from langchain_neuralmem.evaluation.packing import TokenCount, fit_lines, render
from langchain_neuralmem.evaluation.qa_metrics import parse_verdict, score_answer
from langchain_neuralmem.evaluation.qa_prompts import (
    JUDGE_SYSTEM_PROMPT,
    JUDGE_TEMPLATE,
    SYSTEM_PROMPT,
    USER_TEMPLATE,
    AnswerCache,
    answer_text,
    invoke_cached,
    judge_messages,
    model_label,
    qa_messages,
)
from langchain_neuralmem.evaluation.qa_report import (
    EXCLUDED,
    ORACLE,
    QA_CATEGORY_NAMES,
    SAMPLING_NOTE,
    SCORING_NOTE,
    QAAnswer,
    category_counts,
    paired_vs,
    summarize_answers,
)
from langchain_neuralmem.evaluation.qa_sample import QAItem, file_shares, sample_questions
from langchain_neuralmem.evaluation.replay import (
    Setup,
    ask,
    close_memory,
    fresh_memory,
    prepare_embeddings,
    sessions_of,
    shared_setup,
)
from langchain_neuralmem.evaluation.runner import cpu_threads, split_from_path, weights_name
from langchain_neuralmem.nn.model import NeuralMemoryModel

__all__ = [
    "DEFAULT_QA_MEMORIES",
    "ORACLE",
    "QAItem",
    "default_qa_memories",
    "oracle_context",
    "parse_qa_memories",
    "run_locomo_qa",
    "sample_questions",
]

#: What ``neuralmem eval locomo --qa`` compares unless told otherwise (those registered).
DEFAULT_QA_MEMORIES: tuple[str, ...] = ("neural", "vector", "combined", ORACLE)


def default_qa_memories() -> list[str]:
    """:data:`DEFAULT_QA_MEMORIES` less any not (yet) in the registry; ``oracle`` always.

    Example:
        >>> default_qa_memories()[0], default_qa_memories()[-1]
        ('neural', 'oracle')
    """
    return [m for m in DEFAULT_QA_MEMORIES if m == ORACLE or m in MEMORY_NAMES]


def parse_qa_memories(spec: str) -> list[str]:
    """``"neural,oracle"`` -> ``["neural", "oracle"]``: registry names or ``oracle``, checked.

    Example:
        >>> parse_qa_memories("vector, oracle,vector")
        ['vector', 'oracle']

    Raises:
        ValueError: an unknown name, or none at all.
    """
    names = list(dict.fromkeys(n.strip() for n in spec.split(",") if n.strip()))
    known = (*MEMORY_NAMES, ORACLE)
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        raise ValueError(f"unknown memories {unknown or spec!r}; choose from {', '.join(known)}")
    return names


def oracle_context(
    dialogue: Dialogue,
    question: EvidenceQuestion,
    budget: int,
    count: TokenCount,
    *,
    dates: bool = False,
) -> tuple[str, int]:
    """The gold evidence turns, one rendered line each in conversation order, within ``budget``.

    Returns the text and its tokens; lines past the budget are dropped from the end.

    Example:
        >>> from langchain_neuralmem.data.dialogue import DialogueTurn
        >>> d = Dialogue("d", [DialogueTurn("Ann", "human", "I have a dog."),
        ...                    DialogueTurn("Bob", "ai", "Nice."),
        ...                    DialogueTurn("Ann", "human", "He is Rex.")])
        >>> oracle_context(d, EvidenceQuestion("Dog?", "Rex", [2, 0]), 64, lambda s: len(s.split()))
        ('Ann: I have a dog.\\nAnn: He is Rex.', 9)
    """
    text = "\n".join(render(dialogue.turns[i], dates=dates) for i in sorted(set(question.evidence)))
    return fit_lines(text, budget, count)


@dataclass
class _Context:
    item: QAItem
    text: str
    tokens: int
    ms: float
    overflow: bool


def _contexts(
    name: str,
    sample: LoCoMoSample,
    items: Sequence[QAItem],
    setup: Setup,
    budget: int,
    vector_k: int,
    dates: bool = True,
) -> tuple[list[_Context], float]:
    """Replay ``sample`` into a fresh ``name`` memory; each item's context, and replay seconds."""
    dialogue = sample.dialogue
    if name == ORACLE:
        out = []
        for it in items:
            t0 = time.perf_counter()
            text, tokens = oracle_context(
                dialogue, dialogue.questions[it.question], budget, setup.count, dates=dates
            )
            ms = (time.perf_counter() - t0) * 1000.0
            out.append(_Context(it, text, tokens, ms, False))
        return out, 0.0
    memory = fresh_memory(name, setup, dialogue.dialogue_id, [budget], vector_k, dates)
    try:
        t0 = time.perf_counter()
        for session in sessions_of(dialogue.turns):
            memory.add_session(session)
        replay_s = time.perf_counter() - t0
        memory.context(dialogue.questions[items[0].question].question, budget)  # warm-up
        out = []
        for it in items:
            text, tokens, ms, overflow = ask(
                memory,
                dialogue.questions[it.question].question,
                budget=budget,
                top_k=None,
                count=setup.count,
            )
            out.append(_Context(it, text, tokens, ms, overflow))
    finally:
        close_memory(memory)
    return out, replay_s


def run_locomo_qa(
    data: str | Path,
    *,
    chat_model: BaseChatModel,
    memories: Sequence[str] | None = None,
    limit: int | None = None,
    seed: int = 0,
    budget: int = 1024,
    judge_model: BaseChatModel | None = None,
    model_name: str | None = None,
    judge_name: str | None = None,
    answer_cache: str | os.PathLike[str] | None = None,
    weights: NeuralMemoryModel | str | os.PathLike[str] | None = None,
    encoder: Encoder | None = None,
    token_counter: TokenCount | None = None,
    device: str | None = None,
    limit_conversations: int | None = None,
    split: str | None = None,
    command: str | None = None,
    threads: int | None = None,
    vector_k: int = 200,
    progress: bool = True,
    dates: bool = True,
) -> dict[str, Any]:
    """Answer a sample of a LoCoMo-format file's questions from each memory; the report as a dict.

    Args:
        data: the LoCoMo JSON file.
        chat_model: answers every question; give it greedy decoding and a small
            ``max_tokens`` (the runner sends the messages as they are).
        memories: registry names and/or ``"oracle"`` (default
            :func:`default_qa_memories`).
        limit: how many questions in all (see :func:`sample_questions`); ``None`` = all.
        seed: the sample's seed.
        budget: each memory's context budget in tokens (the shared counter).
        judge_model: grades each answer CORRECT / WRONG against the gold answer
            (categories 1-4); adds ``judge_accuracy`` to the results.
        model_name: the chat model's name in the report and cache key (default
            :func:`~langchain_neuralmem.evaluation.qa_prompts.model_label`).
        judge_name: the same for the judge.
        answer_cache: a JSON-lines file of replies to reuse and extend (see
            :class:`~langchain_neuralmem.evaluation.qa_prompts.AnswerCache`).
        weights: modules for the neural memories (``None`` = shipped weights).
        encoder: the embedding model (default: the packaged all-MiniLM-L6-v2).
        token_counter: the shared counter (default: the MiniLM WordPiece tokenizer).
        device: where the encoder and modules run (default: CUDA when present).
        limit_conversations: only the first K conversations are sampled from.
        split: the split's name (default: read from the file name).
        command: the command line, recorded in the report.
        threads: torch / FAISS CPU threads while memories replay and recall (``None``
            = leave as is); the chat model runs outside that setting.
        vector_k: documents the vector baseline retrieves before packing.
        progress: show a tqdm bar on stderr.
        dates: every memory, the oracle too, shows each turn's day (``[8 May 2023] Ann:
            ...``), paid for in its budget: temporal questions need them.

    The headline ``f1`` (and ``judge_accuracy``) covers categories 1-4; category 5
    (adversarial: 1 when the model says the answer is not mentioned) is under
    ``by_category["5"]`` and ``adversarial_accuracy``.

    Raises:
        ValueError: a non-positive budget or limit, or an unknown memory.
    """
    if budget <= 0:
        raise ValueError(f"budget must be a positive number of tokens, got {budget}")
    names = list(memories) if memories is not None else default_qa_memories()
    unknown = [n for n in names if n not in (*MEMORY_NAMES, ORACLE)]
    if unknown or not names:
        raise ValueError(f"unknown memories {unknown or names}; see parse_qa_memories")
    started = time.perf_counter()
    samples = load_locomo(data)[:limit_conversations]
    items = sample_questions(samples, limit, seed=seed)
    label = model_name or model_label(chat_model)
    judge_label = None
    if judge_model is not None:
        judge_label = judge_name or model_label(judge_model)
    cache = AnswerCache(answer_cache)
    real = [n for n in names if n != ORACLE]
    with cpu_threads(threads):
        setup = shared_setup(
            real, encoder=encoder, token_counter=token_counter, weights=weights, device=device
        )
    answers: dict[str, dict[QAItem, QAAnswer]] = {n: {} for n in names}
    overflows = dict.fromkeys(names, 0)
    replay_s = dict.fromkeys(names, 0.0)
    by_conversation: dict[int, list[QAItem]] = {}
    for it in items:
        by_conversation.setdefault(it.conversation, []).append(it)
    bar = _progress(len(items) * len(names), progress)
    try:
        for c, conv_items in by_conversation.items():
            sample = samples[c]
            dialogue = sample.dialogue
            questions = [dialogue.questions[it.question] for it in conv_items]
            with cpu_threads(threads):
                prepare_embeddings(setup, real, questions, dialogue.turns)
            for name in names:
                with cpu_threads(threads):
                    contexts, secs = _contexts(
                        name, sample, conv_items, setup, budget, vector_k, dates
                    )
                replay_s[name] += secs
                for ctx in contexts:
                    overflows[name] += int(ctx.overflow)
                    q = dialogue.questions[ctx.item.question]
                    answers[name][ctx.item] = _answer(
                        name, dialogue, q, ctx, chat_model, label, judge_model, judge_label, cache
                    )
                    bar.update(1)
                    bar.set_postfix_str(f"{dialogue.dialogue_id} {name}", refresh=False)
    finally:
        bar.close()
    ordered = {n: [answers[n][it] for it in items] for n in names}
    boot = Bootstrap([_conv_id(samples, it) for it in items if it.category not in EXCLUDED])
    shares = file_shares(samples)
    results = {
        n: summarize_answers(
            ordered[n],
            overflows=overflows[n],
            replay_s=replay_s[n],
            shares=shares,
            boot=boot,
            judged=judge_model is not None,
        )
        for n in names
    }
    paired_vs(results, ordered, boot)
    available = category_counts(
        str(c) for s in samples for c in s.categories[: len(s.dialogue.questions)]
    )
    return {
        "dataset": "locomo-qa",
        "data": str(data),
        "split": split or split_from_path(data),
        "budget_tokens": budget,
        "dates": dates,
        "tokenizer": setup.tokenizer,
        "encoder": setup.encoder.name,
        "weights": weights_name(weights, setup.model),
        "model": label,
        "judge_model": judge_label,
        "command": command,
        "seed": seed,
        "limit": limit,
        "memories": names,
        "conversations": len(samples),
        "conversations_sampled": len(by_conversation),
        "questions_asked": len(items),
        "questions_by_category": category_counts(it.category for it in items),
        "questions_available_by_category": available,
        "skipped_questions": sum(s.skipped for s in samples),
        "category_names": {k: v for k, v in QA_CATEGORY_NAMES.items() if k in available},
        "sampling": SAMPLING_NOTE,
        "prompt": {"system": SYSTEM_PROMPT, "user": USER_TEMPLATE},
        "judge_prompt": (
            {"system": JUDGE_SYSTEM_PROMPT, "user": JUDGE_TEMPLATE} if judge_model else None
        ),
        "scoring": SCORING_NOTE,
        "bootstrap": boot.describe(),
        "answers_reused": sum(a.answer_ms is None for rows in ordered.values() for a in rows),
        "results": results,
        "answers": [asdict(a) for n in names for a in ordered[n]],
        "wall_s": round(time.perf_counter() - started, 1),
    }


def _conv_id(samples: Sequence[LoCoMoSample], item: QAItem) -> str:
    """The id of ``item``'s conversation."""
    return samples[item.conversation].dialogue.dialogue_id


def _answer(
    name: str,
    dialogue: Dialogue,
    q: EvidenceQuestion,
    ctx: _Context,
    chat_model: BaseChatModel,
    label: str,
    judge_model: BaseChatModel | None,
    judge_label: str | None,
    cache: AnswerCache,
) -> QAAnswer:
    reply, ms = invoke_cached(chat_model, label, qa_messages(ctx.text, q.question), cache)
    prediction = answer_text(reply)
    verdict = None
    if judge_model is not None and judge_label is not None and ctx.item.category not in EXCLUDED:
        raw, _ = invoke_cached(
            judge_model, judge_label, judge_messages(q.question, q.answer, prediction), cache
        )
        verdict = parse_verdict(raw)
    return QAAnswer(
        memory=name,
        conversation=dialogue.dialogue_id,
        question=q.question,
        category=ctx.item.category,
        kind=q.kind if q.kind != ctx.item.category else "",
        gold=q.answer,
        prediction=prediction,
        f1=score_answer(prediction, q.answer, ctx.item.category),
        evidence_recall=evidence_recall(ctx.text, [dialogue.turns[i].text for i in q.evidence]),
        context_tokens=ctx.tokens,
        recall_ms=ctx.ms,
        answer_ms=ms,
        judge=verdict,
    )


def _progress(total: int, enabled: bool) -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="locomo-qa", unit="q", disable=not enabled, dynamic_ncols=True)
