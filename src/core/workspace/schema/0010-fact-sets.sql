-- Version 10: who has each e-mail consent state, and who has records from each source, as
-- bitmaps of profile ids, so that the segment builder's consent and source conditions are
-- one read instead of a scan of hundreds of thousands of rows. Each commit keeps them
-- (src/core/browse/clt-fact-sets.c): a kind without sets is built whole, the others are
-- updated for the profiles the write changed.
CREATE TABLE fact_sets (
  -- 'consent_rank': profile_facts.consent_rank; 'source': records from sources.id
  kind  TEXT NOT NULL CHECK (kind IN ('consent_rank', 'source')),
  value INTEGER NOT NULL,
  -- bit n % 8 of byte n / 8 is set for profile n
  bits  BLOB NOT NULL,
  PRIMARY KEY (kind, value)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER sources_fact_sets_delete AFTER DELETE ON sources
BEGIN
  DELETE FROM fact_sets WHERE kind = 'source' AND value = old.id;
END;
