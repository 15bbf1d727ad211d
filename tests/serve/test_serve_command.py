"""``hodo serve`` as a user runs it: a separate process, while another process ingests into the same store."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

V1 = "/api/v1"
# Written for this test: one document a separate `hodo ingest` process adds while the server reads.
NEW_POSTS = [
    f"ロシア国防省によると、防空システムは過去24時間にウクライナ軍の無人機{n}機を撃墜した。" for n in range(70, 82)
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _hodo(*args: str) -> list[str]:
    return [sys.executable, "-m", "hodo", *args]


@pytest.fixture
def served(api_db: Path, tmp_path: Path):
    db = tmp_path / "hodo.db"
    shutil.copy(api_db, db)
    port = _free_port()
    env = {**os.environ, "HODO_TOKEN": "from-env"}
    process = subprocess.Popen(
        _hodo("--db", str(db), "serve", "--port", str(port)),
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(base + V1, timeout=2)
            break
        except httpx.TransportError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("hodo serve did not start: " + process.stderr.read().decode()) from None
            time.sleep(0.2)
    yield db, base
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
        process.stdout.close()
        process.stderr.close()


def test_the_server_reads_while_another_process_ingests(served, tmp_path) -> None:
    db, base = served
    folder = tmp_path / "new"
    folder.mkdir()
    for i, text in enumerate(NEW_POSTS):
        (folder / f"mod-{i:02d}.txt").write_text(text + "\n", encoding="utf-8")
    with httpx.Client(base_url=base, timeout=30) as client:
        before = client.get(V1).json()
        assert before["writes"] is True, "HODO_TOKEN turns writes on"
        ingest = subprocess.Popen(_hodo("--db", str(db), "-q", "ingest", "--date", "2025-06-20", str(folder)))
        answers = 0
        while ingest.poll() is None:
            assert client.get(f"{V1}/claims", params={"limit": 5}).status_code == 200
            assert client.get(f"{V1}/facets", params={"facet": "type"}).status_code == 200
            answers += 1
        assert ingest.returncode == 0
        assert answers > 0
        after = client.get(V1).json()
        assert after["documents"] == before["documents"] + len(NEW_POSTS)
        june_20 = client.get(f"{V1}/claims", params={"since": "2025-06-20", "type": "air_defense"}).json()
        assert june_20["total"] >= len(NEW_POSTS)
        front = client.get("/")
        assert front.status_code == 200 and "Events of" in front.text, "the web UI answers at /"
