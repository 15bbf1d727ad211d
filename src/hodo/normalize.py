"""Normalize decoded text for the later stages, remembering where each character came from.

What changes: per-character NFKC (full-width digits and Latin letters to ASCII,
half-width katakana to full-width, a half-width kana and its sound mark become
one character), CRLF and CR to LF, odd spaces (NBSP, U+3000, thin spaces, tabs)
to an ASCII space, zero-width characters and soft hyphens dropped, the wave
dash and full-width tilde to ``~``, the minus sign to ``-``. Japanese
punctuation (、。「」【】) is left as it is.

NFKC is not applied where it would damage meaning for the extractors: ① would
become a bare digit glued to the next word, km² would read as "km2", … would
become three full stops, ℹ (an emoji base) a letter "i", and ゛ a space plus a
combining mark. Those characters are kept as written.

Why hand-written rather than one ``unicodedata.normalize`` call: the later
stages report spans in the original text, so every output character must carry
the offset of the original character it came from. Speed comes from copying
runs of characters that need no work (ASCII, kana, kanji, Japanese
punctuation) wholesale; only the rare other characters are looked at one by one.
The offsets are kept as runs (most of a text maps one to one, so a run is a
start and an origin), not one number per character: a long document's map
costs next to nothing.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from typing import overload

from hodo.models import NormalizedText

__all__ = ["OffsetMap", "normalize"]

_SPACE = " "


class OffsetMap(Sequence[int]):
    """``offsets[i]``: where output character i came from, stored as runs that climb by one."""

    __slots__ = ("_length", "_origins", "_starts")

    def __init__(self) -> None:
        self._starts = array("q")
        self._origins = array("q")
        self._length = 0

    def run(self, origin: int, count: int) -> None:
        """The next ``count`` characters come from ``origin``, ``origin + 1``, …"""
        if count <= 0:
            return
        starts, origins = self._starts, self._origins
        if not starts or origins[-1] + (self._length - starts[-1]) != origin:
            starts.append(self._length)
            origins.append(origin)
        self._length += count

    def same(self, origin: int, count: int) -> None:
        """The next ``count`` characters all come from ``origin`` (one character became several)."""
        for _ in range(count):
            self._starts.append(self._length)
            self._origins.append(origin)
            self._length += 1

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> list[int]: ...

    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("offset index out of range")
        k = bisect_right(self._starts, index) - 1
        return self._origins[k] + (index - self._starts[k])

# Characters NFKC would rewrite that we keep as written (see the module docstring).
# ² ³ ¹ ¼ ½ ¾ are the Latin-1 superscripts and fractions.
_KEEP = frozenset("…‥ℹ゛゜\u00b2\u00b3\u00b9\u00bc\u00bd\u00be")
_KEEP_RANGES = (
    (0x2070, 0x209F),  # superscripts and subscripts
    (0x2150, 0x218F),  # number forms: ⅓, Ⅷ
    (0x2460, 0x24FF),  # enclosed alphanumerics: ①, ⑴, ⒈, Ⓐ
    (0x2776, 0x2793),  # dingbat circled digits: ❶
    (0x3251, 0x325F),  # circled numbers 21-35
    (0x32B1, 0x32BF),  # circled numbers 36-50
)

_FOLD = {
    "\r": "\n",
    "\x0b": "\n",
    "\x0c": "\n",
    "\x85": "\n",
    "\u2028": "\n",
    "\u2029": "\n",
    "\t": _SPACE,
    "\u301c": "~",  # wave dash
    "\uff5e": "~",  # full-width tilde
    "\u2212": "-",  # minus sign: what Shift_JIS decoders give for the byte CP932 decodes to －
    # Zero-width characters and the soft hyphen: invisible, and they split words.
    "\u00ad": "",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
}

# Sound marks that NFKC composes with the character before them.
_HALFWIDTH_MARKS = "\uff9e\uff9f"
_STANDALONE_MARKS = {"\uff9e": "\u309b", "\uff9f": "\u309c"}

# Runs of characters that normalize to themselves and never combine with the
# character before them. A test checks every character in this set.
_SAFE_CLASS = (
    "\n\x20-\x7e"
    "\u3001-\u3003\u3005-\u301b\u301d-\u301f"  # Japanese punctuation, not U+3000 or U+301C
    "\u3041-\u3096\u309d\u309e"  # hiragana
    "\u30a1-\u30fe"  # katakana
    "\u3400-\u4dbf\u4e00-\u9fff"  # kanji
    "\u2010\u2013-\u2015\u2018-\u2022\u2025\u2026\u203b"  # dashes, quotes, …, ※
    "\u00d7\u00f7"
)
_MARK_CLASS = "\u0300-\u036f\u3099\u309a" + _HALFWIDTH_MARKS
# A safe character is pulled into the slow path when a combining mark follows it.
# CRLF is matched whole so that its one LF maps to the CR and the span covers both.
_UNSAFE_RUN = re.compile(f"(?:[{_SAFE_CLASS}](?=[{_MARK_CLASS}]))?(?:\r\n|[^{_SAFE_CLASS}])+")


def normalize(text: str) -> NormalizedText:
    """Normalize ``text``; ``offsets[i]`` is the index in ``text`` of output character i."""
    pieces: list[str] = []
    offsets = OffsetMap()
    pos = 0
    for match in _UNSAFE_RUN.finditer(text):
        start, end = match.span()
        if start > pos:
            pieces.append(text[pos:start])
            offsets.run(pos, start - pos)
        _normalize_run(text, start, end, pieces, offsets)
        pos = end
    if pos == 0:
        offsets.run(0, len(text))
        return NormalizedText(text=text, original=text, offsets=offsets)
    if pos < len(text):
        pieces.append(text[pos:])
        offsets.run(pos, len(text) - pos)
    return NormalizedText(text="".join(pieces), original=text, offsets=offsets)


def _normalize_run(text: str, start: int, end: int, pieces: list[str], offsets: OffsetMap) -> None:
    """Normalize text[start:end] cluster by cluster: a base character and the marks after it."""
    i = start
    while i < end:
        if text.startswith("\r\n", i):
            pieces.append("\n")
            offsets.run(i, 1)
            i += 2
            continue
        j = i + 1
        while j < end and _is_mark(text[j]):
            j += 1
        out = _fold_char(text[i]) if j == i + 1 else _fold_cluster(text[i:j])
        if out and pieces and unicodedata.combining(out[0]):
            # A mark cut off from its base by a dropped character (か, ZWSP, ゙) still joins it.
            joined = unicodedata.normalize("NFC", pieces[-1][-1] + out)
            if len(joined) <= len(out):
                pieces[-1] = pieces[-1][:-1]
                pieces.append(joined)
                offsets.same(offsets[-1], len(joined) - 1)
                i = j
                continue
        if out:
            pieces.append(out)
            # One-for-one clusters keep per-character offsets; others all point at their start.
            if len(out) == j - i:
                offsets.run(i, j - i)
            else:
                offsets.same(i, len(out))
        i = j


def _is_mark(ch: str) -> bool:
    return ch in _HALFWIDTH_MARKS or unicodedata.combining(ch) != 0


def _fold_cluster(cluster: str) -> str:
    out = _fold_char(cluster[0])
    for mark in cluster[1:]:
        if mark in _HALFWIDTH_MARKS:
            joined = unicodedata.normalize("NFC", out[-1:] + unicodedata.normalize("NFKC", mark))
            # A half-width sound mark that finds no kana to join stays a visible mark (ﾞ → ゛).
            out = out[:-1] + joined if out and len(joined) == 1 else out + _STANDALONE_MARKS[mark]
        else:
            out = unicodedata.normalize("NFC", out + mark)
    return out


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    folded = _FOLD.get(ch)
    if folded is not None:
        return folded
    if ch in _STANDALONE_MARKS:
        return _STANDALONE_MARKS[ch]
    if _kept(ch):
        return ch
    if unicodedata.category(ch) == "Zs":
        return _SPACE
    if unicodedata.category(ch) == "Cc" and ch != "\n":
        # Other control characters carry no text (escape sequences, bell).
        return ""
    nfkc = unicodedata.normalize("NFKC", ch)
    if len(nfkc) > 1 and nfkc[0] == _SPACE:
        # Spacing accents (¨, ´) would turn into a space and a combining mark.
        return ch
    return nfkc


def _kept(ch: str) -> bool:
    if ch in _KEEP:
        return True
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _KEEP_RANGES)
