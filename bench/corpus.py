"""The benchmark corpus: the source documents, and varied copies of them for 10× and 100×.

A copy of a document would be skipped by the store (same content hash), so
each variant differs in content the way a later report of the same kind
would: its dates (bare days of the month too) shift by some days, its figures move by up to a quarter,
and its blank-line-separated blocks come in another order (the first block,
usually a headline, stays first). Variants keep the source's extension, so
ingest reads them the same way, and each gets its own file name.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
SHARED_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
SAMPLE_CORPUS = PROJECT_ROOT / "src" / "hodo" / "sample"
SUFFIXES = frozenset((".txt", ".text", ".md", ".markdown", ".html", ".htm", ".jsonl", ".ndjson"))

# Year assumed for dates written without one (月日 only): the corpus is war coverage of 2025.
DEFAULT_YEAR = 2025

# One pass over the text: dates first (so their digits are not taken as figures), then figures.
# \d matches full-width digits too, and int() reads them.
_TOKEN = re.compile(
    r"(?P<ymd>(?P<y>\d{4})年(?P<m1>\d{1,2})月(?P<d1>\d{1,2})日)"
    r"|(?P<iso>(?P<iy>\d{4})(?P<sep>[-/])(?P<im>\d{1,2})(?P=sep)(?P<id>\d{1,2}))"
    r"|(?P<md>(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日)"
    r"|(?P<tag>(?<=[(（])\d{6}(?=[)）]))"
    r"|(?P<day>(?<![\d年月.,])(?P<d3>\d{1,2})日(?![間目]))"
    r"|(?P<num>(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\d.,])\d+(?![\d,]))"
)
# A figure followed by one of these is a time or a date part, not a count to perturb.
_TIME_UNITS = frozenset("年月日時分秒")
_BLOCK_SPLIT = re.compile(r"\n[ \t\u3000]*\n")


@dataclass(frozen=True)
class SourceDoc:
    name: str
    text: str

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix


def default_corpus_dir() -> Path:
    """../shared/corpus when this checkout has it, else the sample bundled with hodo."""
    return SHARED_CORPUS if SHARED_CORPUS.is_dir() else SAMPLE_CORPUS


def load_sources(folder: Path) -> list[SourceDoc]:
    """The documents of ``folder`` (flat, known suffixes, sorted), read as UTF-8."""
    docs = [
        SourceDoc(p.name, p.read_text(encoding="utf-8"))
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in SUFFIXES
    ]
    if not docs:
        raise FileNotFoundError(f"no documents in {folder}")
    return docs


def vary(text: str, k: int, seed: int = 0) -> str:
    """Variant ``k`` of ``text``: dates shifted by ``k`` days, figures perturbed, blocks shuffled.

    Variant 0 is the text itself; the same (text, k, seed) always gives the same variant.
    """
    if k == 0:
        return text
    rng = random.Random(f"{seed}:{k}:{len(text)}")
    shift = timedelta(days=k)
    factor = rng.uniform(0.75, 1.25)
    # A bare day (「4日」) means a day of the month last written in full before it.
    month = [DEFAULT_YEAR, 1]

    def replace(m: re.Match[str]) -> str:
        if m["ymd"]:
            month[:] = [int(m["y"]), int(m["m1"])]
            d = _shifted(int(m["y"]), int(m["m1"]), int(m["d1"]), shift)
            return f"{d.year}年{d.month}月{d.day}日" if d else m[0]
        if m["iso"]:
            month[:] = [int(m["iy"]), int(m["im"])]
            d = _shifted(int(m["iy"]), int(m["im"]), int(m["id"]), shift)
            return f"{d.year:04d}{m['sep']}{d.month:02d}{m['sep']}{d.day:02d}" if d else m[0]
        if m["md"]:
            month[1] = int(m["m2"])
            d = _shifted(month[0], int(m["m2"]), int(m["d2"]), shift)
            return f"{d.month}月{d.day}日" if d else m[0]
        if m["day"]:
            d = _shifted(month[0], month[1], int(m["d3"]), shift)
            return f"{d.day}日" if d else m[0]
        if m["tag"]:
            t = m["tag"]
            d = _shifted(2000 + int(t[:2]), int(t[2:4]), int(t[4:]), shift)
            return f"{d.year % 100:02d}{d.month:02d}{d.day:02d}" if d else t
        return _perturbed(m, factor)

    varied = _TOKEN.sub(replace, text)
    body = varied.rstrip()
    blocks = _BLOCK_SPLIT.split(body)
    if len(blocks) > 2:
        rest = blocks[1:]
        rng.shuffle(rest)
        varied = "\n\n".join([blocks[0], *rest]) + varied[len(body) :]
    return varied


def _shifted(year: int, month: int, day: int, shift: timedelta) -> date | None:
    try:
        return date(year, month, day) + shift
    except (ValueError, OverflowError):
        return None


def _perturbed(m: re.Match[str], factor: float) -> str:
    """A figure scaled by ``factor``; small numbers, times and dates stay as they are."""
    figure = m["num"]
    after = m.string[m.end() : m.end() + 1]
    value = int(figure.replace(",", ""))
    if value < 10 or after in _TIME_UNITS or figure.startswith("0"):
        return figure
    scaled = max(10, round(value * factor))
    return f"{scaled:,}" if "," in figure else str(scaled)


def write_corpus(sources: list[SourceDoc], multiplier: int, folder: Path, seed: int = 0) -> int:
    """Write ``multiplier`` versions of every source into ``folder``; return the characters written.

    Version 0 is the source itself; the others are ``vary(text, k)`` for k = 1 … multiplier-1.
    """
    folder.mkdir(parents=True, exist_ok=True)
    chars = 0
    for k in range(multiplier):
        for doc in sources:
            text = vary(doc.text, k, seed)
            stem = Path(doc.name).stem
            (folder / f"{stem}__v{k:03d}{doc.suffix}").write_text(text, encoding="utf-8")
            chars += len(text)
    return chars


def write_long_document(sources: list[SourceDoc], megabytes: float, path: Path, seed: int = 0) -> int:
    """One post of about ``megabytes`` MB (UTF-8): variants of every source, one after another.

    A single document as long as a year of one outlet's posts: what the
    single-document growth figure ingests. Returns its characters.
    """
    # MB as MiB, never past it: 50 MB stays within ingest's default limit of 50 MiB.
    limit = int(megabytes * 1024 * 1024)
    parts: list[str] = []
    size = 0
    k = 0
    while True:
        for doc in sources:
            text = vary(doc.text, k, seed)
            grown = size + len(text.encode("utf-8")) + (2 if parts else 0)
            if grown > limit and parts:
                break
            parts.append(text)
            size = grown
        else:
            k += 1
            continue
        break
    text = "\n\n".join(parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return len(text)
