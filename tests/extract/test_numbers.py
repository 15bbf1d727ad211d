"""find_quantities: number forms, bounds, hedges, counters and what is left out."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hodo.extract.numbers import find_quantities, parse_number


def one(text: str):
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


def values(text: str) -> list[float]:
    return [q.value for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("兵士1470人が死亡", 1470),
        ("兵士1,470人が死亡", 1470),
        ("兵士１４７０人が死亡", 1470),
        ("兵士１，４７０人が死亡", 1470),
        ("総勢6万3000人の部隊", 63000),
        ("ワグネルに860億ルーブルを支払った", 86_000_000_000),
        ("3億2000万ユーロの支援", 320_000_000),
        ("一千人が避難", 1000),
        ("三十機が飛来", 30),
        ("一千二百人が参加", 1200),
        ("戦死者1千名", 1000),
        ("1万2000ドルの罰金", 12000),
        ("5000万ドルを拠出", 50_000_000),
        ("兵力は100万人", 1_000_000),
        ("約69万5000人を契約兵にする", 695000),
    ],
)
def test_number_forms(text: str, value: float) -> None:
    assert one(text).value == value


def test_exact_number_sets_both_bounds() -> None:
    q = one("無人機103機で攻撃")
    assert (q.value, q.min, q.max, q.approx, q.unit, q.item, q.kind) == (
        103,
        103,
        103,
        False,
        "機",
        "drones",
        "count",
    )
    assert q.text == "103機"


def test_offsets_point_into_the_text() -> None:
    text = "ロシア軍は昨夜、ドローン１０９発を撃墜した"
    q = one(text)
    assert text[q.start : q.end] == q.text == "１０９発"


@pytest.mark.parametrize(
    ("text", "value", "low", "high"),
    [
        ("二十数人が負傷", 21, 21, 29),
        ("十数人が死亡", 11, 11, 19),
        ("数百人が避難", 100, 100, 900),
        ("数千発の砲弾", 1000, 1000, 9000),
        ("数人が拘束", 2, 2, 9),
    ],
)
def test_vague_numbers_are_approximate_ranges(text: str, value: float, low: float, high: float) -> None:
    q = one(text)
    assert (q.value, q.min, q.max, q.approx) == (value, low, high, True)


def test_written_range_sets_both_bounds() -> None:
    q = one("20~30人が死亡")
    assert (q.value, q.min, q.max) == (20, 20, 30)


@pytest.mark.parametrize(
    "text",
    [
        "1470人以上の兵士",
        "1000人超が死亡",
        "1000人を超えた",
        "1000人を超える市民",
        "1000人超える",
        "少なくとも1000人が負傷",
        "1000人余りが避難",
        "1000人以上にのぼる",
    ],
)
def test_lower_bounds(text: str) -> None:
    q = one(text)
    assert (q.value, q.min, q.max) == (q.value, q.value, None)


@pytest.mark.parametrize(
    "text", ["最大1000人を動員", "1000人まで", "1000人未満", "1000人以下", "最高1000人", "最大で1000人"]
)
def test_upper_bounds(text: str) -> None:
    q = one(text)
    assert (q.value, q.min, q.max) == (1000, None, 1000)


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("損失は最大で兵士1000人", (None, 1000)),
        ("少なくとも住民1000人が避難", (1000, None)),
        # Prefixes do not float, and a phrase between them is no counted noun.
        ("最大都市の1000人", (1000, 1000)),
        ("約束した1000人", (1000, 1000)),
        ("最大で前線の兵士1000人", (1000, 1000)),
    ],
)
def test_an_adverbial_bound_may_stand_before_the_counted_noun(text: str, bounds: tuple) -> None:
    q = one(text)
    assert (q.min, q.max) == bounds


@pytest.mark.parametrize(
    "text", ["約10機を破壊", "およそ10機", "10機近く", "10機ほど", "10機程度", "10機前後"]
)
def test_hedges_set_approx_and_leave_bounds_open(text: str) -> None:
    q = one(text)
    assert (q.value, q.min, q.max, q.approx) == (10, None, None, True)


def test_hedge_with_a_bound_keeps_the_bound() -> None:
    q = one("最大約500人")
    assert (q.min, q.max, q.approx) == (None, 500, True)
    assert q.text == "最大約500人"


@pytest.mark.parametrize(
    ("text", "value", "unit", "item", "kind"),
    [
        ("電話会談は1時間15分に及んだ", 75, "分", "minutes", "duration"),
        ("協議は8時間に及んだ", 8, "時間", "hours", "duration"),
        ("1時間半にわたって", 90, "分", "minutes", "duration"),
        ("30日間の停戦", 30, "日間", "days", "duration"),
        ("2週間後に", 2, "週間", "weeks", "duration"),
        ("100平方キロメートルの土地", 100, "平方キロメートル", "square kilometres", "area"),
        ("130平方キロを奪取", 130, "平方キロ", "square kilometres", "area"),
        ("前線から4300キロ離れた", 4300, "キロ", "kilometres", "distance"),
        ("支持率は12.5%に", 12.5, "%", "percent", "percent"),
        ("支持率は１２．５％に", 12.5, "%", "percent", "percent"),
        ("約50億ユーロが拠出", 5_000_000_000, "ユーロ", "euros", "money"),
        ("50か国が参加", 50, "か国", "countries", "count"),
        ("住宅地2か所が被害", 2, "か所", "residential areas", "count"),
        ("集合住宅4棟が損傷", 4, "棟", "buildings", "count"),
    ],
)
def test_units_and_kinds(text: str, value: float, unit: str, item: str, kind: str) -> None:
    q = one(text)
    assert (q.value, q.unit, q.item, q.kind) == (value, unit, item, kind)


def test_reporting_window_is_a_period_not_a_value() -> None:
    window, losses = find_quantities("過去24時間に兵士1200人を失った")
    assert (window.value, window.kind) == (24, "period")
    assert losses.kind == "count"


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("2回目の直接協議", 2, "回目"),
        ("制裁の第3弾", 3, "弾"),
        ("第2回の会合", 2, "回"),
        ("3度目の会談", 3, "度目"),
        ("今回が4回目です", 4, "回目"),
    ],
)
def test_ordinals_are_flagged(text: str, value: float, unit: str) -> None:
    q = one(text)
    assert (q.value, q.unit, q.kind) == (value, unit, "ordinal")


@pytest.mark.parametrize(
    "text",
    [
        "6月24日に会談した",
        "2025年に就任した",
        "4日に発表した",
        "午前11時に電話した",
        "17時に到着",
        "11時30分に開始",
        "教皇は69歳で",
        "新教皇レオ14世と会談",
        "S-400を配備",
        "Kh-101で攻撃",
        "KN-23を発射",
        "F-16を供与",
        "G7の首脳",
        "第267代の教皇",
        "2・26事件",
        "西部2州を訪問",
        "東部2州の併合",
        "2階建ての住宅",
        "3トン爆弾を投下",
        "2国間の協議",
        "十分な支援",
        "約3分の1",
        "多数の死傷者",
        "複数人が拘束",
    ],
)
def test_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_age_is_not_a_value_but_the_count_is() -> None:
    assert values("1歳の赤ちゃんを含む5人が死亡") == [5]


def test_currency_conversion_in_brackets_is_left_out() -> None:
    assert values("50億ルーブル(日本円で約90億円)を支払った") == [5_000_000_000]
    assert values("10億ドル(約1450億円)の支援") == [1_000_000_000]


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("兵士1470人を失った", "soldiers"),
        ("1470人以上の兵士を失った", "soldiers"),
        ("戦闘員500人が死亡", "soldiers"),
        ("民間人12人が死亡", "civilians"),
        ("子ども4人がけが", "children"),
        ("388人の乗客を乗せた列車", "passengers"),
        ("捕虜300人を解放", "prisoners of war"),
        ("捕虜交換で150人が帰還", "prisoners"),
        ("ドローン40機を撃墜", "drones"),
        ("無人機が40機飛来", "drones"),
        ("40機の爆撃機", "aircraft"),
        ("ヘリ3機を撃墜", "helicopters"),
        ("弾道ミサイル2発を発射", "ballistic missiles"),
        ("巡航ミサイル5発", "cruise missiles"),
        ("ハイマースのロケット弾6発を撃墜", "HIMARS rockets"),
        ("ロケット弾6発が着弾", "rockets"),
        ("誘導爆弾3発", "guided bombs"),
        ("ドローン109発を撃墜", "drones"),
        ("戦車8両を破壊", "tanks"),
        ("装甲車5両", "armored vehicles"),
        ("大砲12門", "guns"),
        ("艦艇3隻", "ships"),
        ("12村を解放", "settlements"),
        ("4つの州からの撤退", "provinces"),
        ("5つの飛行場が攻撃を受けた", "airfields"),
        ("12の集落を奪還", "settlements"),
        ("15の学校が被害を受けた", "schools"),
        ("3の病院が損壊", "hospitals"),
    ],
)
def test_counter_items(text: str, item: str) -> None:
    assert one(text).item == item


def test_subcount_does_not_lend_its_item_to_the_total() -> None:
    sub, total = find_quantities("子ども4人を含む18人がけがをした")
    assert (sub.value, sub.item) == (4, "children")
    assert (total.value, total.item) == (18, "people")


def test_several_quantities_in_order() -> None:
    text = "ロシア軍は無人機103機と弾道ミサイル1発で攻撃し、3人が死亡した"
    assert [(q.value, q.item) for q in find_quantities(text)] == [
        (103, "drones"),
        (1, "ballistic missiles"),
        (3, "people"),
    ]


# ---- property tests: numbers written the ways Japanese news writes them --------

_KANJI_DIGITS = "〇一二三四五六七八九"


def _kanji_small(n: int) -> str:
    """1..9999 in kanji: 一千二百三十四, with 一 dropped before 十 and 百 as usual."""
    out = ""
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        digit, n = divmod(n, unit_value)
        if digit:
            out += ("" if digit == 1 and unit != "千" else _KANJI_DIGITS[digit]) + unit
    return out + (_KANJI_DIGITS[n] if n else "")


def _grouped(n: int, small) -> str:
    """6万3000, 3億2000万: 万/億/兆 between groups of four digits."""
    out = ""
    for unit_value, unit in ((10**12, "兆"), (10**8, "億"), (10**4, "万")):
        group, n = divmod(n, unit_value)
        if group:
            out += small(group) + unit
    return out + (small(n) if n else "")


def _full_width(s: str) -> str:
    return s.translate(str.maketrans("0123456789,", "０１２３４５６７８９，"))


_RENDERINGS = [
    str,
    lambda n: f"{n:,}",
    lambda n: _full_width(str(n)),
    lambda n: _full_width(f"{n:,}"),
    lambda n: _grouped(n, str),
    lambda n: _grouped(n, _kanji_small),
]


@given(st.integers(min_value=1, max_value=10**15 - 1), st.sampled_from(range(len(_RENDERINGS))))
def test_rendered_numbers_parse_back(n: int, how: int) -> None:
    written = _RENDERINGS[how](n)
    q = one(f"ロシア軍は{written}人の兵士を失った")
    assert q.value == n
    assert (q.min, q.max, q.approx) == (n, n, False)


@given(st.integers(min_value=1, max_value=9999))
def test_kanji_numbers_parse_back(n: int) -> None:
    assert parse_number(_kanji_small(n)) == (n, n)


@given(st.integers(min_value=0, max_value=10**6), st.sampled_from(["人", "機", "発", "ドル"]))
def test_hedges_never_change_the_value(n: int, unit: str) -> None:
    for text in (f"約{n}{unit}", f"{n}{unit}以上", f"最大{n}{unit}"):
        assert one(text).value == n


def test_the_counters_special_cases_are_the_packs(make_pack) -> None:
    from hodo.packs import load_pack

    counters = '[ordinal]\nbefore = ["No."]\n[range]\njoin = ["ないし"]\n[unit."時間"]\nnot_before = ["帯"]\n'
    pack = load_pack(str(make_pack("more_counters", {"counters.toml": counters}, extends="ja_news")))
    [ordinal] = find_quantities("制裁のNo.4弾", pack=pack)
    assert (ordinal.value, ordinal.kind, ordinal.text) == (4, "ordinal", "No.4弾")
    [ranged] = find_quantities("兵士20ないし30人", pack=pack)
    assert (ranged.min, ranged.max) == (20, 30)
    assert find_quantities("3時間帯", pack=pack) == [] and len(find_quantities("3時間帯")) == 1
    assert find_quantities("制裁のNo.4弾") == []
