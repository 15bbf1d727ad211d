"""``python -m hodo``: the same as the ``hodo`` command."""

from hodo.cli import main

main()
