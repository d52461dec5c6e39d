/* test-segment.c: segment definitions, their JSON, compiled counts, storage and history
 *
 * A hand-made workspace of five people with known answers; "now" is 2025-11-20T12:00:00Z.
 * Every count is made twice, by the evaluator's bitmaps and by the single compiled query,
 * and the members listed by that query, and all three must agree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "clt-core.h"
#include "clt-test-utils.h"
#include "clt-workspace-private.h"

typedef struct
{
  char                *dir;
  char                *path;
  CltWorkspace        *workspace;
  CltSegmentEvaluator *evaluator;
} Fixture;

/* ---- the workspace ---- */

static void
exec_sql (CltWorkspace *workspace,
          const char   *sql)
{
  g_autoptr(GError) error = NULL;

  _clt_workspace_exec (workspace, sql, &error);
  g_assert_no_error (error);
}

static void
commit (CltWorkspace *workspace)
{
  g_autoptr(GError) error = NULL;

  _clt_workspace_commit (workspace, &error);
  g_assert_no_error (error);
}

static char *
dump_profiles (CltWorkspace *workspace)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace,
    "SELECT group_concat (coalesce (first_name, '') || '|' || coalesce (last_name, '') || '|' || "
    "coalesce (company, '') || '|' || coalesce (city, ''), char (10)) FROM (SELECT * FROM profiles ORDER BY id)", NULL);

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2025, 11, 20, 12, 0, 0);

  fx->dir = clt_test_make_tmp_dir ("test-segment-XXXXXX");
  fx->path = g_build_filename (fx->dir, "workspace.sqlite3", NULL);
  fx->workspace = clt_workspace_open (fx->path, &error);
  g_assert_no_error (error);

  g_assert_true (_clt_workspace_begin (fx->workspace, NULL));
  exec_sql (fx->workspace,
    "INSERT INTO sources (id, kind, name, created_at) VALUES "
    "  (1, 'hubspot', 'CRM', '2024-01-01'), (2, 'shopify', 'Shop', '2024-01-01'), (3, 'mailchimp', 'Newsletter', '2024-01-01');"
    "INSERT INTO import_batches (id, source_id, file_name, started_at) VALUES "
    "  (1, 1, 'crm.csv', '2024-01-01T00:00:00Z'), (2, 2, 'shop.csv', '2024-01-01T00:00:00Z'), "
    "  (3, 3, 'mc.csv', '2024-01-01T00:00:00Z');"
    "INSERT INTO profiles (id, created_at, updated_at, display_name, first_name, last_name, email, city, birthday, company, "
    "    postcode, country) VALUES "
    "  (1, '2024', '2024', 'Anna Müller', 'Anna', 'Müller', 'anna@example.de', 'München', '1990-11-05', 'Kaffee & Co', '80331', 'DE'), "
    "  (2, '2024', '2024', 'Jürgen Schmidt', 'Jürgen', 'Schmidt', 'juergen@example.de', 'Berlin', '1985-03-02', NULL, '10115', 'DE'), "
    "  (3, '2024', '2024', 'Zoë O''Neill', 'Zoë', 'O''Neill', 'zoe@example.com', 'münchen', '1979-11-30', "
    "      '''; DROP TABLE profiles; --', '80333', 'AT'), "
    "  (4, '2024', '2024', 'Ben 100%', 'Ben', '100%', 'ben_100@example.org', 'Hamburg', NULL, NULL, '20095', 'DE'), "
    "  (5, '2024', '2024', 'Mia', 'Mia', NULL, NULL, NULL, NULL, NULL, NULL, NULL);"
    "INSERT INTO source_records (id, source_id, batch_id, row_number, raw, profile_id) VALUES "
    "  (1, 1, 1, 2, '[]', 1), (2, 2, 2, 2, '[]', 1), (3, 2, 2, 3, '[]', 2), (4, 3, 3, 2, '[]', 3), "
    "  (5, 1, 1, 3, '[]', 4), (6, 1, 1, 4, '[]', 5);"
    "INSERT INTO events (profile_id, kind, occurred_at, amount_cents, currency, detail) VALUES "
    "  (1, 'purchase', '2025-10-01T10:00:00Z', 1250, 'EUR', '{\"items\":[{\"name\":\"Espresso\"}]}'), "
    "  (1, 'purchase', '2025-11-01T10:00:00Z', 3000, 'EUR', '{\"items\":[{\"name\":\"Espresso\"},{\"name\":\"Filterkaffee\"}]}'), "
    "  (1, 'purchase', '2025-11-15T10:00:00Z', 800, 'EUR', '{\"store\":\"München Mitte\",\"items\":[{\"name\":\"ESPRESSO Bohnen\"}]}'), "
    "  (2, 'purchase', '2024-01-10T10:00:00Z', 20000, 'EUR', '{\"items\":[{\"name\":\"Filterkaffee\"}]}'), "
    "  (2, 'newsletter_open', '2025-11-10T08:00:00Z', NULL, NULL, '{\"campaign\":\"Herbst\"}'), "
    "  (3, 'newsletter_open', '2025-11-18T08:00:00Z', NULL, NULL, '{\"campaign\":\"Herbst\"}'), "
    "  (3, 'loyalty_receipt', '2025-09-01T08:00:00Z', 500, 'EUR', 'not json'), "
    "  (4, 'purchase', '2025-11-18T09:00:00Z', 15000, 'EUR', '{\"items\":[{\"name\":\"Tee\"}]}'), "
    "  (4, 'unsubscribe', '2025-11-19T09:00:00Z', NULL, NULL, NULL);"
    "INSERT INTO consent_events (identifier_kind, identifier, purpose, channel, action, event_time, recorded_time) VALUES "
    "  ('email', 'anna@example.de', 'email_marketing', 'email', 'given', '2024-01-01', '2024-01-01'), "
    "  ('email', 'juergen@example.de', 'email_marketing', 'email', 'given', '2024-01-01', '2024-01-01'), "
    "  ('email', 'juergen@example.de', 'email_marketing', 'email', 'withdrawn', '2024-06-01', '2024-06-01'), "
    "  ('email', 'zoe@example.com', 'email_marketing', 'email', 'given', '2024-01-01', '2024-01-01'), "
    "  ('email', 'ben_100@example.org', 'email_marketing', 'email', 'refused', '2024-01-01', '2024-01-01'), "
    "  ('email', 'zoe@example.com', 'postal_marketing', 'postal', 'given', '2024-01-01', '2024-01-01');");
  commit (fx->workspace);

  fx->evaluator = clt_segment_evaluator_new (fx->path, &error);
  g_assert_no_error (error);
  clt_segment_evaluator_set_now (fx->evaluator, now);
}

/* Drops @object and waits for it to go: a task's thread may still hold it for a moment after
 * its result has been delivered. */
static void
assert_finalized_soon (gpointer object)
{
  gpointer weak = object;
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_object_add_weak_pointer (object, &weak);
  g_object_unref (object);
  while (g_atomic_pointer_get (&weak) != NULL && g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_null (g_atomic_pointer_get (&weak));
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  assert_finalized_soon (fx->evaluator);
  assert_finalized_soon (fx->workspace);
  g_free (fx->path);
  g_free (fx->dir);
}

/* ---- helpers ---- */

static CltSegmentGroup *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  CltSegmentGroup *root = clt_segment_definition_from_json (json, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (root);

  return root;
}

static char *
join_ids (GArray *ids)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (ids, gint64, i));

  return g_string_free (text, FALSE);
}

/* Counts @root by bitmaps and by the single query, lists its members, checks that they agree
 * on everything, and returns the members as "1,3". */
static char *
members_of_root (Fixture         *fx,
                 CltSegmentGroup *root)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSegmentCounts) counts = clt_segment_evaluator_count (fx->evaluator, root, 0, NULL, &error);
  g_autoptr(CltSegmentCounts) sql = NULL;
  g_autoptr(GArray) ids = NULL;

  g_assert_no_error (error);
  sql = clt_segment_evaluator_count_sql (fx->evaluator, root, NULL, &error);
  g_assert_no_error (error);
  ids = clt_segment_evaluator_list_members (fx->evaluator, root, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (clt_segment_counts_get_total (counts), ==, ids->len);
  g_assert_cmpint (clt_segment_counts_get_total (sql), ==, ids->len);
  g_assert_cmpint (clt_segment_counts_get_consented (counts), ==, clt_segment_counts_get_consented (sql));

  /* Every node: own count and what it removes, both ways. */
  {
    g_autoptr(GPtrArray) stack = g_ptr_array_new ();

    g_ptr_array_add (stack, root);
    while (stack->len > 0)
      {
        CltSegmentNode *node = g_ptr_array_steal_index (stack, stack->len - 1);
        gint64 own_a, removes_a, own_b, removes_b;

        g_assert_true (clt_segment_counts_lookup (counts, node, &own_a, &removes_a));
        g_assert_true (clt_segment_counts_lookup (sql, node, &own_b, &removes_b));
        g_assert_cmpint (own_a, ==, own_b);
        g_assert_cmpint (removes_a, ==, removes_b);
        if (CLT_IS_SEGMENT_GROUP (node))
          for (guint i = 0; i < clt_segment_group_get_n_children (CLT_SEGMENT_GROUP (node)); i++)
            g_ptr_array_add (stack, clt_segment_group_get_child (CLT_SEGMENT_GROUP (node), i));
      }
  }

  return join_ids (ids);
}

