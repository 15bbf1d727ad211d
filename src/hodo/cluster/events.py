"""Incremental clustering of claims into events.

Claims are taken one sentence at a time in the order given; each joins the
best-scoring event among a bounded set of candidates or founds a new one. Candidates come
from blocking keys (type family × day, place, participant, figure, keyword,
and the claim's own document), and every key keeps only the most recently
founded events that hold it, so the cost per claim is bounded and clustering
n claims grows as n (times the log of the cap), never with all pairs.

Because a claim's fate depends only on the events formed by the sentences
before its own, clustering everything at once equals clustering batches in
order, each starting from what the previous ones left (a batch must not cut a
sentence's claims apart). That is how the store is clustered: a
:class:`Clusterer` draws what it needs from an :class:`EventSource` (the
store's postings of each blocking key, the keyword counts, the candidate
events with their members) only when a claim asks for it, and hands back a
:class:`ClusterUpdate` of what changed. Its memory is what the batch touched,
whatever the store holds.

Every position is a claim's ``seq``, its place in the clustering order; an
event's ordinal is its founder's seq, so "most recently founded" and "oldest
event" compare ordinals, in memory and in the store alike.
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import timedelta
from operator import itemgetter
from typing import Protocol

from hodo.cluster.contest import discrepancies
from hodo.cluster.corroboration import corroboration, event_outlets, independent
from hodo.cluster.similarity import (
    PRIOR_CLAIMS,
    ClaimProfile,
    ClusterRules,
    EventState,
    TermStats,
    cluster_rules,
    ruled_out,
    score,
)
from hodo.cluster.state import KEPT_MEMBERS, decode_state, decode_summary, encode_state, trim_members
from hodo.cluster.titles import make_title
from hodo.models import Claim, ClusterUpdate, DateRange, Entity, Event, PlacedClaim, StoredEvent
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
# Summaries of events left unloaded (see _load_events) a clusterer keeps, at most.
MAX_PARKED = 20_000
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


class EventSource(Protocol):
    """Where a clusterer finds the events placed before its batch (the store, in a pipeline)."""

    def postings(self, keys: Sequence[str], cap: int) -> dict[str, list[int]]:
        """For each key, the ordinals of the ``cap`` most recently founded events that hold it."""
        ...

    def term_counts(self, terms: Collection[str]) -> dict[str, int]:
        """How many placed claims hold each keyword (absent: none)."""
        ...

    def load_events(self, ordinals: Collection[int]) -> list[StoredEvent]:
        """The events with these ordinals, each with its members in the order they joined."""
        ...

    def load_states(self, ordinals: Collection[int]) -> dict[int, tuple[str, str | None]]:
        """Each event's id and its stored scoring state (None when it must be rebuilt from its members)."""
        ...

    def stale_states(self, ordinals: Collection[int]) -> list[int]:
        """Those of these events whose scoring state must be rebuilt from their members."""
        ...


def _key(*parts: str) -> str:
    # One string per key, so that the store can index it as it is.
    return "\x1f".join(parts)


