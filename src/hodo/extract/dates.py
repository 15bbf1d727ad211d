"""Dates in Japanese news text, resolved against the date of the report.

``find_date_anchors`` finds the absolute dates that date a post or one of its
reports (``#ロシア(250605)``, ``2025年6月4日``, ``Posted by b on December 21,
2022``); ``find_dates`` finds every date mention (4日夜, 先月31日から今月1日にかけて,
週末, 過去24時間, 昨年8月) and resolves it to a :class:`~hodo.models.DateRange`.

Why our own code rather than ``ja-timex``: it reads 先月 as a duration, does not
resolve relative dates against a reference date (the heart of news dating:
"4日" means the 4th of the report's month, or of the month before when the
report is dated earlier in its month) and pulls in pendulum. Here one
precompiled regex finds date atoms, a second pass joins "A から B にかけて"
into periods, and resolution is plain ``datetime.date`` arithmetic. The
relative words (昨日, 先月, 今週末, 上旬 …) are data: ``dates.toml`` in the
ja_news pack.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from hodo.models import DateRange
from hodo.packs import Pack, load_pack
from hodo.packs.views import LONGEST_FIRST, pack_field, view
from hodo.script import full_width

_WIDTH = full_width("0123456789/-~()")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    range: DateRange
    kind: str  # "absolute" | "relative" | "period"


# ---- anchors -------------------------------------------------------------------

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))


def _anchor_regex(g: _Grammar) -> re.Pattern[str]:
    return re.compile(
        rf"#[^\s#()]{{1,30}}\((?P<tag>\d{{6}})\)"
        # A title ending in (250813), the same tag once Markdown has dropped its "#".
        r"|\((?P<ltag>\d{6})\)(?=[ \t]*(?:\n|\Z))"
        rf"|(?<!\d)(?P<jy>\d{{4}})(?:{g.y})(?P<jm>\d{{1,2}})(?:{g.m})(?P<jd>\d{{1,2}})(?:{g.d})(?:{g.weekday_re.pattern})?"
        r"|(?<![\d/.-])(?P<iy>\d{4})(?P<sep>[/.-])(?P<im>\d{1,2})(?P=sep)(?P<id>\d{1,2})(?![\d/.-])"
        rf"|\b(?P<em>{_MONTH_NAMES})\.? (?P<ed>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<ey>\d{{4}})\b"
        rf"|\b(?P<fd>\d{{1,2}}) (?P<fm>{_MONTH_NAMES})\.?,? (?P<fy>\d{{4}})\b",
        re.IGNORECASE,
    )


def find_date_anchors(text: str, pack: Pack | None = None) -> list[tuple[int, int, date]]:
    """Absolute dates that date a document or report: (start, end, date), in order."""
    scan = text.translate(_WIDTH)
    found = []
    for m in _grammar(pack).anchor_re.finditer(scan):
        g = m.groupdict()
        if g["tag"] or g["ltag"]:
            tag = g["tag"] or g["ltag"]
            parts = (2000 + int(tag[:2]), int(tag[2:4]), int(tag[4:]))
        elif g["jy"]:
            parts = (int(g["jy"]), int(g["jm"]), int(g["jd"]))
        elif g["iy"]:
            parts = (int(g["iy"]), int(g["im"]), int(g["id"]))
        elif g["em"]:
            parts = (int(g["ey"]), _MONTHS[g["em"].lower()], int(g["ed"]))
        else:
            parts = (int(g["fy"]), _MONTHS[g["fm"].lower()], int(g["fd"]))
        day = _date(*parts)
        if day is not None:
            found.append((m.start(), m.end(), day))
    return found


def _date(year: int, month: int, day: int) -> date | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


# ---- mentions ------------------------------------------------------------------


@dataclass(frozen=True)
class _Atom:
    """One date expression before resolution: what was written, by part."""

    start: int
    end: int
    year: int | None = None
    year_rel: int | None = None
    month: int | None = None
    month_rel: int | None = None
    day: int | None = None
    part: tuple[int, int] | None = None
    weekday: int | None = None
    timed: bool = False
    fixed: DateRange | None = None
    kind: str = "relative"
    # Days after the day the text spoke of last: 0 for 同日, -1 for 前日, 1 for 翌日.
    from_last: int | None = None


def _alt(words: Any) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True, eq=False)
class _Grammar:
    """The date regex and word tables compiled from one pack's dates.toml."""

    days: dict[str, int] = pack_field("dates:day")
    same_day: tuple[str, ...] = pack_field("dates:same_day")
    from_last_day: dict[str, int] = pack_field("dates:from_last_day")
    years: dict[str, int] = pack_field("dates:year")
    months: dict[str, int] = pack_field("dates:month")
    weeks: dict[str, int] = pack_field("dates:week")
    weekends: dict[str, int] = pack_field("dates:weekend")
    parts: dict[str, list[int]] = pack_field("dates:part")
    year_parts: dict[str, list[int]] = pack_field("dates:year_part")
    open_after: tuple[str, ...] = pack_field("dates:open_after", shape=LONGEST_FIRST)
    open_after_span: tuple[str, ...] = pack_field("dates:open_after_span", shape=LONGEST_FIRST)
    not_open_before: re.Pattern[str] = pack_field("dates:not_open_before")
    clock: re.Pattern[str] = pack_field("dates:clock")
    offsets: dict[str, int] = pack_field("dates:offset_after_days")
    join: tuple[str, ...] = pack_field("dates:range_join", shape=LONGEST_FIRST)
    close: tuple[str, ...] = pack_field("dates:range_close", shape=LONGEST_FIRST)
    times: tuple[str, ...] = pack_field("dates:times", shape=LONGEST_FIRST)
    not_day_after: tuple[str, ...] = pack_field("dates:not_day_after")
    window_before: tuple[str, ...] = pack_field("dates:window_before")
    window_before_hours: tuple[str, ...] = pack_field("dates:window_before_hours")
    window_units: dict[str, str] = pack_field("dates:window_unit")
    year_unit: tuple[str, ...] = pack_field("dates:year_unit")
    month_unit: tuple[str, ...] = pack_field("dates:month_unit")
    day_unit: tuple[str, ...] = pack_field("dates:day_unit")
    weekdays: tuple[str, ...] = pack_field("dates:weekdays")
    weekday_after: tuple[str, ...] = pack_field("dates:weekday_after")
    last_weekend: tuple[str, ...] = pack_field("dates:last_weekend")
    not_offset_after: tuple[str, ...] = pack_field("dates:not_offset_after")
    from_last: dict[str, int] = field(init=False)
    regex: re.Pattern[str] = field(init=False)
    anchor_re: re.Pattern[str] = field(init=False)
    # A weekday after a date: 6月27日(火), 27日火曜日.
    weekday_re: re.Pattern[str] = field(init=False)
    # The units as alternations: 年, 月, 日.
    y: str = field(init=False)
    m: str = field(init=False)
    d: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "from_last", {w: 0 for w in self.same_day} | self.from_last_day)
        y, m, d = _alt(self.year_unit), _alt(self.month_unit), _alt(self.day_unit)
        object.__setattr__(self, "y", y)
        object.__setattr__(self, "m", m)
        object.__setattr__(self, "d", d)
        weekday = _alt(self.weekdays)
        mark = _alt(self.weekday_after)
        object.__setattr__(self, "weekday_re", re.compile(rf"\s*\((?:{weekday})\)|(?:{weekday})(?:{mark})"))
        not_day = _alt(self.not_day_after)
        ymd = (
            rf"(?=(?<!\d)\d{{4}}(?:{y})|(?<!\d)\d{{2}}(?:{y})\d{{1,2}}(?:{m})|{_alt(self.years)}"
            rf"|(?<!\d)\d{{1,2}}(?:{m})|{_alt(self.months)}|(?<!\d)\d{{1,2}}(?:{d}))"
            rf"(?:(?<!\d)(?P<y>\d{{4}})(?:{y})|(?<!\d)(?P<y2>\d{{2}})(?:{y})(?=\d{{1,2}}(?:{m}))|(?P<ry>{_alt(self.years)}))?"
            rf"(?:(?<!\d)(?P<m>\d{{1,2}})(?:{m})(?!{mark})|(?P<rm>{_alt(self.months)}))?"
            rf"(?:(?<!\d)(?P<d>\d{{1,2}})(?:{d})(?!{not_day}|{_alt(self.offsets)}|{mark}))?"
            rf"(?P<part>{_alt({**self.parts, **self.year_parts})})?"
        )
        hours = _alt([unit for unit, kind in self.window_units.items() if kind == "hours"])
        regex = re.compile(
            r"(?<![\d/.-])(?P<iy>\d{4})(?P<sep>[/-])(?P<im>\d{1,2})(?P=sep)(?P<id>\d{1,2})(?![\d/.-])"
            rf"|(?P<win>{_alt(self.window_before)})(?P<wn>\d+)"
            rf"(?P<wu>{_alt(self.window_units)})"
            rf"|(?:{_alt(self.window_before_hours)})(?P<hn>\d+)(?:{hours})"
            rf"|(?<!\d)(?P<on>\d{{1,3}})(?:{d})(?P<off>{_alt(self.offsets)})(?!{_alt(self.not_offset_after)})"
            rf"|(?P<wk>{_alt(self.weekends)}|{_alt(self.weeks)}|{_alt(self.last_weekend)})"
            rf"|(?P<rd>{_alt(self.days)})|(?P<same>{_alt(self.from_last)})"
            rf"|(?P<wd>{weekday})(?:{mark})"
            rf"|{ymd}"
        )
        object.__setattr__(self, "regex", regex)
        object.__setattr__(self, "anchor_re", _anchor_regex(self))


