"""Who says so: the claimant of a sentence, from its own words.

Two patterns carry nearly all attributions in Japanese news: a source phrase
(Xによると, Xの話として, …とXが伝えた) and a topic that governs a speech
predicate at the end (Xは…と述べた / 発表した / 明らかにした). The speaker is
the linked mention that stands right before the source phrase, or the mention
that the topic particle marks. Report-level attribution (headings, attribution
lines and sentences, carrying across one speaker's paragraph) is the claim
builder's job; this module reads one sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from hodo.link import Mention
from hodo.models import Entity
from hodo.packs import Pack

SPEAKER_KINDS = frozenset({"person", "organization", "armed_force", "country"})

# An unlinked speaker still deserves a name when the phrase is plainly a source
# (当局者, 関係者, 高官): a noun run ending in one of these.
_SOURCE_NOUN = re.compile(
    r"[一-龥ァ-ヴー・A-Za-z]{0,16}(?:当局者|当局|関係者|高官|筋|報道官|政府|外務省|国防省|大使館|司令部|軍|空軍|通信|首相|大統領|長官|補佐官|特使)$"
)


@dataclass(frozen=True)
class AttributionCues:
    speech: re.Pattern[str]
    source_markers: re.Pattern[str]
    attribution_sentence: re.Pattern[str]
    topic_particles: tuple[str, ...]
    tail_chars: int


@cache
def attribution_cues(pack: Pack) -> AttributionCues:
    table = pack.table("cues").get("attribution", {})
    return AttributionCues(
        speech=re.compile("|".join(f"(?:{p})" for p in table.get("speech_predicates", [])) or r"(?!)"),
        source_markers=re.compile("|".join(f"(?:{p})" for p in table.get("source_markers", [])) or r"(?!)"),
        attribution_sentence=re.compile(table.get("attribution_sentence", r"(?!)")),
        topic_particles=tuple(sorted(table.get("topic_particles", ["は", "が"]), key=len, reverse=True)),
        tail_chars=int(table.get("tail_chars", 40)),
    )


def has_speech_predicate(sentence: str, cues: AttributionCues) -> bool:
    tail = sentence[-cues.tail_chars :]
    return cues.speech.search(tail) is not None


def source_speaker(sentence: str, mentions: list[Mention], cues: AttributionCues) -> Entity | None:
    """The X of "Xによると" / "Xの話として" / "…とXが伝えた"."""
    for marker in cues.source_markers.finditer(sentence):
        before = [m for m in mentions if m.entity.kind in SPEAKER_KINDS and 0 <= marker.start() - m.end <= 1]
        if before:
            return before[-1].entity
        noun = _SOURCE_NOUN.search(sentence, 0, marker.start())
        if noun and noun.end() == marker.start():
            return _unlinked(noun.group())
    return None


def topic_speaker(sentence: str, mentions: list[Mention], cues: AttributionCues) -> Entity | None:
    """The topic of a sentence that ends in a speech predicate: "Xは…と述べた"."""
    if not has_speech_predicate(sentence, cues):
        return None
    quote = sentence.find("「")
    limit = quote if quote >= 0 else len(sentence)
    for mention in mentions:
        if mention.start >= limit:
            break
        if mention.entity.kind not in SPEAKER_KINDS:
            continue
        if sentence.startswith(cues.topic_particles, mention.end):
            return mention.entity
    noun = _topic_noun(sentence[:limit], cues)
    return _unlinked(noun) if noun else None


def attribution_sentence_speaker(sentence: str, mentions: list[Mention], cues: AttributionCues) -> Entity | None:
    """A short sentence that only says who said what came before: "露大統領府が発表した。"."""
    match = cues.attribution_sentence.match(sentence)
    if match is None:
        return None
    who_end = match.end("who")
    candidates = [m for m in mentions if m.entity.kind in SPEAKER_KINDS and m.end <= who_end]
    if candidates:
        return candidates[-1].entity
    return None


def _topic_noun(text: str, cues: AttributionCues) -> str | None:
    for particle in cues.topic_particles:
        index = text.find(particle + "、")
        if index < 0:
            index = text.find(particle)
        if index <= 0:
            continue
        noun = _SOURCE_NOUN.search(text, 0, index)
        if noun and noun.end() == index:
            return noun.group()
    return None


def _unlinked(text: str) -> Entity:
    return Entity(id=None, name=text, kind="organization", text=text, confidence=0.5)
