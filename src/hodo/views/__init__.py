"""What every surface shows, computed once: plain data in, plain data out.

The command line, the JSON API and the web pages render these results their
own way (Rich, JSON, Markdown, HTML templates); none of them computes a
digest, a series or an event's side-by-side table itself. Nothing here reads
the store or speaks HTTP: callers pass records in.
"""
