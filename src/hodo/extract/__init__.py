"""Extract: claims from a segmented document — types, quantities, dates, sides, stance, claimant.

``extract_claims`` is imported on first use so that the leaf modules
(numbers, dates) load without the linker and its pack data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hodo.models import Claim, Document
    from hodo.packs import Pack

__all__ = ["extract_claims"]


def extract_claims(doc: Document, pack: Pack) -> list[Claim]:
    from hodo.extract.claims import extract_claims as extract

    return extract(doc, pack)
