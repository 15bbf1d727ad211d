"""An event's scoring state as JSON, so that a stored event loads at the cost of its last members.

Scoring a claim against an event reads the running unions of
:class:`~hodo.cluster.similarity.EventState` and only its most recent members
(``LEXICAL_MEMBERS`` of them, and whether there is more than one). The store
keeps that state with each event, its members cut to the recent ones, so a
clusterer takes in an event of a thousand claims by reading one row instead
of replaying a thousand profiles. JSON, not pickle: a store is a file anyone
may hand over, and loading it must never run code.

The encoding follows the state's own fields (any set, Counter, date range or
member profile they hold), so a field added to EventState travels without a
change here; ``_``-prefixed fields are caches and start empty.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import fields
from datetime import date
from typing import Any

from hodo.cluster.similarity import LEXICAL_MEMBERS, ClaimProfile, ClusterRules, EventState
from hodo.models import Claim, DateRange

# Members an event keeps for scoring: the lexical window and the one just before it.
KEPT_MEMBERS = LEXICAL_MEMBERS + 1


def trim_members(state: EventState) -> None:
    """Keep only the members scoring reads (see the module docstring)."""
    if len(state.members) > KEPT_MEMBERS:
        del state.members[:-KEPT_MEMBERS]


# What similarity.ruled_out reads of an event: cheap to decode, no member profiles among them.
SUMMARY_FIELDS = ("index", "event_id", "kinds", "dates", "short_dates", "vague_stated")
_DECODER = json.JSONDecoder()


def encode_state(state: EventState) -> str:
    """Two JSON objects, one after the other: the summary (SUMMARY_FIELDS), then the rest."""
    record = {f.name: _encode(getattr(state, f.name)) for f in fields(state) if not f.name.startswith("_")}
    record["members"] = [_encode(m) for m in state.members[-KEPT_MEMBERS:]]
    summary = {name: record.pop(name) for name in SUMMARY_FIELDS}
    return _dumps(summary) + _dumps(record)


def _dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def decode_state(text: str, rules: ClusterRules) -> EventState:
    """The state ``encode_state`` wrote (or, before summaries, one object); member profiles under ``rules``."""
    record, end = _DECODER.raw_decode(text)
    if end < len(text):
        record.update(json.loads(text[end:]))
    return EventState(**{name: _decode(value, rules) for name, value in record.items()})


def decode_summary(text: str, rules: ClusterRules) -> EventState:
    """The part of a stored state that tells which claims can never join it, read without its members."""
    record, _ = _DECODER.raw_decode(text)
    return EventState(**{name: _decode(record[name], rules) for name in SUMMARY_FIELDS if name in record})


def _encode(value: Any) -> Any:
    if isinstance(value, list) and value and isinstance(value[0], tuple) and isinstance(value[0][0], int):
        # Sentence spans, one pair per member: a flat list, as they are the bulk of a large event.
        return {"pairs": [n for pair in value for n in pair]}
    if isinstance(value, ClaimProfile):
        return {"profile": value.claim.to_record()}
    if isinstance(value, Counter):
        return {"counter": dict(value)}
    if isinstance(value, (set, frozenset)):
        return {"set": sorted(value)}
    if isinstance(value, DateRange):
        return {"range": [value.start.isoformat(), value.end.isoformat()]}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, tuple):
        return {"tuple": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {"map": {k: _encode(v) for k, v in value.items()}}
    return value


def _decode(value: Any, rules: ClusterRules) -> Any:
    if isinstance(value, list):
        return [_decode(v, rules) for v in value]
    if not isinstance(value, dict):
        return value
    [(kind, inner)] = value.items()
    if kind == "pairs":
        return list(zip(inner[::2], inner[1::2], strict=True))
    if kind == "profile":
        return ClaimProfile.of(Claim.from_record(inner), rules)
    if kind == "counter":
        return Counter(inner)
    if kind == "set":
        return set(inner)
    if kind == "range":
        return DateRange(date.fromisoformat(inner[0]), date.fromisoformat(inner[1]))
    if kind == "date":
        return date.fromisoformat(inner)
    if kind == "tuple":
        return tuple(_decode(v, rules) for v in inner)
    if kind == "map":
        return {k: _decode(v, rules) for k, v in inner.items()}
    raise ValueError(f"unknown state value {kind!r}")
