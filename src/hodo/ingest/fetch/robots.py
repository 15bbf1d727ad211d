"""robots.txt rules, fetched once per host and read by the standard library's parser.

As RFC 9309 says: a robots.txt that is missing or refused (4xx) allows
everything; one that cannot be had (5xx after retries, no connection)
forbids everything on the host until the Fetcher is made again.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

__all__ = ["RobotsRules"]

# (status, body) of a robots.txt address, or None when the host could not be reached.
RobotsSource = Callable[[str], "tuple[int, bytes] | None"]


class RobotsRules:
    def __init__(self, source: RobotsSource, agent: str) -> None:
        self._source = source
        self._agent = agent
        self._hosts: dict[str, RobotFileParser] = {}

    def _rules(self, url: str) -> RobotFileParser:
        parts = urlsplit(url)
        origin = urlunsplit((parts.scheme, parts.netloc, "", "", "")).lower()
        rules = self._hosts.get(origin)
        if rules is None:
            rules = self._load(origin + "/robots.txt")
            self._hosts[origin] = rules
        return rules

    def _load(self, robots_url: str) -> RobotFileParser:
        rules = RobotFileParser(robots_url)
        found = self._source(robots_url)
        if found is None or found[0] >= 500:
            rules.disallow_all = True
        elif found[0] >= 400:
            rules.allow_all = True
        else:
            rules.parse(found[1].decode("utf-8", "replace").splitlines())
        return rules

    def allowed(self, url: str) -> bool:
        return self._rules(url).can_fetch(self._agent, url)

    def crawl_delay(self, url: str) -> float | None:
        delay = self._rules(url).crawl_delay(self._agent)
        return float(delay) if delay is not None else None
