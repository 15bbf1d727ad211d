"""``hodo demo`` says where the web UI is, and ``hodo serve`` on the demo's store shows it there."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from lxml import html as lxml_html


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_demo_store_is_served_where_the_demo_says(tmp_path: Path) -> None:
    db = tmp_path / "sample.db"
    demo = subprocess.run(
        [sys.executable, "-m", "hodo", "--db", str(db), "demo"], capture_output=True, text=True, timeout=300, check=False
    )
    assert demo.returncode == 0, demo.stderr
    said = re.search(r"Open the web UI: hodo --db (\S+) serve, then (http://127\.0\.0\.1:8000/)$", demo.stdout.strip())
    assert said and said.group(1) == str(db), demo.stdout[-300:]
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "hodo", "--db", said.group(1), "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                front = httpx.get(base + "/", timeout=5)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "hodo serve did not start"
                time.sleep(0.2)
        assert front.status_code == 200
        page = lxml_html.fromstring(front.text)
        assert page.xpath("string(//h1)").startswith("Events of 2025-06-1"), "the sample's latest day"
        titles = [a.text_content() for a in page.xpath("//*[contains(@class, 'event-title')]/a")]
        assert titles, "the sample's events are listed"
        first = httpx.get(base + page.xpath("//*[contains(@class, 'event-title')]/a/@href")[0], timeout=10)
        assert first.status_code == 200 and "Claims by claimant" in first.text
    finally:
        server.send_signal(signal.SIGINT)
        _, errors = server.communicate(timeout=30)
    assert f"the web UI at http://127.0.0.1:{port}/" in errors
