"""Whether a trigger word is its clause's predicate: the happening the clause asserts.

A trigger word inside a modifier names a happening without asserting it:
"攻撃を受けた現場を訪れ" (visited the site of an attack), "米国供与のミサイル"
(missiles the US supplied), "会談を前に" (ahead of the talks). Read without a
parser, the difference shows in what follows the trigger up to the end of its
phrase (a comma, a quotation marker, a complementizer like こと, a conjunction):
when the trigger is the predicate, only verb endings, light verbs (を行った,
があった, を受け), numbers, dates and names stand there; when it is a modifier,
a content word follows (現場, ミサイル, 前). A content word of intent (用意,
考え, 方針) makes the trigger a stance, a claim only for the types that state
stances (proposals, aid).

Names, dates and figures are masked before the tail is read (see
:func:`skeleton`): "この攻撃をロシア軍によるものと発表" keeps 攻撃 a predicate.
Every word list is the pack's (cues.toml ``[predicate]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from hodo.packs import Pack
from hodo.packs.views import AS_STRINGS, pack_field, view
from hodo.script import COMMA

# What stands in a masked span: never a content word, never a phrase end.
# Figures are masked apart from names and dates: a phrase may close on a figure.
MASK = "\x00"
FIGURE = "\x01"


_WORD = r"[\u4e00-\u9fa5\u3005\u3006\u30f5\u30f6\u30a1-\u30f4\u30fcA-Za-z\uff21-\uff3a\uff41-\uff5a]+"


_WORD_CHAR = re.compile(_WORD[:-1])

# The phrase after a trigger, as runs of content words, names and dates, figures, and kana.
_TOKEN = re.compile(
    rf"(?P<word>{_WORD})|(?P<name>{MASK}+)|(?P<figure>{FIGURE}+)|(?P<kana>[\u3041-\u3093]+)"
)

_ITEM_BEFORE = re.compile(r"[\u4e00-\u9fa5\u3005\u30a1-\u30f4\u30fc]{1,8}$")


class Role(Enum):
    PREDICATE = "predicate"  # the clause asserts the happening
    INTENT = "intent"  # the clause states an intent or readiness to do it, or that it will be done
    MODIFIER = "modifier"  # the happening only qualifies something else


@dataclass(frozen=True)
class PredicateCues:
    # Where the trigger's phrase ends (a comma, と before a speech verb, こと, のは, …).
    ends: re.Pattern[str] = pack_field("cues:predicate.phrase_ends")
    # Right after the trigger, these make it what something else is about (攻撃について).
    about: re.Pattern[str] = pack_field("cues:predicate.about")
    # Right after the trigger, these make it the cause of what follows (攻撃で, 攻撃により).
    instrument: re.Pattern[str] = pack_field("cues:predicate.instrument")
    # A verb ending that modifies the noun after it (…した, …する, …していない).
    attributive: re.Pattern[str] = pack_field("cues:predicate.attributive")
    # The particle that makes a noun modify the next (供与の).
    genitive: str = pack_field("cues:predicate.genitive")
    # A phrase ending in a condition (…すれば, …したら): nothing happened.
    conditional: re.Pattern[str] = pack_field("cues:predicate.conditional")
    # A phrase that is only a plain non-past verb ending (…する): what will happen, an intent.
    irrealis: re.Pattern[str] = pack_field("cues:predicate.irrealis")
    irrealis_end: re.Pattern[str] = pack_field("cues:predicate.irrealis_end")
    # The endings that negate a phrase (…ていない, …なかった), and those that only look so.
    negation: re.Pattern[str] = pack_field("cues:predicate.negation")
    not_negation: re.Pattern[str] = pack_field("cues:predicate.not_negation")
    light_words: tuple[str, ...] = pack_field("cues:predicate.light_words", shape=AS_STRINGS)
    intent_words: tuple[str, ...] = pack_field("cues:predicate.intent_words", shape=AS_STRINGS)
    count_words: tuple[str, ...] = pack_field("cues:predicate.count_words", shape=AS_STRINGS)
    agent_markers: tuple[str, ...] = pack_field("cues:predicate.agent_markers", shape=AS_STRINGS)
    copula: tuple[str, ...] = pack_field("cues:predicate.copula")
    figure_hedges: tuple[str, ...] = pack_field("cues:predicate.figure_hedges")
    # "招集されるのは30万人": a phrase closing on one of these before a figure states that count.
    cleft: tuple[str, ...] = pack_field("cues:predicate.cleft")
    # "飛来したミサイル38発のうち": a verb modifying a figure these follow asserts its happening.
    partitive: tuple[str, ...] = pack_field("cues:predicate.partitive")
    # "攻撃はSBUの作戦だった": a topic trigger identified by a copula phrase naming someone.
    identifying: re.Pattern[str] = pack_field("cues:predicate.identifying")
    quotative: tuple[str, ...] = pack_field("cues:particles.quotative")
    topic: tuple[str, ...] = pack_field("cues:particles.topic")
    subject: tuple[str, ...] = pack_field("cues:particles.subject")
    also: tuple[str, ...] = pack_field("cues:particles.also")
    # The particles of what a figure may count: a topic or a subject (死者は, ドローンがすでに).
    counted_particles: tuple[str, ...] = field(init=False)
    # "攻撃による死者は、37人となった": a topic's comma before the figure it is.
    topic_comma_figure: re.Pattern[str] = field(init=False)
    copula_after_figure: re.Pattern[str] = field(init=False)
    # "5万5000人以上と推計": a quotative after a figure ends the phrase, as after a verb.
    quote_after_figure: re.Pattern[str] = field(init=False)
    # Content words that may stand in the phrase of a predicate (light verbs, 関与, 数).
    light: re.Pattern[str] = field(init=False)
    # Content words of intent or readiness (用意, 考え, 方針).
    intent: re.Pattern[str] = field(init=False)
    # Verbs that state a count (に上った, を超えた).
    count: re.Pattern[str] = field(init=False)
    # A content word naming the doer before one of these (敵軍によるもの) governs nothing.
    agent: re.Pattern[str] | None = field(init=False)
    # Light verbs written with kana inside (繰り返): read as one word.
    folds: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        # A light verb written with kana inside (繰り返) is one word: skeleton() folds it.
        folds = tuple(w for w in self.light_words if _KANA_INSIDE.search(w))
        light = [_folded(w) for w in self.light_words]
        derived = {
            "folds": folds,
            "light": re.compile(f"(?:{'|'.join(light) or '(?!)'})+"),
            "intent": re.compile(f"(?:{'|'.join(self.intent_words) or '(?!)'})"),
            "count": re.compile(f"(?:{'|'.join(self.count_words) or '(?!)'})+"),
            "agent": re.compile(f"{_WORD}(?:{'|'.join(self.agent_markers)})") if self.agent_markers else None,
            "counted_particles": self.topic + self.subject + self.also,
            "topic_comma_figure": re.compile(
                f"(?:{_alt(self.topic)}){COMMA}(?:{_alt(self.figure_hedges)})?{FIGURE}"
            ),
            "copula_after_figure": re.compile(
                rf"(?<={FIGURE})(?:{_alt(self.copula)})(?=[\u4e00-\u9fa5\u30a1-\u30f4{MASK}])"
            ),
            "quote_after_figure": re.compile(rf"(?<={FIGURE})(?:{_alt(self.quotative)})"),
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)


_KANA_INSIDE = re.compile(r"(?<=[\u4e00-\u9fa5])[\u3041-\u3093]+(?=[\u4e00-\u9fa5])")

# What the kana inside a folded verb become: a mark that reads as part of a word.
_FOLD_MARK = chr(0x3005)  # the iteration mark, a word character to _WORD


def _folded(word: str) -> str:
    """繰り返 → 繰々返: the kana inside a verb made word characters, its length kept."""
    return _KANA_INSIDE.sub(lambda m: _FOLD_MARK * len(m.group()), word)


def _partitive_figure(
    tokens: list[tuple[str | None, str]], at: int, partitive: tuple[str, ...], figure_after: bool
) -> bool:
    """Whether the token at ``at`` is a figure whose part is counted next (38発のうち30発): both
    counts are told ("41機のうち、半数が" tells one count, of what the part did). The phrase may
    end on the partitive: ``figure_after`` says whether a figure stands right after it."""
    if at + 1 >= len(tokens) or tokens[at][0] != "figure" or tokens[at + 1] not in (("kana", p) for p in partitive):
        return False
    return tokens[at + 2][0] == "figure" if at + 2 < len(tokens) else figure_after


def _alt(words: tuple[str, ...]) -> str:
    return "|".join(map(re.escape, words)) or "(?!)"


def predicate_cues(pack: Pack) -> PredicateCues:
    return view(pack, PredicateCues)


def skeleton(
    text: str, spans: list[tuple[int, int]], figures: list[tuple[int, int]] = (), folds: tuple[str, ...] = ()
) -> str:
    """``text`` with each span (a name, a date) and each figure masked, offsets kept.

    A content word right before a figure is what it counts (兵士900人, 戦車4両):
    it is masked with the figure. ``folds`` are verbs written with kana inside
    (繰り返), made one word.
    """
    for word in folds:
        if word in text:
            text = text.replace(word, _folded(word))
    chars = list(text)
    for start, end in spans:
        chars[start:end] = MASK * (end - start)
    for start, end in figures:
        item = _ITEM_BEFORE.search(text, 0, start)
        if item is not None and item.end() == start:
            start = item.start()
        chars[start:end] = FIGURE * (end - start)
    return "".join(chars)


def phrase_end(masked: str, trigger_end: int, clause_end: int, cues: PredicateCues) -> int:
    """Where the phrase of the trigger ending at ``trigger_end`` ends."""
    stop = clause_end
    end = cues.ends.search(masked, trigger_end, clause_end)
    # "攻撃による死者は、37人となった": a topic's comma before the figure it is does not end the phrase.
    while end is not None and cues.topic_comma_figure.match(masked, end.start() - 1):
        end = cues.ends.search(masked, end.end(), clause_end)
    quoted = cues.quote_after_figure.search(masked, trigger_end, clause_end)
    for found in (end, cues.copula_after_figure.search(masked, trigger_end, clause_end), quoted):
        if found is not None:
            stop = min(stop, found.start())
    return stop


def phrase_negated(masked: str, trigger_end: int, clause_end: int, cues: PredicateCues) -> bool:
    """Whether the trigger's own phrase is negated (攻撃していない, 死傷者は出ていない, 撃墜できなかった)."""
    tail = masked[trigger_end : phrase_end(masked, trigger_end, clause_end, cues)]
    return cues.negation.search(tail) is not None and cues.not_negation.search(tail) is None


