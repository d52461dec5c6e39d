/* clt-fact-sets.c: who has each e-mail consent state and who has records from each source,
 * as bitmaps kept at each commit
 *
 * fact_sets (schema 0010) holds one bitmap per value of a kind: bit n % 8 of byte n / 8 for
 * profile n. Before each commit a kind without sets is built whole, and the sets of the
 * others are brought up to date for the profiles in profiles_dirty: their bits are cleared
 * everywhere and set again from what they have now. The segment evaluator reads a consent
 * or source condition from them (clt-segment-compiler.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-fact-sets"

#include "config.h"

#include "clt-browse-private.h"
#include "clt-consent-private.h"
#include "clt-workspace-private.h"

typedef struct
{
  const char *kind;
  /* (value, profile id) of every profile, and of the changed ones */
  const char *all_sql;
  const char *dirty_sql;
  /* the values that have a set even when nobody has them */
  const char *values_sql;
} FactKind;

static const FactKind kinds[] = {
  { "consent_rank",
    "SELECT consent_rank, profile_id FROM profile_facts",
    "SELECT consent_rank, profile_id FROM profile_facts WHERE profile_id IN (SELECT profile_id FROM profiles_dirty)",
    /* the ranks of clt-segment-compiler.c's consent_rank () */
    "VALUES (0), (1), (2), (3), (4), (5), (6)" },
  { "source",
    "SELECT DISTINCT source_id, profile_id FROM source_records WHERE profile_id IS NOT NULL",
    "SELECT DISTINCT source_id, profile_id FROM source_records WHERE profile_id IN (SELECT profile_id FROM profiles_dirty)",
    "SELECT id FROM sources" },
};

static GByteArray *
lookup_set (GHashTable *sets,
            gint64      value)
{
  GByteArray *bits = g_hash_table_lookup (sets, &value);

  if (bits == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = value;
      bits = g_byte_array_new ();
      g_hash_table_insert (sets, key, bits);
    }

  return bits;
}

/* Runs @sql, a query of (value, profile id), and sets those bits in @sets. */
static gboolean
add_bits (CltWorkspace  *workspace,
          const char    *sql,
          GHashTable    *sets,
          GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = _clt_workspace_prepare (workspace, sql, error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    _clt_bits_set (lookup_set (sets, sqlite3_column_int64 (stmt, 0)), sqlite3_column_int64 (stmt, 1), TRUE);
  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, "fact sets");
      return FALSE;
    }

  return TRUE;
}

static gboolean
refresh_kind (CltWorkspace    *workspace,
              const FactKind  *kind,
              gboolean         all,
              gboolean         changed,
              GError         **error)
{
  g_autoptr(GHashTable) sets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                      (GDestroyNotify) g_byte_array_unref);
  g_autoptr(GHashTable) before = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                        (GDestroyNotify) g_bytes_unref);
  g_autoptr(sqlite3_stmt) read = NULL;
  g_autoptr(sqlite3_stmt) write = NULL;
  g_autoptr(sqlite3_stmt) values = NULL;
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  if (!(read = _clt_workspace_prepare (workspace, "SELECT value, bits FROM fact_sets WHERE kind = ?1", error)))
    return FALSE;
  sqlite3_bind_text (read, 1, kind->kind, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (read)) == SQLITE_ROW)
    {
      gint64 *v = g_new (gint64, 1);

      *v = sqlite3_column_int64 (read, 0);
      g_hash_table_insert (before, v, g_bytes_new (sqlite3_column_blob (read, 1), sqlite3_column_bytes (read, 1)));
    }
  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, "fact sets");
      return FALSE;
    }

  if (g_hash_table_size (before) > 0 && !all)
    {
      g_autoptr(sqlite3_stmt) dirty = NULL;

      /* Kept: nothing to do unless profiles changed. */
      if (!changed)
        return TRUE;

      g_hash_table_iter_init (&iter, before);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_byte_array_append (lookup_set (sets, *(gint64 *) key), g_bytes_get_data (value, NULL), g_bytes_get_size (value));

      if (!(dirty = _clt_workspace_prepare (workspace, "SELECT profile_id FROM profiles_dirty", error)))
        return FALSE;
      while ((rc = sqlite3_step (dirty)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (dirty, 0);

          g_hash_table_iter_init (&iter, sets);
          while (g_hash_table_iter_next (&iter, NULL, &value))
            _clt_bits_set (value, id, FALSE);
        }
      if (rc != SQLITE_DONE)
        {
          _clt_workspace_set_error (workspace, error, "fact sets");
          return FALSE;
        }
      if (!add_bits (workspace, kind->dirty_sql, sets, error))
        return FALSE;
    }
  else
    {
      g_hash_table_remove_all (before);
      if (!add_bits (workspace, kind->all_sql, sets, error))
        return FALSE;
    }

  /* Every value has a set, so that a missing one means "not kept" to readers. */
  if (!(values = _clt_workspace_prepare (workspace, kind->values_sql, error)))
    return FALSE;
  while ((rc = sqlite3_step (values)) == SQLITE_ROW)
    lookup_set (sets, sqlite3_column_int64 (values, 0));
  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, "fact sets");
      return FALSE;
    }

  if (!(write = _clt_workspace_prepare (workspace, "INSERT OR REPLACE INTO fact_sets (kind, value, bits) VALUES (?1, ?2, ?3)", error)))
    return FALSE;
  g_hash_table_iter_init (&iter, sets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GByteArray *bits = value;
      GBytes *old = g_hash_table_lookup (before, key);

      /* Never an empty value (bound, that would be NULL): profile 0 does not exist. */
      if (bits->len == 0)
        g_byte_array_append (bits, (const guint8 *) "", 1);
      /* Most writes change no set: nothing to write then. */
      if (old != NULL && g_bytes_get_size (old) == bits->len && memcmp (g_bytes_get_data (old, NULL), bits->data, bits->len) == 0)
        continue;

      sqlite3_bind_text (write, 1, kind->kind, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (write, 2, *(gint64 *) key);
      sqlite3_bind_blob (write, 3, bits->data, bits->len, SQLITE_TRANSIENT);
      if ((rc = sqlite3_step (write)) != SQLITE_DONE)
        {
          _clt_workspace_set_error (workspace, error, "fact sets");
          return FALSE;
        }
      sqlite3_reset (write);
    }

  return TRUE;
}

/**
 * _clt_fact_sets_refresh:
 * @all: rebuild every set
 * @changed: whether profiles_dirty names profiles this write changed
 *
 * Builds the kinds without sets and brings the others up to date for the profiles in
 * profiles_dirty. Call it inside the write's transaction, after profile_facts is.
 */
gboolean
_clt_fact_sets_refresh (CltWorkspace  *workspace,
                        gboolean       all,
                        gboolean       changed,
                        GError       **error)
{
  gint64 started = g_get_monotonic_time ();

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (!refresh_kind (workspace, &kinds[i], all, changed, error))
      return FALSE;

  g_debug ("fact sets (%s): %.1f ms", all ? "all" : changed ? "changed" : "missing",
           (g_get_monotonic_time () - started) / 1000.0);

  return TRUE;
}
