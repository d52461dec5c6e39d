-- Version 11: a segment made from a suggested audience (src/core/insights/clt-suggestions.c)
-- says so: the suggestion's description, shown with a "Suggestion" mark.
ALTER TABLE segments ADD COLUMN suggestion TEXT;
