"""The format of a domain pack: every file, every key, its kind, checked at load.

Each pack file is described by a tree of nodes: a :class:`Table` of fixed keys,
an :class:`Each` (array of tables: ``[[type]]``), a :class:`Mapping` (free keys:
``[day]``, ``[unit."人"]``) and leaves (:class:`Patterns`, :class:`Pattern`,
:class:`Words`, :class:`Number`, :class:`Flag`, :class:`Text`). ``check`` walks
one file's contents against its tree and lists every problem: an unknown key,
a value of the wrong type, an empty list, a regular expression that does not
compile or that matches the empty string (it would fire everywhere). Every
pattern is compiled here, once, before any document is read.

The typed views the pipeline reads (``hodo.packs.views``) take each key's kind
and default from these same nodes, so what is checked is what is read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass
from typing import Any

from hodo.models import CLAIM_TYPES, ENTITY_KINDS, QUANTITY_KINDS


class Node:
    """One key's kind. ``default`` is what a view reads when no file of the pack sets it."""

    default: Any = None

    def check(self, value: Any, at: str, problems: list[str]) -> None:
        raise NotImplementedError

    def tally(self, value: Any, counts: Counter[str]) -> None:
        """Count what ``value`` holds, by kind (pack check's summary); a scalar is a setting."""
        counts["settings"] += 1


def _is_list_of_str(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def compile_pattern(pattern: str, flags: int, at: str, problems: list[str]) -> re.Pattern[str] | None:
    try:
        compiled = re.compile(pattern, flags)
    except re.error as exc:
        problems.append(f"{at}: bad regular expression {pattern!r}: {exc}")
        return None
    if compiled.match("") is not None:
        problems.append(f"{at}: {pattern!r} matches the empty string, so it would match everywhere")
    return compiled


def alternation(patterns: list[str] | tuple[str, ...]) -> str:
    """The one regular expression that matches any of ``patterns``."""
    return "|".join(f"(?:{p})" for p in patterns)


@dataclass(frozen=True)
class Patterns(Node):
    """A list of regular expressions, read as one alternation."""

    flags: int = 0
    empty: bool = False
    default: Any = ()
    # For lists read as what may follow a word, where "the end" ('$') is one choice.
    empty_match: bool = False

    def check(self, value: Any, at: str, problems: list[str]) -> None:
        if not _is_list_of_str(value):
            problems.append(f"{at}: expected a list of regular expressions (strings), got {_kind(value)}")
            return
        if not value and not self.empty:
            problems.append(f"{at}: empty list (an alternation of nothing never matches; leave the key out)")
            return
        # The alternation is what is read: compiled once here (and cached by re for the
        # views); only when it fails or matches nothing at all is each pattern looked at.
        try:
            combined = re.compile(alternation(value), self.flags)
        except re.error as exc:
            if all(compile_pattern(p, self.flags, f"{at}[{i}]", problems) for i, p in enumerate(value)):
                # Each compiles; together they do not (a group name used twice).
                problems.append(f"{at}: the patterns do not combine into one: {exc}")
            return
        if combined.match("") is not None and not self.empty_match:
            for i, pattern in enumerate(value):
                compile_pattern(pattern, self.flags, f"{at}[{i}]", problems)

    def tally(self, value: Any, counts: Counter[str]) -> None:
        counts["patterns"] += len(value)


@dataclass(frozen=True)
class Pattern(Node):
    """One regular expression."""

    flags: int = 0
    default: Any = None

    def check(self, value: Any, at: str, problems: list[str]) -> None:
        if not isinstance(value, str):
            problems.append(f"{at}: expected a regular expression (a string), got {_kind(value)}")
            return
        compile_pattern(value, self.flags, at, problems)

    def tally(self, value: Any, counts: Counter[str]) -> None:
        counts["patterns"] += 1


@dataclass(frozen=True)
class Words(Node):
    """A list of plain strings (matched as written, never as patterns)."""

    choices: tuple[str, ...] | None = None
    empty: bool = False
    default: Any = ()
    # For lists of character pairs (brackets): each word this long.
    length: int | None = None

    def check(self, value: Any, at: str, problems: list[str]) -> None:
        if not _is_list_of_str(value):
            problems.append(f"{at}: expected a list of strings, got {_kind(value)}")
            return
        if not value and not self.empty:
            problems.append(f"{at}: empty list (leave the key out instead)")
        for i, word in enumerate(value):
            if not word:
                problems.append(f"{at}[{i}]: empty string (it would match everywhere)")
            elif self.choices is not None and word not in self.choices:
                problems.append(f"{at}[{i}]: {word!r} is not one of {', '.join(self.choices)}")
            elif self.length is not None and len(word) != self.length:
                problems.append(f"{at}[{i}]: {word!r} must be {self.length} characters")

    def tally(self, value: Any, counts: Counter[str]) -> None:
        counts["words"] += len(value)


@dataclass(frozen=True)
class Rewrites(Node):
    """An ordered list of [from, to] pairs; ``regex``: each ``from`` is a regular expression."""

    regex: bool = False
    default: Any = ()

    def check(self, value: Any, at: str, problems: list[str]) -> None:
        if not isinstance(value, list) or not all(
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(v, str) for v in pair) for pair in value
        ):
            problems.append(f"{at}: expected a list of [from, to] pairs of strings, got {value!r}")
            return
        if not value:
            problems.append(f"{at}: empty list (leave the key out instead)")
        for i, (old, _new) in enumerate(value):
            if self.regex:
                compile_pattern(old, 0, f"{at}[{i}]", problems)
            elif not old:
                problems.append(f"{at}[{i}]: rewriting the empty string")

    def tally(self, value: Any, counts: Counter[str]) -> None:
        counts["rewrites"] += len(value)


