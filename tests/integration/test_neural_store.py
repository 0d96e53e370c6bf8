"""NeuralStore, the LangGraph BaseStore over the engine: the real MiniLM, the shipped
weights and a real SQLite file; checked against LangGraph's own InMemoryStore, under
LangMem's memory tools and inside a compiled StateGraph."""

from __future__ import annotations

import asyncio
import json
import re
import time
from datetime import datetime

import pytest
from langgraph.store.base import (
    GetOp,
    InvalidNamespaceError,
    Item,
    ListNamespacesOp,
    MatchCondition,
    PutOp,
    SearchItem,
    SearchOp,
)
from langgraph.store.memory import InMemoryStore

from langchain_neuralmem import InvalidInputError, NeuralStore
from langchain_neuralmem.engine import NeuralMemory

FACTS = {
    "allergy": "I am allergic to peanuts, so I never eat satay or peanut butter.",
    "cat": "My cat Miso sleeps on the radiator all afternoon.",
    "job": "I work as a nurse on the night shift at the city hospital.",
    "car": "I drive an old blue Volvo estate.",
    "sister": "My sister Clara lives in Montreal.",
    "hobby": "On weekends I climb at the bouldering gym.",
}


@pytest.fixture()
def memory(db_path, encoder, model):
    m = NeuralMemory(db_path, encoder=encoder, model=model)
    yield m
    m.close()


@pytest.fixture()
def store(memory):
    return NeuralStore(memory)


def _fill(store, namespace=("alice", "memories")):
    store.batch([PutOp(namespace, k, {"content": v}) for k, v in FACTS.items()])


# -- round trip, persistence -------------------------------------------------------------
def test_put_get_update_delete_round_trip(store):
    ns = ("alice", "memories")
    store.put(ns, "m1", {"content": "I like tea.", "tags": ("drink",), "n": 1})
    item = store.get(ns, "m1")
    assert isinstance(item, Item) and not isinstance(item, SearchItem)
    assert (item.namespace, item.key) == (ns, "m1")
    assert item.value == {"content": "I like tea.", "tags": ["drink"], "n": 1}  # JSON copy
    assert item.created_at == item.updated_at and item.created_at.tzinfo is not None

    time.sleep(0.01)
    store.put(ns, "m1", {"content": "I like green tea now."})
    updated = store.get(ns, "m1")
    assert updated.value == {"content": "I like green tea now."}
    assert updated.created_at == item.created_at and updated.updated_at > item.updated_at
    assert len(store.memory.history(session_id=store.scope(ns)[1], user_id="alice")) == 1

    assert store.get(ns, "other") is None and store.get(("alice", "elsewhere"), "m1") is None
    store.delete(ns, "m1")
    assert store.get(ns, "m1") is None
    assert store.search(ns) == [] and store.list_namespaces() == []


def test_items_persist_across_reopening_the_file(memory, db_path):
    store = NeuralStore(memory)
    _fill(store)
    store.put(("bob", "prefs"), "theme", {"theme": "dark"})
    created = store.get(("alice", "memories"), "cat").created_at
    memory.close()

    with NeuralStore(db_path) as again:  # from the path: opens its own NeuralMemory
        assert again.get(("alice", "memories"), "cat").created_at == created
        assert again.get(("bob", "prefs"), "theme").value == {"theme": "dark"}
        assert again.list_namespaces() == [("alice", "memories"), ("bob", "prefs")]
        hits = again.search(("alice",), query="Which pet do I have?", limit=1)
        assert [h.key for h in hits] == ["cat"]


# -- search -------------------------------------------------------------------------------
def test_search_ranks_the_relevant_item_first(store):
    _fill(store)
    for query, key in [
        ("what food should I avoid?", "allergy"),
        ("what do I do for a living?", "job"),
        ("tell me about my pet", "cat"),
    ]:
        hits = store.search(("alice", "memories"), query=query, limit=3)
        assert hits[0].key == key, (query, [h.key for h in hits])
        assert all(isinstance(h, SearchItem) and isinstance(h.score, float) for h in hits)
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    everything = store.search(("alice",), query="food", limit=100)
    assert sorted(h.key for h in everything) == sorted(FACTS)


