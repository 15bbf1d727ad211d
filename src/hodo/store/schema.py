"""The store's tables, as an ordered list of migrations.

``PRAGMA user_version`` holds how many migrations a database has had; opening
it applies the rest, in order, each in its own transaction, so a database made
by an older hodo is brought up to date in place and never rebuilt. Append new
migrations to ``MIGRATIONS``; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3

from hodo.models import CLAIM_TYPES

_TYPES = ", ".join(f"'{t}'" for t in CLAIM_TYPES)

# 1: documents with their reports and sentences, claims with the columns the
#    filters need (the full record rides along as JSON), entity rows, events.
_V1 = f"""
CREATE TABLE documents (
    doc_id       TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    source       TEXT NOT NULL,
    date         TEXT,
    url          TEXT,
    title        TEXT,
    encoding     TEXT NOT NULL,
    original     TEXT NOT NULL,
    text         TEXT NOT NULL,
    ingested_at  TEXT NOT NULL
);

CREATE TABLE reports (
    doc_id      TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    style       TEXT NOT NULL,
    outlet_id   TEXT,
    outlet_name TEXT,
    heading     TEXT,
    claimant    TEXT,
    date        TEXT,
    boilerplate INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE sentences (
    doc_id     TEXT NOT NULL,
    report     INTEGER NOT NULL,
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    is_heading INTEGER NOT NULL DEFAULT 0,
    is_bullet  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (doc_id, report, idx),
    FOREIGN KEY (doc_id, report) REFERENCES reports(doc_id, idx) ON DELETE CASCADE
);

CREATE TABLE claims (
    claim_id      TEXT PRIMARY KEY,
    doc_id        TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    type          TEXT NOT NULL CHECK (type IN ({_TYPES})),
    claimant_id   TEXT,
    claimant_name TEXT,
    outlet_id     TEXT,
    when_start    TEXT,
    when_end      TEXT,
    stated        TEXT,
    polarity      TEXT NOT NULL CHECK (polarity IN ('affirmed', 'denied')),
    sentence      TEXT NOT NULL,
    span_start    INTEGER NOT NULL,
    span_end      INTEGER NOT NULL,
    record        TEXT NOT NULL
);
CREATE INDEX claims_doc ON claims(doc_id, span_start);
CREATE INDEX claims_type ON claims(type);

CREATE TABLE claim_entities (
    claim_id  TEXT NOT NULL REFERENCES claims(claim_id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('claimant', 'actor', 'target', 'place')),
    entity_id TEXT,
    name      TEXT NOT NULL COLLATE NOCASE,
    text      TEXT NOT NULL COLLATE NOCASE,
    kind      TEXT NOT NULL
);
CREATE INDEX claim_entities_claim ON claim_entities(claim_id);
CREATE INDEX claim_entities_id ON claim_entities(entity_id COLLATE NOCASE);
CREATE INDEX claim_entities_name ON claim_entities(name);
CREATE INDEX claim_entities_text ON claim_entities(text);

CREATE TABLE events (
    event_id   TEXT PRIMARY KEY,
    type       TEXT NOT NULL,
    title      TEXT NOT NULL,
    when_start TEXT,
    when_end   TEXT,
    contested  INTEGER NOT NULL DEFAULT 0,
    record     TEXT NOT NULL
);

CREATE TABLE event_claims (
    event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
    claim_id TEXT NOT NULL REFERENCES claims(claim_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (event_id, claim_id)
);
CREATE INDEX event_claims_claim ON event_claims(claim_id);
"""

# 2: full-text search over claim sentences. Japanese has no spaces between
#    words, so the trigram tokenizer (any 3-character substring) stands in for
#    word tokens; triggers keep the index in step with the claims table.
_V2 = """
CREATE VIRTUAL TABLE claim_text USING fts5(sentence, claim_id UNINDEXED, tokenize = 'trigram');
INSERT INTO claim_text (sentence, claim_id) SELECT sentence, claim_id FROM claims;
CREATE TRIGGER claims_text_insert AFTER INSERT ON claims BEGIN
    INSERT INTO claim_text (sentence, claim_id) VALUES (new.sentence, new.claim_id);
END;
CREATE TRIGGER claims_text_delete AFTER DELETE ON claims BEGIN
    DELETE FROM claim_text WHERE claim_id = old.claim_id;
END;
"""

# 3: the full-text rows are keyed by a number each claim keeps (claims.text_row),
#    so a replaced document's rows are deleted by key, not found by scanning the
#    whole index. The number is ours, not the claim's rowid, which VACUUM may
#    renumber. Rows are written by the store in one statement per document,
#    cheaper than a trigger per claim; deletions stay a trigger because claims
#    also go by cascade when their document is replaced.
_V3 = """
DROP TRIGGER claims_text_insert;
DROP TRIGGER claims_text_delete;
DROP TABLE claim_text;
ALTER TABLE claims ADD COLUMN text_row INTEGER;
UPDATE claims SET text_row = rowid;
CREATE VIRTUAL TABLE claim_text USING fts5(sentence, claim_id UNINDEXED, tokenize = 'trigram');
INSERT INTO claim_text (rowid, sentence, claim_id) SELECT text_row, sentence, claim_id FROM claims;
CREATE TRIGGER claims_text_delete AFTER DELETE ON claims BEGIN
    DELETE FROM claim_text WHERE rowid = old.text_row;
END;
"""

# 4: syndicated copies and live sources. ``fingerprints`` holds each document's
#    MinHash signature and ``fingerprint_keys`` the LSH band and wire-day keys it
#    is filed under (cluster/copies.py), by the fingerprint's number rather than
#    its doc_id to keep the rows small, so an original is found by index;
#    ``document_copies`` says which document a copy reprints. ``fetch_validators``
#    keeps the ETag and Last-Modified of each fetched URL for conditional requests
#    and ``fetch_seen`` the feed entries already handled, so a watch resumes where
#    it stopped. All of it is keyed by doc_id or URL beside the documents it
#    describes, in the same transactions.
_V4 = """
CREATE TABLE fingerprints (
    id        INTEGER PRIMARY KEY,
    doc_id    TEXT NOT NULL UNIQUE REFERENCES documents(doc_id) ON DELETE CASCADE,
    signature BLOB NOT NULL,
    shingles  INTEGER NOT NULL,
    wires     TEXT NOT NULL DEFAULT '',
    figures   TEXT NOT NULL DEFAULT ''
);
CREATE TABLE fingerprint_keys (
    key         INTEGER NOT NULL,
    fingerprint INTEGER NOT NULL REFERENCES fingerprints(id) ON DELETE CASCADE
);
CREATE INDEX fingerprint_keys_key ON fingerprint_keys(key, fingerprint);
CREATE INDEX fingerprint_keys_fingerprint ON fingerprint_keys(fingerprint);
CREATE TABLE document_copies (
    doc_id     TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    original   TEXT NOT NULL,
    similarity REAL NOT NULL,
    wire       TEXT
);
CREATE INDEX document_copies_original ON document_copies(original);
CREATE TABLE fetch_validators (
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    checked_at    TEXT NOT NULL
);
CREATE TABLE fetch_seen (
    url     TEXT PRIMARY KEY,
    via     TEXT,
    outcome TEXT NOT NULL,
    seen_at TEXT NOT NULL
);
"""

# 5: indexes for the API's orders and facets (a claim's day: the last day of its
#    ``when``, else when it was stated), and read-only views that flatten the
#    JSON records into columns that browsing tools (Datasette) can facet and
#    map: one row a claim, a claim's place, a claim's figure, an event. The
#    views read JSON with SQLite's functions; another engine defines them its way.
_V5 = """
CREATE INDEX claims_day ON claims(COALESCE(when_end, stated, ''), claim_id);
CREATE INDEX claims_outlet ON claims(outlet_id);
CREATE INDEX claims_claimant ON claims(claimant_id, claimant_name);
CREATE INDEX claim_entities_role ON claim_entities(role, entity_id, name, claim_id);
CREATE INDEX claim_entities_entity ON claim_entities(entity_id, name, role, kind, claim_id);
CREATE INDEX claim_entities_forms ON claim_entities(entity_id, name, text);
CREATE INDEX claims_polarity ON claims(polarity);
CREATE INDEX events_day ON events(COALESCE(when_start, ''), event_id);
CREATE INDEX events_end ON events(when_end);
CREATE VIEW claim_list AS SELECT
    claims.claim_id, claims.doc_id AS doc, claims.type,
    claims.claimant_id, claims.claimant_name,
    claims.outlet_id, json_extract(claims.record, '$.outlet.name') AS outlet_name,
    json_extract(claims.record, '$.actor.id') AS actor_id,
    json_extract(claims.record, '$.actor.name') AS actor_name,
    json_extract(claims.record, '$.target.id') AS target_id,
    json_extract(claims.record, '$.target.name') AS target_name,
    claims.polarity, json_extract(claims.record, '$.modality') AS modality,
    COALESCE(claims.when_end, claims.stated) AS day, claims.when_start, claims.when_end, claims.stated,
    json_extract(claims.record, '$.places[0].name') AS place_name,
    json_extract(claims.record, '$.places[0].lat') AS latitude,
    json_extract(claims.record, '$.places[0].lon') AS longitude,
    json_extract(claims.record, '$.quantities[0].value') AS value,
    json_extract(claims.record, '$.quantities[0].unit') AS unit,
    json_extract(claims.record, '$.quantities[0].item') AS item,
    json_array_length(claims.record, '$.quantities') AS figures,
    (SELECT ec.event_id FROM event_claims ec WHERE ec.claim_id = claims.claim_id) AS event_id,
    claims.sentence, claims.text_row
FROM claims;
CREATE VIEW claim_places AS SELECT
    claims.claim_id, claims.type, claims.claimant_name, claims.outlet_id,
    COALESCE(claims.when_end, claims.stated) AS day,
    json_extract(place.value, '$.id') AS place_id, json_extract(place.value, '$.name') AS place_name,
    json_extract(place.value, '$.lat') AS latitude, json_extract(place.value, '$.lon') AS longitude,
    claims.sentence
FROM claims, json_each(claims.record, '$.places') AS place;
CREATE VIEW claim_figures AS SELECT
    claims.claim_id, claims.type, claims.claimant_name, claims.outlet_id,
    COALESCE(claims.when_end, claims.stated) AS day,
    json_extract(figure.value, '$.value') AS value, json_extract(figure.value, '$.min') AS min,
    json_extract(figure.value, '$.max') AS max, json_extract(figure.value, '$.approx') AS approx,
    json_extract(figure.value, '$.unit') AS unit, json_extract(figure.value, '$.item') AS item,
    claims.sentence
FROM claims, json_each(claims.record, '$.quantities') AS figure;
CREATE VIEW event_list AS SELECT
    events.event_id, events.type, events.title, events.when_start, events.when_end, events.contested,
    (SELECT COUNT(*) FROM event_claims ec WHERE ec.event_id = events.event_id) AS claims,
    json_array_length(events.record, '$.claimants') AS claimants,
    json_array_length(events.record, '$.outlets') AS outlets,
    json_extract(events.record, '$.places[0].name') AS place_name,
    json_extract(events.record, '$.places[0].lat') AS latitude,
    json_extract(events.record, '$.places[0].lon') AS longitude
FROM events;
"""

# 6: documents get an identity apart from their name (a/news.txt and b/news.txt are
#    two documents named news.txt), so the same text may be stored under two
#    identities (content_hash is no longer unique), and keep what they were read
#    with so that they can be analysed again. Clustering becomes part of the
#    store's state: every claim has its position in the clustering order (seq,
#    NULL until placed), documents sort in that order by order_key (their
#    identity) and say whether all their claims are placed (document_order), events are numbered
#    by their founder's seq, and the blocking keys' postings and the keyword
#    counts that clustering reads are tables, so an ingest loads only what its
#    claims touch; events.state holds what scoring reads of an event (its
#    running unions and last members, see cluster/state.py), so a large event
#    loads in one row; cluster_state counts the changes to all that, so a process
#    can tell whether what it holds in memory is still what the store holds.
#    Events made before this step carry none of that: they are
#    dropped and rebuilt by the next ingest or `hodo recluster`.
_V6 = """
CREATE TABLE documents_v4 (
    doc_id        TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    source        TEXT NOT NULL,
    date          TEXT,
    url           TEXT,
    title         TEXT,
    encoding      TEXT NOT NULL,
    original      TEXT NOT NULL,
    text          TEXT NOT NULL,
    ingested_at   TEXT NOT NULL,
    given_date    TEXT,
    date_override TEXT,
    outlet_hint   TEXT,
    analysed_with TEXT
);
INSERT INTO documents_v4 (doc_id, name, content_hash, source, date, url, title, encoding, original, text,
                          ingested_at)
    SELECT doc_id, doc_id, content_hash, source, date, url, title, encoding, original, text, ingested_at
    FROM documents;
DROP TABLE documents;
ALTER TABLE documents_v4 RENAME TO documents;
CREATE INDEX documents_name ON documents(name);
CREATE INDEX documents_content ON documents(content_hash);

-- Apart from the documents' own rows: clustering updates these a batch at a time, and
-- SQLite rewrites a whole row on update, a long document's text with it.
CREATE TABLE document_order (
    doc_id    TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    order_key TEXT NOT NULL,
    clustered INTEGER NOT NULL DEFAULT 0,
    first_seq INTEGER
);
INSERT INTO document_order (doc_id, order_key, clustered)
    SELECT doc_id, doc_id, NOT EXISTS (SELECT 1 FROM claims WHERE claims.doc_id = documents.doc_id)
    FROM documents;
CREATE INDEX document_order_key ON document_order(order_key);
CREATE INDEX document_order_pending ON document_order(order_key) WHERE clustered = 0;

ALTER TABLE claims ADD COLUMN seq INTEGER;
ALTER TABLE claims ADD COLUMN terms TEXT;
CREATE UNIQUE INDEX claims_seq ON claims(seq);
CREATE INDEX claims_waiting ON claims(doc_id, text_row) WHERE seq IS NULL;

DROP TABLE event_claims;
DROP TABLE events;
CREATE TABLE events (
    event_id   TEXT PRIMARY KEY,
    ordinal    INTEGER NOT NULL UNIQUE,
    type       TEXT NOT NULL,
    title      TEXT NOT NULL,
    when_start TEXT,
    when_end   TEXT,
    contested  INTEGER NOT NULL DEFAULT 0,
    record     TEXT NOT NULL,
    dirty      INTEGER NOT NULL DEFAULT 0,
    state      TEXT
);
CREATE INDEX events_dirty ON events(ordinal) WHERE dirty = 1;
CREATE INDEX events_day ON events(COALESCE(when_start, ''), event_id);
CREATE INDEX events_end ON events(when_end);
CREATE TABLE event_claims (
    event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
    claim_id TEXT NOT NULL REFERENCES claims(claim_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (event_id, claim_id)
);
CREATE INDEX event_claims_claim ON event_claims(claim_id);
CREATE INDEX event_claims_position ON event_claims(position);
CREATE TABLE event_keys (
    key       TEXT NOT NULL,
    ordinal   INTEGER NOT NULL,
    since_seq INTEGER NOT NULL,
    PRIMARY KEY (key, ordinal)
) WITHOUT ROWID;
CREATE INDEX event_keys_since ON event_keys(since_seq);
CREATE TABLE term_counts (
    term   TEXT PRIMARY KEY,
    claims INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE cluster_state (
    id         INTEGER PRIMARY KEY CHECK (id = 0),
    generation INTEGER NOT NULL
);
INSERT INTO cluster_state (id, generation) VALUES (0, 0);
"""

# Version 7: lists of claims walk their order in an index and stop at the page's end. The order
# (document, position, row) is in the document and type indexes; claims looked up by id read it
# from claims_keys, not from their rows; unlinked entities are found by role and surface form.
_V7 = """
DROP INDEX claims_doc;
CREATE INDEX claims_doc ON claims(doc_id, span_start, text_row);
DROP INDEX claims_type;
CREATE INDEX claims_type ON claims(type, doc_id, span_start, text_row);
CREATE INDEX claims_keys ON claims(claim_id, doc_id, span_start, text_row);
CREATE INDEX claim_entities_unlinked ON claim_entities(role, text, claim_id) WHERE entity_id IS NULL;
"""

# Version 8: a claim's entity rows carry its place in document order, so that a list of the claims
# naming one entity walks that entity's range of the role index in the list's order and stops at
# the page's end, instead of looking up and sorting every match (4,988 for one claimant at 1000x
# the corpus). The index ends in document order, not in the claim id: a new document's rows land
# at the end of their entity's range, where the hash of an id scattered them over all of it.
# The name and form indexes end in the entity id, so that the ids a name stands for are found by
# skipping from one to the next, not by reading every row of the name.
# The index steps of version 8, which schema_postgres.py shares; the columns are each engine's own.
V8_NAME_INDEXES = """
DROP INDEX claim_entities_name;
CREATE INDEX claim_entities_name ON claim_entities(name, entity_id);
DROP INDEX claim_entities_text;
CREATE INDEX claim_entities_text ON claim_entities(text, entity_id);
"""
V8_ORDER_INDEXES = """
DROP INDEX claim_entities_role;
CREATE INDEX claim_entities_role ON claim_entities(role, entity_id, doc_id, span_start, text_row, claim_id);
DROP INDEX claim_entities_unlinked;
CREATE INDEX claim_entities_unlinked ON claim_entities(role, text, doc_id, span_start, text_row, claim_id)
    WHERE entity_id IS NULL;
CREATE INDEX claim_entities_unlinked_name ON claim_entities(role, name, doc_id, span_start, text_row, claim_id)
    WHERE entity_id IS NULL;
"""
_V8 = (
    V8_NAME_INDEXES
    + """
ALTER TABLE claim_entities ADD COLUMN doc_id TEXT;
ALTER TABLE claim_entities ADD COLUMN span_start INTEGER;
ALTER TABLE claim_entities ADD COLUMN text_row INTEGER;
UPDATE claim_entities SET (doc_id, span_start, text_row) =
    (SELECT c.doc_id, c.span_start, c.text_row FROM claims c WHERE c.claim_id = claim_entities.claim_id);
"""
    + V8_ORDER_INDEXES
)

# Version 9: the entity index (what the entity list groups by) ends in the claim's text row, not
# in its id. Each document's rows then land at the end of their entity's range, where the hash of
# an id scattered them over the whole index: at 1000x the corpus every batch of documents touched
# nearly all of its 8,800 pages, more than the page cache holds, and read them back from the file.
# A claim's text row is as unique to it as its id, so counting distinct rows counts its claims.
_V9 = """
DROP INDEX claim_entities_entity;
CREATE INDEX claim_entities_entity ON claim_entities(entity_id, name, role, kind, text_row);
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9)
SCHEMA_VERSION = len(MIGRATIONS)


class SchemaError(RuntimeError):
    """A database this hodo cannot use: made by a newer version, say."""


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Apply the migrations a database lacks, up to ``target``; return its new version.

    ``conn`` must be in autocommit mode (isolation_level None): each step runs
    in its own BEGIN IMMEDIATE … COMMIT, together with the version bump. The
    version is read again under that lock, so processes opening one database
    at once never apply a step twice. Foreign keys are off meanwhile (a step
    may rebuild a table others refer to) and checked before each commit.
    """
    _refuse_newer(schema_version(conn))
    if schema_version(conn) >= target:
        return schema_version(conn)
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        while True:
            conn.execute("BEGIN IMMEDIATE")
            try:
                current = schema_version(conn)
                _refuse_newer(current)
                if current >= target:
                    conn.execute("COMMIT")
                    break
                # executescript would COMMIT first; split it so the step stays one transaction.
                for statement in _statements(MIGRATIONS[current]):
                    conn.execute(statement)
                if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
                    raise SchemaError(f"migration {current + 1} left rows that refer to nothing")
                conn.execute(f"PRAGMA user_version = {current + 1}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    return schema_version(conn)


def _refuse_newer(version: int) -> None:
    if version > SCHEMA_VERSION:
        raise SchemaError(
            f"the database has schema version {version}, newer than this hodo knows ({SCHEMA_VERSION})"
        )


def _statements(script: str) -> list[str]:
    """Split a script into statements, keeping trigger bodies (BEGIN … END;) whole."""
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        statements.append(pending.strip())
    return statements
