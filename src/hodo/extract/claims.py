"""Build claim records from a segmented document.

Per report: work out who speaks for each sentence (its own attribution, an
attribution sentence after it, the paragraph's speaker, the report's heading
or attribution line), then per sentence: the claim types its clauses carry,
and for each type one claim with its quantities, dates, places, sides and
stance. Sentences without a trigger are never parsed further, which keeps
extraction near tokenizer speed.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from dataclasses import replace
from datetime import date

from hodo.extract.attribution import (
    SPEAKER_KINDS,
    AttributionCues,
    attribution_cues,
    attribution_sentence_speaker,
    has_speech_predicate,
    source_speaker,
    topic_speaker,
)
from hodo.extract.claim_types import TypeRule, type_clauses, type_rules
from hodo.extract.dates import DateMention, find_dates
from hodo.extract.numbers import find_quantities
from hodo.extract.sides import actor_and_target
from hodo.extract.stance import is_opinion, modality, polarity, stance_cues
from hodo.link import Linker, Mention
from hodo.models import Claim, DateRange, Document, Entity, Quantity, Report, Sentence
from hodo.packs import Pack

# The speech act itself is what these claims report, so the date of "Xは4日、…を提案した" is when.
_SPEECH_ACT_TYPES = frozenset({"agreement", "diplomacy"})
_LOCATIVE_AFTER_COUNTRY = ("で", "では", "に滞在", "に到着", "を訪問", "の首都", "西部", "東部", "南部", "北部")


def extract_claims(doc: Document, pack: Pack) -> list[Claim]:
    linker = Linker.for_pack(pack)
    mentions = linker.mentions(doc.text)
    builder = _ClaimBuilder(doc, pack, linker, mentions)
    claims: list[Claim] = []
    for report in doc.reports:
        if not report.boilerplate:
            claims.extend(builder.report_claims(report))
    return claims


class _ClaimBuilder:
    def __init__(self, doc: Document, pack: Pack, linker: Linker, mentions: list[Mention]) -> None:
        self.doc = doc
        self.pack = pack
        self.linker = linker
        self.mentions = mentions
        self.mention_starts = [m.start for m in mentions]
        self.rules = {rule.name: rule for rule in type_rules(pack)}
        self.rule_order = type_rules(pack)
        self.stance = stance_cues(pack)
        self.attribution = attribution_cues(pack)

    def sentence_mentions(self, start: int, end: int) -> list[Mention]:
        """Mentions inside [start, end), with offsets relative to ``start``."""
        first = bisect_left(self.mention_starts, start)
        found = []
        for mention in self.mentions[first:]:
            if mention.start >= end:
                break
            if mention.end <= end:
                found.append(replace(mention, start=mention.start - start, end=mention.end - start))
        return found

    def report_claims(self, report: Report) -> list[Claim]:
        speakers = self.speakers(report)
        ref = report.date or self.doc.date
        period = self.heading_period(report, ref)
        claims: list[Claim] = []
        for sentence, speaker in zip(report.sentences, speakers, strict=True):
            if sentence.is_heading:
                continue
            claims.extend(self.sentence_claims(report, sentence, speaker, ref, period))
        return claims

    def heading_period(self, report: Report, ref: date | None) -> DateRange | None:
        if not report.heading or ref is None:
            return None
        periods = [d.range for d in find_dates(report.heading, ref) if d.range.start != d.range.end]
        return periods[0] if periods else None

    # -- who speaks -------------------------------------------------------

    def speakers(self, report: Report) -> list[Entity | None]:
        cues = self.attribution
        report_speaker = self.report_speaker(report)
        sentences = report.sentences
        explicit: list[Entity | None] = []
        governed: list[Entity | None] = [None] * len(sentences)
        last_attribution = -1
        for i, sentence in enumerate(sentences):
            mentions = self.sentence_mentions(sentence.start, sentence.end)
            who = attribution_sentence_speaker(sentence.text, mentions, cues)
            if who is not None:
                for j in range(last_attribution + 1, i):
                    if not sentences[j].is_heading:
                        governed[j] = who
                last_attribution = i
                explicit.append(who)
                continue
            if sentence.is_heading:
                last_attribution = i
                explicit.append(None)
                continue
            explicit.append(
                source_speaker(sentence.text, mentions, cues) or topic_speaker(sentence.text, mentions, cues)
            )

        resolved: list[Entity | None] = []
        last: Entity | None = report_speaker
        previous: Sentence | None = None
        for i, sentence in enumerate(sentences):
            speaker = explicit[i] or governed[i]
            if speaker is None and not sentence.is_heading:
                same_paragraph = previous is not None and "\n" not in self.doc.text[previous.end : sentence.start]
                if same_paragraph or sentence.is_bullet or has_speech_predicate(sentence.text, cues) or _continues_speaker(sentence.text, cues):
                    speaker = last
                else:
                    speaker = report_speaker
            if speaker is not None and not sentence.is_heading:
                last = speaker
            resolved.append(speaker)
            if not sentence.is_heading:
                previous = sentence
        return resolved

    def report_speaker(self, report: Report) -> Entity | None:
        if report.attribution:
            linked = self.linker.link(report.attribution)
            if linked is not None and linked.kind in SPEAKER_KINDS:
                return linked
            inner = [m for m in self.linker.mentions(report.attribution) if m.entity.kind in SPEAKER_KINDS]
            if inner:
                return inner[-1].entity
        for sentence in report.sentences:
            if not sentence.is_heading:
                break
            # 【特別軍事作戦 6月4日の概要 露国防省】: a speaker at the end of a heading heads the report.
            mentions = [m for m in self.sentence_mentions(sentence.start, sentence.end) if m.entity.kind in SPEAKER_KINDS]
            if mentions:
                tail = sentence.text[mentions[-1].end :].strip(" 】")
                if not tail:
                    return mentions[-1].entity
        return None

    # -- one sentence -----------------------------------------------------

    def sentence_claims(
        self, report: Report, sentence: Sentence, speaker: Entity | None, ref: date | None, period: DateRange | None
    ) -> list[Claim]:
        text = sentence.text
        typed = type_clauses(text, self.rule_order)
        if not typed:
            return []
        quantities = find_quantities(text, pack=self.pack)
        if is_opinion(text, self.stance) and not any(q.kind == "count" for q in quantities):
            return []
        mentions = self.sentence_mentions(sentence.start, sentence.end)
        dates = find_dates(text, ref, period=period) if ref is not None else []
        places = self.places(text, mentions)
        claim_modality = modality(text, self.stance)
        claims = []
        seen: set[str] = set()
        for clause in typed:
            if clause.type in seen:
                continue
            seen.add(clause.type)
            rule = self.rules[clause.type]
            actor, target = actor_and_target(text, (clause.start, clause.end), mentions, clause.type, speaker)
            claims.append(
                Claim(
                    claim_id=_claim_id(self.doc.doc_id, sentence, clause.type),
                    doc=self.doc.doc_id,
                    sentence=text,
                    span=(sentence.start, sentence.end),
                    type=clause.type,
                    claimant=speaker,
                    outlet=report.outlet,
                    actor=actor,
                    target=target,
                    quantities=_values_for(rule, quantities),
                    when=self.when(text, dates, clause.type, speaker, mentions),
                    stated=ref,
                    places=places,
                    polarity=polarity(text[clause.start :], clause.type, self.stance),
                    modality=claim_modality,
                    evidence=text[clause.start : clause.end],
                    original_span=self.doc.original_span(sentence.start, sentence.end),
                )
            )
        return claims

    def places(self, text: str, mentions: list[Mention]) -> list[Entity]:
        places: list[Entity] = []
        for mention in mentions:
            kind = mention.entity.kind
            locative = kind == "country" and text.startswith(_LOCATIVE_AFTER_COUNTRY, mention.end)
            if (kind == "place" or locative) and mention.entity not in places:
                places.append(mention.entity)
        return places

    def when(
        self, text: str, dates: list[DateMention], claim_type: str, speaker: Entity | None, mentions: list[Mention]
    ) -> DateRange | None:
        if not dates:
            return None
        speech = has_speech_predicate(text, self.attribution)
        frame_end = _speaker_frame_end(text, mentions, speaker) if speech else -1
        content = [d for d in dates if d.start > frame_end + 3]
        frame = [d for d in dates if d.start <= frame_end + 3]
        chosen = content or (frame if claim_type in _SPEECH_ACT_TYPES or not speech else [])
        if not chosen:
            return None
        return DateRange(min(d.range.start for d in chosen), max(d.range.end for d in chosen))


def _speaker_frame_end(text: str, mentions: list[Mention], speaker: Entity | None) -> int:
    """Where "Xは" ends when X, the speaker, is the sentence's topic; -1 if it is not."""
    if speaker is None:
        return -1
    for mention in mentions:
        is_speaker = mention.entity == speaker or (speaker.id is not None and mention.entity.id == speaker.id)
        if is_speaker and text.startswith(("は", "が", "も"), mention.end):
            return mention.end + 1
    return -1


def _continues_speaker(text: str, cues: AttributionCues) -> bool:
    return text.startswith(("また", "さらに", "そのうえで", "その上で", "そして")) and has_speech_predicate(text, cues)


def _values_for(rule: TypeRule, quantities: list[Quantity]) -> list[Quantity]:
    return [q for q in quantities if q.kind in rule.quantity_kinds]


def _claim_id(doc_id: str, sentence: Sentence, claim_type: str) -> str:
    key = f"{doc_id}\x00{sentence.start}\x00{sentence.end}\x00{claim_type}"
    return "c" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:15]


__all__ = ["extract_claims"]
