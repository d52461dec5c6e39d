/* test-profile-list.c: the profile browser's facts, search words and list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "clt-browse-private.h"
#include "clt-core.h"
#include "clt-test-utils.h"
#include "clt-workspace-private.h"

typedef struct
{
  char         *dir;
  char         *path;
  CltWorkspace *workspace;
} Fixture;

/* ---- helpers ---- */

static void
exec_sql (CltWorkspace *workspace,
          const char   *sql)
{
  g_autoptr(GError) error = NULL;

  _clt_workspace_exec (workspace, sql, &error);
  g_assert_no_error (error);
}

static gint64
query_int (CltWorkspace *workspace,
           const char   *sql,
           gint64        arg)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, sql, NULL);

  g_assert_nonnull (stmt);
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, arg);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

static void
commit (CltWorkspace *workspace)
{
  g_autoptr(GError) error = NULL;

  _clt_workspace_commit (workspace, &error);
  g_assert_no_error (error);
}

/* A profile with one record in a source of @kind; returns its id. */
static gint64
add_profile (CltWorkspace *workspace,
             const char   *kind,
             const char   *first,
             const char   *last,
             const char   *email,
             const char   *phone,
             const char   *city)
{
  g_autoptr(sqlite3_stmt) source = NULL;
  g_autoptr(sqlite3_stmt) profile = NULL;
  g_autoptr(sqlite3_stmt) record = NULL;
  g_autoptr(sqlite3_stmt) identifier = NULL;
  g_autofree char *display = g_strdup_printf ("%s %s", first ? first : "", last ? last : "");
  gint64 profile_id, record_id;

  g_strstrip (display);
  source = _clt_workspace_prepare (workspace,
    "INSERT OR IGNORE INTO sources (kind, name, created_at) VALUES (?1, ?1, '2024-01-01')", NULL);
  sqlite3_bind_text (source, 1, kind, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (source), ==, SQLITE_DONE);
  exec_sql (workspace, "INSERT INTO import_batches (id, source_id, file_name, started_at) "
                       "SELECT 1, 1, 'test.csv', '2023-05-01T00:00:00Z' WHERE NOT EXISTS (SELECT 1 FROM import_batches)");

  profile = _clt_workspace_prepare (workspace,
    "INSERT INTO profiles (created_at, updated_at, display_name, first_name, last_name, email, phone, city) "
    "VALUES ('2024-01-01', '2024-01-01', nullif (?1, ''), ?2, ?3, ?4, ?5, ?6)", NULL);
  sqlite3_bind_text (profile, 1, display, -1, SQLITE_STATIC);
  sqlite3_bind_text (profile, 2, first, -1, SQLITE_STATIC);
  sqlite3_bind_text (profile, 3, last, -1, SQLITE_STATIC);
  sqlite3_bind_text (profile, 4, email, -1, SQLITE_STATIC);
  sqlite3_bind_text (profile, 5, phone, -1, SQLITE_STATIC);
  sqlite3_bind_text (profile, 6, city, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (profile), ==, SQLITE_DONE);
  profile_id = sqlite3_last_insert_rowid (_clt_workspace_get_db (workspace));

  record = _clt_workspace_prepare (workspace,
    "INSERT INTO source_records (source_id, batch_id, row_number, external_id, raw, profile_id) "
    "VALUES ((SELECT id FROM sources WHERE name = ?1), 1, 1, ?2, '[]', ?3)", NULL);
  sqlite3_bind_text (record, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (record, 2, "CRM-0042", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (record, 3, profile_id);
  g_assert_cmpint (sqlite3_step (record), ==, SQLITE_DONE);
  record_id = sqlite3_last_insert_rowid (_clt_workspace_get_db (workspace));

  if (email != NULL)
    {
      identifier = _clt_workspace_prepare (workspace,
        "INSERT INTO record_identifiers (kind, value, record_id) VALUES ('email', ?1, ?2)", NULL);
      sqlite3_bind_text (identifier, 1, email, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (identifier, 2, record_id);
      g_assert_cmpint (sqlite3_step (identifier), ==, SQLITE_DONE);
    }

  return profile_id;
}

static void
add_event (CltWorkspace *workspace,
           gint64        profile_id,
           const char   *kind,
           const char   *at,
           gint64        cents)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace,
    "INSERT INTO events (profile_id, source_record_id, kind, occurred_at, amount_cents, currency) "
    "VALUES (?1, (SELECT min (id) FROM source_records WHERE profile_id = ?1), ?2, ?3, ?4, 'EUR')", NULL);

  sqlite3_bind_int64 (stmt, 1, profile_id);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, at, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, cents);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
}