@dataclass(frozen=True)
class Text(Node):
    """One string; with ``choices``, one of them. ``blank``: may be the empty string."""

    choices: tuple[str, ...] | None = None
    blank: bool = False
    default: Any = None

    def check(self, value: Any, at: str, problems: list[str]) -> None:
        if not isinstance(value, str):
            problems.append(f"{at}: expected a string, got {_kind(value)}")
        elif not value and not self.blank:
            problems.append(f"{at}: empty string")
        elif self.choices is not None and value not in self.choices:
            problems.append(f"{at}: {value!r} is not one of {', '.join(self.choices)}")


@dataclass(frozen=True)
class Number(Node):
    """An integer (``integer``) or any number, at least ``minimum`` when given."""

    integer: bool = False
    minimum: float | None = None
    default: Any = None

    def check(self, value: Any, at: str, problems: list[str]) -> None:
        wanted = (int,) if self.integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, wanted):
            problems.append(f"{at}: expected {'an integer' if self.integer else 'a number'}, got {_kind(value)}")
        elif self.minimum is not None and value < self.minimum:
            problems.append(f"{at}: {value} is below {self.minimum:g}")


@dataclass(frozen=True)
class Numbers(Node):
    """A list of ``length`` integers (a day span: [1, 10])."""

    length: int
    default: Any = None

    def check(self, value: Any, at: str, problems: list[str]) -> None:
        if (
            not isinstance(value, list)
            or len(value) != self.length
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        ):
            problems.append(f"{at}: expected a list of {self.length} integers, got {value!r}")


@dataclass(frozen=True)
class Flag(Node):
    default: Any = False

    def check(self, value: Any, at: str, problems: list[str]) -> None:
        if not isinstance(value, bool):
            problems.append(f"{at}: expected true or false, got {_kind(value)}")


@dataclass(frozen=True)
class Table(Node):
    """A table of fixed keys; ``required`` ones must be there, others are unknown."""

    keys: dict[str, Node]
    required: frozenset[str] = frozenset()

    @property
    def default(self) -> Any:  # type: ignore[override]
        return {}

    def check(self, value: Any, at: str, problems: list[str]) -> None:
        if not isinstance(value, dict):
            problems.append(f"{at or 'the file'}: expected a table, got {_kind(value)}")
            return
        for key, item in value.items():
            where = f"{at}.{key}" if at else key
            node = self.keys.get(key)
            if node is None:
                problems.append(f"{where}: unknown key{_suggestion(key, self.keys)}")
            else:
                node.check(item, where, problems)
        for key in sorted(self.required - value.keys()):
            problems.append(f"{at + '.' if at else ''}{key}: missing")

    def tally(self, value: Any, counts: Counter[str]) -> None:
        for key, item in value.items():
            self.keys[key].tally(item, counts)


@dataclass(frozen=True)
class Each(Node):
    """An array of tables (``[[outlet]]``), each checked against ``item``."""

    item: Table
    noun: str = "entries"

    @property
    def default(self) -> Any:  # type: ignore[override]
        return []

    def check(self, value: Any, at: str, problems: list[str]) -> None:
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            problems.append(f"{at}: expected an array of tables ([[{at}]]), got {_kind(value)}")
            return
        for i, row in enumerate(value):
            label = row.get("id") or row.get("name")
            self.item.check(row, f"{at}[{label!r}]" if isinstance(label, str) else f"{at}[{i}]", problems)

    def tally(self, value: Any, counts: Counter[str]) -> None:
        counts[self.noun] += len(value)
        for row in value:
            _tally_entry(self.item, row, counts)


