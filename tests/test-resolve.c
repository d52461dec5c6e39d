/* test-resolve.c: identity resolution on a workspace, from import to golden profiles
 *
 * The demo business's exports know who is who (truth.csv): the resolved profiles are
 * measured against it, and merges, splits, answers and undo are checked to hold across
 * later runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "clt-core.h"
#include "clt-test-utils.h"

/* Persons of the demo business: more for measuring quality, fewer where behaviour is checked. */
#define DEMO_PERSONS 400
#define SMALL_DEMO_PERSONS 120

typedef struct
{
  char         *dir;
  char         *path;
  char         *truth;
  CltWorkspace *workspace;
} Fixture;

static void
import_files (Fixture *fixture,
              GStrv    paths)
{
  for (guint i = 0; paths[i]; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
      g_autoptr(CltImporter) importer = clt_importer_new (fixture->path, file);
      g_autoptr(GError) error = NULL;

      clt_importer_run (importer, FALSE, NULL, &error);
      g_assert_no_error (error);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *exports = NULL;
  g_auto(GStrv) paths = NULL;

  fixture->dir = clt_test_make_tmp_dir ("test-resolve");
  fixture->path = g_build_filename (fixture->dir, "workspace.clientele", NULL);
  exports = g_build_filename (fixture->dir, "exports", NULL);
  g_assert_cmpint (g_mkdir (exports, 0700), ==, 0);
  fixture->truth = g_build_filename (exports, "truth.csv", NULL);

  paths = clt_demo_write (exports, GPOINTER_TO_UINT (data), 7, &error);
  g_assert_no_error (error);
  fixture->workspace = clt_workspace_open (fixture->path, &error);
  g_assert_no_error (error);
  import_files (fixture, paths);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->workspace);
  g_free (fixture->truth);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static CltResolver *
resolve (Fixture  *fixture,
         gboolean  full)
{
  g_autoptr(CltResolver) resolver = clt_resolver_new (fixture->path);
  g_autoptr(GError) error = NULL;

  clt_resolver_set_full (resolver, full);
  clt_resolver_run (resolver, NULL, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&resolver);
}

static void
add_link (const char *file_name,
          gint64      row,
          gint64      profile_id,
          gpointer    user_data)
{
  g_hash_table_insert (user_data, g_strdup_printf ("%s,%" G_GINT64_FORMAT, file_name, row),
                       GSIZE_TO_POINTER (profile_id));
}

/* "file,row" → profile id, for every imported data row. */
static GHashTable *
links (Fixture *fixture)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;

  clt_identity_foreach_link (fixture->workspace, add_link, table, &error);
  g_assert_no_error (error);

  return table;
}

static void
assert_same_links (GHashTable *a,
                   GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (g_hash_table_size (a), ==, g_hash_table_size (b));
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpint (GPOINTER_TO_SIZE (g_hash_table_lookup (b, key)), ==, GPOINTER_TO_SIZE (value));
}

/* The same groups of rows, whatever the profile ids. */
static void
assert_same_partition (GHashTable *a,
                       GHashTable *b)
{
  g_autoptr(GHashTable) forward = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GHashTable) backward = g_hash_table_new (g_direct_hash, g_direct_equal);
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (g_hash_table_size (a), ==, g_hash_table_size (b));
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gpointer other = g_hash_table_lookup (b, key);

      g_assert_true (g_hash_table_lookup (forward, value) == NULL || g_hash_table_lookup (forward, value) == other);
      g_assert_true (g_hash_table_lookup (backward, other) == NULL || g_hash_table_lookup (backward, other) == value);
      g_hash_table_insert (forward, value, other);
      g_hash_table_insert (backward, other, value);
    }
}