def _grammar(pack: Pack | None) -> _Grammar:
    return view(pack or load_pack(), _Grammar)


def names_a_day_told_before(text: str, pack: Pack | None = None) -> bool:
    """Whether ``text`` dates something by the day named before it (同日, 前日, 翌日)."""
    return any(word in text for word in _grammar(pack).from_last)


def find_dates(
    text: str,
    ref: date,
    *,
    period: DateRange | None = None,
    previous: DateRange | None = None,
    pack: Pack | None = None,
) -> list[DateMention]:
    """Every date mention in ``text``, resolved against ``ref`` (the report's date).

    ``period`` is the span a summary covers (a heading's 3月8日~14日), which
    過去1週間 means when it is given; ``previous`` is the day the sentences
    before this one spoke of last, which 同日 means until this text names one.
    """
    g = _grammar(pack)
    scan = text.translate(_WIDTH)
    atoms = _atoms(scan, ref, period, g)
    found: list[DateMention] = []
    last_day: DateRange | None = previous
    i = 0
    while i < len(atoms):
        atom = atoms[i]
        nxt = atoms[i + 1] if i + 1 < len(atoms) else None
        joined = nxt is not None and _joins(scan, atom.end, nxt.start, g)
        if joined and nxt is not None:
            if atom.weekday is not None and nxt.weekday is not None:
                # 月曜夜から火曜朝にかけて: the last such pair on or before the report's date.
                second = _resolve(nxt, ref, last_day)
                first = second and DateRange(
                    *[second.start - timedelta(days=(nxt.weekday - atom.weekday) % 7)] * 2
                )
            else:
                first = _resolve(atom, ref, last_day)
                second = _resolve_after(nxt, first, ref, last_day) if first else None
            if first and second and second.end >= first.start:
                end = _close(scan, nxt.end, g)
                found.append(
                    DateMention(
                        atom.start, end, text[atom.start : end], DateRange(first.start, second.end), "period"
                    )
                )
                last_day = None
                i += 2
                continue
        resolved = _resolve(atom, ref, last_day)
        if resolved is None:
            i += 1
            continue
        end = atom.end
        kind = atom.kind
        opened = _open_after(scan, atom.end, g, resolved.start != resolved.end)
        if opened != atom.end and resolved.start <= ref:
            # 2022年2月24日以降, 今年初めから: from that day up to the report's.
            found.append(DateMention(atom.start, opened, text[atom.start : opened], DateRange(resolved.start, ref), "period"))
            last_day = None
            i += 1
            continue
        close = _close(scan, atom.end, g)
        if close != atom.end:
            end = close
            if atom.day is not None and not atom.timed and resolved.start == resolved.end:
                # 11日にかけての深夜: the night that runs into the 11th.
                resolved = DateRange(resolved.start - timedelta(days=1), resolved.end)
                kind = "period"
        found.append(DateMention(atom.start, end, text[atom.start : end], resolved, kind))
        if resolved.start == resolved.end:
            last_day = resolved
        i += 1
    return found


