"""Actor and target of a claim: who did it, and to whom.

Read from the case particles around the side-bearing mentions (armed forces,
countries, people, organizations) of the clause: the topic or subject acts,
unless the predicate is passive or a loss, in which case it suffers; Xによる
marks the actor, Xへの / Xに対する / Xを marks the target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hodo.extract.claim_types import TypeRule
from hodo.link import Mention
from hodo.models import Entity
from hodo.packs import Pack
from hodo.packs.views import pack_field, view
from hodo.script import COMMA, QUOTE_CLOSE, QUOTE_OPEN

_SIDE_KINDS = frozenset({"armed_force", "country", "person", "organization"})
_PARTY_KINDS = ("person", "country", "organization")


@dataclass(frozen=True)
class SideCues:
    actor_after: tuple[str, ...] = pack_field("cues:sides.actor_after")
    target_after: tuple[str, ...] = pack_field("cues:sides.target_after")
    source_after: tuple[str, ...] = pack_field("cues:sides.source_after")
    passive: re.Pattern[str] = pack_field("cues:sides.passive")
    meeting: re.Pattern[str] = pack_field("cues:sides.meeting")
    topic: tuple[str, ...] = pack_field("cues:particles.topic")
    subject: tuple[str, ...] = pack_field("cues:particles.subject")
    locative_topic: tuple[str, ...] = pack_field("cues:particles.locative_topic")
    genitive: tuple[str, ...] = pack_field("cues:particles.genitive")
    comitative: tuple[str, ...] = pack_field("cues:particles.comitative")
    # The same reading as attribution's: a subject inside a relative clause.
    relative_subject: re.Pattern[str] = pack_field("cues:attribution.relative_subject")


def side_cues(pack: Pack) -> SideCues:
    return view(pack, SideCues)


def actor_and_target(
    sentence: str,
    clause: tuple[int, int],
    mentions: list[Mention],
    rule: TypeRule,
    claimant: Entity | None,
    cues: SideCues,
) -> tuple[Entity | None, Entity | None]:
    """Who did it and to whom, read the way the claim type's ``sides`` says (triggers.toml)."""
    end = clause[1]
    if rule.sides == "meeting":
        return _meeting_parties(sentence, mentions, end, cues)
    if rule.sides == "holder":
        return _stance_holder(sentence, mentions, clause[0], end, cues), None
    actor: Entity | None = None
    target: Entity | None = None
    for mention in mentions:
        if mention.entity.kind not in _SIDE_KINDS or mention.end > end:
            continue
        if sentence.startswith(cues.source_after, mention.end):
            continue
        if sentence.startswith(cues.actor_after, mention.end):
            actor = actor or mention.entity
        elif sentence.startswith(cues.target_after, mention.end):
            target = target or mention.entity
        elif sentence.startswith(cues.topic + cues.subject, mention.end):
            # The one who reports the fighting is neither side of it here, and the subject
            # of a clause modifying a noun (アメリカが供与した兵器) is no side of the claim.
            if claimant is not None and mention.entity == claimant:
                continue
            if cues.relative_subject.match(sentence, mention.end):
                continue
            if rule.suffered or cues.passive.search(_own_predicate(sentence, mention.end, end)):
                target = target or mention.entity
            else:
                actor = actor or mention.entity
    return actor, target


def _own_predicate(sentence: str, after: int, end: int) -> str:
    """What a subject governs: the text after it up to the next comma or the clause's end."""
    comma = sentence.find(COMMA, after, end)
    return sentence[after : comma if comma >= 0 else end]


def _meeting_parties(
    sentence: str, mentions: list[Mention], end: int, cues: SideCues
) -> tuple[Entity | None, Entity | None]:
    """Who met whom: the topic (Aは/Aが) and the one met (Bと会談, AとBの会談)."""
    named = [m for m in mentions if m.entity.kind in _PARTY_KINDS and m.end <= end]
    # Leaders meet; their countries are only where they come from (ロシアのプーチン大統領).
    origins = [m for m in named if sentence.startswith(cues.genitive, m.end) and m.entity.kind != "person"]
    people = [m for m in named if m not in origins]
    host: Entity | None = None
    guest: Entity | None = None
    for i, mention in enumerate(people):
        after = sentence[mention.end : mention.end + 2]
        if after.startswith(cues.comitative):
            meeting = cues.meeting.search(sentence, mention.end, mention.end + 16)
            partner = people[i + 1] if i + 1 < len(people) else None
            if partner is not None and _named_together(sentence, mention.end, partner.start, origins, cues):
                # "AとBの会談" / "AとBが会談した": both parties named together.
                return mention.entity, partner.entity
            if meeting is not None:
                guest = guest or mention.entity
        elif after.startswith(cues.topic + cues.subject) and host is None:
            host = mention.entity
    if host is not None and guest is not None and host == guest:
        guest = None
    return host, guest


def _named_together(
    sentence: str, first_end: int, second_start: int, origins: list[Mention], cues: SideCues
) -> bool:
    """Only "と" and the second party's country stand between them (AとロシアのB)."""
    gap = sentence[first_end:second_start]
    for origin in origins:
        if first_end <= origin.start and origin.end < second_start:
            name = sentence[origin.start : origin.end]
            particle = next((p for p in cues.genitive if name + p in gap), "")
            gap = gap.replace(name + particle, "", 1) if particle else gap
    return len(gap) <= 3


def _stance_holder(
    sentence: str, mentions: list[Mention], start: int, end: int, cues: SideCues
) -> Entity | None:
    """Who proposes, accepts, pays or deploys: the clause's own topic, else the sentence's
    topic or subject ("Xは、ロシアは停戦を拒否したと述べた": Russia refuses).

    A topic inside quoted words ("「ロシアは停戦に同意すべきだ」と述べた") is the
    speaker's demand of someone else, not a stance held: only unquoted ones count.
    """
    for mention in mentions:
        if start <= mention.start and mention.end <= end and mention.entity.kind in _SIDE_KINDS:
            quoted = sentence.count(QUOTE_OPEN, 0, mention.start) > sentence.count(QUOTE_CLOSE, 0, mention.start)
            if sentence.startswith(cues.topic, mention.end) and not quoted:
                return mention.entity
    for particles in (cues.topic + cues.locative_topic, cues.subject):
        for mention in mentions:
            if (
                mention.end <= end
                and mention.entity.kind in _SIDE_KINDS
                and sentence.startswith(particles, mention.end)
            ):
                return mention.entity
    return None
