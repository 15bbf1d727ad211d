"""Ingest: read posts from files, folders, JSON Lines and stdin into RawDocuments.

``read_inputs`` yields a RawDocument for each document and an InputError for
each input that cannot be read, so one bad file never stops a run.
"""

from hodo.ingest.sources import (
    DEFAULT_MAX_BYTES,
    STDIN,
    Input,
    InputError,
    count_inputs,
    list_inputs,
    max_bytes_limit,
    read_input,
    read_inputs,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "STDIN",
    "Input",
    "InputError",
    "count_inputs",
    "list_inputs",
    "max_bytes_limit",
    "read_input",
    "read_inputs",
]
