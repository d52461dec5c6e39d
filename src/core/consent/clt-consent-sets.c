/* clt-consent-sets.c: who may be used for each purpose, as bitmaps kept at each commit
 *
 * consent_sets (schema 0007) holds, for each purpose and its channel, a bitmap of the
 * profiles the rule of clt-consent-sql.c lets be used, restrictions aside: bit n % 8 of
 * byte n / 8 for profile n. Purposes where double opt-in proof matters have a second set
 * with it required. Before each commit a missing set is built whole and a present one is
 * brought up to date for the changed profiles; the segment builder's audience split then
 * reads one value instead of a million rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-consent-sets"

#include "config.h"

#include <string.h>

#include "clt-consent-private.h"
#include "clt-workspace-private.h"

/* Whether the purpose has a set with double opt-in required besides the one without: it
 * needs consent, which may have been given for an e-mail address. */
static gboolean
doi_matters (const CltPurposeRule *rule)
{
  return _clt_purpose_rule_needs_consent (rule);
}

/**
 * _clt_bits_set:
 *
 * Sets (@on) or clears bit @id % 8 of byte @id / 8 of the kept set @bits, growing it as
 * needed (a cleared bit past its end is clear already).
 */
void
_clt_bits_set (GByteArray *bits,
               gint64      id,
               gboolean    on)
{
  gsize byte = (gsize) (id / 8);

  if (id < 0)
    return;
  if (byte >= bits->len)
    {
      gsize old = bits->len;

      if (!on)
        return;
      g_byte_array_set_size (bits, byte + 1);
      memset (bits->data + old, 0, bits->len - old);
    }
  if (on)
    bits->data[byte] |= 1 << (id % 8);
  else
    bits->data[byte] &= ~(1 << (id % 8));
}

/* Sets (@on) or clears the bit of each id @sql gives (bound to purpose, channel, doi). */
static gboolean
apply_ids (CltWorkspace  *workspace,
           const char    *sql,
           const char    *purpose,
           const char    *channel,
           gboolean       doi,
           gboolean       on,
           GByteArray    *bits,
           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = _clt_workspace_prepare (workspace, sql, error)))
    return FALSE;
  /* Not every query uses all three. */
  if (sqlite3_bind_parameter_count (stmt) >= 1)
    sqlite3_bind_text (stmt, 1, purpose, -1, SQLITE_TRANSIENT);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_text (stmt, 2, channel, -1, SQLITE_TRANSIENT);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_int (stmt, 3, doi);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    _clt_bits_set (bits, sqlite3_column_int64 (stmt, 0), on);
  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, "consent sets");
      return FALSE;
    }

  return TRUE;
}

/* Builds or updates one set; @changed tells whether the profiles of profiles_dirty may have
 * changed it (else only a missing set is built). */