def test_search_merges_namespaces_under_the_prefix(store):
    store.put(("alice", "health"), "a", {"content": FACTS["allergy"]})
    store.put(("alice", "home"), "c", {"content": FACTS["cat"]})
    store.put(("alice", "work"), "j", {"content": FACTS["job"]})
    hits = store.search(("alice",), query="what food should I avoid?")
    assert hits[0].namespace == ("alice", "health") and len(hits) == 3
    assert [h.key for h in store.search(("alice", "home"), query="food")] == ["c"]


FILTER_ITEMS = {
    f"k{i}": {
        "content": f"note number {i} about {topic}",
        "score": i,
        "kind": "even" if i % 2 == 0 else "odd",
        "meta": {"src": "chat" if i < 3 else "email"},
        "tags": ["a", "b"] if i == 4 else ["a"],
    }
    for i, topic in enumerate(["cooking", "peanut allergies", "cats", "nursing", "cars"])
}
FILTERS = [
    {"kind": "even"},
    {"kind": {"$eq": "odd"}},
    {"kind": {"$ne": "odd"}},
    {"score": {"$gt": 2}},
    {"score": {"$gte": 2}},
    {"score": {"$lt": 2}},
    {"score": {"$lte": 2}, "kind": "even"},
    {"score": {"$gt": 0, "$lt": 4}},
    {"meta": {"src": "email"}},
    {"tags": ["a", "b"]},
    {"kind": "none"},
]


def test_filters_agree_with_in_memory_store(store):
    reference = InMemoryStore()
    for key, value in FILTER_ITEMS.items():
        store.put(("u", "notes"), key, value)
        reference.put(("u", "notes"), key, value)
    for flt in FILTERS:
        expected = {i.key for i in reference.search(("u",), filter=flt, limit=100)}
        listed = store.search(("u",), filter=flt, limit=100)
        ranked = store.search(("u",), query="food allergy", filter=flt, limit=100)
        assert {i.key for i in listed} == expected, flt
        assert {i.key for i in ranked} == expected, flt
        assert all(i.score is None for i in listed) and all(i.score is not None for i in ranked)
    # a filtered query still ranks: the peanut note leads among the odd ones
    assert store.search(("u",), query="food allergy", filter={"kind": "odd"})[0].key == "k1"
    # an order comparison on a missing field matches nothing (InMemoryStore would raise)
    assert store.search(("u",), filter={"missing": {"$gt": 1}}) == []
    with pytest.raises(InvalidInputError, match=r"\$regex"):
        store.search(("u",), filter={"kind": {"$regex": "e"}})


def test_limit_offset_and_newest_first(store):
    ns = ("alice", "memories")
    for key, text in FACTS.items():  # one write each: distinct update times
        store.put(ns, key, {"content": text})
    newest = [i.key for i in store.search(ns, limit=100)]
    assert newest == list(reversed(FACTS))
    store.put(ns, "allergy", {"content": FACTS["allergy"] + " Not even a trace."})
    assert [i.key for i in store.search(ns, limit=2)] == ["allergy", "hobby"]

    for query in (None, "where do my relatives live?"):
        whole = [i.key for i in store.search(ns, query=query, limit=100)]
        pages = [
            [i.key for i in store.search(ns, query=query, limit=2, offset=o)] for o in (0, 2, 4)
        ]
        assert [k for page in pages for k in page] == whole and len(whole) == len(FACTS)
        assert (
            store.search(ns, query=query, limit=3, offset=5)
            == store.search(ns, query=query, limit=100)[5:]
        )
        assert store.search(ns, query=query, limit=0) == []
    with pytest.raises(InvalidInputError, match="offset"):
        store.search(ns, offset=-1)


# -- isolation ----------------------------------------------------------------------------
COLOURS = ["red", "blue", "green", "yellow", "purple", "orange", "pink", "brown", "grey", "teal"]
JOBS = ["baker", "pilot", "nurse", "farmer", "lawyer", "plumber", "teacher", "chef", "judge"]


