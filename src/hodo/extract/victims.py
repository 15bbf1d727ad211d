"""Who a harm word befalls: soldiers (a personnel loss) or civilians (civilian harm).

"ロシア兵63人が死亡" and "市民5人が死亡" share their verb; the noun before it
decides the claim type. The victim is read from the phrase that ends at the
harm word (back to the last comma or case boundary, so the attacker of
"ロシア軍の攻撃で5人が死亡" is not taken for the dead); a phrase that names no
one ("3人が死亡し、子ども10人がけが") takes the class of the victims its sentence
names, else of those its report named last ("軍人63人が死亡…数百人が死傷し
た"), and, with none named, the pack's default.
The words are the pack's (triggers.toml ``[victims]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hodo.packs import Pack
from hodo.packs.views import AS_STRINGS, pack_field, view

MILITARY = "military"
CIVILIAN = "civilian"


@dataclass(frozen=True)
class VictimCues:
    harm: re.Pattern[str] = pack_field("triggers:victims.harm")
    boundary: re.Pattern[str] = pack_field("triggers:victims.boundary")
    default: str = pack_field("triggers:victims.default")
    military: tuple[str, ...] = pack_field("triggers:victims.military", shape=AS_STRINGS)
    civilian: tuple[str, ...] = pack_field("triggers:victims.civilian", shape=AS_STRINGS)
    # One group per class of victims, named by the class, longest words first.
    words: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        groups = [
            f"(?P<{name}>{'|'.join(sorted(words, key=len, reverse=True))})"
            for name, words in ((MILITARY, self.military), (CIVILIAN, self.civilian))
            if words
        ]
        object.__setattr__(self, "words", re.compile("|".join(groups) or r"(?!)"))


def victim_cues(pack: Pack) -> VictimCues:
    return view(pack, VictimCues)


def is_harm(trigger: str, cues: VictimCues) -> bool:
    """Whether a trigger's text is a harm word, whose type its victims decide."""
    return cues.harm.search(trigger) is not None


def phrase_victims(text: str, clause_start: int, trigger_start: int, cues: VictimCues) -> str | None:
    """The class of the victims named in the phrase that ends at the harm word, if it names any."""
    start = clause_start
    for boundary in cues.boundary.finditer(text, clause_start, trigger_start):
        start = boundary.end()
    found = None
    for match in cues.words.finditer(text, start, trigger_start):
        found = match.lastgroup
    return found


def last_victims(text: str, cues: VictimCues) -> str | None:
    """The class of the victims a text names last, if any (the context of later sentences)."""
    found = None
    for match in cues.words.finditer(text):
        found = match.lastgroup
    return found