static char *
members_of (Fixture    *fx,
            const char *json)
{
  g_autoptr(CltSegmentGroup) root = parse (json);

  return members_of_root (fx, root);
}

/* One condition in an "all of" root. */
#define ONE(condition) "{\"version\":1,\"match\":\"all\",\"children\":[" condition "]}"

static void
assert_members (Fixture    *fx,
                const char *json,
                const char *expected)
{
  g_autofree char *got = members_of (fx, json);

  if (g_strcmp0 (got, expected) != 0)
    g_error ("%s\n  gave “%s”, expected “%s”", json, got, expected);
}

static void
assert_json_error (const char *json,
                   int         code,
                   const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSegmentGroup) root = clt_segment_definition_from_json (json, -1, &error);

  g_assert_null (root);
  g_assert_error (error, CLT_SEGMENT_ERROR, code);
  if (strstr (error->message, expected) == NULL)
    g_error ("%s\n  error “%s” does not mention “%s”", json, error->message, expected);
}

/* ---- tests ---- */

static void
test_attribute (Fixture       *fx,
                gconstpointer  data)
{
#define ATTR(field, op, values) ONE ("{\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"" field "\"," \
                                     "\"operator\":\"" op "\",\"values\":[" values "]}")
  /* text */
  assert_members (fx, ATTR ("city", "is", "\"München\""), "1,3");
  assert_members (fx, ATTR ("city", "is", "\" MÜNCHEN \""), "1,3");
  assert_members (fx, ATTR ("city", "is-not", "\"München\""), "2,4,5");
  assert_members (fx, ATTR ("city", "any-of", "\"Berlin\", \"Hamburg\""), "2,4");
  assert_members (fx, ATTR ("city", "none-of", "\"Berlin\", \"Hamburg\""), "1,3,5");
  assert_members (fx, ATTR ("city", "is-empty", ""), "5");
  assert_members (fx, ATTR ("last_name", "contains", "\"ü\""), "1");
  assert_members (fx, ATTR ("last_name", "contains", "\"NEILL\""), "3");
  assert_members (fx, ATTR ("first_name", "starts-with", "\"j\""), "2");
  assert_members (fx, ATTR ("first_name", "is", "\"anna\""), "1");
  assert_members (fx, ATTR ("email", "is", "\" Anna@Example.DE \""), "1");
  assert_members (fx, ATTR ("email", "is-empty", ""), "5");
  assert_members (fx, ATTR ("postcode", "starts-with", "\"803\""), "1,3");
  assert_members (fx, ATTR ("country", "is", "\"AT\""), "3");
  assert_members (fx, ATTR ("phone", "is-empty", ""), "1,2,3,4,5");
  assert_members (fx, ATTR ("street", "is-empty", ""), "1,2,3,4,5");
  assert_members (fx, ATTR ("company", "contains", "\"&\""), "1");
  /* number and money: spend counts purchases and loyalty receipts */
  assert_members (fx, ATTR ("spend", ">=", "\"100\""), "2,4");
  assert_members (fx, ATTR ("spend", "<", "50.5"), "3,5");
  assert_members (fx, ATTR ("spend", "=", "\"50.50\""), "1");
  assert_members (fx, ATTR ("spend", "!=", "0"), "1,2,3,4");
  assert_members (fx, ATTR ("orders", "between", "1, 2"), "2,3,4");
  assert_members (fx, ATTR ("orders", ">", "2"), "1");
  assert_members (fx, ATTR ("orders", "<=", "0"), "5");
  /* dates */
  assert_members (fx, ATTR ("birthday", "anniversary", ""), "1,3");
  assert_members (fx, ATTR ("birthday", "before", "\"1986-01-01\""), "2,3");
  assert_members (fx, ATTR ("birthday", "after", "\"1985-03-02\""), "1");
  assert_members (fx, ATTR ("birthday", "is-empty", ""), "4,5");
  assert_members (fx, ATTR ("last_activity", "within-last", "\"7\""), "1,3,4");
  assert_members (fx, ATTR ("last_activity", "within-last", "\"2\", \"weeks\""), "1,2,3,4");
  assert_members (fx, ATTR ("last_activity", "within-last", "\"3\", \"months\""), "1,2,3,4");
  assert_members (fx, ATTR ("customer_since", "before", "\"2024-06-01\""), "1,2,3,4,5");
#undef ATTR
}

static void
test_source (Fixture       *fx,
             gconstpointer  data)
{
#define SRC(field, op, values) ONE ("{\"type\":\"condition\",\"kind\":\"source\",\"field\":\"" field "\"," \
                                    "\"operator\":\"" op "\",\"values\":[" values "]}")
  assert_members (fx, SRC ("source", "in", "\"Shop\""), "1,2");
  assert_members (fx, SRC ("source", "not-in", "\"Shop\""), "3,4,5");
  assert_members (fx, SRC ("source", "in", "\"Shop\", \"Newsletter\""), "1,2,3");
  assert_members (fx, SRC ("source", "not-in", "\"CRM\""), "2,3");
  assert_members (fx, SRC ("source", "in", "\"No such source\""), "");
  assert_members (fx, SRC ("import", "in", "3"), "3");
  assert_members (fx, SRC ("import", "not-in", "\"1\""), "2,3");
#undef SRC
}