static void
add_consent (CltWorkspace *workspace,
             const char   *email,
             const char   *action,
             const char   *at)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace,
    "INSERT INTO consent_events (identifier_kind, identifier, purpose, channel, action, event_time, recorded_time) "
    "VALUES ('email', ?1, 'email_marketing', 'email', ?2, ?3, ?3)", NULL);

  sqlite3_bind_text (stmt, 1, email, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, at, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
}

static void
begin (CltWorkspace *workspace)
{
  g_autoptr(GError) error = NULL;

  _clt_workspace_begin (workspace, &error);
  g_assert_no_error (error);
}

static void
wait_counted (CltProfileList *list)
{
  while (clt_profile_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
}

/* Every item, loaded; the caller owns them. */
static GPtrArray *
load_all (CltProfileList *list)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean loading = TRUE;

  wait_counted (list);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (list), i));

  while (loading)
    {
      loading = FALSE;
      for (guint i = 0; i < items->len && !loading; i++)
        loading = clt_profile_item_get_loading (g_ptr_array_index (items, i));
      if (loading)
        g_main_context_iteration (NULL, TRUE);
    }

  return items;
}

static GArray *
ids_of (CltProfileList *list)
{
  g_autoptr(GPtrArray) items = load_all (list);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < items->len; i++)
    {
      gint64 id = clt_profile_item_get_id (g_ptr_array_index (items, i));
      g_array_append_val (ids, id);
    }

  return ids;
}

static gboolean
search_finds (CltProfileList *list,
              const char     *text,
              gint64          id)
{
  g_autoptr(GArray) ids = NULL;

  clt_profile_list_set_search (list, text);
  ids = ids_of (list);
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;

  return FALSE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = clt_test_make_tmp_dir ("test-profile-list");
  fixture->path = g_build_filename (fixture->dir, "workspace.clientele", NULL);
  fixture->workspace = clt_workspace_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* A pending CltWorkspace::changed holds the workspace until the loop runs. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->workspace);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* ---- tests ---- */

