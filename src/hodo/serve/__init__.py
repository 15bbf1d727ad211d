"""What hodo shows: the HTTP API (``api``), the digest pages, and the terminal's event view.

Importing this package is cheap; the web stack loads with ``hodo.serve.api``.
"""

# The environment variable that holds the write token of ``hodo serve``.
TOKEN_ENV = "HODO_TOKEN"
