"""Turn a file's bytes into text: refuse binary data, detect the encoding.

Japanese posts come as UTF-8 (with or without BOM), Shift_JIS/CP932, EUC-JP,
now and then ISO-2022-JP or UTF-16 with a BOM. Strict UTF-8 is tried first: a
legacy Japanese file almost never decodes as UTF-8 by chance. Shift_JIS and
EUC-JP can both decode the same short byte string, so when both succeed the
one that reads more like Japanese wins (EUC-JP bytes read as Shift_JIS give
half-width katakana and private-use characters). charset-normalizer breaks
ties and handles the rare non-Japanese legacy file; it only sees a sample
because it is slow on big inputs.

Damage is repaired rather than refused, and said: a few undecodable bytes in
otherwise good text become U+FFFD, stray control characters are removed, and
each repair is a warning line. Only data that is not text at all (NUL bytes,
a file format's magic number, mostly control bytes) is refused.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

__all__ = ["DecodeProblem", "Decoded", "declared_charset", "decode_bytes", "decode_text"]


class DecodeProblem(ValueError):
    """The bytes are not text we can read; the message says why, for the user."""


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)

_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (docx, xlsx, epub ...)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x7fELF", "an executable"),
)

# C0 controls that plain text does not contain (tab, LF, VT, FF, CR and ESC may appear).
_CONTROL_BYTES = bytes([*range(0x01, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_CONTROL_CHARS = re.compile("[" + re.escape(_CONTROL_BYTES.decode("ascii")) + "]")
# Text with stray control characters is text; data that is mostly control bytes is not.
_MAX_CONTROL_SHARE = 0.3
# UTF-8 with this few undecodable bytes is UTF-8 with damage, not another encoding.
_MAX_BAD_UTF8_SHARE = 0.005
_MIN_BAD_UTF8_ALLOWED = 8
_REPLACEMENT = "\ufffd"
_ISO2022_ESCAPE = re.compile(rb"\x1b\$[@B]|\x1b\([BJ]")
_SAMPLE_BYTES = 64 * 1024
_SAMPLE_CHARS = 100_000
# A few undecodable bytes (a file cut mid-character, one stray byte) are replaced, not refused.
_MAX_BAD_SHARE = 0.001


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page names in its first 4 KiB (``<meta charset>``), if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


@dataclass
class Decoded:
    text: str
    encoding: str
    # What had to be repaired, one line each ("3 undecodable bytes replaced with U+FFFD").
    warnings: list[str] = field(default_factory=list)


def decode_text(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data``, repairing small damage; ``declared``: a charset the file names itself.

    Raises DecodeProblem for binary data and for bytes no candidate encoding reads.
    """
    text, encoding = _decode(data, declared)
    warnings = []
    replaced = text.count(_REPLACEMENT) - _replacements_written(data, encoding)
    if replaced > 0:
        warnings.append(f"{replaced} undecodable byte sequence{'s' if replaced > 1 else ''} replaced with U+FFFD")
    text, stripped = _CONTROL_CHARS.subn("", text)
    if stripped:
        warnings.append(f"{stripped} control character{'s' if stripped > 1 else ''} removed")
    return Decoded(text, encoding, warnings)


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data``; return (text, codec name). See :func:`decode_text`."""
    decoded = decode_text(data, declared)
    return decoded.text, decoded.encoding


def _decode(data: bytes, declared: str | None) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as err:
                raise DecodeProblem(
                    f"starts with a {codec} byte-order mark but is not valid {codec}"
                ) from err
            return text, codec
    _refuse_binary(data)
    # ISO-2022-JP is 7-bit, so it would pass for UTF-8: its escape sequences come first.
    if data.isascii() and _ISO2022_ESCAPE.search(data):
        for codec in ("iso2022_jp_ext", "iso2022_jp_2"):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                continue
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    decoded = _strict_japanese(data)
    damaged = _damaged_utf8(data)
    if damaged is not None and all(_japanese_score(t) <= _japanese_score(damaged) for t, _ in decoded):
        return damaged, "utf-8"
    # A page's own charset label settles a tie but cannot override what the bytes show:
    # pages that say ISO-8859-1 and hold Shift_JIS exist, and Latin-1 decodes anything.
    family = _family(declared)
    for text, codec in decoded:
        if family and _family(codec) == family:
            return text, codec
    if decoded:
        return _most_japanese(decoded, data)
    if declared:
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    return _lenient(data)


def _replacements_written(data: bytes, encoding: str) -> int:
    """How many U+FFFD the bytes themselves spell (not put in by decoding)."""
    try:
        return data.count(_REPLACEMENT.encode(encoding)) if encoding.startswith("utf-8") else 0
    except LookupError:
        return 0


def _damaged_utf8(data: bytes) -> str | None:
    """``data`` read as UTF-8 with its few undecodable bytes replaced; None when they are not few."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count(_REPLACEMENT) - _replacements_written(data, "utf-8")
    return text if bad <= max(_MIN_BAD_UTF8_ALLOWED, len(data) * _MAX_BAD_UTF8_SHARE) else None


