"""Japanese sentence boundaries that respect quotes and brackets.

A boundary is a sentence-final mark (。！？) at bracket depth zero, so a quote
「…。…」 stays inside the sentence that reports it. Hand-written rather than a
library splitter: the ones on PyPI (ja_sentence_segmenter, bunkai) either split
inside quotes or need a model, and this is a dozen lines over one pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from hodo.segment.layout import Layout


def split_sentences(text: str, start: int, end: int, layout: Layout) -> Iterator[tuple[int, int]]:
    """(start, end) spans of the sentences in ``text[start:end]``, trimmed of spaces."""
    openers = {pair[0]: pair[1] for pair in layout.brackets}
    closers = {pair[1] for pair in layout.brackets}
    stack: list[str] = []
    sentence_start = start
    # Only brackets and sentence-final marks matter: jump from one to the next.
    for match in _marks(layout).finditer(text, start, end):
        i = match.start()
        ch = match.group()
        if stack and i - sentence_start > 400:
            # An unbalanced quote must not swallow the rest of a long paragraph.
            stack.clear()
        if ch in openers and not (ch == openers[ch] and stack and stack[-1] == ch):
            stack.append(openers[ch])
        elif ch in closers and stack:
            if ch in stack:
                while stack and stack.pop() != ch:
                    pass
        elif not stack and layout.sentence_end.fullmatch(ch):
            yield from _trimmed(text, sentence_start, i + 1)
            sentence_start = i + 1
    if sentence_start < end:
        yield from _trimmed(text, sentence_start, end)


@cache
def _marks(layout: Layout) -> re.Pattern[str]:
    chars = {ch for pair in layout.brackets for ch in pair}
    return re.compile(f"[{re.escape(''.join(sorted(chars)))}]|{layout.sentence_end.pattern}")


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end
