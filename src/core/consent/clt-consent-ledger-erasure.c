/* clt-consent-ledger-erasure.c: erasure (Art. 17) of CltConsentLedger
 *
 * An erasure removes, in one transaction, everything the workspace holds about a person:
 * their source records with their raw rows and earlier versions, identifiers, links and
 * review pairs, events and event items, pinned values, consent events of their addresses,
 * assertions, export recipient rows, rejected rows naming them, segment memberships, facts
 * and search words. Their addresses go on the suppression list, and the audit log gets an
 * entry without personal data. After the commit the search index is merged (so no deleted
 * words linger in it) and the write-ahead log is checkpointed and truncated; with
 * secure_delete on, nothing of the person is left in the file.
 *
 * Retention (clt-consent-ledger-retention.c) erases customers the same way, without the
 * suppression list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-consent-ledger"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-browse-private.h"
#include "clt-consent-private.h"
#include "clt-workspace-private.h"

static gboolean
exec_id (CltWorkspace  *workspace,
         const char    *sql,
         gint64         id,
         gint64        *changes,
         GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_clt_workspace_step_done (workspace, stmt, error))
    return FALSE;
  if (changes)
    *changes += sqlite3_changes (_clt_workspace_get_db (workspace));

  return TRUE;
}

/* Statements over the person's identifiers (?1 kind, ?2 value), in order. */
static const char * const by_identifier[] = {
  "DELETE FROM consent_events WHERE identifier_kind = ?1 AND identifier = ?2",
  "DELETE FROM consent_usage WHERE identifier_kind = ?1 AND identifier = ?2",
  "DELETE FROM basis_assertions WHERE identifier_kind = ?1 AND identifier = ?2",
  "DELETE FROM suppressed_identifiers WHERE kind = ?1 AND value = ?2",
  "DELETE FROM export_recipients WHERE identifier_kind = ?1 AND identifier = ?2",
  /* Rejected rows keep their raw text: those naming the address go. */
  "DELETE FROM import_rejects WHERE ?1 <> 'profile' AND instr (lower (raw), ?2) > 0",
};

/* Runs by_identifier over (kind, value) pairs. */
static gboolean
erase_identifiers (CltWorkspace  *workspace,
                   GPtrArray     *pairs,
                   GError       **error)
{
  for (guint s = 0; s < G_N_ELEMENTS (by_identifier); s++)
    {
      g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, by_identifier[s], error);

      if (stmt == NULL)
        return FALSE;
      for (guint i = 0; i < pairs->len; i += 2)
        {
          sqlite3_bind_text (stmt, 1, g_ptr_array_index (pairs, i), -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, g_ptr_array_index (pairs, i + 1), -1, SQLITE_STATIC);
          if (!_clt_workspace_step_done (workspace, stmt, error))
            return FALSE;
          sqlite3_reset (stmt);
        }
    }

  return TRUE;
}

/*
 * _clt_consent_erase_identifier_in_transaction:
 *
 * Removes what the workspace holds about an address that no customer holds any more (its
 * consent events, usage, assertions, export rows and rejected rows naming it); call it
 * inside a transaction.
 */
gboolean
_clt_consent_erase_identifier_in_transaction (CltConsentLedger  *self,
                                              const char        *kind,
                                              const char        *value,
                                              GError           **error)
{
  g_autoptr(GPtrArray) pair = g_ptr_array_new ();

  g_ptr_array_add (pair, (gpointer) kind);
  g_ptr_array_add (pair, (gpointer) value);

  return erase_identifiers (_clt_consent_ledger_get_db_workspace (self), pair, error);
}

/* Statements over the person's profile id (?1), in order: the records go last but one, as
 * their deletion cascades to identifiers, earlier versions, links, decisions, review pairs
 * and restrictions. */
static const char * const by_profile[] = {
  "UPDATE import_batches SET rows_erased = rows_erased + n "
  "  FROM (SELECT batch_id, count (*) AS n FROM source_records WHERE profile_id = ?1 GROUP BY batch_id) AS erased "
  "  WHERE import_batches.id = erased.batch_id",
  "DELETE FROM consent_events WHERE source_record_id IN (SELECT id FROM source_records WHERE profile_id = ?1)",
  "DELETE FROM consent_events WHERE identifier_kind = 'profile' AND identifier = CAST (?1 AS TEXT)",
  "DELETE FROM events WHERE profile_id = ?1 OR source_record_id IN (SELECT id FROM source_records WHERE profile_id = ?1)",
  "DELETE FROM export_recipients WHERE profile_id = ?1",
  "DELETE FROM retention_due WHERE profile_id = ?1",
  "UPDATE subject_requests SET profile_id = NULL WHERE profile_id = ?1",
  "DELETE FROM source_records WHERE profile_id = ?1",
  "DELETE FROM profiles WHERE id = ?1",
};

