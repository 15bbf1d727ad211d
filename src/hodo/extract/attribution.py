"""Who says so: the claimant of a claim, from the words of its sentence.

Two patterns carry nearly all attributions in Japanese news: a source phrase
(Xによると, Xの話として, …とXが伝えた) and a speech predicate that follows
what was said (Xは…と述べた / 発表した / 明らかにした). The speaker of a claim
is found from its trigger: the source phrase of the sentence, else the first
speech predicate after the trigger, whose speaker is the sentence's topic
(Xは) or subject (Xが) before the trigger. Report-level attribution (headings,
attribution lines and sentences, carrying across one speaker's paragraph) is
the claim builder's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from hodo.link import Mention
from hodo.models import Entity
from hodo.packs import Pack
from hodo.packs.views import AS_SET, LONGEST_FIRST, pack_field, view
from hodo.script import COMMA, FULL_STOP, QUOTE_CLOSE, QUOTE_OPEN

SPEAKER_KINDS = frozenset({"person", "organization", "armed_force", "country"})

# A parenthesis between a name and its particle: ウクライナ保安局(SBU)は.
_PAREN = re.compile(r"\([^()]{1,20}\)")


class Basis(Enum):
    SOURCE = "source"  # Xによると
    SPEECH = "speech"  # Xは…と述べた
    UNNAMED_SPEECH = "unnamed_speech"  # …と述べた, speaker left out: carry the last one
    ACTOR = "actor"  # Xは…を提案した: the actor of a speech act speaks


@dataclass(frozen=True)
class Attribution:
    speaker: Entity | None
    basis: Basis
    # The news outlet the sentence credits ("ロイター通信によると"), when it is not the speaker.
    outlet: Entity | None = None


@dataclass(frozen=True)
class AttributionCues:
    speech: re.Pattern[str] = pack_field("cues:attribution.speech_predicates")
    source_markers: re.Pattern[str] = pack_field("cues:attribution.source_markers")
    attribution_sentence: re.Pattern[str] = pack_field("cues:attribution.attribution_sentence")
    introducer_sentence: re.Pattern[str] = pack_field("cues:attribution.introducer_sentence")
    source_nouns: tuple[str, ...] = pack_field("cues:attribution.source_nouns", shape=LONGEST_FIRST)
    source_noun_tails: tuple[str, ...] = pack_field("cues:attribution.source_noun_tails", shape=LONGEST_FIRST)
    continuation_openers: tuple[str, ...] = pack_field("cues:attribution.continuation_openers")
    heading_tails: frozenset[str] = pack_field("cues:attribution.heading_tails", shape=AS_SET)
    tail_chars: int = pack_field("cues:attribution.tail_chars")
    topic: tuple[str, ...] = pack_field("cues:particles.topic")
    locative_topic: tuple[str, ...] = pack_field("cues:particles.locative_topic")
    # Xが, and Xも: a subject.
    subject: tuple[str, ...] = pack_field("cues:particles.subject")
    also: tuple[str, ...] = pack_field("cues:particles.also")
    # An unlinked speaker still deserves a name when the phrase is plainly a
    # source (当局者, 関係者, 高官): a noun run ending in one of the pack's
    # source nouns, before a source phrase or as the topic (Xは).
    source_noun: re.Pattern[str] = field(init=False)
    topic_noun: re.Pattern[str] = field(init=False)
    subject_noun: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        suffixes = "|".join(re.escape(w) for w in self.source_nouns)
        tails = "|".join(re.escape(w) for w in self.source_noun_tails)
        noun = rf"[\u4e00-\u9fa5\u30a1-\u30f4\u30fc\u30fbA-Za-z]{{0,16}}(?:{suffixes or '(?!)'})(?:{tails or '(?!)'})?"
        object.__setattr__(self, "source_noun", re.compile(f"{noun}$"))
        topic = "|".join(map(re.escape, self.topic)) or "(?!)"
        subject = "|".join(map(re.escape, self.subject + self.also)) or "(?!)"
        object.__setattr__(self, "topic_noun", re.compile(f"(?P<noun>{noun})(?:{topic})"))
        object.__setattr__(self, "subject_noun", re.compile(f"(?P<noun>{noun})(?:{subject})"))


def attribution_cues(pack: Pack) -> AttributionCues:
    return view(pack, AttributionCues)


def main_predicate(sentence: str) -> str:
    """The sentence's own ending: what follows its last closing quote, else its tail."""
    quote_end = sentence.rfind(QUOTE_CLOSE)
    if quote_end >= 0:
        return sentence[quote_end + 1 :]
    return sentence[-20:]


def ends_in_speech(sentence: str, cues: AttributionCues) -> bool:
    """Whether the sentence as a whole reports someone's words (…と述べた。)."""
    return _speech_after(sentence, max(0, len(sentence) - cues.tail_chars), cues) is not None


def _speech_after(sentence: str, position: int, cues: AttributionCues) -> re.Match[str] | None:
    """The first speech predicate at or after ``position`` that ends a clause or the sentence.

    "…と述べ、" and "…と述べた。" report words; "話してきて、" does not: a
    speech verb counts when what follows it, up to the next comma or the
    end, is short (an auxiliary ending).
    """
    # Patterns anchored at the end ("…という$") must see the sentence without its full stop.
    body = sentence.rstrip(FULL_STOP + " ")
    for match in cues.speech.finditer(body, min(position, len(body))):
        rest = body[match.end() :]
        cut = min((i for i in (rest.find(COMMA), rest.find(FULL_STOP)) if i >= 0), default=len(rest))
        if cut <= 10:
            return match
    return None


