"""What makes two claims speak of one happening, and how strongly.

A claim is reduced once to a :class:`ClaimProfile` (dates, places, participants,
figures, keywords); an event keeps the running union of its members' profiles
in :class:`EventState`, so scoring a claim against an event costs as much as
the claim's own features, never the event's size.

Lexical similarity is a small TF-IDF over keyword runs written here rather than
a library vectorizer: Japanese has no spaces, the runs we need (katakana names,
kanji compounds cut into bigrams, Latin words) are two regexes, and the
document frequencies must grow claim by claim so that clustering stays
incremental — a fitted scikit-learn vocabulary would not.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from hodo.models import Claim, DateRange, Entity
from hodo.packs import Pack
from hodo.packs.views import each, pack_field, view

# A claim of a type with outcome affinities that names no subject is scored as
# this kind of its own: see ClusterRules.kind.
OUTCOME_SUFFIX = ":outcome"


@dataclass(frozen=True)
class Weights:
    """What each kind of evidence adds to a claim's score against an event (events.toml [weights])."""

    lexical: float = pack_field("events:weights.lexical")
    date: float = pack_field("events:weights.date")
    date_apart: float = pack_field("events:weights.date_apart")
    stated_apart: float = pack_field("events:weights.stated_apart")
    place: float = pack_field("events:weights.place")
    place_apart: float = pack_field("events:weights.place_apart")
    new_party: float = pack_field("events:weights.new_party")
    theatre_apart: float = pack_field("events:weights.theatre_apart")
    participant: float = pack_field("events:weights.participant")
    figure: float = pack_field("events:weights.figure")
    # Shared figures add at most this much, however many there are.
    figure_cap: float = pack_field("events:weights.figure_cap")
    subject: float = pack_field("events:weights.subject")
    subject_apart: float = pack_field("events:weights.subject_apart")
    claimant: float = pack_field("events:weights.claimant")
    day_apart_nearby: float = pack_field("events:weights.day_apart_nearby")
    near: float = pack_field("events:weights.near")
    same_doc: float = pack_field("events:weights.same_doc")


@dataclass(frozen=True, eq=False)
class TypeEvents:
    """How claims of one type join events (one [[type]] of events.toml)."""

    name: str = pack_field("name")
    label: str | None = pack_field("label")
    families: tuple[str, ...] = pack_field("families")
    affinity: dict[str, float] = pack_field("affinity")
    outcome_affinity: dict[str, float] = pack_field("outcome_affinity")
    theatre: bool = pack_field("theatre")
    theatre_from_actor: bool = pack_field("theatre_from_actor")
    theatre_from_target: bool = pack_field("theatre_from_target")
    place_bound: bool = pack_field("place_bound")
    exclusive_places: bool = pack_field("exclusive_places")
    named_parties: int | None = pack_field("named_parties")


_NO_TYPE = TypeEvents("", None, (), {}, {}, False, False, False, False, False, None)


@dataclass(frozen=True, eq=False)
class ClusterRules:
    """What the pack says about clustering: the weights and, per claim type, its events rules."""

    weights: Weights
    types: dict[str, TypeEvents]
    # Affinities between kinds (claim types and outcome kinds), both ways.
    affinities: dict[frozenset[str], float]
    # The most evidence a claim can have for an event, lexical match included:
    # an affinity too low to reach the bar even with all of it needs no scoring.
    best_possible: float

    @classmethod
    def of(cls, pack: Pack) -> ClusterRules:
        weights = view(pack, Weights)
        types = {t.name: t for t in each(pack, TypeEvents, "events:type")}
        affinities: dict[frozenset[str], float] = {}
        for t in types.values():
            for other, value in t.affinity.items():
                affinities[frozenset({t.name, other})] = value
            for other, value in t.outcome_affinity.items():
                affinities[frozenset({t.name + OUTCOME_SUFFIX, other})] = value
        best = (
            weights.lexical
            + weights.date
            + weights.place
            + weights.figure_cap
            + weights.subject
            + weights.claimant
            + weights.near
        )
        return cls(weights, types, affinities, best)

    def of_type(self, claim_type: str) -> TypeEvents:
        return self.types.get(claim_type, _NO_TYPE)

    def affinity(self, kind_a: str, kind_b: str) -> float:
        """How readily claims of two kinds (see kind) share one happening."""
        if kind_a == kind_b:
            return 1.0
        return self.affinities.get(frozenset({kind_a, kind_b}), 0.0)

    def kind(self, claim: Claim) -> str:
        """The claim's type, with claims naming no subject told apart as outcomes where the type has them."""
        if not claim.subjects and self.of_type(claim.type).outcome_affinity:
            return claim.type + OUTCOME_SUFFIX
        return claim.type

    def families(self, claim_type: str) -> tuple[str, ...]:
        return self.of_type(claim_type).families or (claim_type,)

    def label(self, claim_type: str) -> str:
        return self.of_type(claim_type).label or claim_type

    def labels(self) -> dict[str, str]:
        return {name: t.label for name, t in self.types.items() if t.label}


