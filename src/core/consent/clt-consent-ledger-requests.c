/* clt-consent-ledger-requests.c: data subject requests and their deadlines
 *
 * A request (access, portability, rectification, erasure, restriction or objection: Art. 15
 * to 21 GDPR) comes in on a day and must be answered within a month of it (Art. 12(3)).
 * Months are counted as Regulation 1182/71 counts them (Art. 3(2)(c)): the period ends with
 * the day of the last month that has the date of the day of receipt, or with that month's
 * last day when it has no such date, so that a request of 31 January is due on 28 or
 * 29 February. The days are those of the local calendar, where the business answers.
 *
 * Where necessary the period is extended by up to two further months (three in all, counted
 * from receipt), with a reason, once the person has been told of it within the first month.
 * A request ends done, or refused with the reason the person is given (Art. 12(4)). Each
 * change is one transaction with an audit entry that holds no personal data; the reasons,
 * free text, stay in the request's note.
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

/* Art. 12(3): "by two further months" */
#define MAX_EXTENSION_MONTHS 2

static const char * const kinds[] = {
  "access", "portability", "rectification", "erasure", "restriction", "objection", NULL
};

void
clt_subject_request_free (CltSubjectRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->kind);
  g_free (request->status);
  g_free (request->name);
  g_free (request->received_at);
  g_free (request->due_at);
  g_free (request->completed_at);
  g_free (request->note);
  g_free (request->actor);
  g_free (request);
}

/* The day @time falls on in the local calendar, "YYYY-MM-DD". */
static char *
local_day (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local, "%Y-%m-%d");
}

/* The last day to answer a request received at @received on. */
static void
due_date (GDateTime *received,
          guint      extension_months,
          GDate     *date)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (received);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  /* GDate keeps the day of the month, or takes the month's last day when it has fewer. */
  g_date_add_months (date, 1 + extension_months);
}

/* The same, as "YYYY-MM-DD". */
static char *
due_day (GDateTime *received,
         guint      extension_months)
{
  GDate date;

  due_date (received, extension_months, &date);

  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date));
}

/**
 * clt_consent_request_due_date:
 * @received: when the request came in
 * @extension_months: the months it was extended by (0 to 2)
 *
 * Returns: (transfer full): the last day to answer it on, as local midnight: a month after
 *   the day of receipt (Art. 12(3)), so that a request of 31 January is due on the last day
 *   of February; with an extension, one or two months more
 */
GDateTime *
clt_consent_request_due_date (GDateTime *received,
                              guint      extension_months)
{
  GDate date;

  g_return_val_if_fail (received != NULL, NULL);
  g_return_val_if_fail (extension_months <= MAX_EXTENSION_MONTHS, NULL);

  due_date (received, extension_months, &date);

  return g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date), 0, 0, 0);
}

/* The day a "YYYY-MM-DD…" text names (requests recorded before due days were kept as dates
 * have a time after it). */
