"""Live sources: web pages, RSS/Atom feeds and sitemaps over HTTP, as RawDocuments.

``client`` makes the requests (limits, robots.txt, conditional GET, retries),
``feeds`` and ``sitemaps`` read what lists pages, ``pages`` reads a page,
``sources`` turns one address into documents, ``watch`` follows feeds on
their intervals. What is stored and remembered between runs is the driver's
business (hodo.live), not this package's.
"""