def cluster_rules(pack: Pack) -> ClusterRules:
    """The pack's clustering rules, built once per pack."""
    return pack.cached(ClusterRules, lambda: ClusterRules.of(pack))


def is_outcome(kind: str) -> bool:
    return kind.endswith(OUTCOME_SUFFIX)


_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc]{2,}")
_KANJI = re.compile(r"[\u4e00-\u9fa5\u3005\u3006\u30f6]{2,}")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9-]+")
# A lone long vowel mark or a two-letter katakana run is mostly a particle-like
# loan ("ロシア" is kept, "ー" is not); kanji compounds are cut into bigrams so
# that 電話会談 and 首脳会談 still share 会談.
_MIN_KATAKANA = 3

# Claims further apart than this in one document are not "neighbours".
NEAR_CHARS = 160
# How far one writer's sentences may stand apart and still keep their days apart (see
# _day_apart_nearby): a few paragraphs of one article, not the next report of a digest.
DAY_APART_CHARS = 3 * NEAR_CHARS
# Dates closer than this many days still overlap: "overnight into the 11th".
DATE_SLACK_DAYS = 1
# Dated claims further apart than this are never one happening.
FAR_DAYS = 7
# The widest span of dates one event's members may cover: stops day-by-day chaining.
EVENT_MAX_DAYS = 2 * FAR_DAYS
# What _date_fit and _place_fit answer when the claim cannot belong at all.
VETO = float("-inf")
# Undated claims reported this many days apart belong to different news cycles.
STATED_WINDOW_DAYS = 10
# Claims assumed seen, holding none of the keywords, before the first real one.
PRIOR_CLAIMS = 20
# Lexical similarity looks at an event's most recent members only, which keeps
# its cost bounded however large the event grows.
LEXICAL_MEMBERS = 12
def entity_key(entity: Entity) -> str:
    """One key per real thing: the linked id, else the name as written."""
    return entity.id or (entity.name or entity.text).strip().lower()


def keywords(text: str) -> list[str]:
    terms: list[str] = []
    terms.extend(m for m in _KATAKANA.findall(text) if len(m) >= _MIN_KATAKANA)
    for run in _KANJI.findall(text):
        terms.extend(run[i : i + 2] for i in range(len(run) - 1))
    terms.extend(m.lower() for m in _LATIN.findall(text))
    return terms


def country_of(entity: Entity) -> str | None:
    """The country part of a pack id ("ua.kharkiv_oblast" → "ua"), None when unlinked."""
    return entity.id.split(".", 1)[0] if entity.id else None


def theatres(claim: Claim, rules: ClusterRules) -> frozenset[str]:
    """The countries whose ground a fighting claim is about.

    Fighting happens on one country's ground: an attack on Russian cities and one
    on Ukrainian cities the same night are two events, whoever reports them. Its
    places say so; for types whose theatre is the actor's (interceptions happen
    over the defender's own country) the one who acts, else the claimant; for
    those whose theatre is the target's (an attack lands on the side it hits)
    the side it was done to.
    """
    of_type = rules.of_type(claim.type)
    if not of_type.theatre:
        return frozenset()
    found = {country_of(p) for p in claim.places}
    if not found and of_type.theatre_from_actor:
        defender = claim.actor or claim.claimant
        found = {country_of(defender)} if defender is not None else set()
    if not found and of_type.theatre_from_target and claim.target is not None:
        found = {claim.target.side or country_of(claim.target)}
    found.discard(None)
    return frozenset(f for f in found if f)


