/* clt-consent-ledger-governance.c: what the DPO panel and a customer's consent tab read
 *
 * Consents given and withdrawn per month, the exports made, and a profile's restrictions and
 * objections. None of it holds personal data but the restrictions' reasons, which name none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-consent-ledger"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "clt-consent-private.h"
#include "clt-workspace-private.h"

#define COL(i) ((const char *) sqlite3_column_text (stmt, (i)))

void
clt_export_summary_free (CltExportSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->created_at);
  g_free (summary->purpose);
  g_free (summary->purpose_label);
  g_free (summary->segment);
  g_free (summary->format);
  g_free (summary->file_name);
  g_free (summary->actor);
  g_free (summary);
}

void
clt_restriction_free (CltRestriction *restriction)
{
  if (restriction == NULL)
    return;
  g_free (restriction->purpose);
  g_free (restriction->reason);
  g_free (restriction->created_at);
  g_free (restriction->actor);
  g_free (restriction->lifted_at);
  g_free (restriction);
}

/* "2025-03" → 2025, 3; FALSE for anything else. */
static gboolean
parse_month (const char *text,
             int        *year,
             int        *month)
{
  guint64 y, m;
  char digits[5];

  if (text == NULL || strlen (text) != 7 || text[4] != '-')
    return FALSE;
  memcpy (digits, text, 4);
  digits[4] = '\0';
  if (!g_ascii_string_to_unsigned (digits, 10, 1, 9999, &y, NULL) ||
      !g_ascii_string_to_unsigned (text + 5, 10, 1, 12, &m, NULL))
    return FALSE;
  *year = (int) y;
  *month = (int) m;

  return TRUE;
}

/**
 * clt_consent_ledger_count_by_month:
 * @purpose: (nullable): only this purpose's events; %NULL for all
 *
 * Counts the consents given and the consents withdrawn (or revoked) in each month, by event
 * time, from the first month with either to the last. Months in between without any are
 * there with zeros, so that the series can be drawn as it is.
 *
 * Returns: (transfer full) (element-type CltConsentMonth): the months, oldest first (empty
 *   when the ledger holds neither), or %NULL with @error set
 */
GArray *
clt_consent_ledger_count_by_month (CltConsentLedger  *self,
                                   const char        *purpose,
                                   GError           **error)
{
  CltWorkspace *workspace;
  g_autoptr(GArray) months = g_array_new (FALSE, TRUE, sizeof (CltConsentMonth));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), NULL);

  workspace = _clt_consent_ledger_get_db_workspace (self);
  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT substr (event_time, 1, 7) AS month, "
          "  count (*) FILTER (WHERE action = 'given'), "
          "  count (*) FILTER (WHERE action IN ('withdrawn', 'revoked')) "
          "FROM consent_events "
          "WHERE action IN ('given', 'withdrawn', 'revoked') AND (?1 IS NULL OR purpose = ?1) "
          "GROUP BY month ORDER BY month", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, purpose, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CltConsentMonth entry = { { 0 }, 0, 0 };
      int year, month;

      /* Event times come from imports: anything not a date is left out. */
      if (!parse_month (COL (0), &year, &month))
        continue;

      /* The months in between, with nothing in them. */
      if (months->len > 0)
        {
          const CltConsentMonth *last = &g_array_index (months, CltConsentMonth, months->len - 1);
          int last_year, last_month;

          parse_month (last->month, &last_year, &last_month);
          for (;;)
            {
              CltConsentMonth gap = { { 0 }, 0, 0 };

              if (++last_month > 12)
                last_month = 1, last_year++;
              if (last_year > year || (last_year == year && last_month >= month))
                break;
              g_snprintf (gap.month, sizeof gap.month, "%04d-%02d", last_year, last_month);
              g_array_append_val (months, gap);
            }
        }

      g_snprintf (entry.month, sizeof entry.month, "%04d-%02d", year, month);
      entry.given = sqlite3_column_int64 (stmt, 1);
      entry.withdrawn = sqlite3_column_int64 (stmt, 2);
      g_array_append_val (months, entry);
    }
  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the consent ledger"));
      return NULL;
    }

  return g_steal_pointer (&months);
}

/**
 * clt_consent_ledger_list_exports:
 * @limit: at most this many, the newest
 *
 * Returns: (transfer full) (element-type CltExportSummary): the exports, newest first, or
 *   %NULL with @error set
 */
