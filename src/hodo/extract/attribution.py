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
from hodo.packs import NEVER, Pack, any_of
from hodo.packs.views import AS_SET, AS_STRINGS, LONGEST_FIRST, pack_field, view
from hodo.script import (
    COMMA,
    DOUBLE_QUOTE_CLOSE,
    DOUBLE_QUOTE_OPEN,
    FULL_STOP,
    QUOTE_CLOSE,
    QUOTE_OPEN,
)

SPEAKER_KINDS = frozenset({"person", "organization", "armed_force", "country"})

# A parenthesis between a name and its particle: ウクライナ保安局(SBU)は.
_PAREN = re.compile(r"\([^()]{1,20}\)")


# The speaker a topic like 同氏は points back to: whoever spoke last.
ANAPHOR = Entity(id=None, name="", kind="person", text="", confidence=0.0)
# A topic that names no speaker (別の35機は…という): the words are someone else's, unnamed.
NO_SPEAKER = Entity(id=None, name="", kind="organization", text="", confidence=0.0)


class Basis(Enum):
    SOURCE = "source"  # Xによると
    SPEECH = "speech"  # Xは…と述べた
    UNNAMED_SPEECH = "unnamed_speech"  # …と述べた, speaker left out: carry the last one
    HEARSAY = "hearsay"  # Xは…ということです: X did it; the source named before says so
    ACTOR = "actor"  # Xは…を提案した: the actor of a speech act speaks


