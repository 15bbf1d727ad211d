"""hodo: who claims what, when, with which numbers, in Japanese news about a war."""

__version__ = "0.1.0"