def _figure(value: float, unit: str) -> str | None:
    """A figure distinctive enough to tie reports together (343機, 30日間), not 1人."""
    return f"{value:g}{unit}" if value >= 4 else None


@dataclass
class ClaimProfile:
    claim: Claim
    # The pack's clustering rules, which every score of this claim reads.
    rules: ClusterRules
    kind: str
    dates: DateRange | None
    places: frozenset[str]
    # The places that are whole countries (ウクライナ各地): for fighting, its theatre, not a shared place.
    countries: frozenset[str]
    participants: frozenset[str]
    claimant: str | None
    figures: frozenset[str]
    terms: Counter[str]
    theatres: frozenset[str]

    @classmethod
    def of(cls, claim: Claim, rules: ClusterRules) -> ClaimProfile:
        # A party is its side: Rubio and the United States are one party to talks with Ukraine.
        participants = {e.side or entity_key(e) for e in (claim.actor, claim.target) if e is not None}
        figures = {_figure(q.value, q.unit) for q in claim.quantities if q.kind in ("count", "money", "duration")}
        figures.discard(None)
        return cls(
            claim=claim,
            rules=rules,
            kind=rules.kind(claim),
            dates=claim.when,
            places=frozenset(entity_key(p) for p in claim.places),
            countries=frozenset(entity_key(p) for p in claim.places if p.kind == "country"),
            participants=frozenset(participants),
            claimant=entity_key(claim.claimant) if claim.claimant else None,
            figures=frozenset(f for f in figures if f),
            terms=Counter(keywords(claim.sentence)),
            theatres=theatres(claim, rules),
        )


@dataclass
class TermStats:
    """Document frequencies of keywords over every claim seen so far."""

    claims: int = 0
    df: Counter[str] = field(default_factory=Counter)
    # log(1 + df) per keyword and log(PRIOR_CLAIMS + claims), kept current as claims
    # arrive, so a weight costs a subtraction: scoring asks for thousands per claim.
    log_df: dict[str, float] = field(default_factory=dict)
    log_total: float = math.log(PRIOR_CLAIMS)

    def add(self, terms: Counter[str]) -> None:
        self.claims += 1
        self.log_total = math.log(PRIOR_CLAIMS + self.claims)
        for term in terms:
            self.df[term] += 1
            self.log_df[term] = math.log(1 + self.df[term])

    def query(self, terms: Counter[str]) -> dict[str, float]:
        """The claim's keywords weighted as now, summing to 1 (empty when none weighs)."""
        # A keyword weighs log(total / df) with no +1 floor, so words in most claims
        # (ロシア, 大統領) weigh next to nothing; the prior claims keep a handful of
        # claims from zeroing the words they share.
        log_total, log_df = self.log_total, self.log_df
        weights = {t: (1.0 + math.log(n)) * (log_total - log_df.get(t, 0.0)) for t, n in terms.items()}
        total = sum(w for w in weights.values() if w > 0)
        return {t: w / total for t, w in weights.items() if w > 0} if total else {}