static gint64
query (Fixture    *fixture,
       const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

/* Pairwise precision and recall of the profiles against truth.csv (file, line, person). */
static void
test_demo_quality (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CltResolver) resolver = resolve (fixture, TRUE);
  g_autoptr(GHashTable) profile_of = links (fixture);
  g_autoptr(GHashTable) persons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) clusters = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) truth_sizes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint64 true_pairs = 0, predicted_pairs = 0, correct = 0;
  double precision, recall, f1;
  GHashTableIter iter;
  gpointer key, value;

  g_assert_true (g_file_get_contents (fixture->truth, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] && lines[i][0]; i++)
    {
      g_auto(GStrv) parts = g_strsplit (lines[i], ",", 3);
      guint64 line = g_ascii_strtoull (parts[1], NULL, 10);

      /* The truth counts lines with the header; a link counts data rows. */
      g_hash_table_insert (persons, g_strdup_printf ("%s,%" G_GUINT64_FORMAT, parts[0], line - 1), g_strdup (parts[2]));
    }
  g_assert_cmpuint (g_hash_table_size (persons), ==, g_hash_table_size (profile_of));

  g_hash_table_iter_init (&iter, persons);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gpointer profile = g_hash_table_lookup (profile_of, key);
      GPtrArray *members;

      g_assert_nonnull (profile);
      g_hash_table_insert (truth_sizes, value, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (truth_sizes, value)) + 1));
      if (!(members = g_hash_table_lookup (clusters, profile)))
        g_hash_table_insert (clusters, profile, (members = g_ptr_array_new ()));
      g_ptr_array_add (members, value);
    }

  g_hash_table_iter_init (&iter, truth_sizes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    true_pairs += (guint64) GPOINTER_TO_UINT (value) * (GPOINTER_TO_UINT (value) - 1) / 2;
  g_hash_table_iter_init (&iter, clusters);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *members = value;

      predicted_pairs += (guint64) members->len * (members->len - 1) / 2;
      for (guint a = 0; a < members->len; a++)
        for (guint b = a + 1; b < members->len; b++)
          correct += g_str_equal (g_ptr_array_index (members, a), g_ptr_array_index (members, b));
    }

  precision = (double) correct / MAX (predicted_pairs, 1);
  recall = (double) correct / MAX (true_pairs, 1);
  f1 = 2 * precision * recall / MAX (precision + recall, 1e-9);
  g_test_message ("demo, %u persons: %u records, %u profiles, %u pairs to review; precision %.4f, recall %.4f, F1 %.4f",
                  DEMO_PERSONS, clt_resolver_get_n_records (resolver), clt_resolver_get_n_profiles (resolver),
                  clt_resolver_get_n_review (resolver), precision, recall, f1);

  /* What the resolver reached when this test was written. */
  g_assert_cmpfloat (precision, >=, 0.90);
  g_assert_cmpfloat (recall, >=, 0.97);
  g_assert_cmpuint (g_hash_table_size (clusters), ==, clt_resolver_get_n_profiles (resolver));
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM profiles"), ==, clt_resolver_get_n_profiles (resolver));
  /* Every profile with a named record has a name, and every record a reason to be where it is. */
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM profiles p WHERE display_name IS NULL AND EXISTS "
                                   "(SELECT 1 FROM source_records r WHERE r.profile_id = p.id "
                                   "AND json_extract (r.normalized, '$.last_name') IS NOT NULL)"), ==, 0);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM source_records r WHERE NOT EXISTS "
                                   "(SELECT 1 FROM record_links l WHERE l.record_id = r.id)"), ==, 0);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM events e JOIN source_records r ON r.id = e.source_record_id "
                                   "WHERE e.profile_id IS NOT r.profile_id"), ==, 0);
}

/* A second run without anything new changes nothing; a full rerun gives the same profiles. */
static void
test_rerun_stable (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CltResolver) first = resolve (fixture, TRUE);
  g_autoptr(GHashTable) before = links (fixture);
  g_autoptr(CltResolver) again = resolve (fixture, FALSE);
  g_autoptr(GHashTable) after_incremental = links (fixture);
  g_autoptr(CltResolver) full = resolve (fixture, TRUE);
  g_autoptr(GHashTable) after_full = links (fixture);

  g_assert_cmpuint (clt_resolver_get_n_compared (again), ==, 0);
  assert_same_links (before, after_incremental);
  assert_same_links (before, after_full);
  g_assert_cmpuint (clt_resolver_get_n_profiles (full), ==, clt_resolver_get_n_profiles (first));
}