static gboolean
parse_day (const char *text,
           GDate      *date)
{
  guint64 year, month, day;
  char digits[5] = { 0 };

  g_date_clear (date, 1);
  if (text == NULL || strlen (text) < 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  memcpy (digits, text, 4);
  if (!g_ascii_string_to_unsigned (digits, 10, 1, 9999, &year, NULL))
    return FALSE;
  memcpy (digits, text + 5, 2);
  digits[2] = '\0';
  if (!g_ascii_string_to_unsigned (digits, 10, 1, 12, &month, NULL))
    return FALSE;
  memcpy (digits, text + 8, 2);
  if (!g_ascii_string_to_unsigned (digits, 10, 1, 31, &day, NULL) || !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_set_dmy (date, day, month, year);

  return TRUE;
}

/**
 * clt_subject_request_get_days_left:
 * @now: (nullable): the instant to count from; %NULL for now
 *
 * Returns: the days from today until the request's last day to answer on: 0 on that day,
 *   negative once it has passed
 */
int
clt_subject_request_get_days_left (const CltSubjectRequest *request,
                                   GDateTime               *now)
{
  g_autoptr(GDateTime) current = now ? g_date_time_to_local (now) : g_date_time_new_now_local ();
  GDate due, today;

  g_return_val_if_fail (request != NULL, 0);

  if (!parse_day (request->due_at, &due))
    return 0;
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (current), g_date_time_get_month (current),
                  g_date_time_get_year (current));

  return g_date_days_between (&today, &due);
}

/**
 * clt_subject_request_is_overdue:
 * @now: (nullable): the instant to judge by; %NULL for now
 *
 * Returns: whether @request is open and its last day to answer on has passed
 */
gboolean
clt_subject_request_is_overdue (const CltSubjectRequest *request,
                                GDateTime               *now)
{
  g_return_val_if_fail (request != NULL, FALSE);

  return g_strcmp0 (request->status, "open") == 0 && clt_subject_request_get_days_left (request, now) < 0;
}

/**
 * clt_subject_request_can_extend:
 * @now: (nullable): the instant to judge by; %NULL for now
 *
 * Returns: whether @request is open, may be extended further, and the person can still be
 *   told of it in time: by the end of the first month
 */
gboolean
clt_subject_request_can_extend (const CltSubjectRequest *request,
                                GDateTime               *now)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) current = now ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  g_autoptr(GDateTime) received = NULL;
  g_autofree char *first_due = NULL;
  g_autofree char *today = NULL;

  g_return_val_if_fail (request != NULL, FALSE);

  if (g_strcmp0 (request->status, "open") != 0 || request->extension_months >= MAX_EXTENSION_MONTHS ||
      request->received_at == NULL || !(received = g_date_time_new_from_iso8601 (request->received_at, utc)))
    return FALSE;
  first_due = due_day (received, 0);
  today = local_day (current);

  return strcmp (today, first_due) <= 0;
}

static gboolean
fail_rollback (CltWorkspace *workspace)
{
  _clt_workspace_rollback (workspace);
  return FALSE;
}

static gboolean
profile_exists (CltWorkspace  *workspace,
                gint64         profile_id,
                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, "SELECT 1 FROM profiles WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, profile_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return TRUE;

  g_set_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_NOT_FOUND, _("There is no customer %lld"),
               (long long) profile_id);
  return FALSE;
}

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_INVALID, message);
  return FALSE;
}

/**
 * clt_consent_ledger_open_request:
 * @kind: "access", "portability", "rectification", "erasure", "restriction" or "objection"
 * @profile_id: the person, or 0 while not identified
 * @received: (nullable): when it came in; %NULL for now
 *
 * Records a request that came in, due a month after the day it came in.
 *
 * Returns: the request's id, or 0 with @error set
 */
gint64
clt_consent_ledger_open_request (CltConsentLedger  *self,
                                 const char        *kind,
                                 gint64             profile_id,
                                 GDateTime         *received,
                                 GError           **error)
{
  CltWorkspace *workspace = _clt_consent_ledger_get_db_workspace (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) received_utc = NULL;
  g_autofree char *received_text = NULL;
  g_autofree char *received_day = NULL;
  g_autofree char *today = NULL;
  g_autofree char *due = NULL;
  g_autofree char *detail = NULL;
  gint64 id;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), 0);

  if (kind == NULL || !g_strv_contains (kinds, kind))
    {
      g_set_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_INVALID, _("Unknown kind of request “%s”"),
                   kind ? kind : "");
      return 0;
    }

  received = received ? received : now;
  received_day = local_day (received);
  today = local_day (now);
  if (strcmp (received_day, today) > 0)
    return invalid (error, _("A request cannot have come in after today"));
  received_utc = g_date_time_to_utc (received);
  received_text = g_date_time_format (received_utc, "%Y-%m-%dT%H:%M:%SZ");
  due = due_day (received, 0);

  if (!_clt_workspace_begin (workspace, error))
    return 0;
  if (profile_id != 0 && !profile_exists (workspace, profile_id, error))
    return fail_rollback (workspace);
  if (!(stmt = _clt_workspace_prepare (workspace,
          "INSERT INTO subject_requests (kind, profile_id, received_at, due_at, actor) "
          "VALUES (?1, nullif (?2, 0), ?3, ?4, ?5)", error)))
    return fail_rollback (workspace);
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, profile_id);
  sqlite3_bind_text (stmt, 3, received_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, due, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, clt_workspace_get_actor (workspace), -1, SQLITE_STATIC);
  if (!_clt_workspace_step_done (workspace, stmt, error))
    return fail_rollback (workspace);
  id = sqlite3_last_insert_rowid (_clt_workspace_get_db (workspace));

  detail = g_strdup_printf ("{\"kind\":\"%s\",\"due\":\"%s\"}", kind, due);
  if (!clt_workspace_audit (workspace, NULL, "open-request", "subject_request", id, detail, error) ||
      !_clt_workspace_commit (workspace, error))
    return fail_rollback (workspace);

  return id;
}

