"""Facts of the Japanese writing system that code needs: the ranges of its scripts, its width forms.

Not words and not domain knowledge (those are pack data): which code points
are katakana or kanji, and how full-width forms map to ASCII, are facts of
Unicode and of how Japanese is written, the same for every pack.
"""

from __future__ import annotations

# Full-width ASCII (U+FF01–U+FF5E) sits at a fixed distance from ASCII.
_FULL_WIDTH_OFFSET = 0xFEE0


def full_width(chars: str) -> dict[int, int]:
    """A str.translate table from the full-width forms of ``chars`` (ASCII) to ``chars``."""
    return {ord(c) + _FULL_WIDTH_OFFSET: ord(c) for c in chars}


def with_full_width(chars: str) -> str:
    """``chars`` (ASCII) followed by their full-width forms: "()" → "()（）"."""
    return chars + "".join(chr(ord(c) + _FULL_WIDTH_OFFSET) for c in chars)


# The punctuation marks of Japanese writing that code reads or writes.
COMMA = "、"
FULL_STOP = "。"
QUOTE_OPEN = "「"
QUOTE_CLOSE = "」"
DOUBLE_QUOTE_OPEN = "『"
DOUBLE_QUOTE_CLOSE = "』"
# 【…】: round headlines and wire datelines (【モスクワ共同】).
HEADING_OPEN = "【"
HEADING_CLOSE = "】"
MIDDLE_DOT = "・"
WAVE_DASH = "〜"