/* A new export is compared against the existing profiles, not everything with everything. */
static void
test_incremental (void)
{
  g_autofree char *dir = clt_test_make_tmp_dir ("test-resolve-incremental");
  g_autofree char *path = g_build_filename (dir, "workspace.clientele", NULL);
  g_autofree char *exports = g_build_filename (dir, "exports", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;
  g_autoptr(GPtrArray) first = g_ptr_array_new ();
  g_autoptr(CltResolver) resolver = NULL;
  g_autoptr(CltResolver) incremental = NULL;
  g_autoptr(CltResolver) full = NULL;
  guint64 compared_full;
  Fixture fixture = { dir, path, NULL, NULL };

  g_assert_cmpint (g_mkdir (exports, 0700), ==, 0);
  paths = clt_demo_write (exports, SMALL_DEMO_PERSONS, 11, &error);
  g_assert_no_error (error);
  fixture.workspace = clt_workspace_open (path, &error);
  g_assert_no_error (error);

  /* Everything but the shop first. */
  for (guint i = 0; paths[i]; i++)
    if (!g_str_has_suffix (paths[i], "orders_export.csv"))
      g_ptr_array_add (first, paths[i]);
  g_ptr_array_add (first, NULL);
  import_files (&fixture, (GStrv) first->pdata);
  resolver = resolve (&fixture, FALSE);
  compared_full = clt_resolver_get_n_compared (resolver);
  g_assert_cmpuint (compared_full, >, 0);

  for (guint i = 0; paths[i]; i++)
    if (g_str_has_suffix (paths[i], "orders_export.csv"))
      import_files (&fixture, (char *[]) { paths[i], NULL });
  incremental = resolve (&fixture, FALSE);
  g_test_message ("incremental: %" G_GUINT64_FORMAT " pairs compared for the shop, %" G_GUINT64_FORMAT " for the rest",
                  clt_resolver_get_n_compared (incremental), compared_full);
  g_assert_cmpuint (clt_resolver_get_n_records (incremental), >, clt_resolver_get_n_records (resolver));
  g_assert_cmpint (query (&fixture, "SELECT count(*) FROM source_records WHERE profile_id IS NULL"), ==, 0);
  g_assert_cmpint (query (&fixture, "SELECT count(*) FROM unresolved_records"), ==, 0);

  /* Each order's lines are one customer's. */
  g_assert_cmpint (query (&fixture, "SELECT count(*) FROM (SELECT json_extract (normalized, '$.order_id') AS o FROM source_records "
                                    "WHERE o IS NOT NULL GROUP BY source_id, o HAVING count (DISTINCT profile_id) > 1)"), ==, 0);

  full = resolve (&fixture, TRUE);
  g_assert_cmpuint (clt_resolver_get_n_compared (full), >, clt_resolver_get_n_compared (incremental));
  g_clear_object (&fixture.workspace);
}

/* Two profiles of the given sizes or more, the first with a larger id. */
static void
two_profiles (Fixture *fixture,
              gint64  *a,
              gint64  *b)
{
  *a = query (fixture, "SELECT profile_id FROM source_records GROUP BY profile_id HAVING count(*) >= 2 ORDER BY profile_id LIMIT 1");
  *b = query (fixture, "SELECT profile_id FROM source_records GROUP BY profile_id HAVING count(*) >= 2 ORDER BY profile_id DESC LIMIT 1");
  g_assert_cmpint (*a, >, 0);
  g_assert_cmpint (*b, >, *a);
}

static gint64
count_records (Fixture *fixture,
               gint64   profile_id)
{
  g_autoptr(GPtrArray) records = clt_identity_list_records (fixture->workspace, profile_id, NULL);

  return records->len;
}

/* A merge, its undo and a rerun give back the same profiles; a merge kept holds in reruns. */
static void
test_merge_undo (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(CltResolver) first = resolve (fixture, TRUE);
  g_autoptr(GHashTable) before = links (fixture);
  g_autoptr(GHashTable) after_undo = NULL;
  g_autoptr(GHashTable) after_rerun = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CltResolver) rerun = NULL;
  g_autoptr(CltResolver) kept = NULL;
  gint64 a, b, n_a, n_b, operation;
  gint64 audit_before = query (fixture, "SELECT count(*) FROM audit_log");

  two_profiles (fixture, &a, &b);
  n_a = count_records (fixture, a);
  n_b = count_records (fixture, b);

  operation = clt_identity_merge (fixture->workspace, a, b, &error);
  g_assert_no_error (error);
  g_assert_cmpint (operation, >, 0);
  g_assert_cmpint (count_records (fixture, a), ==, n_a + n_b);
  g_assert_cmpint (count_records (fixture, b), ==, 0);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM audit_log WHERE action = 'merge-profiles'"), ==, 1);

  g_assert_true (clt_identity_undo (fixture->workspace, operation, &error));
  g_assert_no_error (error);
  after_undo = links (fixture);
  assert_same_links (before, after_undo);
  g_assert_false (clt_identity_undo (fixture->workspace, operation, &error));
  g_assert_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED);
  g_clear_error (&error);

  rerun = resolve (fixture, TRUE);
  after_rerun = links (fixture);
  assert_same_links (before, after_rerun);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM audit_log"), ==, audit_before + 3);

  /* Merged again and kept: every later run honours it. */
  operation = clt_identity_merge (fixture->workspace, a, b, &error);
  g_assert_no_error (error);
  kept = resolve (fixture, TRUE);
  g_assert_cmpint (count_records (fixture, a), ==, n_a + n_b);
  g_assert_cmpint (clt_resolver_get_n_profiles (kept), ==, clt_resolver_get_n_profiles (first) - 1);
}

