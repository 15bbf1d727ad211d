"""Actor and target of a claim: who did it, and to whom.

Read from the case particles around the side-bearing mentions (armed forces,
countries, people, organizations) of the clause: the topic or subject acts,
unless the predicate is passive or a loss, in which case it suffers; Xによる
marks the actor, Xへの / Xに対する / Xを marks the target.
"""

from __future__ import annotations

import re

from hodo.link import Mention
from hodo.models import Entity

_SIDE_KINDS = frozenset({"armed_force", "country", "person", "organization"})
_PASSIVE = re.compile(r"(?:され|を受け|受けた|失っ|失い|撃墜された|迎撃された|被害|死亡|負傷)")
# Losses are suffered by the side named as topic, whatever the verb's voice.
_SUFFERING_TYPES = frozenset({"personnel_losses", "equipment_losses", "civilian_harm"})


def actor_and_target(
    sentence: str, clause: tuple[int, int], mentions: list[Mention], claim_type: str, claimant: Entity | None
) -> tuple[Entity | None, Entity | None]:
    start, end = clause
    actor: Entity | None = None
    target: Entity | None = None
    passive = _PASSIVE.search(sentence, start, end) is not None or claim_type in _SUFFERING_TYPES
    for mention in mentions:
        if mention.entity.kind not in _SIDE_KINDS or mention.end > end:
            continue
        after = sentence[mention.end : mention.end + 4]
        if after.startswith(("による", "が発射", "の攻撃", "軍の攻撃")):
            actor = actor or mention.entity
        elif after.startswith(("への", "に対する", "に対し", "を攻撃", "を標的")):
            target = target or mention.entity
        elif after.startswith(("は", "が")):
            if claimant is not None and mention.entity.id == claimant.id and mention.entity.kind == "person":
                continue
            if passive:
                target = target or mention.entity
            else:
                actor = actor or mention.entity
    return actor, target
