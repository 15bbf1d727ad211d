"""Incremental clustering of claims into events.

Claims are taken one sentence at a time in the order given; each joins the
best-scoring event among a bounded set of candidates or founds a new one. Candidates come
from blocking keys (type family × day, place, participant, figure, keyword,
and the claim's own document), and every key keeps only the most recently
founded events that hold it, so the cost per claim is bounded and clustering
n claims grows as n (times the log of the cap), never with all pairs.

Because a claim's fate depends only on the events formed by the sentences
before its own, clustering everything at once equals clustering document
batches in order and passing the previous result back as ``existing`` (a batch
must not cut a sentence's claims apart; whole documents never do).
"""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from datetime import timedelta
from operator import itemgetter

from hodo.cluster.contest import discrepancies
from hodo.cluster.corroboration import corroboration, event_outlets, independent
from hodo.cluster.similarity import ClaimProfile, ClusterRules, EventState, TermStats, cluster_rules, score
from hodo.cluster.titles import make_title
from hodo.models import Claim, DateRange, Entity, Event
from hodo.packs import Pack, load_pack

# A claim joins an event when its score reaches this; tuned on the shared gold.
JOIN_THRESHOLD = 1.3
# Events remembered per blocking key (the most recently founded ones).
KEY_CAP = 64
# Events scored per claim at most: those sharing the most blocking keys with it.
MAX_CANDIDATES = 32
DOC_VOTES = 4
# Keywords of a claim used to look events up: its rarest ones.
LOOKUP_TERMS = 6
# Long date ranges ("last week") index their ends only, not every day.
MAX_INDEXED_DAYS = 3


def event_id_for(claim_id: str) -> str:
    """Stable: an event is named after its founding claim, whoever joins later."""
    return "ev-" + hashlib.sha1(claim_id.encode("utf-8")).hexdigest()[:12]


def _days(dates: DateRange, slack: int = 0) -> Iterator[str]:
    span = (dates.end - dates.start).days
    if span < MAX_INDEXED_DAYS:
        days = [dates.start + timedelta(days=i) for i in range(-slack, span + 1 + slack)]
    else:
        days = [dates.start, dates.end]
    for day in days:
        yield day.isoformat()


class _Clusterer:
    def __init__(self, rules: ClusterRules) -> None:
        self.rules = rules
        self.events: list[EventState] = []
        self.stats = TermStats()
        self.postings: dict[tuple[str, ...], list[int]] = {}
        self.keys_of: list[set[tuple[str, ...]]] = []

    def _index_keys(self, profile: ClaimProfile) -> set[tuple[str, ...]]:
        keys: set[tuple[str, ...]] = {("doc", profile.claim.doc)}
        for family in self.rules.families(profile.claim.type):
            if profile.dates is not None:
                keys.update((family, "d", day) for day in _days(profile.dates))
            keys.update((family, "p", p) for p in profile.places)
            keys.update((family, "a", a) for a in profile.participants)
            keys.update((family, "f", f) for f in profile.figures)
            keys.update((family, "k", t) for t in profile.terms)
        return keys

    def _lookup_keys(self, profile: ClaimProfile) -> set[tuple[str, ...]]:
        keys: set[tuple[str, ...]] = set()
        # The rarest keywords are those counted in the fewest claims so far.
        log_df = self.stats.log_df
        rare = [t for _, t in sorted((log_df.get(t, 0.0), t) for t in profile.terms)[:LOOKUP_TERMS]]
        for family in self.rules.families(profile.claim.type):
            if profile.dates is not None:
                keys.update((family, "d", day) for day in _days(profile.dates, slack=1))
            keys.update((family, "p", p) for p in profile.places)
            keys.update((family, "a", a) for a in profile.participants)
            keys.update((family, "f", f) for f in profile.figures)
            keys.update((family, "k", t) for t in rare)
        return keys

    def _candidates(self, profile: ClaimProfile) -> list[int]:
        """The events sharing the most keys with the claim, most first (newest first on ties).

        Scoring the likeliest events first raises the bar early, so that most of
        the rest are turned away before their costly lexical comparison.
        """
        hits: list[int] = []
        for key in self._lookup_keys(profile):
            hits.extend(self.postings.get(key, ()))
        # A shared document is worth several shared words: reports restate their own news.
        hits.extend(self.postings.get(("doc", profile.claim.doc), ()) * DOC_VOTES)
        votes = Counter(hits)
        ranked = sorted(votes.items(), key=itemgetter(1, 0), reverse=True)
        return [index for index, _ in ranked[:MAX_CANDIDATES]]

    def _post(self, index: int, profile: ClaimProfile) -> None:
        mine = self.keys_of[index]
        for key in self._index_keys(profile) - mine:
            mine.add(key)
            heap = self.postings.setdefault(key, [])
            # Keeping the top indices makes the posting independent of arrival order.
            if len(heap) < KEY_CAP:
                heapq.heappush(heap, index)
            elif index > heap[0]:
                heapq.heapreplace(heap, index)

    def _join(self, index: int, profile: ClaimProfile) -> None:
        self.events[index].add(profile)
        self._post(index, profile)

    def found(self, profile: ClaimProfile, event_id: str) -> int:
        index = len(self.events)
        self.events.append(EventState(index=index, event_id=event_id))
        self.keys_of.append(set())
        self._join(index, profile)
        return index

    def seed(self, event: Event, claims: Mapping[str, Claim]) -> None:
        members = [claims[cid] for cid in event.claims if cid in claims]
        if not members:
            return
        first = ClaimProfile.of(members[0], self.rules)
        self.stats.add(first.terms)
        index = self.found(first, event.event_id)
        for claim in members[1:]:
            profile = ClaimProfile.of(claim, self.rules)
            self.stats.add(profile.terms)
            self._join(index, profile)

    def _best(self, profile: ClaimProfile) -> tuple[float, int]:
        """The claim's best event and its score; index -1 when none reaches the threshold."""
        best, best_score = -1, JOIN_THRESHOLD
        query = self.stats.query(profile.terms)
        for index in self._candidates(profile):
            s = score(profile, self.events[index], self.stats, query, best_score)
            # Ties go to the oldest event, whatever the order candidates come in.
            if s > best_score or (s == best_score and (best < 0 or index < best)):
                best, best_score = index, s
        return (best_score if best >= 0 else float("-inf")), best

    def add_sentence(self, claims: Sequence[Claim]) -> None:
        """Place the claims of one sentence, the surest first.

        Claims of one sentence follow each other (the same words, no distance),
        so the first placed pulls its siblings along; the extractor lists them
        in no meaningful order, so the one that fits an event best goes first,
        then the rest are scored again. Ties go by claim id.
        """
        profiles = [ClaimProfile.of(c, self.rules) for c in claims]
        for profile in profiles:
            self.stats.add(profile.terms)
        while profiles:
            (_, best), profile = max(
                ((self._best(p), p) for p in profiles), key=lambda x: (x[0][0], x[1].claim.claim_id)
            )
            profiles.remove(profile)
            if best < 0:
                self.found(profile, event_id_for(profile.claim.claim_id))
            else:
                self._join(best, profile)


