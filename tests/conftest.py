"""Shared test fixtures: where ../shared lies, stored records, a loopback web server, no network.

No test reaches outside this machine: for the whole session, connecting a
socket anywhere but loopback (or a Unix socket), or resolving any host name
but localhost, raises. ``web`` is a real HTTP server on 127.0.0.1 (a free
port, in a thread) serving routes a test declares, and recording every
request it gets.
"""

from __future__ import annotations

import hashlib
import importlib.util
import ipaddress
import itertools
import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from types import ModuleType

import pytest

from hodo.models import Claim, DateRange, Document, Entity, Quantity, Report, Sentence
from hodo.store import Store

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = PROJECT_ROOT.parent / "shared"


@pytest.fixture
def shared_dir() -> Path:
    """../shared, or a clean skip on machines that do not have it."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared is absent on this machine")
    return SHARED


# Builders for store and CLI tests that need stored records without running the pipeline.


def _document(doc_id: str, text: str, day: str | None = "2025-06-04") -> Document:
    """A one-report document whose sentences are the lines of ``text``."""
    sentences = []
    offset = 0
    for line in text.split("\n"):
        if line:
            sentences.append(Sentence(text=line, start=offset, end=offset + len(line), report=0))
        offset += len(line) + 1
    report = Report(index=0, start=0, end=len(text), style="plain", sentences=sentences)
    return Document(
        doc_id=doc_id,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        source=f"/tmp/{doc_id}",
        text=text,
        original=text,
        date=date.fromisoformat(day) if day else None,
        reports=[report],
    )


def _claim(doc: Document, index: int, claim_type: str, **fields: object) -> Claim:
    """A claim on sentence ``index`` of ``doc``'s first report."""
    sentence = doc.reports[0].sentences[index]
    return Claim(
        claim_id=f"{doc.doc_id}#{index}-{claim_type}",
        doc=doc.doc_id,
        sentence=sentence.text,
        span=(sentence.start, sentence.end),
        type=claim_type,
        **fields,  # type: ignore[arg-type]
    )


@pytest.fixture
def make_document() -> Callable[..., Document]:
    return _document


@pytest.fixture
def make_claim() -> Callable[..., Claim]:
    return _claim


MOD = Entity(id="ru.mod", name="Ministry of Defence (Russia)", kind="organization", text="露国防省")
ZELENSKY = Entity(id="ua.zelenskyy", name="Volodymyr Zelenskyy", kind="person", text="ゼレンスキー大統領")
SUMY = Entity(id="ua.sumy_oblast", name="Sumy Oblast", kind="place", text="スムイ州", lat=50.9, lon=34.8)


@pytest.fixture
def sample_records() -> tuple[list[Document], list[Claim]]:
    """Two small documents and four claims with claimants, places, figures and dates."""
    losses = _document(
        "mod.txt",
        "ウクライナ軍は過去24時間に900人以上の兵士を失った。\n防空部隊は無人機55機を撃墜した。\n"
        "ロシア軍はスムイ州の村を解放した。",
    )
    call = _document("call.txt", "ゼレンスキー大統領は攻撃で12機の航空機が破壊されたと述べた。", day="2025-06-02")
    week = DateRange(date(2025, 6, 3), date(2025, 6, 4))
    claims = [
        _claim(losses, 0, "personnel_losses", claimant=MOD, when=week, stated=date(2025, 6, 4),
               quantities=[Quantity(900, 900, None, False, "人", "soldiers")]),
        _claim(losses, 1, "air_defense", claimant=MOD, when=week,
               quantities=[Quantity(55, 55, 55, False, "機", "drones"), Quantity(3, 3, 3, True, "発", "rockets")]),
        _claim(losses, 2, "territorial_control", claimant=MOD, places=[SUMY], stated=date(2025, 6, 4)),
        _claim(call, 0, "equipment_losses", claimant=ZELENSKY, stated=date(2025, 6, 2),
               quantities=[Quantity(12, 12, 12, False, "機", "aircraft")]),
    ]
    return [losses, call], claims


@pytest.fixture
def make_pack(tmp_path: Path) -> Callable[..., Path]:
    """``make_pack(name, {"layout.toml": "..."}, extends="russia_ukraine")``: a pack folder in tmp_path.

    ``extends=None`` makes a pack that extends nothing.
    """

    def make(name: str, files: dict[str, str], extends: str | None = "russia_ukraine") -> Path:
        folder = tmp_path / name
        folder.mkdir()
        meta = f'name = "{name}"\n' + (f'extends = ["{extends}"]\n' if extends else "")
        (folder / "pack.toml").write_text(meta, encoding="utf-8")
        for file, text in files.items():
            (folder / file).write_text(text, encoding="utf-8")
        return folder

    return make