/* A split holds in later runs; its undo lets the records join again. */
static void
test_split (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(CltResolver) first = resolve (fixture, TRUE);
  g_autoptr(GHashTable) before = links (fixture);
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(CltResolver) rerun = NULL;
  g_autoptr(CltResolver) undone = NULL;
  g_autoptr(GError) error = NULL;
#define TWO_CONTACTS "SELECT profile_id FROM source_records GROUP BY profile_id HAVING count(*) = 2 " \
                     "AND count (json_extract (normalized, '$.order_id')) = 0 ORDER BY profile_id LIMIT 1"
  gint64 profile = query (fixture, TWO_CONTACTS);
  gint64 record = query (fixture, "SELECT max(id) FROM source_records WHERE profile_id = (" TWO_CONTACTS ")");
  gint64 staying = query (fixture, "SELECT min(id) FROM source_records WHERE profile_id = (" TWO_CONTACTS ")");
  gint64 operation, new_profile;

  g_assert_cmpint (profile, >, 0);
  g_assert_cmpint (count_records (fixture, profile), ==, 2);
  operation = clt_identity_split (fixture->workspace, profile, &record, 1, &error);
  g_assert_no_error (error);
  new_profile = clt_identity_get_profile (fixture->workspace, record);
  g_assert_cmpint (new_profile, !=, profile);
  g_assert_cmpint (count_records (fixture, profile), ==, 1);

  /* Apart, the two may each find other records, but not each other. */
  rerun = resolve (fixture, TRUE);
  g_assert_cmpint (clt_identity_get_profile (fixture->workspace, record), !=,
                   clt_identity_get_profile (fixture->workspace, staying));

  g_assert_true (clt_identity_undo (fixture->workspace, operation, &error));
  g_assert_no_error (error);
  g_assert_cmpint (clt_identity_get_profile (fixture->workspace, record), ==,
                   clt_identity_get_profile (fixture->workspace, staying));
  undone = resolve (fixture, TRUE);
  after = links (fixture);
  assert_same_partition (before, after);

  /* Splitting off everything, or nothing, is refused. */
  g_assert_cmpint (clt_identity_split (fixture->workspace, profile, NULL, 0, &error), ==, 0);
  g_assert_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED);
}

