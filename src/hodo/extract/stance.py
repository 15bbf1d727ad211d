"""Polarity, modality and opinion of a clause, from the pack's cue words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hodo.models import Modality, Polarity
from hodo.packs import Pack
from hodo.packs.views import pack_field, view


@dataclass(frozen=True)
class StanceCues:
    denial: re.Pattern[str] = pack_field("cues:polarity.denial")
    negated_verb: re.Pattern[str] = pack_field("cues:polarity.negated_verb")
    anaphoric_denial: re.Pattern[str] = pack_field("cues:polarity.anaphoric_denial")
    falsity: re.Pattern[str] = pack_field("cues:polarity.falsity")
    counter: re.Pattern[str] = pack_field("cues:polarity.counter")
    involvement: re.Pattern[str] = pack_field("cues:polarity.involvement")
    contrast: re.Pattern[str] = pack_field("cues:polarity.contrast")
    not_denial: re.Pattern[str] = pack_field("cues:polarity.not_denial")
    rumored: re.Pattern[str] = pack_field("cues:modality.rumored")
    estimated: re.Pattern[str] = pack_field("cues:modality.estimated")
    planned: re.Pattern[str] = pack_field("cues:modality.planned")
    opinion: re.Pattern[str] = pack_field("cues:opinion.markers")


def stance_cues(pack: Pack) -> StanceCues:
    return view(pack, StanceCues)


def polarity(clause: str, states_stance: bool, cues: StanceCues) -> Polarity:
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


def denies_involvement(sentence: str, cues: StanceCues) -> re.Match[str] | None:
    """Where a sentence denies having had a hand in something ("関与を否定した", "無関係だ")."""
    return cues.involvement.search(sentence)


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


def modality(sentence: str, cues: StanceCues) -> Modality:
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