# --- no network -------------------------------------------------------------------------

BLOCKED: list[object] = []
_REAL_CONNECT = socket.socket.connect
_REAL_CONNECT_EX = socket.socket.connect_ex
_REAL_GETADDRINFO = socket.getaddrinfo


def _loopback(host: object) -> bool:
    if host in ("localhost", "localhost.", "", None):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _allowed(address: object) -> bool:
    return isinstance(address, str | bytes) or (isinstance(address, tuple) and _loopback(address[0]))


def _guarded_connect(self: socket.socket, address: object) -> None:
    if not _allowed(address):
        BLOCKED.append(address)
        raise ConnectionRefusedError(f"tests may only connect to loopback, not {address!r}")
    return _REAL_CONNECT(self, address)


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if not _allowed(address):
        BLOCKED.append(address)
        raise ConnectionRefusedError(f"tests may only connect to loopback, not {address!r}")
    return _REAL_CONNECT_EX(self, address)


def _guarded_getaddrinfo(host: object, *args: object, **kwargs: object) -> list:
    if not _loopback(host.decode() if isinstance(host, bytes) else host):
        BLOCKED.append(host)
        raise socket.gaierror(socket.EAI_NONAME, f"tests may not resolve {host!r}")
    return _REAL_GETADDRINFO(host, *args, **kwargs)


@pytest.fixture
def blocked() -> list[object]:
    """Every address the guard has refused in this session, in order."""
    return BLOCKED


@pytest.fixture(autouse=True, scope="session")
def _no_network() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", _guarded_connect)
        patch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
        patch.setattr(socket, "getaddrinfo", _guarded_getaddrinfo)
        yield


# --- a web server on loopback --------------------------------------------------------------


@dataclass
class Route:
    """What one path answers. ``replies``: (status, body, headers) served in turn, the last one repeating."""

    replies: list[tuple[int, bytes, dict[str, str]]]
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0
    served: int = 0


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    at: float


