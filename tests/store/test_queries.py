"""Claim, document and entity filters over a real store."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from hodo.models import Entity
from hodo.store import Store
from hodo.store.claim_search import ClaimQuery, claim_page
from hodo.store.queries import (
    ClaimFilter,
    count_claims,
    entity_detail,
    linked_entity_ids,
    search_entities,
    select_claims,
)


@pytest.fixture
def store(db_location, sample_records):
    docs, claims = sample_records
    with Store.open(db_location) as opened:
        for doc in docs:
            opened.save_document(doc, [c for c in claims if c.doc == doc.doc_id])
        yield opened


def _types(store: Store, **kwargs) -> list[str]:
    return [c.type for c in select_claims(store.conn, ClaimFilter(**kwargs))]


def test_no_filter_gives_every_claim_in_document_order(store):
    assert _types(store) == ["equipment_losses", "personnel_losses", "air_defense", "territorial_control"]


def test_claims_of_one_sentence_come_in_the_order_extraction_found_them(tmp_path, make_document, make_claim):
    # Ids are hashes of where a document lies, so they must not order a sentence's claims: a scorer
    # pairs the first claim of a type in a sentence with the first gold row, wherever the file lay.
    doc = make_document("denial.txt", "ロシア側は攻撃を認めたが、ウクライナ側は攻撃を否定した。")
    told = make_claim(doc, 0, "strike", polarity="affirmed")
    denied = make_claim(doc, 0, "strike", polarity="denied")
    told.claim_id, denied.claim_id = "cffff", "c0000"
    with Store.open(tmp_path / "order.db") as store:
        store.save_document(doc, [told, denied])
        assert [c.polarity for c in select_claims(store.conn)] == ["affirmed", "denied"]


@pytest.mark.parametrize("needle", ["ru.mod", "RU.MOD", "露国防省", "ministry of defence (russia)"])
def test_claimant_matches_id_name_or_surface_form_case_insensitively(store, needle):
    assert _types(store, claimant=needle) == ["personnel_losses", "air_defense", "territorial_control"]


def test_place_and_type_and_doc_filters(store):
    assert _types(store, place="スムイ州") == ["territorial_control"]
    assert _types(store, place="Sumy Oblast", type="strike") == []
    assert _types(store, doc="call.txt") == ["equipment_losses"]
    assert _types(store, claimant="nobody") == []


def test_dates_use_when_then_stated(store):
    assert _types(store, since=date(2025, 6, 4)) == ["personnel_losses", "air_defense", "territorial_control"]
    assert _types(store, until=date(2025, 6, 2)) == ["equipment_losses"]
    assert _types(store, since=date(2025, 6, 5)) == []


def test_contains_uses_trigrams_and_falls_back_to_like_for_short_needles(store):
    assert _types(store, contains="無人機55") == ["air_defense"]
    assert _types(store, contains="撃墜") == ["air_defense"]
    assert _types(store, contains='"引用"') == []
    assert _types(store, contains="%") == []


def test_limit(store):
    assert len(_types(store, limit=2)) == 2


def test_entities_are_counted_by_role_and_searchable(store):
    everything = search_entities(store.conn)
    assert everything[0].id == "ru.mod"
    assert everything[0].counts == {"claimant": 3}
    [sumy] = search_entities(store.conn, "sumy")
    assert sumy.counts == {"place": 1}
    assert search_entities(store.conn, "no such thing") == []


def test_entity_detail_lists_forms_and_claims_by_role(store):
    detail = entity_detail(store.conn, "ゼレンスキー大統領")
    assert detail is not None
    assert detail.entity.id == "ua.zelenskyy"
    assert detail.surface_forms == ["ゼレンスキー大統領"]
    assert [c.type for c in detail.claims["claimant"]] == ["equipment_losses"]
    assert entity_detail(store.conn, "nobody") is None


# Lists of one entity's claims are cut from the entity rows' own document order (schema v8); the
# same filter with any further condition takes the general path. Both must give the same claims.
MOD = Entity(id="ru.mod", name="Ministry of Defence (Russia)", kind="organization", text="露国防省")
ZELENSKY = Entity(id="ua.zelenskyy", name="Volodymyr Zelenskyy", kind="person", text="ゼレンスキー大統領")
KHARKIV = Entity(id="ua.kharkiv", name="Kharkiv", kind="place", text="ハルキウ")
KHARKIV_OLD_SPELLING = Entity(id="ua.kharkiv", name="Kharkiv", kind="place", text="ハリコフ")
# Another linked place written with the same surface form: a needle of that form names both.
KHARKIV_OBLAST = Entity(id="ua.kharkiv_oblast", name="Kharkiv Oblast", kind="place", text="ハルキウ")
VILLAGE = Entity(id=None, name="ノボ村", kind="place", text="ノボ村")
VILLAGE_OTHER_FORM = Entity(id=None, name="ノボ村", kind="place", text="ノヴォ村")
ANOTHER_VILLAGE_SAME_FORM = Entity(id=None, name="別の村", kind="place", text="ノボ村")
PLACE_SETS = [
    [KHARKIV, KHARKIV_OLD_SPELLING],  # one claim, two rows of one entity
    [KHARKIV_OBLAST],
    [VILLAGE],  # unlinked, its name and its form both the needle
    [VILLAGE_OTHER_FORM, ANOTHER_VILLAGE_SAME_FORM],
    [],
]


@pytest.fixture
def entity_store(db_location, make_document, make_claim):
    docs = [make_document(f"d{n}.txt", "\n".join(f"文{n}の{i}。" for i in range(4))) for n in range(5)]
    with Store.open(db_location) as opened:
        # Stored last to first, with ids that sort neither way: only the document order may order a list.
        for n, doc in reversed(list(enumerate(docs))):
            claims = []
            for i in range(4):
                k = 4 * n + i
                for kind in ("strike", "air_defense")[: 1 + (k % 3 == 0)]:
                    claim = make_claim(
                        doc, i, kind, claimant=MOD if k % 2 else ZELENSKY, places=PLACE_SETS[k % len(PLACE_SETS)]
                    )
                    claim.claim_id = hashlib.sha256(f"{k}{kind}".encode()).hexdigest()[:12]
                    claims.append(claim)
            opened.save_document(doc, claims)
        yield opened


def _page_through(conn, query: ClaimQuery, size: int) -> tuple[list[str], set[int]]:
    ids, totals, cursor = [], set(), None
    while True:
        page = claim_page(conn, query, cursor=cursor, limit=size)
        ids += [record["claim_id"] for record in page.items]
        totals.add(page.total)
        if page.next is None:
            return ids, totals
        cursor = page.next


@pytest.mark.parametrize(
    ("role", "needle", "expected"),
    [
        ("place", "ua.kharkiv", 6),
        ("place", "UA.KHARKIV", 6),
        ("place", "ハリコフ", 6),  # a form of ua.kharkiv: every claim naming it, in any form
        ("place", "ハルキウ", 11),  # a form of two linked places
        ("place", "ノボ村", 11),  # unlinked: by name or by form, each claim once
        ("place", "ノヴォ村", 6),
        ("claimant", "ru.mod", 13),
        ("claimant", "nobody", 0),
    ],
)
def test_one_entitys_claims_page_like_the_general_filter(entity_store, role, needle, expected):
    conn = entity_store.conn
    everything = [c.claim_id for c in select_claims(conn, ClaimFilter(**{role: needle}))]
    assert len(everything) == expected
    assert count_claims(conn, ClaimFilter(**{role: needle})) == expected
    for size in range(1, expected + 2):
        assert [c.claim_id for c in select_claims(conn, ClaimFilter(**{role: needle}, limit=size))] == everything[:size]
    for size in (1, 2, 4):
        # Every stored claim is affirmed: the polarity filter only sends the same list down the general path.
        assert _page_through(conn, ClaimQuery(**{role: needle}), size) == (everything, {expected})
        assert _page_through(conn, ClaimQuery(**{role: needle}, polarity="affirmed"), size) == (everything, {expected})


def test_a_needle_finds_every_linked_entity_it_names(entity_store):
    conn = entity_store.conn
    assert linked_entity_ids(conn, "ハルキウ") == ["ua.kharkiv", "ua.kharkiv_oblast"]
    assert linked_entity_ids(conn, "kharkiv") == ["ua.kharkiv"]
    assert linked_entity_ids(conn, "ノボ村") == []