/**
 * _clt_consent_erase_in_transaction:
 * @suppress: put the person's addresses on the suppression list (an erasure request)
 * @why: the audit action: "erase", "retention-erase" or "reapply-erasure"
 *
 * Removes the person; call it inside a transaction.
 */
gboolean
_clt_consent_erase_in_transaction (CltConsentLedger  *self,
                                   gint64             profile_id,
                                   gboolean           suppress,
                                   const char        *why,
                                   GError           **error)
{
  CltWorkspace *workspace = _clt_consent_ledger_get_db_workspace (self);
  g_autoptr(sqlite3_stmt) ids = NULL;
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *now = _clt_consent_now ();
  g_autofree char *detail = NULL;
  gint64 records = 0;
  gint64 n_suppressed = 0;

  if (!(ids = _clt_workspace_prepare (workspace,
          "SELECT i.kind, i.value FROM source_records r CROSS JOIN record_identifiers i ON i.record_id = r.id "
          "  WHERE r.profile_id = ?1 AND i.kind IN ('email', 'phone') "
          "UNION SELECT 'email', lower (trim (email)) FROM profiles WHERE id = ?1 AND email IS NOT NULL "
          "  AND trim (email) <> '' "
          "UNION SELECT 'profile', CAST (?1 AS TEXT)", error)))
    return FALSE;
  sqlite3_bind_int64 (ids, 1, profile_id);
  while (sqlite3_step (ids) == SQLITE_ROW)
    {
      g_ptr_array_add (pairs, g_strdup ((const char *) sqlite3_column_text (ids, 0)));
      g_ptr_array_add (pairs, g_strdup ((const char *) sqlite3_column_text (ids, 1)));
    }
  g_clear_pointer (&ids, sqlite3_finalize);

  if (suppress && (n_suppressed = _clt_consent_suppress_profile (self, profile_id, "erasure", "all", now, error)) < 0)
    return FALSE;

  /* The erasure is kept beside the workspace too, so that it is made again when a copy of
   * the file from before it is opened (a restored backup). */
  if (suppress && !_clt_erasure_ledger_append (workspace, pairs, now, error))
    return FALSE;

  if (!erase_identifiers (workspace, pairs, error))
    return FALSE;

  for (guint s = 0; s < G_N_ELEMENTS (by_profile); s++)
    {
      gint64 changes = 0;

      if (!exec_id (workspace, by_profile[s], profile_id, &changes, error))
        return FALSE;
      if (g_str_has_prefix (by_profile[s], "DELETE FROM source_records"))
        records = changes;
    }

  detail = g_strdup_printf ("{\"records\":%" G_GINT64_FORMAT ",\"suppressed\":%" G_GINT64_FORMAT "}", records,
                            n_suppressed);

  return clt_workspace_audit (workspace, NULL, why, "profile", profile_id, detail, error);
}

/*
 * _clt_consent_scrub:
 *
 * After deletions: merges the search index (contentless, it keeps deleted words until its
 * segments are merged) and truncates the write-ahead log.
 */
gboolean
_clt_consent_scrub (CltConsentLedger  *self,
                    GError           **error)
{
  CltWorkspace *workspace = _clt_consent_ledger_get_db_workspace (self);

  if (!_clt_workspace_begin (workspace, error))
    return FALSE;
  if (!_clt_workspace_exec (workspace, "INSERT INTO profile_search (profile_search) VALUES ('optimize')", error) ||
      !_clt_workspace_commit (workspace, error))
    {
      _clt_workspace_rollback (workspace);
      return FALSE;
    }

  return _clt_workspace_checkpoint (workspace, error);
}

/**
 * clt_consent_ledger_erase:
 * @profile_id: the person to erase
 *
 * Erases the person (Art. 17) in one transaction and puts their e-mail addresses and phones
 * on the suppression list, so that a later import of them is refused and reported; then
 * leaves nothing of them in the workspace file or its write-ahead log.
 */
gboolean
clt_consent_ledger_erase (CltConsentLedger  *self,
                          gint64             profile_id,
                          GError           **error)
{
  CltWorkspace *workspace;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), FALSE);

  workspace = _clt_consent_ledger_get_db_workspace (self);
  if (!_clt_workspace_begin (workspace, error))
    return FALSE;
  {
    g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, "SELECT 1 FROM profiles WHERE id = ?1", error);

    if (stmt == NULL)
      {
        _clt_workspace_rollback (workspace);
        return FALSE;
      }
    sqlite3_bind_int64 (stmt, 1, profile_id);
    if (sqlite3_step (stmt) != SQLITE_ROW)
      {
        g_set_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_NOT_FOUND,
                     _("There is no customer %lld"), (long long) profile_id);
        _clt_workspace_rollback (workspace);
        return FALSE;
      }
  }
  if (!_clt_consent_erase_in_transaction (self, profile_id, TRUE, "erase", error) ||
      !_clt_workspace_commit (workspace, error))
    {
      _clt_workspace_rollback (workspace);
      return FALSE;
    }

  return _clt_consent_scrub (self, error);
}
