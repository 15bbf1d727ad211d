"""The store: documents, reports, sentences, claims, entities and events, in SQLite or PostgreSQL.

``Store.open(path)`` gives a migrated connection (a file's path: SQLite, the
default; a ``postgresql://`` URL: PostgreSQL); writes go through its methods
(one transaction each), reads through the functions of ``queries``.
"""

from hodo.store.database import BatchLost, Store, StoreError, default_db_path, resolve_db_path
from hodo.store.queries import ClaimFilter

__all__ = ["BatchLost", "ClaimFilter", "Store", "StoreError", "default_db_path", "resolve_db_path"]