/* Answers in the review queue: "same" merges, "not the same" keeps apart, both for good. */
static void
test_review_answers (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(CltResolver) first = resolve (fixture, TRUE);
  g_autoptr(CltResolver) rerun = NULL;
  g_autoptr(GPtrArray) pairs = clt_identity_list_review (fixture->workspace, 10, NULL);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  CltReviewPair *same, *different, *skipped;
  gint64 n_review = clt_identity_count_review (fixture->workspace);

  g_assert_cmpuint (pairs->len, >=, 3);
  g_assert_cmpint (n_review, ==, clt_resolver_get_n_review (first));
  /* The values shown are those compared: a field both records have is compared, except the
   * city, which counts with the postcode. */
  for (guint i = 0; i < pairs->len; i++)
    {
      CltMatchEvidence *evidence = ((CltReviewPair *) g_ptr_array_index (pairs, i))->evidence;

      for (guint f = 0; f < CLT_MATCH_N_FIELDS; f++)
        if (evidence->values_a[f] && evidence->values_b[f] && f != CLT_MATCH_CITY)
          g_assert_cmpint (evidence->levels[f], !=, CLT_MATCH_LEVEL_MISSING);
        else if (!evidence->values_a[f] || !evidence->values_b[f])
          g_assert_cmpint (evidence->levels[f], ==, CLT_MATCH_LEVEL_MISSING);
    }
  same = g_ptr_array_index (pairs, 0);
  different = g_ptr_array_index (pairs, 1);
  skipped = g_ptr_array_index (pairs, 2);
  g_assert_cmpint (same->profile_a, !=, same->profile_b);
  g_assert_nonnull (same->origin_a);
  g_assert_cmpfloat (same->evidence->score, >=, g_ptr_array_index (pairs, 1) ? different->evidence->score : 0);

  g_assert_true (clt_identity_answer (fixture->workspace, same->evidence->record_a, same->evidence->record_b, CLT_REVIEW_SAME, &error));
  g_assert_true (clt_identity_answer (fixture->workspace, different->evidence->record_a, different->evidence->record_b, CLT_REVIEW_DIFFERENT, &error));
  g_assert_true (clt_identity_answer (fixture->workspace, skipped->evidence->record_a, skipped->evidence->record_b, CLT_REVIEW_SKIP, &error));
  g_assert_no_error (error);
  g_assert_cmpint (clt_identity_get_profile (fixture->workspace, same->evidence->record_a), ==,
                   clt_identity_get_profile (fixture->workspace, same->evidence->record_b));
  g_assert_cmpint (clt_identity_count_review (fixture->workspace), ==, n_review - 2);
  after = clt_identity_list_review (fixture->workspace, 1000, NULL);
  /* The skipped pair comes last. */
  g_assert_cmpint (((CltReviewPair *) g_ptr_array_index (after, after->len - 1))->evidence->record_a, ==, skipped->evidence->record_a);

  rerun = resolve (fixture, TRUE);
  g_assert_cmpint (clt_identity_get_profile (fixture->workspace, same->evidence->record_a), ==,
                   clt_identity_get_profile (fixture->workspace, same->evidence->record_b));
  g_assert_cmpint (clt_identity_get_profile (fixture->workspace, different->evidence->record_a), !=,
                   clt_identity_get_profile (fixture->workspace, different->evidence->record_b));
  /* A pair decided is not asked again. */
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM review_pairs p JOIN match_decisions d "
                                   "ON d.record_a = p.record_a AND d.record_b = p.record_b"), ==, 0);
}

/* The undo of an answer puts the pair back, and the merge it made is undone. */
static void
test_review_undo (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(CltResolver) first = resolve (fixture, TRUE);
  g_autoptr(GHashTable) before = links (fixture);
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GPtrArray) pairs = clt_identity_list_review (fixture->workspace, 1, NULL);
  g_autoptr(GError) error = NULL;
  CltReviewPair *pair;
  gint64 n_review = clt_identity_count_review (fixture->workspace);

  g_assert_cmpuint (pairs->len, ==, 1);
  pair = g_ptr_array_index (pairs, 0);
  g_assert_true (clt_identity_answer (fixture->workspace, pair->evidence->record_a, pair->evidence->record_b, CLT_REVIEW_SAME, &error));
  g_assert_no_error (error);
  g_assert_cmpint (clt_identity_count_review (fixture->workspace), ==, n_review - 1);
  g_assert_true (clt_identity_undo_answer (fixture->workspace, pair->evidence->record_a, pair->evidence->record_b, &error));
  g_assert_no_error (error);
  g_assert_cmpint (clt_identity_count_review (fixture->workspace), ==, n_review);
  after = links (fixture);
  assert_same_links (before, after);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM match_decisions"), ==, 0);
}

/* Golden values: the CRM's name leads, every value knows its record. */
static void
test_golden (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(CltResolver) resolver = resolve (fixture, TRUE);
  gint64 profile = query (fixture, "SELECT r.profile_id FROM source_records r JOIN sources s ON s.id = r.source_id "
                                   "WHERE s.kind = 'hubspot' AND EXISTS (SELECT 1 FROM source_records o JOIN sources t ON "
                                   "t.id = o.source_id WHERE o.profile_id = r.profile_id AND t.kind = 'mailchimp') LIMIT 1");
  g_autoptr(GPtrArray) values = clt_identity_list_values (fixture->workspace, profile, NULL);
  gboolean has_name = FALSE;

  g_assert_cmpint (profile, >, 0);
  for (guint i = 0; i < values->len; i++)
    {
      CltProfileValue *value = g_ptr_array_index (values, i);

      g_assert_nonnull (value->origin);
      g_assert_nonnull (value->rule);
      if (g_str_equal (value->field, "last_name"))
        {
          /* The CRM leads: the name is the HubSpot record's. */
          g_assert_cmpstr (value->rule, ==, "source-priority");
          g_assert_true (g_str_has_prefix (value->origin, "HubSpot · "));
          has_name = TRUE;
        }
      /* A value given differently elsewhere shows the others. */
      for (guint j = 0; value->competing && value->competing[j]; j++)
        g_assert_cmpstr (value->competing[j], !=, value->value);
    }
  g_assert_true (has_name);
  /* The stored golden values are those shown. */
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM profiles WHERE display_name IS NOT NULL AND "
                                   "display_name <> trim (coalesce (first_name, '') || ' ' || coalesce (last_name, ''))"), ==, 0);
  /* An address comes whole from one record. */
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM profiles p WHERE street IS NOT NULL AND NOT EXISTS "
                                   "(SELECT 1 FROM source_records r WHERE r.profile_id = p.id "
                                   "AND json_extract (r.normalized, '$.street') IS p.street "
                                   "AND json_extract (r.normalized, '$.city') IS p.city)"), ==, 0);
}

