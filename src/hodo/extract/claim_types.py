"""Which claim types a sentence carries, clause by clause, from the pack's triggers.

A sentence is cut into clauses at the commas that follow a verb's connective
form (…を行い、…で合意し、), because one sentence often reports two things of
different types ("held talks, and agreed an exchange"). Each clause is typed
from the trigger table; a type's ``suppresses`` list settles overlaps inside a
clause (a shoot-down report mentions the attack it stopped).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from hodo.models import ClaimType
from hodo.packs import Pack
from hodo.packs.views import AS_ITEMS, AS_SET, each, pack_field


@dataclass(frozen=True)
class TypeRule:
    """One ``[[type]]`` of triggers.toml."""

    name: ClaimType = pack_field("name")
    triggers: re.Pattern[str] = pack_field("triggers")
    requires: re.Pattern[str] | None = pack_field("requires", none_if_empty=True)
    excludes: re.Pattern[str] | None = pack_field("excludes", none_if_empty=True)
    suppresses: frozenset[str] = pack_field("suppresses", shape=AS_SET)
    quantity_kinds: frozenset[str] = pack_field("quantity_kinds", shape=AS_SET)
    requires_entities: frozenset[str] = pack_field("requires_entities", shape=AS_SET)
    sides: str = pack_field("sides")
    suffered: bool = pack_field("suffered")
    stance: bool = pack_field("stance")
    speech_dated: bool = pack_field("speech_dated")
    occasion: bool = pack_field("occasion")
    # True when an intent or readiness to do it (受け入れる用意がある) is a claim of the type.
    intent: bool = pack_field("intent")
    # True for the deed a denial of involvement (関与を否定, 無関係だ) denies when its sentence names none.
    involvement: bool = pack_field("involvement")
    # Whom its harm words (死亡, 負傷) must befall: "military" or "civilian" (victims.py).
    victims: str | None = pack_field("victims")
    # Triggers that count only in a document that names the happening they belong to
    # (帰還, 解放 in a report of a prisoner exchange), what names it, and the subject
    # a claim of them is about.
    context_triggers: re.Pattern[str] | None = pack_field("context.triggers", none_if_empty=True)
    context: re.Pattern[str] | None = pack_field("context.words", none_if_empty=True)
    context_subject: str | None = pack_field("context.subject")
    # What a clause with a context trigger must also name (the people who came home).
    context_requires: re.Pattern[str] | None = pack_field("context.requires", none_if_empty=True)
    # Counters a count may have; empty: any.
    units: frozenset[str] = pack_field("units", shape=AS_SET)
    # What a claim of the type can be about by name (停戦, 捕虜交換): the words of each name.
    subject_words: tuple[tuple[str, tuple[str, ...]], ...] = pack_field("subjects", shape=AS_ITEMS)
    # What may stand between two subjects of one run (停戦や首脳会談); none at all always may.
    subject_joiners: re.Pattern[str] | None = pack_field("cues:subjects.joiners", none_if_empty=True)
    # Where the pack cuts sentences into clauses (the same for every rule; see clauses()).
    clause_break: re.Pattern[str] = pack_field("cues:clauses.break")
    clause_min_chars: int = pack_field("cues:clauses.min_chars")
    # One group per name, sN for the N-th of subject_names.
    subjects: re.Pattern[str] | None = field(init=False)
    subject_names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "subjects", _subject_pattern(self.subject_words))
        object.__setattr__(self, "subject_names", tuple(name for name, _ in self.subject_words))

    def subjects_in(self, clause: str, at: tuple[int, int] | None = None) -> list[str]:
        """The subjects the clause names, by their pack names, the main one first.

        The main one is read around ``at``, by default the clause's last trigger
        (its main predicate): a subject inside it is the deal itself (捕虜の交換で
        合意); else the one nearest before it (停戦を受け入れた, or the first of a
        run of joined ones), else the first after it. The others follow in the
        order written ("停戦や首脳会談には応じない" names both).
        """
        if self.subjects is None:
            return []
        if at is None:
            predicate = [*self.triggers.finditer(clause)][-1:]
            at = predicate[0].span() if predicate else (len(clause), len(clause))
        trigger_start, trigger_end = at
        found = list(self.subjects.finditer(clause))
        inside = [m for m in found if m.start() < trigger_end and m.end() > trigger_start]
        before = [m for m in found if m.end() <= trigger_start]
        if before:
            # "停戦や首脳会談には", "鉱物資源協定": a run of joined subjects is led by its first.
            first = len(before) - 1
            while first > 0 and self._joined(clause[before[first - 1].end() : before[first].start()]):
                first -= 1
            before = before[first:]
        main = inside[:1] or before[:1] or found[:1]
        names = [self.subject_names[int(m.lastgroup[1:])] for m in main + found if m.lastgroup]
        return list(dict.fromkeys(names))

    def _joined(self, gap: str) -> bool:
        return not gap or (self.subject_joiners is not None and self.subject_joiners.fullmatch(gap) is not None)


@dataclass(frozen=True)
class TypedClause:
    type: ClaimType
    start: int
    end: int
    trigger_start: int
    trigger_end: int


def _subject_pattern(subjects: tuple[tuple[str, tuple[str, ...]], ...]) -> re.Pattern[str] | None:
    """Group sN matches the words of the N-th subject, longest words first."""
    if not subjects:
        return None
    groups = (
        f"(?P<s{i}>{'|'.join(sorted(words or [name], key=len, reverse=True))})"
        for i, (name, words) in enumerate(subjects)
    )
    return re.compile("|".join(groups))


def type_rules(pack: Pack) -> tuple[TypeRule, ...]:
    return each(pack, TypeRule, "triggers:type")


def clauses(sentence: str, rule: TypeRule) -> list[tuple[int, int]]:
    """The sentence's clauses, cut where the pack's clause breaks (``rule``'s, any rule's) say."""
    spans = []
    start = 0
    for match in rule.clause_break.finditer(sentence):
        if match.start() - start >= rule.clause_min_chars:
            spans.append((start, match.end()))
            start = match.end()
    spans.append((start, len(sentence)))
    return spans


def _requirement_met(rule: TypeRule, sentence: str, entity_kinds: frozenset[str]) -> bool:
    """A rule's context: one of its words, or an entity of one of its kinds, in the sentence."""
    if rule.requires is None and not rule.requires_entities:
        return True
    if rule.requires is not None and rule.requires.search(sentence):
        return True
    return bool(rule.requires_entities & entity_kinds)


