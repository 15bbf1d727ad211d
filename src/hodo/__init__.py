"""hodo: who claims what, when, with which numbers, in Japanese news about a war.

The Python API (see docs/api.md)::

    import hodo
    nlp = hodo.Pipeline(pack="russia_ukraine")
    doc = nlp.analyse(text, date="2025-06-04")

``Pipeline`` and the records it returns are imported on first use: the
command line's query commands start without loading the analysis stages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["AnalysisError", "Claim", "Document", "Pipeline", "__version__"]

if TYPE_CHECKING:
    from hodo.analysis import AnalysisError, Pipeline
    from hodo.models import Claim, Document

_LAZY = {
    "Pipeline": "hodo.analysis",
    "AnalysisError": "hodo.analysis",
    "Document": "hodo.models",
    "Claim": "hodo.models",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'hodo' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
