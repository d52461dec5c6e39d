/* clt-browse-facts.c: the facts and search words of the profiles a write changed, rebuilt
 * before it commits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-browse-facts"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "clt-browse-private.h"
#include "clt-consent-private.h"
#include "clt-keys.h"
#include "clt-search-fold.h"
#include "clt-workspace-private.h"

/* Below this many changed profiles, their search rows are deleted one by one; above it and
 * above half the profiles, everything is rebuilt. */
#define REBUILD_ALL_FROM 20000

/* The profiles to rebuild: the changed ones, or all. Fixed texts, never values. */
#define DIRTY_SET "SELECT profile_id FROM profiles_dirty"
#define ALL_SET   "SELECT id AS profile_id FROM profiles"

#define ORDER_KINDS "('purchase', 'loyalty_receipt')"

#define FACTS_SQL(set, consent) \
  "WITH d AS MATERIALIZED (" set "), " \
  "e AS MATERIALIZED (SELECT profile_id, min (occurred_at) AS first_event, max (occurred_at) AS last_event, " \
  "    count (*) FILTER (WHERE kind IN " ORDER_KINDS ") AS orders, " \
  "    total (amount_cents) FILTER (WHERE kind IN " ORDER_KINDS ") AS spend, " \
  "    max (currency) FILTER (WHERE kind IN " ORDER_KINDS ") AS currency " \
  "  FROM events WHERE profile_id IN (SELECT profile_id FROM d) GROUP BY profile_id), " \
  "r AS MATERIALIZED (SELECT r.profile_id, count (*) AS n, min (b.started_at) AS first_import, " \
  "    total (DISTINCT CASE " \
  "      WHEN s.kind IN ('hubspot', 'salesforce', 'pipedrive') THEN 1 " \
  "      WHEN s.kind IN ('shopify', 'stripe', 'square') THEN 2 " \
  "      WHEN s.kind = 'loyalty' THEN 4 " \
  "      WHEN s.kind IN ('mailchimp', 'brevo', 'cleverreach') THEN 8 " \
  "      ELSE 16 END) AS sources " \
  "  FROM source_records r JOIN sources s ON s.id = r.source_id " \
  "  LEFT JOIN import_batches b ON b.id = r.batch_id " \
  "  WHERE r.profile_id IN (SELECT profile_id FROM d) GROUP BY r.profile_id), " \
  "p AS (SELECT p.id, p.last_name, p.first_name, p.display_name, p.city, " \
  "    nullif (lower (trim (p.email)), '') AS email " \
  "  FROM d CROSS JOIN profiles p ON p.id = d.profile_id), " \
  consent \
  "INSERT INTO profile_facts (profile_id, name_key, email_key, city_key, first_seen, last_activity, orders, " \
  "  spend_cents, currency, sources, email_consent, consent_rank, n_records) " \
  "SELECT c.id, clt_sort_name (c.last_name, c.first_name, c.display_name), " \
  "  coalesce (c.email, char (1114111)), coalesce (clt_city_key (c.city), char (1114111)), " \
  "  coalesce (min (e.first_event, r.first_import), e.first_event, r.first_import), " \
  "  coalesce (e.last_event, char (1114111)), coalesce (e.orders, 0), coalesce (e.spend, 0), e.currency, " \
  "  coalesce (r.sources, 0), c.consent, " \
  "  CASE c.consent WHEN 'given' THEN 0 WHEN 'refused' THEN 1 WHEN 'withdrawn' THEN 2 WHEN 'revoked' THEN 3 " \
  "    WHEN 'expired' THEN 4 WHEN 'invalidated' THEN 5 ELSE 6 END, " \
  "  coalesce (r.n, 0) " \
  "FROM c LEFT JOIN e ON e.profile_id = c.id LEFT JOIN r ON r.profile_id = c.id"

/* The e-mail marketing state by e-mail is the profile's, as the consent ledger derives it
 * (profile_consent, rebuilt just before the facts: see clt-consent-sql.c). */
#define CONSENT_LEDGER \
  "c AS MATERIALIZED (SELECT p.*, pc.action AS consent FROM p LEFT JOIN profile_consent pc " \
  "  ON pc.profile_id = p.id AND pc.purpose = 'email_marketing' AND pc.channel = 'email') "

