"""What hodo shows: the HTTP API (``api``), the web pages (``web``), the digest pages, and the terminal's event view.

Importing this package is cheap; the web stack loads with ``hodo.serve.api``.
"""

# The environment variable that holds the write token of ``hodo serve``.
TOKEN_ENV = "HODO_TOKEN"

# Where ``hodo serve`` listens unless told otherwise.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def local_url(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> str:
    """The web UI's address when ``hodo serve`` listens on ``host``:``port``."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"