def _after_a_figure(scan: str, m: re.Match[str], g: _Grammar) -> bool:
    """A month or day written right after a figure's year or month unit (99999年6月1日).

    The regex found no year there (it is beyond the calendar, or too long), so
    the month and day must not stand alone as a date of the reference year.
    """
    if m["y"] or m["y2"] or m["ry"] or not (m["m"] or m["d"]) or not scan[m.start()].isdigit():
        return False
    start = m.start()
    for unit in (*g.year_unit, *g.month_unit):
        at = start - len(unit)
        if at > 0 and scan.startswith(unit, at) and scan[at - 1].isdigit():
            return True
    return False


def _atoms(scan: str, ref: date, period: DateRange | None, g: _Grammar) -> list[_Atom]:
    atoms: list[_Atom] = []
    for m in g.regex.finditer(scan):
        if m.end() == m.start() or (atoms and m.start() < atoms[-1].end):
            continue
        if _after_a_figure(scan, m, g):
            continue
        try:
            atom = _atom(m, ref, period, g)
        except (OverflowError, ValueError):  # 過去99999999999時間: beyond the calendar
            atom = None
        if atom is None:
            continue
        end = atom.end
        if atom.day is not None or atom.fixed is not None:
            weekday = g.weekday_re.match(scan, end)  # 6月27日(火), 27日火曜日
            if weekday:
                end = weekday.end()
        timed = False
        for word in g.times:
            if scan.startswith(word, end):
                end += len(word)
                timed = True
                break
        clock = g.clock.match(scan, end)
        if clock is not None and clock.end() > end:
            # 午前4時, この日の0時: the hour belongs to the day's mention.
            end = clock.end()
            timed = True
        if end != atom.end:
            atom = _Atom(**{**atom.__dict__, "end": end, "timed": timed})
        atoms.append(atom)
    return atoms