@dataclass
class Web:
    """A loopback HTTP server: ``web.url(path)``, ``web.page(path, body, ...)``, ``web.hits(path)``."""

    base: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    log: list[Hit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def page(
        self,
        path: str,
        body: bytes | str,
        *,
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
        etag: str | None = None,
        last_modified: str | None = None,
        delay: float = 0.0,
        headers: dict[str, str] | None = None,
    ) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        sent = {"Content-Type": content_type, **(headers or {})}
        if etag:
            sent["ETag"] = etag
        if last_modified:
            sent["Last-Modified"] = last_modified
        self.routes[path] = Route([(status, data, sent)], etag, last_modified, delay)
        return self.url(path)

    def replies(self, path: str, *replies: tuple[int, bytes | str, dict[str, str]]) -> str:
        """A path that answers each reply in turn (the last one from then on)."""
        self.routes[path] = Route(
            [(s, b.encode("utf-8") if isinstance(b, str) else b, h) for s, b, h in replies]
        )
        return self.url(path)

    def hits(self, path: str) -> list[Hit]:
        with self.lock:
            return [h for h in self.log if h.path == path]


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        web = self.server.web
        with web.lock:
            web.log.append(Hit(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()))
            route = web.routes.get(self.path)
            if route is not None:
                reply = route.replies[min(route.served, len(route.replies) - 1)]
                route.served += 1
        if route is None:
            reply = (404, b"not found", {"Content-Type": "text/plain"})
        elif (route.etag and self.headers.get("If-None-Match") == route.etag) or (
            route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified
        ):
            reply = (304, b"", {k: v for k, v in reply[2].items() if k in ("ETag", "Last-Modified")})
        if route is not None and route.delay:
            time.sleep(route.delay)
        status, body, headers = reply
        try:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if status != 304 and "Transfer-Encoding" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(_chunked(body) if "Transfer-Encoding" in headers else body)
        except (BrokenPipeError, ConnectionResetError):
            pass


def _chunked(body: bytes, size: int = 4096) -> bytes:
    parts = [b"%x\r\n%s\r\n" % (len(body[i : i + size]), body[i : i + size]) for i in range(0, len(body), size)]
    return b"".join(parts) + b"0\r\n\r\n"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    web: Web

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that hung up (a timeout, a size limit) is what some tests are about.
        pass


@pytest.fixture
def web() -> Iterator[Web]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.web = Web(base=f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server.web
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def filled_db(db_location, sample_records):
    """A store (tmp_path/hodo.db, or a PostgreSQL database) holding the sample records of tests/conftest.py."""
    docs, claims = sample_records
    with Store.open(db_location) as store:
        for doc in docs:
            store.save_document(doc, [c for c in claims if c.doc == doc.doc_id])
    return db_location


# A real PostgreSQL server for the tests that run against both backends: $HODO_TEST_PG (the URL of
# a server where the tests may create databases), else a cluster of our own in a temporary folder,
# on 127.0.0.1 and a free port, for the whole session (bench/pgcluster.py, shared with the
# benchmark). Tests skip only where the server's programs are absent.

PG_TEST_ENV = "HODO_TEST_PG"


def _pgcluster() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hodo_bench_pgcluster", PROJECT_ROOT / "bench" / "pgcluster.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pgcluster = _pgcluster()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The URL of a PostgreSQL server's maintenance database, as a superuser."""
    if os.environ.get(PG_TEST_ENV):
        yield os.environ[PG_TEST_ENV]
        return
    if pgcluster.server_bindir() is None:
        pytest.skip("the PostgreSQL server programs (initdb, pg_ctl) are absent")
    with pgcluster.temporary_cluster() as url:
        yield url


_PG_DATABASES = itertools.count()


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A new, empty database on the test server, dropped afterwards."""
    from hodo.store.postgres import close_pools

    name = f"hodo_test_{os.getpid()}_{next(_PG_DATABASES)}"
    url = pgcluster.create_database(pg_server, name)
    yield url
    close_pools(url)
    pgcluster.drop_database(pg_server, name)


@pytest.fixture(params=["sqlite", "postgres"])
def db_location(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Where a store test keeps its store: tmp_path/hodo.db, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return tmp_path / "hodo.db"
    return request.getfixturevalue("pg_url")


# A store made by the pipeline from the bundled sample and the documents below, for the API,
# digest, series and export tests.

# Written for these tests: a contested claim about aircraft (two figures and a denial),
# and one claimant's daily figures on two days. URLs make the documents' ids.
FIXTURE_DOCUMENTS = [
    {
        "text": "ゼレンスキー大統領は5日、今回の作戦でロシア軍機40機に打撃を与えたと述べた。\n\n"
        "米政府当局者によると、この作戦で損傷したロシア軍機は約20機だった。\n\n"
        "ロシア国防省は、航空機が破壊されたとの報道を否定した。",
        "url": "https://example.org/news/airbases",
        "title": "Airbase strike",
        "date": "2025-03-05",
    },
    {
        "text": "ロシア国防省によると、防空システムは過去24時間にウクライナ軍の無人機95機を撃墜した。",
        "url": "https://example.org/news/mod-0605",
        "date": "2025-03-05",
    },
    {
        "text": "ロシア国防省によると、防空システムは過去24時間にウクライナ軍の無人機130機を撃墜した。",
        "url": "https://example.org/news/mod-0606",
        "date": "2025-03-06",
    },
]


def build_store(folder: Path, db: Path | str | None = None) -> Path | str:
    """``db`` (hodo.db in ``folder`` by default): the bundled sample and the fixture documents, ingested."""
    from hodo.packs import load_pack
    from hodo.pipeline import ingest
    from hodo.store import Store

    inputs = folder / "inputs"
    inputs.mkdir(exist_ok=True)
    sample = Path(str(files("hodo") / "sample"))
    for path in sample.iterdir():
        if path.suffix == ".txt":
            shutil.copy(path, inputs / path.name)
    (inputs / "fixtures.jsonl").write_text(
        "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in FIXTURE_DOCUMENTS), encoding="utf-8"
    )
    db = db or folder / "hodo.db"
    with Store.open(db) as store:
        summary = ingest(store, [inputs], load_pack("russia_ukraine"))
    assert not summary.failed, summary.line()
    return db


@pytest.fixture(scope="session")
def api_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("api"))


@pytest.fixture(scope="session")
def api_pg_db(api_db: Path, pg_server: str) -> Iterator[str]:
    """``api_db``'s store, built from the same input files (so the same identities) in a PostgreSQL database."""
    from hodo.store.postgres import close_pools

    name = f"hodo_api_{os.getpid()}"
    url = pgcluster.create_database(pg_server, name)
    yield str(build_store(api_db.parent, url))
    close_pools(url)
    pgcluster.drop_database(pg_server, name)