static void
test_fold (void)
{
  static const struct { const char *text; const char *query; } cases[] = {
    { "muell", "\"muell\"*" },
    { "Jürgen", "\"juergen\"*" },
    { "Straße", "\"strasse\"*" },
    { "José", "\"jose\"*" },
    { "anna.sch", "\"anna.sch\"*" },
    { "0171 234", "\"0171234\"*" },
    { "+49 171 23", "\"4917123\"*" },
    { "Anna  Müller", "\"anna\"* \"mueller\"*" },
    { "  ", NULL },
  };
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *query = clt_search_build_query (cases[i].text);
      g_assert_cmpstr (query, ==, cases[i].query);
    }

  clt_search_fold ("Müller", CLT_SEARCH_FOLD_INDEX, tokens);
  g_assert_cmpuint (tokens->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (tokens, 0), ==, "mueller");
  g_assert_cmpstr (g_ptr_array_index (tokens, 1), ==, "muller");
  g_ptr_array_set_size (tokens, 0);
  clt_search_fold_phone ("+49171234567", tokens);
  g_assert_cmpuint (tokens->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (tokens, 0), ==, "49171234567");
  g_assert_cmpstr (g_ptr_array_index (tokens, 1), ==, "0171234567");
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(CltProfileList) list = NULL;
  gint64 mueller, juergen, jurgen, strasse, jose, anna, muller_plain;

  begin (fixture->workspace);
  mueller = add_profile (fixture->workspace, "hubspot", "Hans", "Müller", "h.m@example.com", NULL, "München");
  juergen = add_profile (fixture->workspace, "hubspot", "Juergen", "Weber", NULL, NULL, "Köln");
  jurgen = add_profile (fixture->workspace, "hubspot", "Jürgen", "Groß", NULL, NULL, "Straßlach");
  strasse = add_profile (fixture->workspace, "hubspot", "Eva", "Straße", NULL, NULL, NULL);
  jose = add_profile (fixture->workspace, "hubspot", "José", "García", NULL, NULL, "Madrid");
  anna = add_profile (fixture->workspace, "shopify", "Anna", "Schmidt", "anna.schmidt@example.de", "+49171234567", "Berlin");
  muller_plain = add_profile (fixture->workspace, "hubspot", "Otto", "Mullinger", NULL, NULL, "Bonn");
  commit (fixture->workspace);

  list = clt_profile_list_new (fixture->workspace);
  wait_counted (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 7);

  g_assert_true (search_finds (list, "muell", mueller));
  g_assert_true (search_finds (list, "muller", mueller));
  g_assert_true (search_finds (list, "Müller", mueller));
  g_assert_true (search_finds (list, "jürgen", juergen));
  g_assert_true (search_finds (list, "juergen", jurgen));
  g_assert_true (search_finds (list, "jurgen", juergen));
  g_assert_true (search_finds (list, "Strasse", strasse));
  g_assert_true (search_finds (list, "jose", jose));
  g_assert_true (search_finds (list, "anna.sch", anna));
  g_assert_true (search_finds (list, "0171 234", anna));
  g_assert_true (search_finds (list, "+49 171 234", anna));
  g_assert_true (search_finds (list, "CRM-00", anna));
  g_assert_true (search_finds (list, "anna berlin", anna));
  g_assert_true (search_finds (list, "Mull", muller_plain));

  /* No false hits. */
  g_assert_false (search_finds (list, "muell", muller_plain));
  g_assert_false (search_finds (list, "anna.sch", mueller));
  g_assert_false (search_finds (list, "anna köln", anna));
  clt_profile_list_set_search (list, "zzzz");
  wait_counted (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  clt_profile_list_set_search (list, "jürgen");
  wait_counted (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  clt_profile_list_set_search (list, "");
  wait_counted (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 7);

  g_assert_finalize_object (g_steal_pointer (&list));
}

/* 700 profiles with many ties in every sort key: the model's order equals a plain ORDER BY. */
static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  static const char * const kinds[] = { "hubspot", "shopify", "loyalty", "mailchimp", "lager" };
  static const char * const cities[] = { "Berlin", "Köln", NULL, "Aachen", "Zwickau" };
  static const char * const lasts[] = { "Müller", "Meier", NULL, "Abel", "Zander", "Öztürk" };
  static const char * const actions[] = { "given", "withdrawn", NULL };
  static const char * const columns[] = { "name_key", "email_key", "city_key", "sources", "last_activity",
                                          "spend_cents", "consent_rank" };
  g_autoptr(CltProfileList) list = NULL;

  begin (fixture->workspace);
  for (guint i = 0; i < 700; i++)
    {
      g_autofree char *email = i % 7 == 0 ? NULL : g_strdup_printf ("p%u@example.com", i % 50);
      gint64 id = add_profile (fixture->workspace, kinds[i % 5], i % 11 ? "Anna" : NULL, lasts[i % 6], email, NULL,
                               cities[i % 5]);

      if (i % 3 == 0)
        {
          g_autofree char *at = g_strdup_printf ("2024-0%u-01T10:00:00Z", 1 + i % 9);
          add_event (fixture->workspace, id, "purchase", at, (i % 4) * 1000);
        }
      if (email != NULL && actions[i % 3] != NULL)
        {
          /* Each address gets both actions; at different instants, so that the latest is
           * sometimes a grant (at the same instant the withdrawal wins). */
          g_autofree char *at = g_strdup_printf ("2024-01-%02uT00:00:00Z", 1 + i % 28);

          add_consent (fixture->workspace, email, actions[i % 3], at);
        }
    }
  commit (fixture->workspace);

  list = clt_profile_list_new (fixture->workspace);
  /* Every sort both ways, then a search (its pages go by id) over several pages. */
  for (guint searching = 0; searching < 2; searching++)
  for (CltProfileSort sort = CLT_PROFILE_SORT_NAME; sort <= CLT_PROFILE_SORT_CONSENT; sort++)
    for (int descending = 0; descending < 2; descending++)
      {
        g_autofree char *sql = g_strdup_printf ("SELECT group_concat (profile_id) FROM "
                                                "(SELECT profile_id FROM profile_facts %s ORDER BY %s %s, profile_id %s)",
                                                searching ? "WHERE profile_id IN (SELECT rowid FROM profile_search "
                                                            "WHERE profile_search MATCH 'anna')" : "",
                                                columns[sort], descending ? "DESC" : "ASC", descending ? "DESC" : "ASC");
        g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (fixture->workspace, sql, NULL);
        g_autoptr(GArray) ids = NULL;
        g_autoptr(GString) got = g_string_new (NULL);

        clt_profile_list_set_search (list, searching ? "Anna" : NULL);
        clt_profile_list_set_sort (list, sort, descending);
        ids = ids_of (list);
        g_assert_cmpuint (ids->len, ==, searching ? 636 : 700);
        for (guint i = 0; i < ids->len; i++)
          g_string_append_printf (got, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (ids, gint64, i));
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        g_assert_cmpstr (got->str, ==, (const char *) sqlite3_column_text (stmt, 0));
      }

  /* Missing names sort last; names sort by last name. */
  clt_profile_list_set_search (list, NULL);
  clt_profile_list_set_sort (list, CLT_PROFILE_SORT_NAME, FALSE);
  {
    g_autoptr(GPtrArray) items = load_all (list);

    g_assert_cmpstr (clt_profile_item_get_name (g_ptr_array_index (items, 0)), ==, "Abel");
    g_assert_cmpstr (clt_profile_item_get_name (g_ptr_array_index (items, 1)), ==, "Abel");
    g_assert_cmpstr (clt_profile_item_get_name (g_ptr_array_index (items, 699)), ==, "");
  }

  /* Filters. */
  clt_profile_list_set_sources (list, CLT_SOURCE_CATEGORY_LOYALTY | CLT_SOURCE_CATEGORY_OTHER);
  wait_counted (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 280);
  clt_profile_list_set_sources (list, 0);
  clt_profile_list_set_city (list, "KÖLN");
  wait_counted (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 140);
  clt_profile_list_set_city (list, NULL);
  clt_profile_list_set_purchased (list, TRUE);
  wait_counted (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                    query_int (fixture->workspace, "SELECT count (*) FROM events WHERE kind = 'purchase'", 0));
  clt_profile_list_set_purchased (list, FALSE);
  clt_profile_list_set_consent (list, CLT_CONSENT_FILTER_GIVEN);
  wait_counted (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                    query_int (fixture->workspace, "SELECT count (*) FROM profile_facts WHERE email_consent = 'given'", 0));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 0);
  clt_profile_list_set_consent (list, CLT_CONSENT_FILTER_NOT_GIVEN);
  wait_counted (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                    query_int (fixture->workspace, "SELECT count (*) FROM profile_facts WHERE email_consent = 'withdrawn'", 0));
  clt_profile_list_set_consent (list, CLT_CONSENT_FILTER_UNKNOWN);
  wait_counted (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==,
                    query_int (fixture->workspace, "SELECT count (*) FROM profile_facts WHERE email_consent IS NULL", 0));

  {
    g_auto(GStrv) top = clt_profile_list_dup_top_cities (fixture->workspace, 2, NULL);

    g_assert_cmpuint (g_strv_length (top), ==, 2);
    g_assert_cmpstr (top[0], ==, "Aachen");
  }

  g_assert_finalize_object (g_steal_pointer (&list));
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *n_changes)
{
  g_assert_cmpuint (position, ==, 0);
  (*n_changes)++;
}

