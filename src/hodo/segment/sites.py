"""Which outlet published a document, from what its source says about it.

An input's metadata names its publisher: an HTML page's site name, a feed's
outlet id in FEEDS.toml, a JSON Lines ``source``, a Markdown front-matter
``source`` or ``outlet``; a web page's address names its site. The name is
linked to the pack's outlets (by id, name or alias: outlets.toml ``ja``/``en``,
or by a ``domain`` marker for the address); a publisher the pack does not know
is kept unlinked, under its web host (or its name when there is no address),
so that it still counts as an outlet of its own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from hodo.models import Outlet
from hodo.packs import Pack

# Site names often join the outlet and the section or the portal: "共同通信 | 47NEWS".
_NAME_PARTS = re.compile(r"\s*[|\uff5c/\uff0f:\uff1a\-–—\u30fb]\s*|\s{2,}")


@dataclass(frozen=True)
class _Sites:
    by_name: dict[str, Outlet]
    by_domain: dict[str, Outlet]


def _fold(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip().casefold()


def _sites(pack: Pack) -> _Sites:
    return pack.cached(_Sites, lambda: _build_sites(pack))


def _build_sites(pack: Pack) -> _Sites:
    by_name: dict[str, Outlet] = {}
    by_domain: dict[str, Outlet] = {}
    for spec in pack.table("outlets").get("outlet", []):
        outlet = Outlet(spec["id"], spec["name"])
        for name in [spec["id"], spec["name"], *spec.get("ja", []), *spec.get("en", [])]:
            by_name.setdefault(_fold(name), outlet)
        for domain in (spec.get("markers") or {}).get("domain", []):
            by_domain.setdefault(_fold(domain), outlet)
    return _Sites(by_name, by_domain)


def web_host(url: str | None) -> str | None:
    """The host of an http(s) address, without ``www.``; None for anything else."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    return host[4:] if host.startswith("www.") else host


def _by_name(hint: str, sites: _Sites) -> Outlet | None:
    folded = _fold(hint)
    if folded in sites.by_name:
        return sites.by_name[folded]
    for part in _NAME_PARTS.split(folded):
        if part and part in sites.by_name:
            return sites.by_name[part]
    return None


def _by_domain(host: str, sites: _Sites) -> Outlet | None:
    labels = host.split(".")
    for i in range(len(labels) - 1):
        outlet = sites.by_domain.get(".".join(labels[i:]))
        if outlet is not None:
            return outlet
    return None


def linked_outlet(name: str, pack: Pack) -> Outlet | None:
    """The pack's outlet that ``name`` (an id, name or alias) stands for, if any."""
    return _by_name(name, _sites(pack)) if name.strip() else None


def site_outlet(hint: str | None, url: str | None, pack: Pack) -> Outlet | None:
    """The outlet that published a document: linked when the pack knows it, else unlinked.

    A hint that names a pack outlet wins over the address (a feed configured
    with an outlet id, a wire's page on a portal that credits it); then the
    address's domain; then the hint or the host as an outlet of its own.
    """
    sites = _sites(pack)
    hint = hint.strip() if hint else None
    host = web_host(url)
    if hint:
        linked = _by_name(hint, sites)
        if linked is not None:
            return linked
    if host:
        linked = _by_domain(host, sites)
        if linked is not None:
            return linked
    if host:
        return Outlet(host, hint or host)
    if hint:
        return Outlet(unicodedata.normalize("NFKC", hint), hint)
    return None
