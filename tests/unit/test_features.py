import numpy as np

from langchain_neuralmem.features import (
    PAIR_FEATURE_NAMES,
    TURN_FEATURE_NAMES,
    BM25Stats,
    pair_features,
    terms,
    turn_features,
)


def test_terms_drop_stopwords_and_stem_plurals():
    assert terms("I adopted two puppies") == terms("adopt two puppy")
    assert "the" not in terms("the dog")


def test_bm25_prefers_rare_matching_terms():
    docs = [
        terms("my dog Rex loves the park"),
        terms("the park was busy"),
        terms("nice weather today"),
    ]
    stats = BM25Stats()
    for d in docs:
        stats.add(d)
    scores = stats.scores(terms("Rex park"), docs)
    assert scores[0] > scores[1] > scores[2] == 0


def test_turn_features_shape_and_episode_flag():
    f = turn_features(role="ai", gap_seconds=3600.0, new_episode=True)
    assert len(f) == len(TURN_FEATURE_NAMES)
    assert f[1] == 1.0 and f[-1] == 1.0


def test_pair_features_age_overlap_and_speaker():
    t = [terms("Ann's dog is Rex"), terms("weather is nice")]
    f = pair_features(
        query_terms=terms("dog name"),
        query_speakers=["ann"],
        now_position=10,
        now_time=1000.0,
        now_episode=1,
        positions=[0, 9],
        times=[0.0, 990.0],
        episodes=[0, 1],
        roles=["human", "ai"],
        speakers=["Ann", "Bob"],
        turn_terms=t,
        bm25=np.array([2.0, 0.0], dtype=np.float32),
    )
    names = list(PAIR_FEATURE_NAMES)
    assert f.shape == (2, len(names))
    assert f[0, names.index("log_age_turns")] > f[1, names.index("log_age_turns")]
    assert f[0, names.index("term_overlap")] == 0.5
    assert f[0, names.index("bm25")] == 1.0 and f[1, names.index("bm25")] == 0.0
    assert f[0, names.index("speaker_named")] == 1.0 and f[1, names.index("speaker_named")] == 0.0
    assert f[1, names.index("same_episode")] == 1.0
