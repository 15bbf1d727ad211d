"""Clustering as store state, on a real SQLite file: incremental batches, rewinds, the same events as at once.

The reference is always ``cluster_claims`` over every stored claim in the
clustering order (documents by identity, claims as extracted), in memory.
"""

from __future__ import annotations

import hashlib
import json
import random
from datetime import date, timedelta

import pytest

import hodo.pipeline as pipeline
from hodo.cluster import cluster_claims
from hodo.cluster.events import KEY_CAP, MAX_CANDIDATES, Clusterer
from hodo.cluster.similarity import cluster_rules
from hodo.models import Claim, DateRange, Document, Entity, Quantity, Report, Sentence
from hodo.packs import load_pack
from hodo.pipeline import recluster, update_events
from hodo.store import Store
from hodo.store.queries import clustering_status, select_claims, select_events

KHARKIV = Entity("ua.kharkiv", "Kharkiv", "place", text="ハルキウ")
ODESA = Entity("ua.odesa", "Odesa", "place", text="オデーサ")
MOSCOW = Entity("ru.moscow", "Moscow", "place", text="モスクワ")
TRUMP = Entity("us.trump", "Donald Trump", "person", text="トランプ")
PUTIN = Entity("ru.putin", "Vladimir Putin", "person", text="プーチン")

# (type, sentence, day, places, figures): what a report of each happening says, in several wordings.
HAPPENINGS = [
    ("strike", "ロシア軍が{p}を無人機で攻撃した", 5, [KHARKIV], []),
    ("civilian_harm", "{p}への攻撃で市民{n}人が死亡した", 5, [KHARKIV], [("人", "civilians")]),
    ("air_defense", "防空部隊は無人機{n}機を撃墜した", 5, [], [("機", "drones")]),
    ("strike", "{p}の港湾施設がミサイル攻撃を受けた", 7, [ODESA], []),
    ("air_defense", "{p}州上空で無人機{n}機を迎撃した", 9, [MOSCOW], [("機", "drones")]),
    ("diplomacy", "トランプ大統領はプーチン大統領と電話で会談した", 4, [], []),
]


def _document(doc_id: str, rng: random.Random, shift: int = 0) -> tuple[Document, list[Claim]]:
    """A post of a few sentences, each telling one of the happenings with its own figures.

    ``shift`` moves the happenings by that many days: far-apart shifts make distinct events.
    """
    lines: list[str] = []
    told: list[tuple[int, str, int, list[Entity], list[tuple[str, str]], int]] = []
    for _ in range(rng.randint(2, 6)):
        i = rng.randrange(len(HAPPENINGS))
        kind, pattern, day, places, units = HAPPENINGS[i]
        n = rng.choice([5, 12, 40, 55])
        text = pattern.format(p=places[0].text if places else "", n=n) + "。"
        told.append((i, kind, day + rng.choice([0, 0, 1]), places, units, n))
        lines.append(text)
    text = "\n".join(lines)
    sentences, offset = [], 0
    for line in lines:
        sentences.append(Sentence(line, offset, offset + len(line), 0))
        offset += len(line) + 1
    doc = Document(
        doc_id=doc_id,
        name=doc_id.rsplit("/", 1)[-1],
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        source=doc_id,
        text=text,
        original=text,
        date=date(2025, 6, 10) + timedelta(days=shift),
        reports=[Report(0, 0, len(text), "plain", sentences=sentences)],
    )
    claims = []
    for (i, kind, day, places, units, n), sentence in zip(told, sentences, strict=True):
        when = DateRange(date(2025, 6, day) + timedelta(days=shift), date(2025, 6, day) + timedelta(days=shift))
        quantities = [Quantity(n, n, n, False, unit, item) for unit, item in units]
        parties = {"actor": TRUMP, "target": PUTIN} if kind == "diplomacy" else {}
        key = f"{doc_id}\0{sentence.start}\0{kind}{i}"
        claims.append(
            Claim(
                claim_id="c" + hashlib.sha1(key.encode()).hexdigest()[:15],
                doc=doc_id,
                sentence=sentence.text,
                span=(sentence.start, sentence.end),
                type=kind,
                when=when,
                places=list(places),
                quantities=quantities,
                stated=date(2025, 6, 10) + timedelta(days=shift),
                **parties,
            )
        )
    return doc, claims