def _refuse_binary(data: bytes) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise DecodeProblem(f"binary file ({what}), not text")
    if b"\x00" in data:
        raise DecodeProblem("binary file (contains NUL bytes), not text")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > max(8, len(data) * _MAX_CONTROL_SHARE):
        raise DecodeProblem(f"binary file ({controls} control bytes), not text")


def _strict_japanese(data: bytes) -> list[tuple[str, str]]:
    """Every Japanese legacy family that decodes ``data`` strictly, as (text, codec)."""
    found = []
    # Within a family the narrower standard codec is preferred: it maps 〜 and − as
    # Unicode does; the Microsoft/2004 extension adds ① and the like when needed.
    for family in (("shift_jis", "cp932"), ("euc_jp", "euc_jis_2004")):
        for codec in family:
            try:
                found.append((data.decode(codec), codec))
                break
            except UnicodeDecodeError:
                continue
    return found


_FAMILIES = {
    "shift_jis": "sjis",
    "cp932": "sjis",
    "shift_jis_2004": "sjis",
    "shift_jisx0213": "sjis",
    "euc_jp": "euc",
    "euc_jis_2004": "euc",
    "euc_jisx0213": "euc",
}


def _family(label: str | None) -> str | None:
    """Which Japanese legacy family a charset label names (the many aliases of Shift_JIS included)."""
    if not label:
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return "sjis" if label.lower() in ("windows-31j", "x-sjis") else None
    return _FAMILIES.get(name.replace("-", "_"))


def _most_japanese(candidates: list[tuple[str, str]], data: bytes) -> tuple[str, str]:
    if len(candidates) == 1:
        return candidates[0]
    scored = sorted(((_japanese_score(text), i) for i, (text, _) in enumerate(candidates)), reverse=True)
    if scored[0][0] > scored[1][0]:
        return candidates[scored[0][1]]
    guess = _guess(data)
    for text, codec in candidates:
        if guess and guess.replace("-", "_") in codec:
            return text, codec
    return candidates[0]


def _japanese_score(text: str) -> int:
    """Higher for text that reads like Japanese: kana and common kanji, no mojibake signs."""
    score = 0
    for ch in text[:_SAMPLE_CHARS]:
        code = ord(ch)
        if 0x3040 <= code <= 0x30FF or 0x3000 <= code <= 0x303F:
            score += 2
        elif 0x4E00 <= code <= 0x9FFF:
            score += 1
        elif 0xFF61 <= code <= 0xFF9F:
            score -= 3  # half-width katakana: rare in real text, common in mojibake
        elif 0xE000 <= code <= 0xF8FF or (code < 0x20 and ch not in "\t\n\r"):
            score -= 10
    return score


def _guess(data: bytes) -> str | None:
    best = from_bytes(data[:_SAMPLE_BYTES]).best()
    return best.encoding if best else None


def _lenient(data: bytes) -> tuple[str, str]:
    """Accept the encoding that needs the fewest replacement characters, if they are very few."""
    codecs = ["utf-8", "cp932", "euc_jp"]
    guess = _guess(data)
    if guess and guess not in codecs:
        try:
            return data.decode(guess), guess
        except (UnicodeDecodeError, LookupError):
            codecs.append(guess)
    best: tuple[int, str, str] | None = None
    for codec in codecs:
        try:
            text = data.decode(codec, errors="replace")
        except LookupError:
            continue
        bad = text.count("\ufffd")
        if best is None or bad < best[0]:
            best = (bad, text, codec)
    if best is not None and best[0] <= max(1, len(data) * _MAX_BAD_SHARE):
        return best[1], best[2]
    raise DecodeProblem("cannot decode: not UTF-8, Shift_JIS/CP932 or EUC-JP text")
