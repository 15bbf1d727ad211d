"""Claim, document and entity filters over a real store."""

from __future__ import annotations

from datetime import date

import pytest

from hodo.store import Store
from hodo.store.queries import ClaimFilter, entity_detail, search_entities, select_claims


@pytest.fixture
def store(tmp_path, sample_records):
    docs, claims = sample_records
    with Store.open(tmp_path / "hodo.db") as opened:
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