def _atom(m: re.Match[str], ref: date, period: DateRange | None, g: _Grammar) -> _Atom | None:
    s, e = m.start(), m.end()
    if m["iy"]:
        day = _date(int(m["iy"]), int(m["im"]), int(m["id"]))
        return _Atom(s, e, fixed=DateRange(day, day), kind="absolute") if day else None
    if m["win"]:
        return _Atom(s, e, fixed=_window(int(m["wn"]), g.window_units[m["wu"]], ref, period), kind="period")
    if m["hn"]:
        return _Atom(s, e, fixed=_window(int(m["hn"]), "hours", ref, period), kind="period")
    if m["on"]:
        day = ref + timedelta(days=int(m["on"]) * g.offsets[m["off"]])
        return _Atom(s, e, fixed=DateRange(day, day))
    if m["wk"]:
        return _Atom(s, e, fixed=_week(m["wk"], ref, g))
    if m["rd"]:
        day = ref + timedelta(days=g.days[m["rd"]])
        return _Atom(s, e, fixed=DateRange(day, day))
    if m["same"]:
        return _Atom(s, e, from_last=g.from_last[m["same"]])
    if m["wd"]:
        return _Atom(s, e, weekday=g.weekdays.index(m["wd"]))
    part = g.parts.get(m["part"]) if m["part"] else None
    month = int(m["m"]) if m["m"] else None
    if month is not None and not 1 <= month <= 12:
        return None
    year = int(m["y"]) if m["y"] else (2000 + int(m["y2"]) if m["y2"] else None)
    if m["part"] in g.year_parts and month is None and m["rm"] is None and m["d"] is None:
        # 今年初め, 昨年末: a part of a year, as months.
        if year is None and m["ry"] is None:
            return None
        y = year if year is not None else ref.year + g.years[m["ry"]]
        first, last = g.year_parts[m["part"]]
        return _Atom(s, e, fixed=DateRange(date(y, first, 1), date(y, last, calendar.monthrange(y, last)[1])))
    atom = _Atom(
        s,
        e,
        year=year,
        year_rel=g.years[m["ry"]] if m["ry"] else None,
        month=month,
        month_rel=g.months[m["rm"]] if m["rm"] else None,
        day=int(m["d"]) if m["d"] else None,
        part=(part[0], part[1]) if part else None,
        kind="absolute" if year is not None else "relative",
    )
    if atom.part and atom.month is None and atom.month_rel is None:
        return None  # 末 after a bare year or day: not a part of a month
    if atom.year is not None and not 1900 <= atom.year <= 2100:
        return None
    return atom


def _joins(scan: str, end: int, start: int, g: _Grammar) -> bool:
    return scan[end:start] in g.join


def _open_after(scan: str, end: int, g: _Grammar, span: bool) -> int:
    """Where a word leaving a period open to the report's date (以降, 以来; から after a month
    or a year, not after a day: 8日から始める) ends, else ``end``."""
    for word in g.open_after + (g.open_after_span if span else ()):
        if scan.startswith(word, end) and not g.not_open_before.match(scan, end + len(word)):
            return end + len(word)
    return end


