"""The plain records that flow between pipeline stages.

ingest → normalize → segment → extract → link → store → cluster → serve: every
stage takes and returns these dataclasses, so a stage can be tested, replaced
or run alone. ``to_record`` methods give the JSON shapes fixed by the claim
spec (docs/claims.md in shared/spec), which scorers read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, get_args

# The closed vocabularies of the records (the claim spec's, and hodo's own).
ClaimType = Literal[
    "personnel_losses",
    "equipment_losses",
    "air_defense",
    "strike",
    "civilian_harm",
    "territorial_control",
    "diplomacy",
    "agreement",
    "aid_and_finance",
    "force_strength",
]
Polarity = Literal["affirmed", "denied"]
Modality = Literal["asserted", "rumored", "estimated", "planned"]
# How a report is laid out: under a headline, an article's prose, Bloomberg-like
# indented paragraphs, a blogger's comment, a quoted post closed by its
# attribution line, a block closed by its own end line.
ReportStyle = Literal["headline", "article", "indented", "comment", "quoted_post", "closed"]
# How a mention was linked: a known name, a folded spelling, a fuzzy match, the
# gazetteer, or not at all.
MentionMethod = Literal["alias", "variant", "fuzzy", "gazetteer", "unlinked"]

CLAIM_TYPES: tuple[ClaimType, ...] = get_args(ClaimType)
POLARITIES: tuple[Polarity, ...] = get_args(Polarity)
MODALITIES: tuple[Modality, ...] = get_args(Modality)
REPORT_STYLES: tuple[ReportStyle, ...] = get_args(ReportStyle)
MENTION_METHODS: tuple[MentionMethod, ...] = get_args(MentionMethod)

ENTITY_KINDS: tuple[str, ...] = ("person", "organization", "armed_force", "country", "place", "weapon")

# What a quantity measures (Quantity.kind); "period" is a summary's reporting window.
QUANTITY_KINDS: tuple[str, ...] = (
    "count",
    "duration",
    "ordinal",
    "money",
    "percent",
    "distance",
    "area",
    "weight",
    "period",
)


@dataclass(frozen=True, slots=True)
class Entity:
    """A linked (or, with ``id`` None, unlinked) person, body, place or weapon."""

    id: str | None
    name: str
    kind: str
    text: str = ""
    lat: float | None = None
    lon: float | None = None
    side: str | None = None
    confidence: float = 1.0

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {"text": self.text, "id": self.id, "name": self.name, "kind": self.kind}
        if self.lat is not None and self.lon is not None:
            record["lat"] = self.lat
            record["lon"] = self.lon
        if self.side is not None:
            record["side"] = self.side
        if self.confidence < 1.0:
            record["confidence"] = round(self.confidence, 3)
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Entity:
        return cls(
            id=record.get("id"),
            name=record.get("name") or record.get("text") or "",
            kind=record.get("kind") or "",
            text=record.get("text") or "",
            lat=record.get("lat"),
            lon=record.get("lon"),
            side=record.get("side"),
            confidence=record.get("confidence", 1.0),
        )


@dataclass(frozen=True, slots=True)
class Outlet:
    id: str
    name: str

    def to_record(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name}


@dataclass(frozen=True)
class CopyOf:
    """Where a claim's sentence was copied from: the first carrier of a syndicated story in document order.

    ``doc`` is the original document's id; ``site`` the outlet whose page carries
    the copy (a portal, a regional paper), which may differ from the claim's outlet
    when a byline credits the wire.
    """

    doc: str
    site: Outlet | None = None

    def to_record(self) -> dict[str, Any]:
        return {"doc": self.doc, "site": self.site.to_record() if self.site else None}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> CopyOf:
        site = record.get("site")
        return cls(doc=record["doc"], site=Outlet(site["id"], site["name"]) if site else None)


@dataclass(frozen=True, slots=True)
class DateRange:
    start: date
    end: date

    def to_record(self) -> dict[str, str]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}

    @classmethod
    def from_record(cls, record: dict[str, str] | None) -> DateRange | None:
        if not record:
            return None
        return cls(date.fromisoformat(record["start"]), date.fromisoformat(record["end"]))

    def overlaps(self, other: DateRange, slack_days: int = 0) -> bool:
        return (self.start - other.end).days <= slack_days and (other.start - self.end).days <= slack_days


@dataclass(frozen=True, slots=True)
class Quantity:
    """A measured amount as the spec's Quantity record, plus where it stands.

    ``kind`` tells counts from durations, ordinals, money and the like, so that
    a claim type can decide which of them are its values.
    """

    value: float
    min: float | None
    max: float | None
    approx: bool
    unit: str
    item: str | None
    text: str = ""
    start: int = 0
    end: int = 0
    kind: str = "count"

    def to_record(self) -> dict[str, Any]:
        return {
            "value": _plain_number(self.value),
            "min": _plain_number(self.min),
            "max": _plain_number(self.max),
            "approx": self.approx,
            "unit": self.unit,
            "item": self.item,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Quantity:
        return cls(
            value=record["value"],
            min=record.get("min"),
            max=record.get("max"),
            approx=bool(record.get("approx")),
            unit=record.get("unit") or "",
            item=record.get("item"),
        )


def _plain_number(x: float | None) -> float | int | None:
    if x is None:
        return None
    if isinstance(x, float) and x.is_integer():
        return int(x)
    return x


@dataclass
class RawDocument:
    """What ingest hands on: decoded text and what the source said about it.

    ``doc_id`` is the document's identity, unique in a store: the path as given
    (relative to the working folder when it lies inside it), the URL, or a stdin
    document's content hash. ``name`` is what the claim records call the
    document: the file's base name, the URL (see the claim spec's ``doc``).
    ``warnings`` are the repairs reading it took (bytes replaced, characters
    stripped), one line each.
    """

    doc_id: str
    text: str
    source: str
    encoding: str = "utf-8"
    url: str | None = None
    title: str | None = None
    date: date | None = None
    outlet_hint: str | None = None
    name: str = ""
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.name:
            self.name = self.doc_id


@dataclass
class NormalizedText:
    """Normalized text with, for every character, its offset in the original."""

    text: str
    original: str
    # Sequence of ints, an array.array from normalize (compact for long texts).
    offsets: Sequence[int]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of ``text`` back to the original string."""
        if start >= len(self.offsets):
            return len(self.original), len(self.original)
        orig_start = self.offsets[start]
        orig_end = self.offsets[end] if end < len(self.offsets) else len(self.original)
        return orig_start, orig_end


