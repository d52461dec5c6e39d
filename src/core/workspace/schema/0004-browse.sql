-- Clientele workspace schema, version 4: the profile browser.
--
-- profile_facts and profile_search are derived from profiles, their records, events and the
-- consent ledger. Triggers only note which profiles changed (profiles_dirty); the facts and
-- search rows of those are rebuilt before each commit (_clt_browse_refresh ()), so they never
-- lag behind a committed write.
--
-- Sort keys are never NULL, so that keyset pagination ((key, id) > (?, ?)) holds: a missing
-- text value is char (1114111) (U+10FFFF), which sorts after every other text.

-- personal data (derived): a profile's key facts, for listing, sorting and filtering.
CREATE TABLE profile_facts (
  profile_id    INTEGER PRIMARY KEY,
  -- folded, lower case "last first"
  name_key      TEXT NOT NULL,
  -- the normalised e-mail address (lower case), as the consent ledger names it
  email_key     TEXT NOT NULL,
  -- the city, case-folded
  city_key      TEXT NOT NULL,
  -- customer since: the earliest event or record import
  first_seen    TEXT,
  -- the latest event, ISO 8601
  last_activity TEXT NOT NULL,
  -- purchases and loyalty receipts (one event per order or receipt)
  orders        INTEGER NOT NULL,
  spend_cents   INTEGER NOT NULL,
  currency      TEXT,
  -- CltSourceCategory bits: 1 CRM, 2 shop, 4 loyalty, 8 newsletter, 16 other
  sources       INTEGER NOT NULL,
  -- the latest consent event for e-mail marketing by e-mail, or NULL when unknown
  email_consent TEXT,
  -- email_consent for sorting: 0 given, 1 refused … 5 invalidated, 6 unknown
  consent_rank  INTEGER NOT NULL,
  n_records     INTEGER NOT NULL
) STRICT;
CREATE INDEX profile_facts_name ON profile_facts (name_key, profile_id);
CREATE INDEX profile_facts_email ON profile_facts (email_key, profile_id);
CREATE INDEX profile_facts_city ON profile_facts (city_key, profile_id);
CREATE INDEX profile_facts_sources ON profile_facts (sources, profile_id);
CREATE INDEX profile_facts_last_activity ON profile_facts (last_activity, profile_id);
CREATE INDEX profile_facts_spend ON profile_facts (spend_cents, profile_id);
CREATE INDEX profile_facts_consent ON profile_facts (consent_rank, profile_id);

-- personal data (derived): words to find a profile by, folded by clt_search_fold ();
-- rowid = profile id. Contentless: the words are in the index only.
CREATE VIRTUAL TABLE profile_search USING fts5 (
  words,
  content = '',
  contentless_delete = 1,
  detail = 'none',
  prefix = '2 3',
  tokenize = "unicode61 remove_diacritics 0 tokenchars '.@_+-'"
);

-- Profiles whose facts and search words are to be rebuilt.
CREATE TABLE profiles_dirty (
  profile_id INTEGER PRIMARY KEY
) STRICT;

CREATE TRIGGER profiles_dirty_insert AFTER INSERT ON profiles
BEGIN
  INSERT OR IGNORE INTO profiles_dirty (profile_id) VALUES (new.id);
END;
CREATE TRIGGER profiles_dirty_update AFTER UPDATE ON profiles
BEGIN
  INSERT OR IGNORE INTO profiles_dirty (profile_id) VALUES (new.id);
  INSERT OR IGNORE INTO profiles_dirty (profile_id) SELECT old.id WHERE old.id <> new.id;
END;
CREATE TRIGGER profiles_dirty_delete AFTER DELETE ON profiles
BEGIN
  INSERT OR IGNORE INTO profiles_dirty (profile_id) VALUES (old.id);
END;

CREATE TRIGGER events_dirty_insert AFTER INSERT ON events WHEN new.profile_id IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO profiles_dirty (profile_id) VALUES (new.profile_id);
END;
CREATE TRIGGER events_dirty_delete AFTER DELETE ON events WHEN old.profile_id IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO profiles_dirty (profile_id) VALUES (old.profile_id);
END;
CREATE TRIGGER events_dirty_update AFTER UPDATE OF profile_id, kind, occurred_at, amount_cents, currency ON events
BEGIN
  INSERT OR IGNORE INTO profiles_dirty (profile_id) SELECT new.profile_id WHERE new.profile_id IS NOT NULL;
  INSERT OR IGNORE INTO profiles_dirty (profile_id)
    SELECT old.profile_id WHERE old.profile_id IS NOT NULL AND old.profile_id IS NOT new.profile_id;
END;

CREATE TRIGGER source_records_dirty_insert AFTER INSERT ON source_records WHEN new.profile_id IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO profiles_dirty (profile_id) VALUES (new.profile_id);
END;
CREATE TRIGGER source_records_dirty_delete AFTER DELETE ON source_records WHEN old.profile_id IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO profiles_dirty (profile_id) VALUES (old.profile_id);
END;
-- A record moved, or its content (and so its identifiers) changed.
CREATE TRIGGER source_records_dirty_update AFTER UPDATE OF profile_id, source_id, content_hash, batch_id ON source_records
BEGIN
  INSERT OR IGNORE INTO profiles_dirty (profile_id) SELECT new.profile_id WHERE new.profile_id IS NOT NULL;
  INSERT OR IGNORE INTO profiles_dirty (profile_id)
    SELECT old.profile_id WHERE old.profile_id IS NOT NULL AND old.profile_id IS NOT new.profile_id;
END;

-- A consent event for an e-mail address: the profiles whose address it is. Their facts hold the
-- address as of the last commit; a profile whose address changed since is dirty already.
CREATE TRIGGER consent_events_dirty_insert AFTER INSERT ON consent_events WHEN new.identifier_kind = 'email'
BEGIN
  INSERT OR IGNORE INTO profiles_dirty (profile_id)
    SELECT profile_id FROM profile_facts WHERE email_key = new.identifier;
END;
CREATE TRIGGER consent_events_dirty_delete AFTER DELETE ON consent_events WHEN old.identifier_kind = 'email'
BEGIN
  INSERT OR IGNORE INTO profiles_dirty (profile_id)
    SELECT profile_id FROM profile_facts WHERE email_key = old.identifier;
END;

CREATE TRIGGER profile_attributes_dirty_insert AFTER INSERT ON profile_attributes
BEGIN
  INSERT OR IGNORE INTO profiles_dirty (profile_id) VALUES (new.profile_id);
END;
CREATE TRIGGER profile_attributes_dirty_update AFTER UPDATE ON profile_attributes
BEGIN
  INSERT OR IGNORE INTO profiles_dirty (profile_id) VALUES (new.profile_id);
END;
CREATE TRIGGER profile_attributes_dirty_delete AFTER DELETE ON profile_attributes
BEGIN
  INSERT OR IGNORE INTO profiles_dirty (profile_id) VALUES (old.profile_id);
END;

-- Every profile there is gets its facts and words when this version is applied.
INSERT INTO profiles_dirty (profile_id) SELECT id FROM profiles;