GPtrArray *
clt_consent_ledger_list_exports (CltConsentLedger  *self,
                                 guint              limit,
                                 GError           **error)
{
  CltWorkspace *workspace;
  g_autoptr(GPtrArray) exports = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_export_summary_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), NULL);

  workspace = _clt_consent_ledger_get_db_workspace (self);
  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT x.id, x.created_at, x.purpose, coalesce (p.label, x.purpose), s.name, x.format, x.file_name, "
          "  x.row_count, x.excluded_count, x.actor "
          "FROM exports x LEFT JOIN purposes p ON p.key = x.purpose LEFT JOIN segments s ON s.id = x.segment_id "
          "ORDER BY x.id DESC LIMIT ?1", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CltExportSummary *summary = g_new0 (CltExportSummary, 1);

      summary->id = sqlite3_column_int64 (stmt, 0);
      summary->created_at = g_strdup (COL (1));
      summary->purpose = g_strdup (COL (2));
      summary->purpose_label = g_strdup (COL (3));
      summary->segment = g_strdup (COL (4));
      summary->format = g_strdup (COL (5));
      summary->file_name = g_strdup (COL (6));
      summary->row_count = sqlite3_column_int64 (stmt, 7);
      summary->excluded = sqlite3_column_int64 (stmt, 8);
      summary->actor = g_strdup (COL (9));
      g_ptr_array_add (exports, summary);
    }
  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the exports"));
      return NULL;
    }

  return g_steal_pointer (&exports);
}

static GPtrArray *
list_restrictions (CltConsentLedger  *self,
                   gint64             profile_id,
                   const char        *at,
                   GError           **error)
{
  CltWorkspace *workspace;
  g_autoptr(GPtrArray) restrictions = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_restriction_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  workspace = _clt_consent_ledger_get_db_workspace (self);
  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT DISTINCT x.id, x.kind, x.purpose, x.reason, x.created_at, x.actor, x.lifted_at FROM restrictions x "
          "JOIN restriction_records rr ON rr.restriction_id = x.id JOIN source_records r ON r.id = rr.record_id "
          "WHERE r.profile_id = ?1 AND (?2 IS NULL OR (x.created_at <= ?2 AND (x.lifted_at IS NULL OR x.lifted_at > ?2))) "
          "ORDER BY x.id", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, profile_id);
  sqlite3_bind_text (stmt, 2, at, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CltRestriction *restriction = g_new0 (CltRestriction, 1);

      restriction->id = sqlite3_column_int64 (stmt, 0);
      restriction->kind = g_strcmp0 (COL (1), "objection") == 0 ? CLT_RESTRICTION_KIND_OBJECTION
                                                                : CLT_RESTRICTION_KIND_RESTRICTION;
      restriction->purpose = g_strdup (COL (2));
      restriction->reason = g_strdup (COL (3));
      restriction->created_at = g_strdup (COL (4));
      restriction->actor = g_strdup (COL (5));
      restriction->lifted_at = g_strdup (COL (6));
      g_ptr_array_add (restrictions, restriction);
    }
  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the restrictions"));
      return NULL;
    }

  return g_steal_pointer (&restrictions);
}

/**
 * clt_consent_ledger_list_restrictions:
 *
 * The restrictions and objections that hold or held on the profile's records, active and
 * lifted.
 *
 * Returns: (transfer full) (element-type CltRestriction): oldest first, or %NULL with @error set
 */
GPtrArray *
clt_consent_ledger_list_restrictions (CltConsentLedger  *self,
                                      gint64             profile_id,
                                      GError           **error)
{
  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), NULL);

  return list_restrictions (self, profile_id, NULL, error);
}

/**
 * clt_consent_ledger_list_restrictions_at:
 * @at: the instant asked about
 *
 * The restrictions and objections that held on the profile's records at @at (made by then,
 * not lifted by then).
 *
 * Returns: (transfer full) (element-type CltRestriction): oldest first, or %NULL with @error set
 */
GPtrArray *
clt_consent_ledger_list_restrictions_at (CltConsentLedger  *self,
                                         gint64             profile_id,
                                         GDateTime         *at,
                                         GError           **error)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *at_text = NULL;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), NULL);
  g_return_val_if_fail (at != NULL, NULL);

  utc = g_date_time_to_utc (at);
  at_text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");

  return list_restrictions (self, profile_id, at_text, error);
}
