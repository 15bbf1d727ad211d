"""The digest of one day: its events, contested ones first, each claim linked to its source sentence.

A contested event shows its claims by claimant and outlet, the figures side
by side, and the disagreement in one line; the uncontested events follow,
grouped by claim type. Which events belong to a day is the store's
``events_of_day``. Every claim carries a link: to the source page at the
sentence (a text fragment) when the document has a URL, else to the API's
page for the claim, which shows the sentence in its document.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote

from hodo.models import CLAIM_TYPES, Claim
from hodo.views.event import claimant_name, discrepancy_summary
from hodo.views.figures import figure_text

API_PREFIX = "/api/v1"
# A text fragment names a long sentence by its first and last words.
_FRAGMENT_CHARS = 24


@dataclass
class DigestClaim:
    claim_id: str
    type: str
    figures: list[str]
    polarity: str
    modality: str
    sentence: str
    outlet: str | None
    doc: str
    link: str
    api_link: str


@dataclass
class DigestClaimant:
    name: str
    claimant: dict[str, Any] | None
    outlets: list[str]
    claims: list[DigestClaim]


@dataclass
class DigestEvent:
    event_id: str
    type: str
    title: str
    when: dict[str, str] | None
    places: list[str]
    contested: bool
    # The disagreement in one line when contested, else each claimant's figures.
    summary: str
    outlets: list[str]
    claimants: list[DigestClaimant]
    link: str


@dataclass
class DigestSection:
    type: str
    label: str
    events: list[DigestEvent]


@dataclass
class Digest:
    date: str
    events: int
    claims: int
    outlets: list[str]
    contested: list[DigestEvent] = field(default_factory=list)
    uncontested: list[DigestSection] = field(default_factory=list)


def type_label(claim_type: str) -> str:
    return claim_type.replace("_", " ").capitalize()


def sentence_link(sentence: str, url: str) -> str:
    """``url`` with a text fragment that scrolls a browser to the sentence."""

    def encode(text: str) -> str:
        return quote(text.strip(), safe="").replace("-", "%2D")

    text = " ".join(sentence.split())
    if len(text) <= 2 * _FRAGMENT_CHARS:
        fragment = encode(text)
    else:
        fragment = encode(text[:_FRAGMENT_CHARS]) + "," + encode(text[-_FRAGMENT_CHARS:])
    return f"{url.split('#', 1)[0]}#:~:text={fragment}"


def build_digest(
    day: date,
    events: list[dict[str, Any]],
    claims: Mapping[str, Claim],
    urls: Mapping[str, str],
    *,
    base_url: str = "",
) -> Digest:
    """The digest of ``day`` from its event records, their claims, and the URLs of documents that have one."""
    base = base_url.rstrip("/") + API_PREFIX
    views = [_event(event, claims, urls, base) for event in events]
    views = [v for v in views if v.claimants]
    contested = sorted((v for v in views if v.contested), key=lambda v: (-_claim_count(v), v.event_id))
    sections = []
    for claim_type in CLAIM_TYPES:
        of_type = [v for v in views if not v.contested and v.type == claim_type]
        if of_type:
            of_type.sort(key=lambda v: (-_claim_count(v), v.event_id))
            sections.append(DigestSection(claim_type, type_label(claim_type), of_type))
    outlets = sorted({o for v in views for o in v.outlets})
    return Digest(
        date=day.isoformat(),
        events=len(views),
        claims=sum(_claim_count(v) for v in views),
        outlets=outlets,
        contested=contested,
        uncontested=sections,
    )


def _claim_count(view: DigestEvent) -> int:
    return sum(len(c.claims) for c in view.claimants)


def _event(
    event: dict[str, Any], claims: Mapping[str, Claim], urls: Mapping[str, str], base: str
) -> DigestEvent:
    members = [claims[i] for i in event.get("claims") or [] if i in claims]
    groups: dict[str, DigestClaimant] = {}
    for claim in members:
        key = (claim.claimant.id or claimant_name(claim)) if claim.claimant else ""
        group = groups.setdefault(
            key,
            DigestClaimant(
                claimant_name(claim), claim.claimant.to_record() if claim.claimant else None, [], []
            ),
        )
        outlet = claim.outlet.name if claim.outlet else None
        if outlet and outlet not in group.outlets:
            group.outlets.append(outlet)
        group.claims.append(_claim(claim, urls.get(claim.doc), base))
    ordered = [g for k, g in groups.items() if k] + ([groups[""]] if "" in groups else [])
    by_id = {c.claim_id: c for c in members}
    if event.get("contested"):
        summary = discrepancy_summary(event.get("discrepancies") or [], by_id)
    else:
        summary = "; ".join(
            f"{g.name}: {', '.join(dict.fromkeys(f for c in g.claims for f in c.figures))}"
            for g in ordered
            if g.name and any(c.figures for c in g.claims)
        )
    return DigestEvent(
        event_id=event["event_id"],
        type=event["type"],
        title=event.get("title") or event["event_id"],
        when=event.get("when"),
        places=[p.get("name") or p.get("text") or "" for p in event.get("places") or []],
        contested=bool(event.get("contested")),
        summary=summary,
        outlets=sorted({o for g in ordered for o in g.outlets}),
        claimants=ordered,
        link=f"{base}/events/{quote(event['event_id'], safe='')}",
    )


def _claim(claim: Claim, url: str | None, base: str) -> DigestClaim:
    api_link = f"{base}/claims/{quote(claim.claim_id, safe='')}"
    return DigestClaim(
        claim_id=claim.claim_id,
        type=claim.type,
        figures=[figure_text(q) for q in claim.quantities],
        polarity=claim.polarity,
        modality=claim.modality,
        sentence=claim.sentence,
        outlet=claim.outlet.name if claim.outlet else None,
        doc=claim.doc,
        link=sentence_link(claim.sentence, url) if url else api_link,
        api_link=api_link,
    )
