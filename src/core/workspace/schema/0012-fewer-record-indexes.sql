-- Version 12: source records by batch are found through source_records_batch_profile
-- (batch_id, profile_id), which 0005 added; the index on batch_id alone only cost every
-- import its upkeep (0.9 s to build at a million records).
DROP INDEX IF EXISTS source_records_batch;
