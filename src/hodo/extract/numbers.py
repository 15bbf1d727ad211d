"""Numbers with counters in Japanese news text: 1470人以上の兵士, 860億ルーブル, 約10機.

``find_quantities`` returns one :class:`~hodo.models.Quantity` for every number
that carries a counter or unit, with the bounds and hedges the wording sets
(以上 → min, 最大 → max, 約 → approx), what the counter counts (機 next to
ドローン → drones), and a ``kind`` that tells counts from durations, ordinals,
money, percentages, distances and areas. Dates, times of day, ages, numbers in
names (レオ14世, S-400) and descriptive counts (西部2州, 3トン爆弾) are left out.

Why our own code rather than ``pynormalizenumexp`` or ``ja-timex``: measured on
our corpus, pynormalizenumexp costs about a millisecond a sentence (our whole
pipeline must do ≥ 75k chars/s), misses 860億ルーブル, drops 最大's bound and
turns 約10機 into a 7–13 range where the spec wants an approx flag. Here one
precompiled regex finds number runs (Arabic, full-width, kanji, 万/億/兆 mixed)
and everything else is a few string tests at each hit, so whole documents scan
at millions of characters a second. What the counters mean, and which words
hedge or bound a number, is data: ``counters.toml`` in the ja_news pack, which
other packs extend.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import ahocorasick

from hodo.models import Quantity
from hodo.packs import Pack, load_pack
from hodo.packs.views import AS_SET, LONGEST_FIRST, pack_field, view
from hodo.script import full_width, with_full_width

# Full-width digits and signs map one character to one, so offsets survive.
_WIDTH = full_width("0123456789,.%-~")

# The numeral table: kanji digits, the small and the big multipliers, and 数 ("a few").
_KANJI_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_SMALL_MULT = {"十": 10, "百": 100, "千": 1000}
BIG_MULTIPLIERS = {"万": 10**4, "億": 10**8, "兆": 10**12}
_FEW = "数"
_KANJI = "".join([*_KANJI_DIGIT, *_SMALL_MULT, _FEW])

_DIGITS = r"\d+(?:,\d{3})*(?:\.\d+)?"
_SMALL = rf"(?:{_DIGITS}[{''.join(reversed(_SMALL_MULT))}]?|[{_KANJI}]+)"
_NUMBER = rf"{_SMALL}(?:[{''.join(reversed(BIG_MULTIPLIERS))}]{_SMALL}?)*"
NUMBER_RE = re.compile(_NUMBER)

_BIG_SPLIT = re.compile(f"([{''.join(reversed(BIG_MULTIPLIERS))}])")
_ASCII_WORD = re.compile(r"[A-Za-z\-\u2010_/]")
_NOUN_CHAR = re.compile(r"[\u3005\u30a0-\u30ff\u4e00-\u9fff]")
_CLOSE = with_full_width(")")
_OPEN = with_full_width("(")


def parse_number(token: str) -> tuple[float, float]:
    """The (low, high) value of a number as written: 6万3000 → (63000, 63000), 数百 → (100, 900)."""
    low = high = 0.0
    parts = _BIG_SPLIT.split(token)
    for i in range(0, len(parts), 2):
        small = parts[i]
        if not small and i + 1 == len(parts):
            break  # 860億: nothing after the last 億
        mult = BIG_MULTIPLIERS[parts[i + 1]] if i + 1 < len(parts) else 1
        lo, hi = _parse_small(small) if small else (1.0, 1.0)
        low += lo * mult
        high += hi * mult
    return low, high


def _parse_small(small: str) -> tuple[float, float]:
    if small[0].isdigit():
        mult = _SMALL_MULT.get(small[-1], 1)
        digits = small[:-1] if mult > 1 else small
        value = float(digits.replace(",", "")) * mult
        return value, value
    if small == _FEW:
        return 2.0, 9.0  # 数人: a few
    low = high = 0.0
    cur_lo = cur_hi = None
    for ch in small:
        if ch in _SMALL_MULT:
            mult = _SMALL_MULT[ch]
            low += (1 if cur_lo is None else cur_lo) * mult
            high += (1 if cur_hi is None else cur_hi) * mult
            cur_lo = cur_hi = None
        elif ch == _FEW:
            cur_lo, cur_hi = 1, 9
        else:
            digit = _KANJI_DIGIT[ch]
            # 二〇二五: digits written one after another are positional.
            cur_lo = digit if cur_lo is None else cur_lo * 10 + digit
            cur_hi = digit if cur_hi is None else cur_hi * 10 + digit
    return low + (cur_lo or 0), high + (cur_hi or 0)


@dataclass(frozen=True)
class _Unit:
    name: str
    kind: str
    item: str | None
    rules: tuple[tuple[frozenset[str], tuple[str, ...], str], ...]
    minutes: int | None
    modifier: bool
    words: frozenset[str] = frozenset()
    digits_only: bool = False
    not_after_clock: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()


@dataclass(eq=False)
class _Matcher:
    """Everything compiled from one pack's counters table."""

    raw_units: dict[str, dict[str, Any]] = pack_field("counters:unit")
    noun_units: dict[str, dict[str, Any]] = pack_field("counters:noun_unit")
    approx_before: tuple[str, ...] = pack_field("counters:hedge.approx_before")
    min_before: tuple[str, ...] = pack_field("counters:hedge.min_before")
    max_before: tuple[str, ...] = pack_field("counters:hedge.max_before")
    approx_after: tuple[str, ...] = pack_field("counters:hedge.approx_after")
    min_after: tuple[str, ...] = pack_field("counters:hedge.min_after")
    max_after: tuple[str, ...] = pack_field("counters:hedge.max_after")
    approx_with_bound: frozenset[str] = pack_field("counters:hedge.approx_with_bound", shape=AS_SET)
    floating_words: tuple[str, ...] = pack_field("counters:hedge.floating")
    floating_gap: int = pack_field("counters:hedge.floating_gap")
    window: int = pack_field("counters:context.window")
    stops: tuple[str, ...] = pack_field("counters:context.stops")
    period_before: tuple[str, ...] = pack_field("counters:period.before")
    conversion: tuple[str, ...] = pack_field("counters:conversion.markers")
    after_dai: tuple[str, ...] = pack_field("counters:ordinal.after_dai", shape=LONGEST_FIRST)
    ordinal_before: tuple[str, ...] = pack_field("counters:ordinal.before")
    fold_unit: str | None = pack_field("counters:fold.unit")
    fold_after: tuple[str, ...] = pack_field("counters:fold.after")
    fold_half: tuple[str, ...] = pack_field("counters:fold.half")
    range_join: tuple[str, ...] = pack_field("counters:range.join")
    digit_joiners: tuple[str, ...] = pack_field("counters:names.digit_joiners")
    genitive: tuple[str, ...] = pack_field("cues:particles.genitive")

    def __post_init__(self) -> None:
        units: dict[str, _Unit] = {}
        raw_units = self.raw_units
        for name, spec in raw_units.items():
            rule_specs = list(spec.get("context", []))
            if spec.get("like"):
                rule_specs += raw_units.get(spec["like"], {}).get("context", [])
            # Rules that need a second word are the more specific: try them first.
            rule_specs.sort(key=lambda r: not r.get("also"))
            rules = tuple((frozenset(r["words"]), tuple(r.get("also", ())), r["item"]) for r in rule_specs)
            units[name] = _Unit(
                name,
                spec.get("kind", "count"),
                spec.get("item"),
                rules,
                spec.get("minutes"),
                bool(spec.get("modifier")),
                frozenset(w for words, _, _ in rules for w in words),
                bool(spec.get("digits_only")),
                tuple(spec.get("not_after_clock", ())),
                tuple(spec.get("not_before", ())),
            )
        self.units = units
        self.unit_re = re.compile("|".join(re.escape(u) for u in sorted(units, key=len, reverse=True)))
        self.nouns: dict[str, str] = {k: v.get("item") for k, v in self.noun_units.items()}
        self.noun_re = re.compile(
            "(?:"
            + "|".join(map(re.escape, self.genitive))
            + ")("
            + "|".join(re.escape(n) for n in sorted(self.nouns, key=len, reverse=True))
            + ")"
        )
        join = "|".join(re.escape(w) for w in self.range_join) or "(?!)"
        self.range_re = re.compile(rf"(?:{join})({_NUMBER})")
        self.before: list[tuple[str, str]] = sorted(
            [(w, "approx") for w in self.approx_before]
            + [(w, "min") for w in self.min_before]
            + [(w, "max") for w in self.max_before],
            key=lambda p: -len(p[0]),
        )
        self.after: list[tuple[str, str]] = sorted(
            [(w, "approx") for w in self.approx_after]
            + [(w, "min") for w in self.min_after]
            + [(w, "max") for w in self.max_after],
            key=lambda p: -len(p[0]),
        )
        effect_of = dict(self.before)
        self.floating = [(w, effect_of[w]) for w in self.floating_words if w in effect_of]
        self.floating_re = re.compile(rf"[\u4e00-\u9fa5\u3005\u30a1-\u30f6\u30fc]{{1,{self.floating_gap}}}$")
        words = {w for u in units.values() for words, _, _ in u.rules for w in words}
        self.words = ahocorasick.Automaton()
        for word in words:
            self.words.add_word(word, word)
        if words:
            self.words.make_automaton()


