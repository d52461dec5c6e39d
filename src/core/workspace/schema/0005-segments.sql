-- Clientele workspace schema, version 5: saved segments.
--
-- A segment's definition is JSON (see src/core/segments/clt-segment-json.c); every save is a
-- version, so that any earlier one can be restored. A deleted segment is kept (deleted_at)
-- until its name is used again, so that the deletion can be undone.

ALTER TABLE segments ADD COLUMN kind TEXT NOT NULL DEFAULT 'dynamic' CHECK (kind IN ('dynamic', 'static'));
ALTER TABLE segments ADD COLUMN deleted_at TEXT;
-- The number of the latest version.
ALTER TABLE segments ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
-- When its members were last looked at (membership history).
ALTER TABLE segments ADD COLUMN looked_at TEXT;

-- Each saved definition: who saved it, when, under which name.
CREATE TABLE segment_versions (
  segment_id INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
  version    INTEGER NOT NULL,
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL,
  definition TEXT NOT NULL,
  actor      TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (segment_id, version)
) STRICT, WITHOUT ROWID;

-- personal data (by reference): a static segment's frozen members.
CREATE TABLE segment_members (
  segment_id INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
  profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  PRIMARY KEY (segment_id, profile_id)
) STRICT, WITHOUT ROWID;

-- personal data (by reference): the members as last looked at, to tell who entered and left.
CREATE TABLE segment_looks (
  segment_id INTEGER NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
  profile_id INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  PRIMARY KEY (segment_id, profile_id)
) STRICT, WITHOUT ROWID;

-- Behaviour conditions read the events of one kind in a time window, with their profile and
-- amount, from this index alone.
CREATE INDEX events_kind_time ON events (kind, occurred_at, profile_id, amount_cents);
CREATE INDEX segment_members_profile ON segment_members (profile_id);
CREATE INDEX segment_looks_profile ON segment_looks (profile_id);