@dataclass(slots=True)
class Sentence:
    text: str
    start: int
    end: int
    report: int
    is_heading: bool = False
    is_bullet: bool = False


@dataclass(slots=True)
class Report:
    """A block of a post that belongs to one outlet or speaker."""

    index: int
    start: int
    end: int
    style: ReportStyle
    outlet: Outlet | None = None
    heading: str | None = None
    attribution: str | None = None
    claimant: Entity | None = None
    date: date | None = None
    # The span a summary heading covers ("3月8日~14日の概要"): what 過去1週間 means in it.
    period: DateRange | None = None
    boilerplate: bool = False
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Document:
    """A document as analysed and stored; ``doc_id`` and ``name`` as in RawDocument."""

    doc_id: str
    content_hash: str
    source: str
    text: str
    original: str
    date: date | None
    url: str | None = None
    title: str | None = None
    encoding: str = "utf-8"
    reports: list[Report] = field(default_factory=list)
    # offsets[i] is where text[i] came from in ``original`` (see NormalizedText).
    offsets: Sequence[int] = field(default_factory=list)
    name: str = ""
    # What ingest was told about the document, kept so that it can be analysed again
    # exactly as it was: the date its source gave, the --date it was read under, the
    # outlet its metadata named.
    given_date: date | None = None
    date_override: date | None = None
    outlet_hint: str | None = None

    # The site or source that published it (page metadata, a feed's outlet, a
    # JSON Lines ``source``): the claims' outlet where the text names no other.
    outlet: Outlet | None = None
    # Its claims, where the caller asked for them with the document (hodo.Pipeline);
    # the store keeps them apart and leaves this empty.
    claims: list[Claim] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.name:
            self.name = self.doc_id

    @property
    def sentences(self) -> list[Sentence]:
        """Every report's sentences, in the order of the text."""
        return [sentence for report in self.reports for sentence in report.sentences]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Where a [start, end) span of ``text`` stands in ``original``, the text as it was read."""
        if not self.offsets:
            return start, end
        return NormalizedText(self.text, self.original, self.offsets).to_original(start, end)


@dataclass(frozen=True)
class AcledCoding:
    """How the ACLED codebook codes a claim's happening: its event and sub-event type."""

    event_type: str
    sub_event_type: str

    def to_record(self) -> dict[str, str]:
        return {"event_type": self.event_type, "sub_event_type": self.sub_event_type}


