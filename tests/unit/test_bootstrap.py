"""Bootstrap intervals of evidence recall: what they must contain, exclude and how they shrink."""

from __future__ import annotations

import numpy as np
import pytest

from langchain_neuralmem.evaluation.bootstrap import (
    Bootstrap,
    percentile_interval,
    resample_counts,
    resampled_means,
)


def _bernoulli(p: float, n: int, seed: int) -> np.ndarray:
    return (np.random.default_rng(seed).random(n) < p).astype(float)


def _convs(n: int, per: int) -> list[str]:
    return [f"conv-{i // per}" for i in range(n)]


def test_interval_contains_the_mean_and_is_reproducible() -> None:
    x = _bernoulli(0.6, 300, seed=1)
    boot = Bootstrap(_convs(300, 30))
    lo, hi = boot.ci(x)
    assert lo < x.mean() < hi
    assert lo >= 0.0 and hi <= 1.0
    assert Bootstrap(_convs(300, 30)).ci(x) == (lo, hi)  # fixed seed
    assert Bootstrap(_convs(300, 30), seed=1).ci(x) != (lo, hi)


def test_interval_narrows_with_more_questions() -> None:
    small = _bernoulli(0.5, 40, seed=2)
    large = _bernoulli(0.5, 4000, seed=3)
    lo_s, hi_s = Bootstrap(_convs(40, 4)).ci(small)
    lo_l, hi_l = Bootstrap(_convs(4000, 400)).ci(large)
    assert hi_l - lo_l < (hi_s - lo_s) / 4  # ~ 1 / sqrt(100) of the width, with slack


def test_question_only_width_matches_the_binomial_standard_error() -> None:
    x = _bernoulli(0.5, 1000, seed=4)
    lo, hi = Bootstrap(_convs(1000, 100), two_level=False).ci(x)
    se = np.sqrt(x.mean() * (1 - x.mean()) / len(x))
    assert hi - lo == pytest.approx(2 * 1.96 * se, rel=0.15)


def test_clusters_widen_the_interval_when_conversations_differ() -> None:
    # Ten conversations, each all-easy or all-hard: the questions are not independent.
    x = np.repeat([1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0], 50)
    clusters = _convs(500, 50)
    lo2, hi2 = Bootstrap(clusters).ci(x)
    lo1, hi1 = Bootstrap(clusters, two_level=False).ci(x)
    assert hi2 - lo2 > 3 * (hi1 - lo1)


def test_paired_difference_excludes_zero_for_a_clearly_better_memory() -> None:
    worse = _bernoulli(0.5, 200, seed=5)
    better = worse.copy()
    zeros = np.flatnonzero(worse == 0.0)
    better[zeros[:: len(zeros) // 20][:20]] = 1.0  # right on 20 more, in every conversation
    boot = Bootstrap(_convs(200, 20))
    diff, lo, hi = boot.diff(better, worse)
    assert diff == pytest.approx(0.1)
    assert 0.0 < lo < diff < hi
    # Unpaired, the two intervals overlap: only pairing shows the lead is real.
    lo_b, _ = boot.ci(better)
    _, hi_w = boot.ci(worse)
    assert lo_b < hi_w


def test_a_lead_from_one_conversation_is_not_significant_across_conversations() -> None:
    worse = np.zeros(200)
    better = worse.copy()
    better[:20] = 1.0  # every gain in conversation 0 of 10
    clusters = _convs(200, 20)
    _, lo, _ = Bootstrap(clusters).diff(better, worse)
    assert lo == 0.0  # resamples without conversation 0 see no lead
    _, lo_q, _ = Bootstrap(clusters, two_level=False).diff(better, worse)
    assert lo_q > 0.0  # treating questions as independent would call it significant


def test_paired_difference_includes_zero_for_equal_memories() -> None:
    x = _bernoulli(0.4, 200, seed=6)
    boot = Bootstrap(_convs(200, 20))
    assert boot.diff(x, x) == (0.0, 0.0, 0.0)
    # Equally good, but right on different questions.
    a = np.tile([1.0, 0.0], 100)
    b = np.tile([0.0, 1.0], 100)
    diff, lo, hi = boot.diff(a, b)
    assert diff == 0.0 and lo < 0.0 < hi


def test_coverage_is_near_95_percent() -> None:
    rng = np.random.default_rng(7)
    hits, trials = 0, 200
    for t in range(trials):
        x = (rng.random(100) < 0.3).astype(float)
        lo, hi = Bootstrap(_convs(100, 10), resamples=400, seed=t, two_level=False).ci(x)
        hits += lo <= 0.3 <= hi
    assert 0.88 <= hits / trials <= 0.99


def test_resample_counts_shapes_and_totals() -> None:
    clusters = ["a"] * 3 + ["b"] * 5
    two = resample_counts(clusters, resamples=50)
    assert two.shape == (50, 8) and two.dtype.kind == "i"
    # Two conversations drawn: aa, ab or bb -> 6, 8 or 10 questions.
    assert set(two.sum(axis=1).tolist()) <= {6, 8, 10}
    one = resample_counts(clusters, resamples=50, two_level=False)
    assert set(one.sum(axis=1).tolist()) == {8}
    assert resample_counts([], resamples=3).shape == (3, 0)
    with pytest.raises(ValueError):
        resample_counts(clusters, resamples=0)


def test_degenerate_inputs() -> None:
    assert Bootstrap(["a"] * 5).ci([1.0] * 5) == (1.0, 1.0)
    lo, hi = Bootstrap([]).ci([])
    assert np.isnan(lo) and np.isnan(hi)
    with pytest.raises(ValueError, match="values"):
        resampled_means([1.0, 0.0], resample_counts(["a"] * 3, resamples=2))
    with pytest.raises(ValueError, match="length"):
        Bootstrap(["a"] * 3).diff([1.0, 0.0, 1.0], [1.0, 0.0])
    with pytest.raises(ValueError):
        percentile_interval(np.array([0.5]), level=1.5)


def test_describe_names_the_method() -> None:
    d = Bootstrap(["a", "b"]).describe()
    assert d["resamples"] == 1000 and d["seed"] == 0 and d["level"] == 0.95
    assert "two-level" in str(d["method"]) and "paired" in str(d["method"])
