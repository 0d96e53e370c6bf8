"""Dialogues -> tensors the trainer consumes: embeddings, features and evidence labels.

Everything that does not depend on the learned parameters (turn embeddings,
turn features, query-turn features, BM25) is computed once here, with the same
functions the engine runs at inference time.

Example:
    >>> from langchain_neuralmem.data.dialogue import Dialogue, DialogueTurn, EvidenceQuestion
    >>> d = Dialogue("x", [DialogueTurn("Ann", "human", "My dog is Rex.", 0.0)],
    ...              [EvidenceQuestion("Dog?", "Rex", [0])])
    >>> p = prepare_dialogues([d], MiniLMEncoder(), progress=False)[0]
    >>> p.questions[0].pair_features.shape[0]
    1
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import torch
from tqdm.auto import tqdm

from langchain_neuralmem.config import RecallConfig
from langchain_neuralmem.data.dialogue import Dialogue
from langchain_neuralmem.encoders.base import Encoder
from langchain_neuralmem.encoders.minilm import MiniLMEncoder  # noqa: F401  (docstring example)
from langchain_neuralmem.encoders.tokens import default_token_counter
from langchain_neuralmem.features import embed_turns, terms, turn_embedding_texts, turn_features
from langchain_neuralmem.recall import candidate_features, gather_candidates, query_view
from langchain_neuralmem.stores.scope_index import ScopeIndex, turn_columns
from langchain_neuralmem.types import quote_content


@dataclass
class PreparedQuestion:
    """One question with its candidates (every turn before it) and gold evidence."""

    query: torch.Tensor
    asked_after: int
    pair_features: torch.Tensor
    evidence: list[int]
    kind: str
    candidates: torch.Tensor | None = None
    """Rows the engine would score (FAISS and BM25 top hits, plus the evidence); ``None`` = all."""


@dataclass
class PreparedDialogue:
    """One dialogue's tensors."""

    dialogue_id: str
    embeddings: torch.Tensor
    turn_features: torch.Tensor
    salience_labels: torch.Tensor
    boundary_labels: torch.Tensor
    boundary_mask: torch.Tensor
    segment_centroids: torch.Tensor
    questions: list[PreparedQuestion]
    tokens: torch.Tensor | None = None
    """Each turn's content tokens (the index's ``tokens`` column), for budgeted figures."""


def _encode_unique(texts: Sequence[str], encoder: Encoder, progress: bool) -> dict[str, np.ndarray]:
    unique = sorted(set(texts), key=lambda t: (len(t), t))  # short first: little padding
    out: dict[str, np.ndarray] = {}
    step = 512
    bar = tqdm(total=len(unique), desc="encoding texts", unit="text", disable=not progress)
    for i in range(0, len(unique), step):
        chunk = unique[i : i + step]
        for text, vec in zip(chunk, encoder.encode(chunk), strict=True):
            out[text] = vec
        bar.update(len(chunk))
    bar.close()
    return out


def dialogue_turn_features(d: Dialogue) -> list[list[float]]:
    """Per-turn features exactly as the writer computes them."""
    feats = []
    for i, t in enumerate(d.turns):
        prev = d.turns[i - 1] if i else None
        gap = (t.timestamp or 0.0) - (prev.timestamp or 0.0) if prev else 0.0
        new_episode = prev is not None and t.episode != prev.episode
        feats.append(turn_features(role=t.role, gap_seconds=gap, new_episode=new_episode))
    return feats


def dialogue_index(
    d: Dialogue,
    vectors: dict[str, np.ndarray],
    *,
    embed_speaker: bool,
    count_tokens: Callable[[str], int],
) -> ScopeIndex:
    """The index the engine builds for ``d``'s turns: the same columns, derived the same way.

    Saliences are left at zero: training scores candidates with the salience head's
    current output instead.
    """
    index = ScopeIndex(next(iter(vectors.values())).shape[0])
    turn_vectors, passages, _ = embed_turns(
        [(t.text, t.speaker) for t in d.turns],
        lambda texts: np.stack([vectors[text] for text in texts]),
        embed_speaker=embed_speaker,
    )
    index.append(
        passages=passages,
        **turn_columns(
            turn_ids=range(len(d.turns)),
            positions=range(len(d.turns)),
            contents=[t.text for t in d.turns],
            turn_terms=[tuple(terms(t.text)) for t in d.turns],
            vectors=np.stack(turn_vectors),
            episodes=[t.episode for t in d.turns],
            roles=[t.role for t in d.turns],
            speakers=[t.speaker for t in d.turns],
            times=[float(t.timestamp or 0.0) for t in d.turns],
            saliences=[0.0] * len(d.turns),
            tokens=[count_tokens(quote_content(t.text)) for t in d.turns],
        ),
    )
    return index