static void
test_behaviour (Fixture       *fx,
                gconstpointer  data)
{
#define BEH(event, agg, op, values, extra) \
  ONE ("{\"type\":\"condition\",\"kind\":\"behaviour\",\"field\":\"" event "\",\"aggregate\":\"" agg "\"," \
       "\"operator\":\"" op "\",\"values\":[" values "]" extra "}")
#define LAST(days) ",\"window\":{\"type\":\"last-days\",\"days\":" #days "}"

  /* "bought Espresso 3+ times in 90 days": item names matched without case */
  assert_members (fx, BEH ("purchase", "count", ">=", "3", ",\"filters\":{\"product\":\"espresso\"}" LAST (90)), "1");
  assert_members (fx, BEH ("purchase", "count", ">=", "1", ",\"filters\":{\"product\":\"Filterkaffee\"}"), "1,2");
  /* "spent >= 100 EUR in the last 90 days" */
  assert_members (fx, BEH ("purchase", "sum", ">=", "100", LAST (90)), "4");
  assert_members (fx, BEH ("purchase", "sum", ">=", "100", ""), "2,4");
  /* a count or sum that holds for none: everyone without such events */
  assert_members (fx, BEH ("purchase", "count", "=", "0", ""), "3,5");
  assert_members (fx, BEH ("purchase", "count", "<", "2", ""), "2,3,4,5");
  assert_members (fx, BEH ("purchase", "sum", "<=", "0", LAST (30)), "2,3,5");
  assert_members (fx, BEH ("purchase", "count", "between", "0, 1", ""), "2,3,4,5");
  assert_members (fx, BEH ("purchase", "count", "!=", "1", ""), "1,3,5");
  assert_members (fx, BEH ("purchase", "average", ">", "20", ""), "2,4");
  assert_members (fx, BEH ("purchase", "last", "<=", "10", ""), "1,4");
  assert_members (fx, BEH ("purchase", "first", ">=", "365", ""), "2");
  assert_members (fx, BEH ("loyalty_receipt", "count", ">=", "1", ""), "3");
  assert_members (fx, BEH ("unsubscribe", "count", ">=", "1", ""), "4");
  assert_members (fx, BEH ("newsletter_click", "count", ">=", "1", ""), "");
  assert_members (fx, BEH ("purchase", "count", ">=", "1", ",\"filters\":{\"store\":\"münchen mitte\"}"), "1");
  assert_members (fx, BEH ("newsletter_open", "count", ">=", "1", ",\"filters\":{\"campaign\":\"Herbst\"}"), "2,3");
  assert_members (fx, BEH ("purchase", "count", ">=", "1", ",\"filters\":{\"amount-min\":\"100\"}"), "2,4");
  assert_members (fx, BEH ("purchase", "count", ">=", "1", ",\"filters\":{\"amount-max\":\"10\"}"), "1");
  assert_members (fx, BEH ("purchase", "count", ">=", "2",
                           ",\"window\":{\"type\":\"between\",\"from\":\"2025-11-01\",\"to\":\"2025-11-15\"}"), "1");
  assert_members (fx, BEH ("purchase", "count", ">=", "1",
                           ",\"window\":{\"type\":\"before-event\",\"event\":\"unsubscribe\"}"), "1,2,4");
  assert_members (fx, BEH ("purchase", "count", ">=", "1",
                           ",\"window\":{\"type\":\"after-event\",\"event\":\"newsletter_open\"}"), "");
  /* "opened a newsletter in the last 30 days but bought nothing" */
  assert_members (fx, "{\"version\":1,\"match\":\"all\",\"children\":["
                      "{\"type\":\"condition\",\"kind\":\"behaviour\",\"field\":\"newsletter_open\",\"operator\":\">=\","
                      "\"values\":[\"1\"],\"window\":{\"type\":\"last-days\",\"days\":30}},"
                      "{\"type\":\"condition\",\"kind\":\"behaviour\",\"field\":\"purchase\",\"operator\":\"=\","
                      "\"values\":[\"0\"],\"window\":{\"type\":\"last-days\",\"days\":30}}]}", "2,3");
  assert_members (fx, "{\"version\":1,\"match\":\"all\",\"children\":["
                      "{\"type\":\"condition\",\"kind\":\"behaviour\",\"field\":\"newsletter_open\",\"operator\":\">=\","
                      "\"values\":[\"1\"],\"window\":{\"type\":\"last-days\",\"days\":30}},"
                      "{\"type\":\"condition\",\"kind\":\"behaviour\",\"field\":\"purchase\",\"operator\":\"=\","
                      "\"values\":[\"0\"]}]}", "3");

  /* An order with two items matching the product is one purchase. */
  g_assert_true (_clt_workspace_begin (fx->workspace, NULL));
  exec_sql (fx->workspace, "INSERT INTO events (profile_id, kind, occurred_at, amount_cents, detail) VALUES (5, 'purchase', "
                           "'2025-11-19T10:00:00Z', 900, '{\"items\":[{\"name\":\"Espresso\"},{\"name\":\"Espresso Bohnen\"}]}')");
  commit (fx->workspace);
  assert_members (fx, BEH ("purchase", "count", "=", "1", ",\"filters\":{\"product\":\"espresso\"}" LAST (90)), "5");
  assert_members (fx, BEH ("purchase", "sum", "=", "9", ",\"filters\":{\"product\":\"espresso\"}"), "5");
  assert_members (fx, BEH ("purchase", "average", ">=", "16", ",\"filters\":{\"product\":\"espresso\"}"), "1");
  assert_members (fx, BEH ("purchase", "first", ">=", "40", ",\"filters\":{\"product\":\"espresso\"}"), "1");

  /* Events moved to another profile (a merge), and a detail changed: the items follow. */
  g_assert_true (_clt_workspace_begin (fx->workspace, NULL));
  exec_sql (fx->workspace, "UPDATE events SET profile_id = 4 WHERE profile_id = 5;"
                           "UPDATE events SET detail = '{\"items\":[{\"name\":\"Kakao\"}]}' WHERE profile_id = 2 AND kind = 'purchase'");
  commit (fx->workspace);
  assert_members (fx, BEH ("purchase", "count", "=", "1", ",\"filters\":{\"product\":\"espresso\"}" LAST (90)), "4");
  assert_members (fx, BEH ("purchase", "count", ">=", "1", ",\"filters\":{\"product\":\"kakao\"}"), "2");
  assert_members (fx, BEH ("purchase", "count", ">=", "1", ",\"filters\":{\"product\":\"Filterkaffee\"}"), "1");
#undef BEH
#undef LAST
}

static void
test_consent (Fixture       *fx,
              gconstpointer  data)
{
#define CONSENT(purpose, channel, op, values) \
  ONE ("{\"type\":\"condition\",\"kind\":\"consent\",\"field\":\"" purpose "\",\"channel\":\"" channel "\"," \
       "\"operator\":\"" op "\",\"values\":[" values "]}")
  assert_members (fx, CONSENT ("email_marketing", "email", "is", "\"given\""), "1,3");
  assert_members (fx, CONSENT ("email_marketing", "email", "is", "\"withdrawn\""), "2");
  assert_members (fx, CONSENT ("email_marketing", "email", "is-not", "\"given\""), "2,4,5");
  assert_members (fx, CONSENT ("email_marketing", "email", "any-of", "\"refused\", \"unknown\""), "4,5");
  assert_members (fx, CONSENT ("email_marketing", "email", "none-of", "\"given\", \"unknown\""), "2,4");
  /* another purpose and channel: read from the ledger */
  assert_members (fx, CONSENT ("postal_marketing", "postal", "is", "\"given\""), "3");
  assert_members (fx, CONSENT ("postal_marketing", "postal", "is", "\"unknown\""), "1,2,4,5");
#undef CONSENT
}

static gint64
query_count (CltWorkspace *workspace,
             const char   *sql)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, sql, NULL);

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

/* The fact sets' blobs, "kind value hex" per line. */
static char *
dump_fact_sets (CltWorkspace *workspace)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace,
    "SELECT group_concat (kind || ' ' || value || ' ' || hex (bits), char (10)) "
    "FROM (SELECT * FROM fact_sets ORDER BY kind, value)", NULL);

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

#define CONSENT_IS(op, values) \
  ONE ("{\"type\":\"condition\",\"kind\":\"consent\",\"field\":\"email_marketing\",\"channel\":\"email\"," \
       "\"operator\":\"" op "\",\"values\":[" values "]}")
#define SOURCE_IN(op, values) \
  ONE ("{\"type\":\"condition\",\"kind\":\"source\",\"field\":\"source\",\"operator\":\"" op "\",\"values\":[" values "]}")

/* E-mail consent states and sources are read from the sets each commit keeps; after changes
 * they hold what a whole rebuild would, and the counts what the single query gives. */
static void
test_fact_sets (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSegmentGroup) shop = parse (SOURCE_IN ("in", "\"Shop\""));
  g_autoptr(CltSegmentCounts) counts = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *rebuilt = NULL;

  g_assert_cmpint (query_count (fx->workspace, "SELECT count (*) FROM fact_sets WHERE kind = 'consent_rank'"), ==, 7);
  g_assert_cmpint (query_count (fx->workspace, "SELECT count (*) FROM fact_sets WHERE kind = 'source'"), ==, 3);
  assert_members (fx, CONSENT_IS ("is", "\"given\""), "1,3");
  assert_members (fx, SOURCE_IN ("in", "\"Shop\""), "1,2");

  /* A record moves to the shop, a withdrawal, a profile erased, a new one, a new source. */
  g_assert_true (_clt_workspace_begin (fx->workspace, NULL));
  exec_sql (fx->workspace,
    "UPDATE source_records SET source_id = 2 WHERE id = 6;"
    "INSERT INTO consent_events (identifier_kind, identifier, purpose, channel, action, event_time, recorded_time) VALUES "
    "  ('email', 'zoe@example.com', 'email_marketing', 'email', 'withdrawn', '2025-01-01', '2025-01-01');"
    "DELETE FROM source_records WHERE profile_id = 4; DELETE FROM events WHERE profile_id = 4; DELETE FROM profiles WHERE id = 4;"
    "INSERT INTO profiles (id, created_at, updated_at, display_name, email) VALUES (6, '2025', '2025', 'Lea', 'lea@example.de');"
    "INSERT INTO consent_events (identifier_kind, identifier, purpose, channel, action, event_time, recorded_time) VALUES "
    "  ('email', 'lea@example.de', 'email_marketing', 'email', 'given', '2025-01-01', '2025-01-01');"
    "INSERT INTO sources (id, kind, name, created_at) VALUES (4, 'loyalty', 'Kasse', '2025-01-01');"
    "INSERT INTO import_batches (id, source_id, file_name, started_at) VALUES (4, 4, 'kasse.csv', '2025-01-01T00:00:00Z');"
    "INSERT INTO source_records (id, source_id, batch_id, row_number, raw, profile_id) VALUES "
    "  (7, 4, 4, 2, '[]', 6), (8, 4, 4, 3, '[]', 2);");
  commit (fx->workspace);

  assert_members (fx, CONSENT_IS ("is", "\"given\""), "1,6");
  assert_members (fx, CONSENT_IS ("is-not", "\"given\""), "2,3,5");
  assert_members (fx, CONSENT_IS ("any-of", "\"withdrawn\", \"unknown\""), "2,3,5");
  assert_members (fx, SOURCE_IN ("in", "\"Shop\""), "1,2,5");
  assert_members (fx, SOURCE_IN ("not-in", "\"Shop\", \"Kasse\""), "3");
  assert_members (fx, SOURCE_IN ("in", "\"Kasse\", \"Newsletter\""), "2,3,6");
  assert_members (fx, SOURCE_IN ("in", "\"No such source\""), "");

  /* The sets updated for the changed profiles equal the sets built whole. */
  kept = dump_fact_sets (fx->workspace);
  g_assert_true (_clt_workspace_begin (fx->workspace, NULL));
  exec_sql (fx->workspace, "DELETE FROM fact_sets");
  commit (fx->workspace);
  rebuilt = dump_fact_sets (fx->workspace);
  g_assert_cmpstr (kept, ==, rebuilt);

  /* The evaluator reads them: a set emptied by hand empties the condition. */
  g_assert_true (_clt_workspace_begin (fx->workspace, NULL));
  exec_sql (fx->workspace, "UPDATE fact_sets SET bits = x'00' WHERE kind = 'source' AND value = 2");
  commit (fx->workspace);
  counts = clt_segment_evaluator_count (fx->evaluator, shop, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_segment_counts_get_total (counts), ==, 0);
}

