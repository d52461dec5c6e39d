-- Clientele workspace schema, version 1.
-- Timestamps are ISO 8601 UTC text; money is integer cents with a currency code.
-- Tables marked "personal data" hold data about people: erasure and the access
-- report walk exactly these.

CREATE TABLE workspace_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- A system customers come from: a CRM, a newsletter audience, a shop, a loyalty card.
CREATE TABLE sources (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL,
  name       TEXT NOT NULL UNIQUE,
  priority   INTEGER NOT NULL DEFAULT 100,
  created_at TEXT NOT NULL
) STRICT;

-- One import of one file into one source.
CREATE TABLE import_batches (
  id            INTEGER PRIMARY KEY,
  source_id     INTEGER NOT NULL REFERENCES sources (id),
  file_name     TEXT NOT NULL,
  file_size     INTEGER,
  file_sha256   TEXT,
  preset        TEXT,
  encoding      TEXT,
  started_at    TEXT NOT NULL,
  finished_at   TEXT,
  state         TEXT NOT NULL DEFAULT 'running'
                CHECK (state IN ('running', 'done', 'failed', 'cancelled', 'undone')),
  rows_total    INTEGER NOT NULL DEFAULT 0,
  rows_new      INTEGER NOT NULL DEFAULT 0,
  rows_updated  INTEGER NOT NULL DEFAULT 0,
  rows_rejected INTEGER NOT NULL DEFAULT 0
) STRICT;

-- personal data: rows an import could not read, with line and reason.
CREATE TABLE import_rejects (
  id       INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES import_batches (id) ON DELETE CASCADE,
  line     INTEGER NOT NULL,
  reason   TEXT NOT NULL,
  raw      TEXT
) STRICT;
CREATE INDEX import_rejects_batch ON import_rejects (batch_id);

-- One golden profile per real person.
CREATE TABLE profiles (
  id         INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- personal data: a row as imported (raw, JSON), with its file, row and batch.
CREATE TABLE source_records (
  id          INTEGER PRIMARY KEY,
  source_id   INTEGER NOT NULL REFERENCES sources (id),
  batch_id    INTEGER NOT NULL REFERENCES import_batches (id),
  row_number  INTEGER NOT NULL,
  external_id TEXT,
  raw         TEXT NOT NULL,
  profile_id  INTEGER REFERENCES profiles (id) ON DELETE SET NULL
) STRICT;
CREATE INDEX source_records_batch ON source_records (batch_id);
CREATE INDEX source_records_profile ON source_records (profile_id);
CREATE INDEX source_records_external ON source_records (source_id, external_id);

-- personal data: the golden values of a profile, each with its provenance.
CREATE TABLE profile_attributes (
  profile_id       INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  field            TEXT NOT NULL,
  value            TEXT,
  source_record_id INTEGER REFERENCES source_records (id) ON DELETE SET NULL,
  rule             TEXT,
  pinned           INTEGER NOT NULL DEFAULT 0,
  updated_at       TEXT NOT NULL,
  PRIMARY KEY (profile_id, field)
) STRICT, WITHOUT ROWID;

-- personal data: purchases, newsletter activity, loyalty receipts, lifecycle changes.
CREATE TABLE events (
  id               INTEGER PRIMARY KEY,
  profile_id       INTEGER REFERENCES profiles (id) ON DELETE CASCADE,
  source_record_id INTEGER REFERENCES source_records (id) ON DELETE SET NULL,
  kind             TEXT NOT NULL,
  occurred_at      TEXT NOT NULL,
  amount_cents     INTEGER,
  currency         TEXT,
  detail           TEXT
) STRICT;
CREATE INDEX events_profile ON events (profile_id, occurred_at);

-- personal data: the append-only consent ledger, per identifier, purpose and channel.
CREATE TABLE consent_events (
  id               INTEGER PRIMARY KEY,
  identifier_kind  TEXT NOT NULL CHECK (identifier_kind IN ('email', 'phone', 'postal', 'profile')),
  identifier       TEXT NOT NULL,
  purpose          TEXT NOT NULL,
  channel          TEXT NOT NULL,
  action           TEXT NOT NULL
                   CHECK (action IN ('given', 'refused', 'withdrawn', 'revoked', 'expired', 'invalidated')),
  event_time       TEXT NOT NULL,
  recorded_time    TEXT NOT NULL,
  method           TEXT,
  actor            TEXT,
  evidence         TEXT,
  source_record_id INTEGER REFERENCES source_records (id) ON DELETE SET NULL,
  batch_id         INTEGER REFERENCES import_batches (id)
) STRICT;
CREATE INDEX consent_events_identifier ON consent_events (identifier_kind, identifier, purpose, channel);
CREATE TRIGGER consent_events_append_only BEFORE UPDATE ON consent_events
BEGIN
  SELECT RAISE (ABORT, 'consent events are never updated');
END;

-- Keyed hashes of erased or objecting people's identifiers; nobody can read them back.
CREATE TABLE suppression (
  hash       BLOB PRIMARY KEY,
  kind       TEXT NOT NULL,
  reason     TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE segments (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  definition TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- What left the workspace: for which purpose, how many people, by whom.
CREATE TABLE exports (
  id         INTEGER PRIMARY KEY,
  segment_id INTEGER REFERENCES segments (id) ON DELETE SET NULL,
  purpose    TEXT NOT NULL,
  format     TEXT NOT NULL,
  file_name  TEXT NOT NULL,
  row_count  INTEGER NOT NULL,
  actor      TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

-- Every write that matters, as a hash chain: hash = SHA-256 (prev_hash | fields).
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  object_kind TEXT,
  object_id   INTEGER,
  detail      TEXT,
  prev_hash   TEXT,
  hash        TEXT NOT NULL
) STRICT;
