"""Fuzzing ingest → claims → JSON output: whatever bytes come in, no traceback, valid JSON, readable documents.

Hypothesis mutates our own fixture sentences (figures of any size, dates of any
year, control characters, broken bytes, half surrogate pairs in JSON Lines)
and feeds them through the pipeline into a real store; every run must end
with each input stored or refused in one line, every claim written as strict
JSON (no NaN or Infinity), and every stored document shown. The example
budget keeps it to a few seconds.
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from hodo.cli.output import OutputFormat, document_view, write_claims, write_events
from hodo.packs import load_pack
from hodo.pipeline import MAX_LINE, ingest
from hodo.store import Store
from hodo.store.queries import list_documents, load_document, select_claims, select_events

PACK = load_pack()

SENTENCES = (
    "ロシア国防省は{d}日、ウクライナ軍が過去{n}時間に{n}人以上の兵士を失ったと発表した。",
    "防空部隊は{y}年{m}月{d}日に無人機{n}機を撃墜した。",
    "ハルキウへの攻撃で市民{n}人が死亡した。",
    "ゼレンスキー大統領は{d}日、マクロン大統領と電話で会談した。",
    "【ワシントン時事】米政府は{n}億ドルの追加支援を発表した。",
)
NUMBERS = st.one_of(
    st.integers(0, 10**6).map(str),
    st.integers(1, 400).map(lambda k: "9" * k),
    st.sampled_from(["１２", "三万", "数百", "99999999999", "1,000,000", "0.5", "1e400"]),
)
NOISE = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list("\x00\x01\x07\x1b\x7f\u200b\ufeff\u3000。、【】#（）~")),
    ),
    max_size=12,
)


@st.composite
def posts(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        template = draw(st.sampled_from(SENTENCES))
        fields = {k: draw(NUMBERS) for k in ("n", "d", "m")}
        fields["y"] = draw(st.sampled_from(["2025", "1899", "99999", "0", "2101"]))
        line = template.format(**fields)
        if draw(st.booleans()):
            at = draw(st.integers(0, len(line)))
            line = line[:at] + draw(NOISE) + line[at:]
        lines.append(line)
    return "\n".join(lines)


@st.composite
def inputs(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file name and its bytes: a text file (perhaps damaged) or a JSON Lines record."""
    text = draw(posts())
    kind = draw(st.sampled_from(["txt", "txt-damaged", "jsonl", "jsonl-surrogate"]))
    if kind == "txt":
        return "post.txt", text.encode("utf-8", "replace")
    if kind == "txt-damaged":
        data = bytearray(text.encode("utf-8", "replace"))
        for _ in range(draw(st.integers(1, 3))):
            if data:
                data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0x80, 0xFF))
        return "damaged.txt", bytes(data)
    record = json.dumps({"text": text, "url": "https://example.jp/a", "date": "2025-06-05"})
    if kind == "jsonl-surrogate":
        record = record.replace('"text": "', '"text": "\\ud83d', 1)
    return "feed.jsonl", record.encode("utf-8")


def _strict(record: object) -> None:
    # allow_nan=False: NaN and Infinity are not JSON, and scorers' parsers refuse them.
    json.loads(json.dumps(record, ensure_ascii=False, allow_nan=False))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(inputs(), min_size=1, max_size=3))
def test_any_input_gives_valid_json_and_readable_documents(files: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = []
        for i, (name, data) in enumerate(files):
            path = folder / f"{i}-{name}"
            path.write_bytes(data)
            paths.append(path)
        with Store.open(folder / "fuzz.db") as store:
            summary = ingest(store, paths, PACK)
            for outcome in summary.outcomes:
                assert outcome.status in ("new", "replaced", "unchanged", "failed")
                if outcome.status == "failed":
                    assert len(outcome.message) <= MAX_LINE and "\n" not in outcome.message
                assert all(len(w) <= MAX_LINE for w in outcome.warnings)
            assert summary.cluster_problem is None
            out = io.StringIO()
            write_claims(out, OutputFormat.jsonl, select_claims(store.conn))
            for line in out.getvalue().splitlines():
                record = json.loads(line)
                _strict(record)
                for when in (record["when"] or {}).values():
                    assert "1900" <= when[:4] <= "2100"
            events = io.StringIO()
            write_events(events, OutputFormat.json, select_events(store.conn))
            _strict(json.loads(events.getvalue()))
            console = Console(file=io.StringIO(), width=100)
            for doc in list_documents(store.conn):
                stored = load_document(store.conn, doc.doc_id)
                assert stored is not None
                console.print(document_view(stored, select_claims(store.conn)))
