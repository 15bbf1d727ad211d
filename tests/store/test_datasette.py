"""The real Datasette opens the store with the metadata hodo ships: search and facets work."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time

import httpx
import pytest

from hodo.store.datasette import datasette_metadata


def test_datasette_searches_and_facets_the_claims(api_db, tmp_path) -> None:
    pytest.importorskip("datasette")
    db = tmp_path / "hodo.db"
    shutil.copy(api_db, db)
    metadata = tmp_path / "metadata.json"
    metadata.write_text(json.dumps(datasette_metadata(db)), encoding="utf-8")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(db), "-m", str(metadata), "-h", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/hodo"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + ".json", timeout=2)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(process.stderr.read().decode()) from None
                time.sleep(0.2)
        found = httpx.get(f"{base}/claim_list.json", params={"_search": "防空システム", "_shape": "objects"}).json()
        assert found["rows"] and all("防空システム" in r["sentence"] for r in found["rows"])
        facets = httpx.get(f"{base}/claim_list.json", params={"_shape": "objects"}).json()["facet_results"]
        facets = facets.get("results", facets)  # newer Datasette nests them
        assert {"type", "claimant_name", "outlet_name", "place_name", "day"} <= set(facets)
        types = {v["value"]: v["count"] for v in facets["type"]["results"]}
        assert types["air_defense"] >= 3
        places = httpx.get(f"{base}/claim_places.json", params={"_shape": "objects", "place_name": "Belgorod Oblast"}).json()
        assert places["rows"] and places["rows"][0]["latitude"] == pytest.approx(50.7)
        searched = httpx.get(f"{base}/claims.json", params={"_search": "無人機", "_shape": "objects"}).json()
        assert searched["rows"] and all("無人機" in r["sentence"] for r in searched["rows"])
    finally:
        process.terminate()
        process.wait(timeout=20)
        process.stderr.close()
