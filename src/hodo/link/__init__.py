"""Entity linking: names in Japanese war news → the pack's people, bodies, places, weapons.

``Linker.for_pack(load_pack())`` gives a linker whose ``mentions(text)`` finds
every entity in a normalized document and whose ``link(surface)`` resolves a
single name. See docs/packs.md for the data it reads.
"""

from hodo.link.catalog import OutletSpec
from hodo.link.linker import Linker, Mention

__all__ = ["Linker", "Mention", "OutletSpec"]
