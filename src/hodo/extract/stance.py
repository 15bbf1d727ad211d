"""Polarity, modality and opinion of a clause, from the pack's cue words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from hodo.packs import Pack, any_of


@dataclass(frozen=True)
class StanceCues:
    denial: re.Pattern[str]
    negated_verb: re.Pattern[str]
    anaphoric_denial: re.Pattern[str]
    falsity: re.Pattern[str]
    counter: re.Pattern[str]
    contrast: re.Pattern[str]
    not_denial: re.Pattern[str]
    rumored: re.Pattern[str]
    estimated: re.Pattern[str]
    planned: re.Pattern[str]
    opinion: re.Pattern[str]


@cache
def stance_cues(pack: Pack) -> StanceCues:
    cues = pack.table("cues")
    polarity = cues.get("polarity", {})
    modality = cues.get("modality", {})
    return StanceCues(
        denial=any_of(polarity.get("denial", [])),
        negated_verb=any_of(polarity.get("negated_verb", [])),
        anaphoric_denial=any_of(polarity.get("anaphoric_denial", [])),
        falsity=any_of(polarity.get("falsity", [])),
        counter=any_of(polarity.get("counter", [])),
        contrast=any_of(polarity.get("contrast", [])),
        not_denial=any_of(polarity.get("not_denial", [])),
        rumored=any_of(modality.get("rumored", [])),
        estimated=any_of(modality.get("estimated", [])),
        planned=any_of(modality.get("planned", [])),
        opinion=any_of(cues.get("opinion", {}).get("markers", [])),
    )


def polarity(clause: str, states_stance: bool, cues: StanceCues) -> str:
    """Denied when the clause says the thing did not happen.

    A stance claim ("rejected the proposal", "will not accept") is affirmed
    whatever its verb's negation: only an outright denial counts there.
    """
    denied = cues.denial.search(clause) is not None
    if not denied and not states_stance:
        denied = cues.negated_verb.search(clause) is not None
    if denied and cues.not_denial.search(clause) is None:
        return "denied"
    return "affirmed"


def denies_previous(sentence: str, cues: StanceCues) -> re.Match[str] | None:
    """Where a sentence denies what the one before it reported ("これを否定した")."""
    return cues.anaphoric_denial.search(sentence)


def calls_false(sentence: str, cues: StanceCues) -> re.Match[str] | None:
    """Where a sentence calls something false ("全くの事実無根だ"): a denial of the claim
    before it, when it makes none of its own."""
    return cues.falsity.search(sentence)


def turns(sentence: str, cues: StanceCues) -> list[int]:
    """Where the sentence turns to another voice ("…と発表したが、"): the offsets after each turn."""
    return [turn.end() for turn in cues.contrast.finditer(sentence)]


def rebuttal(sentence: str, turned_at: list[int], cues: StanceCues) -> tuple[int, re.Match[str]] | None:
    """Where a sentence turns to another voice that denies its first part.

    "Aは…と発表したが、Bはこれを否定した" or "…、Bは…と反論した": the offset the
    second part starts at, and the denial in it; ``turned_at`` is what :func:`turns` found.
    """
    for start in turned_at:
        denial = cues.anaphoric_denial.search(sentence, start) or cues.counter.search(sentence, start)
        if denial is not None:
            return start, denial
    return None


def modality(sentence: str, cues: StanceCues) -> str:
    if cues.rumored.search(sentence):
        return "rumored"
    if cues.estimated.search(sentence):
        return "estimated"
    if cues.planned.search(sentence):
        return "planned"
    return "asserted"


def is_opinion(text: str, cues: StanceCues) -> bool:
    """Whether ``text`` (a predicate, not a whole sentence) voices an opinion, forecast or appeal."""
    return cues.opinion.search(text) is not None
