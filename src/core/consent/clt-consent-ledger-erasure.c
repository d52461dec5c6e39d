/* clt-consent-ledger-erasure.c: erasure (Art. 17) and retention of CltConsentLedger
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
 * Retention rules make profiles or their old events due for deletion; a person approves the
 * list, and a purge runs the approved deletions (erasure-grade for profiles, without
 * suppression: the person did not ask for it).
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
 * @why: the audit action: "erase" or "retention-purge"
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
          "SELECT i.kind, i.value FROM source_records r JOIN record_identifiers i ON i.record_id = r.id "
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

/* After deletions: merges the search index (contentless, it keeps deleted words until its
 * segments are merged) and truncates the write-ahead log. */
static gboolean
scrub (CltConsentLedger  *self,
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

  return scrub (self, error);
}

/* ---- retention ---- */

/**
 * clt_consent_ledger_add_retention_rule:
 * @purpose: (nullable): the purpose the data is kept for (the register lists the rule
 *   under it)
 * @category: the whole profile, or its events
 * @months: how long after the profile's last activity (for events: after each event)
 *
 * Returns: the rule's id, or 0 with @error set
 */
gint64
clt_consent_ledger_add_retention_rule (CltConsentLedger      *self,
                                       const char            *purpose,
                                       CltRetentionCategory   category,
                                       guint                  months,
                                       GError               **error)
{
  CltWorkspace *workspace;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = _clt_consent_now ();
  g_autofree char *detail = NULL;
  const char *category_id = category == CLT_RETENTION_CATEGORY_PROFILE ? "profile" : "events";
  gint64 id;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), 0);
  g_return_val_if_fail (months > 0, 0);

  workspace = _clt_consent_ledger_get_db_workspace (self);
  if (!_clt_workspace_begin (workspace, error))
    return 0;
  if (!(stmt = _clt_workspace_prepare (workspace,
          "INSERT INTO retention_rules (purpose, category, months, created_at, actor) VALUES (?1, ?2, ?3, ?4, ?5)", error)))
    goto fail;
  sqlite3_bind_text (stmt, 1, purpose, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, category_id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, (int) months);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, clt_workspace_get_actor (workspace), -1, SQLITE_STATIC);
  if (!_clt_workspace_step_done (workspace, stmt, error))
    goto fail;
  id = sqlite3_last_insert_rowid (_clt_workspace_get_db (workspace));

  detail = g_strdup_printf ("{\"category\":\"%s\",\"months\":%u}", category_id, months);
  if (!clt_workspace_audit (workspace, NULL, "add-retention-rule", "retention_rule", id, detail, error) ||
      !_clt_workspace_commit (workspace, error))
    goto fail;

  return id;

fail:
  _clt_workspace_rollback (workspace);
  return 0;
}

/**
 * clt_consent_ledger_find_due:
 * @now: (nullable): the instant periods count back from; %NULL for now
 *
 * Adds what the retention rules make due to the list awaiting approval: profiles without
 * activity since the rule's period, and profiles with events older than it.
 *
 * Returns: how many entries were added, or -1 with @error set
 */
