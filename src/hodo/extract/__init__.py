"""Extract: claims from a segmented document — types, quantities, dates, sides, stance, claimant.

``extract_claims`` is imported on first use so that the leaf modules
(numbers, dates) load without the linker and its pack data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hodo.models import Claim, Document, Sentence
    from hodo.packs import Pack

__all__ = ["claims_by_report", "extract_claims"]


def extract_claims(
    doc: Document,
    pack: Pack,
    *,
    on_problem: Callable[[Sentence, Exception], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Claim]:
    """See :func:`hodo.extract.claims.extract_claims`."""
    from hodo.extract.claims import extract_claims as extract

    return extract(doc, pack, on_problem=on_problem, progress=progress)



def claims_by_report(
    doc: Document,
    pack: Pack,
    *,
    on_problem: Callable[[Sentence, Exception], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[list[Claim]]:
    """See :func:`hodo.extract.claims.claims_by_report`."""
    from hodo.extract.claims import claims_by_report as by_report

    return by_report(doc, pack, on_problem=on_problem, progress=progress)