def test_many_users_never_see_each_other(store):
    users = [f"user{i:02d}" for i in range(20)]
    ops = []
    for i, user in enumerate(users):
        ns = (user, "memories")
        ops += [
            PutOp(ns, "colour", {"content": f"My favourite colour is {COLOURS[i % 10]}."}),
            PutOp(ns, "job", {"content": f"I work as a {JOBS[i % 9]}."}),
            PutOp(ns, "pet", {"content": f"I have {i + 1} goldfish."}),
        ]
    store.batch(ops)
    for i, user in enumerate(users):
        hits = store.search((user,), query="what is my favourite colour?", limit=10)
        assert {h.namespace[0] for h in hits} == {user} and len(hits) == 3
        assert hits[0].value["content"] == f"My favourite colour is {COLOURS[i % 10]}."
        assert {h.namespace for h in store.search((user,), limit=50)} == {(user, "memories")}
        assert store.list_namespaces(prefix=(user,)) == [(user, "memories")]
    store.delete(("user03", "memories"), "job")
    assert store.get(("user03", "memories"), "job") is None
    assert store.get(("user04", "memories"), "job").value == {"content": f"I work as a {JOBS[4]}."}
    assert len(store.search((), limit=100)) == 59  # the empty prefix spans every namespace
    store.memory.delete_user("user05")  # the user's items go with the user
    assert store.search(("user05",), limit=10) == [] and len(store.search((), limit=100)) == 56


def test_other_sessions_of_the_file_are_not_items(store, memory):
    memory.add_turn("I am allergic to peanuts.", session_id="chat-1", user_id="alice")
    memory.add_turn("A chat thread that looks odd.", session_id="store:not json", user_id="alice")
    store.put(("alice", "memories"), "m", {"content": "I like tea."})
    assert store.list_namespaces() == [("alice", "memories")]
    assert [i.key for i in store.search((), query="peanuts")] == ["m"]
    assert memory.sessions("alice") == ["chat-1", 'store:["alice","memories"]', "store:not json"]


# -- list_namespaces against InMemoryStore --------------------------------------------------
NAMESPACES = [
    ("alice", "memories"),
    ("alice", "prefs", "ui"),
    ("alice", "docs", "v1"),
    ("bob", "memories"),
    ("bob", "docs", "v1"),
    ("bob", "docs", "v2", "draft"),
    ("carol", "docs", "v2"),
    ("dave",),
    ("erin", "memories", "v1"),
]
LISTINGS = [
    {},
    {"prefix": ("alice",)},
    {"prefix": ("bob", "docs")},
    {"prefix": ("*", "memories")},
    {"prefix": ("*", "docs", "*")},
    {"suffix": ("v1",)},
    {"suffix": ("docs", "*")},
    {"suffix": ("*", "draft")},
    {"prefix": ("bob",), "suffix": ("v1",)},
    {"prefix": ("*",), "suffix": ("memories",)},
    {"max_depth": 1},
    {"max_depth": 2},
    {"prefix": ("bob",), "max_depth": 3},
    {"suffix": ("v2",), "max_depth": 2},
    {"limit": 3},
    {"limit": 2, "offset": 3},
    {"offset": 20},
    {"prefix": ("zed",)},
    {"prefix": ("alice", "memories", "deeper")},
]


def test_list_namespaces_matches_in_memory_store(store):
    reference = InMemoryStore()
    for ns in NAMESPACES:
        reference.put(ns, "k", {"content": f"an item in {'/'.join(ns)}"})
    store.batch([PutOp(ns, "k", {"content": f"an item in {'/'.join(ns)}"}) for ns in NAMESPACES])
    for kwargs in LISTINGS:
        assert store.list_namespaces(**kwargs) == reference.list_namespaces(**kwargs), kwargs
    condition = MatchCondition(match_type="suffix", path=("v1",))
    op = ListNamespacesOp(match_conditions=(condition,), max_depth=1)
    assert store.batch([op]) == reference.batch([op]) == [[("alice",), ("bob",), ("erin",)]]


# -- batches and async --------------------------------------------------------------------
def test_batch_results_in_op_order_reads_before_writes(store):
    ns = ("alice", "memories")
    store.put(ns, "a", {"content": "old"})
    results = store.batch(
        [
            PutOp(ns, "a", {"content": "first"}),
            GetOp(ns, "a"),
            PutOp(ns, "a", {"content": "last"}),
            SearchOp(("alice",)),
            ListNamespacesOp(),
            PutOp(ns, "b", {"content": "gone"}),
            PutOp(ns, "b", None),
        ]
    )
    assert results[0] is None and results[2] is None and results[5] is None
    assert results[1].value == {"content": "old"}  # as LangGraph's stores: reads go first
    assert [i.value for i in results[3]] == [{"content": "old"}]
    assert results[4] == [ns]
    assert store.get(ns, "a").value == {"content": "last"} and store.get(ns, "b") is None


