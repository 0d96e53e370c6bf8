"""The large-scope index parts on their own: the inverted file, BM25 postings that seal
and reload, int8 vectors, snapshots that survive a seal, and the saved index files."""

import numpy as np
import pytest

from langchain_neuralmem.features import terms
from langchain_neuralmem.stores.index_files import IndexFileError, load_index, save_index
from langchain_neuralmem.stores.lexical_index import BM25Index
from langchain_neuralmem.stores.scope_index import ScopeIndex
from langchain_neuralmem.stores.vector_codec import decode_vectors, encode_vectors, stored_form

WORDS = [f"w{i}" for i in range(300)]


def _docs(n: int, seed: int = 0) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    return [list(rng.choice(WORDS, size=int(rng.integers(3, 12)))) for _ in range(n)]


def _index(n: int, flat_rows: int, dim: int = 32, seed: int = 0) -> tuple[ScopeIndex, np.ndarray]:
    rng = np.random.default_rng(seed)  # clustered, as sentence embeddings are
    centers = rng.normal(size=(40, dim))
    vectors = (centers[rng.integers(0, 40, n)] + 0.35 * rng.normal(size=(n, dim))).astype(
        np.float32
    )
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    docs = _docs(n, seed)
    idx = ScopeIndex(dim, flat_rows=flat_rows)
    for lo in range(0, n, 97):  # several appends, crossing seals
        hi = min(lo + 97, n)
        idx.append(
            turn_ids=list(range(lo + 1, hi + 1)),
            positions=list(range(lo, hi)),
            vectors=vectors[lo:hi],
            terms=[tuple(d) for d in docs[lo:hi]],
            episodes=[i // 50 for i in range(lo, hi)],
            roles=["human" if i % 2 else "ai" for i in range(lo, hi)],
            speakers=[f"S{i % 3}" for i in range(lo, hi)],
            times=[float(i) for i in range(lo, hi)],
            saliences=[0.5] * (hi - lo),
            tokens=[len(d) for d in docs[lo:hi]],
            time_flags=[False] * (hi - lo),
        )
    idx.version = (n, n)
    return idx, vectors


def test_codec_round_trip_is_exact_on_stored_vectors_and_reads_float32_blobs():
    v = np.random.default_rng(1).normal(size=(5, 384)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    once = decode_vectors(encode_vectors(v), 384)
    assert np.abs(once - v).max() < 0.01
    assert np.array_equal(decode_vectors(encode_vectors(once), 384), once)  # idempotent
    assert np.array_equal(stored_form(v), once)
    assert np.array_equal(decode_vectors(v.tobytes(), 384), v)  # an older file's blob
    with pytest.raises(ValueError, match="does not hold"):
        decode_vectors(b"\x00" * 7, 384)


def test_bm25_sparse_scores_equal_a_dense_reference_and_survive_seal_and_reload():
    docs = _docs(500)
    index = BM25Index()
    for d in docs:
        index.add(d)
    query = ["w1", "w7", "w7", "w250", "unknown"]
    before = index.scores(query)
    # reference: the textbook formula, dense
    n, avg = len(docs), sum(map(len, docs)) / len(docs)
    ref = np.zeros(n)
    for term, qn in {"w1": 1, "w7": 2, "w250": 1}.items():
        df = sum(term in d for d in docs)
        idf = max(np.log1p((n - df + 0.5) / (df + 0.5)), 0.0)
        for i, d in enumerate(docs):
            tf = d.count(term)
            if tf:
                ref[i] += qn * idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * len(d) / avg))
    np.testing.assert_allclose(before, ref, rtol=1e-5)
    assert np.array_equal(index.scores(query, n=200), _prefix_scores(docs[:200], query))
    index.seal()
    assert np.array_equal(index.scores(query), before)
    assert np.array_equal(index.scores(query, n=200), _prefix_scores(docs[:200], query))
    index.add(["w7", "w7"])  # the tail after a seal
    again = BM25Index()
    base = index.base
    again.restore_base(index.words, base.offsets, base.docs, base.tf, index.lengths.view(500))
    again.add(["w7", "w7"])
    assert np.array_equal(again.scores(query), index.scores(query))