def _matcher(pack: Pack | None) -> _Matcher:
    return view(pack or load_pack(), _Matcher)


@dataclass(frozen=True)
class FigureWords:
    """How a figure with a hedge or a bound is written back (counters.toml [display])."""

    approx: str = pack_field("counters:display.approx")
    at_least: str = pack_field("counters:display.at_least")
    at_most_before: str = pack_field("counters:display.at_most_before")
    at_most_after: str = pack_field("counters:display.at_most_after")


def figure_words(pack: Pack | None = None) -> FigureWords:
    return view(pack or load_pack(), FigureWords)


def find_quantities(text: str, *, pack: Pack | None = None) -> list[Quantity]:
    """Every number with a counter or unit in ``text``, in order, offsets into ``text``."""
    m = _matcher(pack)
    scan = text.translate(_WIDTH)
    found: list[Quantity] = []
    pos = 0
    last_end = 0
    while True:
        hit = NUMBER_RE.search(scan, pos)
        if hit is None:
            break
        quantity = _read(scan, text, hit, m, last_end, found[-1] if found else None)
        if quantity is None or not _finite(quantity):
            pos = hit.end()
            continue
        found.append(quantity)
        pos = last_end = quantity.end
    return found


def _finite(quantity: Quantity) -> bool:
    """A figure beyond float range (a 400-digit number) is no figure: JSON cannot carry it."""
    return all(v is None or math.isfinite(v) for v in (quantity.value, quantity.min, quantity.max))


