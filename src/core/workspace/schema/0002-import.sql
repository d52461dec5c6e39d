-- Clientele workspace schema, version 2: what imports need to trace, match, update and undo.

ALTER TABLE import_batches ADD COLUMN rows_unchanged INTEGER NOT NULL DEFAULT 0;
ALTER TABLE import_batches ADD COLUMN mapping TEXT;
ALTER TABLE import_batches ADD COLUMN actor TEXT;
-- The file's column names, as a JSON array; each record's raw row is an array in that order.
ALTER TABLE import_batches ADD COLUMN header TEXT;
CREATE INDEX import_batches_sha256 ON import_batches (file_sha256);

ALTER TABLE import_rejects ADD COLUMN column_name TEXT;

-- The normalised values (JSON: field → value) and a hash of them, to see what changed.
ALTER TABLE source_records ADD COLUMN normalized TEXT;
ALTER TABLE source_records ADD COLUMN content_hash TEXT;

ALTER TABLE events ADD COLUMN batch_id INTEGER REFERENCES import_batches (id);
CREATE INDEX events_batch ON events (batch_id);
CREATE INDEX events_record ON events (source_record_id);
CREATE INDEX consent_events_batch ON consent_events (batch_id);

-- personal data: each source record's identifiers, normalised for matching
-- (kind: email, phone, card, external).
CREATE TABLE record_identifiers (
  kind      TEXT NOT NULL,
  value     TEXT NOT NULL,
  record_id INTEGER NOT NULL REFERENCES source_records (id) ON DELETE CASCADE
) STRICT;
CREATE UNIQUE INDEX record_identifiers_key ON record_identifiers (kind, value, record_id);
CREATE INDEX record_identifiers_record ON record_identifiers (record_id);

-- personal data: a record as it was before a newer export of its source changed it.
CREATE TABLE record_changes (
  id             INTEGER PRIMARY KEY,
  record_id      INTEGER NOT NULL REFERENCES source_records (id) ON DELETE CASCADE,
  batch_id       INTEGER NOT NULL REFERENCES import_batches (id),
  old_batch_id   INTEGER NOT NULL,
  old_row_number INTEGER NOT NULL,
  old_raw        TEXT NOT NULL,
  old_normalized TEXT,
  old_hash       TEXT
) STRICT;
CREATE INDEX record_changes_batch ON record_changes (batch_id);

-- The column mapping last used for each source.
CREATE TABLE source_mappings (
  source_id  INTEGER PRIMARY KEY REFERENCES sources (id) ON DELETE CASCADE,
  mapping    TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- personal data: a profile's key facts, for listing and sorting.
ALTER TABLE profiles ADD COLUMN display_name TEXT;
ALTER TABLE profiles ADD COLUMN email TEXT;
ALTER TABLE profiles ADD COLUMN city TEXT;