/* filled[0] counts the signals; [1] and [2] are the last one's position and rows, which
 * checks that the placeholder they name is filled by then. */
static void
filled_cb (CltProfileList *list,
           guint           position,
           guint           n,
           guint          *filled)
{
  g_autoptr(CltProfileItem) item = g_list_model_get_item (G_LIST_MODEL (list), 200);

  g_assert_false (clt_profile_item_get_loading (item));
  filled[0]++;
  filled[1] = position;
  filled[2] = n;
}

static void
test_placeholders (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(CltProfileList) list = NULL;
  CltProfileItem *item, *again;
  guint n_changes = 0;
  guint notified = 0;
  guint filled[3] = { 0, 0, 0 };

  begin (fixture->workspace);
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *last = g_strdup_printf ("Name%03u", i);
      add_profile (fixture->workspace, "hubspot", "Anna", last, NULL, NULL, NULL);
    }
  commit (fixture->workspace);

  list = clt_profile_list_new (fixture->workspace);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &n_changes);
  g_assert_true (clt_profile_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  wait_counted (list);
  g_assert_cmpuint (n_changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 300);

  /* Page 0 came with the count; position 200 is on page 1, not there yet. */
  item = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_false (clt_profile_item_get_loading (item));
  g_assert_cmpstr (clt_profile_item_get_name (item), ==, "Anna Name000");
  g_object_unref (item);

  item = g_list_model_get_item (G_LIST_MODEL (list), 200);
  g_assert_true (clt_profile_item_get_loading (item));
  g_assert_cmpint (clt_profile_item_get_id (item), ==, 0);
  again = g_list_model_get_item (G_LIST_MODEL (list), 200);
  g_assert_true (again == item);
  g_object_unref (again);
  g_signal_connect_swapped (item, "notify", G_CALLBACK (g_atomic_int_inc), &notified);
  g_signal_connect (list, "filled", G_CALLBACK (filled_cb), filled);
  while (clt_profile_item_get_loading (item))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (notified, >, 0);
  /* One signal for the page, after its placeholders were filled. */
  g_assert_cmpuint (filled[0], ==, 1);
  g_assert_cmpuint (filled[1], ==, CLT_PROFILE_LIST_PAGE_SIZE);
  g_assert_cmpuint (filled[2], ==, CLT_PROFILE_LIST_PAGE_SIZE);
  g_signal_handlers_disconnect_by_func (list, filled_cb, filled);
  g_assert_cmpstr (clt_profile_item_get_name (item), ==, "Anna Name200");
  g_assert_cmpint (clt_profile_item_get_id (item), >, 0);

  /* Let go, and the position gets a new object: from the page cache, loaded. */
  {
    GWeakRef weak;

    g_weak_ref_init (&weak, item);
    g_object_unref (item);
    g_assert_null (g_weak_ref_get (&weak));
    g_weak_ref_clear (&weak);
  }
  item = g_list_model_get_item (G_LIST_MODEL (list), 200);
  g_assert_false (clt_profile_item_get_loading (item));
  g_assert_cmpstr (clt_profile_item_get_name (item), ==, "Anna Name200");
  g_assert_finalize_object (item);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 300));

  /* A write through the workspace: the list counts again by itself. */
  begin (fixture->workspace);
  add_profile (fixture->workspace, "hubspot", "Zoë", "Zett", NULL, NULL, NULL);
  commit (fixture->workspace);
  while (n_changes < 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 301);

  /* Reload, for writes through other connections. */
  clt_profile_list_reload (list);
  wait_counted (list);
  g_assert_cmpuint (n_changes, ==, 3);

  /* Superseded searches: only the last lands. */
  clt_profile_list_set_search (list, "name1");
  clt_profile_list_set_search (list, "name2");
  clt_profile_list_set_search (list, "zett");
  wait_counted (list);
  g_assert_cmpuint (n_changes, ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (n_changes, ==, 4);

  g_assert_finalize_object (g_steal_pointer (&list));
}