def _read(
    scan: str, text: str, hit: re.Match[str], m: _Matcher, last_end: int, previous: Quantity | None
) -> Quantity | None:
    start, end = hit.start(), hit.end()
    token = hit.group()
    if (
        token.startswith(_FEW)
        and start > 0
        and _NOUN_CHAR.match(scan, start - 1)
        and scan[start - 1] not in _KANJI
    ):
        return None  # 多数, 人数, 複数: 数 inside a word
    kanji_only = not token[0].isdigit()
    before = scan[start - 1] if start else ""
    if before and _ASCII_WORD.match(before):
        return None  # S-400, G7, Kh-101
    if before in m.digit_joiners and start >= 2 and scan[start - 2].isdigit():
        return None  # 2・26
    if scan.startswith(m.digit_joiners, end) and end + 1 < len(scan) and scan[end + 1].isdigit():
        return None
    low, high = parse_number(token)
    # A range with one counter: 20~30人, 7万から8万人.
    ranged = m.range_re.match(scan, end)
    if ranged and m.unit_re.match(scan, ranged.end()):
        high = parse_number(ranged.group(1))[1]
        end = ranged.end()
    ordinal = next((w for w in m.ordinal_before if scan.endswith(w, 0, start)), "")
    if ordinal:
        word = next((w for w in m.after_dai if scan.startswith(w, end)), None)
        if word is None:
            return None  # 第267代, 第3軍: a name, not a quantity
        unit = _Unit(word, "ordinal", "occurrence", (), None, False)
        unit_end = end + len(word)
    else:
        unit_hit = m.unit_re.match(scan, end)
        if unit_hit is None:
            return _bare_noun(scan, text, start, end, low, high, m)
        unit = m.units[unit_hit.group()]
        unit_end = unit_hit.end()
    if (
        (unit.digits_only and kanji_only)
        or _is_clock(scan, start, unit.not_after_clock)
        or (unit.not_before and scan.startswith(unit.not_before, unit_end))
    ):
        return None  # 十分な, 11時30分, 3分の1
    if unit.modifier and unit_end < len(scan) and _NOUN_CHAR.match(scan, unit_end):
        return None  # 3トン爆弾
    if (
        unit_end < len(scan)
        and unit.name.isascii()
        and unit.name[-1].isalpha()
        and scan[unit_end].isascii()
        and scan[unit_end].isalpha()
    ):
        return None  # 500kmX: part of a longer Latin word
    if unit.kind == "money" and _is_conversion(scan, start, m, previous):
        return None
    value, unit_name, kind, default_item = low, unit.name, unit.kind, unit.item
    # 1時間15分, 1時間半: fold into the smallest unit written.
    fold = m.fold_unit
    if unit.minutes and unit.minutes > 1 and fold in m.units:
        tail = NUMBER_RE.match(scan, unit_end)
        half = next((w for w in m.fold_half if scan.startswith(w, unit_end)), "")
        if tail and tail.group()[0].isdigit() and scan.startswith(fold, tail.end()):
            value = low * unit.minutes + parse_number(tail.group())[0]
            low = high = value
            unit_name, unit_end, default_item = fold, tail.end() + len(fold), m.units[fold].item
            after = next((w for w in m.fold_after if scan.startswith(w, unit_end)), "")
            unit_end += len(after)
        elif half:
            value = low * unit.minutes + unit.minutes / 2
            low = high = value
            unit_name, unit_end, default_item = fold, unit_end + len(half), m.units[fold].item
    if kind == "duration" and any(scan.endswith(w, 0, start) for w in m.period_before):
        kind = "period"  # 過去24時間: the window a summary covers
    # Exact numbers and written ranges (数百, 20~30) set both bounds; 以上 drops
    # the upper, 最大 the lower; a bare hedge (約10機) leaves both open.
    approx = _FEW in token
    lo_bound: float | None = low
    hi_bound: float | None = high
    hedge_start, effects = _before_hedges(scan, start, m)
    word, effect = _after_hedge(scan, unit_end, m)
    q_end = unit_end + len(word)
    if word:
        effects.append(effect)
        approx = approx or word in m.approx_with_bound
    approx = approx or "approx" in effects
    if "min" in effects:
        hi_bound = None
    if "max" in effects:
        lo_bound = None
    if approx and low == high and "min" not in effects and "max" not in effects:
        lo_bound = hi_bound = None
    span_start = start - len(ordinal) if ordinal else hedge_start
    item = _item(scan, unit, start, q_end, last_end, m) if unit.rules else default_item
    return Quantity(
        value=value,
        min=lo_bound,
        max=hi_bound,
        approx=approx,
        unit=unit_name,
        item=item,
        text=text[span_start:q_end],
        start=span_start,
        end=q_end,
        kind=kind,
    )