/* Explain: each field's comparison and weight, adding up to the total. */
static void
test_explain (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(CltResolver) resolver = clt_resolver_new (fixture->path);
  g_autoptr(CltMatchEvidence) evidence = NULL;
  g_autoptr(GError) error = NULL;
  gint64 a, b;
  double total;

  a = clt_identity_find_record (fixture->workspace, "hubspot-contacts.csv", 1, &error);
  g_assert_no_error (error);
  b = clt_identity_find_record (fixture->workspace, "hubspot-contacts.csv", 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_identity_find_record (fixture->workspace, "hubspot-contacts.csv", 100000, &error), ==, 0);
  g_assert_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED);
  g_clear_error (&error);

  /* Without a run there is no model yet. */
  g_assert_null (clt_resolver_explain (resolver, a, b, &error));
  g_assert_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_FAILED);
  g_clear_error (&error);

  clt_resolver_run (resolver, NULL, &error);
  g_assert_no_error (error);
  evidence = clt_resolver_explain (resolver, a, a, &error);
  g_assert_no_error (error);
  total = evidence->prior;
  for (guint f = 0; f < CLT_MATCH_N_FIELDS; f++)
    total += evidence->weights[f];
  g_assert_cmpfloat_with_epsilon (total, evidence->score, 1e-9);
  g_assert_cmpint (evidence->levels[CLT_MATCH_FIRST_NAME], ==, CLT_MATCH_LEVEL_EXACT);
  g_assert_cmpfloat (evidence->score, >, 10);
}

/* A cancelled run leaves the workspace as it was. */
static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(CltResolver) resolver = clt_resolver_new (fixture->path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 profiles = query (fixture, "SELECT count(*) FROM profiles");

  g_cancellable_cancel (cancellable);
  g_assert_false (clt_resolver_run (resolver, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM profiles"), ==, profiles);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM record_links"), ==, 0);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM workspace_meta WHERE key = 'resolved_through'"), ==, 0);
}

/* A model estimated on an empty workspace is not kept for the records that come later. */
static void
test_model_grows (void)
{
  g_autofree char *dir = clt_test_make_tmp_dir ("test-resolve-model");
  g_autofree char *path = g_build_filename (dir, "workspace.clientele", NULL);
  g_autofree char *exports = g_build_filename (dir, "exports", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) paths = NULL;
  g_autoptr(CltResolver) empty = NULL;
  g_autoptr(CltResolver) later = NULL;
  g_autoptr(CltResolver) full = NULL;
  Fixture fixture = { dir, path, NULL, NULL };

  g_assert_cmpint (g_mkdir (exports, 0700), ==, 0);
  fixture.workspace = clt_workspace_open (path, &error);
  g_assert_no_error (error);
  empty = resolve (&fixture, FALSE);
  g_assert_cmpuint (clt_resolver_get_n_records (empty), ==, 0);

  paths = clt_demo_write (exports, SMALL_DEMO_PERSONS, 13, &error);
  g_assert_no_error (error);
  import_files (&fixture, paths);
  later = resolve (&fixture, FALSE);
  full = resolve (&fixture, TRUE);
  g_assert_cmpuint (clt_resolver_get_n_profiles (later), ==, clt_resolver_get_n_profiles (full));
  g_assert_cmpuint (clt_resolver_get_n_merged (later), >, clt_resolver_get_n_records (later) / 2);
  g_clear_object (&fixture.workspace);
}


static CltProfileValue *
find_value (GPtrArray  *values,
            const char *field)
{
  for (guint i = 0; i < values->len; i++)
    if (g_str_equal (((CltProfileValue *) g_ptr_array_index (values, i))->field, field))
      return g_ptr_array_index (values, i);

  return NULL;
}

/* Choosing a competing value pins it: the profile keeps it through reruns until the rule
 * chooses again; typed values are checked and normalised; each change is audited. */
