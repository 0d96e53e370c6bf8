"""95% bootstrap intervals of evidence recall, and of paired differences. Pure numpy.

Questions of one conversation are not independent (one memory does well or badly on
a whole conversation), so the default is a two-level (cluster) bootstrap: each
resample draws as many conversations as there are, with replacement, then within
each drawn conversation as many of its questions as it has, with replacement. The
statistic is the question-weighted mean, as the headline figure is. The interval is
the percentile interval of 1000 resamples with a fixed seed.

The resamples depend only on the list of conversation labels, the seed and the
count, so every memory (and every budget: the same questions are asked at each) is
scored on the *same* resamples. The difference of two memories over those shared
resamples is the paired bootstrap: whether one memory's lead survives resampling
the questions, with the questions' common difficulty cancelled out.

Example:
    >>> boot = Bootstrap(["c1"] * 50 + ["c2"] * 50)
    >>> better = [1.0] * 80 + [0.0] * 20
    >>> worse = [1.0] * 40 + [0.0] * 60
    >>> lo, hi = boot.ci(better)
    >>> bool(lo < 0.8 < hi)
    True
    >>> diff, lo, hi = boot.diff(better, worse)
    >>> round(diff, 2), bool(lo > 0)
    (0.4, True)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

RESAMPLES = 1000
SEED = 0
LEVEL = 0.95


def resample_counts(
    clusters: Sequence[str],
    *,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    two_level: bool = True,
) -> np.ndarray:
    """How often each question is drawn in each resample, ``(resamples, len(clusters))``.

    ``clusters[i]`` is question ``i``'s conversation. With ``two_level`` conversations
    are drawn with replacement, then questions within each drawn conversation; without,
    questions are drawn with replacement from all of them (conversations ignored).

    Example:
        >>> counts = resample_counts(["a", "a", "b"], resamples=4)
        >>> counts.shape, {int(n) for n in counts.sum(axis=1)} <= {2, 3, 4}  # aa, ab, bb
        ((4, 3), True)
    """
    if resamples <= 0:
        raise ValueError(f"resamples must be positive, got {resamples}")
    n = len(clusters)
    rng = np.random.default_rng(seed)
    if n == 0:
        return np.zeros((resamples, 0), dtype=np.int64)
    if not two_level:
        return rng.multinomial(n, np.full(n, 1.0 / n), size=resamples)
    groups: dict[str, list[int]] = {}
    for i, c in enumerate(clusters):
        groups.setdefault(c, []).append(i)
    members = list(groups.values())
    g = len(members)
    counts = np.zeros((resamples, n), dtype=np.int64)
    # Times each conversation is drawn: row r is a multinomial of g draws over g.
    drawn = rng.multinomial(g, np.full(g, 1.0 / g), size=resamples)
    for j, idx in enumerate(members):
        size = len(idx)
        # m draws of a conversation, each drawing `size` of its questions with
        # replacement, = m * size uniform draws among its questions.
        counts[:, idx] = rng.multinomial(drawn[:, j] * size, np.full(size, 1.0 / size))
    return counts


def resampled_means(values: Sequence[float] | np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The mean of ``values`` in each resample of ``counts`` (``nan`` for an empty one)."""
    x = np.asarray(values, dtype=np.float64)
    if counts.shape[1] != x.shape[0]:
        raise ValueError(f"{x.shape[0]} values for resamples of {counts.shape[1]} questions")
    totals = counts.sum(axis=1).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (counts @ x) / totals


def percentile_interval(stats: np.ndarray, level: float = LEVEL) -> tuple[float, float]:
    """The central ``level`` interval of ``stats`` (nan ignored; ``(nan, nan)`` if none)."""
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be in (0, 1), got {level}")
    finite = stats[np.isfinite(stats)]
    if finite.size == 0:
        return (float("nan"), float("nan"))
    tail = (1.0 - level) / 2.0 * 100.0
    lo, hi = np.percentile(finite, [tail, 100.0 - tail])
    return (float(lo), float(hi))


class Bootstrap:
    """Fixed resamples of one set of questions; intervals of any per-question figure on them.

    Args:
        clusters: each question's conversation, in the order values will be given.
        resamples: number of resamples.
        seed: the generator's seed (same seed and clusters = same resamples).
        level: the interval's coverage.
        two_level: resample conversations, then questions within them (else questions).

    Example:
        >>> boot = Bootstrap(["a"] * 10, resamples=200)
        >>> boot.ci([0.5] * 10)
        (0.5, 0.5)
    """

    def __init__(
        self,
        clusters: Sequence[str],
        *,
        resamples: int = RESAMPLES,
        seed: int = SEED,
        level: float = LEVEL,
        two_level: bool = True,
    ) -> None:
        self.clusters = list(clusters)
        self.resamples = resamples
        self.seed = seed
        self.level = level
        self.two_level = two_level
        self.counts = resample_counts(
            self.clusters, resamples=resamples, seed=seed, two_level=two_level
        )

    def ci(self, values: Sequence[float] | np.ndarray) -> tuple[float, float]:
        """The ``level`` interval of the mean of ``values``."""
        return percentile_interval(resampled_means(values, self.counts), self.level)

    def diff(
        self, a: Sequence[float] | np.ndarray, b: Sequence[float] | np.ndarray
    ) -> tuple[float, float, float]:
        """``mean(a) - mean(b)`` and its paired interval (same questions, same resamples)."""
        x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
        if x.shape != y.shape:
            raise ValueError(f"paired values differ in length: {x.shape[0]} vs {y.shape[0]}")
        d = x - y
        diff = float(d.mean()) if d.size else float("nan")
        lo, hi = percentile_interval(resampled_means(d, self.counts), self.level)
        return diff, lo, hi

    def describe(self) -> dict[str, object]:
        """How the intervals were made, for the JSON report."""
        return {
            "method": (
                "two-level cluster bootstrap: conversations with replacement, then "
                "questions with replacement within each drawn conversation"
                if self.two_level
                else "bootstrap over questions"
            )
            + "; percentile interval of the question-weighted mean; differences are "
            "paired (the same resamples for every memory and budget)",
            "resamples": self.resamples,
            "seed": self.seed,
            "level": self.level,
        }