def particle_after(sentence: str, end: int, particles: tuple[str, ...]) -> bool:
    paren = _PAREN.match(sentence, end)
    if paren:
        end = paren.end()
    return sentence.startswith(particles, end)


def attribute(
    sentence: str,
    mentions: list[Mention],
    trigger_start: int,
    trigger_end: int,
    cues: AttributionCues,
    *,
    speech_act: bool,
    outlets: frozenset[str] = frozenset(),
) -> Attribution | None:
    """The speaker of the claim whose trigger stands at [trigger_start, trigger_end).

    ``outlets`` are the ids of news outlets: "ロイター通信によると、米国防総省は…と
    明らかにした" is the ministry's claim as Reuters reports it.
    """
    source = source_speaker(sentence, mentions, cues)
    if source is not None:
        if source.id in outlets and _speech_after(sentence, trigger_end, cues) is not None:
            subject = _subject_before(sentence, mentions, trigger_start, cues)
            if subject is not None and subject != source:
                return Attribution(subject, Basis.SPEECH, outlet=source)
        return Attribution(source, Basis.SOURCE)
    speech = _speech_after(sentence, trigger_end, cues)
    if speech is not None:
        subject = _subject_before(sentence, mentions, trigger_start, cues)
        if subject is not None:
            return Attribution(subject, Basis.SPEECH)
        return Attribution(None, Basis.UNNAMED_SPEECH)
    if speech_act:
        subject = _subject_before(sentence, mentions, trigger_start, cues)
        if subject is not None:
            return Attribution(subject, Basis.ACTOR)
    return None


def sentence_speaker(sentence: str, mentions: list[Mention], cues: AttributionCues) -> Entity | None:
    """Who speaks in the sentence as a whole: its source phrase, or the topic of its final speech verb."""
    source = source_speaker(sentence, mentions, cues)
    if source is not None:
        return source
    if not ends_in_speech(sentence, cues):
        return None
    quote = sentence.find(QUOTE_OPEN)
    return _subject_before(sentence, mentions, quote if quote >= 0 else len(sentence), cues)


def source_speaker(sentence: str, mentions: list[Mention], cues: AttributionCues) -> Entity | None:
    """The X of "Xによると" / "Xの話として" / "…とXが伝えた"."""
    for marker in cues.source_markers.finditer(sentence):
        before = [m for m in mentions if m.entity.kind in SPEAKER_KINDS and 0 <= marker.start() - m.end <= 1]
        if before:
            return before[-1].entity
        noun = cues.source_noun.search(sentence, 0, marker.start())
        if noun and noun.end() == marker.start():
            return _unlinked(noun.group())
    return None


def attribution_sentence_speaker(
    sentence: str, mentions: list[Mention], cues: AttributionCues
) -> Entity | None:
    """A short sentence that only says who said what came before: "露大統領府が発表した。"."""
    match = cues.attribution_sentence.match(sentence)
    if match is None:
        return None
    group = "who" if match.group("who") is not None else "where"
    who_end = match.end(group)
    # A document named last ("…が公表した米宇共同声明にこう記された") speaks, not its publisher.
    noun = cues.source_noun.search(sentence, 0, who_end)
    candidates = [m for m in mentions if m.entity.kind in SPEAKER_KINDS and m.end <= who_end]
    if candidates and candidates[-1].end == who_end:
        return candidates[-1].entity
    if noun and noun.end() == who_end:
        return _unlinked(noun.group())
    return candidates[-1].entity if candidates else None


def introducer_speaker(sentence: str, mentions: list[Mention], cues: AttributionCues) -> Entity | None:
    """The speaker of a short sentence that hands the floor to the next paragraph."""
    if len(sentence) > 40 or QUOTE_OPEN in sentence or cues.introducer_sentence.search(sentence) is None:
        return None
    return _subject_before(sentence, mentions, len(sentence), cues)


# A subject right before the trigger is the doer of what was said, not its
# speaker: "ウクライナ側が提案する停戦" names who proposes, not who reports it.
_SUBJECT_GAP = 5


def _subject_before(
    sentence: str, mentions: list[Mention], limit: int, cues: AttributionCues
) -> Entity | None:
    """The topic (Xは) before ``limit``, else the subject (Xが), else a source-like noun.

    Copied text often loses the particle after a linked name ("ロシア国防省
    ウクライナ軍の…と発表した"): a name opening the sentence is its subject.
    """
    candidates = [m for m in mentions if m.end <= limit and m.entity.kind in SPEAKER_KINDS]
    topic_noun = cues.topic_noun.search(sentence, 0, limit)
    for mention in candidates:
        if topic_noun is not None and topic_noun.end("noun") <= mention.start:
            break
        # "フランスでは" says where, not who: only は makes a speaker.
        if particle_after(sentence, mention.end, cues.topic) and not sentence.startswith(
            cues.locative_topic, mention.end
        ):
            return mention.entity
    # An unlinked source noun as topic ("外相は、ロシア軍が…と述べた") speaks before any subject.
    if topic_noun is not None:
        return _unlinked(topic_noun.group("noun"))
    for mention in candidates:
        if particle_after(sentence, mention.end, cues.subject + cues.also) and limit - mention.end >= _SUBJECT_GAP:
            return mention.entity
    if candidates and candidates[0].start == 0:
        return candidates[0].entity
    subject_noun = cues.subject_noun.search(sentence, 0, limit)
    return _unlinked(subject_noun.group("noun")) if subject_noun else None


def _unlinked(text: str) -> Entity:
    return Entity(id=None, name=text, kind="organization", text=text, confidence=0.5)