/* How many months the due day of a request received at @received_at lies beyond the first. */
static guint
extension_months (const char *received_at,
                  const char *due_at)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) received = received_at ? g_date_time_new_from_iso8601 (received_at, utc) : NULL;

  if (received == NULL || due_at == NULL)
    return 0;
  for (guint months = MAX_EXTENSION_MONTHS; months > 0; months--)
    {
      g_autofree char *day = due_day (received, months);

      if (g_str_equal (day, due_at))
        return months;
    }

  return 0;
}

static CltSubjectRequest *
read_request (sqlite3_stmt *stmt)
{
  CltSubjectRequest *request = g_new0 (CltSubjectRequest, 1);

  request->id = sqlite3_column_int64 (stmt, 0);
  request->kind = g_strdup (COL (1));
  request->status = g_strdup (COL (2));
  request->profile_id = sqlite3_column_int64 (stmt, 3);
  request->name = g_strdup (COL (4));
  request->received_at = g_strdup (COL (5));
  request->due_at = g_strdup (COL (6));
  request->completed_at = g_strdup (COL (7));
  request->note = g_strdup (COL (8));
  request->actor = g_strdup (COL (9));
  request->extension_months = extension_months (request->received_at, request->due_at);

  return request;
}

#define REQUEST_COLUMNS \
  "r.id, r.kind, r.status, coalesce (p.id, 0), " \
  "coalesce (p.display_name, nullif (trim (coalesce (p.first_name, '') || ' ' || coalesce (p.last_name, '')), ''), " \
  "  p.email), r.received_at, r.due_at, r.completed_at, r.note, r.actor"

/**
 * clt_consent_ledger_list_requests:
 * @profile_id: only this customer's requests; 0 for everyone's
 * @open_only: only the requests not answered yet
 *
 * Returns: (transfer full) (element-type CltSubjectRequest): the requests, the open ones first,
 *   each by the day it is due, or %NULL with @error set
 */
GPtrArray *
clt_consent_ledger_list_requests (CltConsentLedger  *self,
                                  gint64             profile_id,
                                  gboolean           open_only,
                                  GError           **error)
{
  CltWorkspace *workspace;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_subject_request_free);
  int rc;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), NULL);

  workspace = _clt_consent_ledger_get_db_workspace (self);
  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT " REQUEST_COLUMNS " FROM subject_requests r LEFT JOIN profiles p ON p.id = r.profile_id "
          "WHERE (?1 = 0 OR r.profile_id = ?1) AND (?2 = 0 OR r.status = 'open') "
          "ORDER BY r.status <> 'open', substr (r.due_at, 1, 10), r.id", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, profile_id);
  sqlite3_bind_int (stmt, 2, open_only != FALSE);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (requests, read_request (stmt));
  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the requests"));
      return NULL;
    }

  return g_steal_pointer (&requests);
}

