"""The ``hodo`` command line: ``main()`` runs the Typer app and turns errors into one line.

Click's own error display is multi-line (usage plus a message box); hodo's
contract is one line on stderr and a non-zero status, so ``main`` runs the
command in non-standalone mode and prints errors itself.
"""

from __future__ import annotations

import os
import sys

import typer

from hodo.cli import datasette, fetch, serve, views  # noqa: F401  (they register their commands on the app)
from hodo.cli.app import UserError, app
from hodo.store import StoreError

fetch.register(app)


def _fail(message: str, code: int) -> int:
    print(f"hodo: {message}", file=sys.stderr)
    return code


def run(argv: list[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default: sys.argv[1:]); return the exit status."""
    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="hodo", standalone_mode=False)
    except typer.Exit as exc:
        return int(getattr(exc, "exit_code", 0) or 0)
    except (typer.Abort, KeyboardInterrupt):
        return _fail("interrupted", 130)
    except UserError as exc:
        return _fail(str(exc), exc.code)
    except StoreError as exc:
        return _fail(str(exc), 1)
    except BrokenPipeError:
        # stdout closed by a pager or `head`: not an error; keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        # Usage errors (unknown option, bad choice, missing command) come from the click
        # layer under Typer, whose exception classes moved between Typer versions.
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
            first = exc.format_message().strip().splitlines() or [type(exc).__name__]
            return _fail(f"{first[0]} (try hodo --help)", int(exc.exit_code))
        raise
    return result if isinstance(result, int) else 0


def main() -> None:
    """The console script ``hodo``."""
    sys.exit(run())
