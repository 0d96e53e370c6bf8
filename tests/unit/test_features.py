import numpy as np

from langchain_neuralmem.features import (
    PAIR_FEATURE_NAMES,
    TURN_FEATURE_NAMES,
    asks_when,
    has_time_expression,
    pair_features,
    terms,
    turn_features,
)
from langchain_neuralmem.stores.lexical_index import BM25Index


def test_terms_drop_stopwords_and_stem_plurals():
    assert terms("I adopted two puppies") == terms("adopt two puppy")
    assert "the" not in terms("the dog")


def test_bm25_prefers_rare_matching_terms():
    docs = [
        terms("my dog Rex loves the park"),
        terms("the park was busy"),
        terms("nice weather today"),
    ]
    stats = BM25Index()
    for d in docs:
        stats.add(d)
    scores = stats.scores(terms("Rex park"))
    assert scores[0] > scores[1] > scores[2] == 0


def test_turn_features_shape_and_episode_flag():
    f = turn_features(role="ai", gap_seconds=3600.0, new_episode=True)
    assert len(f) == len(TURN_FEATURE_NAMES)
    assert f[1] == 1.0 and f[-1] == 1.0


def test_pair_features_age_overlap_speaker_ranks_and_neighbours():
    texts = ["Ann's dog is Rex", "weather is nice", "we went there yesterday"]
    f = pair_features(
        query_terms=terms("dog name"),
        query_speakers=["ann"],
        query_asks_when=True,
        rows=[0, 1, 2],
        now_position=10,
        now_time=1000.0,
        now_episode=1,
        positions=[0, 8, 9],
        times=[0.0, 980.0, 990.0],
        episodes=[0, 1, 1],
        roles=["human", "ai", "human"],
        speakers=["Ann", "Bob", "Ann"],
        turn_terms=[terms(t) for t in texts],
        time_flags=[has_time_expression(t) for t in texts],
        cosine=np.array([0.9, 0.1, 0.5], dtype=np.float32),
        bm25=np.array([2.0, 0.0, 1.0], dtype=np.float32),
    )
    col = {name: i for i, name in enumerate(PAIR_FEATURE_NAMES)}
    assert f.shape == (3, len(col))
    assert f[0, col["log_age_turns"]] > f[1, col["log_age_turns"]]
    assert f[0, col["term_overlap"]] == 0.5
    assert f[0, col["bm25"]] == 1.0 and f[1, col["bm25"]] == 0.0
    assert list(f[:, col["speaker_named"]]) == [1.0, 0.0, 1.0]
    assert f[1, col["same_episode"]] == 1.0 and f[0, col["same_episode"]] == 0.0
    assert f[0, col["cos_rank"]] < f[2, col["cos_rank"]] < f[1, col["cos_rank"]]
    assert f[1, col["bm25_rank"]] == 2.0  # no lexical match at all
    assert f[1, col["prev_cos"]] == np.float32(0.9) and f[1, col["next_cos"]] == np.float32(0.5)
    assert f[0, col["prev_cos"]] == 0.0  # no previous turn
    assert list(f[:, col["when_x_time"]]) == [0.0, 0.0, 1.0]


def test_time_expressions_and_when_questions():
    assert has_time_expression("I went there last weekend") and has_time_expression("back in 2019")
    assert not has_time_expression("I like green tea")
    assert asks_when("When did Ann move?") and asks_when("What year did she start?")
    assert not asks_when("Where does Ann live?")