def _prefix_scores(docs, query):
    index = BM25Index()
    for d in docs:
        index.add(d)
    return index.scores(query)


def test_a_sealed_index_finds_nearest_rows_and_old_snapshots_stay_valid():
    idx, vectors = _index(2000, flat_rows=600)
    assert idx.sealed >= 1200 and idx.ivf is not None  # sealed at least twice
    snap = idx.snapshot()
    exact_vectors = stored_form(vectors)
    assert np.array_equal(snap.vectors_of(np.arange(2000)), exact_vectors)
    found = 0
    for q in range(0, 2000, 40):
        cosine, known = snap.searched_cosine(exact_vectors[q], scanned=400)
        assert known is not None and known[q] == (cosine[q] > -1)
        truth = set(np.argsort(-(exact_vectors @ exact_vectors[q]))[:10].tolist())
        got = set(np.flatnonzero(known)[np.argsort(-cosine[known])][:10].tolist())
        found += len(truth & got)
    assert found / (50 * 10) >= 0.9  # approximate, scanning a fifth of the rows
    early = idx.snapshot(rows=900)  # a prefix inside the sealed rows: exact
    cos, known = early.searched_cosine(exact_vectors[3], scanned=400)
    assert known is None and len(cos) == 900
    np.testing.assert_allclose(cos, exact_vectors[:900] @ exact_vectors[3], atol=1e-5)
    held = idx.snapshot()
    more, _ = _index(3000, flat_rows=600)
    assert len(held) == 2000 and held.terms[5] == snap.terms[5] and more.sealed > idx.sealed


def test_saved_index_reloads_identically_and_refuses_altered_files(tmp_path):
    idx, vectors = _index(1500, flat_rows=600)
    save_index(idx, tmp_path, "ann", "s1")
    again = load_index(tmp_path, "ann", "s1", dim=32)
    a, b = idx.snapshot(), again.snapshot()
    assert len(b) == 1500 and b.sealed == a.sealed and b.version == (1500, 1500)
    assert np.array_equal(a.vectors_of(np.arange(1500)), b.vectors_of(np.arange(1500)))
    assert [b.terms[i] for i in (0, 700, 1499)] == [a.terms[i] for i in (0, 700, 1499)]
    assert [b.speakers[i] for i in (1, 2)] == [a.speakers[i] for i in (1, 2)]
    q = vectors[11]
    ca, ka = a.searched_cosine(q, 300)
    cb, kb = b.searched_cosine(q, 300)
    assert np.array_equal(ca, cb) and np.array_equal(ka, kb)
    query = terms("w1 w2")
    assert np.array_equal(a.bm25_scores(query), b.bm25_scores(query))
    with pytest.raises(IndexFileError, match="another scope"):
        load_index(tmp_path, "ann", "s1", dim=16)
    with pytest.raises(FileNotFoundError):
        load_index(tmp_path, "bob", "s1", dim=32)
    folder = next(p for p in tmp_path.iterdir() if p.is_dir())
    version = folder / (folder / "CURRENT").read_text().strip()
    codes = version / "codes.npy"
    raw = bytearray(codes.read_bytes())
    raw[-5] ^= 0xFF
    codes.write_bytes(bytes(raw))
    with pytest.raises(IndexFileError, match="checksum"):
        load_index(tmp_path, "ann", "s1", dim=32)
    codes.write_bytes(bytes(raw[:-100]))
    with pytest.raises(IndexFileError):
        load_index(tmp_path, "ann", "s1", dim=32)
    (version / "manifest.json").write_text("{not json")
    with pytest.raises(IndexFileError, match="manifest"):
        load_index(tmp_path, "ann", "s1", dim=32)