def test_index_fields_choose_the_text(store, memory):
    ns = ("alice", "docs")
    doc = {"title": "Trip", "body": {"text": "We fly to Lisbon on Friday."}, "n": 3}
    store.put(ns, "d1", doc, index=["body.text"])
    store.put(ns, "d2", {"title": "Cat", "n": 4})
    store.put(ns, "d3", {"content": "Plain content."}, index=False)
    texts = {
        t.key: t.content for t in memory.history(session_id=store.scope(ns)[1], user_id="alice")
    }
    assert texts == {
        "d1": "We fly to Lisbon on Friday.",
        "d2": '{"n":4,"title":"Cat"}',
        "d3": "Plain content.",
    }
    assert store.search(ns, query="when is the flight to Portugal?")[0].key == "d1"
    short = NeuralStore(memory, max_text_chars=12)
    short.put(ns, "d4", {"content": "A rather long note about nothing."})
    assert (
        memory.get_keyed(["d4"], session_id=store.scope(ns)[1], user_id="alice")["d4"].content
        == "A rather lon"
    )
    assert short.get(ns, "d4").value == {"content": "A rather long note about nothing."}


async def test_async_twins(store):
    ns = ("alice", "memories")
    await asyncio.gather(*(store.aput(ns, key, {"content": text}) for key, text in FACTS.items()))
    assert (await store.aget(ns, "cat")).value == {"content": FACTS["cat"]}
    hits = await store.asearch(("alice",), query="what food should I avoid?", limit=2)
    assert hits[0].key == "allergy"
    assert await store.alist_namespaces(prefix=("alice",)) == [ns]
    results = await store.abatch([GetOp(ns, "job"), SearchOp(ns, query="my pet", limit=1)])
    assert results[0].key == "job" and results[1][0].key == "cat"
    await store.adelete(ns, "cat")
    assert await store.aget(ns, "cat") is None
    assert [i.key for i in await store.asearch(ns, limit=100)] == [
        i.key for i in store.search(ns, limit=100)
    ]


# -- bad input ----------------------------------------------------------------------------
def test_bad_input_is_refused_and_nothing_is_lost(store):
    ns = ("alice", "memories")
    store.put(ns, "keep", {"content": "I like tea."})
    before = store.get(ns, "keep")
    bad_values = [["a list"], "text", {"when": datetime.now()}, {"x": {1, 2}}, {"f": float("nan")}]
    for value in bad_values:
        with pytest.raises(InvalidInputError, match="'keep'"):
            store.put(ns, "keep", value)
    with pytest.raises(InvalidInputError, match=r"value\['when'\] is a datetime"):
        store.put(ns, "keep", {"when": datetime.now()})
    with pytest.raises(InvalidNamespaceError, match="empty"):
        store.put(("alice", ""), "keep", {"content": "x"})
    with pytest.raises(InvalidNamespaceError):
        store.put((), "keep", {"content": "x"})
    # ops given straight to batch are checked too, all before any of them runs
    with pytest.raises(InvalidNamespaceError, match="empty"):
        store.batch([PutOp(ns, "keep", None), PutOp(("alice", ""), "k", {"content": "x"})])
    with pytest.raises(InvalidInputError, match="key"):
        store.batch([PutOp(ns, "keep", None), PutOp(ns, "", {"content": "x"})])
    with pytest.raises(InvalidInputError, match="user_id"):
        store.batch([PutOp(ns, "keep", None), PutOp((" ", "memories"), "k", {"content": "x"})])
    with pytest.raises(InvalidInputError, match="unknown store operation"):
        store.batch([PutOp(ns, "keep", None), ("not", "an", "op")])
    with pytest.raises(NotImplementedError, match="TTL"):
        store.put(ns, "keep", {"content": "x"}, ttl=5)
    assert store.get(ns, "keep") == before
    assert store.list_namespaces() == [ns]