/* The open request @request_id, read inside the caller's transaction. */
static CltSubjectRequest *
dup_open_request (CltWorkspace  *workspace,
                  gint64         request_id,
                  GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT " REQUEST_COLUMNS " FROM subject_requests r LEFT JOIN profiles p ON p.id = r.profile_id "
          "WHERE r.id = ?1 AND r.status = 'open'", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, request_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_NOT_FOUND,
                   _("There is no open request %lld"), (long long) request_id);
      return NULL;
    }

  return read_request (stmt);
}

/* The request's note with @reason as a line of its own after what it held. */
static char *
note_with (const char *note,
           const char *reason)
{
  if (note == NULL || note[0] == '\0')
    return g_strdup (reason);

  return g_strconcat (note, "\n", reason, NULL);
}

/* Closes an open request as done or refused, with the reason for a refusal. */
static gboolean
close_request (CltConsentLedger  *self,
               gint64             request_id,
               const char        *refusal,
               GError           **error)
{
  CltWorkspace *workspace = _clt_consent_ledger_get_db_workspace (self);
  g_autoptr(CltSubjectRequest) request = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = _clt_consent_now ();
  g_autofree char *note = NULL;
  g_autofree char *detail = NULL;

  if (!_clt_workspace_begin (workspace, error))
    return FALSE;
  if (!(request = dup_open_request (workspace, request_id, error)))
    return fail_rollback (workspace);
  note = refusal ? note_with (request->note, refusal) : g_strdup (request->note);
  if (!(stmt = _clt_workspace_prepare (workspace,
          "UPDATE subject_requests SET status = ?2, completed_at = ?3, note = ?4 WHERE id = ?1", error)))
    return fail_rollback (workspace);
  sqlite3_bind_int64 (stmt, 1, request_id);
  sqlite3_bind_text (stmt, 2, refusal ? "refused" : "done", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, note ? note : "", -1, SQLITE_STATIC);

  /* The kind only: the reason is the person's business, and may name them. */
  detail = g_strdup_printf ("{\"kind\":\"%s\"}", request->kind);
  if (!_clt_workspace_step_done (workspace, stmt, error) ||
      !clt_workspace_audit (workspace, NULL, refusal ? "refuse-request" : "complete-request", "subject_request",
                            request_id, detail, error) ||
      !_clt_workspace_commit (workspace, error))
    return fail_rollback (workspace);

  return TRUE;
}

/**
 * clt_consent_ledger_complete_request:
 *
 * Marks an open request done: the person got what they asked for.
 */
gboolean
clt_consent_ledger_complete_request (CltConsentLedger  *self,
                                     gint64             request_id,
                                     GError           **error)
{
  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), FALSE);

  return close_request (self, request_id, NULL, error);
}

/**
 * clt_consent_ledger_refuse_request:
 * @reason: why, as the person is told (Art. 12(4)); required
 *
 * Marks an open request refused, for instance as manifestly unfounded or excessive
 * (Art. 12(5)) or because an exception applies (Art. 17(3)).
 */
gboolean
clt_consent_ledger_refuse_request (CltConsentLedger  *self,
                                   gint64             request_id,
                                   const char        *reason,
                                   GError           **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (reason ? reason : ""));

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), FALSE);

  if (stripped[0] == '\0')
    return invalid (error, _("A refusal needs the reason the person is given"));

  return close_request (self, request_id, stripped, error);
}

/**
 * clt_consent_ledger_extend_request:
 * @months: the months beyond the first the request is due in: 1 or 2
 * @reason: why the extension is necessary; required
 * @notified: when the person was told of the extension and its reason
 *
 * Extends the period to answer an open request (Art. 12(3)): possible only while the person
 * was told within the first month, and to no more than two further months in all. The time
 * the person was told goes into the audit entry.
 */
