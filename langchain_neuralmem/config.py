"""Frozen configuration dataclasses, one per component, with a JSON round-trip.

Every field is checked on construction (:func:`check_fields`): ints must be integral
(numpy integers are turned into ``int``), floats finite real numbers, bools real bools,
so a hand-edited ``config.json`` or a NaN fraction fails at once with the field's name.

Example:
    >>> cfg = NeuralMemoryConfig()
    >>> NeuralMemoryConfig.from_dict(cfg.to_dict()) == cfg
    True
    >>> GRUStateConfig(hidden_dim="128")
    Traceback (most recent call last):
    ...
    langchain_neuralmem.errors.InvalidInputError: GRUStateConfig.hidden_dim must be an integer, got str '128'
"""

from __future__ import annotations

import dataclasses
import json
import math
import numbers
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from langchain_neuralmem.errors import InvalidInputError
from langchain_neuralmem.features import PAIR_FEATURE_NAMES, TURN_FEATURE_NAMES

T = TypeVar("T")


_FIELD_TYPES: dict[type, dict[str, Any]] = {}


def _field_types(cls: type) -> dict[str, Any]:
    """A dataclass's field types, resolved from their string annotations once."""
    if cls not in _FIELD_TYPES:
        _FIELD_TYPES[cls] = typing.get_type_hints(cls)
    return _FIELD_TYPES[cls]


def _checked(where: str, kind: Any, value: Any) -> Any:
    """``value`` as a ``kind`` (int / float / bool / str / a config dataclass), or raise."""
    if kind is bool:
        if not isinstance(value, bool):
            raise InvalidInputError(f"{where} must be true or false, got {value!r}")
        return value
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise InvalidInputError(
                f"{where} must be an integer, got {type(value).__name__} {value!r}"
            )
        return int(value)
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise InvalidInputError(
                f"{where} must be a number, got {type(value).__name__} {value!r}"
            )
        if not math.isfinite(value):
            raise InvalidInputError(f"{where} must be a finite number, got {value!r}")
        return float(value)
    if isinstance(kind, type) and not isinstance(value, kind):
        raise InvalidInputError(
            f"{where} must be a {kind.__name__}, got {type(value).__name__} {value!r}"
        )
    return value


def check_fields(config: Any) -> None:
    """Check (and normalise in place) every field of a frozen config dataclass by its type.

    Example:
        >>> import numpy as np
        >>> RecallConfig(recent_turns=np.int64(3)).recent_turns.__class__.__name__
        'int'
    """
    cls = type(config)
    types = _field_types(cls)
    for f in dataclasses.fields(config):
        value = _checked(f"{cls.__name__}.{f.name}", types[f.name], getattr(config, f.name))
        object.__setattr__(config, f.name, value)
        if f.name.endswith("_dim") and value < 1:
            raise InvalidInputError(f"{cls.__name__}.{f.name} must be >= 1, got {value}")


def _from_dict(cls: type[T], data: Any) -> T:
    """Build a dataclass from a dict, rejecting unknown keys and wrong types by name."""
    if not isinstance(data, dict):
        raise InvalidInputError(
            f"{cls.__name__}: expected a JSON object, got {type(data).__name__} {data!r}"
        )
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(str(k) for k in set(data) - names)
    if unknown:
        raise InvalidInputError(f"{cls.__name__}: unknown config keys {unknown}")
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

    def __post_init__(self) -> None:
        check_fields(self)


@dataclass(frozen=True)
class TurnAttentionConfig:
    """Learned attention scorer over past turns.

    Attributes:
        embed_dim: size of query and turn embeddings.
        state_dim: size of the GRU state that contextualises the query.
        pair_feature_dim: size of the query-turn features (age, role, lexical overlap ...).
        hidden_dim: width of the feature MLP.
        init_scale: initial weight of the semantic similarity in the score.
        prior: score = prior + ``blend`` x learned residual, where the prior is a fitted
            blend of cosine similarity and BM25 (``False``: the older form, no prior; set
            for checkpoints whose config predates this key).
        blend: weight of the learned residual over the prior, calibrated after training
            on generated dialogues of a distribution the model never saw (0 = the prior).
    """

    embed_dim: int = 384
    state_dim: int = 128
    pair_feature_dim: int = len(PAIR_FEATURE_NAMES)
    hidden_dim: int = 32
    init_scale: float = 10.0
    prior: bool = True
    blend: float = 1.0

    def __post_init__(self) -> None:
        check_fields(self)
        if not 0.0 <= self.blend <= 1.0:
            raise InvalidInputError(
                f"TurnAttentionConfig.blend must be in [0, 1], got {self.blend}"
            )
        if not 1 <= self.pair_feature_dim <= len(PAIR_FEATURE_NAMES):
            raise InvalidInputError(
                f"TurnAttentionConfig.pair_feature_dim must be in 1..{len(PAIR_FEATURE_NAMES)}, "
                f"got {self.pair_feature_dim}"
            )


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

    def __post_init__(self) -> None:
        check_fields(self)