def prepare_dialogues(
    dialogues: Sequence[Dialogue],
    encoder: Encoder,
    *,
    progress: bool = True,
    candidate_sizes: tuple[int, int] | None = None,
    embed_speaker: bool = False,
    token_counter: Callable[[str], int] | None = None,
) -> list[PreparedDialogue]:
    """Encode and featurise dialogues; questions without valid evidence are dropped.

    Each question is scored as ``recall`` scores it: against a :class:`ScopeIndex` built by
    :func:`dialogue_index` and read as of the turns before the question, through
    :func:`~langchain_neuralmem.recall.query_view` and
    :func:`~langchain_neuralmem.recall.candidate_features`. With
    ``candidate_sizes=(k_vector, k_lexical)`` each question also records the rows
    :func:`~langchain_neuralmem.recall.gather_candidates` returns (plus the evidence): the
    hard negatives the ranking loss is computed over.
    """
    count = token_counter or default_token_counter()

    texts = [
        text
        for d in dialogues
        for t in d.turns
        for text in turn_embedding_texts(t.text, t.speaker, embed_speaker=embed_speaker)[0]
    ]
    texts += [q.question for d in dialogues for q in d.questions]
    vectors = _encode_unique(texts, encoder, progress)
    out = []
    for d in tqdm(dialogues, desc="featurising", unit="dialogue", disable=not progress):
        n = len(d.turns)
        if n == 0:
            continue
        index = dialogue_index(d, vectors, embed_speaker=embed_speaker, count_tokens=count)
        full = index.snapshot()
        emb = np.asarray(full.vectors)
        evidence_turns: set[int] = set()
        questions = []
        for q in sorted(d.questions, key=lambda q: n if q.asked_after is None else q.asked_after):
            after = n if q.asked_after is None else q.asked_after
            evidence = sorted({e for e in q.evidence if 0 <= e < after})
            if not evidence or after <= 0:
                continue
            evidence_turns.update(evidence)
            snapshot = index.snapshot(after)
            view = query_view(snapshot, q.question, vectors[q.question])
            feats = candidate_features(snapshot, view, range(after))
            candidates = None
            if candidate_sizes is not None:
                k_vec, k_lex = candidate_sizes
                config = RecallConfig(
                    vector_candidates=k_vec, lexical_candidates=k_lex, neighbour_window=0
                )
                rows = set(
                    gather_candidates(
                        snapshot, view, segment_rows={}, exclude_rows=set(), config=config
                    )
                )
                candidates = torch.tensor(sorted(rows | set(evidence)), dtype=torch.long)
            questions.append(
                PreparedQuestion(
                    torch.from_numpy(vectors[q.question]),
                    after,
                    torch.from_numpy(feats),
                    evidence,
                    q.kind,
                    candidates,
                )
            )
        labels = torch.zeros(n)
        labels[sorted(evidence_turns)] = 1.0
        b_labels, b_mask, centroids = torch.zeros(n), torch.zeros(n), torch.zeros(n, emb.shape[1])
        seg_sum, seg_len = np.zeros(emb.shape[1], np.float32), 0
        for i, t in enumerate(d.turns):
            prev = d.turns[i - 1] if i else None
            if prev is None or t.episode != prev.episode:
                seg_sum, seg_len = emb[i].copy(), 1
                continue
            centroids[i] = torch.from_numpy(seg_sum / max(seg_len, 1))
            if t.segment >= 0 and prev.segment >= 0:
                b_mask[i] = 1.0
                b_labels[i] = float(t.segment != prev.segment)
            if t.segment != prev.segment:
                seg_sum, seg_len = emb[i].copy(), 1
            else:
                seg_sum, seg_len = seg_sum + emb[i], seg_len + 1
        out.append(
            PreparedDialogue(
                dialogue_id=d.dialogue_id,
                embeddings=torch.from_numpy(emb),
                turn_features=torch.tensor(dialogue_turn_features(d), dtype=torch.float32),
                salience_labels=labels,
                boundary_labels=b_labels,
                boundary_mask=b_mask,
                segment_centroids=centroids,
                questions=questions,
                tokens=torch.from_numpy(np.asarray(full.tokens, dtype=np.int64)),
            )
        )
    return out