gboolean
clt_consent_ledger_extend_request (CltConsentLedger  *self,
                                   gint64             request_id,
                                   guint              months,
                                   const char        *reason,
                                   GDateTime         *notified,
                                   GError           **error)
{
  CltWorkspace *workspace;
  g_autoptr(CltSubjectRequest) request = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) received = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) notified_utc = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (reason ? reason : ""));
  g_autofree char *notified_day = NULL;
  g_autofree char *notified_text = NULL;
  g_autofree char *first_due = NULL;
  g_autofree char *due = NULL;
  g_autofree char *note = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), FALSE);

  if (months < 1 || months > MAX_EXTENSION_MONTHS)
    return invalid (error, _("A request can be extended by one or two months"));
  if (stripped[0] == '\0')
    return invalid (error, _("An extension needs a reason"));
  if (notified == NULL)
    return invalid (error, _("An extension needs the time the person was told of it"));
  if (g_date_time_compare (notified, now) > 0)
    return invalid (error, _("The person cannot have been told of the extension later than now"));

  workspace = _clt_consent_ledger_get_db_workspace (self);
  if (!_clt_workspace_begin (workspace, error))
    return FALSE;
  if (!(request = dup_open_request (workspace, request_id, error)))
    return fail_rollback (workspace);
  if (!(received = g_date_time_new_from_iso8601 (request->received_at, utc)))
    {
      g_set_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_INVALID,
                   _("Request %lld has no valid time of receipt"), (long long) request_id);
      return fail_rollback (workspace);
    }

  /* Told within the month after receipt (and not before the request came in). */
  first_due = due_day (received, 0);
  notified_day = local_day (notified);
  if (strcmp (notified_day, first_due) > 0 || g_date_time_compare (notified, received) < 0)
    {
      fail_rollback (workspace);
      return invalid (error, _("An extension must be told to the person within a month of the request"));
    }
  if (months <= request->extension_months)
    {
      fail_rollback (workspace);
      return invalid (error, _("The request is already extended that far"));
    }

  due = due_day (received, months);
  note = note_with (request->note, stripped);
  notified_utc = g_date_time_to_utc (notified);
  notified_text = g_date_time_format (notified_utc, "%Y-%m-%dT%H:%M:%SZ");
  if (!(stmt = _clt_workspace_prepare (workspace, "UPDATE subject_requests SET due_at = ?2, note = ?3 WHERE id = ?1",
                                       error)))
    return fail_rollback (workspace);
  sqlite3_bind_int64 (stmt, 1, request_id);
  sqlite3_bind_text (stmt, 2, due, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, note, -1, SQLITE_STATIC);

  /* No reason here: free text may name the person. */
  detail = g_strdup_printf ("{\"kind\":\"%s\",\"months\":%u,\"due\":\"%s\",\"notified\":\"%s\"}", request->kind,
                            months, due, notified_text);
  if (!_clt_workspace_step_done (workspace, stmt, error) ||
      !clt_workspace_audit (workspace, NULL, "extend-request", "subject_request", request_id, detail, error) ||
      !_clt_workspace_commit (workspace, error))
    return fail_rollback (workspace);

  return TRUE;
}

/**
 * clt_consent_ledger_count_requests:
 * @now: (nullable): the instant overdue counts from; %NULL for now
 * @n_open: (out) (optional): open requests
 * @n_overdue: (out) (optional): open requests whose last day to answer on has passed
 */
gboolean
clt_consent_ledger_count_requests (CltConsentLedger  *self,
                                   GDateTime         *now,
                                   gint64            *n_open,
                                   gint64            *n_overdue,
                                   GError           **error)
{
  CltWorkspace *workspace;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) current = now ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  g_autofree char *today = local_day (current);

  g_return_val_if_fail (CLT_IS_CONSENT_LEDGER (self), FALSE);

  workspace = _clt_consent_ledger_get_db_workspace (self);
  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT count (*), count (*) FILTER (WHERE substr (due_at, 1, 10) < ?1) FROM subject_requests "
          "WHERE status = 'open'", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, today, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the requests"));
      return FALSE;
    }
  if (n_open)
    *n_open = sqlite3_column_int64 (stmt, 0);
  if (n_overdue)
    *n_overdue = sqlite3_column_int64 (stmt, 1);

  return TRUE;
}
