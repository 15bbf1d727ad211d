"""A real server over the test store (``api_db``, see tests/conftest.py).

The server is uvicorn on a free loopback port, in a thread of the test
process; the tests talk to it over HTTP with httpx, as any client would.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest


@contextmanager
def running_server(db: Path, **options: object) -> Iterator[str]:
    """``create_app(db, **options)`` served by uvicorn on a free 127.0.0.1 port; yields the base URL."""
    import uvicorn

    from hodo.serve.api import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db, **options), log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        sock.close()


@pytest.fixture(scope="session")
def api(api_db: Path) -> Iterator[httpx.Client]:
    """An HTTP client of a read-only server over ``api_db``."""
    with running_server(api_db) as base, httpx.Client(base_url=base, timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
def server() -> Callable[..., object]:
    """``server(db, token=...)``: a context manager running another server."""
    return running_server
