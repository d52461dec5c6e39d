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

-- The item names in events' details (items[].name), folded to lower case, once each: a
-- product filter matches the few names that contain it, then reads event_items by index.
CREATE TABLE event_item_names (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
) STRICT;

-- personal data (by reference): each event's items, with what a behaviour condition reads.
-- Kept by the triggers below, so never behind the events.
CREATE TABLE event_items (
  item_id      INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  occurred_at  TEXT NOT NULL,
  event_id     INTEGER NOT NULL,
  profile_id   INTEGER,
  amount_cents INTEGER,
  PRIMARY KEY (item_id, kind, occurred_at, event_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX event_items_event ON event_items (event_id);

CREATE TRIGGER event_items_insert AFTER INSERT ON events WHEN new.detail IS NOT NULL AND json_valid (new.detail)
BEGIN
  INSERT OR IGNORE INTO event_item_names (name)
    SELECT DISTINCT lower (j.value ->> '$.name') FROM json_each (new.detail, '$.items') j
    WHERE json_type (j.value) = 'object' AND j.value ->> '$.name' IS NOT NULL;
  INSERT OR IGNORE INTO event_items (item_id, kind, occurred_at, event_id, profile_id, amount_cents)
    SELECT DISTINCT n.id, new.kind, new.occurred_at, new.id, new.profile_id, new.amount_cents
    FROM json_each (new.detail, '$.items') j JOIN event_item_names n ON n.name = lower (j.value ->> '$.name')
    WHERE json_type (j.value) = 'object';
END;
-- A new detail: the items anew. A merge moving events (profile_id) or another change: the
-- rows follow without reading the detail again.
CREATE TRIGGER event_items_update_detail AFTER UPDATE OF detail ON events WHEN old.detail IS NOT new.detail
BEGIN
  DELETE FROM event_items WHERE event_id = old.id;
  INSERT OR IGNORE INTO event_item_names (name)
    SELECT DISTINCT lower (j.value ->> '$.name')
    FROM json_each (CASE WHEN json_valid (new.detail) THEN new.detail END, '$.items') j
    WHERE json_type (j.value) = 'object' AND j.value ->> '$.name' IS NOT NULL;
  INSERT OR IGNORE INTO event_items (item_id, kind, occurred_at, event_id, profile_id, amount_cents)
    SELECT DISTINCT n.id, new.kind, new.occurred_at, new.id, new.profile_id, new.amount_cents
    FROM json_each (CASE WHEN json_valid (new.detail) THEN new.detail END, '$.items') j
    JOIN event_item_names n ON n.name = lower (j.value ->> '$.name')
    WHERE json_type (j.value) = 'object';
END;
CREATE TRIGGER event_items_update AFTER UPDATE OF kind, occurred_at, profile_id, amount_cents ON events
BEGIN
  UPDATE event_items SET kind = new.kind, occurred_at = new.occurred_at, profile_id = new.profile_id,
    amount_cents = new.amount_cents
  WHERE event_id = new.id;
END;
CREATE TRIGGER event_items_delete AFTER DELETE ON events
BEGIN
  DELETE FROM event_items WHERE event_id = old.id;
END;

-- The items of the events there are.
INSERT OR IGNORE INTO event_item_names (name)
  SELECT DISTINCT lower (j.value ->> '$.name')
  FROM events e, json_each (CASE WHEN json_valid (e.detail) THEN e.detail END, '$.items') j
  WHERE e.detail IS NOT NULL AND json_type (j.value) = 'object' AND j.value ->> '$.name' IS NOT NULL;
INSERT OR IGNORE INTO event_items (item_id, kind, occurred_at, event_id, profile_id, amount_cents)
  SELECT DISTINCT n.id, e.kind, e.occurred_at, e.id, e.profile_id, e.amount_cents
  FROM events e, json_each (CASE WHEN json_valid (e.detail) THEN e.detail END, '$.items') j
  JOIN event_item_names n ON n.name = lower (j.value ->> '$.name')
  WHERE e.detail IS NOT NULL AND json_type (j.value) = 'object';

-- Source conditions read the profiles of a source's or an import's records from these alone.
CREATE INDEX source_records_source_profile ON source_records (source_id, profile_id);
CREATE INDEX source_records_batch_profile ON source_records (batch_id, profile_id);

-- Attribute conditions on the facts read a range of an index: orders and customer since
-- (the others have theirs from the browser's schema).
CREATE INDEX profile_facts_orders ON profile_facts (orders, profile_id);
CREATE INDEX profile_facts_first_seen ON profile_facts (first_seen, profile_id);
