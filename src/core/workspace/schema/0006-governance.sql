-- Clientele workspace schema, version 6: consent and governance.
--
-- The consent ledger (consent_events) stays append-only. What may be used is derived from it:
-- consent_current holds the latest event of each identifier, purpose and channel (kept by
-- triggers), and profile_consent what each profile may be used for, by which of its
-- identifiers, on which basis (rebuilt with the profile facts before each commit, see
-- src/core/consent/clt-consent-sql.c). The audit log, the suppression list and erasures hold
-- no personal data.

-- The purposes data is processed for: the register of processing (Art. 30) reads them.
CREATE TABLE purposes (
  key              TEXT PRIMARY KEY,
  label            TEXT NOT NULL,
  channel          TEXT NOT NULL CHECK (channel IN ('email', 'postal', 'phone', 'ads', 'none')),
  -- Art. 6(1) a to f
  legal_basis      TEXT NOT NULL CHECK (legal_basis IN ('a', 'b', 'c', 'd', 'e', 'f')),
  description      TEXT NOT NULL DEFAULT '',
  -- the data categories used, comma-separated (contact, postal, purchases, newsletter, loyalty)
  data_categories  TEXT NOT NULL DEFAULT '',
  -- who receives the data (the tools exports go to), free text
  recipients       TEXT NOT NULL DEFAULT '',
  -- how long data kept for this purpose lives without activity, in months; NULL: no rule
  retention_months INTEGER CHECK (retention_months IS NULL OR retention_months > 0),
  -- direct marketing: an Art. 21 objection ends it
  marketing        INTEGER NOT NULL DEFAULT 0,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
) STRICT;

INSERT INTO purposes (key, label, channel, legal_basis, description, data_categories, recipients,
                      retention_months, marketing, created_at, updated_at) VALUES
  ('email_marketing', 'E-mail marketing', 'email', 'a',
   'Newsletters and offers by e-mail to people who consented (UWG §7(2); double opt-in as proof).',
   'contact,newsletter', 'Newsletter tool', 24, 1, strftime ('%Y-%m-%dT%H:%M:%SZ'), strftime ('%Y-%m-%dT%H:%M:%SZ')),
  ('postal_marketing', 'Postal marketing', 'postal', 'f',
   'Offers by post to customers, on legitimate interest, unless they objected.',
   'contact,postal,purchases', 'Print and mail service', 36, 1, strftime ('%Y-%m-%dT%H:%M:%SZ'), strftime ('%Y-%m-%dT%H:%M:%SZ')),
  ('profiling', 'Personalised offers and profiling', 'none', 'a',
   'Selecting offers from purchases and loyalty data, with consent.',
   'purchases,loyalty', '', 24, 1, strftime ('%Y-%m-%dT%H:%M:%SZ'), strftime ('%Y-%m-%dT%H:%M:%SZ')),
  ('analytics', 'Analytics', 'none', 'f',
   'Counts and trends over customers, without contacting anyone.',
   'purchases,loyalty,newsletter', '', 36, 0, strftime ('%Y-%m-%dT%H:%M:%SZ'), strftime ('%Y-%m-%dT%H:%M:%SZ')),
  ('customer_service', 'Customer service', 'none', 'b',
   'Answering customers and serving their orders (contract).',
   'contact,postal,purchases', '', 72, 0, strftime ('%Y-%m-%dT%H:%M:%SZ'), strftime ('%Y-%m-%dT%H:%M:%SZ')),
  ('ads_audience', 'Ads audiences', 'ads', 'a',
   'Uploading customers to advertising platforms as audiences, with consent.',
   'contact', 'Advertising platforms', 12, 1, strftime ('%Y-%m-%dT%H:%M:%SZ'), strftime ('%Y-%m-%dT%H:%M:%SZ'));

-- The key of the suppression list's keyed hashes (HMAC-SHA256): 32 random bytes from SQLite's
-- generator, which is seeded from the system's. It never leaves the workspace.
INSERT OR IGNORE INTO workspace_meta (key, value) VALUES ('suppression_key', lower (hex (randomblob (32))));

-- The suppression list: keyed hashes of normalised e-mails and E.164 phones. Its reason and
-- scope say why: 'erasure' blocks everything, 'objection' all direct marketing.
ALTER TABLE suppression ADD COLUMN scope TEXT NOT NULL DEFAULT 'all' CHECK (scope IN ('all', 'marketing'));
ALTER TABLE suppression ADD COLUMN actor TEXT;

