"""Frozen configuration dataclasses, one per component, with a JSON round-trip.

Example:
    >>> cfg = NeuralMemoryConfig()
    >>> NeuralMemoryConfig.from_dict(cfg.to_dict()) == cfg
    True
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from langchain_neuralmem.features import PAIR_FEATURE_NAMES, TURN_FEATURE_NAMES

T = TypeVar("T")


def _from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Build a dataclass from a dict, rejecting unknown keys with a clear message."""
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(data) - names)
    if unknown:
        raise ValueError(f"{cls.__name__}: unknown config keys {unknown}")
    return cls(**data)


@dataclass(frozen=True)
class GRUStateConfig:
    """Recurrent conversation state over turn embeddings.

    Attributes:
        embed_dim: size of the turn embeddings.
        feature_dim: size of the per-turn features (role, time gap, new episode).
        hidden_dim: size of the GRU state.
    """

    embed_dim: int = 384
    feature_dim: int = len(TURN_FEATURE_NAMES)
    hidden_dim: int = 128


@dataclass(frozen=True)
class TurnAttentionConfig:
    """Learned attention scorer over past turns.

    Attributes:
        embed_dim: size of query and turn embeddings.
        state_dim: size of the GRU state that contextualises the query.
        pair_feature_dim: size of the query-turn features (age, role, lexical overlap ...).
        hidden_dim: width of the feature MLP.
        init_scale: initial weight of the semantic similarity in the score.
    """

    embed_dim: int = 384
    state_dim: int = 128
    pair_feature_dim: int = len(PAIR_FEATURE_NAMES)
    hidden_dim: int = 32
    init_scale: float = 10.0


@dataclass(frozen=True)
class HierarchyConfig:
    """Turn -> segment -> episode grouping, salience and pooling.

    Attributes:
        embed_dim: size of turn embeddings.
        state_dim: size of the GRU state fed to the boundary head.
        feature_dim: size of the per-turn features.
        hidden_dim: width of the salience and boundary heads.
        min_segment_turns: a segment never closes before this many turns.
        max_segment_turns: a segment always closes at this many turns.
        boundary_threshold: boundary probability above which a new segment starts.
        summary_turns: turns quoted in a segment's extractive summary.
        episode_summary_turns: turns quoted in an episode's extractive summary.
    """

    embed_dim: int = 384
    state_dim: int = 128
    feature_dim: int = len(TURN_FEATURE_NAMES)
    hidden_dim: int = 64
    min_segment_turns: int = 2
    max_segment_turns: int = 12
    boundary_threshold: float = 0.5
    summary_turns: int = 2
    episode_summary_turns: int = 3


@dataclass(frozen=True)
class NeuralMemoryConfig:
    """Everything needed to rebuild the trained modules; stored as ``config.json``.

    Attributes:
        gru: the GRU state config.
        attention: the turn attention config.
        hierarchy: the hierarchy config.
        encoder_name: the encoder the weights were trained with.
        embed_speaker: turns are embedded as ``"speaker: text"`` (questions name people).
        format_version: bumped when the weights layout changes.
    """

    gru: GRUStateConfig = field(default_factory=GRUStateConfig)
    attention: TurnAttentionConfig = field(default_factory=TurnAttentionConfig)
    hierarchy: HierarchyConfig = field(default_factory=HierarchyConfig)
    encoder_name: str = "sentence-transformers/all-MiniLM-L6-v2"
    embed_speaker: bool = False
    format_version: int = 1

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NeuralMemoryConfig:
        """Inverse of :meth:`to_dict`; unknown keys raise ``ValueError``."""
        data = dict(data)
        parts = {
            "gru": GRUStateConfig,
            "attention": TurnAttentionConfig,
            "hierarchy": HierarchyConfig,
        }
        for key, part in parts.items():
            if key in data:
                data[key] = _from_dict(part, data[key])
        return _from_dict(cls, data)

    def save(self, path: str | Path) -> None:
        """Write as JSON."""
        Path(path).write_text(json.dumps(self.to_dict(), indent=2, sort_keys=True) + "\n")

    @classmethod
    def load(cls, path: str | Path) -> NeuralMemoryConfig:
        """Read a JSON file written by :meth:`save`."""
        return cls.from_dict(json.loads(Path(path).read_text()))


@dataclass(frozen=True)
class RecallConfig:
    """How the engine spends a token budget and finds candidates (no learned parts).

    The defaults were selected on the LoCoMo dev split at 1024 tokens (docs/results.md):
    few recent turns, no summaries in the context, 48 FAISS + 32 BM25 candidates plus the
    turns of the best segments. For a chat assistant that wants a gist of older topics,
    ``summary_fraction=0.1`` adds segment summaries.

    Attributes:
        recent_turns: at most this many latest turns go in verbatim.
        recent_fraction: at most this share of the budget goes to recent turns.
        summary_fraction: at most this share goes to segment / episode summaries.
        vector_candidates: turns fetched from FAISS per query.
        lexical_candidates: turns fetched by BM25 per query.
        descend_episodes: episodes kept at the coarse level of the descent.
        descend_segments: segments whose turns all become candidates.
        neighbour_window: turns either side of a top recall added as candidates.
        episode_gap_seconds: a pause this long starts a new episode.
        max_content_chars: turns longer than this are rejected (``InvalidTurnError``).
        length_penalty: packing order is ``score - length_penalty * log(tokens)``: above
            zero, short relevant turns are preferred over long ones (more evidence per token).
        use_state: contextualise the query with the GRU state (ablation switch).
        use_attention: rank with the learned scorer; off = cosine similarity.
        use_hierarchy: descend segments and add summaries (ablation switch).
    """

    recent_turns: int = 2
    recent_fraction: float = 0.1
    summary_fraction: float = 0.0
    vector_candidates: int = 48
    lexical_candidates: int = 32
    descend_episodes: int = 3
    descend_segments: int = 4
    neighbour_window: int = 0
    episode_gap_seconds: float = 4 * 3600.0
    max_content_chars: int = 2_000_000
    length_penalty: float = 0.0
    use_state: bool = True
    use_attention: bool = True
    use_hierarchy: bool = True

    def __post_init__(self) -> None:
        for name in ("recent_fraction", "summary_fraction"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"RecallConfig.{name} must be in [0, 1], got {value}")
        if self.recent_fraction + self.summary_fraction > 1.0:
            raise ValueError("RecallConfig: recent_fraction + summary_fraction must be <= 1")
        for name in ("recent_turns", "vector_candidates", "lexical_candidates"):
            if getattr(self, name) < 0:
                raise ValueError(f"RecallConfig.{name} must be >= 0")
