"""The queries the web pages add: days with a digest, an entity's claims by day, series to choose, a claim's document."""

from __future__ import annotations

from datetime import date, timedelta

from hodo.store.claim_search import claim_document
from hodo.store.day import event_days
from hodo.store.entity_search import RoleDay, entity_claims, entity_days
from hodo.store.event_search import events_of_day
from hodo.store.reader import reading
from hodo.store.series import SeriesChoice, series_choices


def test_the_days_with_a_digest_are_those_with_events(api_db) -> None:
    with reading(api_db) as conn:
        days = event_days(conn)
        assert days == sorted(set(days)) and len(days) >= 3
        stated = [date.fromisoformat(r[0]) for r in conn.execute("SELECT DISTINCT stated FROM claims WHERE stated IS NOT NULL")]
        candidates = {d + timedelta(days=k) for d in [*days, *stated] for k in (-1, 0, 1)}
        with_events = sorted(d for d in candidates if events_of_day(conn, d))
    assert days == with_events


def test_an_entity_by_day_and_role(filled_db) -> None:
    with reading(filled_db) as conn:
        assert entity_days(conn, "ru.mod") == [RoleDay("2025-06-04", "claimant", 3)]
        assert entity_days(conn, "スムイ州") == [RoleDay("2025-06-04", "place", 1)]
        assert entity_days(conn, "nobody") is None


def test_an_entity_s_claims_by_day_a_page_at_a_time(filled_db) -> None:
    with reading(filled_db) as conn:
        everything = entity_claims(conn, "ru.mod", sort="-date", limit=10)
        first = entity_claims(conn, "ru.mod", sort="-date", limit=2)
        rest = entity_claims(conn, "ru.mod", sort="-date", cursor=first.claims.next, limit=2)
        oldest = entity_claims(conn, "ru.mod", sort="date", limit=10)
    ids = [c["claim_id"] for c in everything.claims.items]
    assert len(ids) == 3 and [c["claim_id"] for c in first.claims.items + rest.claims.items] == ids
    assert rest.claims.next is None
    assert [c["claim_id"] for c in oldest.claims.items] == ids[::-1]
    assert all(c["roles"] == ["claimant"] for c in everything.claims.items)


def test_series_to_choose_are_claimants_with_figures(filled_db) -> None:
    with reading(filled_db) as conn:
        choices = series_choices(conn)
    assert {(c.claimant, c.type) for c in choices} == {
        ("ru.mod", "personnel_losses"), ("ru.mod", "air_defense"), ("ua.zelenskyy", "equipment_losses"),
    }, "a claim without figures (territorial control) offers nothing to draw"  # fmt: skip
    assert SeriesChoice("ru.mod", "Ministry of Defence (Russia)", "air_defense", 1, 1) in choices


def test_the_document_of_a_claim(filled_db) -> None:
    with reading(filled_db) as conn:
        assert claim_document(conn, "call.txt#0-equipment_losses") == "call.txt"
        assert claim_document(conn, "no-such-claim") is None
