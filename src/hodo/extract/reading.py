"""Which of a clause's trigger words count: the clause-level reading of a sentence.

A type's trigger counts when it is its clause's predicate (predicates.py; for
a type whose intent is a claim, also when it is the object of an intent), and,
for a harm word, when its victims are the type's (victims.py). The claim
builder reads each sentence through one :class:`SentenceReading`.
"""

from __future__ import annotations

from dataclasses import dataclass

from hodo.extract.claim_types import TypedClause, TypeRule
from hodo.extract.predicates import (
    MASK,
    PredicateCues,
    Role,
    counted_apart,
    phrase_negated,
    predicate_cues,
    skeleton,
    trigger_role,
)
from hodo.extract.victims import VictimCues, is_harm, last_victims, phrase_victims, victim_cues
from hodo.packs import Pack


@dataclass(frozen=True)
class SentenceReading:
    text: str
    # The text with names, dates, figures and asides masked (predicates.skeleton).
    masked: str
    # Whom the sentence names as victims, and whom the report named before it.
    victims_here: str | None
    victims_before: str | None
    predicates: PredicateCues
    victims: VictimCues

    def accept(self, rule: TypeRule, clause: tuple[int, int], trigger: tuple[int, int]) -> bool:
        # A trigger inside a name (安全保障会議書記, 平和維持部隊) names, it does not assert.
        if self.masked[trigger[0]] == MASK and self.masked[trigger[1] - 1] == MASK:
            return False
        role = trigger_role(self.masked, trigger[1], clause[1], self.predicates)
        if role is not Role.PREDICATE and not (role is Role.INTENT and rule.intent):
            return False
        if rule.victims is None or not is_harm(self.text[trigger[0] : trigger[1]], self.victims):
            return True
        named = phrase_victims(self.text, clause[0], trigger[0], self.victims) or self.victims_here
        return (named or self.victims_before or self.victims.default) == rule.victims


    def apart(self, clause: TypedClause) -> bool:
        """Whether the clause's trigger tells its happening with a count of its own (predicates.counted_apart)."""
        return counted_apart(self.masked, clause.trigger_end, clause.end, self.predicates)

    def negated(self, trigger_end: int, clause_end: int) -> bool:
        """Whether the phrase of the trigger ending at ``trigger_end`` is negated."""
        return phrase_negated(self.masked, trigger_end, clause_end, self.predicates)


def read_sentence(
    text: str,
    pack: Pack,
    masks: list[tuple[int, int]] | None = None,
    figures: list[tuple[int, int]] | None = None,
    victims: tuple[str | None, str | None] | None = None,
) -> SentenceReading:
    """The reading of one sentence; ``masks`` are the spans of its names and dates, ``figures`` of its
    figures; ``victims`` whom it names as victims and whom its report named before, when known."""
    cues = victim_cues(pack)
    here, before = victims if victims is not None else (last_victims(text, cues), None)
    predicates = predicate_cues(pack)
    return SentenceReading(
        text=text,
        masked=skeleton(text, masks or [], figures or [], predicates.folds),
        victims_here=here,
        victims_before=before,
        predicates=predicates,
        victims=cues,
    )