@dataclass
class EventState:
    """The running union of an event's members, kept for scoring newcomers."""

    index: int
    event_id: str
    members: list[ClaimProfile] = field(default_factory=list)
    types: Counter[str] = field(default_factory=Counter)
    kinds: set[str] = field(default_factory=set)
    # The days the members' dates cover, as sorted runs with at least one day
    # between them: checks against them cost the same however many members join.
    dates: list[DateRange] = field(default_factory=list)
    places: set[str] = field(default_factory=set)
    participants: set[str] = field(default_factory=set)
    claimants: set[str] = field(default_factory=set)
    place_names: set[str] = field(default_factory=set)
    figures: set[str] = field(default_factory=set)
    subjects: set[str] = field(default_factory=set)
    theatres: set[str] = field(default_factory=set)
    # The first start and last end of the members' short date ranges (see _date_fit).
    short_dates: tuple[date, date] | None = None
    # The earliest and latest report dates: checks stay O(1) however many outlets join.
    stated: tuple[date, date] | None = None
    # The same for the members that tell no day (undated, or a long range): see _reported_apart.
    vague_stated: tuple[date, date] | None = None
    # Per document, its members' sentence spans in order, searched by bisection.
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    # How many of the recent members hold each keyword: the event's current vocabulary.
    window: Counter[str] = field(default_factory=Counter)
    # The keywords two or more recent members share: what the event is about.
    shared: set[str] = field(default_factory=set)
    # Per document, its members dated to a single day: (sentence span, day).
    doc_days: dict[str, list[tuple[tuple[int, int], date]]] = field(default_factory=dict)
    # Best type affinity per incoming claim type, until a new type joins.
    _affinity: dict[str, float] = field(default_factory=dict)

    def add(self, profile: ClaimProfile) -> None:
        self.members.append(profile)
        for term in profile.terms:
            self.window[term] += 1
            if self.window[term] == 2:
                self.shared.add(term)
        if len(self.members) > LEXICAL_MEMBERS:
            for term in self.members[-LEXICAL_MEMBERS - 1].terms:
                self.window[term] -= 1
                if self.window[term] == 1:
                    self.shared.discard(term)
                elif not self.window[term]:
                    del self.window[term]
        kinds = self.kinds
        # An outcome takes the kind of the happening it joins: a talks event that took in
        # what was agreed there must not draw deals as if it were a deal itself.
        if profile.kind not in kinds and not (is_outcome(profile.kind) and kinds):
            kinds.difference_update([k for k in kinds if is_outcome(k)])
            kinds.add(profile.kind)
            self._affinity.clear()
        self.types[profile.claim.type] += 1
        dates = profile.dates
        if dates is not None:
            self.dates = _merged(self.dates, dates)
            if dates.start == dates.end:
                self.doc_days.setdefault(profile.claim.doc, []).append((profile.claim.span, dates.start))
            if _span(dates) <= FAR_DAYS:
                bounds = self.short_dates
                self.short_dates = (min(bounds[0], dates.start), max(bounds[1], dates.end)) if bounds else (dates.start, dates.end)
        self.places |= profile.places
        self.place_names.update(p.text for p in profile.claim.places if p.text and p.kind != "country")
        self.participants |= profile.participants
        if profile.claimant:
            self.claimants.add(profile.claimant)
        self.figures |= profile.figures
        if profile.claim.subjects:
            self.subjects.add(profile.claim.subjects[0])
        self.theatres |= profile.theatres
        stated = profile.claim.stated
        if stated is not None:
            self.stated = _widened(self.stated, stated)
            if _vague(dates):
                self.vague_stated = _widened(self.vague_stated, stated)
        bisect.insort(self.spans.setdefault(profile.claim.doc, []), profile.claim.span)

    def affinity(self, kind: str, rules: ClusterRules) -> float:
        """How readily a claim of this kind joins: the best pairing with any member's kind."""
        cached = self._affinity.get(kind)
        if cached is None:
            cached = self._affinity[kind] = max(rules.affinity(kind, k) for k in self.kinds)
        return cached

    def core(self) -> Collection[str]:
        """The keywords that characterise the event; a lone claim's are all its own."""
        return self.window if len(self.members) == 1 else self.shared


def _widened(bounds: tuple[date, date] | None, day: date) -> tuple[date, date]:
    return (min(bounds[0], day), max(bounds[1], day)) if bounds else (day, day)


def _vague(dates: DateRange | None) -> bool:
    """Whether a claim's dates tell no day: none, or a range too long to bound an event (see _date_fit)."""
    return dates is None or _span(dates) > FAR_DAYS


def _reported_apart(profile: ClaimProfile, event: EventState) -> bool:
    """Claims that tell no day, reported further apart than an event may last, are never one event.

    Their report dates are all that place them in time, and reports a day apart
    would otherwise chain, day after day, into one endless event (the same
    statement restated in a year of daily news), as dated claims would without
    EVENT_MAX_DAYS.
    """
    stated, bounds = profile.claim.stated, event.vague_stated
    if stated is None or bounds is None or not _vague(profile.dates):
        return False
    return (max(stated, bounds[1]) - min(stated, bounds[0])).days > EVENT_MAX_DAYS


def _merged(runs: list[DateRange], new: DateRange) -> list[DateRange]:
    """``runs`` with ``new`` added, joining runs that overlap or touch (no day between them)."""
    start, end = new.start, new.end
    kept = []
    for run in runs:
        if (run.start - end).days > 1 or (start - run.end).days > 1:
            kept.append(run)
        else:
            start, end = min(start, run.start), max(end, run.end)
    kept.append(DateRange(start, end))
    kept.sort(key=lambda r: r.start)
    return kept