def _sentences(claims: Sequence[Claim]) -> Iterator[Sequence[Claim]]:
    """Runs of consecutive claims from one sentence (same document and span)."""
    start = 0
    for end in range(1, len(claims) + 1):
        if end == len(claims) or (claims[end].doc, claims[end].span) != (claims[start].doc, claims[start].span):
            yield claims[start:end]
            start = end


def _distinct(entities: Sequence[Entity | None]) -> list[Entity]:
    seen: dict[str, Entity] = {}
    for e in entities:
        if e is not None:
            seen.setdefault(e.id or e.name or e.text, e)
    return list(seen.values())


def _union(dates: Sequence[DateRange | None]) -> DateRange | None:
    known = [d for d in dates if d is not None]
    if not known:
        return None
    return DateRange(min(d.start for d in known), max(d.end for d in known))


def _majority_type(claims: Sequence[Claim]) -> str:
    counts = Counter(c.type for c in claims)
    # Ties go to the type that came first, so an event keeps its founder's type.
    order = {t: i for i, t in reversed(list(enumerate(c.type for c in claims)))}
    return min(counts, key=lambda t: (-counts[t], order[t]))


def _build(state: EventState, rules: ClusterRules) -> Event:
    claims = [m.claim for m in state.members]
    event_type = _majority_type(claims)
    when = _union([c.when for c in claims])
    places = sorted(_distinct([p for c in claims for p in c.places]), key=lambda e: e.name)
    # Copies carry no word of their own: only independent claims can disagree.
    found = discrepancies(independent(claims))
    outlets, copy_outlets = event_outlets(claims)
    return Event(
        event_id=state.event_id,
        type=event_type,
        title=make_title(event_type, claims, when, rules.labels()),
        when=when,
        places=places,
        participants=_distinct([e for c in claims for e in (c.actor, c.target)]),
        claims=[c.claim_id for c in claims],
        claimants=_distinct([c.claimant for c in claims]),
        outlets=outlets,
        contested=bool(found),
        discrepancies=found,
        copy_outlets=copy_outlets,
        corroboration=corroboration(claims),
    )


def cluster_claims(
    claims: Sequence[Claim],
    existing: Sequence[Event] = (),
    *,
    existing_claims: Mapping[str, Claim] | None = None,
    pack: Pack | None = None,
) -> list[Event]:
    """Group claims into events, adding to ``existing`` ones; returns every event.

    ``existing_claims`` maps the claim ids of ``existing`` events to their claims;
    without them an existing event cannot attract newcomers and is returned as is.
    Pass ``existing`` in the order a previous call returned them. ``pack``
    (default: the default pack) says how claims join (events.toml).
    """
    clusterer = _Clusterer(cluster_rules(pack or load_pack()))
    known = existing_claims or {}
    untouched: dict[int, Event] = {}
    order: list[tuple[str, int]] = []
    for event in existing:
        if any(cid in known for cid in event.claims):
            clusterer.seed(event, known)
            order.append(("state", len(clusterer.events) - 1))
        else:
            untouched[len(order)] = event
            order.append(("kept", len(order)))
    seeded = len(clusterer.events)
    for sentence in _sentences(claims):
        clusterer.add_sentence(sentence)
    result: list[Event] = []
    for kind, index in order:
        result.append(untouched[index] if kind == "kept" else _build(clusterer.events[index], clusterer.rules))
    result.extend(_build(state, clusterer.rules) for state in clusterer.events[seeded:])
    return result
