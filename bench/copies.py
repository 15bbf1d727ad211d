"""Copy detection at scale: an original looked up by index, against comparing every stored document.

    python bench/copies.py [--sizes 1000,10000] [--lookups 200] [--corpus DIR] [--json]

For each size, a store is filled with that many documents, each eight random
sentences of half the corpus's sentences, varied as bench/corpus.py varies a
later report of the same kind (dates shifted, figures moved): with a few
hundred sentences to draw from, every sentence is in many stored documents, a
harder case for an index than real news, where independent reports share
few. Then ``--lookups`` new documents are looked up, half of them reprints of
a stored one (a line of ads before, a related headline after, one sentence
dropped), half made the same way from the other half of the sentences, which
no stored document holds. Timed
per lookup, in the same process: the index (fingerprint, ``candidates``,
``best_original``: what the pipeline runs) and the all-pairs baseline (the
same fingerprint compared with every stored signature). The figure that
matters is growth: from the smallest size to the largest, index time should
stay near flat while all-pairs time grows with the store. Recall (reprints
found) and false copies (new combinations taken for copies) are shown too.
This is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from corpus import default_corpus_dir, load_sources, vary
from hodo.cluster import copies
from hodo.models import Document
from hodo.store import Store
from hodo.store import copies as index
from hodo.store.copies import StoredFingerprint

SENTENCES_PER_DOC = 8
_SENTENCE_END = re.compile(r"(?<=。)|\n+")


def _sentences(folder: Path) -> list[str]:
    found: list[str] = []
    for source in load_sources(folder):
        found += [s.strip() for s in _SENTENCE_END.split(source.text) if len(s.strip()) >= 20]
    return list(dict.fromkeys(found))


def _document(doc_id: str, text: str) -> Document:
    return Document(doc_id=doc_id, content_hash=doc_id, source=doc_id, text=text, original=text, date=date(2025, 6, 5))


def _fill(store: Store, texts: list[str]) -> None:
    with store.transaction() as conn:
        for n, text in enumerate(texts):
            conn.execute(
                "INSERT INTO documents (doc_id, content_hash, source, encoding, original, text, ingested_at)"
                " VALUES (?, ?, 'bench', 'utf-8', ?, ?, '')",
                (f"d{n}", f"h{n}", text, text),
            )
            found = copies.fingerprint(_document(f"d{n}", text))
            if found is not None:
                index.write_fingerprint(conn, f"d{n}", found, None)


def _reprint(text: str, rng: random.Random) -> str:
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) > 3:
        del lines[rng.randrange(1, len(lines))]
    return "広告 期間限定のお得なセールを実施中\n" + "\n".join(lines) + "\n関連記事 前線の最新情勢をまとめて読む"


def _text(pool: list[str], rng: random.Random, k: int, seed: int) -> str:
    return vary("\n".join(rng.sample(pool, SENTENCES_PER_DOC)), k, seed=seed)


def measure(size: int, lookups: int, sentences: list[str], seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    shuffled = rng.sample(sentences, len(sentences))
    stored_pool, unseen_pool = shuffled[::2], shuffled[1::2]
    texts = [_text(stored_pool, rng, 1 + n % 40, n) for n in range(size)]
    reprints = [(_reprint(texts[rng.randrange(size)], rng), True) for _ in range(lookups // 2)]
    fresh = [(_text(unseen_pool, rng, 41 + n, size + n), False) for n in range(lookups - lookups // 2)]
    queries = reprints + fresh
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "copies.db") as store:
        started = time.perf_counter()
        _fill(store, texts)
        fill_s = time.perf_counter() - started
        everything = [
            StoredFingerprint(row[0], index.unpack_signature(row[1]), row[2], tuple(json.loads(row[3])), None,
                              frozenset(json.loads(row[4])))
            for row in store.conn.execute("SELECT doc_id, signature, shingles, wires, figures FROM fingerprints")
        ]
        index_s = pairs_s = 0.0
        found = false_copies = candidates_seen = 0
        for n, (text, is_reprint) in enumerate(queries):
            started = time.perf_counter()
            fingerprint = copies.fingerprint(_document(f"q{n}", text))
            assert fingerprint is not None
            candidates = index.candidates(store.conn, fingerprint, f"q{n}")
            match = copies.best_original(fingerprint, candidates)
            index_s += time.perf_counter() - started
            candidates_seen += len(candidates)
            started = time.perf_counter()
            copies.fingerprint(_document(f"q{n}", text))
            copies.best_original(fingerprint, everything)
            pairs_s += time.perf_counter() - started
            if is_reprint:
                found += match is not None
            else:
                false_copies += match is not None
    return {
        "size": size,
        "fill_s": fill_s,
        "index_ms": 1000 * index_s / len(queries),
        "all_pairs_ms": 1000 * pairs_s / len(queries),
        "candidates": candidates_seen / len(queries),
        "recall": found / len(reprints),
        "false_copies": false_copies / len(fresh),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    sentences = _sentences(args.corpus or default_corpus_dir())
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = [measure(size, args.lookups, sentences, args.seed) for size in sizes]
    first, last = rows[0], rows[-1]
    growth = {
        "stored": last["size"] / first["size"],
        "index": last["index_ms"] / first["index_ms"],
        "all_pairs": last["all_pairs_ms"] / first["all_pairs_ms"],
    }
    if args.json:
        print(json.dumps({"sizes": rows, "growth": growth}))
        return 0
    print(f"{'stored':>8} {'index ms':>9} {'all-pairs ms':>13} {'candidates':>11} {'recall':>7} {'false copies':>13}")
    for row in rows:
        print(
            f"{row['size']:>8} {row['index_ms']:>9.2f} {row['all_pairs_ms']:>13.2f} {row['candidates']:>11.1f}"
            f" {row['recall']:>7.2f} {row['false_copies']:>13.2f}"
        )
    print(
        f"growth from {first['size']} to {last['size']} stored ({growth['stored']:.0f}x): "
        f"index {growth['index']:.2f}x, all-pairs {growth['all_pairs']:.2f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