def _corpus(n: int, seed: int = 7) -> list[tuple[Document, list[Claim]]]:
    """``n`` posts, three at a time about the same days: events of one to three posts each."""
    rng = random.Random(seed)
    return [_document(f"feed/{i:03d}.txt", rng, shift=20 * (i // 3)) for i in range(n)]


def _at_once(docs: list[tuple[Document, list[Claim]]]) -> list[dict]:
    ordered = sorted(docs, key=lambda d: d[0].doc_id)
    return [e.to_record() for e in cluster_claims([c for _, claims in ordered for c in claims])]


def _stored(store: Store) -> list[dict]:
    return [e.to_record() for e in select_events(store.conn)]


def _every_claim_once(store: Store) -> None:
    members = [i for e in select_events(store.conn) for i in e.claims]
    assert sorted(members) == sorted(c.claim_id for c in select_claims(store.conn))


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "hodo.db") as opened:
        yield opened


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_documents_arriving_in_any_order_and_batches_give_the_events_of_clustering_at_once(
    store, monkeypatch, seed
):
    docs = _corpus(24)
    # Small batches cut documents apart (never sentences) and make every rewind path run;
    # a small memory makes the clusterer let go of events and load them again.
    monkeypatch.setattr(pipeline, "CLUSTER_BATCH", 5)
    monkeypatch.setattr(pipeline, "CLUSTER_MEMORY", 8)
    arrival = docs[:]
    random.Random(seed).shuffle(arrival)
    for start in range(0, len(arrival), 5):
        for doc, claims in arrival[start : start + 5]:
            store.save_document(doc, claims)
        update_events(store)
        _every_claim_once(store)
    assert _stored(store) == _at_once(docs)
    assert clustering_status(store.conn).current


def test_replacing_and_deleting_documents_rewinds_to_them(store, monkeypatch):
    monkeypatch.setattr(pipeline, "CLUSTER_BATCH", 7)
    docs = _corpus(16)
    for doc, claims in docs:
        store.save_document(doc, claims)
    update_events(store)
    rng = random.Random(11)
    # Replace an early document with other text, delete a middle one.
    old_doc, _ = docs[2]
    newer, newer_claims = _document(old_doc.doc_id, rng)
    assert store.save_document(newer, newer_claims)
    docs[2] = (newer, newer_claims)
    assert store.delete_document(docs[9][0].doc_id)
    del docs[9]
    # The rewind took the claims from there on out of their events at once: none is half placed.
    status = clustering_status(store.conn)
    assert status.waiting_documents >= len(docs) - 2
    update_events(store)
    assert _stored(store) == _at_once(docs)
    _every_claim_once(store)
    assert not store.delete_document("feed/nothing.txt")


def test_recluster_rebuilds_the_same_events_and_a_lost_table_is_rebuilt(store):
    docs = _corpus(10)
    for doc, claims in docs:
        store.save_document(doc, claims)
    update_events(store)
    before = _stored(store)
    assert recluster(store) == len(before)
    assert _stored(store) == before
    counts = store.conn.execute("SELECT term, claims FROM term_counts ORDER BY term").fetchall()
    keys = store.conn.execute("SELECT key, ordinal, since_seq FROM event_keys ORDER BY key, ordinal").fetchall()
    store.conn.execute("DELETE FROM term_counts")
    recluster(store)
    assert store.conn.execute("SELECT term, claims FROM term_counts ORDER BY term").fetchall() == counts
    assert store.conn.execute("SELECT key, ordinal, since_seq FROM event_keys ORDER BY key, ordinal").fetchall() == keys


def test_a_batch_loads_only_the_events_its_claims_may_join(store):
    """Incremental: a new document's claims look up a few keys and load a few events, not the store."""
    docs = _corpus(300)
    for doc, claims in docs:
        store.save_document(doc, claims)
    update_events(store)
    stored_events = len(select_events(store.conn))
    rng = random.Random(5)
    while True:
        doc, claims = _document("feed/999.txt", rng, shift=20 * 99)
        if len(claims) == 2:
            break
    store.save_document(doc, claims)
    loaded: list[int] = []
    with store.clustering() as session:
        real = session.load_states

        def counting(ordinals):
            loaded.extend(ordinals)
            return real(ordinals)

        # A stored event loads as one row: its scoring state, not its members.
        session.load_states = counting  # type: ignore[method-assign]
        clusterer = Clusterer(cluster_rules(load_pack()), session, first_seq=session.next_seq())
        clusterer.add(session.pending_claims(100))
        update = clusterer.update()
        session.write(update)
    assert 0 < len(set(loaded)) <= MAX_CANDIDATES * len(claims) < stored_events / 4
    # Only the events the claims joined or founded are written.
    assert len(update.events) <= len(claims)
    assert len(select_events(store.conn)) >= stored_events


def test_postings_keep_every_event_and_lookups_see_the_newest(store):
    """The store keeps every posting; a lookup returns the KEY_CAP most recently founded, as in memory."""
    rng = random.Random(3)
    docs = [_document(f"k/{i:03d}.txt", rng) for i in range(KEY_CAP + 40)]
    for doc, claims in docs:
        store.save_document(doc, claims)
    update_events(store)
    with store.clustering() as session:
        key = "combat\x1fp\x1fua.kharkiv"
        every = store.conn.execute("SELECT COUNT(*) FROM event_keys WHERE key = ?", (key,)).fetchone()[0]
        newest = session.postings([key], KEY_CAP)[key]
    assert len(newest) == min(every, KEY_CAP)
    assert newest == sorted(newest, reverse=True)
    assert _stored(store) == _at_once(docs)


def test_placed_claims_record_their_keywords_and_rewinds_take_them_back(store):
    docs = _corpus(6)
    for doc, claims in docs:
        store.save_document(doc, claims)
    update_events(store)
    counted = dict(store.conn.execute("SELECT term, claims FROM term_counts"))
    rows = store.conn.execute("SELECT terms FROM claims WHERE seq IS NOT NULL").fetchall()
    from collections import Counter

    expected = Counter(t for (terms,) in rows for t in json.loads(terms))
    assert counted == dict(expected)
    for doc, _ in docs:
        store.delete_document(doc.doc_id)
    assert store.conn.execute("SELECT COUNT(*) FROM term_counts").fetchone()[0] == 0
    assert store.conn.execute("SELECT COUNT(*) FROM event_keys").fetchone()[0] == 0
    assert select_events(store.conn) == []
