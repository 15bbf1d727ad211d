"""Which outlet published a document: its metadata's name or its address, linked to the pack when it can be."""

from __future__ import annotations

import pytest

from hodo.models import Outlet
from hodo.packs import load_pack
from hodo.segment.sites import linked_outlet, site_outlet, web_host


@pytest.fixture(scope="module")
def pack():
    return load_pack("russia_ukraine")


@pytest.mark.parametrize(
    ("hint", "url", "expected"),
    [
        ("kyodo", None, "kyodo"),
        ("共同通信", None, "kyodo"),
        ("NHKニュース", None, "nhk"),
        ("Reuters", None, "reuters"),
        ("共同通信 | 47NEWS", None, "kyodo"),
        (None, "https://www3.nhk.or.jp/news/html/20250605/k1.html", "nhk"),
        (None, "https://jp.reuters.com/world/ukraine/abc", "reuters"),
        # A portal's name is not the wire's; the wire named by the hint wins over the address.
        ("共同通信", "https://portal.example.com/n/1", "kyodo"),
        ("ポータルニュース", "https://www.afpbb.com/articles/-/1", "afp"),
    ],
)
def test_hints_and_addresses_link_to_the_packs_outlets(pack, hint, url, expected) -> None:
    assert site_outlet(hint, url, pack).id == expected


def test_a_publisher_the_pack_does_not_know_is_kept_unlinked(pack) -> None:
    assert site_outlet("みなと新報", "https://www.minato-shimpo.example.jp/x/3", pack) == Outlet(
        "minato-shimpo.example.jp", "みなと新報"
    )
    assert site_outlet(None, "https://blog.example.org/p/1", pack) == Outlet("blog.example.org", "blog.example.org")
    assert site_outlet("個人ブログ", None, pack) == Outlet("個人ブログ", "個人ブログ")
    assert site_outlet(None, None, pack) is None
    assert site_outlet("  ", "file:///tmp/a.html", pack) is None


def test_linked_outlet_and_web_host(pack) -> None:
    assert linked_outlet("AFP", pack) == Outlet("afp", "Agence France-Presse")
    assert linked_outlet("みなと新報", pack) is None
    assert web_host("HTTPS://WWW.Example.JP:8080/a") == "example.jp"
    assert web_host("ftp://example.jp/") is None