# Whether a rule's trigger at (start, end) counts in the clause (start, end) it stands in:
# the claim builder's reading of the clause (predicates.py, victims.py).
Accept = Callable[[TypeRule, tuple[int, int], tuple[int, int]], bool]


@dataclass(frozen=True)
class Context:
    """What the claim builder knows around a sentence that typing may use.

    ``entity_kinds`` are the kinds of entity the sentence names, for rules
    that require one (a capture needs a place). With ``accept``, a type
    fires on the last of its triggers in the clause that ``accept`` lets
    count (one that is the clause's predicate, say); without, on its first.
    ``in_context`` names the rules whose context the document gives, so
    their context triggers count too; ``told_before`` the types of the
    sentence before, whose requirements it meets ("…を制圧した。…は制圧を否定した").
    """

    entity_kinds: frozenset[str] = frozenset()
    accept: Accept | None = None
    in_context: frozenset[str] = frozenset()
    told_before: frozenset[str] = frozenset()
    # Whether a trigger tells its happening with a count of its own (飛来したミサイル38発のうち…),
    # so that a type suppressing its type in the clause does not swallow it.
    apart: Callable[[TypedClause], bool] | None = None


def present_rules(sentence: str, rules: tuple[TypeRule, ...], context: Context = Context()) -> tuple[TypeRule, ...]:
    """The rules that may fire in the sentence: a trigger of theirs in it and their requirement met.

    A sentence none of whose rules is present carries no claim, so the claim builder
    asks this before it reads the sentence further.
    """
    return tuple(
        rule
        for rule in rules
        if (
            rule.triggers.search(sentence)
            or (
                rule.name in context.in_context
                and rule.context_triggers is not None
                and rule.context_triggers.search(sentence)
            )
        )
        and (rule.name in context.told_before or _requirement_met(rule, sentence, context.entity_kinds))
    )


def typed_clauses(
    sentence: str, rules: tuple[TypeRule, ...], context: Context = Context(), *, screened: bool = False
) -> list[tuple[int, int, list[TypedClause]]]:
    """Every clause of the sentence, (start, end, the types it carries), read in ``context``.

    ``screened``: ``rules`` are already the sentence's present rules (present_rules).
    An exclusion that covers a trigger blocks that trigger only (会談では…協議した
    keeps 協議); one that covers none blocks the type in the clause.
    """
    found: list[tuple[int, int, list[TypedClause]]] = []
    present = rules if screened else present_rules(sentence, rules, context)
    for start, end in clauses(sentence, rules[0]) if rules else [(0, len(sentence))]:
        clause = sentence[start:end]
        hits: dict[str, TypedClause] = {}
        for rule in present:
            match = _trigger(rule, clause, start, end, context.accept, rule.name in context.in_context)
            if match is None:
                continue
            hits[rule.name] = TypedClause(rule.name, start, end, start + match.start(), start + match.end())
        suppressed = {s for rule in present if rule.name in hits for s in rule.suppresses}
        kept = [
            hit
            for name, hit in hits.items()
            if name not in suppressed or (context.apart is not None and context.apart(hit))
        ]
        found.append((start, end, kept))
    return found


def _trigger(
    rule: TypeRule, clause: str, start: int, end: int, accept: Accept | None, in_context: bool = False
) -> re.Match[str] | None:
    """The rule's trigger in the clause: the last one ``accept`` lets count, else the first."""
    patterns = [rule.triggers]
    if (
        in_context
        and rule.context_triggers is not None
        and (rule.context_requires is None or rule.context_requires.search(clause))
    ):
        patterns.append(rule.context_triggers)
    matches = [m for pattern in patterns for m in pattern.finditer(clause)]
    if rule.excludes is not None:
        excluded = [e.span() for e in rule.excludes.finditer(clause)]
        if any(not any(_overlap(span, m.span()) for m in matches) for span in excluded):
            return None
        matches = [m for m in matches if not any(_overlap(span, m.span()) for span in excluded)]
    if accept is None:
        return matches[0] if matches else None
    chosen = None
    for match in matches:
        if (chosen is None or match.start() > chosen.start()) and accept(
            rule, (start, end), (start + match.start(), start + match.end())
        ):
            chosen = match
    return chosen


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def type_clauses(sentence: str, rules: tuple[TypeRule, ...], context: Context = Context()) -> list[TypedClause]:
    """The types the sentence carries, each with the last clause that carries it.

    The last clause holds the main predicate, so when two clauses fire the
    same type, the later one is the claim's evidence and governs its stance.
    """
    return last_per_type(typed_clauses(sentence, rules, context))


def last_per_type(typed: list[tuple[int, int, list[TypedClause]]]) -> list[TypedClause]:
    found: dict[str, TypedClause] = {}
    for _start, _end, hits in typed:
        for hit in hits:
            found.pop(hit.type, None)
            found[hit.type] = hit
    return sorted(found.values(), key=lambda c: c.start)