static void
test_facts (Fixture       *fixture,
            gconstpointer  data)
{
  gint64 a, b, operation;
  g_autoptr(GError) error = NULL;

  begin (fixture->workspace);
  a = add_profile (fixture->workspace, "hubspot", "Anna", "Alt", "anna@example.com", NULL, "Berlin");
  b = add_profile (fixture->workspace, "loyalty", "Anna", "Alt", "anna.alt@example.com", NULL, "Berlin");
  add_event (fixture->workspace, a, "purchase", "2024-03-01T10:00:00Z", 1500);
  add_event (fixture->workspace, a, "newsletter_optin", "2024-06-01T10:00:00Z", 0);
  add_event (fixture->workspace, b, "loyalty_receipt", "2024-05-01T10:00:00Z", 250);
  add_event (fixture->workspace, b, "loyalty_receipt", "2022-01-01T10:00:00Z", 250);
  add_consent (fixture->workspace, "anna@example.com", "given", "2024-01-01");
  commit (fixture->workspace);

#define FACT(col, id) query_int (fixture->workspace, "SELECT " col " FROM profile_facts WHERE profile_id = ?1", id)
  g_assert_cmpint (FACT ("orders", a), ==, 1);
  g_assert_cmpint (FACT ("spend_cents", a), ==, 1500);
  g_assert_cmpint (FACT ("sources", a), ==, CLT_SOURCE_CATEGORY_CRM);
  g_assert_cmpint (FACT ("sources", b), ==, CLT_SOURCE_CATEGORY_LOYALTY);
  g_assert_cmpint (FACT ("consent_rank", a), ==, 0);
  g_assert_cmpint (FACT ("consent_rank", b), ==, 6);
  g_assert_cmpint (FACT ("last_activity = '2024-06-01T10:00:00Z'", a), ==, 1);
  g_assert_cmpint (FACT ("first_seen = '2022-01-01T10:00:00Z'", b), ==, 1);

  /* A later consent event changes the state by itself. */
  begin (fixture->workspace);
  add_consent (fixture->workspace, "anna@example.com", "withdrawn", "2024-07-01");
  commit (fixture->workspace);
  g_assert_cmpint (FACT ("email_consent = 'withdrawn'", a), ==, 1);

  /* Merge: b's records and events join a; b loses its facts and words. */
  operation = clt_identity_merge (fixture->workspace, a, b, &error);
  g_assert_no_error (error);
  g_assert_cmpint (FACT ("orders", a), ==, 3);
  g_assert_cmpint (FACT ("spend_cents", a), ==, 2000);
  g_assert_cmpint (FACT ("n_records", a), ==, 2);
  g_assert_cmpint (FACT ("sources", a), ==, CLT_SOURCE_CATEGORY_CRM | CLT_SOURCE_CATEGORY_LOYALTY);
  g_assert_cmpint (FACT ("first_seen = '2022-01-01T10:00:00Z'", a), ==, 1);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT count (*) FROM profile_facts WHERE profile_id = ?1", b), ==, 0);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT count (*) FROM profile_search WHERE profile_search MATCH '\"anna.alt\"*'", 0), ==, 1);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT count (*) FROM profiles_dirty", 0), ==, 0);

  /* Undo: back as before. */
  clt_identity_undo (fixture->workspace, operation, &error);
  g_assert_no_error (error);
  g_assert_cmpint (FACT ("orders", a), ==, 1);
  g_assert_cmpint (FACT ("spend_cents", a), ==, 1500);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT sum (orders) FROM profile_facts", 0), ==, 3);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT count (*) FROM profile_facts", 0), ==, 2);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT count (*) FROM profile_facts f JOIN profiles p ON p.id = f.profile_id", 0), ==, 2);

  /* The facts equal a full rebuild. */
  {
    g_autoptr(sqlite3_stmt) before = _clt_workspace_prepare (fixture->workspace,
      "SELECT group_concat (concat_ws ('|', profile_id, name_key, email_key, city_key, first_seen, last_activity, "
      "orders, spend_cents, sources, email_consent, n_records), ';') FROM (SELECT * FROM profile_facts ORDER BY 1)", NULL);
    g_autofree char *text = NULL;

    g_assert_cmpint (sqlite3_step (before), ==, SQLITE_ROW);
    text = g_strdup ((const char *) sqlite3_column_text (before, 0));
    sqlite3_reset (before);
    begin (fixture->workspace);
    _clt_browse_refresh (fixture->workspace, TRUE, &error);
    g_assert_no_error (error);
    commit (fixture->workspace);
    g_assert_cmpint (sqlite3_step (before), ==, SQLITE_ROW);
    g_assert_cmpstr (text, ==, (const char *) sqlite3_column_text (before, 0));
    /* The words too, and the search index merges as it did before. */
    g_assert_cmpint (query_int (fixture->workspace, "SELECT count (*) FROM profile_search WHERE profile_search MATCH '\"anna.alt\"*'", 0), ==, 1);
    g_assert_cmpint (query_int (fixture->workspace, "SELECT v FROM profile_search_config WHERE k = 'automerge'", 0), ==, 4);
  }
