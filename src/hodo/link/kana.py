"""Spelling keys for katakana names: variant folding and a phonetic skeleton.

Japanese media spell one foreign name many ways (ラブロフ/ラヴロフ,
ゼレンスキー/ゼレンスキイ, イェルマク/イェルマーク). ``variant_key`` folds
such spellings onto one key. ``skeleton`` goes further, to the consonants of a
name with the sounds that transliteration confuses merged, so that katakana
can be compared with Cyrillic or Latin spellings (コンドラトフカ and
Кондратівка both give ``kndrtbk``). What the names' own languages confuse
(the Slavic sh/ch families, Ukrainian -ів written イウ) is the pack's
:class:`Folds`; the katakana table is a fact of Japanese and stays here.

The katakana table is our own rather than pykakasi's: pykakasi splits ドゥ,
ティ, フォ into two syllables (レドコドゥブ → redokodoubu), which breaks
matching against Slavic names, and its dictionaries take a while to load.
Cyrillic goes through anyascii, whose output the skeleton folds anyway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from anyascii import anyascii

from hodo.packs import Pack
from hodo.packs.views import pack_field, view

# Two-character combinations first: they win over the single kana.
_COMBOS = {
    "キャ": "kya", "キュ": "kyu", "キョ": "kyo", "ギャ": "gya", "ギュ": "gyu", "ギョ": "gyo",
    "シャ": "sha", "シュ": "shu", "ショ": "sho", "シェ": "she", "ジャ": "ja", "ジュ": "ju", "ジョ": "jo",
    "ジェ": "je", "チャ": "cha", "チュ": "chu", "チョ": "cho", "チェ": "che", "ニャ": "nya", "ニュ": "nyu",
    "ニョ": "nyo", "ヒャ": "hya", "ヒュ": "hyu", "ヒョ": "hyo", "ビャ": "bya", "ビュ": "byu", "ビョ": "byo",
    "ピャ": "pya", "ピュ": "pyu", "ピョ": "pyo", "ミャ": "mya", "ミュ": "myu", "ミョ": "myo", "リャ": "rya",
    "リュ": "ryu", "リョ": "ryo", "ティ": "ti", "ディ": "di", "トゥ": "tu", "ドゥ": "du", "テュ": "tyu",
    "デュ": "dyu", "ファ": "fa", "フィ": "fi", "フェ": "fe", "フォ": "fo", "フュ": "fyu", "ウィ": "wi",
    "ウェ": "we", "ウォ": "wo", "ヴァ": "va", "ヴィ": "vi", "ヴェ": "ve", "ヴォ": "vo", "ヴュ": "vyu",
    "ツァ": "tsa", "ツィ": "tsi", "ツェ": "tse", "ツォ": "tso", "イェ": "ye", "スィ": "si", "ズィ": "zi",
    "クァ": "kwa", "グァ": "gwa", "クォ": "kwo",
}
_SINGLE = dict(
    zip(
        "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
        "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴァィゥェォャュョヮヰヱ",
        ["a", "i", "u", "e", "o", "ka", "ki", "ku", "ke", "ko", "sa", "shi", "su", "se", "so", "ta", "chi", "tsu", "te", "to", "na", "ni", "nu", "ne", "no", "ha", "hi", "fu", "he", "ho", "ma", "mi", "mu", "me", "mo", "ya", "yu", "yo", "ra", "ri", "ru", "re", "ro", "wa", "o", "n", "ga", "gi", "gu", "ge", "go", "za", "ji", "zu", "ze", "zo", "da", "ji", "zu", "de", "do", "ba", "bi", "bu", "be", "bo", "pa", "pi", "pu", "pe", "po", "vu", "a", "i", "u", "e", "o", "ya", "yu", "yo", "wa", "i", "e"],
        strict=True,
    )
)

# Marks that carry no sound of their own: ッ (doubling), ー (length), and separators.
_SILENT = "ッー・=＝ 　"
_SEPARATORS = str.maketrans("", "", "・=＝ 　ー-")

_KATAKANA = re.compile(r"[\u30a1-\u30fa]")
_VOWEL_RUNS = re.compile(r"([aeiou])\1+")


def has_katakana(text: str) -> bool:
    return _KATAKANA.search(text) is not None


def romanize(text: str) -> str:
    """Katakana to Latin letters; ッ doubles nothing (keys drop doubling anyway)."""
    out: list[str] = []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair in _COMBOS:
            out.append(_COMBOS[pair])
            i += 2
            continue
        ch = text[i]
        if ch in _SINGLE:
            out.append(_SINGLE[ch])
        elif ch not in _SILENT:
            out.append(ch.lower())
        i += 1
    return "".join(out)


@dataclass(frozen=True)
class Folds:
    """How a pack's names fold across scripts (actors.toml ``[transliteration]``).

    Which spellings count as one is a fact of the languages the names come
    from (Ukrainian -ськ written シク or スク), so it is the pack's, not this module's.
    """

    variant_rewrites: tuple[tuple[re.Pattern[str], str], ...] = pack_field("actors:transliteration.variant_rewrites")
    kana_rewrites: tuple[tuple[re.Pattern[str], str], ...] = pack_field("actors:transliteration.kana_rewrites")
    skeleton_folds: tuple[tuple[str, str], ...] = pack_field("actors:transliteration.skeleton_folds")


# A pack without [transliteration]: kana variants fold, nothing else does.
NO_FOLDS = Folds((), (), ())


def folds_for(pack: Pack) -> Folds:
    return view(pack, Folds)


def variant_key(text: str, folds: Folds) -> str:
    """Fold katakana spelling variants: long vowels, ッ, ヴ/ブ, small kana, ・, and the pack's rewrites.

    ゼレンスキー, ゼレンスキイ and ゼレンスキ share a key; so do ラヴロフ and
    ラブロフ, イェルマーク and エルマク, ウォルツ and ウオルツ (and, with the
    Russia–Ukraine pack's rewrites, ポクロウシク and ポクロウスク).
    """
    latin = romanize(text.translate(_SEPARATORS))
    for pattern, new in folds.variant_rewrites:
        latin = pattern.sub(new, latin)
    latin = latin.replace("v", "b").replace("w", "u").replace("ye", "e").replace("ie", "e")
    latin = latin.replace("ei", "e").replace("ou", "o")
    return _VOWEL_RUNS.sub(r"\1", latin)


_NON_LETTERS = re.compile(r"[^a-z]")
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLES = re.compile(r"(.)\1+")


def _folded_latin(name: str, folds: Folds) -> str:
    if has_katakana(name):
        latin = romanize(name)
        for pattern, new in folds.kana_rewrites:
            latin = pattern.sub(new, latin)
    else:
        latin = anyascii(name).lower()
    latin = _NON_LETTERS.sub("", latin)
    for old, new in folds.skeleton_folds:
        latin = latin.replace(old, new)
    return latin


def skeleton(name: str, folds: Folds) -> str:
    """The consonant skeleton of a name in katakana, Cyrillic or Latin script.

    Folds what transliteration confuses (the pack's folds: v/w/b/f, h/g/kh,
    l/r, the sh and ch families), drops vowels (which also drops the vowels
    Japanese adds after consonants: ku → k, to → t, fu → f) and doubled letters.
    """
    return _DOUBLES.sub(r"\1", _VOWELS.sub("", _folded_latin(name, folds)))


def vowel_key(name: str, folds: Folds) -> str:
    """A softer key than the skeleton: vowels kept but o/i/y/u merged, for ranking."""
    latin = re.sub(r"[iouy]", "o", _folded_latin(name, folds))
    return _DOUBLES.sub(r"\1", latin)