def _date_fit(claim_dates: DateRange | None, event: EventState, weights: Weights) -> float | None:
    """A bonus for a shared date, a penalty for dates apart, None when either is undated.

    An event's dated members must all fit in EVENT_MAX_DAYS, or one-day-apart reports
    would chain day after day into a single endless event; that also keeps the
    event's list of distinct dates short.
    """
    event_dates = event.dates
    if claim_dates is None or not event_dates:
        return None
    # Long ranges ("since last August") say little about when; only short ones bound the event.
    bounds = event.short_dates
    if (
        bounds
        and _span(claim_dates) <= FAR_DAYS
        and (max(claim_dates.end, bounds[1]) - min(claim_dates.start, bounds[0])).days > EVENT_MAX_DAYS
    ):
        return VETO
    if any(claim_dates.overlaps(d, DATE_SLACK_DAYS) for d in event_dates):
        return weights.date
    gap = min(_gap_days(claim_dates, d) for d in event_dates)
    return VETO if gap > FAR_DAYS else weights.date_apart


def _day_apart_nearby(profile: ClaimProfile, event: EventState) -> bool:
    """Whether the claim, dated to one day, stands near members of its document dated to other days only."""
    dates = profile.dates
    members = event.doc_days.get(profile.claim.doc)
    if not members or dates is None or dates.start != dates.end:
        return False
    start, end = profile.claim.span
    near = [day for (s, e), day in members if min(abs(start - e), abs(s - end)) <= DAY_APART_CHARS]
    return bool(near) and dates.start not in near


def _span(dates: DateRange) -> int:
    return (dates.end - dates.start).days


def _place_fit(profile: ClaimProfile, event: EventState) -> float:
    """A shared place is a bonus; for place-bound types, places apart are a penalty.

    Two claims of an exclusive-places type (taking ground) in different places are never one event.

    A place also counts as shared when its name is written in a member's
    sentence, so a report placed in Saudi Arabia that names Jeddah meets the
    Jeddah talks. Countries are left out of that: a country named in a sentence
    is mostly talked about (Ukraine, Russia in every report), not where it happened.
    """
    if not profile.places or not (event.places or event.place_names):
        return 0.0
    weights = profile.rules.weights
    shared = profile.places & event.places
    of_type = profile.rules.of_type(profile.claim.type)
    if of_type.theatre:
        # Two attacks "across Ukraine" share a theatre, which theatres() weighs, not a place.
        shared -= profile.countries
    if shared:
        return weights.place
    recent = event.members[-LEXICAL_MEMBERS:]
    names = [p.text for p in profile.claim.places if p.text and p.kind != "country"]
    if any(n in m.claim.sentence for n in names for m in recent) or any(
        n in profile.claim.sentence for n in event.place_names
    ):
        return weights.place
    if of_type.exclusive_places and event.types.get(profile.claim.type):
        return VETO
    if of_type.place_bound and event.places:
        return weights.place_apart
    return 0.0


def _gap_days(a: DateRange, b: DateRange) -> int:
    return max((a.start - b.end).days, (b.start - a.end).days)


def _stated_apart(stated: date | None, event_stated: tuple[date, date] | None) -> bool:
    """Reported in another news cycle: nothing else ties the claims in time."""
    if stated is None or event_stated is None:
        return False
    first, last = event_stated
    return (first - stated).days > STATED_WINDOW_DAYS or (stated - last).days > STATED_WINDOW_DAYS


def _stale(profile: ClaimProfile, event: EventState) -> bool:
    """Dated and undated sides that cannot be one happening.

    An undated report of fighting tells of the days just before it; fighting
    dated well before that (last summer's offensive, in today's news) is another
    happening. Funding, forces and talks run for months: no such rule for them.
    """
    rules = profile.rules
    if not rules.of_type(profile.claim.type).theatre or not any(rules.of_type(t).theatre for t in event.types):
        return False
    if profile.dates is not None and not event.dates and event.stated is not None:
        return (event.stated[0] - profile.dates.end).days > STATED_WINDOW_DAYS
    if profile.dates is None and event.dates and profile.claim.stated is not None:
        return all((profile.claim.stated - d.end).days > STATED_WINDOW_DAYS for d in event.dates)
    return False


