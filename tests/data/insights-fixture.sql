-- A small workspace for the insights: two shops' worth of purchases, a campaign, and what the
-- models would have computed (tests/test-insights-report.c and test-insights-page.c).
INSERT INTO sources (id, kind, name, created_at) VALUES
  (1, 'shopify', 'Shop', '2026-01-01'), (2, 'loyalty', 'Till', '2026-01-01'), (3, 'mailchimp', 'Newsletter', '2026-01-01');
INSERT INTO import_batches (id, source_id, file_name, started_at) VALUES
  (1, 1, 'shop.csv', '2026-01-01T00:00:00Z'), (2, 2, 'till.csv', '2026-01-01T00:00:00Z'), (3, 3, 'mc.csv', '2026-01-01T00:00:00Z');
INSERT INTO profiles (id, created_at, updated_at) VALUES
  (1, '2026-01-01', '2026-01-01'), (2, '2026-01-01', '2026-01-01'), (3, '2026-01-01', '2026-01-01'), (4, '2026-01-01', '2026-01-01');
INSERT INTO source_records (id, source_id, batch_id, row_number, raw, profile_id) VALUES
  (1, 1, 1, 2, '[]', 1), (2, 2, 2, 2, '[]', 2), (3, 3, 3, 2, '[]', 3), (4, 1, 1, 3, '[]', 4);
INSERT INTO events (profile_id, source_record_id, kind, occurred_at, amount_cents, currency, detail) VALUES
  (1, 1, 'purchase', '2026-01-05T10:00:00Z', 1000, 'EUR', '{"items":[{"name":"Espresso"}]}'),
  (1, 1, 'purchase', '2026-01-20T10:00:00Z', 2000, 'EUR', '{"items":[{"name":"Espresso"},{"name":"Milk"}]}'),
  (2, 2, 'loyalty_receipt', '2026-01-10T10:00:00Z', 500, 'EUR', '{"items":[{"name":"Croissant"}]}'),
  (2, 2, 'loyalty_receipt', '2026-02-03T10:00:00Z', 700, 'EUR', NULL),
  (4, 4, 'purchase', '2026-02-15T10:00:00Z', 3000, 'EUR', '{"campaign":"Winter","items":[{"name":"Espresso"}]}'),
  (1, 1, 'purchase', '2026-02-10T10:00:00Z', 4000, 'EUR', NULL),
  (3, NULL, 'purchase', '2026-03-01T10:00:00Z', 100, 'EUR', NULL),
  (3, 3, 'newsletter_open', '2026-02-01T08:00:00Z', NULL, NULL, '{"campaign":"Winter"}'),
  (1, 3, 'newsletter_click', '2026-02-02T09:00:00Z', NULL, NULL, '{"campaign":"Winter"}'),
  (2, 3, 'bounce', '2026-02-01T07:00:00Z', NULL, NULL, '{"campaign":"Winter"}'),
  (4, 1, 'newsletter_optin', '2026-01-02T07:00:00Z', NULL, NULL, NULL);
INSERT INTO profile_insights (profile_id, recency_days, frequency, monetary_cents, r_score, f_score, m_score, rfm_group,
                              expected_90d, p_alive, value_12m_cents, value_confidence) VALUES
  (1, 20, 3, 7000, 5, 4, 3, 'champions', 1.26, 0.9, 12345, 'high'),
  (2, 40, 2, 1200, 1, 1, 1, 'lost', 0.1, 0.2, 500, 'low'),
  (4, 15, 1, 3000, 5, 4, 2, 'new', NULL, NULL, 2000, 'medium');
INSERT INTO insight_runs (model, computed_at, data_seen, result) VALUES
  ('rfm', '2026-02-20T10:00:00Z', 1000000, '{}'),
  ('rfm', '2026-03-02T10:00:00Z', 0, '{}'),
  ('clv', '2026-03-02T10:00:00Z', 1000000, '{}');
INSERT INTO basket_rules (antecedent, consequent, baskets, support, confidence, lift) VALUES
  ('["espresso"]', 'milk', 1, 0.25, 0.5, 2.0),
  ('["croissant"]', 'espresso', 1, 0.25, 1.0, 1.5),
  ('["croissant","espresso"]', 'cake', 1, 0.25, 1.0, 3.0);
