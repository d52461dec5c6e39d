-- Version 9: insights (src/core/insights). Everything here is derived from the workspace's
-- purchases and activity and is replaced whole when the insights are computed again.

-- One row per computation of a model: when, from which commit, and what it found.
CREATE TABLE insight_runs (
  id          INTEGER PRIMARY KEY,
  model       TEXT NOT NULL CHECK (model IN ('rfm', 'clv', 'rules', 'campaigns', 'suggestions')),
  computed_at TEXT NOT NULL,
  -- workspace_meta 'data_changes' (schema 11) when it was computed: below the workspace's
  -- count, the data has changed since and the run is out of date
  data_seen   INTEGER NOT NULL,
  -- JSON: the model's parameters and fit (e.g. BG/NBD r, alpha, a, b, log-likelihood;
  -- Gamma-Gamma p, q, gamma; RFM quintile edges), the customers used, and "too_thin" when
  -- the data did not allow a fit
  result      TEXT NOT NULL
) STRICT;
CREATE INDEX insight_runs_model ON insight_runs (model, id);

-- derived personal data: each profile's scores; NULL where a model had nothing to say.
CREATE TABLE profile_insights (
  profile_id       INTEGER PRIMARY KEY REFERENCES profiles (id) ON DELETE CASCADE,
  -- RFM from purchase events (several on one day are one purchase)
  recency_days     INTEGER,
  frequency        INTEGER,
  monetary_cents   INTEGER,
  r_score          INTEGER CHECK (r_score BETWEEN 1 AND 5),
  f_score          INTEGER CHECK (f_score BETWEEN 1 AND 5),
  m_score          INTEGER CHECK (m_score BETWEEN 1 AND 5),
  -- champions, loyal, potential_loyalist, new, promising, need_attention, about_to_sleep,
  -- at_risk, cannot_lose, hibernating, lost
  rfm_group        TEXT,
  -- BG/NBD and Gamma-Gamma
  expected_90d     REAL,
  p_alive          REAL CHECK (p_alive BETWEEN 0 AND 1),
  value_12m_cents  INTEGER,
  value_confidence TEXT CHECK (value_confidence IN ('high', 'medium', 'low'))
) STRICT;
CREATE INDEX profile_insights_rfm ON profile_insights (rfm_group, profile_id);

-- Association rules mined from baskets (the items of one receipt or order): who has the
-- antecedent products often also buys the consequent.
CREATE TABLE basket_rules (
  id         INTEGER PRIMARY KEY,
  -- JSON array of product names, sorted
  antecedent TEXT NOT NULL,
  consequent TEXT NOT NULL,
  -- baskets holding antecedent and consequent, of all baskets
  baskets    INTEGER NOT NULL,
  support    REAL NOT NULL,
  confidence REAL NOT NULL,
  lift       REAL NOT NULL
) STRICT;
CREATE INDEX basket_rules_lift ON basket_rules (lift DESC);