#define SEARCH_SQL(set) \
  "INSERT INTO profile_search (rowid, words) " \
  "SELECT p.id, clt_search_words (p.display_name, p.first_name, p.last_name, p.email, p.phone, p.city, " \
  "  p.postcode, p.company, (SELECT group_concat (v, char (30)) FROM (" \
  "    SELECT i.kind || char (31) || i.value AS v " \
  "    FROM source_records r JOIN record_identifiers i ON i.record_id = r.id WHERE r.profile_id = p.id " \
  "    UNION ALL SELECT 'external' || char (31) || r.external_id FROM source_records r " \
  "    WHERE r.profile_id = p.id AND r.external_id IS NOT NULL))) " \
  "FROM profiles p WHERE p.id IN (" set ") ORDER BY p.id"

/* ---- SQL functions ---- */

static const char *
arg_text (sqlite3_value *value)
{
  return sqlite3_value_type (value) == SQLITE_NULL ? NULL : (const char *) sqlite3_value_text (value);
}

/* clt_sort_name (last, first, display): folded "last first", else the folded display name,
 * else CLT_BROWSE_MISSING. */
static void
sort_name_func (sqlite3_context  *context,
                int               argc,
                sqlite3_value   **argv)
{
  const char *last = arg_text (argv[0]);
  const char *first = arg_text (argv[1]);
  const char *display = arg_text (argv[2]);
  g_autofree char *joined = NULL;
  g_autofree char *key = NULL;
  gboolean ascii = TRUE;

  if ((last && last[0]) || (first && first[0]))
    joined = g_strconcat (last ? last : "", " ", first ? first : "", NULL);
  else
    joined = g_strdup (display ? display : "");

  for (const char *p = joined; *p && ascii; p++)
    ascii = (guchar) *p < 128;

  if (ascii)
    {
      /* As clt_key_name () folds ASCII: lower case, anything else a single space. */
      char *out = key = g_malloc (strlen (joined) + 1);
      gboolean space = FALSE;

      for (const char *p = joined; *p; p++)
        {
          if (g_ascii_isalnum (*p))
            {
              if (space && out > key)
                *out++ = ' ';
              *out++ = g_ascii_tolower (*p);
              space = FALSE;
            }
          else
            space = TRUE;
        }
      *out = '\0';
    }
  else
    key = clt_key_name (joined);
  g_strstrip (key);

  if (key[0] == '\0')
    sqlite3_result_text (context, CLT_BROWSE_MISSING, -1, SQLITE_STATIC);
  else
    sqlite3_result_text (context, g_steal_pointer (&key), -1, g_free);
}

/**
 * _clt_browse_city_key:
 *
 * Returns: (transfer full) (nullable): @city case-folded, as the city filter compares it
 */
char *
_clt_browse_city_key (const char *city)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *nfc = NULL;

  if (city == NULL || !g_utf8_validate (city, -1, NULL))
    return NULL;

  trimmed = g_strstrip (g_strdup (city));
  if (trimmed[0] == '\0')
    return NULL;
  if (g_str_is_ascii (trimmed))
    return g_ascii_strdown (trimmed, -1);
  nfc = g_utf8_normalize (trimmed, -1, G_NORMALIZE_NFC);

  return g_utf8_casefold (nfc, -1);
}