@dataclass(slots=True)
class Claim:
    """One claim. ``doc`` is its document's identity (RawDocument.doc_id), unique in a
    store; ``doc_name`` is the name the spec's ``doc`` field carries (the file's base
    name, the URL), when it differs from the identity.
    """

    claim_id: str
    doc: str
    sentence: str
    span: tuple[int, int]
    type: ClaimType
    claimant: Entity | None = None
    outlet: Outlet | None = None
    actor: Entity | None = None
    target: Entity | None = None
    quantities: list[Quantity] = field(default_factory=list)
    when: DateRange | None = None
    stated: date | None = None
    places: list[Entity] = field(default_factory=list)
    polarity: Polarity = "affirmed"
    modality: Modality = "asserted"
    evidence: str = ""
    # What the claim is about by name, the main one first, for types whose pack lists
    # subjects (停戦 for a ceasefire deal).
    subjects: list[str] = field(default_factory=list)
    original_span: tuple[int, int] | None = None
    doc_name: str | None = None
    # Where, in the document's (normalized) text like ``span``, the words that typed the
    # claim stand (``trigger_span``) and the clause it was read from (``evidence_span``):
    # what a reader highlights inside the sentence.
    trigger_span: tuple[int, int] | None = None
    evidence_span: tuple[int, int] | None = None
    # Set when the sentence is a syndicated copy of one stored before (cluster/copies.py).
    copy_of: CopyOf | None = None
    # The claim's happening in other codebooks (the pack's crosswalks.toml): ACLED and a CAMEO root code.
    acled: AcledCoding | None = None
    cameo: str | None = None

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {
            "claim_id": self.claim_id,
            "doc": self.doc_name or self.doc,
            "sentence": self.sentence,
            "span": list(self.span),
            "type": self.type,
            "claimant": self.claimant.to_record() if self.claimant else None,
            "outlet": self.outlet.to_record() if self.outlet else None,
            "actor": self.actor.to_record() if self.actor else None,
            "target": self.target.to_record() if self.target else None,
            "quantities": [q.to_record() for q in self.quantities],
            "when": self.when.to_record() if self.when else None,
            "stated": self.stated.isoformat() if self.stated else None,
            "places": [p.to_record() for p in self.places],
            "polarity": self.polarity,
            "modality": self.modality,
            # Added to the spec's fields: the document's identity, unique in the store.
            "doc_id": self.doc,
        }
        if self.evidence:
            record["evidence"] = self.evidence
        if self.subjects:
            record["subjects"] = list(self.subjects)
        if self.original_span is not None:
            record["original_span"] = list(self.original_span)
        if self.trigger_span is not None:
            record["trigger_span"] = list(self.trigger_span)
        if self.evidence_span is not None:
            record["evidence_span"] = list(self.evidence_span)
        if self.copy_of is not None:
            record["copy_of"] = self.copy_of.to_record()
        if self.acled is not None:
            record["acled"] = self.acled.to_record()
        if self.cameo is not None:
            record["cameo"] = self.cameo
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Claim:
        def entity(key: str) -> Entity | None:
            return Entity.from_record(record[key]) if record.get(key) else None

        outlet = record.get("outlet")
        stated = record.get("stated")
        original_span = record.get("original_span")
        trigger_span = record.get("trigger_span")
        evidence_span = record.get("evidence_span")
        copy_of = record.get("copy_of")
        acled = record.get("acled")
        return cls(
            claim_id=record["claim_id"],
            # Records written before documents had identities of their own carry only "doc".
            doc=record.get("doc_id") or record["doc"],
            doc_name=record["doc"] if record.get("doc_id") not in (None, record["doc"]) else None,
            sentence=record["sentence"],
            span=tuple(record["span"]),
            type=record["type"],
            claimant=entity("claimant"),
            outlet=Outlet(outlet["id"], outlet["name"]) if outlet else None,
            actor=entity("actor"),
            target=entity("target"),
            quantities=[Quantity.from_record(q) for q in record.get("quantities") or []],
            when=DateRange.from_record(record.get("when")),
            stated=date.fromisoformat(stated) if stated else None,
            places=[Entity.from_record(p) for p in record.get("places") or []],
            polarity=record.get("polarity") or "affirmed",
            modality=record.get("modality") or "asserted",
            evidence=record.get("evidence") or "",
            subjects=list(record.get("subjects") or []),
            original_span=tuple(original_span) if original_span else None,
            trigger_span=tuple(trigger_span) if trigger_span else None,
            evidence_span=tuple(evidence_span) if evidence_span else None,
            copy_of=CopyOf.from_record(copy_of) if copy_of else None,
            acled=AcledCoding(acled["event_type"], acled["sub_event_type"]) if acled else None,
            cameo=record.get("cameo"),
        )