static gboolean
refresh_set (CltWorkspace         *workspace,
             const char           *purpose,
             const CltPurposeRule *rule,
             gboolean              doi,
             gboolean              all,
             gboolean              changed,
             GError              **error)
{
  g_autofree char *usable = _clt_consent_usable_sql (rule, "?1", "?2", "?3");
  g_autoptr(sqlite3_stmt) read = NULL;
  g_autoptr(sqlite3_stmt) write = NULL;
  g_autoptr(GByteArray) bits = g_byte_array_new ();
  g_autoptr(GBytes) before = NULL;
  gboolean present;

  /* Without changes, only whether it is there is read. */
  if (!(read = _clt_workspace_prepare (workspace, changed || all
          ? "SELECT bits FROM consent_sets WHERE purpose = ?1 AND channel = ?2 AND doi = ?3"
          : "SELECT NULL FROM consent_sets WHERE purpose = ?1 AND channel = ?2 AND doi = ?3", error)))
    return FALSE;
  sqlite3_bind_text (read, 1, purpose, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (read, 2, rule->channel, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (read, 3, doi);
  present = sqlite3_step (read) == SQLITE_ROW;

  if (present && !all && !changed)
    return TRUE;

  if (present && !all)
    {
      g_autofree char *dirty_usable = g_strdup_printf ("SELECT id FROM (%s) WHERE id IN (SELECT profile_id FROM profiles_dirty)",
                                                       usable);

      before = g_bytes_new (sqlite3_column_blob (read, 0), sqlite3_column_bytes (read, 0));
      g_byte_array_append (bits, g_bytes_get_data (before, NULL), g_bytes_get_size (before));
      if (!apply_ids (workspace, "SELECT profile_id FROM profiles_dirty", purpose, rule->channel, doi, FALSE, bits, error) ||
          !apply_ids (workspace, dirty_usable, purpose, rule->channel, doi, TRUE, bits, error))
        return FALSE;

      /* Most writes change nobody's eligibility: nothing to write then. */
      if (g_bytes_get_size (before) == bits->len &&
          (bits->len == 0 || memcmp (g_bytes_get_data (before, NULL), bits->data, bits->len) == 0))
        return TRUE;
    }
  else if (!apply_ids (workspace, usable, purpose, rule->channel, doi, TRUE, bits, error))
    return FALSE;

  /* Never an empty value (bound, that would be NULL): profile 0 does not exist. */
  if (bits->len == 0)
    g_byte_array_append (bits, (const guint8 *) "", 1);

  if (!(write = _clt_workspace_prepare (workspace,
          "INSERT OR REPLACE INTO consent_sets (purpose, channel, doi, bits) VALUES (?1, ?2, ?3, ?4)", error)))
    return FALSE;
  sqlite3_bind_text (write, 1, purpose, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (write, 2, rule->channel, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (write, 3, doi);
  sqlite3_bind_blob (write, 4, bits->data, bits->len, SQLITE_TRANSIENT);

  return _clt_workspace_step_done (workspace, write, error);
}

/**
 * _clt_consent_sets_refresh:
 * @all: rebuild every set
 * @changed: whether profiles_dirty names profiles this write changed
 *
 * Builds the missing consent sets and brings the others up to date for the profiles in
 * profiles_dirty. Call it inside the write's transaction, after profile_consent is.
 */
gboolean
_clt_consent_sets_refresh (CltWorkspace  *workspace,
                           gboolean       all,
                           gboolean       changed,
                           GError       **error)
{
  g_autoptr(sqlite3_stmt) purposes = NULL;
  gint64 started = g_get_monotonic_time ();
  int rc;

  if (!(purposes = _clt_workspace_prepare (workspace, "SELECT key FROM purposes ORDER BY key", error)))
    return FALSE;

  while ((rc = sqlite3_step (purposes)) == SQLITE_ROW)
    {
      const char *purpose = (const char *) sqlite3_column_text (purposes, 0);
      CltPurposeRule rule;

      _clt_purpose_rule_load (workspace, purpose, NULL, &rule);
      if (!refresh_set (workspace, purpose, &rule, FALSE, all, changed, error) ||
          (doi_matters (&rule) && !refresh_set (workspace, purpose, &rule, TRUE, all, changed, error)))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, "consent sets");
      return FALSE;
    }

  g_debug ("consent sets (%s): %.1f ms", all ? "all" : changed ? "changed" : "missing",
           (g_get_monotonic_time () - started) / 1000.0);

  return TRUE;
}

/**
 * _clt_consent_set_sql:
 * @rule: the purpose's rule, with the channel asked for
 *
 * Returns: (transfer full) (nullable): a query of the one set (a blob, no row when it is
 *   not kept) for the purpose bound to @purpose_param and the channel bound to
 *   @channel_param, as the workspace's double opt-in setting (bound to @doi_param) asks;
 *   %NULL when no set is kept for this purpose and channel
 */
char *
_clt_consent_set_sql (CltWorkspace         *workspace,
                      const CltPurposeRule *rule,
                      const char           *purpose,
                      const char           *purpose_param,
                      const char           *channel_param,
                      const char           *doi_param)
{
  CltPurposeRule own;

  if (!_clt_workspace_has_consent_sets (workspace))
    return NULL;

  /* Sets are kept for each purpose's own channel only. */
  _clt_purpose_rule_load (workspace, purpose, NULL, &own);
  if (!g_str_equal (own.channel, rule->channel) || own.basis != rule->basis)
    return NULL;

  return g_strdup_printf ("SELECT bits FROM consent_sets WHERE purpose = %s AND channel = %s AND doi = (%s AND %d)",
                          purpose_param, channel_param, doi_param, doi_matters (rule));
}