gint64
clt_consent_ledger_find_due (CltConsentLedger  *self,
                             GDateTime         *now,
                             GError           **error)
{
  CltWorkspace *workspace;
  g_autoptr(GDateTime) current = NULL;
  g_autoptr(sqlite3_stmt) rules = NULL;
  g_autoptr(GArray) rule_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) categories = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) months = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree char *found = NULL;
  gint64 added = 0;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), -1);

  workspace = _clt_consent_ledger_get_db_workspace (self);
  current = now ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  found = g_date_time_format (current, "%Y-%m-%dT%H:%M:%SZ");

  if (!_clt_workspace_begin (workspace, error))
    return -1;
  if (!(rules = _clt_workspace_prepare (workspace, "SELECT id, category, months FROM retention_rules ORDER BY id", error)))
    goto fail;
  while (sqlite3_step (rules) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (rules, 0);
      int n = sqlite3_column_int (rules, 2);

      g_array_append_val (rule_ids, id);
      g_ptr_array_add (categories, g_strdup ((const char *) sqlite3_column_text (rules, 1)));
      g_array_append_val (months, n);
    }

  for (guint i = 0; i < rule_ids->len; i++)
    {
      g_autoptr(GDateTime) cutoff_time = g_date_time_add_months (current, -g_array_index (months, int, i));
      g_autofree char *cutoff = g_date_time_format (cutoff_time, "%Y-%m-%dT%H:%M:%SZ");
      g_autoptr(sqlite3_stmt) stmt = NULL;
      gboolean profiles = g_str_equal (g_ptr_array_index (categories, i), "profile");

      /* A profile's last activity: its latest event, else when its records came. */
      if (!(stmt = _clt_workspace_prepare (workspace, profiles
              ? "INSERT OR IGNORE INTO retention_due (rule_id, profile_id, cutoff, found_at) "
                "SELECT ?1, f.profile_id, ?2, ?3 FROM profile_facts f "
                "WHERE CASE WHEN f.last_activity = char (1114111) THEN f.first_seen ELSE f.last_activity END < ?2"
              : "INSERT OR IGNORE INTO retention_due (rule_id, profile_id, cutoff, found_at) "
                "SELECT DISTINCT ?1, e.profile_id, ?2, ?3 FROM events e WHERE e.occurred_at < ?2 AND e.profile_id IS NOT NULL",
              error)))
        goto fail;
      sqlite3_bind_int64 (stmt, 1, g_array_index (rule_ids, gint64, i));
      sqlite3_bind_text (stmt, 2, cutoff, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, found, -1, SQLITE_STATIC);
      if (!_clt_workspace_step_done (workspace, stmt, error))
        goto fail;
      added += sqlite3_changes (_clt_workspace_get_db (workspace));
    }

  if (!_clt_workspace_commit (workspace, error))
    goto fail;

  return added;

fail:
  _clt_workspace_rollback (workspace);
  return -1;
}

/**
 * clt_consent_ledger_approve_due:
 *
 * Approves every deletion awaiting approval, under the workspace's actor.
 *
 * Returns: how many were approved, or -1 with @error set
 */
gint64
clt_consent_ledger_approve_due (CltConsentLedger  *self,
                                GError           **error)
{
  CltWorkspace *workspace;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = _clt_consent_now ();
  g_autofree char *detail = NULL;
  gint64 n;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), -1);

  workspace = _clt_consent_ledger_get_db_workspace (self);
  if (!_clt_workspace_begin (workspace, error))
    return -1;
  if (!(stmt = _clt_workspace_prepare (workspace,
          "UPDATE retention_due SET approved_at = ?1, approved_by = ?2 WHERE approved_at IS NULL", error)))
    goto fail;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, clt_workspace_get_actor (workspace), -1, SQLITE_STATIC);
  if (!_clt_workspace_step_done (workspace, stmt, error))
    goto fail;
  n = sqlite3_changes (_clt_workspace_get_db (workspace));

  detail = g_strdup_printf ("{\"approved\":%" G_GINT64_FORMAT "}", n);
  if (!clt_workspace_audit (workspace, NULL, "approve-retention", NULL, 0, detail, error) ||
      !_clt_workspace_commit (workspace, error))
    goto fail;

  return n;

fail:
  _clt_workspace_rollback (workspace);
  return -1;
}

/**
 * clt_consent_ledger_count_due:
 * @n_pending: (out) (optional): deletions awaiting approval
 * @n_approved: (out) (optional): approved deletions a purge will run
 */