def _close(scan: str, end: int, g: _Grammar) -> int:
    for word in g.close:
        if scan.startswith(word, end):
            return end + len(word)
    return end


def _window(n: int, unit: str, ref: date, period: DateRange | None) -> DateRange:
    """The ``n`` hours, days, weeks, months or years (``unit``) up to the report's date."""
    if unit == "hours":
        return DateRange(ref - timedelta(days=max(1, -(-n // 24))), ref)
    if unit == "days":
        return DateRange(ref - timedelta(days=n), ref)
    if period is not None:
        return period
    if unit == "weeks":
        return DateRange(ref - timedelta(days=7 * n - 1), ref)
    if unit == "years":
        return DateRange(_shift_months(ref, -12 * n) + timedelta(days=1), ref)
    return DateRange(_shift_months(ref, -n) + timedelta(days=1), ref)


def _week(word: str, ref: date, g: _Grammar) -> DateRange:
    monday = ref - timedelta(days=ref.weekday())
    if word in g.weekends:
        saturday = monday + timedelta(days=5 + 7 * g.weekends[word])
    elif word in g.weeks:
        start = monday + timedelta(days=7 * g.weeks[word])
        return DateRange(start, start + timedelta(days=6))
    else:  # last_weekend (週末): the last weekend on or before the report's date
        saturday = ref - timedelta(days=(ref.weekday() - 5) % 7)
    return DateRange(saturday, saturday + timedelta(days=1))


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _resolve(atom: _Atom, ref: date, last_day: DateRange | None) -> DateRange | None:
    if atom.fixed is not None:
        return atom.fixed
    if atom.from_last is not None:
        day = (last_day.end if last_day else ref) + timedelta(days=atom.from_last)
        return DateRange(day, day)
    if atom.weekday is not None:
        day = ref - timedelta(days=(ref.weekday() - atom.weekday) % 7)
        return DateRange(day, day)
    return _resolve_ymd(atom, ref)


def _resolve_ymd(atom: _Atom, ref: date) -> DateRange | None:
    year = atom.year if atom.year is not None else ref.year + (atom.year_rel or 0)
    explicit_year = atom.year is not None or atom.year_rel is not None
    if atom.month_rel is not None:
        first = _shift_months(ref.replace(day=1), atom.month_rel)
        year, month = first.year, first.month
    elif atom.month is not None:
        month = atom.month
    elif atom.day is not None:
        if explicit_year:
            return None  # 2025年4日: not a date
        # A bare day later than the report's day is last month's.
        first = ref.replace(day=1)
        if atom.day > ref.day:
            first = _shift_months(first, -1)
        year, month = first.year, first.month
    else:
        return DateRange(date(year, 1, 1), date(year, 12, 31))
    # A month well after the report's is last year's (6月 in a January post).
    if atom.month is not None and not explicit_year and (date(year, month, 1) - ref).days > 62:
        year -= 1
    last = calendar.monthrange(year, month)[1]
    if atom.day is not None:
        day = _date(year, month, atom.day)
        return DateRange(day, day) if day else None
    if atom.part:
        return DateRange(date(year, month, atom.part[0]), date(year, month, min(atom.part[1], last)))
    return DateRange(date(year, month, 1), date(year, month, last))


def _resolve_after(atom: _Atom, first: DateRange, ref: date, last_day: DateRange | None) -> DateRange | None:
    """The end of "A から B": B's missing year and month come from A, not the report."""
    base = first.start
    if atom.fixed is not None or atom.from_last is not None or atom.year is not None or atom.year_rel is not None:
        return _resolve(atom, ref, last_day)
    if atom.month_rel is not None:
        return _resolve_ymd(atom, ref)
    if atom.month is None and atom.day is not None:
        day = _date(base.year, base.month, atom.day)
        if day is None or day < base:
            nxt = _shift_months(base.replace(day=1), 1)
            day = _date(nxt.year, nxt.month, atom.day)
        return DateRange(day, day) if day else None
    if atom.month is not None:
        resolved = _resolve_ymd(_Atom(**{**atom.__dict__, "year": base.year}), ref)
        if resolved and resolved.end < base:
            resolved = _resolve_ymd(_Atom(**{**atom.__dict__, "year": base.year + 1}), ref)
        return resolved
    return _resolve(atom, ref, last_day)