static void
test_pin (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(CltResolver) resolver = resolve (fixture, TRUE);
  g_autoptr(CltResolver) again = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GPtrArray) pinned = NULL;
  g_autoptr(GPtrArray) entered = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *chosen = NULL;
  g_autofree char *other = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *previous = NULL;
  CltProfileValue *value = NULL;
  gint64 profile = 0;
  gint64 audits = query (fixture, "SELECT count(*) FROM audit_log");

  /* A profile whose records disagree about the e-mail address. */
  for (gint64 id = 1; profile == 0 && id < 2000; id++)
    {
      g_autoptr(GPtrArray) candidate = clt_identity_list_values (fixture->workspace, id, NULL);

      if (candidate && (value = find_value (candidate, "email")) && value->competing && value->competing[0])
        {
          profile = id;
          chosen = g_strdup (value->value);
          other = g_strdup (value->competing[0]);
        }
    }
  g_assert_cmpint (profile, >, 0);

  g_assert_true (clt_identity_pin_value (fixture->workspace, profile, "email", other, &error));
  g_assert_no_error (error);
  values = clt_identity_list_values (fixture->workspace, profile, NULL);
  value = find_value (values, "email");
  g_assert_cmpstr (value->value, ==, other);
  g_assert_true (value->pinned);
  g_assert_cmpstr (value->rule, ==, "pinned");
  g_assert_nonnull (value->origin);
  /* The rule's choice is now one of the others. */
  g_assert_true (g_strv_contains ((const char * const *) value->competing, chosen));
  sql = g_strdup_printf ("SELECT email = '%s' FROM profiles WHERE id = %" G_GINT64_FORMAT, other, profile);
  g_assert_cmpint (query (fixture, sql), ==, 1);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM audit_log"), ==, audits + 1);
  g_assert_cmpint (query (fixture, "SELECT count(*) FROM audit_log WHERE action = 'pin-value' AND detail = '{\"field\":\"email\"}'"), ==, 1);

  /* A rerun from scratch keeps it. */
  again = resolve (fixture, TRUE);
  g_assert_cmpint (query (fixture, sql), ==, 1);
  previous = clt_identity_dup_pinned_value (fixture->workspace, profile, "email");
  g_assert_cmpstr (previous, ==, other);

  /* Let the rule choose again. */
  g_assert_true (clt_identity_pin_value (fixture->workspace, profile, "email", NULL, &error));
  g_assert_no_error (error);
  pinned = clt_identity_list_values (fixture->workspace, profile, NULL);
  g_assert_cmpstr (find_value (pinned, "email")->value, ==, chosen);
  g_assert_false (find_value (pinned, "email")->pinned);
  g_assert_null (clt_identity_dup_pinned_value (fixture->workspace, profile, "email"));

  /* Typed values: a German birthday is stored as ISO, a bad e-mail is refused and changes nothing. */
  g_assert_true (clt_identity_pin_value (fixture->workspace, profile, "birthday", " 31.12.1980 ", &error));
  g_assert_no_error (error);
  g_assert_false (clt_identity_pin_value (fixture->workspace, profile, "email", "not an address", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (clt_identity_pin_value (fixture->workspace, profile, "shoe_size", "44", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  entered = clt_identity_list_values (fixture->workspace, profile, NULL);
  g_assert_cmpstr (find_value (entered, "birthday")->value, ==, "1980-12-31");
  g_assert_cmpstr (find_value (entered, "email")->value, ==, chosen);
  g_assert_false (find_value (entered, "email")->pinned);
}

/* The timeline: newest first, the same read in pages as at once, with purchases' items and
 * amounts, and the merges that shaped the customer; the key facts agree with it. */
static void
test_timeline (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(CltResolver) resolver = resolve (fixture, TRUE);
  gint64 profile = query (fixture, "SELECT profile_id FROM events WHERE kind IN ('purchase', 'loyalty_receipt') "
                                   "GROUP BY profile_id ORDER BY count(*) DESC LIMIT 1");
  gint64 other = query (fixture, "SELECT max (id) FROM profiles");
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) paged = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_timeline_event_free);
  g_autoptr(CltProfileFacts) facts = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  CltTimelineCursor *cursor = NULL;
  gint64 spend = 0;
  guint orders = 0;
  gboolean has_items = FALSE;

  g_assert_cmpint (profile, >, 0);
  all = clt_timeline_list (fixture->workspace, profile, NULL, 10000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, >, 2);

  for (;;)
    {
      g_autoptr(GPtrArray) page = clt_timeline_list (fixture->workspace, profile, cursor, 3, &error);
      guint n;

      g_assert_no_error (error);
      n = page->len;
      while (page->len > 0)
        g_ptr_array_add (paged, g_ptr_array_steal_index (page, 0));
      if (n < 3)
        break;
      cursor = &((CltTimelineEvent *) g_ptr_array_index (paged, paged->len - 1))->cursor;
    }
  g_assert_cmpuint (paged->len, ==, all->len);

  for (guint i = 0; i < all->len; i++)
    {
      CltTimelineEvent *event = g_ptr_array_index (all, i);
      CltTimelineEvent *same = g_ptr_array_index (paged, i);

      g_assert_cmpint (event->kind, ==, same->kind);
      g_assert_cmpstr (event->at, ==, same->at);
      if (i > 0)
        g_assert_cmpstr (((CltTimelineEvent *) g_ptr_array_index (all, i - 1))->at, >=, event->at);
      if (event->kind == CLT_TIMELINE_PURCHASE || event->kind == CLT_TIMELINE_RECEIPT)
        {
          orders++;
          spend += event->amount_cents;
          g_assert_true (event->has_amount);
          g_assert_nonnull (event->source);
          g_assert_cmpint (event->row, >, 0);
          has_items |= event->items && event->items[0];
        }
    }
  g_assert_true (has_items);

  facts = clt_timeline_get_facts (fixture->workspace, profile, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (facts->orders, ==, orders);
  g_assert_cmpint (facts->spend_cents, ==, spend);
  g_assert_nonnull (facts->first_seen);
  g_assert_cmpstr (facts->first_seen, <=, facts->last_activity);
  /* The last activity is the newest event's (consent and record changes are not the customer's doing). */
  for (guint i = 0; i < all->len; i++)
    if (((CltTimelineEvent *) g_ptr_array_index (all, i))->cursor.tag == 0)
      {
        g_assert_cmpstr (facts->last_activity, ==, ((CltTimelineEvent *) g_ptr_array_index (all, i))->at);
        break;
      }

  /* A merge joins the story, newest first. */
  g_assert_cmpint (clt_identity_merge (fixture->workspace, profile, other, &error), >, 0);
  g_assert_no_error (error);
  after = clt_timeline_list (fixture->workspace, profile, NULL, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((CltTimelineEvent *) g_ptr_array_index (after, 0))->kind, ==, CLT_TIMELINE_MERGE);
}

/* A source record opens as its file had it. */
static void
test_raw_row (Fixture       *fixture,
              gconstpointer  data)
{
  gint64 record = query (fixture, "SELECT r.id FROM source_records r JOIN import_batches b ON b.id = r.batch_id "
                                  "WHERE b.file_name LIKE 'hubspot%' ORDER BY r.id LIMIT 1");
  g_auto(GStrv) columns = NULL;
  g_auto(GStrv) values = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (clt_identity_read_raw_row (fixture->workspace, record, &columns, &values, &error));
  g_assert_no_error (error);
  /* A row ends at its last value. */
  g_assert_cmpuint (g_strv_length (values), >, 3);
  g_assert_cmpuint (g_strv_length (columns), >=, g_strv_length (values));
  g_assert_true (g_strv_contains ((const char * const *) columns, "Email"));
  g_assert_false (clt_identity_read_raw_row (fixture->workspace, 999999999, &columns, &values, &error));
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/resolve/" name, Fixture, GUINT_TO_POINTER (SMALL_DEMO_PERSONS), fixture_set_up, func, fixture_tear_down)
  g_test_add ("/resolve/demo-quality", Fixture, GUINT_TO_POINTER (DEMO_PERSONS), fixture_set_up, test_demo_quality, fixture_tear_down);
  ADD ("rerun-stable", test_rerun_stable);
  ADD ("merge-undo", test_merge_undo);
  ADD ("split", test_split);
  ADD ("review-answers", test_review_answers);
  ADD ("review-undo", test_review_undo);
  ADD ("golden", test_golden);
  ADD ("explain", test_explain);
  ADD ("cancelled", test_cancelled);
  ADD ("pin", test_pin);
  ADD ("timeline", test_timeline);
  ADD ("raw-row", test_raw_row);
#undef ADD
  g_test_add_func ("/resolve/incremental", test_incremental);
  g_test_add_func ("/resolve/model-grows", test_model_grows);

  return g_test_run ();
}