gboolean
clt_consent_ledger_count_due (CltConsentLedger  *self,
                              gint64            *n_pending,
                              gint64            *n_approved,
                              GError           **error)
{
  CltWorkspace *workspace;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), FALSE);

  workspace = _clt_consent_ledger_get_db_workspace (self);
  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT count (*) FILTER (WHERE approved_at IS NULL), count (*) FILTER (WHERE approved_at IS NOT NULL) "
          "FROM retention_due", error)))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the retention list"));
      return FALSE;
    }
  if (n_pending)
    *n_pending = sqlite3_column_int64 (stmt, 0);
  if (n_approved)
    *n_approved = sqlite3_column_int64 (stmt, 1);

  return TRUE;
}

/**
 * clt_consent_ledger_purge:
 * @dry_run: count what would be deleted, and change nothing
 *
 * Runs the approved deletions in one transaction: profiles are erased (without suppression),
 * events older than their rule's cutoff deleted. Then leaves nothing of them in the file.
 *
 * Returns: how many deletions ran (or would run), or -1 with @error set
 */
gint64
clt_consent_ledger_purge (CltConsentLedger  *self,
                          gboolean           dry_run,
                          GError           **error)
{
  CltWorkspace *workspace;
  g_autoptr(sqlite3_stmt) due = NULL;
  g_autoptr(GArray) profiles = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) event_owners = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) cutoffs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *detail = NULL;
  gint64 n_events = 0;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), -1);

  workspace = _clt_consent_ledger_get_db_workspace (self);
  if (!_clt_workspace_begin (workspace, error))
    return -1;
  if (!(due = _clt_workspace_prepare (workspace,
          "SELECT d.profile_id, r.category, d.cutoff FROM retention_due d JOIN retention_rules r ON r.id = d.rule_id "
          "WHERE d.approved_at IS NOT NULL AND EXISTS (SELECT 1 FROM profiles p WHERE p.id = d.profile_id) "
          "ORDER BY r.category = 'profile' DESC, d.profile_id", error)))
    goto fail;
  while (sqlite3_step (due) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (due, 0);

      if (g_str_equal ((const char *) sqlite3_column_text (due, 1), "profile"))
        {
          if (profiles->len == 0 || g_array_index (profiles, gint64, profiles->len - 1) != id)
            g_array_append_val (profiles, id);
        }
      else
        {
          g_array_append_val (event_owners, id);
          g_ptr_array_add (cutoffs, g_strdup ((const char *) sqlite3_column_text (due, 2)));
        }
    }
  g_clear_pointer (&due, sqlite3_finalize);

  if (dry_run)
    {
      _clt_workspace_rollback (workspace);
      return profiles->len + event_owners->len;
    }

  for (guint i = 0; i < event_owners->len; i++)
    {
      g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace,
        "DELETE FROM events WHERE profile_id = ?1 AND occurred_at < ?2", error);

      if (stmt == NULL)
        goto fail;
      sqlite3_bind_int64 (stmt, 1, g_array_index (event_owners, gint64, i));
      sqlite3_bind_text (stmt, 2, g_ptr_array_index (cutoffs, i), -1, SQLITE_STATIC);
      if (!_clt_workspace_step_done (workspace, stmt, error))
        goto fail;
      n_events += sqlite3_changes (_clt_workspace_get_db (workspace));
    }
  for (guint i = 0; i < profiles->len; i++)
    if (!_clt_consent_erase_in_transaction (self, g_array_index (profiles, gint64, i), FALSE, "retention-erase", error))
      goto fail;

  detail = g_strdup_printf ("{\"profiles\":%u,\"events\":%" G_GINT64_FORMAT "}", profiles->len, n_events);
  if (!_clt_workspace_exec (workspace, "DELETE FROM retention_due WHERE approved_at IS NOT NULL", error) ||
      !clt_workspace_audit (workspace, NULL, "retention-purge", NULL, 0, detail, error) ||
      !_clt_workspace_commit (workspace, error))
    goto fail;

  if (!scrub (self, error))
    return -1;

  return profiles->len + event_owners->len;

fail:
  _clt_workspace_rollback (workspace);
  return -1;
}