def lexical(query: dict[str, float], event: EventState, stats: TermStats) -> float:
    """How much of the claim's keywords the event uses, and of the event's the claim.

    The first half weighs the claim's keywords against the event's recent
    vocabulary; the second weighs the event's core keywords (those its members
    share) against the claim, so a call with the Pope does not take in a
    report of a call with Trump just because both speak of Putin and a call.
    Each side costs its own few keywords, whatever the event's size.
    """
    # Sums over sets use fsum: its result does not depend on the order the terms come
    # in, which for a set follows the hash seed, and a tie at the threshold must not either.
    window = event.window
    covered = math.fsum(map(query.__getitem__, query.keys() & window.keys()))
    core = event.core()
    if not core:
        return covered
    # Every core keyword has been counted in stats and no keyword is in more claims
    # than there are, so each weight is positive: sums need no per-term test.
    log_df, log_total = stats.log_df, stats.log_total
    common = query.keys() & core
    total = len(core) * log_total - math.fsum(map(log_df.__getitem__, core))
    shared = len(common) * log_total - math.fsum(map(log_df.__getitem__, common))
    return 0.5 * covered + 0.5 * (shared / total if total > 0 else covered)


def ruled_out(profile: ClaimProfile, event: EventState) -> bool:
    """Whether the claim can never join the event, by what its summary holds (state.SUMMARY_FIELDS):
    no kind it pairs with, dates too far apart, or reports too far apart. ``score`` is 0 for these."""
    if event.affinity(profile.kind, profile.rules) == 0.0:
        return True
    return _date_fit(profile.dates, event, profile.rules.weights) == VETO or _reported_apart(profile, event)


def score(
    profile: ClaimProfile, event: EventState, stats: TermStats, query: dict[str, float], floor: float = 0.0
) -> float:
    """How strongly the claim belongs to the event; at or below 0: not at all.

    ``query`` is the claim's keywords under the current weights (TermStats.query);
    scores that cannot reach ``floor`` may be reported as 0.
    """
    rules = profile.rules
    weights = rules.weights
    aff = event.affinity(profile.kind, rules)
    if aff == 0.0 or rules.best_possible * aff < floor:
        return 0.0
    fit = _date_fit(profile.dates, event, weights)
    place = _place_fit(profile, event)
    if fit == VETO or place == VETO or _reported_apart(profile, event):
        return 0.0
    evidence = place
    if fit is not None:
        evidence += fit
        if _day_apart_nearby(profile, event):
            evidence += weights.day_apart_nearby
    elif _stated_apart(profile.claim.stated, event.stated) or _stale(profile, event):
        evidence += weights.stated_apart
    evidence += weights.participant * min(2, len(profile.participants & event.participants))
    if profile.theatres and event.theatres and not profile.theatres & event.theatres:
        evidence += weights.theatre_apart
    # A deal's second party may join a one-sided event (one side proposed, the other
    # accepted); once both sides are known, a third is another deal or call.
    settled = rules.of_type(profile.claim.type).named_parties
    if settled is not None and len(event.participants) >= settled:
        novel = len(profile.participants - event.participants)
        evidence += weights.new_party * min(2, novel)
    evidence += min(weights.figure_cap, weights.figure * len(profile.figures & event.figures))
    # The main subject only: the others are often context (NATO加盟国の部隊の駐留).
    subjects = profile.claim.subjects
    if subjects and event.subjects:
        evidence += weights.subject if subjects[0] in event.subjects else weights.subject_apart
    if profile.claimant and profile.claimant in event.claimants:
        evidence += weights.claimant
    spans = event.spans.get(profile.claim.doc)
    if spans:
        # Neighbours are measured between sentences, not their starts: a long
        # sentence must not push the next one out of reach.
        start, end = profile.claim.span
        at = bisect.bisect_left(spans, (start, end))
        before = start - spans[at - 1][1] if at else NEAR_CHARS + 1
        after = spans[at][0] - end if at < len(spans) else NEAR_CHARS + 1
        evidence += weights.near if min(before, after) <= NEAR_CHARS else weights.same_doc
    # The lexical term is the costly one: skip it when even a perfect match would not do.
    if (evidence + weights.lexical) * aff < floor:
        return 0.0
    return (evidence + weights.lexical * lexical(query, event, stats)) * aff