def counted_apart(masked: str, trigger_end: int, clause_end: int, cues: PredicateCues) -> bool:
    """Whether the trigger's verb modifies a figure a part of is taken next (飛来したミサイル38発のうち
    30発を撃墜): its happening is told with a count of its own beside the one told of the part."""
    stop = phrase_end(masked, trigger_end, clause_end, cues)
    tokens = [(t.lastgroup, t.group()) for t in _TOKEN.finditer(masked[trigger_end:stop])]
    for i, (kind, text) in enumerate(tokens[:-1]):
        verb_before = i == 0 or (tokens[i - 1][0] == "word" and cues.light.fullmatch(tokens[i - 1][1]))
        if kind == "kana" and verb_before and cues.attributive.search(text):
            return _partitive_figure(tokens, i + 1, cues.partitive, masked.startswith(FIGURE, stop))
    return False


def trigger_role(masked: str, trigger_end: int, clause_end: int, cues: PredicateCues) -> Role:
    """The role of the trigger ending at ``trigger_end`` in the clause ending at ``clause_end``.

    Read over the phrase after the trigger, in this order: a phrase that
    states a count (撃墜したドローンは40機, 亡くなった民間人が400人を超えた)
    asserts it; a verb form that modifies the word after it (攻撃を受けた現場,
    供与の〇〇, 会談を行う予定) makes the trigger a modifier, or a stance when
    that word is one of intent (受け入れる用意); else the last content word
    governs: a light verb keeps the trigger the predicate (会議がパリで始ま
    った), any other word makes it that word's modifier (攻撃を目撃した).
    """
    if cues.about.match(masked, trigger_end, clause_end):
        return Role.MODIFIER
    if cues.instrument.match(masked, trigger_end, clause_end):
        return Role.PREDICATE
    stop = phrase_end(masked, trigger_end, clause_end, cues)
    tail = masked[trigger_end:stop]
    cleft = next((c for c in cues.cleft if masked.startswith(c, stop)), None)
    if cleft is not None and masked.startswith(FIGURE, stop + len(cleft)):
        # 招集の対象となるのは予備役約30万人: the count is what the phrase asserts.
        return Role.PREDICATE
    if cues.identifying.search(tail):
        return Role.PREDICATE
    if cues.conditional.search(tail):
        # 進軍を続ければ: a condition, not a happening.
        return Role.MODIFIER
    if cues.irrealis.fullmatch(tail) and cues.irrealis_end.match(masked, stop, clause_end):
        # 攻撃すると警告した: a plain non-past verb quoted or closing the sentence tells what will
        # happen (not 電話をすると、…: "when", nor 死亡するなど: "such as").
        return Role.INTENT
    if cues.agent is not None:
        # "この攻撃を敵軍によるものと発表": who did it is named, not what governs the trigger.
        tail = cues.agent.sub(lambda m: MASK * len(m.group()), tail)
    tokens = [(t.lastgroup, t.group()) for t in _TOKEN.finditer(tail)]
    words = [text for kind, text in tokens if kind == "word"]
    if (
        tokens
        and tokens[0][0] == "word"
        and tail.startswith(tokens[0][1])
        and _WORD_CHAR.match(masked, trigger_end - 1)
        and not cues.light.fullmatch(tokens[0][1])
    ):
        # 合意内容, 攻撃計画: a noun compounded onto the trigger is what the phrase is about.
        return Role.MODIFIER
    # The figure a phrase closes on counts its topic or subject (死者は12人だった), not a noun's
    # part (拠点の一つ).
    counted = any(kind == "kana" and (text.endswith(cues.counted_particles) or text.startswith(cues.counted_particles)) for kind, text in tokens)
    if any(kind == "figure" for kind, _ in tokens) and (
        (counted and tokens[-1][0] == "figure")
        or (counted and tokens[-1][0] == "kana" and len(tokens) > 1 and tokens[-2][0] == "figure")
        or (words and cues.count.fullmatch(words[-1]))
    ):
        return Role.PREDICATE
    intent = False
    for i, (kind, text) in enumerate(tokens[:-1]):
        verb_before = i == 0 or (tokens[i - 1][0] == "word" and cues.light.fullmatch(tokens[i - 1][1]))
        modifies = kind == "kana" and (
            (verb_before and cues.attributive.search(text)) or (i == 0 and text == cues.genitive)
        )
        if modifies and tokens[i + 1][0] != "kana":
            if _partitive_figure(tokens, i + 1, cues.partitive, masked.startswith(FIGURE, stop)):
                # 飛来したミサイル38発のうち30発を撃墜: the 38 that came is what happened.
                return Role.PREDICATE
            following = tokens[i + 1][1]
            if tokens[i + 1][0] == "word" and cues.intent.match(following):
                intent = True
                continue
            return Role.MODIFIER
    first_intent = next((i for i, w in enumerate(words) if cues.intent.match(w)), None)
    # The word governing the trigger: the last before an intent word (捕虜交換を進める考え: 進める), else the last.
    governing = words[: first_intent if first_intent is not None else len(words)][-1:]
    if governing and not cues.light.fullmatch(governing[0]):
        return Role.MODIFIER
    if first_intent is None and words and not cues.light.fullmatch(words[-1]):
        return Role.MODIFIER
    return Role.INTENT if intent or first_intent is not None else Role.PREDICATE
