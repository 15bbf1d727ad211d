"""Actor and target of a claim: who did it, and to whom.

Read from the case particles around the side-bearing mentions (armed forces,
countries, people, organizations) of the clause: the topic or subject acts,
unless the predicate is passive or a loss, in which case it suffers; Xによる
marks the actor, Xへの / Xに対する / Xを marks the target.
"""

from __future__ import annotations

import re

from hodo.extract.claim_types import TypeRule
from hodo.link import Mention
from hodo.models import Entity

_SIDE_KINDS = frozenset({"armed_force", "country", "person", "organization"})
_PASSIVE = re.compile(r"(?:され|を受け|受けた|失っ|失い|撃墜された|迎撃された|被害|死亡|負傷)")
# "AはBと(電話)会談した", "AとBの会談": a meeting's two parties.
_MEETING = re.compile(r"(?:電話)?(?:会談|協議|会合|面会|会見|会っ|話し合|意見交換|首脳会談|電話で)")
_PARTY_KINDS = ("person", "country", "organization")


def actor_and_target(
    sentence: str, clause: tuple[int, int], mentions: list[Mention], rule: TypeRule, claimant: Entity | None
) -> tuple[Entity | None, Entity | None]:
    """Who did it and to whom, read the way the claim type's ``sides`` says (triggers.toml)."""
    end = clause[1]
    if rule.sides == "meeting":
        return _meeting_parties(sentence, mentions, end)
    if rule.sides == "holder":
        return _stance_holder(sentence, mentions, end), None
    actor: Entity | None = None
    target: Entity | None = None
    for mention in mentions:
        if mention.entity.kind not in _SIDE_KINDS or mention.end > end:
            continue
        after = sentence[mention.end : mention.end + 4]
        if after.startswith(("によると", "によれば")):
            continue
        if after.startswith(("による", "が発射", "の攻撃", "軍の攻撃")):
            actor = actor or mention.entity
        elif after.startswith(("への", "に対する", "に対し", "を攻撃", "を標的")):
            target = target or mention.entity
        elif after.startswith(("は", "が")):
            # The one who reports the fighting is neither side of it here.
            if claimant is not None and mention.entity == claimant:
                continue
            if rule.suffered or _PASSIVE.search(_own_predicate(sentence, mention.end, end)):
                target = target or mention.entity
            else:
                actor = actor or mention.entity
    return actor, target


def _own_predicate(sentence: str, after: int, end: int) -> str:
    """What a subject governs: the text after it up to the next comma or the clause's end."""
    comma = sentence.find("、", after, end)
    return sentence[after : comma if comma >= 0 else end]


def _meeting_parties(sentence: str, mentions: list[Mention], end: int) -> tuple[Entity | None, Entity | None]:
    """Who met whom: the topic (Aは/Aが) and the one met (Bと会談, AとBの会談)."""
    people = [m for m in mentions if m.entity.kind in _PARTY_KINDS and m.end <= end]
    # Leaders meet; their countries are only where they come from (ロシアのプーチン大統領).
    people = [m for m in people if not sentence.startswith("の", m.end) or m.entity.kind == "person"]
    host: Entity | None = None
    guest: Entity | None = None
    for i, mention in enumerate(people):
        after = sentence[mention.end : mention.end + 2]
        if after.startswith("と"):
            meeting = _MEETING.search(sentence, mention.end, mention.end + 16)
            partner = people[i + 1] if i + 1 < len(people) else None
            if partner is not None and partner.start - mention.end <= 3:
                # "AとBの会談" / "AとBが会談した": both parties named together.
                return mention.entity, partner.entity
            if meeting is not None:
                guest = guest or mention.entity
        elif after.startswith(("は", "が")) and host is None:
            host = mention.entity
    if host is not None and guest is not None and host == guest:
        guest = None
    return host, guest


def _stance_holder(sentence: str, mentions: list[Mention], end: int) -> Entity | None:
    """Who proposes, accepts, pays or deploys: the clause's topic or subject."""
    for particles in (("は", "では"), ("が",)):
        for mention in mentions:
            if (
                mention.end <= end
                and mention.entity.kind in _SIDE_KINDS
                and sentence.startswith(particles, mention.end)
            ):
                return mention.entity
    return None
