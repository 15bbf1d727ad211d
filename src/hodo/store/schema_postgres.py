"""The store's tables on PostgreSQL: the same tables, columns and indexes as schema.py's, in PostgreSQL's types.

A PostgreSQL store counts its migrations as SQLite's ``user_version`` does,
in the one-row table ``hodo_schema``, with the same numbers: a migration
appended to schema.MIGRATIONS gets its PostgreSQL spelling here, under the
same number, in ``MIGRATIONS``. PostgreSQL stores began at version 6 (the
first to run on it), so an empty database gets ``BASELINE``, the tables as
migrations 1–6 left them, in one step.

The differences, each for a reason: text columns are ``COLLATE "C"`` so that
they sort by code point as SQLite's do; the entity columns that SQLite
compares with NOCASE are ``citext``; the tables whose insertion order is read
(events, document copies) have a ``rowid`` column as SQLite's tables do;
claims' sentences have a pg_trgm index for text search (store/dialect.py).
There is no FTS5 table (``claim_text``) and none of the Datasette views,
which only ever read SQLite files.

Both run under a transaction-scoped advisory lock, so that processes opening
one new database at once create it once (store/postgres.py).
"""

from __future__ import annotations

from hodo.models import CLAIM_TYPES
from hodo.store.schema import MIGRATIONS as SQLITE_MIGRATIONS
from hodo.store.schema import V8_NAME_INDEXES, V8_ORDER_INDEXES

_TYPES = ", ".join(f"'{t}'" for t in CLAIM_TYPES)
_T = 'TEXT COLLATE "C"'

BASELINE_VERSION = 6