#undef FACT
}

/* From files: import, resolve, split and undo, as the rest of Clientele writes. */
static void
test_import_merge (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const files[] = { "hubspot.csv", "shopify-orders.csv", "mailchimp-subscribed.csv", "loyalty-receipts.csv" };
  g_autoptr(CltProfileList) list = NULL;
  g_autoptr(GError) error = NULL;
  guint n_changes = 0;
  guint n_before;
  gint64 keep, other, operation, n_orders;

  list = clt_profile_list_new (fixture->workspace);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &n_changes);
  wait_counted (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "import", files[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(CltImporter) importer = clt_importer_new (fixture->path, file);

      clt_importer_run (importer, FALSE, NULL, &error);
      g_assert_no_error (error);
    }

  /* The importer wrote through its own connection: the UI reloads. */
  clt_profile_list_reload (list);
  wait_counted (list);
  g_assert_cmpuint (n_changes, ==, 1);
  n_before = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n_before, ==, query_int (fixture->workspace, "SELECT count (*) FROM profiles", 0));
  n_orders = query_int (fixture->workspace, "SELECT count (*) FROM events WHERE kind IN ('purchase', 'loyalty_receipt')", 0);
  g_assert_cmpint (n_orders, >, 0);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT sum (orders) FROM profile_facts", 0), ==, n_orders);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT sum (spend_cents) FROM profile_facts", 0), ==,
                   query_int (fixture->workspace, "SELECT total (amount_cents) FROM events WHERE kind IN ('purchase', 'loyalty_receipt')", 0));
  g_assert_cmpint (query_int (fixture->workspace, "SELECT count (*) FROM profile_facts WHERE email_consent = 'given'", 0), >, 0);
  g_assert_true (search_finds (list, "juergen.gross", query_int (fixture->workspace,
                 "SELECT profile_id FROM profile_facts WHERE email_key = 'juergen.gross@example.de'", 0)));
  g_assert_true (search_finds (list, "Schafer", query_int (fixture->workspace,
                 "SELECT profile_id FROM profile_facts WHERE email_key = 'k.schaefer@example.com'", 0)));
  clt_profile_list_set_search (list, NULL);
  wait_counted (list);

  /* A merge through the list's workspace: the list counts again by itself. */
  keep = query_int (fixture->workspace, "SELECT min (id) FROM profiles", 0);
  other = query_int (fixture->workspace, "SELECT max (id) FROM profiles", 0);
  n_changes = 0;
  operation = clt_identity_merge (fixture->workspace, keep, other, &error);
  g_assert_no_error (error);
  while (n_changes == 0)
    g_main_context_iteration (NULL, TRUE);
  wait_counted (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_before - 1);
  g_assert_cmpint (query_int (fixture->workspace, "SELECT sum (orders) FROM profile_facts", 0), ==, n_orders);

  clt_identity_undo (fixture->workspace, operation, &error);
  g_assert_no_error (error);
  while (n_changes < 2)
    g_main_context_iteration (NULL, TRUE);
  wait_counted (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_before);

  /* Split a profile with several records: one more profile, the same orders in all. */
  {
    gint64 profile = query_int (fixture->workspace,
                                "SELECT profile_id FROM source_records GROUP BY profile_id HAVING count (*) > 1 LIMIT 1", 0);
    gint64 record = query_int (fixture->workspace, "SELECT max (id) FROM source_records WHERE profile_id = ?1", profile);
    gint64 n_records = query_int (fixture->workspace, "SELECT n_records FROM profile_facts WHERE profile_id = ?1", profile);

    operation = clt_identity_split (fixture->workspace, profile, &record, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpint (query_int (fixture->workspace, "SELECT n_records FROM profile_facts WHERE profile_id = ?1", profile), ==, n_records - 1);
    g_assert_cmpint (query_int (fixture->workspace, "SELECT count (*) FROM profile_facts", 0), ==, n_before + 1);
    g_assert_cmpint (query_int (fixture->workspace, "SELECT sum (orders) FROM profile_facts", 0), ==, n_orders);
    clt_identity_undo (fixture->workspace, operation, &error);
    g_assert_no_error (error);
    g_assert_cmpint (query_int (fixture->workspace, "SELECT n_records FROM profile_facts WHERE profile_id = ?1", profile), ==, n_records);
    g_assert_cmpint (query_int (fixture->workspace, "SELECT count (*) FROM profile_facts", 0), ==, n_before);
  }

  g_assert_finalize_object (g_steal_pointer (&list));
}