#undef CONSENT_IS
#undef SOURCE_IN

#define CITY_MUENCHEN "{\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"city\",\"operator\":\"is\",\"values\":[\"München\"]}"
#define ESPRESSO "{\"type\":\"condition\",\"kind\":\"behaviour\",\"field\":\"purchase\",\"aggregate\":\"count\"," \
  "\"operator\":\">=\",\"values\":[\"3\"],\"filters\":{\"product\":\"Espresso\"},\"window\":{\"type\":\"last-days\",\"days\":90}}"
#define MAY_EMAIL "{\"type\":\"condition\",\"kind\":\"consent\",\"field\":\"email_marketing\",\"channel\":\"email\"," \
  "\"operator\":\"is\",\"values\":[\"given\"]}"
#define SPEND_100 "{\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"spend\",\"operator\":\">=\",\"values\":[\"100\"]}"
#define IN_SHOP "{\"type\":\"condition\",\"kind\":\"source\",\"field\":\"source\",\"operator\":\"in\",\"values\":[\"Shop\"]}"

static void
test_nesting (Fixture       *fx,
              gconstpointer  data)
{
  /* all of: München and (any of: Espresso, none of: (spend >= 100, in Shop)) */
  const char *json =
    "{\"version\":1,\"match\":\"all\",\"children\":[" CITY_MUENCHEN ","
    "{\"type\":\"group\",\"match\":\"any\",\"children\":[" ESPRESSO ","
    "  {\"type\":\"group\",\"match\":\"none\",\"children\":[" SPEND_100 "," IN_SHOP ","
    "    {\"type\":\"group\",\"match\":\"all\",\"children\":[" MAY_EMAIL "]}]}]}]}";
  g_autoptr(CltSegmentGroup) root = parse (json);
  g_autoptr(CltSegmentGroup) empty = clt_segment_group_new (CLT_SEGMENT_MATCH_ANY);
  g_autofree char *members = members_of_root (fx, root);
  CltSegmentGroup *any = CLT_SEGMENT_GROUP (clt_segment_group_get_child (root, 1));
  CltSegmentGroup *none = CLT_SEGMENT_GROUP (clt_segment_group_get_child (any, 1));
  g_autofree char *path = clt_segment_node_dup_path (clt_segment_group_get_child (none, 2));

  /* 1 bought Espresso; 3 is in München, not in the shop, spent little but may be e-mailed:
   * "none of" fails for 3 (the inner all-of group holds). */
  g_assert_cmpstr (members, ==, "1");
  g_assert_cmpstr (path, ==, "1/1/2");

  g_clear_pointer (&members, g_free);
  clt_segment_group_set_match (none, CLT_SEGMENT_MATCH_ANY);
  members = members_of_root (fx, root);
  g_assert_cmpstr (members, ==, "1,3");

  /* Empty groups do not narrow. */
  g_clear_pointer (&members, g_free);
  members = members_of_root (fx, empty);
  g_assert_cmpstr (members, ==, "1,2,3,4,5");
}

