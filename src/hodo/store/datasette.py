"""Datasette metadata for a hodo store: full-text search on claim sentences, facets on the browsing views.

``datasette hodo.db -m metadata.json`` (metadata from ``hodo
datasette-metadata``) opens the claims with search over the trigram index
and facets on type, claimant, outlet, place and day; the views of schema
version 4 (claim_list, claim_places, claim_figures, event_list) put places,
figures and latitude/longitude in columns of their own. Datasette keys its
metadata by database name, the file name without its extension.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

_SEARCH = {"fts_table": "claim_text", "fts_pk": "text_row", "searchmode": "escaped"}


def datasette_metadata(db_path: str | Path) -> dict[str, Any]:
    """The metadata (Datasette 0.6x ``metadata.json``) for the store at ``db_path``."""
    claims_facets = ["type", "claimant_name", "outlet_id", "polarity"]
    tables: dict[str, Any] = {
        "claims": {
            **_SEARCH,
            "label_column": "sentence",
            "facets": claims_facets,
            "description": "Claims as stored; the full record is the JSON in record.",
        },
        "claim_list": {
            **_SEARCH,
            "facets": ["type", "claimant_name", "outlet_name", "place_name", "day", "polarity", "modality"],
            "description": "One row a claim: its claimant, outlet, actor, target, first place and first figure.",
        },
        "claim_places": {
            "facets": ["place_name", "type", "claimant_name", "day"],
            "description": "One row a place of a claim, with latitude and longitude.",
        },
        "claim_figures": {
            "facets": ["type", "item", "unit", "claimant_name", "day"],
            "description": "One row a figure of a claim: value, bounds, unit and what is counted.",
        },
        "event_list": {
            "facets": ["type", "contested", "place_name"],
            "description": "One row an event, with its counts of claims, claimants and outlets.",
        },
    }
    return {
        "title": "hodo: who claims what, when, with which numbers",
        "description": "Claims and contested events from Japanese news about the Russia-Ukraine war.",
        "databases": {Path(db_path).stem: {"tables": tables}},
    }
