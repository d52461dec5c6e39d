-- Version 7: each commit counts itself in workspace_meta ('commits'), so that two connections
-- can tell whether they read the same state (the segment evaluator reads on two at once).
INSERT INTO workspace_meta (key, value) VALUES ('commits', '0');

-- Who may be used for each purpose and its channel, as a bitmap of profile ids, so
-- that the segment builder's audience split is one read instead of a scan of profile_consent.
-- Each commit keeps it (src/core/consent/clt-consent-sets.c): a missing set is built whole,
-- a present one is updated for the profiles the write changed. Restrictions and objections
-- are not in it: they are few, and are taken out when a set is read.
CREATE TABLE consent_sets (
  purpose TEXT NOT NULL,
  channel TEXT NOT NULL,
  -- 1: the set where e-mail consent counts only with double opt-in proof (the setting
  -- require_double_opt_in); only purposes it changes have one
  doi     INTEGER NOT NULL CHECK (doi IN (0, 1)),
  -- bit n % 8 of byte n / 8 is set when profile n may be used
  bits    BLOB NOT NULL,
  PRIMARY KEY (purpose, channel, doi)
) STRICT, WITHOUT ROWID;

-- A purpose whose channel or basis changes is counted anew at the next commit.
CREATE TRIGGER purposes_consent_sets_update AFTER UPDATE OF channel, legal_basis ON purposes
BEGIN
  DELETE FROM consent_sets WHERE purpose = old.key;
END;

CREATE TRIGGER purposes_consent_sets_delete AFTER DELETE ON purposes
BEGIN
  DELETE FROM consent_sets WHERE purpose = old.key;
END;