@dataclass(frozen=True)
class Mapping(Node):
    """A table whose keys are free (words of the language), each value a ``value``; with ``keys``, one of them."""

    value: Node
    noun: str = "entries"
    keys: tuple[str, ...] | None = None

    @property
    def default(self) -> Any:  # type: ignore[override]
        return {}

    def check(self, value: Any, at: str, problems: list[str]) -> None:
        if not isinstance(value, MappingABC):
            problems.append(f"{at}: expected a table, got {_kind(value)}")
            return
        for key, item in value.items():
            if not key:
                problems.append(f"{at}: an empty key")
            elif self.keys is not None and key not in self.keys:
                problems.append(f"{at}.{key}: not one of {', '.join(self.keys)}")
            self.value.check(item, f"{at}.{key}", problems)

    def tally(self, value: Any, counts: Counter[str]) -> None:
        counts[self.noun] += len(value)
        for item in value.values():
            _tally_entry(self.value, item, counts)


def _tally_entry(node: Node, value: Any, counts: Counter[str]) -> None:
    """An entry's patterns and words count; its names and numbers are the entry itself."""
    inner: Counter[str] = Counter()
    node.tally(value, inner)
    inner.pop("settings", None)
    counts.update(inner)


def _suggestion(key: str, known: dict[str, Node]) -> str:
    import difflib  # only for a pack with a mistake in it

    close = difflib.get_close_matches(key, list(known), n=1)
    if close:
        return f" (did you mean {close[0]!r}?)"
    return f" (known here: {', '.join(known)})" if len(known) <= 10 else ""