@dataclass
class Discrepancy:
    about: str
    unit: str
    values: list[dict[str, Any]]

    def to_record(self) -> dict[str, Any]:
        return {"about": self.about, "unit": self.unit, "values": self.values}


@dataclass(frozen=True)
class Corroboration:
    """How many independent outlets and claimants tell of an event (copies not counted)."""

    outlets: int
    claimants: int

    def to_record(self) -> dict[str, int]:
        return {"outlets": self.outlets, "claimants": self.claimants}

    @classmethod
    def from_record(cls, record: dict[str, Any] | None) -> Corroboration | None:
        if not record:
            return None
        return cls(int(record.get("outlets", 0)), int(record.get("claimants", 0)))


@dataclass
class Event:
    event_id: str
    type: str
    title: str
    when: DateRange | None
    places: list[Entity] = field(default_factory=list)
    participants: list[Entity] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)
    claimants: list[Entity] = field(default_factory=list)
    outlets: list[Outlet] = field(default_factory=list)
    contested: bool = False
    discrepancies: list[Discrepancy] = field(default_factory=list)
    # Outlets that carried only syndicated copies of the event's reports: listed in
    # ``outlets``, never counted in ``corroboration``.
    copy_outlets: list[Outlet] = field(default_factory=list)
    corroboration: Corroboration | None = None

    def to_record(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "type": self.type,
            "title": self.title,
            "when": self.when.to_record() if self.when else None,
            "places": [p.to_record() for p in self.places],
            "participants": [p.to_record() for p in self.participants],
            "claims": list(self.claims),
            "claimants": [c.to_record() for c in self.claimants],
            "outlets": [o.to_record() for o in self.outlets],
            "contested": self.contested,
            "discrepancies": [d.to_record() for d in self.discrepancies],
            "copy_outlets": [o.to_record() for o in self.copy_outlets],
            "corroboration": self.corroboration.to_record() if self.corroboration else None,
        }


@dataclass(frozen=True)
class Fingerprint:
    """What copy detection keeps of a document (see cluster/copies.py).

    ``signature``: its MinHash values, ``size`` its number of shingles; ``keys``: the index keys it is filed
    under (LSH bands, wire and day); ``lookup``: the keys to search for its
    originals (the bands, the wire on the days around its own); ``wires``: the
    outlets its datelines and bylines credit; ``figures``: the numbers it writes.
    """

    signature: tuple[int, ...]
    keys: tuple[int, ...]
    lookup: tuple[int, ...]
    wires: tuple[str, ...] = ()
    # How many distinct shingles the text has.
    size: int = 0
    figures: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CopyMatch:
    """A document recognised as a copy: of which original, how much of it (``similarity``,
    the share of the copy's shingles found there), through which wire."""

    original: str
    similarity: float
    wire: str | None = None


# Clustering's exchange with the store: events come in with their members, and
# what a batch of claims changed goes back (see cluster/events.py, store/clustering.py).


@dataclass
class StoredEvent:
    """An event as the store holds it: its founding position and its members in the order they joined."""

    ordinal: int
    event_id: str
    members: list[Claim]


@dataclass
class PlacedClaim:
    """A claim given its place: its position in the clustering order and its event."""

    claim_id: str
    doc: str
    seq: int
    event_id: str
    # The distinct keywords it counted in the document frequencies, so a rewind can take them back.
    terms: list[str]


@dataclass
class ClusterUpdate:
    """What placing a batch of claims changed, for the store to write in one transaction."""

    placed: list[PlacedClaim] = field(default_factory=list)
    # Every event that gained members or must be written again, with its position.
    events: list[tuple[int, Event]] = field(default_factory=list)
    # Blocking keys new to an event: (key, event ordinal, seq of the claim that brought it).
    postings: list[tuple[str, int, int]] = field(default_factory=list)
    # How many more claims hold each keyword.
    term_counts: dict[str, int] = field(default_factory=dict)
    # Events that gained members but whose records wait to be built again (marked dirty).
    touched: list[int] = field(default_factory=list)
    # Each changed event's scoring state, as cluster/state.py encodes it.
    states: list[tuple[int, str]] = field(default_factory=list)