@dataclass(frozen=True)
class NeuralMemoryConfig:
    """Everything needed to rebuild the trained modules; stored as ``config.json``.

    Attributes:
        gru: the GRU state config.
        attention: the turn attention config.
        hierarchy: the hierarchy config.
        encoder_name: the encoder the weights were trained with.
        embed_speaker: turns are embedded as ``"speaker: text"`` (questions name people).
        format_version: the checkpoint layout: 1 = plain safetensors, 2 = its metadata
            holds a SHA-256 over the tensors, verified on load. ``save_pretrained`` always
            writes the current one; loading refuses versions it does not know.
    """

    gru: GRUStateConfig = field(default_factory=GRUStateConfig)
    attention: TurnAttentionConfig = field(default_factory=TurnAttentionConfig)
    hierarchy: HierarchyConfig = field(default_factory=HierarchyConfig)
    encoder_name: str = "sentence-transformers/all-MiniLM-L6-v2"
    embed_speaker: bool = False
    format_version: int = 2

    def __post_init__(self) -> None:
        check_fields(self)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NeuralMemoryConfig:
        """Inverse of :meth:`to_dict`.

        Raises:
            InvalidInputError: (a ``ValueError``) an unknown key, or a value of the wrong
                type, named with its section (``gru: GRUStateConfig.hidden_dim must be ...``).
        """
        if not isinstance(data, dict):
            raise InvalidInputError(
                f"NeuralMemoryConfig: expected a JSON object, got {type(data).__name__}"
            )
        data = dict(data)
        if isinstance(data.get("attention"), dict) and "prior" not in data["attention"]:
            data["attention"] = {**data["attention"], "prior": False}  # an older checkpoint
        parts = {
            "gru": GRUStateConfig,
            "attention": TurnAttentionConfig,
            "hierarchy": HierarchyConfig,
        }
        for key, part in parts.items():
            if key in data:
                try:
                    data[key] = _from_dict(part, data[key])
                except InvalidInputError as exc:
                    raise InvalidInputError(f"{key}: {exc}") from exc
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
        passage_turns: among this many top-ranked turns, one too long to fit in the budget
            at all is shown as its best passage instead (marked as part of a longer
            message); 0 shows whole turns only.
        length_penalty: packing order is ``score - length_penalty * log(tokens)``: above
            zero, short relevant turns are preferred over long ones (more evidence per token).
        use_state: contextualise the query with the GRU state (ablation switch).
        use_attention: rank with the learned scorer; off = cosine similarity.
        use_residual: add the scorer's learned residual to its prior (off = the fitted
            cosine + BM25 prior alone; ablation switch for checkpoints that have one).
        use_hierarchy: descend segments and add summaries (ablation switch).
        show_dates: show each turn's day, ``[8 May 2023] Ann: ...`` (once per run of
            same-day turns in a section), paid for in the budget; a turn with no time
            (0) shows none. Questions such as "When did I ...?" need it.

    Raises:
        InvalidInputError: (a ``ValueError``) naming the field: a count that is not a
            non-negative integer, a fraction outside [0, 1] or NaN, fractions summing
            above 1, a non-finite or non-positive ``episode_gap_seconds``, a negative or
            non-finite ``length_penalty``, ``max_content_chars`` below 1, a non-bool switch.

    Example:
        >>> RecallConfig(summary_fraction=0.1).summary_fraction
        0.1
        >>> RecallConfig(recent_fraction=float("nan"))
        Traceback (most recent call last):
        ...
        langchain_neuralmem.errors.InvalidInputError: RecallConfig.recent_fraction must be a finite number, got nan
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
    passage_turns: int = 3
    use_state: bool = True
    use_attention: bool = True
    use_residual: bool = True
    use_hierarchy: bool = True
    show_dates: bool = True

    def __post_init__(self) -> None:
        check_fields(self)
        for name in ("recent_fraction", "summary_fraction"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise InvalidInputError(f"RecallConfig.{name} must be in [0, 1], got {value}")
        if self.recent_fraction + self.summary_fraction > 1.0:
            raise InvalidInputError(
                "RecallConfig: recent_fraction + summary_fraction must be <= 1, got "
                f"{self.recent_fraction} + {self.summary_fraction}"
            )
        for name in _COUNTS:
            if getattr(self, name) < 0:
                raise InvalidInputError(
                    f"RecallConfig.{name} must be >= 0, got {getattr(self, name)}"
                )
        if self.max_content_chars < 1:
            raise InvalidInputError(
                f"RecallConfig.max_content_chars must be >= 1, got {self.max_content_chars}"
            )
        if self.episode_gap_seconds <= 0:
            raise InvalidInputError(
                f"RecallConfig.episode_gap_seconds must be > 0, got {self.episode_gap_seconds}; "
                "to never start an episode by time, use a large value such as 1e12"
            )
        if self.length_penalty < 0:
            raise InvalidInputError(
                f"RecallConfig.length_penalty must be >= 0, got {self.length_penalty}"
            )


_COUNTS = (
    "recent_turns",
    "vector_candidates",
    "lexical_candidates",
    "descend_episodes",
    "descend_segments",
    "neighbour_window",
)
