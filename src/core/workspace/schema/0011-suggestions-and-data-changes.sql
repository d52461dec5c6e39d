-- Version 11: a segment made from a suggested audience (src/core/insights/clt-suggestions.c)
-- says so: the suggestion's description, shown with a "Suggestion" mark.
ALTER TABLE segments ADD COLUMN suggestion TEXT;

-- Commits that changed some profile's data (its records, events, attributes or consent)
-- count themselves here (clt-browse-facts.c); insights computed from an older count are out
-- of date. Commits that change no customer (settings, segments, the insights themselves) do not.
INSERT INTO workspace_meta (key, value) VALUES ('data_changes', '0');