static void
city_key_func (sqlite3_context  *context,
               int               argc,
               sqlite3_value   **argv)
{
  char *key = _clt_browse_city_key (arg_text (argv[0]));

  if (key == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_text (context, key, -1, g_free);
}

/* clt_search_words (display, first, last, email, phone, city, postcode, company, identifiers):
 * the folded words a profile is found by; identifiers are "kind\x1fvalue" joined by \x1e. */
static void
search_words_func (sqlite3_context  *context,
                   int               argc,
                   sqlite3_value   **argv)
{
  GString *words = g_string_new (" ");
  const char *identifiers = arg_text (argv[8]);

  for (int i = 0; i < 8; i++)
    clt_search_fold_append (arg_text (argv[i]), i == 4, words);

  /* Each "kind\x1fvalue" copied to the stack where it fits. */
  for (const char *item = identifiers; item != NULL && *item;)
    {
      gsize len = strcspn (item, "\x1e");
      const char *sep = memchr (item, '\x1f', len);
      char stack[256];
      g_autofree char *heap = NULL;
      char *value;

      if (sep != NULL)
        {
          gsize value_len = len - (sep + 1 - item);

          value = value_len < sizeof stack ? stack : (heap = g_malloc (value_len + 1));
          memcpy (value, sep + 1, value_len);
          value[value_len] = '\0';
          clt_search_fold_append (value, sep - item == 5 && strncmp (item, "phone", 5) == 0, words);
        }
      item += len;
      if (*item == '\x1e')
        item++;
    }

  sqlite3_result_text (context, g_string_free (words, FALSE), -1, g_free);
}

/**
 * _clt_browse_register_functions:
 *
 * Adds the functions the facts are computed with to a workspace connection.
 */
gboolean
_clt_browse_register_functions (sqlite3 *db)
{
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

  return sqlite3_create_function (db, "clt_sort_name", 3, flags, NULL, sort_name_func, NULL, NULL) == SQLITE_OK &&
         sqlite3_create_function (db, "clt_city_key", 1, flags, NULL, city_key_func, NULL, NULL) == SQLITE_OK &&
         sqlite3_create_function (db, "clt_search_words", 9, flags, NULL, search_words_func, NULL, NULL) == SQLITE_OK;
}

/* ---- refresh ---- */

static gint64
query_count (CltWorkspace  *workspace,
             const char    *sql,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, sql, error);

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the workspace"));
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

/* Runs @sql, saying how long it took when debugging. */
static gboolean
timed_exec (CltWorkspace  *workspace,
            const char    *what,
            const char    *sql,
            GError       **error)
{
  gint64 started = g_get_monotonic_time ();

  if (!_clt_workspace_exec (workspace, sql, error))
    return FALSE;

  g_debug ("%s: %.1f ms", what, (g_get_monotonic_time () - started) / 1000.0);

  return TRUE;
}

static gboolean
refresh_some (CltWorkspace  *workspace,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) ids = NULL;
  g_autoptr(sqlite3_stmt) delete_words = NULL;
  gint64 started = g_get_monotonic_time ();

  /* Contentless FTS5 deletes by rowid; only profiles with facts have words. */
  if (!(ids = _clt_workspace_prepare (workspace,
          "SELECT d.profile_id FROM profiles_dirty d CROSS JOIN profile_facts f ON f.profile_id = d.profile_id",
          error)) ||
      !(delete_words = _clt_workspace_prepare (workspace, "DELETE FROM profile_search WHERE rowid = ?1", error)))
    return FALSE;

  while (sqlite3_step (ids) == SQLITE_ROW)
    {
      sqlite3_bind_int64 (delete_words, 1, sqlite3_column_int64 (ids, 0));
      if (!_clt_workspace_step_done (workspace, delete_words, error))
        return FALSE;
      sqlite3_reset (delete_words);
    }

  g_debug ("search words deleted: %.1f ms", (g_get_monotonic_time () - started) / 1000.0);

  return timed_exec (workspace, "facts deleted",
                     "DELETE FROM profile_facts WHERE profile_id IN (SELECT profile_id FROM profiles_dirty)", error) &&
         timed_exec (workspace, "facts", FACTS_SQL (DIRTY_SET, CONSENT_LEDGER), error) &&
         timed_exec (workspace, "search words", SEARCH_SQL (DIRTY_SET), error);
}

/* Everything anew: the facts' indexes are made after their rows (sorting once instead of
 * inserting a million keys at random places), with a 64 MiB page cache meanwhile: four times
 * that was no faster at a million profiles, and took an import's peak memory past 400 MiB.
 * The search index merges its segments 16 at a time while the words go in, instead of FTS5's
 * default 4: a million profiles' words went in in 3.6-4.2 s instead of 5.2-6.7 s, and were
 * searched as fast afterwards. */