static void
test_counts (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(CltSegmentGroup) root = parse ("{\"version\":1,\"match\":\"all\",\"children\":[" CITY_MUENCHEN "," ESPRESSO "," MAY_EMAIL "]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSegmentCounts) counts = clt_segment_evaluator_count (fx->evaluator, root, 10, NULL, &error);
  CltSegmentMember *sample;
  gint64 own, removes;

  g_assert_no_error (error);
  g_assert_cmpint (clt_segment_counts_get_total (counts), ==, 1);
  g_assert_cmpint (clt_segment_counts_get_consented (counts), ==, 1);
  g_assert_true (clt_segment_counts_lookup_path (counts, "0", &own, &removes));
  g_assert_cmpint (own, ==, 2);      /* München: 1 and 3 */
  g_assert_cmpint (removes, ==, 0);  /* without it: Espresso and may be e-mailed: 1 */
  g_assert_true (clt_segment_counts_lookup_path (counts, "1", &own, &removes));
  g_assert_cmpint (own, ==, 1);
  g_assert_cmpint (removes, ==, 1);  /* without it: 1 and 3 */
  g_assert_true (clt_segment_counts_lookup (counts, clt_segment_group_get_child (root, 2), &own, &removes));
  g_assert_cmpint (own, ==, 2);
  g_assert_cmpint (removes, ==, 0);
  g_assert_true (clt_segment_counts_lookup_path (counts, "", &own, NULL));
  g_assert_cmpint (own, ==, 1);

  /* why in: the values that matched */
  g_assert_cmpuint (clt_segment_counts_get_samples (counts)->len, ==, 1);
  sample = g_ptr_array_index (clt_segment_counts_get_samples (counts), 0);
  g_assert_cmpint (clt_segment_member_get_id (sample), ==, 1);
  g_assert_cmpstr (clt_segment_member_get_name (sample), ==, "Anna Müller");
  g_assert_true (clt_segment_member_get_is_member (sample));
  g_assert_cmpstrv (clt_segment_member_get_paths (sample), ((const char * const[]) { "0", "1", "2", NULL }));
  g_assert_cmpstrv (clt_segment_member_get_values (sample), ((const char * const[]) { "München", "3", "given", NULL }));

  /* The consent split follows the chosen purpose. */
  g_clear_pointer (&counts, clt_segment_counts_unref);
  clt_segment_evaluator_set_purpose (fx->evaluator, "postal_marketing", "postal");
  counts = clt_segment_evaluator_count (fx->evaluator, root, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_segment_counts_get_consented (counts), ==, 0);
}

static void
test_why_not (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(CltSegmentGroup) root = parse ("{\"version\":1,\"match\":\"all\",\"children\":[" CITY_MUENCHEN ","
                                           "{\"type\":\"group\",\"match\":\"none\",\"children\":[" SPEND_100 "]},"
                                           ESPRESSO "]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSegmentMember) anna = clt_segment_evaluator_explain (fx->evaluator, root, 1, NULL, &error);
  g_autoptr(CltSegmentMember) zoe = NULL;
  g_autoptr(CltSegmentMember) juergen = NULL;
  g_autoptr(CltSegmentMember) nobody = NULL;

  g_assert_no_error (error);
  g_assert_true (clt_segment_member_get_is_member (anna));
  g_assert_cmpstrv (clt_segment_member_get_paths (anna), ((const char * const[]) { "0", "2", NULL }));

  zoe = clt_segment_evaluator_explain (fx->evaluator, root, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (clt_segment_member_get_is_member (zoe));
  g_assert_cmpstrv (clt_segment_member_get_paths (zoe), ((const char * const[]) { "2", NULL }));
  g_assert_cmpstrv (clt_segment_member_get_values (zoe), ((const char * const[]) { "0", NULL }));

  /* Berlin fails first; the "none of" it also fails comes later. */
  juergen = clt_segment_evaluator_explain (fx->evaluator, root, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (clt_segment_member_get_paths (juergen), ((const char * const[]) { "0", NULL }));
  g_assert_cmpstrv (clt_segment_member_get_values (juergen), ((const char * const[]) { "Berlin", NULL }));

  nobody = clt_segment_evaluator_explain (fx->evaluator, root, 99, NULL, &error);
  g_assert_error (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_NOT_FOUND);
  g_assert_null (nobody);
}

static void
test_json (void)
{
  g_autoptr(CltSegmentGroup) root = clt_segment_group_new (CLT_SEGMENT_MATCH_ANY);
  g_autoptr(CltSegmentGroup) inner = clt_segment_group_new (CLT_SEGMENT_MATCH_NONE);
  g_autoptr(CltCondition) behaviour = clt_condition_new (CLT_CONDITION_BEHAVIOUR, "purchase", CLT_OPERATOR_BETWEEN,
                                                         (const char * const[]) { "2", "5", NULL });
  g_autoptr(CltCondition) consent = clt_condition_new (CLT_CONDITION_CONSENT, "email_marketing", CLT_OPERATOR_IS,
                                                       (const char * const[]) { "given", NULL });
  g_autoptr(CltCondition) text = clt_condition_new (CLT_CONDITION_ATTRIBUTE, "company", CLT_OPERATOR_IS,
                                                    (const char * const[]) { "\"quoted\" \\ 'x' \u00e9 \U0001F600", NULL });
  g_autoptr(CltSegmentRef) ref = clt_segment_ref_new (7);
  g_autoptr(CltSegmentGroup) again = NULL;
  g_autoptr(CltSegmentGroup) copy = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_again = NULL;
  g_autofree char *json_copy = NULL;

  clt_condition_set_aggregate (behaviour, CLT_AGGREGATE_SUM);
  clt_condition_set_product (behaviour, "Espresso");
  clt_condition_set_store (behaviour, "Mitte");
  clt_condition_set_campaign (behaviour, "Herbst");
  clt_condition_set_amount_min (behaviour, "1.5");
  clt_condition_set_amount_max (behaviour, "99");
  clt_condition_set_window (behaviour, CLT_TIME_WINDOW_BETWEEN);
  clt_condition_set_window_dates (behaviour, "2025-01-01", "2025-03-31");
  clt_condition_set_channel (consent, "email");

  clt_segment_group_append (root, CLT_SEGMENT_NODE (behaviour));
  clt_segment_group_append (root, CLT_SEGMENT_NODE (inner));
  clt_segment_group_append (inner, CLT_SEGMENT_NODE (consent));
  clt_segment_group_append (inner, CLT_SEGMENT_NODE (text));
  clt_segment_group_append (inner, CLT_SEGMENT_NODE (ref));

  json = clt_segment_definition_to_json (root);
  g_assert_nonnull (strstr (json, "\"version\":1"));
  again = parse (json);
  json_again = clt_segment_definition_to_json (again);
  g_assert_cmpstr (json, ==, json_again);

  copy = CLT_SEGMENT_GROUP (clt_segment_node_copy (CLT_SEGMENT_NODE (root)));
  json_copy = clt_segment_definition_to_json (copy);
  g_assert_cmpstr (json, ==, json_copy);
  g_assert_null (clt_segment_node_get_parent (CLT_SEGMENT_NODE (copy)));

  /* windows of every type */
  for (CltTimeWindow w = CLT_TIME_WINDOW_ALWAYS; w <= CLT_TIME_WINDOW_AFTER_EVENT; w++)
    {
      g_autoptr(CltSegmentGroup) parsed = NULL;
      g_autofree char *one = NULL;
      g_autofree char *two = NULL;

      clt_condition_set_window (behaviour, w);
      clt_condition_set_window_days (behaviour, 30);
      clt_condition_set_window_event (behaviour, "newsletter_open");
      one = clt_segment_definition_to_json (root);
      parsed = parse (one);
      two = clt_segment_definition_to_json (parsed);
      g_assert_cmpstr (one, ==, two);
    }

  /* errors name what and where */
  assert_json_error ("{\"version\":2,\"match\":\"all\",\"children\":[]}", CLT_SEGMENT_ERROR_VERSION, "version 2");
  assert_json_error ("{\"match\":\"all\"}", CLT_SEGMENT_ERROR_VERSION, "no version");
  assert_json_error ("not json", CLT_SEGMENT_ERROR_INVALID, "not JSON");
  assert_json_error ("[1]", CLT_SEGMENT_ERROR_INVALID, "object");
  assert_json_error ("{\"version\":1,\"colour\":\"red\"}", CLT_SEGMENT_ERROR_INVALID, "“colour”");
  assert_json_error ("{\"version\":1,\"match\":\"most\"}", CLT_SEGMENT_ERROR_INVALID, "most");
  assert_json_error (ONE (CITY_MUENCHEN ",{\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"city\","
                          "\"operator\":\"is\",\"values\":[\"x\"],\"colour\":1}"),
                     CLT_SEGMENT_ERROR_INVALID, "/children/1: unknown field “colour”");
  assert_json_error (ONE ("{\"type\":\"condition\",\"kind\":\"magic\",\"field\":\"city\",\"operator\":\"is\"}"),
                     CLT_SEGMENT_ERROR_INVALID, "magic");
  assert_json_error (ONE ("{\"type\":\"circle\"}"), CLT_SEGMENT_ERROR_INVALID, "circle");
  assert_json_error (ONE ("{\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"shoe_size\",\"operator\":\"is\",\"values\":[\"1\"]}"),
                     CLT_SEGMENT_ERROR_INVALID, "shoe_size");
  assert_json_error (ONE ("{\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"city\",\"operator\":\"~=\",\"values\":[\"1\"]}"),
                     CLT_SEGMENT_ERROR_INVALID, "~=");
  assert_json_error (ONE ("{\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"city\",\"operator\":\">=\",\"values\":[\"1\"]}"),
                     CLT_SEGMENT_ERROR_INVALID, "does not fit");
  assert_json_error (ONE ("{\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"spend\",\"operator\":\">=\",\"values\":[\"abc\"]}"),
                     CLT_SEGMENT_ERROR_INVALID, "/children/0: “abc” is not a number");
  assert_json_error (ONE ("{\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"spend\",\"operator\":\"between\",\"values\":[\"1\"]}"),
                     CLT_SEGMENT_ERROR_INVALID, "2 values");
  assert_json_error (ONE ("{\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"spend\",\"operator\":\">=\",\"values\":[\"1e999\"]}"),
                     CLT_SEGMENT_ERROR_INVALID, "1e999");
  assert_json_error (ONE ("{\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"birthday\",\"operator\":\"before\",\"values\":[\"2025-02-30\"]}"),
                     CLT_SEGMENT_ERROR_INVALID, "2025-02-30");
  assert_json_error (ONE ("{\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"city\",\"operator\":\"is\",\"values\":[true]}"),
                     CLT_SEGMENT_ERROR_INVALID, "/children/0/values/0");
  assert_json_error (ONE ("{\"type\":\"condition\",\"kind\":\"consent\",\"field\":\"email_marketing\",\"channel\":\"email\","
                          "\"operator\":\"is\",\"values\":[\"maybe\"]}"), CLT_SEGMENT_ERROR_INVALID, "maybe");
  assert_json_error (ONE ("{\"type\":\"condition\",\"kind\":\"behaviour\",\"field\":\"purchase\",\"operator\":\">=\","
                          "\"values\":[\"1\"],\"window\":{\"type\":\"last-days\",\"days\":0}}"), CLT_SEGMENT_ERROR_INVALID,
                     "/children/0/window");
  assert_json_error (ONE ("{\"type\":\"condition\",\"kind\":\"behaviour\",\"field\":\"purchase\",\"operator\":\">=\","
                          "\"values\":[\"1\"],\"filters\":{\"colour\":\"red\"}}"), CLT_SEGMENT_ERROR_INVALID,
                     "/children/0/filters: unknown field “colour”");
  assert_json_error (ONE ("{\"type\":\"group\",\"children\":[{\"type\":\"segment\",\"id\":\"x\"}]}"),
                     CLT_SEGMENT_ERROR_INVALID, "/children/0/children/0");
}

static void
count_cb (guint *n)
{
  (*n)++;
}

static void
test_tree_signals (void)
{
  g_autoptr(CltSegmentGroup) root = clt_segment_group_new (CLT_SEGMENT_MATCH_ALL);
  g_autoptr(CltSegmentGroup) inner = clt_segment_group_new (CLT_SEGMENT_MATCH_ANY);
  g_autoptr(CltCondition) condition = clt_condition_new (CLT_CONDITION_ATTRIBUTE, "city", CLT_OPERATOR_IS,
                                                         (const char * const[]) { "Berlin", NULL });
  guint changed = 0, items_changed = 0;

  g_signal_connect_swapped (root, "changed", G_CALLBACK (count_cb), &changed);
  g_signal_connect_swapped (root, "items-changed", G_CALLBACK (count_cb), &items_changed);

  clt_segment_group_append (root, CLT_SEGMENT_NODE (inner));
  clt_segment_group_append (inner, CLT_SEGMENT_NODE (condition));
  g_assert_cmpuint (items_changed, ==, 1);
  g_assert_cmpuint (changed, ==, 2);
  clt_condition_set_values (condition, (const char * const[]) { "Berlin", NULL });
  g_assert_cmpuint (changed, ==, 2);
  clt_condition_set_values (condition, (const char * const[]) { "Bonn", NULL });
  g_assert_cmpuint (changed, ==, 3);
  g_assert_true (G_LIST_MODEL (inner) != NULL && g_list_model_get_n_items (G_LIST_MODEL (inner)) == 1);

  /* move out one level, then back in */
  clt_segment_node_move (CLT_SEGMENT_NODE (condition), root, 0);
  g_assert_true (clt_segment_node_get_parent (CLT_SEGMENT_NODE (condition)) == root);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (inner)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (root)), ==, 2);
  clt_segment_node_move (CLT_SEGMENT_NODE (condition), inner, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (root)), ==, 1);
}

static void
test_hostile (Fixture       *fx,
              gconstpointer  data)
{
  static const char * const hostile[] = {
    "'", "\"", "''", "'; DROP TABLE profiles; --", "\"); DELETE FROM events; --", "%", "_", "%_%", "\\", "?1", ":a",
    "Zoë 😀 ﷺ", "", " ", "\t", "1e308", "-0", "99999999999999999999999", "a'b\"c",
  };
  g_autofree char *before = dump_profiles (fx->workspace);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      const char *value = hostile[i];
      g_autoptr(CltSegmentGroup) root = clt_segment_group_new (CLT_SEGMENT_MATCH_ANY);
      g_autoptr(CltCondition) a = clt_condition_new (CLT_CONDITION_ATTRIBUTE, "company", CLT_OPERATOR_IS,
                                                     (const char * const[]) { value, NULL });
      g_autoptr(CltCondition) b = clt_condition_new (CLT_CONDITION_ATTRIBUTE, "last_name", CLT_OPERATOR_CONTAINS,
                                                     (const char * const[]) { value, NULL });
      g_autoptr(CltCondition) c = clt_condition_new (CLT_CONDITION_ATTRIBUTE, "city", CLT_OPERATOR_ANY_OF,
                                                     (const char * const[]) { value, "München", NULL });
      g_autoptr(CltCondition) d = clt_condition_new (CLT_CONDITION_SOURCE, "source", CLT_OPERATOR_IN,
                                                     (const char * const[]) { value, NULL });
      g_autoptr(CltCondition) e = clt_condition_new (CLT_CONDITION_BEHAVIOUR, "purchase", CLT_OPERATOR_GE,
                                                     (const char * const[]) { "1", NULL });
      g_autoptr(CltCondition) f = clt_condition_new (CLT_CONDITION_ATTRIBUTE, "email", CLT_OPERATOR_STARTS_WITH,
                                                     (const char * const[]) { value, NULL });
      g_autoptr(CltSegmentGroup) parsed = NULL;
      g_autofree char *json = NULL;
      g_autofree char *json_again = NULL;
      g_autofree char *members = NULL;
      g_autofree char *expected = NULL;
      g_autoptr(GPtrArray) want = g_ptr_array_new_with_free_func (g_free);

      clt_condition_set_product (e, value);
      clt_condition_set_store (e, value[0] ? value : NULL);
      clt_segment_group_append (root, CLT_SEGMENT_NODE (a));
      clt_segment_group_append (root, CLT_SEGMENT_NODE (b));
      clt_segment_group_append (root, CLT_SEGMENT_NODE (c));
      clt_segment_group_append (root, CLT_SEGMENT_NODE (d));
      clt_segment_group_append (root, CLT_SEGMENT_NODE (e));
      clt_segment_group_append (root, CLT_SEGMENT_NODE (f));

      /* The values survive JSON. */
      json = clt_segment_definition_to_json (root);
      parsed = parse (json);
      json_again = clt_segment_definition_to_json (parsed);
      g_assert_cmpstr (json, ==, json_again);

      /* The answer, worked out here: München always; Zoë for her company; contains "" and the
       * empty product and starts-with hold for all who have a value; "%" is Ben's last name. */
      members = members_of_root (fx, root);
      if (value[0] == '\0')
        expected = g_strdup ("1,2,3,4");
      else if (g_str_equal (value, "'; DROP TABLE profiles; --") || g_str_equal (value, "'") ||
               g_str_equal (value, "''"))
        expected = g_strdup ("1,3");
      else if (g_str_equal (value, "%"))
        expected = g_strdup ("1,3,4");
      else if (g_str_equal (value, "_"))
        expected = g_strdup ("1,3");
      else
        expected = g_strdup ("1,3");
      if (g_strcmp0 (members, expected) != 0)
        g_error ("hostile value “%s”: members %s, expected %s", value, members, expected);
    }

  /* Huge numbers: valid, and simply match nothing (or everything). */
  assert_members (fx, ONE ("{\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"spend\",\"operator\":\">=\","
                           "\"values\":[\"99999999999999999999999\"]}"), "");
  assert_members (fx, ONE ("{\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"orders\",\"operator\":\"<\","
                           "\"values\":[\"1e308\"]}"), "1,2,3,4,5");
  assert_members (fx, ONE ("{\"type\":\"condition\",\"kind\":\"behaviour\",\"field\":\"purchase\",\"aggregate\":\"sum\","
                           "\"operator\":\">\",\"values\":[\"-1e300\"]}"), "1,2,3,4,5");

  /* The data is unchanged, every table there. */
  {
    g_autofree char *after = dump_profiles (fx->workspace);

    g_assert_cmpstr (before, ==, after);
    g_assert_cmpint (clt_workspace_count (fx->workspace, "events", &error), ==, 9);
    g_assert_no_error (error);
    g_assert_cmpint (clt_workspace_count (fx->workspace, "profiles", &error), ==, 5);
  }
}