def _kind(value: Any) -> str:
    names = {str: "a string", bool: "true/false", int: "an integer", float: "a number", list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


# ---- the files ------------------------------------------------------------------------

_NAMES = {"ja": Words(), "en": Words()}
_ENTITY = {"id": Text(), "name": Text(), **_NAMES}

PACK_FILE = Table(
    {
        "name": Text(),
        "description": Text(),
        "language": Text(),
        "extends": Words(),
        "sides": Words(),
    }
)

ACTOR = Table(
    {**_ENTITY, "side": Text(), "abbr": Words(), "local": Words(), "ja_titled": Words(), "role": Text()},
    required=frozenset({"id", "name"}),
)

SUBJECTS = Mapping(Patterns(empty=True), noun="subjects")

# Whom a type's harm words befall (hodo.extract.victims).
VICTIMS = ("military", "civilian")

TYPE = Table(
    {
        "name": Text(choices=CLAIM_TYPES),
        "triggers": Patterns(),
        "requires": Patterns(),
        "excludes": Patterns(),
        "requires_entities": Words(choices=ENTITY_KINDS),
        "suppresses": Words(choices=CLAIM_TYPES),
        "quantity_kinds": Words(choices=QUANTITY_KINDS, default=("count",)),
        "units": Words(),
        "sides": Text(choices=("combat", "meeting", "holder"), default="combat"),
        "suffered": Flag(),
        "stance": Flag(),
        "speech_dated": Flag(),
        "occasion": Flag(),
        "intent": Flag(),
        "involvement": Flag(),
        "victims": Text(choices=VICTIMS),
        "context": Table(
            {"triggers": Patterns(), "words": Patterns(), "requires": Patterns(), "subject": Text()},
            required=frozenset({"triggers", "words"}),
        ),
        "subjects": SUBJECTS,
    },
    required=frozenset({"name", "triggers"}),
)

MARKERS = Table(
    {
        "headline_re": Patterns(flags=re.MULTILINE),
        "bullet": Words(),
        "block_end_re": Patterns(flags=re.MULTILINE),
        "attribution_re": Patterns(flags=re.MULTILINE),
        "byline_re": Patterns(flags=re.MULTILINE),
        "style": Words(),
        "domain": Words(),
    }
)

UNIT = Table(
    {
        "kind": Text(choices=QUANTITY_KINDS, default="count"),
        "item": Text(),
        "like": Text(),
        "minutes": Number(integer=True, minimum=1),
        "modifier": Flag(),
        "digits_only": Flag(),
        "not_after_clock": Words(),
        "not_before": Words(),
        "context": Each(
            Table({"words": Words(), "item": Text(), "also": Words()}, required=frozenset({"words", "item"})),
            noun="context rules",
        ),
    }
)

_OFFSETS = Mapping(Number(integer=True), noun="words")

# The ACLED codebook's event and sub-event types, and the CAMEO root codes.
ACLED_EVENT_TYPES = (
    "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
    "Strategic developments",
)  # fmt: skip
ACLED_SUB_EVENT_TYPES = (
    "Armed clash", "Government regains territory", "Non-state actor overtakes territory",
    "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED", "Grenade", "Sexual violence", "Attack", "Abduction/forced disappearance",
    "Peaceful protest", "Protest with intervention", "Excessive force against protesters",
    "Violent demonstration", "Mob violence", "Agreement", "Arrests", "Change to group/activity",
    "Disrupted weapons use", "Headquarters or base established", "Looting/property destruction",
    "Non-violent transfer of territory", "Other",
)  # fmt: skip
CAMEO_ROOTS = tuple(f"{code:02d}" for code in range(1, 21))
ACLED = Table(
    {"event_type": Text(choices=ACLED_EVENT_TYPES), "sub_event_type": Text(choices=ACLED_SUB_EVENT_TYPES)},
    required=frozenset({"event_type", "sub_event_type"}),
)

_AFFINITIES = Mapping(Number(minimum=0), noun="affinities", keys=CLAIM_TYPES)

WEIGHTS = (
    "lexical", "date", "date_apart", "stated_apart", "place", "place_apart", "new_party", "theatre_apart",
    "participant", "figure", "figure_cap", "subject", "subject_apart", "claimant", "day_apart_nearby", "near",
    "same_doc",
)  # fmt: skip

FILES: dict[str, Table] = {
    "pack": PACK_FILE,
    "actors": Table(
        {
            "titles": Words(),
            "honorifics": Words(),
            "abbreviation_context": Table({"before": Words(), "after": Words()}),
            "linking": Table(
                {
                    "fuzzy_min_score": Number(minimum=0, default=85),
                    "min_confidence": Number(minimum=0, default=0.6),
                    "place_suffixes": Words(),
                    "place_suffix_not_before": Words(),
                }
            ),
            "forms": Table(
                {
                    "local_joiners": Words(),
                    "side_suffixes": Words(),
                    "city_suffixes": Words(),
                    "place_joiners": Words(),
                }
            ),
            "transliteration": Table(
                {
                    "variant_rewrites": Rewrites(regex=True),
                    "kana_rewrites": Rewrites(regex=True),
                    "skeleton_folds": Rewrites(),
                }
            ),
            "country": Each(ACTOR, noun="countries"),
            "organization": Each(ACTOR, noun="organizations"),
            "armed_force": Each(ACTOR, noun="armed forces"),
            "person": Each(ACTOR, noun="people"),
        }
    ),
    "places": Table(
        {
            "place": Each(
                Table(
                    {
                        **_ENTITY,
                        "type": Text(choices=("oblast", "city", "village", "region", "facility")),
                        "lat": Number(),
                        "lon": Number(),
                        "parent": Text(),
                        "geonames": Words(),
                    },
                    required=frozenset({"id", "name"}),
                ),
                noun="places",
            )
        }
    ),
    "weapons": Table(
        {"weapon": Each(Table({**_ENTITY, "origin": Text()}, required=frozenset({"id", "name"})), noun="weapons")}
    ),
    "outlets": Table(
        {
            "outlet": Each(
                Table(
                    {
                        **_ENTITY,
                        "country": Text(),
                        "kind": Text(
                            choices=("news_agency", "newspaper", "broadcaster", "social", "official", "blog", "website")
                        ),
                        "markers": MARKERS,
                    },
                    required=frozenset({"id", "name"}),
                ),
                noun="outlets",
            )
        }
    ),
    "triggers": Table(
        {
            "type": Each(TYPE, noun="claim types"),
            "victims": Table(
                {
                    "harm": Patterns(),
                    "military": Patterns(),
                    "civilian": Patterns(),
                    "boundary": Patterns(),
                    "default": Text(choices=VICTIMS, default="civilian"),
                }
            ),
        }
    ),
    "crosswalks": Table(
        {
            "type": Each(
                Table(
                    {
                        "name": Text(choices=CLAIM_TYPES),
                        "acled": ACLED,
                        "cameo": Text(choices=CAMEO_ROOTS),
                        "refine": Each(
                            Table(
                                {"when": Patterns(), "acled": ACLED, "no_acled": Flag(), "cameo": Text(choices=CAMEO_ROOTS)},
                                required=frozenset({"when"}),
                            ),
                            noun="refinements",
                        ),
                    },
                    required=frozenset({"name"}),
                ),
                noun="claim types",
            )
        }
    ),
    "events": Table(
        {
            "weights": Table({name: Number(default=0.0) for name in WEIGHTS}),
            "type": Each(
                Table(
                    {
                        "name": Text(choices=CLAIM_TYPES),
                        "label": Text(),
                        "families": Words(),
                        "affinity": _AFFINITIES,
                        "outcome_affinity": _AFFINITIES,
                        "theatre": Flag(),
                        "theatre_from_actor": Flag(),
                        "theatre_from_target": Flag(),
                        "place_bound": Flag(),
                        "exclusive_places": Flag(),
                        "named_parties": Number(integer=True, minimum=1),
                    },
                    required=frozenset({"name"}),
                ),
                noun="claim types",
            ),
        }
    ),
    "cues": Table(
        {
            "particles": Table(
                {
                    "topic": Words(),
                    "subject": Words(),
                    "also": Words(),
                    "genitive": Words(),
                    "comitative": Words(),
                    "locative_topic": Words(),
                    "quotative": Words(),
                    "case": Words(),
                    "lookalikes": Words(),
                }
            ),
            "clauses": Table({"break": Pattern(), "min_chars": Number(integer=True, minimum=0, default=6)}),
            "attribution": Table(
                {
                    "speech_predicates": Patterns(),
                    "tail_chars": Number(integer=True, minimum=1, default=40),
                    "source_markers": Patterns(),
                    "attribution_sentence": Pattern(),
                    "introducer_sentence": Pattern(),
                    "source_nouns": Words(),
                    "source_noun_tails": Words(),
                    "continuation_openers": Words(),
                    "heading_tails": Words(),
                    "topic_particles": Words(),
                    "noun_joiners": Words(),
                    "coordinators": Patterns(),
                    "not_speaker_topic": Patterns(),
                    "anaphoric_speaker": Patterns(),
                    "phrase_tails": Words(),
                    "coordination_tails": Words(),
                    "documents": Patterns(),
                    "describing_verb": Pattern(),
                    "hearsay": Patterns(),
                    "press_nouns": Words(),
                    "relative_subject": Patterns(),
                    "embedded_report": Patterns(),
                }
            ),
            "polarity": Table(
                {
                    "denial": Patterns(),
                    "negated_verb": Patterns(),
                    "anaphoric_denial": Patterns(),
                    "contrast": Patterns(),
                    "not_denial": Patterns(),
                    "falsity": Patterns(),
                    "counter": Patterns(),
                    "involvement": Patterns(),
                }
            ),
            "modality": Table({"rumored": Patterns(), "estimated": Patterns(), "planned": Patterns()}),
            "predicate": Table(
                {
                    "phrase_ends": Patterns(),
                    "about": Patterns(),
                    "instrument": Patterns(),
                    "light_words": Patterns(),
                    "intent_words": Patterns(),
                    "count_words": Patterns(),
                    "attributive": Patterns(),
                    "genitive": Text(default=""),
                    "agent_markers": Patterns(),
                    "conditional": Patterns(),
                    "irrealis": Patterns(),
                    "irrealis_end": Patterns(empty_match=True),
                    "negation": Patterns(),
                    "not_negation": Patterns(),
                    "copula": Words(),
                    "figure_hedges": Words(),
                    "cleft": Words(),
                    "partitive": Words(),
                    "identifying": Patterns(),
                }
            ),
            "opinion": Table({"markers": Patterns()}),
            "places": Table(
                {
                    "locative_after_country": Words(),
                    "own_ground": Words(),
                    "anaphora": Mapping(Text(blank=True), noun="anaphors"),
                }
            ),
            "subjects": Table({"joiners": Patterns(), "anaphora": Patterns()}),
            "sides": Table(
                {
                    "actor_after": Words(),
                    "target_after": Words(),
                    "source_after": Words(),
                    "passive": Patterns(),
                    "meeting": Patterns(),
                }
            ),
        }
    ),
    "layout": Table(
        {
            "source_line": Patterns(),
            "boilerplate": Patterns(),
            "inline_boilerplate": Patterns(),
            "caption": Patterns(),
            "report_end": Patterns(),
            "attribution_line": Patterns(),
            "comment_line": Patterns(),
            "bullet": Pattern(),
            "heading_open": Pattern(),
            "heading_close": Pattern(),
            "byline_close": Pattern(),
            "short_heading_max": Number(integer=True, minimum=0, default=40),
            "title_max": Number(integer=True, minimum=0, default=0),
            "prose_opening": Pattern(),
            "sentence_final": Pattern(),
            "sentence_end": Pattern(),
            "brackets": Words(length=2),
            "heading_attribution": Pattern(),
            "indented_paragraph": Pattern(),
            "news_lead": Pattern(),
            "hands_over": Pattern(),
            "dateline": Pattern(),
            "polite_register": Pattern(),
        }
    ),
    "counters": Table(
        {
            "hedge": Table(
                {
                    "approx_before": Words(),
                    "min_before": Words(),
                    "max_before": Words(),
                    "approx_after": Words(),
                    "min_after": Words(),
                    "max_after": Words(),
                    "floating": Words(),
                    "floating_gap": Number(integer=True, minimum=1, default=4),
                    "approx_with_bound": Words(),
                }
            ),
            "context": Table({"window": Number(integer=True, minimum=1, default=14), "stops": Words()}),
            "display": Table(
                {
                    "approx": Text(default=""),
                    "at_least": Text(default=""),
                    "at_most_before": Text(default=""),
                    "at_most_after": Text(default=""),
                }
            ),
            "period": Table({"before": Words()}),
            "conversion": Table({"markers": Words()}),
            "unit": Mapping(UNIT, noun="units"),
            "ordinal": Table({"before": Words(), "after_dai": Words()}),
            "fold": Table({"unit": Text(), "after": Words(), "half": Words()}),
            "range": Table({"join": Words()}),
            "names": Table({"digit_joiners": Words()}),
            "noun_unit": Mapping(Table({"item": Text()}), noun="counted nouns"),
        }
    ),
    "dates": Table(
        {
            "same_day": Words(),
            "part_of_previous": Words(),
            "times": Words(),
            "window_before": Words(),
            "window_before_hours": Words(),
            "range_join": Words(),
            "range_close": Words(),
            "not_day_after": Words(),
            "span_after": Pattern(),
            "open_after": Words(),
            "open_after_span": Words(),
            "not_open_before": Pattern(),
            "clock": Pattern(),
            "year_part": Mapping(Numbers(length=2), noun="words"),
            "year_unit": Words(),
            "month_unit": Words(),
            "day_unit": Words(),
            "weekdays": Words(),
            "weekday_after": Words(),
            "last_weekend": Words(),
            "not_offset_after": Words(),
            "window_unit": Mapping(Text(choices=("hours", "days", "weeks", "months", "years")), noun="words"),
            "offset_after_days": _OFFSETS,
            "day": _OFFSETS,
            "year": _OFFSETS,
            "month": _OFFSETS,
            "week": _OFFSETS,
            "weekend": _OFFSETS,
            "part": Mapping(Numbers(length=2), noun="words"),
            "from_last_day": _OFFSETS,
        }
    ),
}


def check_file(name: str, contents: dict[str, Any]) -> list[str]:
    """Every problem of one pack file (``name`` without ``.toml``); empty when it is sound."""
    schema = FILES.get(name)
    if schema is None:
        return [f"not a pack file (pack files: {', '.join(f + '.toml' for f in FILES)})"]
    problems: list[str] = []
    schema.check(contents, "", problems)
    return problems


def node_at(file: str, path: str) -> Node:
    """The node of ``file`` at a dotted ``path`` (arrays and mappings step into their items)."""
    node: Node = FILES[file]
    for key in path.split(".") if path else []:
        while isinstance(node, Each | Mapping):
            node = node.item if isinstance(node, Each) else node.value
        if not isinstance(node, Table) or key not in node.keys:
            raise KeyError(f"{file}.toml has no key {path!r}")
        node = node.keys[key]
    return node


def tally(file: str, contents: dict[str, Any]) -> dict[str, dict[str, int]]:
    """What a file holds: {"country": {"countries": 45, "words": 310}, …}.

    Tables, arrays of tables and mappings at the top of the file count on their
    own; the plain keys there are counted together, under "".
    """
    schema = FILES[file]
    found: dict[str, Counter[str]] = {}
    for key, value in contents.items():
        node = schema.keys[key]
        counts = found.setdefault(key if isinstance(node, Table | Each | Mapping) else "", Counter())
        node.tally(value, counts)
    return {key: dict(counts) for key, counts in found.items()}