-- personal data (by reference): identifiers still in the workspace that are on the suppression
-- list (an objecting person's, or an address two people share); erasure removes them.
CREATE TABLE suppressed_identifiers (
  kind  TEXT NOT NULL,
  value TEXT NOT NULL,
  hash  BLOB NOT NULL REFERENCES suppression (hash) ON DELETE CASCADE,
  PRIMARY KEY (kind, value)
) STRICT, WITHOUT ROWID;

-- The latest consent event of each identifier, purpose and channel: by event time, and at the
-- same time the more restrictive (rank 3 withdrawn, revoked, invalidated; 2 refused;
-- 1 expired; 0 given), then the later recorded.
CREATE TABLE consent_current (
  identifier_kind TEXT NOT NULL,
  identifier      TEXT NOT NULL,
  purpose         TEXT NOT NULL,
  channel         TEXT NOT NULL,
  event_id        INTEGER NOT NULL,
  action          TEXT NOT NULL,
  event_time      TEXT NOT NULL,
  rank            INTEGER NOT NULL,
  -- double opt-in evidence (a confirmed request): 0 is weak proof
  proof           INTEGER NOT NULL,
  -- the latest withdrawal, refusal or revocation, and the latest bounce (invalidated)
  denied_at       TEXT,
  invalidated_at  TEXT,
  PRIMARY KEY (identifier_kind, identifier, purpose, channel)
) STRICT, WITHOUT ROWID;

INSERT INTO consent_current (identifier_kind, identifier, purpose, channel, event_id, action, event_time, rank, proof,
                             denied_at, invalidated_at)
SELECT identifier_kind, identifier, purpose, channel, id, action, event_time, rank, proof, denied_at, invalidated_at
FROM (SELECT e.*,
        CASE WHEN e.action IN ('withdrawn', 'revoked', 'invalidated') THEN 3 WHEN e.action = 'refused' THEN 2
             WHEN e.action = 'expired' THEN 1 ELSE 0 END AS rank,
        coalesce (e.method = 'double opt-in', 0) AS proof,
        max (CASE WHEN e.action IN ('withdrawn', 'refused', 'revoked') THEN e.event_time END)
          OVER (PARTITION BY e.identifier_kind, e.identifier, e.purpose, e.channel) AS denied_at,
        max (CASE WHEN e.action = 'invalidated' THEN e.event_time END)
          OVER (PARTITION BY e.identifier_kind, e.identifier, e.purpose, e.channel) AS invalidated_at,
        row_number () OVER (PARTITION BY e.identifier_kind, e.identifier, e.purpose, e.channel
          ORDER BY e.event_time DESC,
                   CASE WHEN e.action IN ('withdrawn', 'revoked', 'invalidated') THEN 3 WHEN e.action = 'refused' THEN 2
                        WHEN e.action = 'expired' THEN 1 ELSE 0 END DESC,
                   e.id DESC) AS n
      FROM consent_events e)
WHERE n = 1;

-- A new event replaces the current one when it is later (or as late and more restrictive).
CREATE TRIGGER consent_current_insert AFTER INSERT ON consent_events
BEGIN
  INSERT INTO consent_current (identifier_kind, identifier, purpose, channel, event_id, action, event_time, rank, proof,
                               denied_at, invalidated_at)
  VALUES (new.identifier_kind, new.identifier, new.purpose, new.channel, new.id, new.action, new.event_time,
          CASE WHEN new.action IN ('withdrawn', 'revoked', 'invalidated') THEN 3 WHEN new.action = 'refused' THEN 2
               WHEN new.action = 'expired' THEN 1 ELSE 0 END,
          coalesce (new.method = 'double opt-in', 0),
          CASE WHEN new.action IN ('withdrawn', 'refused', 'revoked') THEN new.event_time END,
          CASE WHEN new.action = 'invalidated' THEN new.event_time END)
  ON CONFLICT (identifier_kind, identifier, purpose, channel) DO UPDATE SET
    event_id = excluded.event_id, action = excluded.action, event_time = excluded.event_time,
    rank = excluded.rank, proof = excluded.proof
  WHERE (excluded.event_time, excluded.rank, excluded.event_id) >
        (consent_current.event_time, consent_current.rank, consent_current.event_id);
  UPDATE consent_current SET
    denied_at = CASE WHEN new.action IN ('withdrawn', 'refused', 'revoked')
                     THEN max (coalesce (denied_at, ''), new.event_time) ELSE denied_at END,
    invalidated_at = CASE WHEN new.action = 'invalidated'
                          THEN max (coalesce (invalidated_at, ''), new.event_time) ELSE invalidated_at END
  WHERE identifier_kind = new.identifier_kind AND identifier = new.identifier AND purpose = new.purpose
    AND channel = new.channel AND new.action IN ('withdrawn', 'refused', 'revoked', 'invalidated');
END;

-- Events go only by erasure or an undone import: the current one is worked out anew.
CREATE TRIGGER consent_current_delete AFTER DELETE ON consent_events
BEGIN
  DELETE FROM consent_current
  WHERE identifier_kind = old.identifier_kind AND identifier = old.identifier AND purpose = old.purpose
    AND channel = old.channel;
  INSERT INTO consent_current (identifier_kind, identifier, purpose, channel, event_id, action, event_time, rank, proof,
                               denied_at, invalidated_at)
  SELECT e.identifier_kind, e.identifier, e.purpose, e.channel, e.id, e.action, e.event_time,
         CASE WHEN e.action IN ('withdrawn', 'revoked', 'invalidated') THEN 3 WHEN e.action = 'refused' THEN 2
              WHEN e.action = 'expired' THEN 1 ELSE 0 END AS rank,
         coalesce (e.method = 'double opt-in', 0),
         (SELECT max (d.event_time) FROM consent_events d
          WHERE d.identifier_kind = old.identifier_kind AND d.identifier = old.identifier AND d.purpose = old.purpose
            AND d.channel = old.channel AND d.action IN ('withdrawn', 'refused', 'revoked')),
         (SELECT max (d.event_time) FROM consent_events d
          WHERE d.identifier_kind = old.identifier_kind AND d.identifier = old.identifier AND d.purpose = old.purpose
            AND d.channel = old.channel AND d.action = 'invalidated')
  FROM consent_events e
  WHERE e.identifier_kind = old.identifier_kind AND e.identifier = old.identifier AND e.purpose = old.purpose
    AND e.channel = old.channel
  ORDER BY e.event_time DESC, rank DESC, e.id DESC
  LIMIT 1;
END;

-- When each identifier's consent for a purpose was last used by an export (staleness).
CREATE TABLE consent_usage (
  identifier_kind TEXT NOT NULL,
  identifier      TEXT NOT NULL,
  purpose         TEXT NOT NULL,
  last_used_at    TEXT NOT NULL,
  PRIMARY KEY (identifier_kind, identifier, purpose)
) STRICT, WITHOUT ROWID;

-- UWG §7(3): an address obtained in a sale, used for the seller's own similar products, with
-- notice of the right to object given at collection. Valid only while all four hold.
CREATE TABLE basis_assertions (
  id               INTEGER PRIMARY KEY,
  identifier_kind  TEXT NOT NULL,
  identifier       TEXT NOT NULL,
  purpose          TEXT NOT NULL,
  order_ref        TEXT,
  product_category TEXT,
  similar_products INTEGER NOT NULL DEFAULT 0,
  notice_given     INTEGER NOT NULL DEFAULT 0,
  established_at   TEXT NOT NULL,
  ended_at         TEXT,
  actor            TEXT NOT NULL
) STRICT;
CREATE INDEX basis_assertions_identifier ON basis_assertions (identifier_kind, identifier, purpose);

-- personal data (derived): what each profile may be used for. One row per purpose and channel
-- its identifiers have events or assertions for: the identifier chosen (a usable one first),
-- its state, and the basis it may be used on (NULL: none).
CREATE TABLE profile_consent (
  profile_id      INTEGER NOT NULL,
  purpose         TEXT NOT NULL,
  channel         TEXT NOT NULL,
  identifier_kind TEXT NOT NULL,
  identifier      TEXT NOT NULL,
  -- the identifier's latest event (NULL: none, the basis is an assertion)
  event_id        INTEGER,
  action          TEXT,
  event_time      TEXT,
  proof           INTEGER NOT NULL DEFAULT 0,
  -- a grant without double opt-in after an earlier withdrawal or refusal
  regrant         INTEGER NOT NULL DEFAULT 0,
  bounced         INTEGER NOT NULL DEFAULT 0,
  suppressed      INTEGER NOT NULL DEFAULT 0,
  -- 'consent', 'uwg7_3' or NULL
  basis           TEXT,
  assertion_id    INTEGER,
  last_used_at    TEXT,
  -- by purpose first: who may be used for a purpose is one range, read in order
  PRIMARY KEY (purpose, channel, profile_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX profile_consent_profile ON profile_consent (profile_id);

-- Art. 18 restrictions and Art. 21 objections, for a purpose or (NULL) all of them; an
-- objection to direct marketing covers every marketing purpose. They hold on the person's
-- records, so that merges and splits carry them along.
CREATE TABLE restrictions (
  id         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('restriction', 'objection')),
  purpose    TEXT,
  reason     TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  actor      TEXT NOT NULL,
  lifted_at  TEXT,
  lifted_by  TEXT
) STRICT;
CREATE TABLE restriction_records (
  restriction_id INTEGER NOT NULL REFERENCES restrictions (id) ON DELETE CASCADE,
  record_id      INTEGER NOT NULL REFERENCES source_records (id) ON DELETE CASCADE,
  PRIMARY KEY (restriction_id, record_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX restriction_records_record ON restriction_records (record_id);

-- The profiles each active restriction or objection covers, by purpose (NULL: all purposes;
-- 'marketing': every marketing purpose).
CREATE VIEW restricted_profiles AS
  SELECT DISTINCT r.profile_id, x.id AS restriction_id, x.kind,
         CASE WHEN x.kind = 'objection' AND x.purpose IS NULL THEN 'marketing' ELSE x.purpose END AS purpose
  FROM restrictions x
  JOIN restriction_records rr ON rr.restriction_id = x.id
  JOIN source_records r ON r.id = rr.record_id
  WHERE x.lifted_at IS NULL AND r.profile_id IS NOT NULL;

-- Data subject requests (Art. 15-22), due a month after they came in (Art. 12(3)).
CREATE TABLE subject_requests (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('access', 'portability', 'rectification', 'erasure', 'restriction', 'objection')),
  status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'refused')),
  profile_id   INTEGER,
  received_at  TEXT NOT NULL,
  due_at       TEXT NOT NULL,
  completed_at TEXT,
  note         TEXT NOT NULL DEFAULT '',
  actor        TEXT NOT NULL
) STRICT;
CREATE INDEX subject_requests_status ON subject_requests (status, due_at);

-- Retention: how long data of a category lives after a profile's last activity, per purpose.
-- category: 'profile' (the whole person, erased) or 'events' (older events deleted).
CREATE TABLE retention_rules (
  id         INTEGER PRIMARY KEY,
  purpose    TEXT REFERENCES purposes (key) ON DELETE SET NULL,
  category   TEXT NOT NULL CHECK (category IN ('profile', 'events')),
  months     INTEGER NOT NULL CHECK (months > 0),
  created_at TEXT NOT NULL,
  actor      TEXT NOT NULL
) STRICT;

-- The deletions retention makes due, each approved by a person before a purge runs it.
CREATE TABLE retention_due (
  id          INTEGER PRIMARY KEY,
  rule_id     INTEGER NOT NULL REFERENCES retention_rules (id) ON DELETE CASCADE,
  profile_id  INTEGER NOT NULL,
  cutoff      TEXT NOT NULL,
  found_at    TEXT NOT NULL,
  approved_at TEXT,
  approved_by TEXT,
  UNIQUE (rule_id, profile_id)
) STRICT;

-- Exports: what governance needs to answer "on what basis did this list leave?".
ALTER TABLE exports ADD COLUMN segment_version INTEGER;
ALTER TABLE exports ADD COLUMN channel TEXT;
ALTER TABLE exports ADD COLUMN candidates INTEGER NOT NULL DEFAULT 0;
ALTER TABLE exports ADD COLUMN excluded_count INTEGER NOT NULL DEFAULT 0;
-- JSON: reason → count
ALTER TABLE exports ADD COLUMN excluded_by_reason TEXT;
ALTER TABLE exports ADD COLUMN file_sha256 TEXT;

-- personal data (by reference): each recipient of an export, with the identifier used and the
-- basis relied on (the consent event or assertion), so an access report lists the exports
-- that included the person.
CREATE TABLE export_recipients (
  export_id        INTEGER NOT NULL REFERENCES exports (id) ON DELETE CASCADE,
  profile_id       INTEGER NOT NULL,
  identifier_kind  TEXT,
  identifier       TEXT,
  legal_basis      TEXT NOT NULL,
  consent_event_id INTEGER,
  assertion_id     INTEGER,
  PRIMARY KEY (export_id, profile_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX export_recipients_profile ON export_recipients (profile_id);
CREATE INDEX export_recipients_identifier ON export_recipients (identifier_kind, identifier);

-- Imports: rows refused because the person is on the suppression list, and rows of the
-- import erased since (such a file may be imported again: its people are refused anew).
ALTER TABLE import_batches ADD COLUMN rows_suppressed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE import_batches ADD COLUMN rows_erased INTEGER NOT NULL DEFAULT 0;

-- The audit log is append-only too.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE (ABORT, 'audit entries are never updated');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE (ABORT, 'audit entries are never deleted');
END;

-- Every profile's facts are rebuilt, reading the consent ledger as derived here.
INSERT OR IGNORE INTO profiles_dirty (profile_id) SELECT id FROM profiles;