BASELINE = f"""
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS citext;

CREATE TABLE documents (
    doc_id        {_T} PRIMARY KEY,
    name          {_T} NOT NULL,
    content_hash  {_T} NOT NULL,
    source        {_T} NOT NULL,
    date          {_T},
    url           {_T},
    title         {_T},
    encoding      {_T} NOT NULL,
    original      {_T} NOT NULL,
    text          {_T} NOT NULL,
    ingested_at   {_T} NOT NULL,
    given_date    {_T},
    date_override {_T},
    outlet_hint   {_T},
    analysed_with {_T}
);
CREATE INDEX documents_name ON documents(name);
CREATE INDEX documents_content ON documents(content_hash);

CREATE TABLE reports (
    doc_id      {_T} NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    idx         BIGINT NOT NULL,
    start       BIGINT NOT NULL,
    "end"       BIGINT NOT NULL,
    style       {_T} NOT NULL,
    outlet_id   {_T},
    outlet_name {_T},
    heading     {_T},
    claimant    {_T},
    date        {_T},
    boilerplate BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE sentences (
    doc_id     {_T} NOT NULL,
    report     BIGINT NOT NULL,
    idx        BIGINT NOT NULL,
    start      BIGINT NOT NULL,
    "end"      BIGINT NOT NULL,
    text       {_T} NOT NULL,
    is_heading BIGINT NOT NULL DEFAULT 0,
    is_bullet  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (doc_id, report, idx),
    FOREIGN KEY (doc_id, report) REFERENCES reports(doc_id, idx) ON DELETE CASCADE
);

CREATE TABLE claims (
    claim_id      {_T} PRIMARY KEY,
    doc_id        {_T} NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    type          {_T} NOT NULL CHECK (type IN ({_TYPES})),
    claimant_id   {_T},
    claimant_name {_T},
    outlet_id     {_T},
    when_start    {_T},
    when_end      {_T},
    stated        {_T},
    polarity      {_T} NOT NULL CHECK (polarity IN ('affirmed', 'denied')),
    sentence      {_T} NOT NULL,
    span_start    BIGINT NOT NULL,
    span_end      BIGINT NOT NULL,
    record        {_T} NOT NULL,
    text_row      BIGINT,
    seq           BIGINT,
    terms         {_T}
);
CREATE INDEX claims_doc ON claims(doc_id, span_start);
CREATE INDEX claims_type ON claims(type);
CREATE INDEX claims_day ON claims(COALESCE(when_end, stated, ''), claim_id);
CREATE INDEX claims_outlet ON claims(outlet_id);
CREATE INDEX claims_claimant ON claims(claimant_id, claimant_name);
CREATE INDEX claims_polarity ON claims(polarity);
CREATE UNIQUE INDEX claims_seq ON claims(seq);
CREATE INDEX claims_waiting ON claims(doc_id, text_row) WHERE seq IS NULL;
CREATE INDEX claims_text_row ON claims(text_row);
CREATE INDEX claims_sentence_trgm ON claims USING gin (sentence gin_trgm_ops);

CREATE TABLE claim_entities (
    claim_id  {_T} NOT NULL REFERENCES claims(claim_id) ON DELETE CASCADE,
    role      {_T} NOT NULL CHECK (role IN ('claimant', 'actor', 'target', 'place')),
    entity_id citext,
    name      citext NOT NULL,
    text      citext NOT NULL,
    kind      {_T} NOT NULL
);
CREATE INDEX claim_entities_claim ON claim_entities(claim_id);
CREATE INDEX claim_entities_id ON claim_entities(entity_id);
CREATE INDEX claim_entities_name ON claim_entities(name);
CREATE INDEX claim_entities_text ON claim_entities(text);
CREATE INDEX claim_entities_role ON claim_entities(role, entity_id, name, claim_id);
CREATE INDEX claim_entities_entity ON claim_entities(entity_id, name, role, kind, claim_id);
CREATE INDEX claim_entities_forms ON claim_entities(entity_id, name, text);

CREATE TABLE fingerprints (
    id        BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    doc_id    {_T} NOT NULL UNIQUE REFERENCES documents(doc_id) ON DELETE CASCADE,
    signature BYTEA NOT NULL,
    shingles  BIGINT NOT NULL,
    wires     {_T} NOT NULL DEFAULT '',
    figures   {_T} NOT NULL DEFAULT ''
);
CREATE TABLE fingerprint_keys (
    key         BIGINT NOT NULL,
    fingerprint BIGINT NOT NULL REFERENCES fingerprints(id) ON DELETE CASCADE
);
CREATE INDEX fingerprint_keys_key ON fingerprint_keys(key, fingerprint);
CREATE INDEX fingerprint_keys_fingerprint ON fingerprint_keys(fingerprint);
CREATE TABLE document_copies (
    doc_id     {_T} PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    original   {_T} NOT NULL,
    similarity DOUBLE PRECISION NOT NULL,
    wire       {_T},
    rowid      BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX document_copies_original ON document_copies(original);
CREATE TABLE fetch_validators (
    url           {_T} PRIMARY KEY,
    etag          {_T},
    last_modified {_T},
    checked_at    {_T} NOT NULL
);
CREATE TABLE fetch_seen (
    url     {_T} PRIMARY KEY,
    via     {_T},
    outcome {_T} NOT NULL,
    seen_at {_T} NOT NULL
);

CREATE TABLE document_order (
    doc_id    {_T} PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    order_key {_T} NOT NULL,
    clustered BIGINT NOT NULL DEFAULT 0,
    first_seq BIGINT
);
CREATE INDEX document_order_key ON document_order(order_key);
CREATE INDEX document_order_pending ON document_order(order_key) WHERE clustered = 0;

CREATE TABLE events (
    event_id   {_T} PRIMARY KEY,
    ordinal    BIGINT NOT NULL UNIQUE,
    type       {_T} NOT NULL,
    title      {_T} NOT NULL,
    when_start {_T},
    when_end   {_T},
    contested  BIGINT NOT NULL DEFAULT 0,
    record     {_T} NOT NULL,
    dirty      BIGINT NOT NULL DEFAULT 0,
    state      {_T},
    rowid      BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX events_dirty ON events(ordinal) WHERE dirty = 1;
CREATE INDEX events_day ON events(COALESCE(when_start, ''), event_id);
CREATE INDEX events_end ON events(when_end);
CREATE INDEX events_rowid ON events(rowid);
CREATE TABLE event_claims (
    event_id {_T} NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
    claim_id {_T} NOT NULL REFERENCES claims(claim_id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    PRIMARY KEY (event_id, claim_id)
);
CREATE INDEX event_claims_claim ON event_claims(claim_id);
CREATE INDEX event_claims_position ON event_claims(position);
CREATE TABLE event_keys (
    key       {_T} NOT NULL,
    ordinal   BIGINT NOT NULL,
    since_seq BIGINT NOT NULL,
    PRIMARY KEY (key, ordinal)
);
CREATE INDEX event_keys_since ON event_keys(since_seq);
CREATE TABLE term_counts (
    term   {_T} PRIMARY KEY,
    claims BIGINT NOT NULL
);
CREATE TABLE cluster_state (
    id         BIGINT PRIMARY KEY CHECK (id = 0),
    generation BIGINT NOT NULL
);
INSERT INTO cluster_state (id, generation) VALUES (0, 0);
"""

# Migrations after the baseline, by the number schema.MIGRATIONS gives them.
MIGRATIONS: dict[int, str] = {
    # The same statements on both engines: indexes only.
    7: SQLITE_MIGRATIONS[6],
    # schema.py's version 8, in PostgreSQL's types and its UPDATE … FROM.
    8: V8_NAME_INDEXES
    + f"""
ALTER TABLE claim_entities ADD COLUMN doc_id {_T};
ALTER TABLE claim_entities ADD COLUMN span_start BIGINT;
ALTER TABLE claim_entities ADD COLUMN text_row BIGINT;
UPDATE claim_entities ce SET doc_id = c.doc_id, span_start = c.span_start, text_row = c.text_row
    FROM claims c WHERE c.claim_id = ce.claim_id;
"""
    + V8_ORDER_INDEXES,
    # An index only.
    9: SQLITE_MIGRATIONS[8],
}
