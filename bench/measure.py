"""One measurement, run in a fresh interpreter so that its peak RSS is its own.

``python bench/measure.py TASK FOLDER [WARM_FILE]`` prints one JSON object:

* ``tokenize``: SudachiPy alone (mode C, surface, part of speech and
  normalized form of every morpheme) over the files of FOLDER, the floor;
* ``pipeline``: ``hodo.pipeline.ingest`` over FOLDER into a new SQLite store,
  exactly what ``hodo ingest FOLDER`` runs;
* ``stages``: the same work with each stage function called and timed on its
  own (the instrumented pass that gives the split by stage).

``pipeline`` and ``stages`` first ingest WARM_FILE into a throwaway store, so
that dictionaries and automata built on first use are timed as ``warmup_s``
(start-up) rather than spread over the throughput.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Sudachi refuses inputs over ~49,000 bytes; 12,000 characters stay under it even at 4 bytes each.
_SUDACHI_CHARS = 12_000


def peak_rss_mb() -> float:
    """This process's peak resident set size (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _texts(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.iterdir()) if p.is_file()]


def tokenize(folder: Path) -> dict[str, Any]:
    """The floor: every morpheme's surface, part of speech and normalized form, line by line."""
    start = time.perf_counter()
    from sudachipy import dictionary, tokenizer

    mode = tokenizer.Tokenizer.SplitMode.C
    tok = dictionary.Dictionary(dict="core").tokenizer(mode=mode)
    # The first call pays for lazy set-up inside Sudachi; it belongs to load time, not to the rate.
    tok.tokenize("ロシア軍は東部の村を制圧したと発表した。", mode)
    load_s = time.perf_counter() - start
    texts = _texts(folder)
    chars = sum(len(t) for t in texts)
    morphemes = 0
    start = time.perf_counter()
    for text in texts:
        for line in text.split("\n"):
            for i in range(0, len(line), _SUDACHI_CHARS):
                for m in tok.tokenize(line[i : i + _SUDACHI_CHARS], mode):
                    m.surface()
                    m.part_of_speech()
                    m.normalized_form()
                    morphemes += 1
    seconds = time.perf_counter() - start
    return {"chars": chars, "seconds": seconds, "load_s": load_s, "morphemes": morphemes}


def _warm(warm_file: Path, pack: Any) -> None:
    from hodo.pipeline import ingest
    from hodo.store import Store

    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "warm.db") as store:
        ingest(store, [warm_file], pack)


def pipeline(folder: Path, warm_file: Path) -> dict[str, Any]:
    """The real driver over the folder; the time after the last document is re-clustering."""
    start = time.perf_counter()
    from hodo.packs import load_pack
    from hodo.pipeline import DocumentOutcome, ingest
    from hodo.store import Store

    pack = load_pack()
    import_s = time.perf_counter() - start
    start = time.perf_counter()
    _warm(warm_file, pack)
    warmup_s = time.perf_counter() - start

    last_done = 0.0

    def progress(outcome: DocumentOutcome, done: int, total: int | None) -> None:
        nonlocal last_done
        last_done = time.perf_counter()

    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.db") as store:
        cpu0 = cpu_s()
        start = time.perf_counter()
        summary = ingest(store, [folder], pack, progress=progress)
        end = time.perf_counter()
        cpu = cpu_s() - cpu0
        db_mb = (Path(tmp) / "bench.db").stat().st_size / 2**20
    problems = [o.message for o in summary.outcomes if o.status == "failed"]
    return {
        "files": len(summary.outcomes),
        "seconds": end - start,
        "cpu_s": cpu,
        "documents_s": (last_done or end) - start,
        "recluster_s": end - (last_done or end),
        "import_s": import_s,
        "warmup_s": warmup_s,
        "claims": summary.claims,
        "events": summary.events,
        "new": summary.count("new"),
        "unchanged": summary.count("unchanged"),
        "replaced": summary.count("replaced"),
        "failed": len(problems),
        "problems": problems[:3],
        "db_mb": db_mb,
        "peak_rss_mb": peak_rss_mb(),
    }


class _Clock:
    """Seconds spent per stage, summed over documents."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.errors: dict[str, str] = {}

    def run(self, stage: str, fn: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        try:
            return fn()
        except Exception as exc:  # a failing stage is reported, and the documents after it still run
            self.errors.setdefault(stage, repr(exc))
            return None
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - start


def stages(folder: Path, warm_file: Path) -> dict[str, Any]:
    """Each stage timed on its own, in the driver's order, on the same documents.

    Linking is timed standalone on the document text; extraction calls the
    linker itself, so the ``extract`` figure includes linking again.
    """
    from hodo.extract import extract_claims
    from hodo.ingest import InputError, read_inputs
    from hodo.models import Document
    from hodo.normalize import normalize
    from hodo.packs import load_pack
    from hodo.pipeline import content_hash, update_events
    from hodo.segment import segment_document
    from hodo.store import Store

    pack = load_pack()
    _warm(warm_file, pack)
    clock = _Clock()
    try:
        from hodo.link import Linker

        linker = Linker.for_pack(pack)
    except Exception as exc:  # the linker may not exist yet; the other stages are still worth timing
        linker = None
        clock.errors["link"] = repr(exc)

    items = clock.run("ingest", lambda: list(read_inputs([str(folder)])))
    raws = [i for i in items or [] if not isinstance(i, InputError)]
    all_claims = []
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "stages.db") as store:
        for raw in raws:
            norm = clock.run("normalize", lambda raw=raw: normalize(raw.text))
            if norm is None:
                continue
            doc = Document(
                doc_id=raw.doc_id,
                content_hash=content_hash(raw),
                source=raw.source,
                text=norm.text,
                original=norm.original,
                date=raw.date,
                url=raw.url,
                title=raw.title,
                encoding=raw.encoding,
            )
            doc = clock.run("segment", lambda doc=doc: segment_document(doc, pack))
            if doc is None:
                continue
            if linker is not None:
                clock.run("link", lambda doc=doc: linker.mentions(doc.text))
            claims = clock.run("extract", lambda doc=doc: extract_claims(doc, pack))
            if claims is None:
                continue
            clock.run("store", lambda doc=doc, claims=claims: store.save_document(doc, claims))
            all_claims += claims
        # Clustering reads the stored claims and writes the events it changes, batch by batch.
        events = clock.run("cluster", lambda: update_events(store))
    return {
        "documents": len(raws),
        "claims": len(all_claims),
        "events": events or 0,
        "seconds": clock.seconds,
        "errors": clock.errors,
    }


def main(argv: list[str]) -> int:
    task, folder = argv[0], Path(argv[1])
    if task == "tokenize":
        result = tokenize(folder)
    elif task == "pipeline":
        result = pipeline(folder, Path(argv[2]))
    elif task == "stages":
        result = stages(folder, Path(argv[2]))
    else:
        raise SystemExit(f"unknown task {task!r}")
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
