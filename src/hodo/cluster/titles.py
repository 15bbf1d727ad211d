"""Short human titles for events: what happened, who took part, where, when."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from hodo.models import Claim, DateRange, Entity
from hodo.script import MIDDLE_DOT, WAVE_DASH

_MAX_NAMES = 2


def _label(entity: Entity) -> str:
    return entity.text or entity.name


def _top(entities: Sequence[Entity], limit: int) -> list[str]:
    counts = Counter(_label(e) for e in entities if _label(e))
    return [name for name, _ in counts.most_common(limit)]


def _when(dates: DateRange | None) -> str:
    if dates is None:
        return ""
    if dates.start == dates.end:
        return dates.start.isoformat()
    return f"{dates.start.isoformat()}{WAVE_DASH}{dates.end.isoformat()}"


def make_title(
    event_type: str, claims: Sequence[Claim], when: DateRange | None, labels: Mapping[str, str]
) -> str:
    """E.g. "会談: プーチン・トランプ (2025-06-04)" or "攻撃: ハルキウ (2025-06-05)".

    ``labels`` are the pack's words for the claim types (events.toml ``label``).
    """
    who = _top([e for c in claims for e in (c.actor, c.target) if e is not None], _MAX_NAMES)
    if not who:
        who = _top([c.claimant for c in claims if c.claimant is not None], _MAX_NAMES)
    where = _top([p for c in claims for p in c.places], 1)
    parts = [labels.get(event_type, event_type) + ":", MIDDLE_DOT.join(who + where)]
    stamp = _when(when)
    if stamp:
        parts.append(f"({stamp})")
    return " ".join(p for p in parts if p and p != ":")
