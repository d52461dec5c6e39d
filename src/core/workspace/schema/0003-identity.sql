-- Clientele workspace schema, version 3: identity resolution.

-- Merges and splits, with the records they moved, so that each can be undone.
CREATE TABLE profile_operations (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
  -- merge: the profile kept; split: the profile split
  profile_id INTEGER NOT NULL,
  -- merge: the profile merged into it; split: the new profile
  other_id   INTEGER NOT NULL,
  -- the ids of the records moved, as a JSON array
  records    TEXT NOT NULL,
  actor      TEXT NOT NULL,
  created_at TEXT NOT NULL,
  undone_at  TEXT
) STRICT;

-- A person's answers, merges and splits: constraints that every later run honours.
CREATE TABLE match_decisions (
  id           INTEGER PRIMARY KEY,
  record_a     INTEGER NOT NULL REFERENCES source_records (id) ON DELETE CASCADE,
  record_b     INTEGER NOT NULL REFERENCES source_records (id) ON DELETE CASCADE,
  decision     TEXT NOT NULL CHECK (decision IN ('same', 'different')),
  operation_id INTEGER REFERENCES profile_operations (id) ON DELETE CASCADE,
  actor        TEXT NOT NULL,
  created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX match_decisions_a ON match_decisions (record_a);
CREATE INDEX match_decisions_b ON match_decisions (record_b);
CREATE INDEX match_decisions_operation ON match_decisions (operation_id);

-- personal data (by reference): pairs between the two thresholds, waiting for a person.
CREATE TABLE review_pairs (
  record_a   INTEGER NOT NULL REFERENCES source_records (id) ON DELETE CASCADE,
  record_b   INTEGER NOT NULL REFERENCES source_records (id) ON DELETE CASCADE,
  -- log2 odds that they are one person
  score      REAL NOT NULL,
  -- JSON: for each field, its level and weight in bits
  evidence   TEXT NOT NULL,
  skipped    INTEGER NOT NULL DEFAULT 0,
  -- a person's answer, 'same' or 'different', once given; the decision holds it from then on
  answer     TEXT CHECK (answer IN ('same', 'different')),
  decision_id  INTEGER REFERENCES match_decisions (id) ON DELETE SET NULL,
  operation_id INTEGER REFERENCES profile_operations (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (record_a, record_b)
) STRICT, WITHOUT ROWID;

-- Why each record is in its profile: the rule, the record it was linked to and the evidence.
CREATE TABLE record_links (
  record_id  INTEGER PRIMARY KEY REFERENCES source_records (id) ON DELETE CASCADE,
  rule       TEXT NOT NULL,
  partner_id INTEGER,
  score      REAL
) STRICT;

-- The record's data row in its file, counted from 1 without the header (row_number is the
-- line, which a value with line breaks moves on).
ALTER TABLE source_records ADD COLUMN data_row INTEGER;

-- personal data: a profile's golden values, each chosen from its records by the field's
-- survivorship rule (where each came from is worked out from the records when shown);
-- profile_attributes holds only the values a person pinned.
ALTER TABLE profiles ADD COLUMN first_name TEXT;
ALTER TABLE profiles ADD COLUMN last_name TEXT;
ALTER TABLE profiles ADD COLUMN phone TEXT;
ALTER TABLE profiles ADD COLUMN street TEXT;
ALTER TABLE profiles ADD COLUMN postcode TEXT;
ALTER TABLE profiles ADD COLUMN country TEXT;
ALTER TABLE profiles ADD COLUMN birthday TEXT;
ALTER TABLE profiles ADD COLUMN company TEXT;

-- Records a newer export or an undone import changed since identity resolution last ran;
-- records added since are those above workspace_meta's resolved_through.
CREATE TABLE unresolved_records (
  record_id INTEGER PRIMARY KEY REFERENCES source_records (id) ON DELETE CASCADE
) STRICT;

-- Lower numbers lead when sources disagree about a value (survivorship).
-- By default the CRM leads, then the shop, the loyalty card and the newsletter tool.
UPDATE sources SET priority = CASE
  WHEN kind IN ('hubspot', 'salesforce', 'pipedrive') THEN 10
  WHEN kind IN ('shopify', 'stripe', 'square') THEN 20
  WHEN kind = 'loyalty' THEN 30
  WHEN kind IN ('mailchimp', 'brevo', 'cleverreach') THEN 40
  ELSE 50 END;