/* The ids a search finds, in the order the list shows them, read from profile_facts. */
static GArray *
expected_ids (Fixture    *fixture,
              const char *match,
              const char *order_by)
{
  g_autofree char *sql = g_strdup_printf ("SELECT f.profile_id FROM profile_facts f WHERE f.profile_id IN "
                                          "(SELECT rowid FROM profile_search WHERE profile_search MATCH ?1) "
                                          "ORDER BY %s", order_by);
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (fixture->workspace, sql, NULL);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }

  return ids;
}

static void
assert_same_ids (GArray *a,
                 GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpint (g_array_index (a, gint64, i), ==, g_array_index (b, gint64, i));
}

/* A search shows its hits in the list's order: sorted by the positions the unfiltered list
 * read, or by their facts when those do not hold (after a commit, before the next count). */
static void
test_search_order (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const firsts[] = { "Anna", "Zoë", "Anna", "Bernd", "Änne", "Anna" };
  static const char * const lasts[] = { "Weber", "Adler", "Müller", "Zimmer", "Öztürk", "Mueller", "Koch" };
  static const char * const cities[] = { "Berlin", "Aachen", "München", "Köln" };
  static const struct { CltProfileSort sort; gboolean descending; const char *order_by; } orders[] = {
    { CLT_PROFILE_SORT_NAME, FALSE, "f.name_key, f.profile_id" },
    { CLT_PROFILE_SORT_NAME, TRUE, "f.name_key DESC, f.profile_id DESC" },
    { CLT_PROFILE_SORT_CITY, FALSE, "f.city_key, f.profile_id" },
  };
  g_autoptr(CltProfileList) list = NULL;

  /* Names and cities in an order of their own, not the ids' order. */
  begin (fixture->workspace);
  for (guint i = 0; i < 90; i++)
    {
      g_autofree char *email = g_strdup_printf ("kunde%u@example.com", i);

      add_profile (fixture->workspace, "hubspot", firsts[(i * 5) % 6], lasts[(i * 3) % 7], email, NULL,
                   cities[(i * 7) % 4]);
    }
  commit (fixture->workspace);

  list = clt_profile_list_new (fixture->workspace);
  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    {
      g_autoptr(GArray) expected = expected_ids (fixture, "\"anna\"*", orders[i].order_by);
      g_autoptr(GArray) shown = NULL;

      clt_profile_list_set_search (list, NULL);
      clt_profile_list_set_sort (list, orders[i].sort, orders[i].descending);
      wait_counted (list);
      clt_profile_list_set_search (list, "anna");
      shown = ids_of (list);
      g_assert_cmpuint (expected->len, ==, 45);
      assert_same_ids (shown, expected);
    }

  /* A commit meanwhile: the new Anna is found, first by name, by the first search after it
   * (which reads the facts), by the next one (in the order the worker made meanwhile) and
   * after the list counts again. */
  clt_profile_list_set_sort (list, CLT_PROFILE_SORT_NAME, FALSE);
  clt_profile_list_set_search (list, NULL);
  wait_counted (list);
  begin (fixture->workspace);
  add_profile (fixture->workspace, "hubspot", "Anna", "Aal", "aal@example.com", NULL, "Bonn");
  commit (fixture->workspace);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GArray) expected = expected_ids (fixture, i == 1 ? "\"ann\"*" : "\"anna\"*", orders[0].order_by);
      g_autoptr(GArray) shown = NULL;

      clt_profile_list_set_search (list, i == 1 ? "ann" : "anna");
      shown = ids_of (list);
      g_assert_cmpuint (expected->len, ==, i == 1 ? 61 : 46);
      assert_same_ids (shown, expected);
      g_assert_cmpint (g_array_index (shown, gint64, 0), ==, query_int (fixture->workspace, "SELECT max (id) FROM profiles", 0));
      if (i == 0)
        g_usleep (G_USEC_PER_SEC / 5);
      else
        {
          clt_profile_list_set_search (list, NULL);
          wait_counted (list);
        }
    }

  g_assert_finalize_object (g_steal_pointer (&list));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/profile-list/fold", test_fold);
#define ADD(name, func) g_test_add ("/profile-list/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("search", test_search);
  ADD ("search-order", test_search_order);
  ADD ("paging", test_paging);
  ADD ("placeholders", test_placeholders);
  ADD ("facts", test_facts);
  ADD ("import-merge", test_import_merge);
#undef ADD

  return g_test_run ();
}
