"""Imported by the workers' fork server only: the default pack loaded and warmed there, once.

Each worker is a fork of that server, so it starts with the pack read, its
patterns compiled and what extraction builds on first use already built,
instead of doing all of it itself (about a quarter of a second a worker, on
the cores the writer is waiting for). A worker given another pack loads that
one in ``work.start_worker`` as before. Importing this module anywhere else
would only cost that time for nothing: nothing but the fork server does.
"""

from __future__ import annotations

from hodo.engines.work import warm_up
from hodo.packs import load_pack

warm_up(load_pack())