static void
test_store (Fixture       *fx,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSegmentGroup) munich = parse (ONE (CITY_MUENCHEN));
  g_autoptr(CltSegmentGroup) shop = parse (ONE (IN_SHOP));
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GListModel) versions = NULL;
  g_autoptr(CltSegment) segment = NULL;
  g_autoptr(CltSegmentGroup) restored = NULL;
  g_autoptr(GArray) members = NULL;
  g_autofree char *ids = NULL;
  gint64 a, b, copy, only_a, both, only_b;

  a = clt_segment_store_save (fx->workspace, "Munich", munich, CLT_SEGMENT_KIND_DYNAMIC, "tester", &error);
  g_assert_no_error (error);
  b = clt_segment_store_save (fx->workspace, "Shop 'customers'; --", shop, CLT_SEGMENT_KIND_DYNAMIC, "tester", &error);
  g_assert_no_error (error);
  g_assert_cmpint (a, >, 0);
  g_assert_cmpint (b, >, a);

  g_assert_cmpint (clt_segment_store_save (fx->workspace, "Munich", shop, CLT_SEGMENT_KIND_DYNAMIC, NULL, &error), ==, 0);
  g_assert_error (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_EXISTS);
  g_clear_error (&error);

  list = clt_segment_store_list (fx->workspace, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
  g_clear_object (&list);

  /* overlap: {1,3} and {1,2} */
  g_assert_true (clt_segment_store_overlap (fx->workspace, a, b, &only_a, &both, &only_b, &error));
  g_assert_no_error (error);
  g_assert_cmpint (only_a, ==, 1);
  g_assert_cmpint (both, ==, 1);
  g_assert_cmpint (only_b, ==, 1);

  /* versions and restore */
  g_assert_true (clt_segment_store_update (fx->workspace, a, shop, "editor", &error));
  g_assert_no_error (error);
  versions = clt_segment_store_list_versions (fx->workspace, a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (versions), ==, 2);
  {
    g_autoptr(CltSegment) newest = g_list_model_get_item (versions, 0);
    g_autoptr(CltSegment) oldest = g_list_model_get_item (versions, 1);

    g_assert_cmpint (clt_segment_get_version (newest), ==, 2);
    g_assert_cmpstr (clt_segment_get_actor (newest), ==, "editor");
    g_assert_cmpstr (clt_segment_get_actor (oldest), ==, "tester");
  }
  g_assert_true (clt_segment_store_restore_version (fx->workspace, a, 1, "editor", &error));
  g_assert_no_error (error);
  segment = clt_segment_store_get (fx->workspace, a, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_segment_get_version (segment), ==, 3);
  restored = clt_segment_dup_root (segment, &error);
  g_assert_no_error (error);
  {
    g_autofree char *one = clt_segment_definition_to_json (munich);
    g_autofree char *three = clt_segment_definition_to_json (restored);

    g_assert_cmpstr (one, ==, three);
  }
  g_assert_false (clt_segment_store_restore_version (fx->workspace, a, 9, NULL, &error));
  g_assert_error (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* rename and duplicate */
  g_assert_true (clt_segment_store_rename (fx->workspace, a, "München", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (clt_segment_store_find (fx->workspace, "München"), ==, a);
  g_assert_false (clt_segment_store_rename (fx->workspace, a, "Shop 'customers'; --", NULL, &error));
  g_assert_error (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_EXISTS);
  g_clear_error (&error);
  copy = clt_segment_store_duplicate (fx->workspace, a, "München (copy)", NULL, &error);
  g_assert_no_error (error);
  members = clt_segment_store_list_members (fx->workspace, copy, &error);
  g_assert_no_error (error);
  ids = join_ids (members);
  g_assert_cmpstr (ids, ==, "1,3");

  /* delete and undo */
  g_assert_true (clt_segment_store_delete (fx->workspace, copy, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (clt_segment_store_find (fx->workspace, "München (copy)"), ==, 0);
  list = clt_segment_store_list (fx->workspace, &error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
  g_clear_object (&list);
  g_assert_true (clt_segment_store_undelete (fx->workspace, copy, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (clt_segment_store_find (fx->workspace, "München (copy)"), ==, copy);
  g_assert_false (clt_segment_store_undelete (fx->workspace, copy, NULL, &error));
  g_assert_error (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A deleted segment's name can be taken; the deleted one gives it up, ids are not reused. */
  g_assert_true (clt_segment_store_delete (fx->workspace, copy, NULL, &error));
  g_assert_cmpint (clt_segment_store_save (fx->workspace, "München (copy)", shop, CLT_SEGMENT_KIND_DYNAMIC, NULL, &error),
                   >, copy);
  g_assert_no_error (error);
  g_assert_true (clt_segment_store_undelete (fx->workspace, copy, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(CltSegment) back = clt_segment_store_get (fx->workspace, copy, &error);
    g_autofree char *name = g_strdup_printf ("München (copy) (deleted %" G_GINT64_FORMAT ")", copy);

    g_assert_cmpstr (clt_segment_get_name (back), ==, name);
  }

  /* Every write was audited, without names or definitions. */
  {
    g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (fx->workspace,
      "SELECT count (*), sum (coalesce (detail, '') LIKE '%München%' OR coalesce (detail, '') LIKE '%Shop%') "
      "FROM audit_log WHERE object_kind = 'segment'", NULL);

    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), >=, 11);
    g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 0);
  }
}

static void
test_references (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSegmentGroup) munich = parse (ONE (CITY_MUENCHEN));
  g_autoptr(CltSegmentGroup) uses = NULL;
  g_autoptr(CltSegmentGroup) loop = NULL;
  g_autoptr(CltSegmentGroup) missing = parse (ONE ("{\"type\":\"segment\",\"id\":999}"));
  g_autoptr(CltSegmentCounts) counts = NULL;
  g_autofree char *json = NULL;
  gint64 a, b;

  a = clt_segment_store_save (fx->workspace, "A", munich, CLT_SEGMENT_KIND_DYNAMIC, NULL, &error);
  g_assert_no_error (error);
  json = g_strdup_printf ("{\"version\":1,\"match\":\"all\",\"children\":[{\"type\":\"segment\",\"id\":%" G_GINT64_FORMAT "},"
                          MAY_EMAIL "]}", a);
  uses = parse (json);
  g_clear_pointer (&json, g_free);
  json = members_of_root (fx, uses);
  g_assert_cmpstr (json, ==, "1,3");
  b = clt_segment_store_save (fx->workspace, "B", uses, CLT_SEGMENT_KIND_DYNAMIC, NULL, &error);
  g_assert_no_error (error);

  /* A referring to B, which refers to A: refused; so is A referring to itself. */
  g_clear_pointer (&json, g_free);
  json = g_strdup_printf (ONE ("{\"type\":\"group\",\"match\":\"any\",\"children\":[{\"type\":\"segment\",\"id\":%" G_GINT64_FORMAT "}]}"), b);
  loop = parse (json);
  g_assert_false (clt_segment_store_update (fx->workspace, a, loop, NULL, &error));
  g_assert_error (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_CYCLE);
  g_clear_error (&error);
  g_clear_object (&loop);
  g_clear_pointer (&json, g_free);
  json = g_strdup_printf (ONE ("{\"type\":\"segment\",\"id\":%" G_GINT64_FORMAT "}"), a);
  loop = parse (json);
  g_assert_false (clt_segment_store_update (fx->workspace, a, loop, NULL, &error));
  g_assert_error (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_CYCLE);
  g_clear_error (&error);

  counts = clt_segment_evaluator_count (fx->evaluator, missing, 0, NULL, &error);
  g_assert_error (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_NOT_FOUND);
  g_assert_null (counts);
  g_clear_error (&error);

  /* A reference sees the referenced segment's saved definition change. */
  {
    g_autoptr(CltSegmentGroup) berlin = parse (ONE ("{\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"city\","
                                                    "\"operator\":\"is\",\"values\":[\"Berlin\"]}"));
    g_autofree char *now = NULL;

    g_assert_true (clt_segment_store_update (fx->workspace, a, berlin, NULL, &error));
    g_assert_no_error (error);
    now = members_of_root (fx, uses);
    g_assert_cmpstr (now, ==, "");
  }
}

static void
test_static_and_history (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSegmentGroup) munich = parse (ONE (CITY_MUENCHEN));
  g_autoptr(GArray) frozen = NULL;
  g_autoptr(GArray) live = NULL;
  g_autoptr(GArray) entered = NULL;
  g_autoptr(GArray) left = NULL;
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  g_autoptr(CltSegmentGroup) ref = NULL;
  gint64 fixed, dynamic;

  fixed = clt_segment_store_save (fx->workspace, "Frozen", munich, CLT_SEGMENT_KIND_STATIC, NULL, &error);
  g_assert_no_error (error);
  dynamic = clt_segment_store_save (fx->workspace, "Live", munich, CLT_SEGMENT_KIND_DYNAMIC, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (clt_segment_store_look (fx->workspace, dynamic, NULL, &entered, &left, &error));
  g_assert_no_error (error);
  text = join_ids (entered);
  g_assert_cmpstr (text, ==, "1,3");
  g_assert_cmpuint (left->len, ==, 0);
  g_clear_pointer (&entered, g_array_unref);
  g_clear_pointer (&left, g_array_unref);

  /* Zoë moves to Berlin, Ben to Munich. */
  g_assert_true (_clt_workspace_begin (fx->workspace, NULL));
  exec_sql (fx->workspace, "UPDATE profiles SET city = 'Berlin' WHERE id = 3; UPDATE profiles SET city = 'MÜNCHEN' WHERE id = 4");
  commit (fx->workspace);

  frozen = clt_segment_store_list_members (fx->workspace, fixed, &error);
  g_assert_no_error (error);
  live = clt_segment_store_list_members (fx->workspace, dynamic, &error);
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);
  text = join_ids (frozen);
  g_assert_cmpstr (text, ==, "1,3");
  g_clear_pointer (&text, g_free);
  text = join_ids (live);
  g_assert_cmpstr (text, ==, "1,4");

  g_assert_true (clt_segment_store_look (fx->workspace, dynamic, NULL, &entered, &left, &error));
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);
  text = join_ids (entered);
  g_assert_cmpstr (text, ==, "4");
  g_clear_pointer (&text, g_free);
  text = join_ids (left);
  g_assert_cmpstr (text, ==, "3");
  g_clear_pointer (&entered, g_array_unref);
  g_clear_pointer (&left, g_array_unref);
  g_assert_true (clt_segment_store_look (fx->workspace, dynamic, NULL, &entered, &left, &error));
  g_assert_cmpuint (entered->len + left->len, ==, 0);

  /* A reference to a static segment is its frozen list; the evaluator sees the change. */
  json = g_strdup_printf (ONE ("{\"type\":\"segment\",\"id\":%" G_GINT64_FORMAT "}"), fixed);
  ref = parse (json);
  g_clear_pointer (&text, g_free);
  text = members_of_root (fx, ref);
  g_assert_cmpstr (text, ==, "1,3");

  /* Saving or restoring a fixed list's definition leaves its members as they are. */
  g_assert_true (clt_segment_store_update (fx->workspace, fixed, munich, NULL, &error));
  g_assert_true (clt_segment_store_restore_version (fx->workspace, fixed, 1, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&frozen, g_array_unref);
  frozen = clt_segment_store_list_members (fx->workspace, fixed, &error);
  g_clear_pointer (&text, g_free);
  text = join_ids (frozen);
  g_assert_cmpstr (text, ==, "1,3");

  /* Freezing a dynamic segment. */
  g_assert_true (clt_segment_store_freeze (fx->workspace, dynamic, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (_clt_workspace_begin (fx->workspace, NULL));
  exec_sql (fx->workspace, "UPDATE profiles SET city = 'Bonn' WHERE id = 4");
  commit (fx->workspace);
  g_clear_pointer (&live, g_array_unref);
  live = clt_segment_store_list_members (fx->workspace, dynamic, &error);
  g_clear_pointer (&text, g_free);
  text = join_ids (live);
  g_assert_cmpstr (text, ==, "1,4");
}

static void
count_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError **error = user_data;
  CltSegmentCounts *counts = clt_segment_evaluator_count_finish (CLT_SEGMENT_EVALUATOR (object), result, error);

  g_assert_true (counts == NULL || clt_segment_counts_get_total (counts) == 2);
  if (counts == NULL)
    g_assert_nonnull (*error);
  else
    {
      clt_segment_counts_unref (counts);
      *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "done");
    }
}

static void
explain_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CltSegmentMember **member = user_data;
  g_autoptr(GError) error = NULL;

  *member = clt_segment_evaluator_explain_finish (CLT_SEGMENT_EVALUATOR (object), result, &error);
  g_assert_no_error (error);
}

static void
test_async_and_cancel (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(CltSegmentGroup) root = parse (ONE (CITY_MUENCHEN));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSegmentCounts) counts = NULL;
  g_autoptr(CltSegmentMember) member = NULL;

  /* A count that finishes. */
  clt_segment_evaluator_count_async (fx->evaluator, root, 3, NULL, count_done_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  /* The builder goes on editing: the count is of the tree as it was. */
  clt_segment_evaluator_count_async (fx->evaluator, root, 0, NULL, count_done_cb, &error);
  clt_segment_group_set_match (root, CLT_SEGMENT_MATCH_NONE);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  clt_segment_group_set_match (root, CLT_SEGMENT_MATCH_ALL);

  /* A cancelled one. */
  g_cancellable_cancel (cancellable);
  clt_segment_evaluator_count_async (fx->evaluator, root, 0, cancellable, count_done_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  counts = clt_segment_evaluator_count (fx->evaluator, root, 0, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (counts);
  g_clear_error (&error);

  clt_segment_evaluator_explain_async (fx->evaluator, root, 2, NULL, explain_done_cb, &member);
  while (member == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (clt_segment_member_get_is_member (member));
  g_assert_cmpstrv (clt_segment_member_get_values (member), ((const char * const[]) { "Berlin", NULL }));
}

/* Cancelling stops a query under way: SQLite's progress handler sees the cancellable. */
static gpointer
cancel_soon_thread (gpointer data)
{
  g_usleep (20000);
  g_cancellable_cancel (data);

  return NULL;
}

static void
test_cancel_running (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSegmentCounts) counts = NULL;
  g_autoptr(CltSegmentGroup) root = NULL;
  g_autoptr(GThread) thread = NULL;
  gint64 started;

  /* Many events, so that the count takes a while. */
  g_assert_true (_clt_workspace_begin (fx->workspace, NULL));
  exec_sql (fx->workspace,
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) "
    "INSERT INTO events (profile_id, kind, occurred_at, amount_cents, detail) "
    "SELECT 1 + i % 5, 'purchase', '2025-01-01', i, '{\"store\":\"Nord\"}' FROM n");
  commit (fx->workspace);
  root = parse (ONE ("{\"type\":\"condition\",\"kind\":\"behaviour\",\"field\":\"purchase\",\"operator\":\">=\","
                     "\"values\":[\"1\"],\"filters\":{\"store\":\"Mitte\"}}"));

  thread = g_thread_new ("cancel", cancel_soon_thread, cancellable);
  started = g_get_monotonic_time ();
  counts = clt_segment_evaluator_count (fx->evaluator, root, 0, cancellable, &error);
  g_thread_join (g_steal_pointer (&thread));
  if (counts == NULL)
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_test_message ("cancelled after %.1f ms", (g_get_monotonic_time () - started) / 1000.0);
    }
  else
    g_test_message ("finished before the cancel (%.1f ms)", (g_get_monotonic_time () - started) / 1000.0);
  g_clear_error (&error);

  /* The evaluator is usable afterwards. */
  g_clear_pointer (&counts, clt_segment_counts_unref);
  counts = clt_segment_evaluator_count (fx->evaluator, root, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_segment_counts_get_total (counts), ==, 0);
}

/* A list chosen by hand: only the customers added, added once, taken out again. */
static void
test_hand_list (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) members = NULL;
  g_autoptr(GArray) added = NULL;
  g_autoptr(CltSegmentGroup) munich = parse (ONE (CITY_MUENCHEN));
  g_autofree char *text = NULL;
  const gint64 first[] = { 2, 4 };
  const gint64 more[] = { 4, 1, 999999 };
  gint64 list, dynamic;

  list = clt_segment_store_save_list (fx->workspace, "Chosen", first, G_N_ELEMENTS (first), NULL, &error);
  g_assert_no_error (error);
  members = clt_segment_store_list_members (fx->workspace, list, &error);
  text = join_ids (members);
  g_assert_cmpstr (text, ==, "2,4");

  /* 4 is in already and 999999 is nobody: only 1 is new. */
  g_assert_true (clt_segment_store_add_members (fx->workspace, list, more, G_N_ELEMENTS (more), NULL, &added, &error));
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);
  text = join_ids (added);
  g_assert_cmpstr (text, ==, "1,999999");
  g_clear_pointer (&members, g_array_unref);
  members = clt_segment_store_list_members (fx->workspace, list, &error);
  g_clear_pointer (&text, g_free);
  text = join_ids (members);
  g_assert_cmpstr (text, ==, "1,2,4");

  /* Undo: what was added goes again. */
  g_assert_true (clt_segment_store_remove_members (fx->workspace, list, (const gint64 *) added->data, added->len, NULL, &error));
  g_clear_pointer (&members, g_array_unref);
  members = clt_segment_store_list_members (fx->workspace, list, &error);
  g_clear_pointer (&text, g_free);
  text = join_ids (members);
  g_assert_cmpstr (text, ==, "2,4");

  /* A dynamic segment has no hand-picked members. */
  dynamic = clt_segment_store_save (fx->workspace, "Live", munich, CLT_SEGMENT_KIND_DYNAMIC, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (clt_segment_store_add_members (fx->workspace, dynamic, first, 1, NULL, NULL, &error));
  g_assert_error (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_INVALID);
}

static void
assert_suggests (Fixture            *fx,
                 const char         *field,
                 const char         *prefix,
                 const char * const *expected)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) values = clt_segment_suggest (fx->workspace, field, prefix, 8, NULL, &error);
  g_autofree char *got = NULL;
  g_autofree char *want = g_strjoinv (",", (char **) expected);

  g_assert_no_error (error);
  got = g_strjoinv (",", values);
  g_assert_cmpstr (got, ==, want);
}

/* Values offered while typing: from the data, by prefix, ignoring case; a hostile prefix is
 * only a prefix. */
static void
test_suggest (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) none = NULL;

  g_assert_true (clt_segment_suggest_offers ("city"));
  g_assert_false (clt_segment_suggest_offers ("email"));
  assert_suggests (fx, "product", "esp", (const char * const[]) { "espresso", "espresso bohnen", NULL });
  assert_suggests (fx, "store", "MÜN", (const char * const[]) { "München Mitte", NULL });
  assert_suggests (fx, "campaign", "h", (const char * const[]) { "Herbst", NULL });
  assert_suggests (fx, "campaign", "%", (const char * const[]) { NULL });
  assert_suggests (fx, "product", "' OR 1=1 --", (const char * const[]) { NULL });

  g_cancellable_cancel (cancelled);
  none = clt_segment_suggest (fx->workspace, "product", "", 8, cancelled, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  g_test_add_func ("/segment/json", test_json);
  g_test_add_func ("/segment/tree-signals", test_tree_signals);
  ADD ("/segment/attribute", test_attribute);
  ADD ("/segment/source", test_source);
  ADD ("/segment/behaviour", test_behaviour);
  ADD ("/segment/consent", test_consent);
  ADD ("/segment/fact-sets", test_fact_sets);
  ADD ("/segment/nesting", test_nesting);
  ADD ("/segment/counts", test_counts);
  ADD ("/segment/why-not", test_why_not);
  ADD ("/segment/hostile", test_hostile);
  ADD ("/segment/store", test_store);
  ADD ("/segment/references", test_references);
  ADD ("/segment/static-and-history", test_static_and_history);
  ADD ("/segment/async-and-cancel", test_async_and_cancel);
  ADD ("/segment/cancel-running", test_cancel_running);
  ADD ("/segment/hand-list", test_hand_list);
  ADD ("/segment/suggest", test_suggest);
#undef ADD

  return g_test_run ();
}