def _bare_noun(
    scan: str, text: str, start: int, end: int, low: float, high: float, m: _Matcher
) -> Quantity | None:
    """12の集落: a bare number counting the noun after の."""
    hit = m.noun_re.match(scan, end)
    if hit is None or not scan[start].isdigit():
        return None
    noun = hit.group(1)
    return Quantity(
        low, low, high, False, noun, m.nouns[noun], text[start : hit.end()], start, hit.end(), "count"
    )


def _is_clock(scan: str, start: int, hours: tuple[str, ...]) -> bool:
    """11時30分: the minutes of a time of day (``hours``: the unit of a clock's hour)."""
    hour = next((h for h in hours if scan.endswith(h, 0, start)), None)
    return hour is not None and start > len(hour) and scan[start - len(hour) - 1].isdigit()


def _is_conversion(scan: str, start: int, m: _Matcher, previous: Quantity | None) -> bool:
    """Inside (日本円で約1450億円), or a bracket right after another amount of money."""
    lo = max(0, start - 20)
    opened = max(scan.rfind(bracket, lo, start) for bracket in _OPEN)
    if opened < 0 or any(c in _CLOSE for c in scan[opened:start]):
        return False
    inside = scan[opened + 1 : start]
    if any(marker in inside for marker in m.conversion):
        return True
    return previous is not None and previous.kind == "money" and not scan[previous.end : opened].strip()


