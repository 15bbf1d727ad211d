"""find_dates and find_date_anchors: every form, resolved against the report's date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hodo.extract.dates import find_date_anchors, find_dates
from hodo.models import DateRange

JUNE_4 = date(2025, 6, 4)  # a Wednesday


def one(text: str, ref: date = JUNE_4, **kwargs):
    found = find_dates(text, ref, **kwargs)
    assert len(found) == 1, found
    return found[0]


def span(text: str, ref: date = JUNE_4, **kwargs) -> tuple[str, str]:
    mention = one(text, ref, **kwargs)
    return mention.range.start.isoformat(), mention.range.end.isoformat()


@pytest.mark.parametrize(
    ("text", "ref", "start", "end"),
    [
        ("大統領は4日、会談した", JUNE_4, "2025-06-04", "2025-06-04"),
        ("31日に攻撃があった", date(2025, 6, 3), "2025-05-31", "2025-05-31"),
        ("15日に攻撃があった", date(2025, 1, 3), "2024-12-15", "2024-12-15"),
        ("6月24日に電話した", JUNE_4, "2025-06-24", "2025-06-24"),
        ("12月25日に演説した", date(2025, 1, 10), "2024-12-25", "2024-12-25"),
        ("2025年6月4日に発表", date(2025, 7, 1), "2025-06-04", "2025-06-04"),
        ("先月31日に爆破された", JUNE_4, "2025-05-31", "2025-05-31"),
        ("先月20日に合意", date(2025, 1, 5), "2024-12-20", "2024-12-20"),
        ("今月2日に協議", JUNE_4, "2025-06-02", "2025-06-02"),
        ("来月に予定", JUNE_4, "2025-07-01", "2025-07-31"),
        ("来月に予定", date(2025, 12, 5), "2026-01-01", "2026-01-31"),
        ("4日夜に攻撃", JUNE_4, "2025-06-04", "2025-06-04"),
        ("4日午後に電話", JUNE_4, "2025-06-04", "2025-06-04"),
        ("5日未明にかけて攻撃", date(2025, 6, 5), "2025-06-05", "2025-06-05"),
        ("昨年8月に始まった", JUNE_4, "2024-08-01", "2024-08-31"),
        ("今年3月5日に", JUNE_4, "2025-03-05", "2025-03-05"),
        ("今年３月５日に", JUNE_4, "2025-03-05", "2025-03-05"),
        ("3月に始まった", JUNE_4, "2025-03-01", "2025-03-31"),
        ("11月に始まった", date(2025, 2, 1), "2024-11-01", "2024-11-30"),
        ("5月上旬に", JUNE_4, "2025-05-01", "2025-05-10"),
        ("5月中旬に", JUNE_4, "2025-05-11", "2025-05-20"),
        ("2月下旬に", JUNE_4, "2025-02-21", "2025-02-28"),
        ("2024年2月下旬に", JUNE_4, "2024-02-21", "2024-02-29"),
        ("2024年12月に", JUNE_4, "2024-12-01", "2024-12-31"),
        ("2日前、ミンスクで", date(2022, 12, 21), "2022-12-19", "2022-12-19"),
    ],
)
def test_days_and_months(text: str, ref: date, start: str, end: str) -> None:
    assert span(text, ref) == (start, end)


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("きょう", 0),
        ("今日", 0),
        ("本日", 0),
        ("今朝", 0),
        ("昨日", -1),
        ("きのう", -1),
        ("昨夜", -1),
        ("おととい", -2),
        ("あす", 1),
    ],
)
def test_relative_day_words(text: str, offset: int) -> None:
    day = JUNE_4 + timedelta(days=offset)
    mention = one(f"{text}、攻撃があった")
    assert (mention.range, mention.kind) == (DateRange(day, day), "relative")


def test_relative_day_words_cross_a_year() -> None:
    assert span("昨日、発表した", date(2025, 1, 1)) == ("2024-12-31", "2024-12-31")


@pytest.mark.parametrize(
    ("text", "ref", "start", "end"),
    [
        ("先月31日から今月1日にかけて橋が破壊され", JUNE_4, "2025-05-31", "2025-06-01"),
        ("今月7日から9日に交換を始める", JUNE_4, "2025-06-07", "2025-06-09"),
        ("7日から9日にかけて", date(2025, 6, 10), "2025-06-07", "2025-06-09"),
        ("2日から3日", JUNE_4, "2025-06-02", "2025-06-03"),
        ("30日から2日にかけて", JUNE_4, "2025-05-30", "2025-06-02"),
        ("3月8日~14日の概要", date(2025, 3, 15), "2025-03-08", "2025-03-14"),
        ("12月30日から1月2日まで", date(2025, 1, 5), "2024-12-30", "2025-01-02"),
        ("4日夜から5日朝にかけて", date(2025, 6, 5), "2025-06-04", "2025-06-05"),
        ("月曜夜から火曜朝にかけて", JUNE_4, "2025-06-02", "2025-06-03"),
        ("日曜夜から月曜朝にかけて", date(2025, 6, 2), "2025-06-01", "2025-06-02"),
        ("11日にかけての深夜", date(2025, 3, 11), "2025-03-10", "2025-03-11"),
    ],
)
def test_periods(text: str, ref: date, start: str, end: str) -> None:
    mention = one(text, ref)
    assert (mention.range.start.isoformat(), mention.range.end.isoformat(), mention.kind) == (
        start,
        end,
        "period",
    )


@pytest.mark.parametrize(
    ("text", "ref", "start", "end"),
    [
        ("週末に攻撃した", JUNE_4, "2025-05-31", "2025-06-01"),
        ("週末に攻撃した", date(2025, 6, 1), "2025-05-31", "2025-06-01"),
        ("今週末にも交換", JUNE_4, "2025-06-07", "2025-06-08"),
        ("先週に発表", JUNE_4, "2025-05-26", "2025-06-01"),
        ("今週に発表", JUNE_4, "2025-06-02", "2025-06-08"),
        ("月曜に会談", JUNE_4, "2025-06-02", "2025-06-02"),
        ("水曜日に会談", JUNE_4, "2025-06-04", "2025-06-04"),
    ],
)
def test_weeks_and_weekdays(text: str, ref: date, start: str, end: str) -> None:
    assert span(text, ref) == (start, end)


def test_reporting_windows() -> None:
    assert span("過去24時間に1470人を失った") == ("2025-06-03", "2025-06-04")
    assert span("この24時間で") == ("2025-06-03", "2025-06-04")
    assert span("過去1週間に") == ("2025-05-29", "2025-06-04")
    assert span("過去1週で") == ("2025-05-29", "2025-06-04")
    assert span("過去1カ月で") == ("2025-05-05", "2025-06-04")
    heading = DateRange(date(2025, 3, 8), date(2025, 3, 14))
    assert one("過去1週間に", date(2025, 3, 14), period=heading).range == heading
    assert one("過去24時間で").kind == "period"


def test_same_day_refers_to_the_last_day_mentioned() -> None:
    found = find_dates("2日に協議があった。同日、合意した", JUNE_4)
    assert [m.range.start.isoformat() for m in found] == ["2025-06-02", "2025-06-02"]
    assert span("この日、会談した") == ("2025-06-04", "2025-06-04")
    found = find_dates("2日に協議し、翌日に合意した。前日には会談した", JUNE_4)
    assert [m.range.start.isoformat() for m in found] == ["2025-06-02", "2025-06-03", "2025-06-02"]
    # A day named in an earlier sentence, until this one names its own.
    before = DateRange(date(2025, 6, 2), date(2025, 6, 2))
    found = find_dates("同日夜から3日未明にかけて攻撃した", JUNE_4, previous=before)
    assert [(m.range.start.isoformat(), m.range.end.isoformat()) for m in found] == [("2025-06-02", "2025-06-03")]


@pytest.mark.parametrize(
    "text",
    [
        "教皇は69歳で",
        "30日間の停戦",
        "1日で130平方キロを奪取",
        "3日ぶりに",
        "2日目の協議",
        "第2回の会合",
        "1時間15分に及んだ",
        "2月30日に",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, JUNE_4) == []


def test_time_of_day_is_part_of_the_day_only() -> None:
    # The hour stays in the mention, so "午前4時から…0時まで" still joins into one period.
    mention = one("6月24日午前11時に電話した")
    assert mention.text == "6月24日午前11時"
    assert mention.range == DateRange(date(2025, 6, 24), date(2025, 6, 24))


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2022年2月24日以降の損失", date(2022, 2, 24), JUNE_4),
        ("今年初めから兵士を失った", date(2025, 1, 1), JUNE_4),
        ("22年2月以降では最大", date(2022, 2, 1), JUNE_4),
        ("先月24日午前4時から昨日の0時まで", date(2025, 5, 24), date(2025, 6, 3)),
        ("昨年末に", date(2024, 12, 1), date(2024, 12, 31)),
    ],
)
def test_open_periods_years_and_hours(text: str, start: date, end: date) -> None:
    assert one(text).range == DateRange(start, end)


def test_a_day_followed_by_kara_starts_nothing_open() -> None:
    # (a day after the report's day is last month's)
    assert one("8日から協議を始める").range == DateRange(date(2025, 5, 8), date(2025, 5, 8))


def test_offsets_point_into_the_text() -> None:
    text = "ウクライナ当局は１１日、発表した"
    mention = one(text, date(2025, 3, 12))
    assert text[mention.start : mention.end] == mention.text == "１１日"
    assert mention.range.start == date(2025, 3, 11)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("#ロシア(250605)", date(2025, 6, 5)),
        ("#ウクライナ(250605)", date(2025, 6, 5)),
        ("更新 2025年6月4日", date(2025, 6, 4)),
        ("2025/6/4 投稿", date(2025, 6, 4)),
        ("2025-06-04", date(2025, 6, 4)),
        ("Posted by b on December 21, 2022 at 13:25 UTC", date(2022, 12, 21)),
        ("June 4, 2025", date(2025, 6, 4)),
        ("4 June 2025", date(2025, 6, 4)),
        ("2023年6月27日火曜日", date(2023, 6, 27)),
        ("2023年6月27日(火)", date(2023, 6, 27)),
    ],
)
def test_anchors(text: str, day: date) -> None:
    anchors = find_date_anchors(text)
    assert [a[2] for a in anchors] == [day]
    start, end, _ = anchors[0]
    assert text[start:end].strip()


def test_anchor_spans_include_the_weekday() -> None:
    text = "2023年6月27日火曜日の記事"
    assert find_date_anchors(text) == [(0, 13, date(2023, 6, 27))]


def test_no_anchor_without_a_full_date() -> None:
    assert find_date_anchors("6月4日に会談した。2025年の目標") == []
    assert find_date_anchors("2025年2月30日") == []


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_full_dates_round_trip(day: date) -> None:
    assert [a[2] for a in find_date_anchors(f"{day.year}年{day.month}月{day.day}日")] == [day]
    mention = one(f"{day.year}年{day.month}月{day.day}日に発表", JUNE_4)
    assert mention.range == DateRange(day, day)


@given(
    st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31)), st.integers(min_value=1, max_value=31)
)
def test_bare_day_is_never_after_the_report(ref: date, day: int) -> None:
    for mention in find_dates(f"{day}日に攻撃", ref):
        assert mention.range.start <= ref
        assert mention.range.start.day == day
        assert (ref - mention.range.start).days < 62


def test_the_date_words_are_the_packs(make_pack) -> None:
    from hodo.packs import load_pack

    words = 'last_weekend = ["ウイークエンド"]\n[window_unit]\n"昼夜" = "days"\n'
    pack = load_pack(str(make_pack("more_dates", {"dates.toml": words}, extends="ja_news")))
    assert not find_dates("ウイークエンドに攻撃した", JUNE_4)
    assert span("ウイークエンドに攻撃した", pack=pack) == ("2025-05-31", "2025-06-01")
    assert span("過去3昼夜で", pack=pack) == ("2025-06-01", "2025-06-04")
    # The words of the pack it extends stay.
    assert span("週末に攻撃した", pack=pack) == ("2025-05-31", "2025-06-01")
