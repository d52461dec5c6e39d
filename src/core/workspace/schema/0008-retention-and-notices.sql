-- Clientele workspace schema, version 8: retention by purpose and data category, and notice
-- versions.
--
-- Retention: the rules are the purposes' own (their legal basis, data categories and retention
-- months; see src/core/consent/clt-retention.c). The list of deletions due names, per profile
-- and data category, the purpose whose rule let go of it last, why, and since when.
--
-- Notices: a consent event names the form or notice version the person saw. A notice found
-- wanting is invalidated once, and from then on no grant given through it counts: neither
-- those in the ledger nor those imported later.

-- The form or notice version shown when the person acted, such as "newsletter form v3".
ALTER TABLE consent_events ADD COLUMN notice TEXT;
CREATE INDEX consent_events_notice ON consent_events (notice) WHERE notice IS NOT NULL;

-- Notices invalidated (a pre-ticked box, a misleading text): append-only.
CREATE TABLE notice_invalidations (
  notice         TEXT PRIMARY KEY,
  -- from when it is invalid (for the state at a past time: before it, the grants were relied on)
  invalidated_at TEXT NOT NULL,
  recorded_time  TEXT NOT NULL,
  actor          TEXT NOT NULL,
  reason         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE TRIGGER notice_invalidations_no_update BEFORE UPDATE ON notice_invalidations
BEGIN
  SELECT RAISE (ABORT, 'notice invalidations are never updated');
END;
CREATE TRIGGER notice_invalidations_no_delete BEFORE DELETE ON notice_invalidations
BEGIN
  SELECT RAISE (ABORT, 'notice invalidations are never deleted');
END;

-- consent_current as in version 6, except that a grant given through an invalidated notice is
-- never the current event (it still counts as a grant nowhere else either).
DROP TRIGGER consent_current_insert;
DROP TRIGGER consent_current_delete;

CREATE TRIGGER consent_current_insert AFTER INSERT ON consent_events
BEGIN
  INSERT INTO consent_current (identifier_kind, identifier, purpose, channel, event_id, action, event_time, rank, proof,
                               denied_at, invalidated_at)
  SELECT new.identifier_kind, new.identifier, new.purpose, new.channel, new.id, new.action, new.event_time,
         CASE WHEN new.action IN ('withdrawn', 'revoked', 'invalidated') THEN 3 WHEN new.action = 'refused' THEN 2
              WHEN new.action = 'expired' THEN 1 ELSE 0 END,
         coalesce (new.method = 'double opt-in', 0),
         CASE WHEN new.action IN ('withdrawn', 'refused', 'revoked') THEN new.event_time END,
         CASE WHEN new.action = 'invalidated' THEN new.event_time END
  WHERE NOT (new.action = 'given' AND new.notice IS NOT NULL
             AND EXISTS (SELECT 1 FROM notice_invalidations n WHERE n.notice = new.notice))
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
    AND NOT (e.action = 'given' AND e.notice IS NOT NULL
             AND EXISTS (SELECT 1 FROM notice_invalidations n WHERE n.notice = e.notice))
  ORDER BY e.event_time DESC, rank DESC, e.id DESC
  LIMIT 1;
END;

-- An invalidated notice: the current event of every identifier, purpose and channel with a
-- grant through it is worked out anew without its grants.
CREATE TRIGGER notice_invalidations_insert AFTER INSERT ON notice_invalidations
BEGIN
  DELETE FROM consent_current
  WHERE (identifier_kind, identifier, purpose, channel) IN
        (SELECT identifier_kind, identifier, purpose, channel FROM consent_events
         WHERE notice = new.notice AND action = 'given');
  INSERT INTO consent_current (identifier_kind, identifier, purpose, channel, event_id, action, event_time, rank, proof,
                               denied_at, invalidated_at)
  SELECT k, i, p, c, id, action, event_time, rank, proof,
         (SELECT max (d.event_time) FROM consent_events d
          WHERE d.identifier_kind = k AND d.identifier = i AND d.purpose = p AND d.channel = c
            AND d.action IN ('withdrawn', 'refused', 'revoked')),
         (SELECT max (d.event_time) FROM consent_events d
          WHERE d.identifier_kind = k AND d.identifier = i AND d.purpose = p AND d.channel = c
            AND d.action = 'invalidated')
  FROM (SELECT e.identifier_kind AS k, e.identifier AS i, e.purpose AS p, e.channel AS c, e.id, e.action,
               e.event_time,
               CASE WHEN e.action IN ('withdrawn', 'revoked', 'invalidated') THEN 3 WHEN e.action = 'refused' THEN 2
                    WHEN e.action = 'expired' THEN 1 ELSE 0 END AS rank,
               coalesce (e.method = 'double opt-in', 0) AS proof,
               row_number () OVER (PARTITION BY e.identifier_kind, e.identifier, e.purpose, e.channel
                 ORDER BY e.event_time DESC,
                          CASE WHEN e.action IN ('withdrawn', 'revoked', 'invalidated') THEN 3
                               WHEN e.action = 'refused' THEN 2 WHEN e.action = 'expired' THEN 1 ELSE 0 END DESC,
                          e.id DESC) AS n
        FROM consent_events e
        WHERE (e.identifier_kind, e.identifier, e.purpose, e.channel) IN
              (SELECT identifier_kind, identifier, purpose, channel FROM consent_events
               WHERE notice = new.notice AND action = 'given')
          AND NOT (e.action = 'given' AND e.notice IS NOT NULL
                   AND EXISTS (SELECT 1 FROM notice_invalidations x WHERE x.notice = e.notice)))
  WHERE n = 1;
END;

-- Retention: the purposes' rules replace the rules of version 6, which applied to everyone.
DROP TABLE retention_due;
DROP TABLE retention_rules;

-- What retention makes due, each approved by a person before a purge runs it. category is
-- 'profile' (the whole customer) or a data category of dated data (purchases, loyalty,
-- newsletter) that no purpose keeping the customer needs any more.
CREATE TABLE retention_due (
  id          INTEGER PRIMARY KEY,
  profile_id  INTEGER NOT NULL,
  category    TEXT NOT NULL,
  -- the purpose whose rule let go last; NULL when no purpose ever kept it
  purpose     TEXT,
  reason      TEXT NOT NULL CHECK (reason IN ('period', 'consent', 'objection', 'none')),
  -- since when no rule keeps it
  since       TEXT,
  found_at    TEXT NOT NULL,
  approved_at TEXT,
  approved_by TEXT,
  UNIQUE (profile_id, category)
) STRICT;