def _before_hedges(scan: str, start: int, m: _Matcher) -> tuple[int, list[str]]:
    """The hedges and bounds written before a number (最大約), and where they begin."""
    effects = []
    pos = start
    for _ in range(3):
        word = next(((w, e) for w, e in m.before if scan.endswith(w, 0, pos)), None)
        if word is None:
            break
        effects.append(word[1])
        pos -= len(word[0])
    if not effects:
        # "最大で兵士1420人": an adverbial hedge before the counted noun.
        gap = m.floating_re.search(scan, max(0, start - m.floating_gap), start)
        if gap is not None:
            word = next(((w, e) for w, e in m.floating if scan.endswith(w, 0, gap.start())), None)
            if word is not None:
                effects.append(word[1])
    return pos, effects


def _after_hedge(scan: str, pos: int, m: _Matcher) -> tuple[str, str]:
    for word, effect in m.after:
        if scan.startswith(word, pos):
            return word, effect
    return "", ""


def _item(scan: str, unit: _Unit, start: int, q_end: int, last_end: int, m: _Matcher) -> str | None:
    """What is counted: the nearest context word after の, else before the number."""
    known = unit.words
    # After: 1470人(以上)の兵士.
    particle = next((p for p in m.genitive if scan.startswith(p, q_end)), "")
    if particle:
        stop = _window_end(scan, q_end + len(particle), m)
        best = None
        for end_idx, word in m.words.iter(scan, q_end + len(particle), stop):
            if word not in known:
                continue
            begin = end_idx - len(word) + 1
            if best is None or begin < best[0] or (begin == best[0] and len(word) > len(best[1])):
                best = (begin, word)
        if best is not None:
            item = _rule_item(scan, unit, best[1], start, m)
            if item:
                return item
    # Before: 兵士1470人, ドローンが109機; the window stops at the quantity before.
    lo = max(last_end, start - m.window)
    for stop_word in m.stops:
        idx = scan.rfind(stop_word, lo, start)
        if idx >= 0:
            lo = max(lo, idx + len(stop_word))
    best = None
    for end_idx, word in m.words.iter(scan, lo, start):
        if word not in known:
            continue
        if best is None or end_idx > best[0] or (end_idx == best[0] and len(word) > len(best[1])):
            best = (end_idx, word)
    if best is not None:
        item = _rule_item(scan, unit, best[1], start, m)
        if item:
            return item
    return unit.item


def _window_end(scan: str, pos: int, m: _Matcher) -> int:
    end = min(len(scan), pos + m.window)
    for stop_word in m.stops:
        idx = scan.find(stop_word, pos, end)
        if idx >= 0:
            end = idx
    return end


def _rule_item(scan: str, unit: _Unit, word: str, start: int, m: _Matcher) -> str | None:
    sentence_lo = max(0, start - 4 * m.window)
    sentence_hi = min(len(scan), start + 4 * m.window)
    for words, also, item in unit.rules:
        if word not in words:
            continue
        if also and not any(scan.find(a, sentence_lo, sentence_hi) >= 0 for a in also):
            continue
        return item
    return None
