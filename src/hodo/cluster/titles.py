"""Short human titles for events: what happened, who took part, where, when."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from hodo.models import Claim, DateRange, Entity

# The claim vocabulary is fixed by the spec, so its labels live with the code.
_LABELS: dict[str, str] = {
    "personnel_losses": "兵員の損失",
    "equipment_losses": "装備の損失",
    "air_defense": "迎撃",
    "strike": "攻撃",
    "civilian_harm": "民間人の被害",
    "territorial_control": "支配地域",
    "diplomacy": "会談",
    "agreement": "合意・提案",
    "aid_and_finance": "支援",
    "force_strength": "兵力",
}
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
    return f"{dates.start.isoformat()}〜{dates.end.isoformat()}"


def make_title(event_type: str, claims: Sequence[Claim], when: DateRange | None) -> str:
    """E.g. "会談: プーチン・トランプ (2025-06-04)" or "攻撃: ハルキウ (2025-06-05)"."""
    who = _top([e for c in claims for e in (c.actor, c.target) if e is not None], _MAX_NAMES)
    if not who:
        who = _top([c.claimant for c in claims if c.claimant is not None], _MAX_NAMES)
    where = _top([p for c in claims for p in c.places], 1)
    parts = [_LABELS.get(event_type, event_type) + ":", "・".join(who + where)]
    stamp = _when(when)
    if stamp:
        parts.append(f"({stamp})")
    return " ".join(p for p in parts if p and p != ":")
