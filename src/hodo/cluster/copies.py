"""Syndicated copies: one story carried by several sites counts as one source.

A Kyodo or AFP item appears on the agency's own site, on a portal and in a
regional paper, each with its own headline, ads and small edits. Such a
document is recognised as a copy of one that comes before it in the store's
document order (cluster/copy_links.py) and its claims are marked
(``Claim.copy_of``); events list a copy's outlet but count only
independent reports for corroboration and for contested flags.

Near-duplicate text is measured on character 5-gram shingles of the text with
spaces and punctuation squeezed out (Japanese has no word breaks, and 5
characters are enough that unrelated stories on the same war share few of
them: independent reports of one happening in the wild set share at most 0.1
Jaccard, 0.23 containment). A document is a copy when most of its shingles
(``COPY_CONTAINMENT``) are in a stored one, which ads and related headlines do
not change much, and when it writes the stored one's figures (the next day's
report in the same template changes them). The share is computed from the
Jaccard similarity, estimated from a MinHash signature built by
one-permutation hashing: each shingle's hash picks one of ``BINS`` bins by
its top bits and competes for the bin's minimum with the rest; empty bins
borrow a neighbour's value (rotation densification), so that two signatures
agree on a bin with probability equal to the Jaccard similarity. The hash is
the CRC-32 of the shingle's UTF-32 bytes, so that hashing, sorting and
finding each bin's minimum (the first hash at or above the bin's start) all
run in C: a Python loop over the shingles would cost more than the rest of
the fingerprint. On the wild set's documents it estimates the similarity
within 0.006 of the exact figure on average (0.03 at worst), as closely as
BLAKE2 does at four times the cost. Stored signatures are comparable only
with signatures made the same way: a change to the shingles or the hash
needs a migration that recomputes them.

Copies are found through an index, never by comparing all pairs: the
signature is cut into ``BANDS`` bands of ``ROWS`` values, each band hashed to
one key (locality-sensitive hashing), and a document whose wire is named by a
dateline or byline (【モスクワ共同】, (ロイター): outlet markers, pack data) is
also filed under (wire, day). Only documents sharing a key are compared. With
40 bands of 3, a pair at Jaccard 0.5 shares a band with probability 0.995,
at 0.3 (a story reprinted on a page twice its length) 0.67, at 0.1 0.04.

Our own MinHash rather than datasketch's: the index must live in the store,
growing document by document across runs and processes, while datasketch's
MinHashLSH keeps its buckets in memory (or Redis); only its hashing would be
used, and that brings numpy and scipy for what is a few lines here.

Limits: a translation shares no shingles with its source, so a translated
wire story is only recognised as a copy of another version of the same
translation (both name the wire on days close together and share at least
``WIRE_CONTAINMENT``). Only a document's first ``FINGERPRINT_CHARS`` count,
so an item reprinted from far down a long digest is not found.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Protocol

from hodo.models import Claim, CopyMatch, CopyOf, Document, Fingerprint, Outlet

SHINGLE = 5
BINS = 128
ROWS = 3
BANDS = 40
# The share of a new document's shingles found in a stored one from which it is a copy.
COPY_CONTAINMENT = 0.5
# Enough when both texts credit the same wire on days close together.
WIRE_CONTAINMENT = 0.3
# Share of a copy's sentence found in the original for its claims to be copies.
SENTENCE_CONTAINMENT = 0.6
# Too little text to tell a reprint from a stock phrase.
MIN_SHINGLES = 20
# A document is fingerprinted on its first so many characters (spaces and punctuation
# squeezed out): all of a news article, and a bounded cost for a long compilation.
FINGERPRINT_CHARS = 10_000
# Days either side of its own on which a copy's wire is looked up.
WIRE_DAYS = 1
# Share of a copy's numbers the original must write too: a reprint keeps the story's
# figures and dates, where the next day's report in the same template changes them.
FIGURE_AGREEMENT = 0.75

_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")

_NOT_TEXT = re.compile(r"[\W_]+")
_MASK64 = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15
# CRC-32 values: the top bits pick the bin.
_VALUE_BITS = 32 - (BINS.bit_length() - 1)


class StoredFingerprint(Protocol):
    """A stored document's fingerprint as the store returns it (see store/copies.py)."""

    doc_id: str
    signature: tuple[int, ...]
    size: int
    wires: tuple[str, ...]
    # The original it is itself a copy of, if any.
    original: str | None
    figures: frozenset[str]


def squeeze(text: str) -> str:
    """The text without spaces and punctuation, lower-cased: what shingles are cut from."""
    return _NOT_TEXT.sub("", text).lower()


def shingles(text: str, limit: int | None = None) -> set[bytes]:
    """The text's distinct runs of ``SHINGLE`` characters, as UTF-32 bytes (fixed width: cut by slicing).

    ``limit``: only the first that many characters of the squeezed text.
    """
    data = squeeze(text)[:limit].encode("utf-32-le")
    width = 4 * SHINGLE
    if len(data) < width:
        return {data} if data else set()
    return {data[i : i + width] for i in range(0, len(data) - width + 4, 4)}


