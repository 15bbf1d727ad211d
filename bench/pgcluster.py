"""A throwaway PostgreSQL cluster: initdb and pg_ctl in a temporary folder, on 127.0.0.1 and a free port.

Used by bench/pg.py and by the tests' fixture (tests/conftest.py). PostgreSQL
refuses to run as root, so as root the server runs as the ``postgres`` user
(Debian's package makes it) or else ``nobody``. Durability is off (fsync,
synchronous_commit, full_page_writes): the cluster lives for one run.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class ClusterUnavailable(RuntimeError):
    """The PostgreSQL server programs are not installed here."""


def server_bindir() -> Path | None:
    """Where initdb and pg_ctl are: on PATH, else the newest /usr/lib/postgresql/N/bin."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _unprivileged() -> list[str]:
    """The prefix that runs a command as a user PostgreSQL accepts."""
    if os.geteuid() != 0:
        return []
    for user in ("postgres", "nobody"):
        try:
            pwd.getpwnam(user)
        except KeyError:
            continue
        return ["runuser", "-u", user, "--"]
    raise ClusterUnavailable("running as root with neither a postgres nor a nobody user to run PostgreSQL as")


@contextmanager
def temporary_cluster() -> Iterator[str]:
    """A running cluster for the duration; yields the URL of its maintenance database (superuser hodo)."""
    bindir = server_bindir()
    if bindir is None:
        raise ClusterUnavailable("the PostgreSQL server programs (initdb, pg_ctl) are absent")
    as_user = _unprivileged()
    # Not under a folder of root's own (pytest's are 0700): the server's user must reach it.
    folder = Path(tempfile.mkdtemp(prefix="hodo-pg-"))
    if as_user:
        shutil.chown(folder, user=as_user[2])
    data, port = folder / "data", _free_port()

    def run(*args: object) -> None:
        done = subprocess.run([*as_user, *map(str, args)], capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{Path(str(args[0])).name} failed: {(done.stderr or done.stdout).strip()}")

    settings = (
        f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={folder}"
        " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    try:
        run(bindir / "initdb", "-D", data, "-U", "hodo", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "-N")
        run(bindir / "pg_ctl", "-D", data, "-l", folder / "server.log", "-o", settings, "-w", "-t", "60", "start")
        yield f"postgresql://hodo@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def create_database(admin_url: str, name: str) -> str:
    """A new database ``name`` on the server of ``admin_url`` (dropped first if there); its URL."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    return admin_url.rsplit("/", 1)[0] + "/" + name


def drop_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