class Clusterer:
    """Places claims into events, loading stored events, postings and counts on demand.

    ``first_seq`` is how many claims were placed before (the next claim's seq);
    without a ``source`` the clusterer starts from nothing and holds every
    member of its events in memory. With one, events keep only the members
    scoring reads (cluster/state.py), their states go to the store with each
    update, and their records are built from the stored members by
    ``rebuild``.
    """

    def __init__(self, rules: ClusterRules, source: EventSource | None = None, *, first_seq: int = 0) -> None:
        self.rules = rules
        self.source = source
        self.compact = source is not None
        self.events: dict[int, EventState] = {}
        # Per key, a min-heap of the top KEY_CAP ordinals, once loaded from the source.
        self.postings: dict[str, list[int]] = {}
        # Ordinals posted to keys not loaded yet: merged in when a claim looks the key up.
        self._unloaded: dict[str, list[int]] = {}
        # (key, ordinal) pairs this clusterer has posted.
        self._posted: set[tuple[str, int]] = set()
        self.stats = TermStats(claims=first_seq, log_total=math.log(PRIOR_CLAIMS + first_seq))
        self._known_terms: set[str] = set()
        self.seq = first_seq
        self._changed: set[int] = set()
        # Of those, the events founded since the last update (not in the store yet).
        self._founded: set[int] = set()
        # Events to write with records built from all their members (rebuild), with those members.
        self._rebuilt: dict[int, StoredEvent] = {}
        self._placed: list[PlacedClaim] = []
        self._new_postings: list[tuple[str, int, int]] = []
        self._term_counts: Counter[str] = Counter()
        # Member profiles held in self.events: what this clusterer costs in memory.
        self.held = 0
        # When each event was last scored or joined (a running count), for trim().
        self._used: dict[int, int] = {}
        # Events founded here whose every member is held: their records need no rebuild.
        self._whole: set[int] = set()
        # The summaries of stored events read but left unloaded (see _load_events).
        self._parked: dict[int, EventState] = {}
        self._clock = 0

    # -- what comes from the source -----------------------------------------

    def _know_terms(self, terms: Iterable[str]) -> None:
        missing = [t for t in set(terms) if t not in self._known_terms]
        if not missing:
            return
        self._known_terms.update(missing)
        if self.source is None:
            return
        for term, n in self.source.term_counts(missing).items():
            if n > 0:
                self.stats.df[term] = n
                self.stats.log_df[term] = math.log(1 + n)

    def _load_postings(self, keys: Iterable[str]) -> None:
        missing = [k for k in keys if k not in self.postings]
        if not missing:
            return
        stored = self.source.postings(missing, KEY_CAP) if self.source is not None else {}
        for key in missing:
            ordinals = set(stored.get(key, ())) | set(self._unloaded.pop(key, ()))
            heap = heapq.nlargest(KEY_CAP, ordinals)
            heapq.heapify(heap)
            self.postings[key] = heap

    def _load_events(self, ordinals: Iterable[int], profile: ClaimProfile | None = None) -> None:
        """Have these stored events in memory, but those whose summary rules ``profile`` out.

        Of those only the summary is kept: in a large store most candidates a
        claim's keys bring up are events of other days, and decoding their
        members would cost more than everything else the claim needs.
        """
        missing = [o for o in ordinals if o not in self.events]
        if not missing or self.source is None:
            return

        def wanted(summary: EventState) -> bool:
            return profile is None or not ruled_out(profile, summary)

        # A parked event is read again only when this claim's profile lets it through.
        unread = [o for o in missing if o not in self._parked or wanted(self._parked[o])]
        vetted = {o for o in unread if o in self._parked}
        if len(self._parked) >= MAX_PARKED:
            self._parked.clear()
        replay = []
        for ordinal, (_, text) in self.source.load_states(unread).items() if unread else ():
            if text is None:
                replay.append(ordinal)
                continue
            if ordinal not in vetted:
                summary = decode_summary(text, self.rules)
                if not wanted(summary):
                    self._parked[ordinal] = summary
                    continue
            state = decode_state(text, self.rules)
            self._know_terms(t for p in state.members for t in p.terms)
            self._know_terms(state.window)
            self._hold(ordinal, state)
        for stored in self.source.load_events(replay) if replay else ():
            self._hold(stored.ordinal, self._replayed(stored))
            self._changed.add(stored.ordinal)  # its state goes back to the store, made afresh

    def _replayed(self, stored: StoredEvent) -> EventState:
        """An event's state made again from all its members (a rewind took some of them)."""
        state = EventState(index=stored.ordinal, event_id=stored.event_id)
        profiles = [ClaimProfile.of(c, self.rules) for c in stored.members]
        self._know_terms(t for p in profiles for t in p.terms)
        for profile in profiles:
            state.add(profile)
        return state

    def _hold(self, ordinal: int, state: EventState) -> None:
        self._parked.pop(ordinal, None)
        self._whole.discard(ordinal)
        if self.compact:
            trim_members(state)
        self.held += len(state.members)
        self.events[ordinal] = state

    # -- blocking -----------------------------------------------------------

    def _index_keys(self, profile: ClaimProfile) -> set[str]:
        keys: set[str] = {_key("doc", profile.claim.doc)}
        for family in self.rules.families(profile.claim.type):
            if profile.dates is not None:
                keys.update(_key(family, "d", day) for day in _days(profile.dates))
            keys.update(_key(family, "p", p) for p in profile.places)
            keys.update(_key(family, "a", a) for a in profile.participants)
            keys.update(_key(family, "f", f) for f in profile.figures)
            keys.update(_key(family, "k", t) for t in profile.terms)
        return keys

    def _lookup_keys(self, profile: ClaimProfile) -> set[str]:
        keys: set[str] = set()
        # The rarest keywords are those counted in the fewest claims so far.
        log_df = self.stats.log_df
        rare = [t for _, t in sorted((log_df.get(t, 0.0), t) for t in profile.terms)[:LOOKUP_TERMS]]
        for family in self.rules.families(profile.claim.type):
            if profile.dates is not None:
                keys.update(_key(family, "d", day) for day in _days(profile.dates, slack=1))
            keys.update(_key(family, "p", p) for p in profile.places)
            keys.update(_key(family, "a", a) for a in profile.participants)
            keys.update(_key(family, "f", f) for f in profile.figures)
            keys.update(_key(family, "k", t) for t in rare)
        return keys

    def _candidates(self, profile: ClaimProfile) -> list[int]:
        """The events sharing the most keys with the claim, most first (newest first on ties).

        Scoring the likeliest events first raises the bar early, so that most of
        the rest are turned away before their costly lexical comparison.
        """
        lookup = self._lookup_keys(profile)
        doc_key = _key("doc", profile.claim.doc)
        self._load_postings([*lookup, doc_key])
        hits: list[int] = []
        for key in lookup:
            hits.extend(self.postings[key])
        # A shared document is worth several shared words: reports restate their own news.
        hits.extend(self.postings[doc_key] * DOC_VOTES)
        votes = Counter(hits)
        ranked = sorted(votes.items(), key=itemgetter(1, 0), reverse=True)
        chosen = [ordinal for ordinal, _ in ranked[:MAX_CANDIDATES]]
        self._load_events(chosen, profile)
        # Those left parked could only score 0.
        chosen = [ordinal for ordinal in chosen if ordinal in self.events]
        self._clock += 1
        for ordinal in chosen:
            self._used[ordinal] = self._clock
        return chosen

    def _post(self, ordinal: int, profile: ClaimProfile, seq: int) -> None:
        # A key the event held already changes nothing (the store keeps the seq of the claim
        # that brought it first); the ones this clusterer posted are not sent twice.
        posted = self._posted
        for key in self._index_keys(profile):
            if (key, ordinal) in posted:
                continue
            posted.add((key, ordinal))
            self._new_postings.append((key, ordinal, seq))
            heap = self.postings.get(key)
            if heap is None:
                self._unloaded.setdefault(key, []).append(ordinal)
            elif ordinal in heap:
                continue
            # Keeping the top ordinals makes the posting independent of arrival order.
            elif len(heap) < KEY_CAP:
                heapq.heappush(heap, ordinal)
            elif ordinal > heap[0]:
                heapq.heapreplace(heap, ordinal)

    # -- placing ------------------------------------------------------------

    def _join(self, ordinal: int, profile: ClaimProfile, seq: int) -> None:
        state = self.events[ordinal]
        state.add(profile)
        self.held += 1
        if self.compact and len(state.members) > KEPT_MEMBERS:
            trim_members(state)
            self.held -= 1
            self._whole.discard(ordinal)
        self._post(ordinal, profile, seq)
        self._changed.add(ordinal)
        self._placed.append(
            PlacedClaim(
                profile.claim.claim_id, profile.claim.doc, seq, self.events[ordinal].event_id, sorted(profile.terms)
            )
        )

    def _found(self, profile: ClaimProfile, event_id: str, seq: int) -> int:
        self.events[seq] = EventState(index=seq, event_id=event_id)
        self._founded.add(seq)
        self._whole.add(seq)
        self._join(seq, profile, seq)
        return seq

    def _next_seq(self) -> int:
        self.seq += 1
        return self.seq - 1

    def _count(self, profile: ClaimProfile) -> None:
        self.stats.add(profile.terms)
        self._term_counts.update(profile.terms.keys())

    def seed(self, event: Event, members: Sequence[Claim]) -> int:
        """Take in an event placed before, members in order, as if its claims had just been placed."""
        profiles = [ClaimProfile.of(c, self.rules) for c in members]
        for profile in profiles:
            self._count(profile)
        ordinal = self._found(profiles[0], event.event_id, self._next_seq())
        for profile in profiles[1:]:
            self._join(ordinal, profile, self._next_seq())
        return ordinal

    def _best(self, profile: ClaimProfile) -> tuple[float, int]:
        """The claim's best event and its score; ordinal -1 when none reaches the threshold."""
        best, best_score = -1, JOIN_THRESHOLD
        query = self.stats.query(profile.terms)
        for ordinal in self._candidates(profile):
            s = score(profile, self.events[ordinal], self.stats, query, best_score)
            # Ties go to the oldest event, whatever the order candidates come in.
            if s > best_score or (s == best_score and (best < 0 or ordinal < best)):
                best, best_score = ordinal, s
        return (best_score if best >= 0 else float("-inf")), best

    def add_sentence(self, claims: Sequence[Claim]) -> None:
        """Place the claims of one sentence, the surest first.

        Claims of one sentence follow each other (the same words, no distance),
        so the first placed pulls its siblings along; the extractor lists them
        in no meaningful order, so the one that fits an event best goes first,
        then the rest are scored again.
        """
        profiles = [ClaimProfile.of(c, self.rules) for c in claims]
        self._know_terms(t for p in profiles for t in p.terms)
        for profile in profiles:
            self._count(profile)
        while profiles:
            # Ties go to the claim extracted first: ids hash where a document lies, so they must not decide.
            (_, best), _, profile = max(
                ((self._best(p), -i, p) for i, p in enumerate(profiles)), key=lambda x: (x[0][0], x[1])
            )
            profiles.remove(profile)
            if best < 0:
                self._found(profile, event_id_for(profile.claim.claim_id), self._next_seq())
            else:
                self._join(best, profile, self._next_seq())

    def add(self, claims: Sequence[Claim]) -> None:
        """Place claims in order, sentence by sentence."""
        for sentence in _sentences(claims):
            self.add_sentence(sentence)

    def rebuild(self, ordinals: Collection[int]) -> None:
        """Have these stored events' records built again from all their members, and written."""
        if self.source is None:
            self._changed.update(o for o in ordinals if o in self.events)
            return
        stored_events = self.source.load_events(ordinals)
        # An event not held needs its state only when a rewind took it (it is made again from the
        # members); otherwise the stored one is current, and the record is all there is to build.
        absent = [stored.ordinal for stored in stored_events if stored.ordinal not in self.events]
        stale = set(self.source.stale_states(absent)) if absent else set()
        for stored in stored_events:
            if stored.ordinal in stale:
                self._hold(stored.ordinal, self._replayed(stored))
                self._changed.add(stored.ordinal)
            self._rebuilt[stored.ordinal] = stored

    def event(self, ordinal: int) -> Event:
        state = self.events[ordinal]
        return _build(state.event_id, [m.claim for m in state.members], self.rules)

    def trim(self, limit: int) -> None:
        """Forget the least recently used events until at most ``limit`` // 2 members are held.

        Only between batches, once the update is written: a forgotten event is
        loaded again from the store when a claim asks for it.
        """
        if self.held <= limit:
            return
        assert not self._changed and not self._placed, "trim() after update(), not before"
        for ordinal in sorted(self.events, key=lambda o: self._used.get(o, -1)):
            if self.held <= limit // 2:
                break
            self.held -= len(self.events.pop(ordinal).members)
            self._used.pop(ordinal, None)
            self._whole.discard(ordinal)
        self._posted.clear()

    def update(self, *, defer: bool = False) -> ClusterUpdate:
        """What the claims placed since the last update changed, for the store to write.

        Without a source every changed event's record is built from its members.
        With one, a record is built from all members only for the events
        ``rebuild`` was asked for; the others that changed are written with a
        record of what is held and marked for a rebuild (``touched``), so that an
        event growing in every batch is built once, not once a batch. ``defer``
        does the same without a source. Once it is written the clusterer may go
        on with the next batch: what it holds is then what the store holds (the
        caller checks that no one else wrote in between).
        """
        changed = self._changed | self._founded
        if self.source is None and not defer:
            records = [(o, self.event(o)) for o in sorted(changed)]
            touched: list[int] = []
        else:
            built = set(self._rebuilt)
            # An event founded here that has not outgrown what is held is built whole now, once and for all.
            whole = (changed - built) & self._whole
            records = [
                (o, _build(self._rebuilt[o].event_id, self._rebuilt[o].members, self.rules) if o in built else self.event(o))
                for o in sorted(built | self._founded | whole)
            ]
            touched = sorted(changed - built - whole)
        update = ClusterUpdate(
            placed=self._placed,
            events=records,
            postings=self._new_postings,
            term_counts=dict(self._term_counts),
            touched=touched,
            states=[(o, encode_state(self.events[o])) for o in sorted(changed | set(self._rebuilt)) if o in self.events]
            if self.compact
            else [],
        )
        self._placed, self._new_postings = [], []
        self._changed.clear()
        self._founded.clear()
        self._rebuilt.clear()
        self._term_counts.clear()
        # Written, those postings are the store's: a later load finds them there.
        self._unloaded.clear()
        return update


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


