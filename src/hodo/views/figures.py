"""A figure as a reader outside Japan reads it: "about 20 aircraft", "at least 1,470 soldiers".

The wording comes from the quantity's bounds (the spec's ``min``, ``max``,
``approx``) and its ``item`` in English; the Japanese counter stands in only
when no item is known.
"""

from __future__ import annotations

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
