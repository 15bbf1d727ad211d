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
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import NamedTuple

from hodo.extract.attribution import (
    SPEAKER_KINDS,
    Attribution,
    Basis,
    attribute,
    attribution_cues,
    attribution_sentence_speaker,
    introducer_speaker,
    main_predicate,
    particle_after,
    refers_back,
    sentence_speaker,
)
from hodo.extract.claim_types import (
    Context,
    TypedClause,
    TypeRule,
    last_per_type,
    present_rules,
    type_rules,
    typed_clauses,
)
from hodo.extract.crosswalk import with_codings
from hodo.extract.dates import DateMention, find_dates, names_a_day_told_before
from hodo.extract.numbers import find_quantities
from hodo.extract.reading import SentenceReading, read_sentence
from hodo.extract.sides import actor_and_target, side_cues
from hodo.extract.stance import (
    calls_false,
    denies_involvement,
    denies_previous,
    is_opinion,
    modality,
    polarity,
    rebuttal,
    stance_cues,
    turns,
)
from hodo.extract.victims import last_victims, victim_cues
from hodo.link import Linker, Mention
from hodo.models import Claim, DateRange, Document, Entity, Outlet, Quantity, Report, Sentence
from hodo.packs import Pack, any_of
from hodo.packs.views import LONGEST_FIRST, pack_field, view
from hodo.script import (
    COMMA,
    FULL_STOP,
    HEADING_CLOSE,
    HEADING_OPEN,
    QUOTE_CLOSE,
    QUOTE_OPEN,
    with_full_width,
)

# Told of a sentence (or a report) whose analysis raised: its claims are dropped, the rest stand.
ProblemCallback = Callable[[Sentence, Exception], None]


def extract_claims(
    doc: Document,
    pack: Pack,
    *,
    on_problem: ProblemCallback | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Claim]:
    """Claims of a segmented document, report by report (see claims_by_report)."""
    return [c for claims in claims_by_report(doc, pack, on_problem=on_problem, progress=progress) for c in claims]


