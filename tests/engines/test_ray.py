"""``hodo ingest --engine ray`` on a local Ray instance with 2 CPUs: the store of a single-process run."""

from __future__ import annotations

import pytest

from hodo.engines import ingest_with
from hodo.packs import load_pack
from hodo.store import Store

ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install 'hodo[ray]'")

from hodo.engines.ray import RayEngine  # noqa: E402


def test_a_ray_ingest_equals_one_process_and_resumes_where_it_stopped(corpus, single, contents, tmp_path):
    pack = load_pack()
    files = sorted(corpus.iterdir())
    first, rest = files[:5], files[5:]
    with Store.open(tmp_path / "hodo.db") as store, RayEngine(pack, workers=2) as engine:
        assert engine.workers == 2
        # A job stopped after some documents: the next run sends only what the store lacks.
        ingest_with(engine, store, [str(p) for p in first], pack)
        summary = ingest_with(engine, store, [str(p) for p in files], pack)
        found = contents(store)
    assert summary.count("unchanged") == len(first)
    assert summary.count("new") == len(rest) - 1 + 2  # the empty file fails; the JSON Lines file holds 3
    assert found == single[1]
    assert found[0] and found[1]