def test_user_label_position(memory):
    store = NeuralStore(memory, user_at=1)
    store.put(("memories", "bob"), "k", {"content": "Bob is a nurse."})
    assert memory.sessions("bob") == ['store:["memories","bob"]']
    with pytest.raises(InvalidNamespaceError, match="user_at"):
        store.put(("memories",), "k", {"content": "x"})
    with pytest.raises(InvalidNamespaceError, match="user_at"):
        store.get(("memories",), "k")
    last = NeuralStore(memory, user_at=-1)
    assert last.get(("memories", "bob"), "k").value == {"content": "Bob is a nurse."}
    assert NeuralStore(memory).list_namespaces() == []  # read as user "memories": not ours
    with pytest.raises(InvalidInputError):
        NeuralStore(memory, user_at="1")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        NeuralStore(42)  # type: ignore[arg-type]


# -- LangMem and LangGraph ----------------------------------------------------------------
def test_langmem_tools_create_update_search_delete(store):
    from langmem import create_manage_memory_tool, create_search_memory_tool

    namespace = ("{langgraph_user_id}", "memories")
    manage = create_manage_memory_tool(namespace=namespace, store=store)
    search = create_search_memory_tool(namespace=namespace, store=store)
    alice = {"configurable": {"langgraph_user_id": "alice"}}
    bob = {"configurable": {"langgraph_user_id": "bob"}}

    made = manage.invoke({"content": "Alice is allergic to peanuts.", "action": "create"}, alice)
    memory_id = re.search(r"created memory (\S+)", made).group(1)
    manage.invoke({"content": "Alice has a cat named Miso.", "action": "create"}, alice)
    manage.invoke({"content": "Bob plays the cello.", "action": "create"}, bob)

    found = json.loads(search.invoke({"query": "what food should Alice avoid?"}, alice))
    assert found[0]["key"] == memory_id and found[0]["namespace"] == ["alice", "memories"]
    assert found[0]["value"] == {"content": "Alice is allergic to peanuts."}
    assert all(f["namespace"][0] == "alice" for f in found) and len(found) == 2

    manage.invoke(
        {
            "content": "Alice is allergic to peanuts and shellfish.",
            "action": "update",
            "id": memory_id,
        },
        alice,
    )
    item = store.get(("alice", "memories"), memory_id)
    assert item.value == {"content": "Alice is allergic to peanuts and shellfish."}
    assert item.created_at < item.updated_at

    theirs = json.loads(search.invoke({"query": "allergic to peanuts and shellfish"}, bob))
    assert [f["value"]["content"] for f in theirs] == ["Bob plays the cello."]

    manage.invoke({"action": "delete", "id": memory_id}, alice)
    assert store.get(("alice", "memories"), memory_id) is None
    left = json.loads(search.invoke({"query": "allergy"}, alice))
    assert [f["value"]["content"] for f in left] == ["Alice has a cat named Miso."]


def test_state_graph_reads_and_writes_the_store_across_threads(store):
    from typing import TypedDict

    from langgraph.checkpoint.memory import InMemorySaver
    from langgraph.config import get_config, get_store
    from langgraph.graph import END, START, StateGraph

    class State(TypedDict):
        text: str
        answer: str

    def node(state: State) -> dict[str, str]:
        memories = get_store()
        namespace = (get_config()["configurable"]["user_id"], "memories")
        if state["text"].startswith("remember: "):
            key = f"m{len(memories.search(namespace, limit=1000))}"
            memories.put(namespace, key, {"content": state["text"].removeprefix("remember: ")})
            return {"answer": "saved"}
        hits = memories.search(namespace, query=state["text"], limit=1)
        return {"answer": hits[0].value["content"] if hits else "nothing"}

    builder = StateGraph(State)
    builder.add_node("remember", node)
    builder.add_edge(START, "remember")
    builder.add_edge("remember", END)
    graph = builder.compile(checkpointer=InMemorySaver(), store=store)

    def ask(text: str, thread: str, user: str) -> str:
        config = {"configurable": {"thread_id": thread, "user_id": user}}
        return graph.invoke({"text": text, "answer": ""}, config)["answer"]

    assert ask("remember: I am allergic to peanuts.", "t1", "alice") == "saved"
    assert ask("remember: My cat is called Miso.", "t1", "alice") == "saved"
    assert ask("What food should I avoid?", "t2", "alice") == "I am allergic to peanuts."
    assert ask("What food should I avoid?", "t3", "bob") == "nothing"
    assert store.list_namespaces() == [("alice", "memories")]