def _key(*parts: object) -> int:
    """An index key: a signed 64-bit integer, as SQLite stores them."""
    digest = hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def signature(grams: Iterable[bytes]) -> tuple[int, ...]:
    """The one-permutation MinHash signature of a shingle set (``BINS`` values)."""
    hashes = sorted(map(zlib.crc32, grams))
    if not hashes:
        return ()
    mins: list[int | None] = []
    for slot in range(BINS):
        first = bisect_left(hashes, slot << _VALUE_BITS)
        found = first < len(hashes) and hashes[first] >> _VALUE_BITS == slot
        mins.append(hashes[first] if found else None)
    result: list[int] = []
    for i, value in enumerate(mins):
        if value is None:
            # The next filled bin to the right, round the circle, and how far it is.
            distance = next(d for d in range(1, BINS) if mins[(i + d) % BINS] is not None)
            borrowed = mins[(i + distance) % BINS]
            assert borrowed is not None
            value = (borrowed * _GOLDEN + distance) & _MASK64
        result.append(value)
    return tuple(result)


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    if not a or len(a) != len(b):
        return 0.0
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a)


def containment(jaccard: float, size: int, other_size: int) -> float:
    """The share of a set of ``size`` shingles found in another, from their Jaccard similarity.

    |A ∩ B| = J (|A| + |B|) / (1 + J): reprints carry ads and related headlines
    that lower the Jaccard similarity but not how much of the story they repeat.
    """
    if size <= 0:
        return 0.0
    shared = jaccard * (size + other_size) / (1 + jaccard)
    return min(1.0, shared / size)


def band_keys(sig: Sequence[int]) -> list[int]:
    return [_key("band", band, *sig[band * ROWS : (band + 1) * ROWS]) for band in range(BANDS)]


def wire_key(wire: str, day: date) -> int:
    return _key("wire", wire, day.isoformat())


def figures(text: str) -> frozenset[str]:
    """The numbers a text writes (digits, thousands separators dropped)."""
    return frozenset(m.group().replace(",", "") for m in _FIGURE.finditer(text))


def figures_agree(copy: frozenset[str], original: frozenset[str]) -> bool:
    if not copy:
        return True
    return len(copy & original) / len(copy) >= FIGURE_AGREEMENT


def wires_of(doc: Document) -> tuple[str, ...]:
    """The outlets that a segmented document's own markers credit (datelines, bylines, sign-offs)."""
    return tuple(sorted({r.outlet.id for r in doc.reports if r.outlet is not None}))


def fingerprint(doc: Document) -> Fingerprint | None:
    """The document's signature and index keys; None when it is too short to tell."""
    grams = shingles(doc.text, FINGERPRINT_CHARS)
    if len(grams) < MIN_SHINGLES:
        return None
    return filed_fingerprint(signature(grams), len(grams), wires_of(doc), figures(doc.text), doc.date)


def filed_fingerprint(
    sig: tuple[int, ...], size: int, wires: tuple[str, ...], written: frozenset[str], day: date | None
) -> Fingerprint:
    """A fingerprint with its index keys, from what the copy index keeps of a document."""
    bands = band_keys(sig)
    filed, looked_up = list(bands), list(bands)
    if day is not None:
        for wire in wires:
            filed.append(wire_key(wire, day))
            looked_up += [wire_key(wire, day + timedelta(days=d)) for d in range(-WIRE_DAYS, WIRE_DAYS + 1)]
    return Fingerprint(
        signature=sig,
        keys=tuple(filed),
        lookup=tuple(dict.fromkeys(looked_up)),
        wires=wires,
        size=size,
        figures=written,
    )


def best_original(found: Fingerprint, candidates: Iterable[StoredFingerprint]) -> CopyMatch | None:
    """The stored document this one copies, if any: the one holding most of it, traced to its original.

    Most of the new document must be found in the stored one (a long digest
    that quotes a short item is not a copy of it; the item is a copy of the
    digest), and most of its figures. Ties go to the candidate listed first
    (the store lists them in document order).
    """
    best: CopyMatch | None = None
    best_score = 0.0
    for candidate in candidates:
        score = containment(similarity(found.signature, candidate.signature), found.size, candidate.size)
        shared = sorted(set(found.wires) & set(candidate.wires))
        is_copy = (score >= COPY_CONTAINMENT or (bool(shared) and score >= WIRE_CONTAINMENT)) and figures_agree(
            found.figures, candidate.figures
        )
        if is_copy and score > best_score:
            best_score = score
            best = CopyMatch(
                original=candidate.original or candidate.doc_id,
                similarity=round(score, 3),
                wire=shared[0] if shared else None,
            )
    return best


def copied_claims(
    claims: Sequence[Claim],
    original_text: str,
    original_claims: Iterable[Claim],
    site: Outlet | None,
    original: str,
) -> list[Claim]:
    """The claims with ``copy_of`` set where their sentence is found in the original, figures and all.

    A paragraph the copying site added is its own report, and so is a sentence
    whose figures the original's claims do not give: their claims stay independent.
    """
    source = shingles(original_text)
    squeezed_source = squeeze(original_text)
    source_values = {q.value for c in original_claims for q in c.quantities}
    marked: list[Claim] = []
    for claim in claims:
        grams = shingles(claim.sentence)
        if any(q.value not in source_values for q in claim.quantities):
            found = False
        elif len(grams) <= 1:
            found = squeeze(claim.sentence) in squeezed_source
        else:
            found = len(grams & source) / len(grams) >= SENTENCE_CONTAINMENT
        marked.append(replace(claim, copy_of=CopyOf(original, site)) if found else claim)
    return marked