static gboolean
refresh_all (CltWorkspace  *workspace,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) indexes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) drop = g_string_new (NULL);
  gint64 cache_size;
  g_autofree char *restore = NULL;
  gboolean ok;

  if ((cache_size = query_count (workspace, "PRAGMA cache_size", error)) == -1 && error && *error)
    return FALSE;
  /* Only a number from SQLite itself reaches the pragma's text. */
  restore = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT, cache_size);

  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'profile_facts' AND sql IS NOT NULL",
          error)))
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_string_append_printf (drop, "DROP INDEX \"%s\";", (const char *) sqlite3_column_text (stmt, 0));
      g_ptr_array_add (indexes, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  ok = _clt_workspace_exec (workspace, "PRAGMA cache_size = -65536", error) &&
       _clt_workspace_exec (workspace, drop->str, error) &&
       _clt_workspace_exec (workspace, "DELETE FROM profile_facts", error) &&
       _clt_workspace_exec (workspace, "INSERT INTO profile_search (profile_search) VALUES ('delete-all')", error) &&
       timed_exec (workspace, "facts", FACTS_SQL (ALL_SET, CONSENT_LEDGER), error) &&
       _clt_workspace_exec (workspace, "INSERT INTO profile_search (profile_search, rank) VALUES ('automerge', 16)", error) &&
       timed_exec (workspace, "search words", SEARCH_SQL (ALL_SET), error) &&
       _clt_workspace_exec (workspace, "INSERT INTO profile_search (profile_search, rank) VALUES ('automerge', 4)", error);

  for (guint i = 0; ok && i < indexes->len; i++)
    ok = timed_exec (workspace, "facts index", g_ptr_array_index (indexes, i), error);

  _clt_workspace_exec (workspace, restore, NULL);

  return ok;
}

/**
 * _clt_browse_refresh:
 * @all: rebuild every profile's facts and words, changed or not
 *
 * Brings profile_consent, profile_facts, profile_search, the consent sets and the fact sets up to
 * date for the profiles in profiles_dirty (or all) and empties it; profiles that no longer exist
 * lose their facts and words. Call it inside the write's transaction, before it commits.
 */
gboolean
_clt_browse_refresh (CltWorkspace  *workspace,
                     gboolean       all,
                     GError       **error)
{
  gint64 n_dirty;
  gint64 started = g_get_monotonic_time ();

  if (!all)
    {
      if ((n_dirty = query_count (workspace, "SELECT count (*) FROM (SELECT 1 FROM profiles_dirty LIMIT "
                                             G_STRINGIFY (REBUILD_ALL_FROM) ")", error)) < 0)
        return FALSE;
      /* Nothing changed: only a consent set missing (a new purpose, a new schema) is built. */
      if (n_dirty == 0)
        return (!_clt_workspace_has_consent_sets (workspace) ||
                _clt_consent_sets_refresh (workspace, FALSE, FALSE, error)) &&
               (!_clt_workspace_has_fact_sets (workspace) ||
                _clt_fact_sets_refresh (workspace, FALSE, FALSE, error));
      if (n_dirty >= REBUILD_ALL_FROM)
        {
          gint64 n_facts, n_all_dirty;

          if ((n_facts = query_count (workspace, "SELECT count (*) FROM profile_facts", error)) < 0 ||
              (n_all_dirty = query_count (workspace, "SELECT count (*) FROM profiles_dirty", error)) < 0)
            return FALSE;
          all = n_all_dirty * 2 >= n_facts;
        }
    }

  if (!_clt_consent_refresh (workspace, all, error) ||
      !(all ? refresh_all (workspace, error) : refresh_some (workspace, error)) ||
      (_clt_workspace_has_consent_sets (workspace) && !_clt_consent_sets_refresh (workspace, all, TRUE, error)) ||
      (_clt_workspace_has_fact_sets (workspace) && !_clt_fact_sets_refresh (workspace, all, TRUE, error)) ||
      !_clt_workspace_exec (workspace, "DELETE FROM profiles_dirty", error) ||
      !_clt_workspace_exec (workspace, "UPDATE workspace_meta SET value = CAST (value AS INTEGER) + 1 "
                                       "WHERE key = 'data_changes'", error))
    {
      g_prefix_error (error, _("Could not update the list of customers: "));
      return FALSE;
    }

  g_debug ("Profile facts refreshed (%s) in %.1f ms", all ? "all" : "changed",
           (g_get_monotonic_time () - started) / 1000.0);

  return TRUE;
}
