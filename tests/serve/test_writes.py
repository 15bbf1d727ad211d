"""POST /documents: off without a token, the Bearer rule with one, size limits, and reads while it writes."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import httpx
import pytest

V1 = "/api/v1"
# Written for these tests.
WRITE_TEXT = "ウクライナ空軍によると、ロシア軍は7日夜、無人機60機でウクライナ各地を攻撃し、このうち無人機52機を撃墜した。"


@pytest.fixture
def db_copy(api_db: Path, tmp_path: Path) -> Path:
    """A copy of the API store that a test may write to."""
    target = tmp_path / "hodo.db"
    shutil.copy(api_db, target)
    return target


def _status(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    return response.json()


def test_writes_are_off_without_a_token(api) -> None:
    body = _status(api.post(f"{V1}/documents", json={"text": WRITE_TEXT}), 403)
    assert "--token" in body["error"]["message"]
    assert api.get(V1).json()["documents"] == 7


def test_the_token_rule(server, db_copy) -> None:
    with server(db_copy, token="s3cret") as base, httpx.Client(base_url=base, timeout=120) as client:
        missing = client.post(f"{V1}/documents", json={"text": WRITE_TEXT})
        _status(missing, 401)
        assert missing.headers["WWW-Authenticate"] == "Bearer"
        _status(client.post(f"{V1}/documents", json={"text": WRITE_TEXT}, headers={"Authorization": "Basic s3cret"}), 401)
        _status(client.post(f"{V1}/documents", json={"text": WRITE_TEXT}, headers={"Authorization": "Bearer nope"}), 403)
        assert client.get(V1).json()["documents"] == 7
        auth = {"Authorization": "Bearer s3cret"}
        created = _status(client.post(f"{V1}/documents", json={"text": WRITE_TEXT, "id": "air-force-0608",
                                                                "date": "2025-06-08"}, headers=auth), 201)  # fmt: skip
        [outcome] = created["documents"]
        assert outcome["doc_id"] == "air-force-0608" and outcome["status"] == "new" and outcome["claims"]
        assert client.get(V1).json()["documents"] == 8
        stored = client.get(f"{V1}/claims", params={"doc": "air-force-0608"}).json()["items"]
        assert {c["claim_id"] for c in stored} == set(outcome["claims"])
        assert all(c["event_id"] for c in stored), "new claims are clustered into events"
        again = _status(client.post(f"{V1}/documents", json={"text": WRITE_TEXT, "id": "air-force-0608",
                                                              "date": "2025-06-08"}, headers=auth), 200)  # fmt: skip
        assert again["documents"][0]["status"] == "unchanged"
        assert client.get(V1).json()["documents"] == 8


def test_posted_documents_in_every_shape(server, db_copy) -> None:
    auth = {"Authorization": "Bearer t"}
    with server(db_copy, token="t") as base, httpx.Client(base_url=base, timeout=120, headers=auth) as client:
        by_hash = _status(client.post(f"{V1}/documents", json={"text": WRITE_TEXT}), 201)["documents"][0]
        assert by_hash["doc_id"].startswith("text-")
        by_url = _status(client.post(f"{V1}/documents", json={"text": WRITE_TEXT + "\n", "url": "https://example.org/x",
                                                               "title": "X", "source": "example"}), 201)  # fmt: skip
        assert by_url["documents"][0]["doc_id"] == "https://example.org/x"
        doc = client.get(f"{V1}/documents/https://example.org/x").json()
        assert doc["title"] == "X" and doc["url"] == "https://example.org/x"
        upload = client.post(f"{V1}/documents", files={"file": ("report.md", "# 速報\n\n" + WRITE_TEXT, "text/markdown")},
                             data={"date": "2025-06-08"})  # fmt: skip
        assert _status(upload, 201)["documents"][0]["doc_id"] == "report.md"
        assert client.get(f"{V1}/documents/report.md").json()["date"] == "2025-06-08"
        lines = "".join(
            json.dumps({"text": WRITE_TEXT.replace("60", str(n)), "date": "2025-06-09"}, ensure_ascii=False) + "\n"
            for n in (61, 62)
        )
        many = _status(client.post(f"{V1}/documents", files={"file": ("batch.jsonl", lines)}), 201)
        assert [d["doc_id"] for d in many["documents"]] == ["batch.jsonl#1", "batch.jsonl#2"]
        as_field = client.post(f"{V1}/documents", data={"text": WRITE_TEXT.replace("60", "63"), "id": "form-text"})
        assert _status(as_field, 201)["documents"][0]["doc_id"] == "form-text"
        for bad, needle in (
            ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, "not JSON"),
            ({"json": ["a list"]}, "JSON object"),
            ({"json": {"text": "   "}}, '"text"'),
            ({"json": {"text": WRITE_TEXT, "date": "someday"}}, '"date"'),
            ({"json": {"text": WRITE_TEXT, "title": 5}}, '"title"'),
            ({"files": {"file": ("empty.txt", b"")}}, "empty"),
            ({"files": {"file": ("binary.txt", b"\x00\x01\x02" * 100)}}, "binary.txt"),
        ):
            assert needle in _status(client.post(f"{V1}/documents", **bad), 400)["error"]["message"], bad
        plain = client.post(f"{V1}/documents", content=WRITE_TEXT.encode(), headers={"Content-Type": "text/plain"})
        _status(plain, 415)


def test_bodies_over_the_limit_are_refused(server, db_copy) -> None:
    auth = {"Authorization": "Bearer t"}
    with server(db_copy, token="t", max_bytes=2000) as base, httpx.Client(base_url=base, timeout=60, headers=auth) as client:
        long_text = WRITE_TEXT * 40
        assert len(long_text.encode()) > 2000
        assert "limit" in _status(client.post(f"{V1}/documents", json={"text": long_text}), 413)["error"]["message"]
        upload = client.post(f"{V1}/documents", files={"file": ("long.txt", long_text.encode())})
        _status(upload, 413)
        huge = client.post(f"{V1}/documents", content=b"x" * 200_000, headers={"Content-Type": "application/json"})
        _status(huge, 413)

        def chunks():
            for _ in range(100):
                yield b" " * 2048

        streamed = client.post(f"{V1}/documents", content=chunks(), headers={"Content-Type": "application/json"})
        _status(streamed, 413)
        assert client.get(V1).json()["documents"] == 7


def test_reads_go_on_while_a_document_is_written(server, db_copy) -> None:
    """Readers get whole answers from before or after the write, never an error or half a document."""
    auth = {"Authorization": "Bearer t"}
    big = "\n\n".join(WRITE_TEXT.replace("60", str(100 + i)).replace("7日", f"{1 + i % 27}日") for i in range(300))
    with server(db_copy, token="t") as base, httpx.Client(base_url=base, timeout=300) as reader:
        before = reader.get(V1).json()
        done = threading.Event()
        result: dict[str, httpx.Response] = {}

        def write() -> None:
            with httpx.Client(base_url=base, timeout=300, headers=auth) as writer:
                result["post"] = writer.post(f"{V1}/documents", json={"text": big, "id": "big", "date": "2025-06-08"})
            done.set()

        thread = threading.Thread(target=write)
        thread.start()
        seen = []
        while not done.is_set():
            index = reader.get(V1)
            assert index.status_code == 200
            page = reader.get(f"{V1}/claims", params={"doc": "big", "limit": 1000})
            assert page.status_code == 200
            seen.append((index.json()["claims"], page.json()["total"]))
        thread.join()
        assert result["post"].status_code == 201, result["post"].text
        after = reader.get(V1).json()
        added = len(result["post"].json()["documents"][0]["claims"])
        assert added >= 300 and after["claims"] == before["claims"] + added
        assert len(seen) >= 3, "the reader was served during the write"
        # Each answer is one snapshot, and once the new document shows it never goes away again.
        totals = [total for total, _ in seen]
        assert set(totals) <= {before["claims"], after["claims"]} and totals == sorted(totals)
        of_big = [n for _, n in seen]
        assert set(of_big) <= {0, added} and of_big == sorted(of_big)