def claims_by_report(
    doc: Document,
    pack: Pack,
    *,
    on_problem: ProblemCallback | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[list[Claim]]:
    """The claims of each report in turn, so a long document's claims need not all be held at once.

    With ``on_problem``, an exception inside one sentence (or one report's
    speakers) costs only that sentence's (report's) claims and is passed on;
    without it, it propagates. ``progress`` hears how many characters are done.
    """
    linker = Linker.for_pack(pack)
    mentions = linker.mentions(doc.text)
    builder = _ClaimBuilder(doc, pack, linker, mentions, on_problem)
    for report in doc.reports:
        found: list[Claim] = []
        if not report.boilerplate:
            try:
                found = with_codings(builder.report_claims(report), pack)
            except Exception as exc:
                if on_problem is None or not report.sentences:
                    raise
                on_problem(report.sentences[0], exc)
        if progress is not None:
            progress(report.end)
        yield found


@dataclass(frozen=True, eq=False)
class ReportCues:
    """What the claim builder reads from the pack besides the cues of attribution, stance and sides."""

    span_after: re.Pattern[str] = pack_field("dates:span_after")
    part_openers: tuple[str, ...] = pack_field("dates:part_of_previous", shape=LONGEST_FIRST)
    locative_after_country: tuple[str, ...] = pack_field("cues:places.locative_after_country")
    own_ground: tuple[str, ...] = pack_field("cues:places.own_ground", shape=LONGEST_FIRST)
    local_joiners: tuple[str, ...] = pack_field("actors:forms.local_joiners")
    place_anaphora: dict[str, str] = pack_field("cues:places.anaphora")
    subject_anaphor: re.Pattern[str] = pack_field("cues:subjects.anaphora")
    quotative: tuple[str, ...] = pack_field("cues:particles.quotative")
    topic: tuple[str, ...] = pack_field("cues:particles.topic")
    anaphor_re: re.Pattern[str] | None = field(init=False)
    own_ground_re: re.Pattern[str] = field(init=False)
    # "…と2日、発表した": what stands before the date of an announcement.
    quotative_ends: tuple[str, ...] = field(init=False)
    # A topic opening the sentence, right before a date: "ウクライナ軍参謀本部は" + 21日、
    topic_before: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        anaphors = sorted(self.place_anaphora, key=len, reverse=True)
        object.__setattr__(self, "anaphor_re", any_of(anaphors) if anaphors else None)
        object.__setattr__(self, "own_ground_re", any_of([re.escape(w) for w in self.own_ground]))
        object.__setattr__(self, "quotative_ends", tuple(q + end for q in self.quotative for end in ("", COMMA)))
        topic = "|".join(map(re.escape, self.topic)) or "(?!)"
        breaks = COMMA + FULL_STOP + QUOTE_OPEN + QUOTE_CLOSE
        topic_before = rf"^(?:{HEADING_OPEN}[^{HEADING_CLOSE}]*{HEADING_CLOSE})?[^{breaks}]{{1,40}}(?:{topic})$"
        object.__setattr__(self, "topic_before", re.compile(topic_before))


class Victims(NamedTuple):
    """Whom a sentence names as victims (soldiers or civilians), and whom its report named before it."""

    here: str | None
    before: str | None


_NO_VICTIMS = Victims(None, None)


class Voice(NamedTuple):
    """Who speaks for one sentence (see _ClaimBuilder.speakers)."""

    fallback: Entity | None
    last: Entity | None
    introducer: int | None = None


class _ClaimBuilder:
    def __init__(
        self,
        doc: Document,
        pack: Pack,
        linker: Linker,
        mentions: list[Mention],
        on_problem: ProblemCallback | None = None,
    ) -> None:
        self.doc = doc
        self.on_problem = on_problem
        self.pack = pack
        self.linker = linker
        self.mentions = mentions
        self.mention_starts = [m.start for m in mentions]
        self._sentence_mentions: dict[tuple[int, int], list[Mention]] = {}
        self.rules = {rule.name: rule for rule in type_rules(pack)}
        self.rule_order = type_rules(pack)
        # The deeds a denial of involvement may deny, the default first.
        self.deeds = tuple(rule.name for rule in self.rule_order if rule.involvement)
        self.stance = stance_cues(pack)
        self.attribution = attribution_cues(pack)
        self.sides = side_cues(pack)
        self.victims = victim_cues(pack)
        cues = view(pack, ReportCues)
        self.span_after = cues.span_after
        self.part_openers = cues.part_openers
        self.locative_after_country = cues.locative_after_country
        self.own_ground = cues.own_ground_re
        # Only the joiner that stands alone matters: ウクライナの軍 read as a name, の as a particle.
        self.country_joiner = cues.local_joiners[0] if cues.local_joiners else ""
        self.place_anaphora = cues.place_anaphora
        self.anaphor_re = cues.anaphor_re
        self.subject_anaphor = cues.subject_anaphor
        self.quotative_ends = cues.quotative_ends
        self.topic_before = cues.topic_before
        self.places_named = [m for m in mentions if m.entity.kind == "place"]
        self.places_named_starts = [m.start for m in self.places_named]
        self.outlets = {spec.id: Outlet(spec.id, spec.name) for spec in linker.outlets()}
        self.outlet_ids = frozenset(self.outlets)
        # Where each side is named: a body named bare belongs to the side named last.
        self.sided = [m for m in mentions if m.entity.side]
        self.sided_starts = [m.start for m in self.sided]
        # The types whose context triggers count here: the document names their happening.
        self.in_context = frozenset(
            rule.name for rule in self.rule_order if rule.context is not None and rule.context.search(doc.text)
        )

    def sentence_mentions(self, start: int, end: int) -> list[Mention]:
        """Mentions inside [start, end), with offsets relative to ``start``."""
        key = (start, end)
        cached = self._sentence_mentions.get(key)
        if cached is not None:
            return cached
        found = []
        # Indexing, not slicing: a slice from here would copy the rest of the document's mentions.
        for i in range(bisect_left(self.mention_starts, start), len(self.mentions)):
            mention = self.mentions[i]
            if mention.start >= end:
                break
            if mention.end <= end:
                found.append(
                    Mention(
                        mention.start - start,
                        mention.end - start,
                        mention.text,
                        mention.entity,
                        mention.method,
                    )
                )
        self._sentence_mentions[key] = found
        return found

    def resolve_bare_body(self, entity: Entity | None, position: int) -> Entity | None:
        """A body named without its country (空軍, 国防省) is the one of the country last named before it."""
        if entity is None or entity.id is not None or entity.kind != "organization" or len(entity.text) > 8:
            return entity
        seen: set[str] = set()
        for i in range(bisect_left(self.sided_starts, position) - 1, -1, -1):
            mention = self.sided[i]
            side = mention.entity.side or ""
            if side in seen:
                continue
            seen.add(side)
            linked = self.linker.link_in_country(entity.text, side)
            if linked is not None:
                return replace(linked, text=entity.text)
            if len(seen) >= 2:
                break
        return entity

    def report_claims(self, report: Report) -> list[Claim]:
        # Sentences are looked up within their report only: a long document's cache must not grow.
        self._sentence_mentions.clear()
        voices = self.speakers(report)
        ref = report.date or self.doc.date
        claims: list[Claim] = []
        previous_types: list[str] = []
        # The day of the latest occasion (a meeting, a summit) told so far, as of each sentence.
        occasion: date | None = None
        occasions: list[date | None] = []
        previous_when: DateRange | None = None
        # The main subject of the last deal the report named, for "この提案" further on.
        last_subjects: list[str] = []
        # Whom the report's harm words befell last (soldiers or civilians), for "30人が死亡".
        victims_before: str | None = None
        # The deed the report told last, which a denial of involvement with none of its own denies.
        deed: str | None = None
        for i, (sentence, voice) in enumerate(zip(report.sentences, voices, strict=True)):
            spoken = ref
            if voice.introducer is not None and ref is not None:
                spoken = self.spoken_on(report.sentences[voice.introducer], occasions[voice.introducer], ref)
            found = []
            if not sentence.is_heading:
                victims = Victims(last_victims(sentence.text, self.victims), victims_before)
                previous_day = None
                if ref is not None and names_a_day_told_before(sentence.text, self.pack):
                    previous_day = self.day_told_before(
                        report.sentences[max(0, i - _SAME_DAY_LOOKBACK) : i], spoken or ref, report.period
                    )
                try:
                    found = self.sentence_claims(
                        report,
                        sentence,
                        voice.fallback,
                        voice.last,
                        ref,
                        report.period,
                        previous_types,
                        spoken,
                        previous_day,
                        victims,
                        deed,
                    )
                except Exception as exc:
                    if self.on_problem is None:
                        raise
                    self.on_problem(sentence, exc)
                if previous_when is not None and sentence.text.startswith(self.part_openers):
                    found = [c if c.when else replace(c, when=previous_when) for c in found]
                if last_subjects:
                    found = [self.with_subjects_told_before(c, last_subjects) for c in found]
                last_subjects = next((c.subjects[:1] for c in reversed(found) if c.subjects), last_subjects)
                previous_types = [c.type for c in found]
                deed = next((c.type for c in reversed(found) if c.type in self.deeds), deed)
                previous_when = next((c.when for c in reversed(found) if c.when), None)
                claims.extend(found)
                victims_before = victims.here or victims_before
            for claim in found:
                if self.rules[claim.type].occasion and claim.when and claim.when.start == claim.when.end:
                    occasion = claim.when.end
            occasions.append(occasion)
        return claims

    def subjects_of(self, rule: TypeRule, text: str, clause: TypedClause) -> list[str]:
        """What the claim's deal is about, read around its main predicate (the clause's last trigger).

        A clause that points back ("停戦を提案したが、ロシアはこれを拒否した") is
        about the subject its sentence named last before it.
        """
        if rule.subjects is None:
            return []
        evidence = text[clause.start : clause.end]
        subjects = rule.subjects_in(evidence)
        if rule.context_subject and _by_context(rule, text, clause):
            subjects = [rule.context_subject, *(s for s in subjects if s != rule.context_subject)]
        if not subjects and self.subject_anaphor.search(evidence):
            subjects = rule.subjects_in(text[: clause.start], (clause.start, clause.start))[:1]
        return subjects

    def with_subjects_told_before(self, claim: Claim, subjects: list[str]) -> Claim:
        """The claim, about the deal told before if it names none and points back (この提案)."""
        if claim.subjects or self.rules[claim.type].subjects is None or not self.subject_anaphor.search(claim.evidence):
            return claim
        return replace(claim, subjects=subjects)

    def day_told_before(self, before: list[Sentence], ref: date, period: DateRange | None) -> DateRange | None:
        """The last single day the report named before a sentence that says 同日 or 前日."""
        for sentence in reversed(before[-_SAME_DAY_LOOKBACK:]):
            days = [d.range for d in find_dates(sentence.text, ref, period=period) if d.range.start == d.range.end]
            if days:
                return days[-1]
        return None

    def spoken_on(self, introducer: Sentence, occasion: date | None, ref: date) -> date:
        """The day quoted words were said: the date their introducer gives, else the occasion told before them.

        "ルカシェンコはこう述べた。" after "2日前、ミンスクで首脳会談が行われた" hands
        over words said at that summit, so their きょう is the summit's day. Only an
        occasion of the last week counts: older ones are background.
        """
        dated = find_dates(introducer.text, ref)
        if dated:
            return dated[-1].range.end
        if occasion is not None and 0 <= (ref - occasion).days <= _OCCASION_DAYS:
            return occasion
        return ref

    # -- who speaks -------------------------------------------------------

    def speakers(self, report: Report) -> list[Voice]:
        """For each sentence: who speaks when it names no one, who spoke last before it,
        and the sentence that handed it the floor ("Xはこう述べた。"), if one did.

        The first is the paragraph's or report's speaker (or the one an
        attribution sentence after it names); the second serves a sentence
        that reports words without saying whose ("…と述べた").
        """
        cues = self.attribution
        sentences = report.sentences
        explicit: list[Entity | None] = []
        governed: list[Entity | None] = [None] * len(sentences)
        introduced: list[Entity | None] = [None] * len(sentences)
        introducers: list[int | None] = [None] * len(sentences)
        for i, sentence in enumerate(sentences):
            mentions = self.sentence_mentions(sentence.start, sentence.end)
            if sentence.is_heading:
                explicit.append(None)
                continue
            who = attribution_sentence_speaker(sentence.text, mentions, cues)
            if who is not None:
                # An attribution sentence speaks for the sentences of its paragraph before it.
                j = i - 1
                while (
                    j >= 0
                    and not sentences[j].is_heading
                    and self._same_paragraph(sentences[j], sentences[j + 1])
                ):
                    governed[j] = governed[j] or who
                    j -= 1
                if j == i - 1 and i > 0 and not sentences[j].is_heading:
                    if refers_back(sentence.text, cues):
                        # "これは…によるものである。" opening a paragraph points at the sentence before it.
                        governed[j] = governed[j] or who
                    else:
                        # A line of its own ("米ロ両政府が発表した。") closes what the report told
                        # before it, back to a heading or a sentence with a speaker of its own.
                        while j >= 0 and not sentences[j].is_heading and explicit[j] is None:
                            governed[j] = governed[j] or who
                            j -= 1
            intro = introducer_speaker(sentence.text, mentions, cues)
            if intro is not None:
                j = i + 1
                while j < len(sentences) and (
                    j == i + 1 or self._same_paragraph(sentences[j - 1], sentences[j])
                ):
                    introduced[j] = intro
                    introducers[j] = i
                    j += 1
            explicit.append(who or sentence_speaker(sentence.text, mentions, cues))

        # A blogger's comment speaks for no one quoted.
        report_speaker = None if report.style == "comment" else self.report_speaker(report)
        # In a headline digest or a quoted post one voice runs through the block;
        # in an article a speaker carries only within a paragraph.
        carries_through = report.style in ("headline", "quoted_post")
        if report.style == "comment":
            return [Voice(None, None) for _ in sentences]
        resolved: list[Voice] = []
        last: Entity | None = report_speaker
        previous: Sentence | None = None
        for i, sentence in enumerate(sentences):
            if sentence.is_heading:
                resolved.append(Voice(None, None))
                continue
            same_paragraph = previous is not None and self._same_paragraph(previous, sentence)
            if governed[i] is not None or introduced[i] is not None:
                fallback = governed[i] or introduced[i]
            elif carries_through or same_paragraph or sentence.text.startswith(cues.continuation_openers):
                fallback = last
            else:
                fallback = report_speaker
            introducer = introducers[i] if governed[i] is None else None
            resolved.append(Voice(fallback, governed[i] or introduced[i] or last, introducer))
            spoke = explicit[i] or governed[i] or introduced[i]
            if spoke is not None:
                last = spoke
            previous = sentence
        return resolved

    def _same_paragraph(self, first: Sentence, second: Sentence) -> bool:
        return "\n" not in self.doc.text[first.end : second.start]

    def report_speaker(self, report: Report) -> Entity | None:
        """Who speaks for a report: the source its heading names, else its attribution line.

        The heading comes first: a post quoted at the end of a block ("…のテレグラムより")
        speaks for itself, not for the bullets a heading put under another source.
        """
        for sentence in report.sentences:
            if not sentence.is_heading:
                break
            mentions = self.sentence_mentions(sentence.start, sentence.end)
            # A wire dateline ([8日 ロイター], 【ワシントン時事】) names the outlet, never the claimant.
            speakers = [m for m in mentions if m.entity.kind in SPEAKER_KINDS and m.entity.id not in self.outlet_ids]
            # 【特別軍事作戦 6月4日の概要 露国防省】, 【ロシア国防省 10月14日の発表】: a source
            # closing a heading, or followed only by a date and "の発表", heads the report.
            if speakers:
                rest = self.without_dates(sentence.text[speakers[-1].end :]).strip(" " + HEADING_CLOSE + with_full_width(":"))
                if not rest or rest in self.attribution.heading_tails:
                    return speakers[-1].entity
            # 【…をメジンスキー団長が総括】: the heading says who speaks.
            speaker = sentence_speaker(sentence.text.strip(HEADING_OPEN + HEADING_CLOSE), mentions, self.attribution)
            if speaker is not None and speaker.id is not None:
                return speaker
        if report.attribution:
            linked = self.linker.link(report.attribution)
            if linked is not None and linked.kind in SPEAKER_KINDS:
                return linked
            inner = [m for m in self.linker.mentions(report.attribution) if m.entity.kind in SPEAKER_KINDS]
            if inner:
                return inner[-1].entity
        return None

    def without_dates(self, text: str) -> str:
        """``text`` with its date mentions cut out ("10月14日の発表" → "の発表")."""
        # Only where the mentions stand matters, so any reference date will do.
        for mention in reversed(find_dates(text, self.doc.date or date.today(), pack=self.pack)):
            text = text[: mention.start] + text[mention.end :]
        return text

    # -- one sentence -----------------------------------------------------

    def sentence_claims(
        self,
        report: Report,
        sentence: Sentence,
        fallback: Entity | None,
        last: Entity | None,
        ref: date | None,
        period: DateRange | None,
        previous_types: list[str],
        spoken: date | None = None,
        previous_day: DateRange | None = None,
        victims: Victims = _NO_VICTIMS,
        deed: str | None = None,
    ) -> list[Claim]:
        """The claims of one sentence.

        ``spoken`` is the day its words were said, when not ``ref``;
        ``previous_day`` the day the sentences before it named last (for 同日);
        ``victims`` whom it names as victims, and whom the report named last (victims.py);
        ``deed`` the type of the deed the report told last (for a denial of involvement).
        """
        text = sentence.text
        mentions = self.sentence_mentions(sentence.start, sentence.end)
        # "…が明らかにした。" only says who said what came before it.
        if attribution_sentence_speaker(text, mentions, self.attribution) is not None:
            return []
        kinds = frozenset(m.entity.kind for m in mentions)
        denial = denies_previous(text, self.stance) if previous_types else None
        falsity = calls_false(text, self.stance) if previous_types and denial is None else None
        told_before = frozenset(previous_types)
        present = present_rules(text, self.rule_order, Context(kinds, None, self.in_context, told_before))
        involved = denies_involvement(text, self.stance) if self.deeds and denial is None else None
        # A sentence where no type may fire (and no denial of the one before), or an opinion,
        # carries no claim: the costlier reading below is for the few that might.
        if denial is None and falsity is None and involved is None and not present:
            return []
        if is_opinion(main_predicate(text), self.stance):
            return []
        dates = find_dates(text, spoken or ref, period=period, previous=previous_day) if ref is not None else []
        said_on = _said_on(text, dates, self.topic_before)
        if said_on is not None and said_on != (spoken or ref):
            # "Xは21日、過去24時間に…と発表した": relative dates count from the day it was said.
            dates = find_dates(text, said_on, period=period, previous=previous_day)
        quantities = find_quantities(text, pack=self.pack)
        reading = read_sentence(
            text,
            self.pack,
            [(m.start, m.end) for m in mentions]
            + [(d.start, d.end) for d in dates]
            + [a.span() for a in _ASIDE.finditer(text)],
            [(q.start, q.end) for q in quantities],
            victims,
        )
        clause_types = typed_clauses(
            text, present, Context(kinds, reading.accept, self.in_context, told_before, reading.apart), screened=True
        )
        typed = last_per_type(clause_types)
        if not typed and falsity is not None:
            denial = falsity
        denied_types: set[str] = set()
        if denial is not None:
            # "…はこれを否定した": the claim before it, denied by another voice.
            denied_types = set(previous_types)
            if not any(c.type in denied_types for c in typed):
                # The denial verb is this claim's speech: its subject is the claimant.
                typed = [
                    *typed,
                    TypedClause(previous_types[-1], 0, len(text), denial.start(), denial.start()),
                ]
        disowned = None
        # "「攻撃していない」と述べ、関与を否定した": the deed already denied in the sentence is the one disowned.
        denied_here = any(not self.rules[c.type].stance and reading.negated(c.trigger_end, c.end) for c in typed)
        if (
            involved is not None
            and not denied_here
            and not any(c.start <= involved.start() < c.end for c in typed)
        ):
            # "ウクライナは「無関係だ」と述べた": the deed told before (an attack), denied by who
            # says so; "…は敵の破壊工作だと主張し、関与を否定した" tells one deed and denies another.
            kind = next((c.type for c in typed if c.type in self.deeds), deed or self.deeds[0])
            start, end = next(((s, e) for s, e, _ in clause_types if s <= involved.start() < e), (0, len(text)))
            disowned = TypedClause(kind, start, end, involved.start(), involved.start())
            typed = sorted([*typed, disowned], key=lambda c: c.start)
        if not typed:
            return []
        if ref is not None and _is_background(dates, ref):
            return []
        places = self.places(text, mentions, sentence.start)
        unnamed_ground = not places and self.own_ground.search(text) is not None
        claim_modality = modality(text, self.stance)
        turned_at = turns(text, self.stance)
        typed = self.with_contrasted(text, clause_types, typed, turned_at, reading)
        # "…と発表したが、Bはこれを否定した": the first part stands as said, and B denies it.
        turn = rebuttal(text, turned_at, self.stance) if denial is None else None
        if turn is not None and not any(c.end <= turn[0] for c in typed):
            turn = None
        claims = []
        # Claims that are reports the sentence answers (…と発表したことについて): where each ends.
        reports: dict[str, int] = {}
        seen: set[TypedClause] = set()
        last_of_type = {c.type: c for c in typed}
        for clause in typed:
            if clause in seen or is_opinion(_predicate_of(text, clause), self.stance):
                continue
            seen.add(clause)
            rule = self.rules[clause.type]
            # After "…したが、" a clause with a topic of its own speaks for that topic.
            own = _own_voice_from(text, clause, mentions, turned_at, self.attribution.topic)
            part, part_mentions = text[own:], _shifted(mentions, own)
            found = attribute(
                part,
                part_mentions,
                clause.trigger_start - own,
                clause.trigger_end - own,
                self.attribution,
                # A stance, a payment or a deployment is told by its holder (EUは…支援を決めた).
                speech_act=rule.stance or rule.sides == "holder",
                outlets=self.outlet_ids,
            )
            speaker = self.resolve_bare_body(_resolve_speaker(found, fallback, last), sentence.start)
            # "…と発表したことについて": the report is the claim; what follows answers it.
            reported = own + found.reported_until if found is not None and found.reported_until else None
            actor, target = actor_and_target(
                part, (clause.start - own, clause.end - own), part_mentions, rule, speaker, self.sides
            )
            if target is None and _by_context(rule, text, clause) and speaker is not None and speaker.side:
                # Each side announces the return of its own people: theirs are the ones it befell.
                target = self.linker.get(speaker.side)
            claims.append(
                Claim(
                    claim_id=_claim_id(
                        self.doc.doc_id,
                        sentence,
                        clause.type if last_of_type[clause.type] is clause else f"{clause.type}/{clause.start}",
                    ),
                    doc=self.doc.doc_id,
                    sentence=text,
                    span=(sentence.start, sentence.end),
                    type=clause.type,
                    claimant=speaker,
                    outlet=report.outlet
                    or self.outlet_of(found.outlet if found else None)
                    or self.outlet_of(speaker)
                    or self.doc.outlet,
                    actor=actor,
                    target=target,
                    quantities=_values_for(rule, quantities, clause_types),
                    when=self.when(text, dates, rule, speaker, mentions),
                    stated=ref,
                    places=places or (self.ground_of(speaker) if unnamed_ground else []),
                    polarity="denied"
                    if (clause.type in denied_types and last_of_type[clause.type] is clause and not reported)
                    or clause is disowned
                    or (not rule.stance and reading.negated(clause.trigger_end, clause.end))
                    else polarity(
                        text[clause.start : reported or _stance_end(clause, last_of_type, turn)],
                        rule.stance,
                        self.stance,
                    ),
                    modality=claim_modality,
                    evidence=text[clause.start : clause.end],
                    subjects=self.subjects_of(rule, text, clause),
                    original_span=self.doc.original_span(sentence.start, sentence.end),
                    trigger_span=(sentence.start + clause.trigger_start, sentence.start + clause.trigger_end),
                    evidence_span=(sentence.start + clause.start, sentence.start + clause.end),
                )
            )
            if reported is not None:
                reports[claims[-1].claim_id] = reported
        if turn is not None:
            claims.extend(self.rebutted(claims, turn[0], turn[1], sentence, mentions, typed))
        claims.extend(self.answered(claims, reports, sentence, mentions))
        return claims

    def answered(
        self, claims: list[Claim], reports: dict[str, int], sentence: Sentence, mentions: list[Mention]
    ) -> list[Claim]:
        """The reports a sentence is about, denied by the voice that answers them.

        "報道官は、国防省が村を制圧したと発表したことについて「事実ではない」と否定した"
        tells the ministry's claim and the spokesman's denial of it; ``reports`` says
        where each claim that is such a report ends.
        """
        text = sentence.text
        found = []
        for claim in claims:
            until = reports.get(claim.claim_id)
            if until is None or not self._denies(text[until:]):
                continue
            answer = attribute(text, mentions, until, until, self.attribution, speech_act=True, outlets=self.outlet_ids)
            denier = self.resolve_bare_body(answer.speaker if answer else None, sentence.start)
            if denier is None or denier == claim.claimant:
                continue
            found.append(self._denial_of(claim, sentence, "/answered", denier, until))
        return found

    def _denial_of(
        self,
        claim: Claim,
        sentence: Sentence,
        kind: str,
        denier: Entity,
        at: int,
        *,
        trigger: tuple[int, int] | None = None,
    ) -> Claim:
        """``claim`` as ``denier`` denies it in the sentence's words from ``at`` on (``trigger``: the denial's
        own words there, offsets in the sentence); ``kind`` tells the denial apart."""
        return replace(
            claim,
            claim_id=_claim_id(self.doc.doc_id, sentence, claim.type + kind),
            claimant=denier,
            quantities=[],
            polarity="denied",
            modality="asserted",
            evidence=sentence.text[at:],
            trigger_span=(sentence.start + trigger[0], sentence.start + trigger[1]) if trigger else claim.trigger_span,
            evidence_span=(sentence.start + at, sentence.end),
        )

    def _denies(self, answer: str) -> bool:
        cues = self.stance
        return any(p.search(answer) for p in (cues.denial, cues.counter, cues.anaphoric_denial, cues.falsity))

    def with_contrasted(
        self,
        text: str,
        clause_types: list[tuple[int, int, list[TypedClause]]],
        typed: list[TypedClause],
        turned_at: list[int],
        reading: SentenceReading,
    ) -> list[TypedClause]:
        """The claims' clauses, with the earlier clauses of a type whose polarity the last one opposes:
        "…を攻撃したものの、…を標的としたものではなかった" tells one attack and denies another,
        "病院への攻撃を否定し、軍事目標を攻撃したと主張した" denies one and tells another."""
        extra = []
        for last in typed:
            denied = None
            for _start, _end, hits in clause_types:
                for hit in hits:
                    if hit.type != last.type or hit.end > last.start:
                        continue
                    # A turn between them, or an outright denial (…への攻撃を否定し、…), sets them apart.
                    turned = any(hit.end <= t <= last.start for t in turned_at)
                    if not turned and self.stance.denial.search(text, hit.start, hit.end) is None:
                        continue
                    if denied is None:
                        denied = self._denied(text, last, reading)
                    if self._denied(text, hit, reading) != denied:
                        extra.append(hit)
        # Deduplicated in order, not through a set: clauses that start together keep one order whatever the hash seed.
        return sorted(dict.fromkeys([*typed, *extra]), key=lambda c: c.start)

    def _denied(self, text: str, clause: TypedClause, reading: SentenceReading) -> bool:
        rule = self.rules[clause.type]
        if not rule.stance and reading.negated(clause.trigger_end, clause.end):
            return True
        return polarity(text[clause.start : clause.end], rule.stance, self.stance) == "denied"

    def rebutted(
        self,
        claims: list[Claim],
        start: int,
        denial: re.Match[str],
        sentence: Sentence,
        mentions: list[Mention],
        typed: list[TypedClause],
    ) -> list[Claim]:
        """The claims of a sentence's first part, denied by the voice its second part turns to."""
        text = sentence.text
        rest = text[start:]
        found = attribute(
            rest,
            _shifted(mentions, start),
            denial.start() - start,
            denial.end() - start,
            self.attribution,
            speech_act=True,
            outlets=self.outlet_ids,
        )
        denier = self.resolve_bare_body(found.speaker if found else None, sentence.start + start)
        first_part = {c.type for c in typed if c.end <= start}
        if denier is None:
            return []
        return [
            self._denial_of(
                claim, sentence, "/rebutted", denier, start, trigger=(denial.start(), denial.end())
            )
            for claim in claims
            if claim.type in first_part and denier != claim.claimant
        ]

    def outlet_of(self, entity: Entity | None) -> Outlet | None:
        """The news outlet an entity is (Reuters, TASS), if it is one."""
        return self.outlets.get(entity.id) if entity is not None and entity.id else None

    def places(self, text: str, mentions: list[Mention], offset: int) -> list[Entity]:
        """The sentence's places, with 同州 / 同方面 read as the place named last before it."""
        places: list[Entity] = []
        if self.anaphor_re is not None:
            for hit in self.anaphor_re.finditer(text):
                antecedent = self.place_before(offset + hit.start(), self.place_anaphora[hit.group()])
                if antecedent is not None and antecedent not in places:
                    places.append(antecedent)
        # A wire dateline (【ワシントン時事】) names where the reporter is, not where it happened.
        dateline_end = _dateline_end(text)
        for mention in mentions:
            if mention.start < dateline_end:
                continue
            kind = mention.entity.kind
            locative = kind == "country" and text.startswith(self.locative_after_country, mention.end)
            if (kind == "place" or locative) and not _among(mention.entity, places):
                places.append(mention.entity)
            country = self._country_in_body_name(text, mention)
            if country is not None and not _among(country, places):
                places.append(country)
        for hit in self.own_ground.finditer(text, dateline_end):
            country = self._country_before(hit.start(), mentions, places)
            if country is not None and not _among(country, places):
                places.append(country)
        return places

    def _country_in_body_name(self, text: str, mention: Mention) -> Entity | None:
        """The country a body's name joined by の begins with, when what follows the country is
        its ground: "ウクライナの軍" read in "ウクライナの軍需産業施設" names Ukraine's ground."""
        entity = mention.entity
        joint = mention.text.find(self.country_joiner) if self.country_joiner else -1
        if entity.kind == "country" or not entity.id or "." not in entity.id or joint <= 0:
            return None
        if not text.startswith(self.locative_after_country, mention.start + joint):
            return None
        country = self.linker.get(entity.id.split(".", 1)[0])
        return country if country is not None and country.kind == "country" else None

    def _country_before(self, position: int, mentions: list[Mention], places: list[Entity]) -> Entity | None:
        """Whose ground 領空 or 全国 at ``position`` is: the country of a place the sentence names,
        else the country named last before it (None: the claimant's, see ground_of).

        A place comes first: in "キーウなど各地でロシアのミサイル攻撃があり、全国で…" the
        country named last is the attacker's."""
        for place in places:
            if place.kind == "place" and place.id and "." in place.id:
                return self.linker.get(place.id.split(".", 1)[0])
        before = [m.entity for m in mentions if m.end <= position and m.entity.kind == "country"]
        return before[-1] if before else None

    def ground_of(self, speaker: Entity | None) -> list[Entity]:
        """The claimant's own country, as the place of "領空内に侵入した" said by it."""
        if speaker is None or not speaker.id:
            return []
        country = self.linker.get(speaker.id.split(".", 1)[0])
        return [country] if country is not None and country.kind == "country" else []

    def place_before(self, position: int, suffix: str) -> Entity | None:
        """The place named last before ``position`` whose written name ends in ``suffix``."""
        for i in range(bisect_left(self.places_named_starts, position) - 1, -1, -1):
            mention = self.places_named[i]
            if mention.end <= position and mention.text.endswith(suffix):
                return mention.entity
        return None

    def when(
        self,
        text: str,
        dates: list[DateMention],
        rule: TypeRule,
        speaker: Entity | None,
        mentions: list[Mention],
    ) -> DateRange | None:
        """When the asserted thing happened.

        "Xは4日、…と述べた": a date right after the speaker's topic, set off by
        a comma, dates the speech; it dates the claim only when the speech act
        is the happening (the type is ``speech_dated``: a proposal, a meeting).
        """
        # A wire dateline (【1月3日 AFP】) dates the report, not the happening.
        dateline_end = _dateline_end(text)
        dates = [d for d in dates if d.start >= dateline_end]
        if not dates:
            return None
        cues = self.attribution
        frame_end, named_as_linked = _speaker_frame_end(text, mentions, speaker, cues.topic + cues.subject + cues.also)
        # A date before a linked speaker's topic dates the speech too ("4日、国防省は…"); one found
        # only by how it is written dates it only right after it.
        frame_from = -len(text) if named_as_linked else 0
        frame = [
            d
            for d in dates
            if (
                frame_end >= 0
                and frame_from <= d.start - frame_end <= 2
                and _ASIDE_THEN_COMMA.match(text, d.end)
                # "Xは「先月24日以降、…」と": a date opening the quoted words is theirs, not the speech's
                and QUOTE_OPEN not in text[frame_end : d.start]
            )
            # "…が死亡したと2日、発表した": the day of the announcement
            or (text.endswith(self.quotative_ends, 0, d.start) and self.attribution.speech.match(text, d.end + 1))
        ]
        content = [d for d in dates if d not in frame]
        chosen = content or (frame if rule.speech_dated else [])
        if not chosen:
            return None
        end = max(self._lasting(text, d) for d in chosen)
        return DateRange(min(d.range.start for d in chosen), end)

    def _lasting(self, text: str, mention: DateMention) -> date:
        """Where a dated happening ends: its date, or the length written after it (から3日間)."""
        length = self.span_after.match(text, mention.end)
        if length is None:
            return mention.range.end
        return mention.range.start + timedelta(days=int(length.group("days")) - 1)


def _among(entity: Entity, entities: list[Entity]) -> bool:
    """Whether ``entity`` is one of ``entities``, however each was written (キーウ, キエフ)."""
    if entity.id is None:
        return entity in entities
    return any(e.id == entity.id for e in entities)


def _said_on(text: str, dates: list[DateMention], topic_before: re.Pattern[str]) -> date | None:
    """The day a sentence's speech is dated by a date right after its opening topic (Xは21日、…).

    ``topic_before``: a topic opening the sentence, right before a date ("ウクライナ軍参謀本部は" + 21日、).
    """
    for mention in dates:
        if (
            mention.range.start == mention.range.end
            and mention.kind != "period"
            and topic_before.search(text, 0, mention.start)
            and _ASIDE_THEN_COMMA.match(text, mention.end)
        ):
            return mention.range.end
    return None


def _stance_end(clause: TypedClause, last_of_type: dict[str, TypedClause], turn: tuple[int, object] | None) -> int | None:
    """Where the words that may deny a clause end: the sentence's end for the main predicate of
    its type (…を攻撃したことを否定した), its own end for an earlier clause told apart from it, and
    the turn to another voice for what comes before it."""
    if last_of_type.get(clause.type) is not clause:
        return clause.end
    return turn[0] if turn and clause.end <= turn[0] else None


def _dateline_end(text: str) -> int:
    """Where a wire dateline opening the sentence (【ワシントン時事】, [8日 ロイター]) ends; 0 if none."""
    for opener, closer in _DATELINE_BRACKETS:
        if text.startswith(opener):
            return text.find(closer) + 1
    return 0


_DATELINE_BRACKETS = ((HEADING_OPEN, HEADING_CLOSE), ("[", "]"))


def _speaker_frame_end(
    text: str, mentions: list[Mention], speaker: Entity | None, particles: tuple[str, ...]
) -> tuple[int, bool]:
    """Where "Xは" ends when X, the speaker, is the sentence's topic (or subject), -1 if it is not;
    and whether X was found as a mention (else by what an unlinked speaker is written as)."""
    if speaker is None:
        return -1, True
    for mention in mentions:
        is_speaker = mention.entity == speaker or (speaker.id is not None and mention.entity.id == speaker.id)
        if is_speaker and particle_after(text, mention.end, particles):
            return mention.end + 1, True
    if speaker.id is None and speaker.text:
        # ウクライナ軍の参謀本部は2日、: an unlinked speaker as written.
        at = text.find(speaker.text)
        if at >= 0 and particle_after(text, at + len(speaker.text), particles):
            return at + len(speaker.text) + 1, False
    return -1, True


def _own_voice_from(
    text: str, clause: TypedClause, mentions: list[Mention], turned_at: list[int], topic: tuple[str, ...]
) -> int:
    """Where the clause's own part of the sentence starts: after the turn before it
    ("Aは停戦を提案したが、Bはこれを拒否した"), when a topic of its own follows; else 0."""
    before = [at for at in turned_at if at <= clause.start]
    if not before:
        return 0
    start = before[-1]
    has_topic = any(
        start <= m.start
        and m.end <= clause.trigger_start
        and m.entity.kind in SPEAKER_KINDS
        and particle_after(text, m.end, topic)
        for m in mentions
    )
    return start if has_topic else 0


def _by_context(rule: TypeRule, text: str, clause: TypedClause) -> bool:
    """Whether the clause was typed by one of the rule's context triggers (帰還 in an exchange report)."""
    trigger = text[clause.trigger_start : clause.trigger_end]
    return rule.context_triggers is not None and rule.context_triggers.fullmatch(trigger) is not None


def _shifted(mentions: list[Mention], start: int) -> list[Mention]:
    """The mentions from ``start`` on, with offsets relative to it."""
    if not start:
        return mentions
    return [Mention(m.start - start, m.end - start, m.text, m.entity, m.method) for m in mentions if m.start >= start]


def _resolve_speaker(
    found: Attribution | None, fallback: Entity | None, last: Entity | None
) -> Entity | None:
    if found is None:
        return fallback
    if found.basis is Basis.UNNAMED_SPEECH:
        return last or fallback
    if found.basis is Basis.HEARSAY:
        # "プーチン氏は…に同意したということです": Putin agreed; the source before says so.
        return last or fallback or found.speaker
    if found.basis is Basis.ACTOR:
        # The paragraph's voice wins over the doer of a narrated act: in
        # "Xによれば、…Yが条件を受け入れた" it is X's account.
        return fallback or found.speaker
    return found.speaker


# An aside in parentheses (マキイフカ(Makiivka), 8日(現地時間)): never a content word of a predicate.
_ASIDE = re.compile(r"\([^()]{1,30}\)")

# "8日(現地時間)、": a date set off by a comma, an aside between.
_ASIDE_THEN_COMMA = re.compile(rf"(?:\([^()]{{1,12}}\))?{COMMA}")

# How many sentences back 同日 looks for the day it repeats.
_SAME_DAY_LOOKBACK = 3

# Quoted words follow the occasion they were said at by at most this many days.
_OCCASION_DAYS = 7

# Background history: a sentence dated only years before its report.
_BACKGROUND_DAYS = 730


def _is_background(dates: list[DateMention], ref: date) -> bool:
    return bool(dates) and all((ref - d.range.end).days > _BACKGROUND_DAYS for d in dates)


def _predicate_of(sentence: str, clause: TypedClause) -> str:
    """The trigger and what follows it up to the next break: the predicate an opinion marker would sit in."""
    rest = sentence[clause.trigger_start : clause.end]
    cut = min((i for i in (rest.find(ch) for ch in (FULL_STOP, QUOTE_OPEN, QUOTE_CLOSE)) if i >= 0), default=len(rest))
    return rest[:cut]


def _values_for(
    rule: TypeRule, quantities: list[Quantity], clause_types: list[tuple[int, int, list[TypedClause]]]
) -> list[Quantity]:
    """The quantities of the rule's kinds that stand in its own clauses or in untyped ones.

    A number belongs to the predicate of its clause: in "…126機による攻撃を受け、
    2人が負傷した" the 126 drones are the strike's, the 2 people the harm's.
    """
    values = []
    for q in quantities:
        if q.kind not in rule.quantity_kinds or (q.kind == "count" and rule.units and q.unit not in rule.units):
            continue
        owners = next((hits for start, end, hits in clause_types if start <= q.start < end), [])
        if not owners or any(hit.type == rule.name for hit in owners):
            values.append(q)
    return values


def _claim_id(doc_id: str, sentence: Sentence, claim_type: str) -> str:
    key = f"{doc_id}\x00{sentence.start}\x00{sentence.end}\x00{claim_type}"
    return "c" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:15]


__all__ = ["claims_by_report", "extract_claims"]
