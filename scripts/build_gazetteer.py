"""Build the pack's compact gazetteer from GeoNames extracts.

    .venv/bin/python scripts/build_gazetteer.py [GEONAMES_DIR] [OUT]

GEONAMES_DIR defaults to ../shared/data/geonames, OUT to
src/hodo/packs/russia_ukraine/gazetteer.tsv.gz. Input: UA_postal.txt (every
Ukrainian settlement, one row per postal code) and cities15000_2012.txt
(larger places; we keep Ukraine, Russia, Belarus and any place with a
katakana name). Postal rows are deduplicated to one row per settlement and
oblast. Each row is tagged with the pack's oblast id through the `geonames`
names and admin1 codes (UA.21) that places.toml gives its oblasts.

Output: gzip'd TSV, a `#` attribution line, then
    skeleton  name  native  oblast_id  country  lat  lon
where skeleton is hodo.link.kana.skeleton of the native (or katakana) name,
with the pack's transliteration folds.
"""

from __future__ import annotations

import gzip
import sys
import tomllib
from pathlib import Path

from anyascii import anyascii

from hodo.link.kana import folds_for, has_katakana, skeleton
from hodo.packs import load_pack

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "src" / "hodo" / "packs" / "russia_ukraine"
ATTRIBUTION = (
    "# Derived from GeoNames (geonames.org) postal codes and cities15000, "
    "licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). "
    "Columns: skeleton name native oblast_id country lat lon"
)
COUNTRIES = {"UA", "RU", "BY"}
# The keys must fold as the linker folds the names it looks up: with the pack's folds.
FOLDS = folds_for(load_pack(str(PACK)))


def oblast_ids() -> dict[tuple[str, str], str]:
    """(country, GeoNames region: postal admin1 name or admin1 code) → the pack's place id."""
    with (PACK / "places.toml").open("rb") as handle:
        places = tomllib.load(handle)["place"]
    table: dict[tuple[str, str], str] = {}
    for place in places:
        country = place["id"].split(".")[0].upper()
        for name in place.get("geonames", []):
            table[(country, name)] = place["id"]
    return table


def latin_name(native: str) -> str:
    latin = anyascii(native).replace("'", "")
    return latin[:1].upper() + latin[1:]


def postal_rows(path: Path, oblasts: dict[tuple[str, str], str]) -> list[tuple[str, ...]]:
    seen: set[tuple[str, str]] = set()
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 11 or not cols[9]:
            continue
        # "Горького (Горьківська сельска рада)": the part in brackets is the council.
        native = cols[2].split(" (")[0].strip()
        oblast = oblasts.get(("UA", cols[3]), "")
        if not native or (native, oblast) in seen:
            continue
        seen.add((native, oblast))
        rows.append((skeleton(native, FOLDS), latin_name(native), native, oblast, "ua",
                     f"{float(cols[9]):.4f}", f"{float(cols[10]):.4f}"))
    return rows


def city_rows(path: Path, oblasts: dict[tuple[str, str], str]) -> list[tuple[str, ...]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 11:
            continue
        name, alternates, lat, lon, country, admin_code = cols[1], cols[3], cols[4], cols[5], cols[8], cols[10]
        katakana = [alt for alt in alternates.split(",") if has_katakana(alt)]
        if country not in COUNTRIES and not katakana:
            continue
        oblast = oblasts.get((country, f"{country}.{admin_code}"), "")
        natives = [alt for alt in alternates.split(",") if any("Ѐ" <= ch <= "ӿ" for ch in alt)][:2]
        keys = {
            skeleton(name, FOLDS): name,
            **{skeleton(k, FOLDS): k for k in katakana},
            **{skeleton(n, FOLDS): n for n in natives},
        }
        for key, native in keys.items():
            if key:
                rows.append((key, name, native, oblast, country.lower(), f"{float(lat):.4f}", f"{float(lon):.4f}"))
    return rows


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "data" / "geonames"
    out = Path(argv[2]) if len(argv) > 2 else PACK / "gazetteer.tsv.gz"
    oblasts = oblast_ids()
    rows = postal_rows(source / "UA_postal.txt", oblasts)
    rows += city_rows(source / "cities15000_2012.txt", oblasts)
    rows = sorted(set(rows))
    body = "\n".join([ATTRIBUTION, *("\t".join(row) for row in rows)]) + "\n"
    # mtime=0 keeps the file byte-identical across rebuilds.
    with out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as handle:
        handle.write(body.encode("utf-8"))
    print(f"{out}: {len(rows)} rows, {out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