def _build(event_id: str, claims: list[Claim], rules: ClusterRules) -> Event:
    event_type = _majority_type(claims)
    when = _union([c.when for c in claims])
    places = sorted(_distinct([p for c in claims for p in c.places]), key=lambda e: e.name)
    # Copies carry no word of their own: only independent claims can disagree.
    found = discrepancies(independent(claims))
    outlets, copy_outlets = event_outlets(claims)
    return Event(
        event_id=event_id,
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
    """Group claims into events in memory, adding to ``existing`` ones; returns every event.

    ``existing_claims`` maps the claim ids of ``existing`` events to their claims;
    without them an existing event cannot attract newcomers and is returned as is.
    Pass ``existing`` in the order a previous call returned them. ``pack``
    (default: the default pack) says how claims join (events.toml).
    """
    clusterer = Clusterer(cluster_rules(pack or load_pack()))
    known = existing_claims or {}
    order: list[Event | int] = []
    for event in existing:
        members = [known[cid] for cid in event.claims if cid in known]
        order.append(clusterer.seed(event, members) if members else event)
    seeded = set(clusterer.events)
    clusterer.add(claims)
    result = [item if isinstance(item, Event) else clusterer.event(item) for item in order]
    result.extend(clusterer.event(o) for o in sorted(clusterer.events) if o not in seeded)
    return result