@dataclass(frozen=True)
class Attribution:
    speaker: Entity | None
    basis: Basis
    # The news outlet the sentence credits ("ロイター通信によると"), when it is not the speaker.
    outlet: Entity | None = None
    # Where a report the sentence is about ends ("Xが…と発表したことについて"): what follows
    # is another voice's answer to it. None when the claim is not such a report.
    reported_until: int | None = None


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
    # A topic phrase "Xは" / "Xも" outside quotes, whatever X is, speaks a sentence that
    # reports words (ウクライナのメディアは…と伝えた): its particles, the particles that
    # join nouns inside it (の, や), and topics that are never speakers (今回は).
    topic_particles: tuple[str, ...] = pack_field("cues:attribution.topic_particles")
    noun_joiners: tuple[str, ...] = pack_field("cues:attribution.noun_joiners", shape=LONGEST_FIRST)
    coordinators: re.Pattern[str] = pack_field("cues:attribution.coordinators")
    not_speaker_topic: re.Pattern[str] = pack_field("cues:attribution.not_speaker_topic")
    # A topic that points back to the one named before (同氏は, 同省は): the last speaker.
    anaphoric_speaker: re.Pattern[str] = pack_field("cues:attribution.anaphoric_speaker")
    # What may close a source phrase after its nouns (知事などによると) and the documents that
    # stand for their authors (Xの発表によると, Xの推計によると).
    phrase_tails: tuple[str, ...] = pack_field("cues:attribution.phrase_tails")
    coordination_tails: tuple[str, ...] = pack_field("cues:attribution.coordination_tails")
    documents: tuple[str, ...] = pack_field("cues:attribution.documents", shape=AS_STRINGS)
    # The verb that ends a clause describing a document (…が公表した声明): its subject is the author.
    describing_verb: str | None = pack_field("cues:attribution.describing_verb", shape=AS_STRINGS)
    # Speech endings that report hearsay (…ということです): the reporter passes on what the
    # source named before said; the topic is who did it.
    hearsay: re.Pattern[str] = pack_field("cues:attribution.hearsay")
    press_nouns: tuple[str, ...] = pack_field("cues:attribution.press_nouns")
    # After a subject's particle: its verb modifies a noun (ウクライナ側が提案する停戦), so
    # the subject is inside a relative clause and speaks for nothing.
    relative_subject: re.Pattern[str] = pack_field("cues:attribution.relative_subject")
    # After a speech verb: the report is the object of what follows ("…と発表したことについて"),
    # so its speaker is the subject inside it, not the sentence's topic.
    embedded_report: re.Pattern[str] = pack_field("cues:attribution.embedded_report")
    genitive: tuple[str, ...] = pack_field("cues:particles.genitive")
    case: tuple[str, ...] = pack_field("cues:particles.case")
    lookalikes: tuple[str, ...] = pack_field("cues:particles.lookalikes")
    source_noun: re.Pattern[str] = field(init=False)
    topic_noun: re.Pattern[str] = field(init=False)
    subject_noun: re.Pattern[str] = field(init=False)
    # Quote brackets and topic particles: what topic_phrase reads a sentence by.
    topic_marks: re.Pattern[str] = field(init=False)
    document_head: re.Pattern[str] = field(init=False)
    clause_subject: re.Pattern[str] = field(init=False)
    # An unlinked source ending in one of these is the press (…通信, …メディア), not a party.
    press_noun: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        suffixes = "|".join(re.escape(w) for w in self.source_nouns)
        tails = "|".join(re.escape(w) for w in self.source_noun_tails)
        noun = rf"[\u4e00-\u9fa5\u30a1-\u30f4\u30fc\u30fbA-Za-z]{{0,16}}(?:{suffixes or '(?!)'})(?:{tails or '(?!)'})?"
        topic = "|".join(map(re.escape, self.topic)) or "(?!)"
        subject = "|".join(map(re.escape, self.subject + self.also)) or "(?!)"
        quotes = QUOTE_OPEN + DOUBLE_QUOTE_OPEN + QUOTE_CLOSE + DOUBLE_QUOTE_CLOSE
        marks = f"[{quotes}]" + ("|" + "|".join(map(re.escape, self.topic_particles)) if self.topic_particles else "")
        genitive = "|".join(map(re.escape, self.genitive)) or "(?!)"
        # The subject of a clause describing a document: Xが…した声明, Xは…された発表.
        particles = "|".join(map(re.escape, self.subject + self.topic)) or "(?!)"
        breaks = COMMA + FULL_STOP + QUOTE_OPEN + QUOTE_CLOSE
        clause = (
            re.compile(f"(?:{particles})(?=[^{breaks}]{{2,40}}{self.describing_verb})")
            if self.documents and self.describing_verb
            else NEVER
        )
        derived = {
            "source_noun": re.compile(f"{noun}$"),
            "topic_noun": re.compile(f"(?P<noun>{noun})(?:{topic})"),
            "subject_noun": re.compile(f"(?P<noun>{noun})(?:{subject})"),
            "topic_marks": re.compile(marks),
            "document_head": any_of([f"(?:{genitive})?(?:{w})$" for w in self.documents]),
            "clause_subject": clause,
            "press_noun": any_of([f"{re.escape(w)}$" for w in self.press_nouns]),
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)


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
    明らかにした" is the ministry's claim as Reuters reports it; so is it when the
    source is a press noun the pack does not list (地元メディアによると).
    """
    source = source_speaker(sentence, mentions, cues)
    if source is not None:
        press = source.id in outlets or (source.id is None and cues.press_noun.search(source.text) is not None)
        if press and _speech_after(sentence, trigger_end, cues) is not None:
            subject = _subject_before(sentence, mentions, trigger_start, cues, any_noun=True)
            if subject is not None and subject is not ANAPHOR and subject != source:
                return Attribution(subject, Basis.SPEECH, outlet=source)
        return Attribution(source, Basis.SOURCE)
    speech = _speech_after(sentence, trigger_end, cues)
    report = cues.embedded_report.search(sentence, trigger_end)
    if report is not None and (speech is None or report.start() <= speech.start()):
        # "報道官は、国防省が村を制圧したと発表したことについて否定した": the ministry's claim.
        reporter = _embedded_subject(sentence, mentions, trigger_start, cues)
        if reporter is not None:
            return Attribution(reporter, Basis.SPEECH, reported_until=report.end())
    if speech is not None:
        subject = _subject_before(sentence, mentions, trigger_start, cues, any_noun=True)
        if subject is ANAPHOR:
            subject = None
        if cues.hearsay.search(speech.group()):
            return Attribution(subject, Basis.HEARSAY)
        if subject is not None:
            return Attribution(subject, Basis.SPEECH)
        return Attribution(None, Basis.UNNAMED_SPEECH)
    if speech_act:
        subject = _subject_before(sentence, mentions, trigger_start, cues)
        if subject is not None:
            return Attribution(subject, Basis.ACTOR)
    return None


def _embedded_subject(sentence: str, mentions: list[Mention], limit: int, cues: AttributionCues) -> Entity | None:
    """The subject (Xが) nearest before ``limit``: who made a report the sentence is about.

    One that only heads a relative clause (Xが…したドローン) is taken when there is no other;
    with no linked one, a source-like noun (ルーマニア軍が) is.
    """
    subjects = [
        m
        for m in mentions
        if m.end <= limit and m.entity.kind in SPEAKER_KINDS and particle_after(sentence, m.end, cues.subject)
    ]
    plain = [m for m in subjects if not cues.relative_subject.match(sentence, m.end)]
    chosen = (plain or subjects)[-1:]
    if chosen:
        return chosen[0].entity
    nouns = [n for n in cues.subject_noun.finditer(sentence, 0, limit) if not cues.relative_subject.match(sentence, n.end("noun"))]
    return _unlinked(nouns[-1].group("noun")) if nouns else None


def sentence_speaker(sentence: str, mentions: list[Mention], cues: AttributionCues) -> Entity | None:
    """Who speaks in the sentence as a whole: its source phrase, or the topic of its final speech verb."""
    source = source_speaker(sentence, mentions, cues)
    if source is not None:
        return source
    if not ends_in_speech(sentence, cues):
        return None
    quote = sentence.find(QUOTE_OPEN)
    speaker = _subject_before(sentence, mentions, quote if quote >= 0 else len(sentence), cues, any_noun=True)
    return None if speaker is ANAPHOR else speaker


def source_speaker(sentence: str, mentions: list[Mention], cues: AttributionCues) -> Entity | None:
    """The X of "Xによると" / "Xの話として" / "…とXが伝えた".

    X is the noun phrase before the marker, read as a topic is (地元の当局や知事な
    どによりますと: 地元の当局); a document closing it names its author (タス通
    信の算出によると: TASS), and a document alone that a clause before it
    describes names that clause's subject (ロシア軍当局が…で発表した情報によると).
    """
    for marker in cues.source_markers.finditer(sentence):
        found = source_phrase(sentence, marker.start(), mentions, cues)
        if found is not None:
            return found
    return None


def source_phrase(sentence: str, end: int, mentions: list[Mention], cues: AttributionCues) -> Entity | None:
    """Who the source phrase ending at ``end`` names (see :func:`source_speaker`)."""
    before = [m for m in mentions if m.entity.kind in SPEAKER_KINDS and 0 <= end - m.end <= 1]
    if before:
        return before[-1].entity
    tail = next((t for t in cues.phrase_tails if sentence.endswith(t, 0, end)), "")
    start = _phrase_start(sentence, end - len(tail), cues)
    phrase = sentence[start : end - len(tail)]
    document = cues.document_head.search(phrase)
    if document is not None and document.start() > 0:
        phrase = phrase[: document.start()]
    elif document is not None:
        author = _clause_subject(sentence, start, mentions, cues)
        if author is not None:
            return author
    if phrase:
        found = _phrase_entity(phrase, start, mentions, cues)
        if found is not None:
            return found
    noun = cues.source_noun.search(sentence, 0, end)
    if noun and noun.end() == end:
        return _unlinked(noun.group())
    return None


def _clause_subject(sentence: str, end: int, mentions: list[Mention], cues: AttributionCues) -> Entity | None:
    """The subject (Xが) of the clause that ends at ``end`` and describes what follows it."""
    for match in cues.clause_subject.finditer(sentence, 0, end):
        start = _phrase_start(sentence, match.start(), cues)
        if start < match.start():
            return _phrase_entity(sentence[start : match.start()], start, mentions, cues)
    return None


def attribution_sentence_speaker(
    sentence: str, mentions: list[Mention], cues: AttributionCues
) -> Entity | None:
    """A short sentence that only says who said what came before: "露大統領府が発表した。"."""
    match = cues.attribution_sentence.match(sentence)
    if match is None:
        return None
    if match.groupdict().get("source") is not None:
        # "これはTASS通信の推計によるものである。"
        return source_phrase(sentence, match.end("source"), mentions, cues)
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


def refers_back(sentence: str, cues: AttributionCues) -> bool:
    """Whether an attribution sentence names the source of the one before it (これは…によるものだ)."""
    match = cues.attribution_sentence.match(sentence)
    return match is not None and match.groupdict().get("source") is not None


def introducer_speaker(sentence: str, mentions: list[Mention], cues: AttributionCues) -> Entity | None:
    """The speaker of a short sentence that hands the floor to the next paragraph."""
    if len(sentence) > 40 or QUOTE_OPEN in sentence or cues.introducer_sentence.search(sentence) is None:
        return None
    speaker = _subject_before(sentence, mentions, len(sentence), cues, any_noun=True)
    return None if speaker is ANAPHOR else speaker


# A subject right before the trigger is the doer of what was said, not its
# speaker: "ウクライナ側が提案する停戦" names who proposes, not who reports it.
_SUBJECT_GAP = 5


def _subject_before(
    sentence: str, mentions: list[Mention], limit: int, cues: AttributionCues, *, any_noun: bool = False
) -> Entity | None:
    """The topic (Xは) before ``limit``, else the subject (Xが), else a source-like noun.

    With ``any_noun`` (the sentence reports words: …と伝えた), the first topic
    outside quotes speaks whatever it is (ウクライナのメディアは, 国営鉄道の幹部は):
    a topic inside the reported words ("「ロシア軍は…失った」と主張した") or
    after the trigger does not. Copied text often loses the particle after a
    linked name ("ロシア国防省 ウクライナ軍の…と発表した"): a name opening the
    sentence is its subject.
    """
    if any_noun:
        topic = topic_phrase(sentence, mentions, limit, cues)
        if topic is NO_SPEAKER:
            return None
        if topic is not None:
            return topic
        # "「ロシアが…攻撃したとされているが、…事実無根だ」と主張した": a subject inside the
        # reported words did what they tell; the one who reports them stands outside.
        limit = _quote_opening(sentence, limit)
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
        if (
            particle_after(sentence, mention.end, cues.subject + cues.also)
            and limit - mention.end >= _SUBJECT_GAP
            and not cues.relative_subject.match(sentence, mention.end)
        ):
            return mention.entity
    # (only when no particle follows it: "アメリカが提案した案については" names no speaker)
    if candidates and candidates[0].start == 0 and not sentence.startswith(cues.case, candidates[0].end):
        return candidates[0].entity
    subject_noun = cues.subject_noun.search(sentence, 0, limit)
    if subject_noun is None or cues.relative_subject.match(sentence, subject_noun.end("noun")):
        return None
    return _unlinked(subject_noun.group("noun"))


def _quote_opening(sentence: str, position: int) -> int:
    """Where the quotation holding ``position`` opens; ``position`` itself when it stands in none."""
    depth, opening = 0, position
    for i in range(position):
        if sentence[i] == QUOTE_OPEN:
            if depth == 0:
                opening = i
            depth += 1
        elif sentence[i] == QUOTE_CLOSE and depth:
            depth -= 1
    return opening if depth else position


def topic_phrase(sentence: str, mentions: list[Mention], limit: int, cues: AttributionCues) -> Entity | None:
    """The first topic noun phrase outside quotes before ``limit``, as the entity it names:
    ANAPHOR for one that points back (同氏は), NO_SPEAKER for one that names no speaker.

    The phrase reaches back from its particle over nouns and the particles that
    join them (の, や): "ロシア大統領府のペスコフ報道官は" is Peskov (the linked
    name that ends it), "ウクライナのメディアは" an unlinked speaker of that
    name; of a coordination ("AやBなどは") the first part speaks.
    """
    depth = 0
    for mark in cues.topic_marks.finditer(sentence, 0, limit):
        i, ch = mark.start(), mark.group()
        if ch in QUOTE_OPEN + DOUBLE_QUOTE_OPEN:
            depth += 1
        elif ch in QUOTE_CLOSE + DOUBLE_QUOTE_CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and i > 0:
            if sentence.startswith(cues.lookalikes, i):
                continue
            # "ウクライナメディアや独立系メディアなどは": a tail may close the phrase.
            tail = next((t for t in cues.phrase_tails if sentence.endswith(t, 0, i)), "")
            end = i - len(tail)
            # "独立系メディア「メディアゾナ」は": a name in brackets closes its phrase.
            name = _BRACKETED_NAME.search(sentence, 0, end)
            inner = name.start() if name is not None and name.end() == end else end
            if not _is_noun_char(sentence[inner - 1 : inner] or COMMA):
                continue
            start = _phrase_start(sentence, inner, cues)
            # A plural (当局者ら) stays part of the name; など only closes a coordination.
            phrase = sentence[start : i - len(tail) if tail in cues.coordination_tails else i]
            if not phrase or cues.not_speaker_topic.search(phrase):
                continue
            if cues.anaphoric_speaker.search(phrase):
                return ANAPHOR
            return _phrase_entity(phrase, start, mentions, cues) or NO_SPEAKER
    return None


_BRACKETED_NAME = re.compile(f"{QUOTE_OPEN}[^{QUOTE_OPEN}{QUOTE_CLOSE}{COMMA}{FULL_STOP}]{{1,20}}{QUOTE_CLOSE}$")
_NOUN_CHAR = re.compile(r"[\u4e00-\u9fa5\u3005\u3006\u30f5\u30f6\u30a1-\u30f4\u30fcA-Za-z0-9\u30fb()\uff08\uff09=]")


def _is_noun_char(ch: str) -> bool:
    return _NOUN_CHAR.match(ch) is not None


def _phrase_start(sentence: str, end: int, cues: AttributionCues) -> int:
    """Where the noun phrase ending at ``end`` starts: back over nouns and the particles joining them."""
    i = end
    while i > 0:
        if _is_noun_char(sentence[i - 1]):
            i -= 1
            continue
        joiner = next((j for j in cues.noun_joiners if sentence.endswith(j, 0, i)), None)
        if joiner and i - len(joiner) > 0 and _is_noun_char(sentence[i - len(joiner) - 1]) and i < end:
            i -= len(joiner)
            continue
        break
    return i


def _phrase_entity(phrase: str, start: int, mentions: list[Mention], cues: AttributionCues) -> Entity | None:
    """Who a topic phrase names: its last linked name, unless that name only owns the phrase's
    head (ウクライナのメディア), else the phrase itself when it ends in a source noun."""
    first = cues.coordinators.split(phrase, maxsplit=1)[0] or phrase
    end = start + len(first)
    inside = [m for m in mentions if m.entity.kind in SPEAKER_KINDS and start <= m.start and m.end <= end]
    if inside and _is_aside(first[inside[-1].end - start :]):
        return inside[-1].entity
    head = _BRACKETED_NAME.sub("", _PAREN_TAIL.sub("", first))
    if cues.source_noun.search(head):
        return _unlinked(first)
    return None


def _is_aside(rest: str) -> bool:
    """Whether what follows a name in its phrase only glosses it: nothing, (SBU), or a gloss whose
    opening bracket the copy lost (バチカンローマ教皇庁))."""
    rest = _PAREN_TAIL.sub("", rest)
    return not rest


_PAREN_TAIL = re.compile(r"\([^()]*\)?$|^[^()]*\)$")


def _unlinked(text: str) -> Entity:
    return Entity(id=None, name=text, kind="organization", text=text, confidence=0.5)
