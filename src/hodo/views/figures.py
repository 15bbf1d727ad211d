"""A figure as a reader outside Japan reads it: "about 20 aircraft", "at least 1,470 soldiers".

The wording comes from the quantity's bounds (the spec's ``min``, ``max``,
``approx``) and its ``item`` in English; the Japanese counter stands in only
when no item is known. ``figure_marks`` finds where a sentence writes its
figures, so a page can highlight them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from hodo.models import Quantity


def number_text(value: float) -> str:
    """1,470 or 2.5: thousands grouped, no trailing .0."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def figure_text(q: Quantity) -> str:
    """One figure with what it counts: "about 20 aircraft", "up to 5 missiles"."""
    text = number_text(q.value)
    if q.approx:
        text = "about " + text
    if q.min is not None and q.max is None:
        text = "at least " + text
    elif q.max is not None and q.min is None:
        text = "up to " + text
    what = q.item or q.unit
    return f"{text} {what}" if what else text


def plain_number(value: float) -> float | int:
    """The value as JSON writes it: 41, not 41.0."""
    return int(value) if float(value).is_integer() else value


def _written(value: float) -> str:
    """A pattern for the ways a sentence writes ``value`` in digits: 1250, 1,250, 2.5."""
    if float(value).is_integer():
        digits = str(int(abs(value)))
        grouped = f"{int(abs(value)):,}"
        forms = [re.escape(digits)] + ([re.escape(grouped)] if grouped != digits else [])
    else:
        forms = [re.escape(f"{abs(value):g}")]
    return "(?:" + "|".join(forms) + ")"


def figure_marks(sentence: str, quantities: Iterable[Mapping[str, Any]]) -> list[tuple[str, bool]]:
    """``sentence`` in pieces, each marked True where it writes one of the figures (with its counter).

    A figure is found where its digits stand alone (not inside a longer number);
    one written otherwise (in kanji numerals, with 万) is not marked. Joined, the
    pieces are the sentence.
    """
    found: list[tuple[int, int]] = []
    for q in quantities:
        value = q.get("value")
        if not isinstance(value, int | float) or isinstance(value, bool):
            continue
        unit = re.escape(q.get("unit") or "")
        pattern = re.compile(rf"(?<![\d.,]){_written(value)}(?![\d]|[.,]\d)(?:{unit})?")
        for match in pattern.finditer(sentence):
            span = (match.start(), match.end())
            if not any(start < span[1] and span[0] < end for start, end in found):
                found.append(span)
                break
    pieces: list[tuple[str, bool]] = []
    at = 0
    for start, end in sorted(found):
        if start > at:
            pieces.append((sentence[at:start], False))
        pieces.append((sentence[start:end], True))
        at = end
    if at < len(sentence) or not pieces:
        pieces.append((sentence[at:], False))
    return pieces
