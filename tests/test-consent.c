/* test-consent.c: consent, subject rights and governance (T-xx: the cases of the governance
 * requirements, §8)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "clt-core.h"
#include "clt-test-utils.h"
#include "clt-consent-private.h"
#include "clt-workspace-private.h"

typedef struct
{
  char             *dir;
  char             *path;
  CltWorkspace     *workspace;
  CltConsentLedger *ledger;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = clt_test_make_tmp_dir ("test-consent");
  fx->path = g_build_filename (fx->dir, "workspace.sqlite3", NULL);
  fx->workspace = clt_workspace_open (fx->path, &error);
  g_assert_no_error (error);
  clt_workspace_set_actor (fx->workspace, "Dana DPO");
  fx->ledger = clt_consent_ledger_new (fx->workspace);
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

/* The consent of every profile, as one text. */
static char *
dup_profile_consent (CltWorkspace *workspace)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace,
    "SELECT group_concat (concat_ws ('|', profile_id, purpose, channel, identifier_kind, identifier, event_id, action, "
    "event_time, proof, regrant, bounced, suppressed, basis, assertion_id, last_used_at), ';') "
    "FROM (SELECT * FROM profile_consent ORDER BY profile_id, purpose, channel)", NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* Whatever a test left, working out every profile's consent anew, both ways, gives what the
 * writes kept. */
static void
assert_consent_rebuilds (CltWorkspace *workspace)
{
  g_autofree char *kept = dup_profile_consent (workspace);

  for (int holders_only = 0; holders_only <= 1; holders_only++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *rebuilt = NULL;

      g_assert_true (_clt_workspace_begin (workspace, &error));
      g_assert_true (_clt_consent_rebuild (workspace, holders_only, &error));
      g_assert_no_error (error);
      rebuilt = dup_profile_consent (workspace);
      _clt_workspace_rollback (workspace);
      g_assert_cmpstr (rebuilt, ==, kept);
    }
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  assert_consent_rebuilds (fx->workspace);
  assert_finalized_soon (fx->ledger);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  assert_finalized_soon (fx->workspace);
  g_free (fx->path);
  g_free (fx->dir);
}

/* ---- helpers ---- */

static CltImporter *
import_file (Fixture    *fx,
             const char *name,
             const char *source)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "consent", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CltImporter) importer = clt_importer_new (fx->path, file);
  g_autoptr(GError) error = NULL;

  clt_importer_set_source_name (importer, source);
  clt_importer_set_actor (importer, "Dana DPO");
  clt_importer_run (importer, FALSE, NULL, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&importer);
}

static void
import_ok (Fixture    *fx,
           const char *name,
           const char *source)
{
  g_autoptr(CltImporter) importer = import_file (fx, name, source);

  g_assert_cmpuint (clt_importer_get_rows_rejected (importer), ==, 0);
}

static gint64
profile_of (Fixture    *fx,
            const char *email)
{
  g_autoptr(GError) error = NULL;
  gint64 id = clt_consent_ledger_find_profile (fx->ledger, email, &error);

  g_assert_no_error (error);

  return id;
}

/* The state of an address for e-mail marketing: the status object, or NULL when none. */
static CltConsentStatus *
status_of (Fixture    *fx,
           const char *email,
           const char *purpose)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) states = clt_consent_ledger_list_identifier_states (fx->ledger, "email", email, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (states); i++)
    {
      g_autoptr(CltConsentStatus) status = g_list_model_get_item (states, i);

      if (g_str_equal (clt_consent_status_get_purpose (status), purpose))
        return g_steal_pointer (&status);
    }

  return NULL;
}

static const char *
action_of (Fixture    *fx,
           const char *email)
{
  g_autoptr(CltConsentStatus) status = status_of (fx, email, "email_marketing");
  static char action[32];

  g_strlcpy (action, status ? clt_consent_status_get_action (status) : "unknown", sizeof action);

  return action;
}

static CltEligibility *
check (Fixture    *fx,
       const char *purpose,
       gint64      profile_id)
{
  g_autoptr(GError) error = NULL;
  CltEligibility *result = clt_consent_ledger_check (fx->ledger, purpose, profile_id ? &profile_id : NULL,
                                                     profile_id ? 1 : 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  /* T-43: the counts always reconcile. */
  g_assert_cmpint (clt_eligibility_get_n_eligible (result) + clt_eligibility_get_n_excluded_total (result), ==,
                   clt_eligibility_get_n_candidates (result));

  return result;
}

/* Whether the one profile may be used; else why not. */
static void
assert_excluded (Fixture      *fx,
                 const char   *purpose,
                 gint64        profile_id,
                 CltExclusion  reason)
{
  g_autoptr(CltEligibility) result = check (fx, purpose, profile_id);

  g_assert_cmpint (clt_eligibility_get_n_eligible (result), ==, 0);
  g_assert_cmpint (clt_eligibility_get_n_excluded (result, reason), ==, 1);
}

static void
assert_eligible (Fixture    *fx,
                 const char *purpose,
                 gint64      profile_id,
                 const char *identifier,
                 const char *basis)
{
  g_autoptr(CltEligibility) result = check (fx, purpose, profile_id);
  const char *used = NULL;
  const char *used_basis = NULL;

  g_assert_cmpint (clt_eligibility_get_n_eligible (result), ==, 1);
  g_assert_true (clt_eligibility_contains (result, profile_id, &used, &used_basis));
  g_assert_cmpstr (used, ==, identifier);
  g_assert_cmpstr (used_basis, ==, basis);
}

static gint64
record (Fixture    *fx,
        const char *email,
        const char *purpose,
        const char *channel,
        const char *action,
        const char *at,
        const char *method)
{
  g_autoptr(GError) error = NULL;
  gint64 id = clt_consent_ledger_record (fx->ledger, "email", email, purpose, channel, action, at, method, NULL, NULL,
                                         &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static void
exec_sql (Fixture    *fx,
          const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (_clt_workspace_begin (fx->workspace, &error));
  g_assert_true (_clt_workspace_exec (fx->workspace, sql, &error));
  g_assert_true (_clt_workspace_commit (fx->workspace, &error));
  g_assert_no_error (error);
}

static gint64
query_int (Fixture    *fx,
           const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (fx->workspace, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

/* Whether @needle's bytes are anywhere in the file at @path. */
static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;

  return memmem (contents, length, needle, strlen (needle)) != NULL;
}


/* The file the workspace's erasures are kept in, beside it. */
static char *
erasure_ledger_path (CltWorkspace *workspace)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = _clt_suppression_dup_workspace_id (workspace, &error);
  g_autofree char *name = g_strconcat (id, ".txt", NULL);

  g_assert_no_error (error);

  return g_build_filename (g_get_user_data_dir (), "clientele", "erasures", name, NULL);
}

/* An instant @months before now, as the ledger writes it. */
static char *
months_ago (int months)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_months (now, -months);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

static void
add_event (Fixture    *fx,
           gint64      profile_id,
           const char *kind,
           const char *at)
{
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (fx->workspace,
    "INSERT INTO events (profile_id, kind, occurred_at) VALUES (?1, ?2, ?3)", NULL);

  g_assert_true (_clt_workspace_begin (fx->workspace, NULL));
  sqlite3_bind_int64 (stmt, 1, profile_id);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, at, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_assert_true (_clt_workspace_commit (fx->workspace, NULL));
}

/* Changes a purpose's data categories and retention months, as the DPO would. */
static void
set_purpose (Fixture    *fx,
             const char *key,
             const char *categories,
             guint       months)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltPurpose) purpose = clt_consent_ledger_dup_purpose (fx->ledger, key, &error);

  g_assert_no_error (error);
  clt_purpose_set_data_categories (purpose, categories);
  clt_purpose_set_retention_months (purpose, months);
  g_assert_true (clt_consent_ledger_save_purpose (fx->ledger, purpose, &error));
  g_assert_no_error (error);
}

static GPtrArray *
preview_due (Fixture *fx)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *due = clt_consent_ledger_preview_due (fx->ledger, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (due);

  return due;
}

static const CltRetentionDue *
entry_of (GPtrArray  *due,
          gint64      profile_id,
          const char *category)
{
  for (guint i = 0; i < due->len; i++)
    {
      const CltRetentionDue *entry = g_ptr_array_index (due, i);

      if (entry->profile_id == profile_id && g_str_equal (entry->category, category))
        return entry;
    }

  return NULL;
}

static void
assert_due (GPtrArray          *due,
            gint64              profile_id,
            const char         *category,
            const char         *purpose,
            CltRetentionReason  reason,
            const char         *since)
{
  const CltRetentionDue *entry = entry_of (due, profile_id, category);

  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->purpose, ==, purpose);
  g_assert_cmpint (entry->reason, ==, reason);
  if (since != NULL)
    g_assert_cmpstr (entry->since, ==, since);
}

/* ---- conflicting and out-of-order consent ---- */

/* T-01: two sources disagree; the later event (a withdrawal) wins, both are in the history. */
static void
test_conflicting_sources (Fixture       *fx,
                          gconstpointer  data)
{
  g_autoptr(GListModel) history = NULL;
  g_autoptr(GError) error = NULL;
  gint64 anna;

  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  g_assert_cmpstr (action_of (fx, "anna.quist@example.com"), ==, "given");
  import_ok (fx, "newsletter-unsubscribed.csv", "Newsletter-Abmeldungen");
  g_assert_cmpstr (action_of (fx, "anna.quist@example.com"), ==, "withdrawn");

  anna = profile_of (fx, "anna.quist@example.com");
  g_assert_cmpint (anna, >, 0);
  assert_excluded (fx, "email_marketing", anna, CLT_EXCLUSION_WITHDRAWN);

  history = clt_consent_ledger_list_history (fx->ledger, anna, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (history), >=, 2);
  {
    g_autoptr(CltConsentEvent) newest = g_list_model_get_item (history, 0);

    g_assert_cmpstr (clt_consent_event_get_action (newest), ==, "withdrawn");
    g_assert_nonnull (strstr (clt_consent_event_get_source (newest), "newsletter-unsubscribed.csv"));
  }
}

/* T-02, T-03: the order of imports does not matter. A withdrawal newer than a grant imported
 * later keeps the address withdrawn (Carl); a withdrawal older than a grant, imported later,
 * does not undo the grant (Dora). */
static void
test_import_order (Fixture       *fx,
                   gconstpointer  data)
{
  import_ok (fx, "newsletter-unsubscribed.csv", "Abmeldungen");
  g_assert_cmpstr (action_of (fx, "carl.berger@example.org"), ==, "withdrawn");
  g_assert_cmpstr (action_of (fx, "dora.lind@example.net"), ==, "withdrawn");

  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  /* Carl's grant (1 Feb) is older than his withdrawal (1 June), though imported later. */
  g_assert_cmpstr (action_of (fx, "carl.berger@example.org"), ==, "withdrawn");
  assert_excluded (fx, "email_marketing", profile_of (fx, "carl.berger@example.org"), CLT_EXCLUSION_WITHDRAWN);
  /* Dora's withdrawal (5 Jan 2023) is older than her confirmed grant (1 Feb 2024). */
  g_assert_cmpstr (action_of (fx, "dora.lind@example.net"), ==, "given");
  assert_eligible (fx, "email_marketing", profile_of (fx, "dora.lind@example.net"), "dora.lind@example.net", "consent");
}

/* T-04: a grant and a withdrawal at the same instant: the withdrawal wins, in either order. */
static void
test_same_instant (Fixture       *fx,
                   gconstpointer  data)
{
  record (fx, "tie-a@example.com", "email_marketing", "email", "given", "2024-05-01T10:00:00Z", "double opt-in");
  record (fx, "tie-a@example.com", "email_marketing", "email", "withdrawn", "2024-05-01T10:00:00Z", "manual");
  record (fx, "tie-b@example.com", "email_marketing", "email", "withdrawn", "2024-05-01T10:00:00Z", "manual");
  record (fx, "tie-b@example.com", "email_marketing", "email", "given", "2024-05-01T10:00:00Z", "double opt-in");

  g_assert_cmpstr (action_of (fx, "tie-a@example.com"), ==, "withdrawn");
  g_assert_cmpstr (action_of (fx, "tie-b@example.com"), ==, "withdrawn");
}

/* T-05: a withdrawal without any grant is kept, and excludes. */
static void
test_withdrawal_without_grant (Fixture       *fx,
                               gconstpointer  data)
{
  gint64 carl;

  import_ok (fx, "newsletter-unsubscribed.csv", "Abmeldungen");
  carl = profile_of (fx, "carl.berger@example.org");
  g_assert_cmpstr (action_of (fx, "carl.berger@example.org"), ==, "withdrawn");
  assert_excluded (fx, "email_marketing", carl, CLT_EXCLUSION_WITHDRAWN);
}

/* T-06, R-20: after an objection to direct marketing a new grant does not make the person
 * usable: the objection (and the suppression of their address) beats it. */
static void
test_objection_beats_grant (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  gint64 dora;

  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  dora = profile_of (fx, "dora.lind@example.net");
  assert_eligible (fx, "email_marketing", dora, "dora.lind@example.net", "consent");

  g_assert_cmpint (clt_consent_ledger_restrict (fx->ledger, dora, CLT_RESTRICTION_KIND_OBJECTION, NULL, NULL, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (clt_consent_ledger_is_suppressed (fx->ledger, "email", "Dora.Lind@example.net", &reason, &error));
  g_assert_cmpstr (reason, ==, "objection");

  record (fx, "dora.lind@example.net", "email_marketing", "email", "given", "2030-01-01T00:00:00Z", "double opt-in");
  assert_excluded (fx, "email_marketing", dora, CLT_EXCLUSION_RESTRICTED);
  /* Postal marketing is direct marketing too. */
  assert_excluded (fx, "postal_marketing", dora, CLT_EXCLUSION_RESTRICTED);
  /* Analytics is not marketing: the objection to direct marketing does not end it. */
  assert_eligible (fx, "analytics", dora, NULL, "legitimate-interest");
}

/* T-27, R-30 (cleaned): a bounce makes the address unusable, even after a later grant. */
static void
test_bounce (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(CltConsentStatus) status = NULL;
  gint64 ede;

  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  import_ok (fx, "newsletter-cleaned.csv", "Newsletter-Bounces");
  ede = profile_of (fx, "ede.single@example.com");
  g_assert_cmpstr (action_of (fx, "ede.single@example.com"), ==, "invalidated");
  assert_excluded (fx, "email_marketing", ede, CLT_EXCLUSION_BOUNCED);

  record (fx, "ede.single@example.com", "email_marketing", "email", "given", "2024-06-01T00:00:00Z", "double opt-in");
  status = status_of (fx, "ede.single@example.com", "email_marketing");
  g_assert_cmpstr (clt_consent_status_get_action (status), ==, "given");
  g_assert_true (clt_consent_status_get_bounced (status));
  g_assert_false (clt_consent_status_get_usable (status));
  assert_excluded (fx, "email_marketing", ede, CLT_EXCLUSION_BOUNCED);
}

/* T-08, T-09: consent for one purpose is not consent for another, nor for another channel. */
static void
test_purpose_and_channel (Fixture       *fx,
                          gconstpointer  data)
{
  gint64 anna;

  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  anna = profile_of (fx, "anna.quist@example.com");
  assert_eligible (fx, "email_marketing", anna, "anna.quist@example.com", "consent");
  assert_excluded (fx, "ads_audience", anna, CLT_EXCLUSION_NO_CONSENT);
  assert_excluded (fx, "profiling", anna, CLT_EXCLUSION_NO_CONSENT);

  /* A consent by post for e-mail marketing is not consent by e-mail. */
  record (fx, "carl.berger@example.org", "ads_audience", "postal", "given", "2024-01-01T00:00:00Z", "paper");
  assert_excluded (fx, "ads_audience", profile_of (fx, "carl.berger@example.org"), CLT_EXCLUSION_NO_CONSENT);
}

/* R-30, T-02 (no evidence): e-mail consent without double opt-in is flagged as weak proof and,
 * when the workspace asks for it, excluded; a grant without proof after a withdrawal is
 * flagged as such. */
static void
test_weak_proof (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(CltConsentStatus) ede = NULL;
  g_autoptr(CltConsentStatus) anna = NULL;
  g_autoptr(CltConsentStatus) regrant = NULL;
  g_autoptr(CltEligibility) all = NULL;
  g_autoptr(GError) error = NULL;

  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  ede = status_of (fx, "ede.single@example.com", "email_marketing");
  anna = status_of (fx, "anna.quist@example.com", "email_marketing");
  g_assert_true (clt_consent_status_get_weak_proof (ede));
  g_assert_false (clt_consent_status_get_weak_proof (anna));

  all = check (fx, "email_marketing", 0);
  g_assert_cmpint (clt_eligibility_get_n_eligible (all), ==, 4);
  g_assert_cmpint (clt_eligibility_get_n_weak_proof (all), ==, 1);

  g_assert_true (clt_consent_ledger_set_require_double_opt_in (fx->ledger, TRUE, &error));
  g_assert_no_error (error);
  assert_excluded (fx, "email_marketing", profile_of (fx, "ede.single@example.com"), CLT_EXCLUSION_WEAK_PROOF);
  assert_eligible (fx, "email_marketing", profile_of (fx, "anna.quist@example.com"), "anna.quist@example.com", "consent");

  record (fx, "gus@example.com", "email_marketing", "email", "withdrawn", "2023-01-05T00:00:00Z", "unsubscribe");
  record (fx, "gus@example.com", "email_marketing", "email", "given", "2024-02-01T00:00:00Z", "export flag");
  regrant = status_of (fx, "gus@example.com", "email_marketing");
  g_assert_true (clt_consent_status_get_regrant (regrant));
  g_assert_true (clt_consent_status_get_weak_proof (regrant));
}

/* T-16: consent neither given nor used for longer than the staleness period is flagged; an
 * export using it makes it fresh again. */
static void
test_stale (Fixture       *fx,
            gconstpointer  data)
{
  g_autoptr(CltConsentStatus) before = NULL;
  g_autoptr(CltConsentStatus) after = NULL;
  g_autoptr(CltEligibility) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 anna;

  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  g_assert_cmpuint (clt_consent_ledger_get_stale_months (fx->ledger), ==, 18);
  anna = profile_of (fx, "anna.quist@example.com");
  record (fx, "anna.quist@example.com", "email_marketing", "email", "given", "2020-01-01T00:00:00Z", "double opt-in");
  exec_sql (fx, "DELETE FROM consent_events WHERE event_time > '2021'");

  before = status_of (fx, "anna.quist@example.com", "email_marketing");
  g_assert_true (clt_consent_status_get_stale (before));
  result = check (fx, "email_marketing", anna);
  g_assert_cmpint (clt_eligibility_get_n_stale (result), ==, 1);

  g_assert_cmpint (clt_consent_ledger_record_export (fx->ledger, result, 0, "csv", "/tmp/list.csv", NULL, &error), >, 0);
  g_assert_no_error (error);
  after = status_of (fx, "anna.quist@example.com", "email_marketing");
  g_assert_false (clt_consent_status_get_stale (after));
  g_assert_nonnull (clt_consent_status_get_last_used (after));

  /* The setting is the workspace's. */
  g_assert_true (clt_consent_ledger_set_stale_months (fx->ledger, 24, &error));
  g_assert_cmpuint (clt_consent_ledger_get_stale_months (fx->ledger), ==, 24);
}

/* ---- erasure and suppression ---- */

/* T-20, T-21: an erased person imported again is not recreated, and the import says why,
 * also when the address is written in another case with spaces around it. */
static void
test_reimport_after_erasure (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(CltImporter) again = NULL;
  g_autoptr(CltImporter) variant = NULL;
  g_autoptr(GError) error = NULL;
  const CltImportReject *reject;
  gint64 anna;

  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  anna = profile_of (fx, "anna.quist@example.com");
  g_assert_true (clt_consent_ledger_erase (fx->ledger, anna, &error));
  g_assert_no_error (error);
  g_assert_cmpint (profile_of (fx, "anna.quist@example.com"), ==, 0);

  /* The same file again: Anna's row is refused, the others are there already. */
  again = import_file (fx, "newsletter-subscribed.csv", "Newsletter");
  g_assert_cmpint (clt_importer_get_previous_batch (again), ==, 0);
  g_assert_cmpuint (clt_importer_get_rows_suppressed (again), ==, 1);
  g_assert_cmpuint (clt_importer_get_rows_rejected (again), ==, 1);
  reject = &g_array_index (clt_importer_get_rejects (again), CltImportReject, 0);
  g_assert_cmpuint (reject->line, ==, 2);
  g_assert_nonnull (strstr (reject->reason, "erased"));
  g_assert_null (strstr (reject->reason, "anna"));
  g_assert_cmpint (profile_of (fx, "anna.quist@example.com"), ==, 0);
  /* Nothing of the refused row is kept. */
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM import_rejects WHERE raw IS NOT NULL"), ==, 0);

  variant = import_file (fx, "newsletter-variant.csv", "Newsletter");
  g_assert_cmpuint (clt_importer_get_rows_suppressed (variant), ==, 1);
  g_assert_cmpint (profile_of (fx, "anna.quist@example.com"), ==, 0);
  g_assert_cmpint (profile_of (fx, "fritz.neu@example.com"), >, 0);

  /* The audit log records the refused rows, without the address. */
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM audit_log WHERE action = 'import' "
                                  "AND detail LIKE '%\"suppressed\":1%'"), ==, 2);
}

/* T-24: after an erasure neither the file nor its write-ahead log holds the person's
 * address or name. */
static void
test_erased_bytes (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (fx->path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  gint64 anna;

  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  import_ok (fx, "newsletter-unsubscribed.csv", "Abmeldungen");
  anna = profile_of (fx, "anna.quist@example.com");
  g_assert_true (file_contains (fx->path, "anna.quist@example.com") || file_contains (wal, "anna.quist@example.com"));

  g_assert_true (clt_consent_ledger_erase (fx->ledger, anna, &error));
  g_assert_no_error (error);

  g_assert_false (file_contains (fx->path, "anna.quist@example.com"));
  g_assert_false (file_contains (wal, "anna.quist@example.com"));
  g_assert_false (file_contains (fx->path, "Quistorp"));
  g_assert_false (file_contains (wal, "Quistorp"));
  /* The others are still there. */
  g_assert_cmpint (profile_of (fx, "carl.berger@example.org"), >, 0);
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM audit_log WHERE action = 'erase'"), ==, 1);
}

/* T-23, T-43: an export records each recipient with the consent event it relied on; after an
 * erasure the recipient rows go, the export's counts stay. */
static void
test_export_recipients (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(CltEligibility) all = NULL;
  g_autoptr(GError) error = NULL;
  gint64 export_id;

  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  import_ok (fx, "newsletter-unsubscribed.csv", "Abmeldungen");
  all = check (fx, "email_marketing", 0);
  g_assert_cmpint (clt_eligibility_get_n_eligible (all), ==, 2);   /* Dora, Ede */
  g_assert_cmpint (clt_eligibility_get_n_excluded (all, CLT_EXCLUSION_WITHDRAWN), ==, 2);   /* Anna, Carl */

  export_id = clt_consent_ledger_record_export (fx->ledger, all, 0, "csv", "newsletter.csv", "abc", &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM export_recipients r JOIN consent_events e "
                                  "ON e.id = r.consent_event_id AND e.action = 'given'"), ==, 2);
  g_assert_cmpint (query_int (fx, "SELECT excluded_count FROM exports"), ==, 2);

  g_assert_true (clt_consent_ledger_erase (fx->ledger, profile_of (fx, "dora.lind@example.net"), &error));
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM export_recipients"), ==, 1);
  g_assert_cmpint (query_int (fx, "SELECT row_count FROM exports"), ==, 2);
  g_assert_cmpint (export_id, >, 0);
}

/* The family address: consent stays with the address it was given for. Merging a profile
 * whose address consented with one whose address did not uses only the consenting address;
 * the other address shows no consent. */
static void
test_family_merge (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GListModel) states = NULL;
  g_autoptr(GError) error = NULL;
  gint64 anna, fritz;

  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  import_ok (fx, "newsletter-variant.csv", "Newsletter-2025");
  exec_sql (fx, "DELETE FROM consent_events WHERE identifier = 'fritz.neu@example.com'");
  anna = profile_of (fx, "anna.quist@example.com");
  fritz = profile_of (fx, "fritz.neu@example.com");
  g_assert_cmpint (anna, !=, fritz);
  assert_excluded (fx, "email_marketing", fritz, CLT_EXCLUSION_NO_CONSENT);

  g_assert_cmpint (clt_identity_merge (fx->workspace, fritz, anna, &error), >, 0);
  g_assert_no_error (error);
  assert_eligible (fx, "email_marketing", fritz, "anna.quist@example.com", "consent");
  g_assert_cmpstr (action_of (fx, "fritz.neu@example.com"), ==, "unknown");

  states = clt_consent_ledger_list_states (fx->ledger, fritz, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (states); i++)
    {
      g_autoptr(CltConsentStatus) status = g_list_model_get_item (states, i);

      g_assert_cmpstr (clt_consent_status_get_identifier (status), ==, "anna.quist@example.com");
    }
}

/* T-29: two people share an address; one objects: the address is suppressed for marketing,
 * so the other may not be e-mailed through it, but their postal marketing stays. */
static void
test_shared_address_objection (Fixture       *fx,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 anna, carl;

  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  anna = profile_of (fx, "anna.quist@example.com");
  carl = profile_of (fx, "carl.berger@example.org");
  /* Carl's golden address is Anna's (a household). */
  exec_sql (fx, "UPDATE profiles SET street = 'Hauptstr. 1', postcode = '80331' WHERE id IN (SELECT profile_id FROM "
                "profile_facts)");
  {
    g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (fx->workspace,
      "UPDATE profiles SET email = 'anna.quist@example.com' WHERE id = ?1", NULL);

    g_assert_true (_clt_workspace_begin (fx->workspace, NULL));
    sqlite3_bind_int64 (stmt, 1, carl);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    g_assert_true (_clt_workspace_commit (fx->workspace, NULL));
  }
  exec_sql (fx, "DELETE FROM consent_events WHERE identifier = 'carl.berger@example.org'");
  assert_eligible (fx, "email_marketing", carl, "anna.quist@example.com", "consent");

  g_assert_cmpint (clt_consent_ledger_restrict (fx->ledger, anna, CLT_RESTRICTION_KIND_OBJECTION, NULL, NULL, &error), >, 0);
  assert_excluded (fx, "email_marketing", carl, CLT_EXCLUSION_SUPPRESSED);
  assert_eligible (fx, "postal_marketing", carl, NULL, "legitimate-interest");
  assert_excluded (fx, "postal_marketing", anna, CLT_EXCLUSION_RESTRICTED);
}

/* T-40, T-26: a restricted person stays, but is in no audience or export for the purposes
 * covered, until the restriction is lifted; the segment audience split agrees. */
static void
test_restriction (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(CltSegmentEvaluator) evaluator = NULL;
  g_autoptr(CltSegmentGroup) everyone = clt_segment_group_new (CLT_SEGMENT_MATCH_ALL);
  g_autoptr(CltSegmentCounts) counts = NULL;
  g_autoptr(CltEligibility) all = NULL;
  g_autoptr(GError) error = NULL;
  gint64 dora, restriction;

  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  dora = profile_of (fx, "dora.lind@example.net");
  restriction = clt_consent_ledger_restrict (fx->ledger, dora, CLT_RESTRICTION_KIND_RESTRICTION, NULL,
                                             "accuracy contested", &error);
  g_assert_no_error (error);
  assert_excluded (fx, "email_marketing", dora, CLT_EXCLUSION_RESTRICTED);
  assert_excluded (fx, "analytics", dora, CLT_EXCLUSION_RESTRICTED);
  g_assert_cmpint (profile_of (fx, "dora.lind@example.net"), ==, dora);

  /* The audience split of a segment of everyone: the same three of four. */
  all = check (fx, "email_marketing", 0);
  g_assert_cmpint (clt_eligibility_get_n_eligible (all), ==, 3);
  evaluator = clt_segment_evaluator_new (fx->path, &error);
  g_assert_no_error (error);
  counts = clt_segment_evaluator_count (evaluator, everyone, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_segment_counts_get_total (counts), ==, 4);
  g_assert_cmpint (clt_segment_counts_get_consented (counts), ==, 3);

  g_assert_true (clt_consent_ledger_lift_restriction (fx->ledger, restriction, &error));
  g_assert_no_error (error);
  assert_eligible (fx, "email_marketing", dora, "dora.lind@example.net", "consent");
  g_assert_false (clt_consent_ledger_lift_restriction (fx->ledger, restriction, &error));
  g_assert_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_NOT_FOUND);
}

/* T-44: the UWG §7(3) exception holds only with all four conditions, and ends with an
 * objection. */
static void
test_existing_customer (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 carl;

  import_ok (fx, "newsletter-unsubscribed.csv", "Abmeldungen");
  exec_sql (fx, "DELETE FROM consent_events");
  carl = profile_of (fx, "carl.berger@example.org");
  assert_excluded (fx, "email_marketing", carl, CLT_EXCLUSION_NO_CONSENT);

  /* No notice of the right to object given: not a basis. */
  g_assert_cmpint (clt_consent_ledger_assert_existing_customer (fx->ledger, "carl.berger@example.org", "email_marketing",
                                                                "A-1001", "coffee", TRUE, FALSE, &error), >, 0);
  assert_excluded (fx, "email_marketing", carl, CLT_EXCLUSION_NO_CONSENT);
  /* Not similar products: not a basis. */
  clt_consent_ledger_assert_existing_customer (fx->ledger, "carl.berger@example.org", "email_marketing", "A-1001",
                                               "furniture", FALSE, TRUE, &error);
  assert_excluded (fx, "email_marketing", carl, CLT_EXCLUSION_NO_CONSENT);
  /* All four: a basis. */
  clt_consent_ledger_assert_existing_customer (fx->ledger, "carl.berger@example.org", "email_marketing", "A-1001",
                                               "coffee", TRUE, TRUE, &error);
  g_assert_no_error (error);
  assert_eligible (fx, "email_marketing", carl, "carl.berger@example.org", "uwg7_3");
  /* An unsubscribe ends it. */
  record (fx, "carl.berger@example.org", "email_marketing", "email", "withdrawn", NULL, "unsubscribe");
  assert_excluded (fx, "email_marketing", carl, CLT_EXCLUSION_WITHDRAWN);
}

/* ---- audit ---- */

/* T-49: an edited or removed audit entry breaks the chain, and verification names it. */
static void
test_audit_tamper (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 n_checked = 0;
  gint64 second;

  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  record (fx, "anna.quist@example.com", "email_marketing", "email", "withdrawn", NULL, "manual");
  g_assert_true (clt_consent_ledger_set_stale_months (fx->ledger, 20, &error));
  g_assert_cmpint (clt_workspace_verify_audit (fx->workspace, &n_checked, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (n_checked, ==, 3);

  /* T-50: the log refuses edits through SQL; someone with the file can drop the trigger. */
  g_assert_false (_clt_workspace_exec (fx->workspace, "UPDATE audit_log SET detail = '{}'", NULL));
  second = query_int (fx, "SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 1");
  exec_sql (fx, "DROP TRIGGER audit_log_no_update");
  {
    g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (fx->workspace,
      "UPDATE audit_log SET detail = replace (detail, 'withdrawn', 'given') WHERE id = ?1", NULL);

    sqlite3_bind_int64 (stmt, 1, second);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  }
  g_assert_cmpint (clt_workspace_verify_audit (fx->workspace, &n_checked, &error), ==, second);
  g_assert_cmpint (n_checked, ==, 1);
}

static void
test_audit_removed (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 first;

  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  g_assert_true (clt_consent_ledger_set_stale_months (fx->ledger, 20, &error));
  g_assert_true (clt_consent_ledger_set_stale_months (fx->ledger, 21, &error));
  first = query_int (fx, "SELECT min (id) FROM audit_log");
  exec_sql (fx, "DROP TRIGGER audit_log_no_delete");
  {
    g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (fx->workspace, "DELETE FROM audit_log WHERE id = ?1 + 1", NULL);

    sqlite3_bind_int64 (stmt, 1, first);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  }
  g_assert_cmpint (clt_workspace_verify_audit (fx->workspace, NULL, &error), ==, first + 2);
}

/* T-50, T-51: the ledger is append-only, and the audit log names no one. */
static void
test_append_only_no_pii (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 anna;

  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  anna = profile_of (fx, "anna.quist@example.com");
  g_assert_false (_clt_workspace_exec (fx->workspace, "UPDATE consent_events SET action = 'given'", NULL));
  g_assert_cmpint (clt_consent_ledger_restrict (fx->ledger, anna, CLT_RESTRICTION_KIND_OBJECTION, NULL, NULL, &error), >, 0);
  record (fx, "carl.berger@example.org", "email_marketing", "email", "withdrawn", NULL, "manual");
  g_assert_true (clt_consent_ledger_erase (fx->ledger, profile_of (fx, "dora.lind@example.net"), &error));
  g_assert_no_error (error);

  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM audit_log"), >=, 4);
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM audit_log WHERE detail LIKE '%@%' OR detail LIKE '%Quistorp%' "
                                  "OR detail LIKE '%Lindqvist%' OR detail LIKE '%Berger%'"), ==, 0);
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM audit_log WHERE actor = 'Dana DPO'"), ==,
                   query_int (fx, "SELECT count (*) FROM audit_log"));
  /* The suppression list holds keyed hashes only. */
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM suppression WHERE length (hash) = 32"), ==, 2);
  g_assert_false (file_contains (fx->path, "dora.lind@example.net"));
}

/* ---- subject rights and governance ---- */

/* "YYYY-MM-DD" of a due date. */
static char *
day_of (GDateTime *time)
{
  return g_date_time_format (time, "%Y-%m-%d");
}

static void
assert_due_day (int         year,
                int         month,
                int         day,
                guint       extension_months,
                const char *expected)
{
  g_autoptr(GDateTime) received = g_date_time_new_local (year, month, day, 10, 0, 0);
  g_autoptr(GDateTime) due = clt_consent_request_due_date (received, extension_months);
  g_autofree char *text = day_of (due);

  g_assert_cmpstr (text, ==, expected);
}

static CltSubjectRequest *
find_request (Fixture *fx,
              gint64   id,
              gboolean open_only)
{
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;

  requests = clt_consent_ledger_list_requests (fx->ledger, 0, open_only, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < requests->len; i++)
    {
      CltSubjectRequest *request = g_ptr_array_index (requests, i);

      if (request->id == id)
        return g_ptr_array_steal_index (requests, i);
    }

  return NULL;
}

/* T-39: a request is due a month after the day it came in, counted as Reg. 1182/71 counts
 * months: 31 January → 29 February in a leap year, 28 February otherwise; the days are the
 * local calendar's; it is overdue the day after. */
static void
test_request_deadline (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *saved_tz = g_strdup (g_getenv ("TZ"));
  g_autoptr(GDateTime) received = NULL;
  g_autoptr(GDateTime) last_day = NULL;
  g_autoptr(GDateTime) day_after = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(CltSubjectRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n_open = 0, n_overdue = 0, id;

  assert_due_day (2024, 1, 31, 0, "2024-02-29");
  assert_due_day (2025, 1, 31, 0, "2025-02-28");
  assert_due_day (2100, 1, 31, 0, "2100-02-28");
  assert_due_day (2000, 1, 31, 0, "2000-02-29");
  assert_due_day (2024, 1, 15, 0, "2024-02-15");
  assert_due_day (2024, 2, 29, 0, "2024-03-29");
  assert_due_day (2024, 3, 31, 0, "2024-04-30");
  assert_due_day (2024, 12, 31, 0, "2025-01-31");
  assert_due_day (2024, 11, 30, 0, "2024-12-30");
  /* Extended: two further months at most, counted from receipt. */
  assert_due_day (2024, 1, 31, 1, "2024-03-31");
  assert_due_day (2024, 1, 31, 2, "2024-04-30");
  assert_due_day (2024, 11, 30, 2, "2025-02-28");

  /* The day of receipt is the local one: in Berlin, 23:30 on 31 January is 22:30 UTC, and
   * 00:30 on 1 February is still 31 January in UTC. */
  g_setenv ("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", TRUE);
  {
    g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
    g_autoptr(GDateTime) late = g_date_time_new_from_iso8601 ("2024-01-31T22:30:00Z", utc);
    g_autoptr(GDateTime) early = g_date_time_new_from_iso8601 ("2024-01-31T23:30:00Z", utc);
    g_autoptr(GDateTime) late_due = clt_consent_request_due_date (late, 0);
    g_autoptr(GDateTime) early_due = clt_consent_request_due_date (early, 0);
    g_autofree char *late_day = day_of (late_due);
    g_autofree char *early_day = day_of (early_due);

    g_assert_cmpstr (late_day, ==, "2024-02-29");
    g_assert_cmpstr (early_day, ==, "2024-03-01");

    id = clt_consent_ledger_open_request (fx->ledger, "access", 0, early, &error);
    g_assert_no_error (error);
    request = find_request (fx, id, TRUE);
    g_assert_cmpstr (request->due_at, ==, "2024-03-01");
    g_assert_cmpstr (request->received_at, ==, "2024-01-31T23:30:00Z");
    g_clear_pointer (&request, clt_subject_request_free);
    g_assert_true (clt_consent_ledger_complete_request (fx->ledger, id, &error));
  }
  if (saved_tz)
    g_setenv ("TZ", saved_tz, TRUE);
  else
    g_unsetenv ("TZ");

  /* Open all through its last day, overdue from the next. */
  received = g_date_time_new_local (2024, 1, 31, 10, 0, 0);
  last_day = g_date_time_new_local (2024, 2, 29, 23, 59, 0);
  day_after = g_date_time_new_local (2024, 3, 1, 0, 1, 0);
  id = clt_consent_ledger_open_request (fx->ledger, "access", 0, received, &error);
  g_assert_no_error (error);
  request = find_request (fx, id, TRUE);
  g_assert_cmpstr (request->due_at, ==, "2024-02-29");
  g_assert_cmpstr (request->status, ==, "open");
  g_assert_cmpuint (request->extension_months, ==, 0);
  g_assert_cmpstr (request->actor, ==, "Dana DPO");
  g_assert_false (clt_subject_request_is_overdue (request, last_day));
  g_assert_true (clt_subject_request_is_overdue (request, day_after));
  g_assert_true (clt_subject_request_is_overdue (request, NULL));
  g_assert_true (clt_consent_ledger_count_requests (fx->ledger, last_day, &n_open, &n_overdue, &error));
  g_assert_cmpint (n_open, ==, 1);
  g_assert_cmpint (n_overdue, ==, 0);
  g_assert_true (clt_consent_ledger_count_requests (fx->ledger, day_after, &n_open, &n_overdue, &error));
  g_assert_cmpint (n_open, ==, 1);
  g_assert_cmpint (n_overdue, ==, 1);

  /* Done, it is neither open nor overdue. */
  g_assert_true (clt_consent_ledger_complete_request (fx->ledger, id, &error));
  g_assert_true (clt_consent_ledger_count_requests (fx->ledger, day_after, &n_open, &n_overdue, &error));
  g_assert_cmpint (n_open, ==, 0);
  g_assert_cmpint (n_overdue, ==, 0);

  /* Nothing comes in tomorrow, and there are six kinds. */
  g_assert_cmpint (clt_consent_ledger_open_request (fx->ledger, "access", 0, tomorrow, &error), ==, 0);
  g_assert_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (clt_consent_ledger_open_request (fx->ledger, "gossip", 0, NULL, &error), ==, 0);
  g_assert_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (clt_consent_ledger_open_request (fx->ledger, "erasure", 999999, NULL, &error), ==, 0);
  g_assert_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_NOT_FOUND);
}

/* T-39 and Art. 12(4): a request is done, or refused with a reason, or extended by at most two
 * months with a reason once the person was told within the first month; each change is
 * audited without the reason. */
static void
test_request_states (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) three_days_ago = g_date_time_add_days (now, -3);
  g_autoptr(GDateTime) two_months_ago = g_date_time_add_months (now, -2);
  g_autoptr(GDateTime) told_in_time = g_date_time_add_days (two_months_ago, 10);
  g_autoptr(GDateTime) in_an_hour = g_date_time_add_hours (now, 1);
  g_autoptr(GDateTime) told_now = NULL;
  g_autoptr(CltSubjectRequest) request = NULL;
  g_autoptr(GPtrArray) anna_requests = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *due_1 = NULL;
  g_autofree char *due_2 = NULL;
  gint64 anna, access, erasure, late, old;

  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  anna = profile_of (fx, "anna.quist@example.com");

  /* Recorded for Anna: listed with her name, due a month after. */
  access = clt_consent_ledger_open_request (fx->ledger, "access", anna, three_days_ago, &error);
  erasure = clt_consent_ledger_open_request (fx->ledger, "erasure", anna, NULL, &error);
  g_assert_no_error (error);
  anna_requests = clt_consent_ledger_list_requests (fx->ledger, anna, TRUE, &error);
  g_assert_cmpuint (anna_requests->len, ==, 2);
  request = find_request (fx, access, TRUE);
  g_assert_cmpint (request->profile_id, ==, anna);
  g_assert_cmpstr (request->name, ==, "Anna Quistorp");
  g_assert_cmpstr (request->kind, ==, "access");
  {
    g_autoptr(GDateTime) due = clt_consent_request_due_date (three_days_ago, 0);
    g_autofree char *day = day_of (due);

    g_assert_cmpstr (request->due_at, ==, day);
  }
  g_clear_pointer (&request, clt_subject_request_free);

  /* Done: it leaves the open list, and cannot be done twice. */
  g_assert_true (clt_consent_ledger_complete_request (fx->ledger, access, &error));
  g_assert_null (find_request (fx, access, TRUE));
  request = find_request (fx, access, FALSE);
  g_assert_cmpstr (request->status, ==, "done");
  g_assert_nonnull (request->completed_at);
  g_clear_pointer (&request, clt_subject_request_free);
  g_assert_false (clt_consent_ledger_complete_request (fx->ledger, access, &error));
  g_assert_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Extended: only with a reason, by one or two months, told in time and not in the future. */
  g_assert_false (clt_consent_ledger_extend_request (fx->ledger, erasure, 1, "  ", now, &error));
  g_assert_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (clt_consent_ledger_extend_request (fx->ledger, erasure, 3, "Many systems", now, &error));
  g_assert_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (clt_consent_ledger_extend_request (fx->ledger, erasure, 1, "Many systems", NULL, &error));
  g_assert_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (clt_consent_ledger_extend_request (fx->ledger, erasure, 1, "Many systems", in_an_hour, &error));
  g_assert_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_INVALID);
  g_clear_error (&error);
  /* Told now: after the request came in (recorded above, after the import). */
  g_clear_pointer (&told_now, g_date_time_unref);
  told_now = g_date_time_new_now_local ();
  g_assert_true (clt_consent_ledger_extend_request (fx->ledger, erasure, 1, "Records in three shops", told_now, &error));
  g_assert_no_error (error);
  request = find_request (fx, erasure, TRUE);
  g_assert_cmpuint (request->extension_months, ==, 1);
  g_assert_cmpstr (request->note, ==, "Records in three shops");
  {
    g_autoptr(GDateTime) received = g_date_time_new_from_iso8601 (request->received_at, NULL);
    g_autoptr(GDateTime) extended = clt_consent_request_due_date (received, 1);
    g_autoptr(GDateTime) furthest = clt_consent_request_due_date (received, 2);

    due_1 = day_of (extended);
    due_2 = day_of (furthest);
  }
  g_assert_cmpstr (request->due_at, ==, due_1);
  g_clear_pointer (&request, clt_subject_request_free);
  /* Not as far again; further, to the limit. */
  g_assert_false (clt_consent_ledger_extend_request (fx->ledger, erasure, 1, "Again", told_now, &error));
  g_assert_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (clt_consent_ledger_extend_request (fx->ledger, erasure, 2, "A legal question", told_now, &error));
  request = find_request (fx, erasure, TRUE);
  g_assert_cmpuint (request->extension_months, ==, 2);
  g_assert_cmpstr (request->due_at, ==, due_2);
  g_assert_cmpstr (request->note, ==, "Records in three shops\nA legal question");
  g_clear_pointer (&request, clt_subject_request_free);

  /* After the first month an extension can no longer be told in time; one told in time and
   * recorded late is fine. */
  late = clt_consent_ledger_open_request (fx->ledger, "rectification", anna, two_months_ago, &error);
  old = clt_consent_ledger_open_request (fx->ledger, "portability", anna, two_months_ago, &error);
  g_assert_no_error (error);
  g_assert_false (clt_consent_ledger_extend_request (fx->ledger, late, 1, "Forgot", now, &error));
  g_assert_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (clt_consent_ledger_extend_request (fx->ledger, old, 2, "Told by letter", told_in_time, &error));
  g_assert_no_error (error);

  /* Refused: only with the reason the person is given. */
  g_assert_false (clt_consent_ledger_refuse_request (fx->ledger, late, "", &error));
  g_assert_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (clt_consent_ledger_refuse_request (fx->ledger, late, "Identity not proven", &error));
  request = find_request (fx, late, FALSE);
  g_assert_cmpstr (request->status, ==, "refused");
  g_assert_cmpstr (request->note, ==, "Identity not proven");
  g_clear_pointer (&request, clt_subject_request_free);
  g_assert_false (clt_consent_ledger_extend_request (fx->ledger, late, 1, "Too late", now, &error));
  g_assert_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Each step in the audit log, with the time the person was told and without any reason. */
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM audit_log WHERE action = 'open-request'"), ==, 4);
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM audit_log WHERE action = 'complete-request'"), ==, 1);
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM audit_log WHERE action = 'refuse-request'"), ==, 1);
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM audit_log WHERE action = 'extend-request' "
                                  "AND detail LIKE '%\"notified\":\"%'"), ==, 3);
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM audit_log WHERE detail LIKE '%three shops%' "
                                  "OR detail LIKE '%not proven%' OR detail LIKE '%by letter%' OR detail LIKE '%legal question%' "
                                  "OR detail LIKE '%Quistorp%'"), ==, 0);
}

static void
access_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (clt_consent_ledger_write_access_finish (CLT_CONSENT_LEDGER (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* T-36: the access report holds the person's data with its sources, the consent history
 * with evidence and the exports that included them; not the other people of a merged
 * household; its HTML is escaped. */
static void
test_access_report (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(CltEligibility) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *json = NULL;
  g_autofree char *html = NULL;
  g_autofree char *proof = NULL;
  g_autofree char *written = NULL;
  g_autofree char *folder_path = g_build_filename (fx->dir, "dsar", NULL);
  JsonObject *root;
  JsonArray *history;
  gboolean done = FALSE;
  gint64 dora;

  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  import_ok (fx, "newsletter-unsubscribed.csv", "Abmeldungen");
  dora = profile_of (fx, "dora.lind@example.net");
  all = check (fx, "email_marketing", 0);
  clt_consent_ledger_record_export (fx->ledger, all, 0, "csv", "sommer.csv", NULL, &error);
  g_assert_no_error (error);

  json = clt_consent_ledger_dup_access_json (fx->ledger, dora, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "clientele-access-report/1");
  history = json_object_get_array_member (root, "consent_history");
  g_assert_cmpuint (json_array_get_length (history), ==, 2);
  {
    JsonObject *first = json_array_get_object_element (history, 0);
    JsonObject *evidence = json_object_get_object_member (first, "evidence");

    g_assert_cmpstr (json_object_get_string_member (first, "action"), ==, "withdrawn");
    g_assert_nonnull (evidence);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (first, "source"), "file"), ==,
                     "newsletter-unsubscribed.csv");
  }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "exports")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "records")), ==, 2);
  g_assert_null (strstr (json, "anna.quist@example.com"));
  g_assert_nonnull (strstr (json, "\"LEID\""));

  record (fx, "dora.lind@example.net", "profiling", "none", "refused", "2024-03-01T00:00:00Z", "<script>alert(1)</script>");
  html = clt_consent_ledger_dup_access_html (fx->ledger, dora, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (html, "<script>"));
  g_assert_nonnull (strstr (html, "&lt;script&gt;"));
  g_assert_nonnull (strstr (html, "sommer.csv"));

  proof = clt_consent_ledger_dup_proof_html (fx->ledger, dora, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (proof, "192.0.2.12"));

  folder = g_file_new_for_path (folder_path);
  clt_consent_ledger_write_access_async (fx->ledger, dora, folder, NULL, access_written_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  written = g_strdup_printf ("%s/access-%" G_GINT64_FORMAT ".json", folder_path, dora);
  g_assert_true (g_file_test (written, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM audit_log WHERE action = 'access-report'"), ==, 1);
}


/* ---- retention by purpose and data category (R-04) ---- */

/* E-mail marketing, on consent, keeps its subscribers while their consent is current and they
 * were active for it within its 24 months: consent given or used, newsletter activity. */
static void
test_retention_consent (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(CltEligibility) anna_check = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last_month = months_ago (1);
  g_autofree char *withdrawn_at = months_ago (2);
  gint64 anna, carl, dora, ede;

  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  /* Here newsletter activity is e-mail marketing's alone. */
  set_purpose (fx, "analytics", "purchases,loyalty", 36);
  anna = profile_of (fx, "anna.quist@example.com");
  carl = profile_of (fx, "carl.berger@example.org");
  dora = profile_of (fx, "dora.lind@example.net");
  ede = profile_of (fx, "ede.single@example.com");

  /* Inside the rule: Anna's consent (given 2024) was used in an export today; Ede gave hers
   * again a month ago. Outside: Carl withdrew his; Dora's, given 2024-02-01, was never used. */
  anna_check = check (fx, "email_marketing", anna);
  g_assert_cmpint (clt_consent_ledger_record_export (fx->ledger, anna_check, 0, "csv", "x.csv", NULL, &error), >, 0);
  record (fx, "ede.single@example.com", "email_marketing", "email", "given", last_month, "double opt-in");
  record (fx, "carl.berger@example.org", "email_marketing", "email", "withdrawn", withdrawn_at, "unsubscribe");

  due = preview_due (fx);
  g_assert_null (entry_of (due, anna, "profile"));
  g_assert_null (entry_of (due, ede, "profile"));
  assert_due (due, carl, "profile", "email_marketing", CLT_RETENTION_REASON_CONSENT, withdrawn_at);
  /* Given (and last active, the confirmation) 2024-02-01 08:03, kept 24 months. */
  assert_due (due, dora, "profile", "email_marketing", CLT_RETENTION_REASON_PERIOD, "2026-02-01T08:03:00Z");
  g_assert_cmpuint (due->len, ==, 2);
  g_assert_cmpstr (((CltRetentionDue *) g_ptr_array_index (due, 0))->purpose_label, ==, "E-mail marketing");

  /* Without a period, a current consent keeps Dora; a withdrawn one still lets Carl go. */
  set_purpose (fx, "email_marketing", "contact,newsletter", 0);
  g_ptr_array_unref (due);
  due = preview_due (fx);
  g_assert_null (entry_of (due, dora, "profile"));
  assert_due (due, carl, "profile", "email_marketing", CLT_RETENTION_REASON_CONSENT, withdrawn_at);
  g_assert_cmpuint (due->len, ==, 1);
}

/* The purposes without consent keep each category of dated data for their period after the
 * latest of it; a contract's counts from the end of that year. A category no purpose keeping
 * the customer needs is due on its own; an objection ends a purpose on legitimate interests;
 * a restricted customer is kept. */
static void
test_retention_activity (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CltPurpose) service = NULL;
  g_autofree char *two_years_ago = months_ago (24);
  g_autofree char *last_month = months_ago (1);
  g_autofree char *withdrawn_at = months_ago (2);
  g_autofree char *new_year = g_strdup_printf ("%d-01-01T00:00:01Z", g_date_time_get_year (now) - 6);
  gint64 anna, carl, dora, ede;

  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  set_purpose (fx, "analytics", "purchases,loyalty", 36);
  anna = profile_of (fx, "anna.quist@example.com");
  carl = profile_of (fx, "carl.berger@example.org");
  dora = profile_of (fx, "dora.lind@example.net");
  ede = profile_of (fx, "ede.single@example.com");

  /* Carl bought two years ago and has withdrawn his e-mail consent: customer service keeps
   * him and his purchases, nothing keeps his newsletter activity. */
  add_event (fx, carl, "purchase", two_years_ago);
  record (fx, "carl.berger@example.org", "email_marketing", "email", "withdrawn", withdrawn_at, "unsubscribe");
  /* Ede bought on the first of January six years ago: six years from the end of that year
   * last until the end of this one. */
  add_event (fx, ede, "purchase", new_year);
  /* Dora bought in 2015: customer service let go of her at the end of 2021, postal marketing
   * in 2018, e-mail marketing (given 2024-02-01) on 2026-02-01. */
  add_event (fx, dora, "purchase", "2015-06-01T10:00:00Z");
  /* Anna buys, and collects loyalty points; she objected to analytics, the only purpose that
   * keeps loyalty receipts without consent. */
  add_event (fx, anna, "purchase", last_month);
  add_event (fx, anna, "loyalty_receipt", last_month);
  g_assert_cmpint (clt_consent_ledger_restrict (fx->ledger, anna, CLT_RESTRICTION_KIND_OBJECTION, "analytics", NULL,
                                                &error), >, 0);

  due = preview_due (fx);
  g_assert_null (entry_of (due, carl, "profile"));
  g_assert_null (entry_of (due, carl, "purchases"));
  assert_due (due, carl, "newsletter", "email_marketing", CLT_RETENTION_REASON_CONSENT, withdrawn_at);
  g_assert_null (entry_of (due, ede, "profile"));
  g_assert_null (entry_of (due, ede, "purchases"));
  /* Her single opt-in of 2024-04-02 10:00, 24 months. */
  assert_due (due, ede, "newsletter", "email_marketing", CLT_RETENTION_REASON_PERIOD, "2026-04-02T10:00:00Z");
  assert_due (due, dora, "profile", "email_marketing", CLT_RETENTION_REASON_PERIOD, "2026-02-01T08:03:00Z");
  g_assert_null (entry_of (due, dora, "purchases"));
  g_assert_null (entry_of (due, anna, "profile"));
  g_assert_null (entry_of (due, anna, "purchases"));
  assert_due (due, anna, "loyalty", "analytics", CLT_RETENTION_REASON_OBJECTION, NULL);
  assert_due (due, anna, "newsletter", "email_marketing", CLT_RETENTION_REASON_PERIOD, "2026-03-01T09:15:02Z");
  g_assert_cmpuint (due->len, ==, 5);

  /* Counted from the day of the purchase, Ede's six years are over. */
  service = clt_consent_ledger_dup_purpose (fx->ledger, "customer_service", &error);
  clt_purpose_set_legal_basis (service, "f");
  g_assert_true (clt_consent_ledger_save_purpose (fx->ledger, service, &error));
  g_ptr_array_unref (due);
  due = preview_due (fx);
  g_assert_nonnull (entry_of (due, ede, "profile"));
  clt_purpose_set_legal_basis (service, "b");
  g_assert_true (clt_consent_ledger_save_purpose (fx->ledger, service, &error));

  /* Dora, restricted (Art. 18), is kept whole. */
  g_assert_cmpint (clt_consent_ledger_restrict (fx->ledger, dora, CLT_RESTRICTION_KIND_RESTRICTION, NULL,
                                                "legal claims", &error), >, 0);
  g_ptr_array_unref (due);
  due = preview_due (fx);
  g_assert_null (entry_of (due, dora, "profile"));
  g_assert_cmpuint (due->len, ==, 4);
}

static char *
table_counts (Fixture *fx)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                          " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                          query_int (fx, "SELECT count (*) FROM profiles"),
                          query_int (fx, "SELECT count (*) FROM events"),
                          query_int (fx, "SELECT count (*) FROM consent_events"),
                          query_int (fx, "SELECT count (*) FROM retention_due"),
                          query_int (fx, "SELECT count (*) FROM audit_log"),
                          query_int (fx, "SELECT count (*) FROM suppression"));
}

/* The DPO approves the list; a dry run changes nothing; the purge runs what is approved and
 * still due in one go, records it without personal data, and puts nobody on the suppression
 * list or the erasure ledger. */
static void
test_retention_purge (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *two_years_ago = months_ago (24);
  g_autofree char *withdrawn_at = months_ago (2);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *erasures = erasure_ledger_path (fx->workspace);
  gint64 anna, carl, dora, ede, pending = 0, approved = 0;

  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  set_purpose (fx, "analytics", "purchases,loyalty", 36);
  anna = profile_of (fx, "anna.quist@example.com");
  carl = profile_of (fx, "carl.berger@example.org");
  dora = profile_of (fx, "dora.lind@example.net");
  ede = profile_of (fx, "ede.single@example.com");
  add_event (fx, carl, "purchase", two_years_ago);
  record (fx, "carl.berger@example.org", "email_marketing", "email", "withdrawn", withdrawn_at, "unsubscribe");

  /* Due: Anna, Dora and Ede whole (their consents of 2024 lapsed), Carl's newsletter activity. */
  before = table_counts (fx);
  due = preview_due (fx);
  g_assert_cmpuint (due->len, ==, 4);
  g_assert_nonnull (entry_of (due, anna, "profile"));
  g_assert_nonnull (entry_of (due, carl, "newsletter"));
  g_assert_cmpint (clt_consent_ledger_purge (fx->ledger, TRUE, &error), ==, 0);
  g_assert_cmpint (clt_consent_ledger_purge (fx->ledger, FALSE, &error), ==, 0);
  g_assert_no_error (error);
  after = table_counts (fx);
  g_assert_cmpstr (after, ==, before);

  /* Found, approved, and a dry run of the approved list: still nothing changes. */
  g_assert_cmpint (clt_consent_ledger_find_due (fx->ledger, NULL, &error), ==, 4);
  g_assert_cmpint (clt_consent_ledger_find_due (fx->ledger, NULL, &error), ==, 0);
  stored = clt_consent_ledger_list_due (fx->ledger, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 4);
  assert_due (stored, carl, "newsletter", "email_marketing", CLT_RETENTION_REASON_CONSENT, withdrawn_at);
  g_assert_null (((CltRetentionDue *) g_ptr_array_index (stored, 0))->approved_at);
  g_assert_cmpint (clt_consent_ledger_approve_due (fx->ledger, &error), ==, 4);
  g_assert_true (clt_consent_ledger_count_due (fx->ledger, &pending, &approved, &error));
  g_assert_cmpint (pending, ==, 0);
  g_assert_cmpint (approved, ==, 4);
  g_free (before);
  before = table_counts (fx);
  g_assert_cmpint (clt_consent_ledger_purge (fx->ledger, TRUE, &error), ==, 4);
  g_free (after);
  after = table_counts (fx);
  g_assert_cmpstr (after, ==, before);

  /* Dora consents again after the approval: hers is no longer due, and does not run. */
  record (fx, "dora.lind@example.net", "email_marketing", "email", "given", NULL, "double opt-in");
  g_assert_cmpint (clt_consent_ledger_purge (fx->ledger, FALSE, &error), ==, 3);
  g_assert_no_error (error);
  g_assert_cmpint (profile_of (fx, "dora.lind@example.net"), ==, dora);
  g_assert_cmpint (profile_of (fx, "anna.quist@example.com"), ==, 0);
  g_assert_cmpint (profile_of (fx, "ede.single@example.com"), ==, 0);
  g_assert_cmpint (profile_of (fx, "carl.berger@example.org"), ==, carl);
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM events WHERE profile_id = (SELECT profile_id FROM profile_facts "
                                  "WHERE email_key = 'carl.berger@example.org') AND kind LIKE 'newsletter%'"), ==, 0);
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM events WHERE kind = 'purchase'"), ==, 1);
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM retention_due"), ==, 0);
  g_assert_cmpint (ede, >, 0);

  /* Not erased at their request: neither the suppression list nor the erasure ledger. */
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM suppression"), ==, 0);
  g_assert_false (g_file_test (erasures, G_FILE_TEST_EXISTS));
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM audit_log WHERE action = 'retention-purge' "
                                  "AND detail = '{\"profiles\":2,\"categories\":1,\"events\":2}'"), ==, 1);
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM audit_log WHERE action = 'retention-erase'"), ==, 2);
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM audit_log WHERE action = 'retention-remove' "
                                  "AND detail LIKE '%newsletter%'"), ==, 1);
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM audit_log WHERE detail LIKE '%@%' OR detail LIKE '%Quist%'"),
                   ==, 0);
}

/* ---- notices (T-07) ---- */

/* An invalidated notice voids every grant given through it, also grants imported later;
 * other grants and withdrawals stay as they are. */
static void
test_notice_invalidated (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(CltImporter) later = NULL;
  g_autoptr(GListModel) history = NULL;
  g_autoptr(CltConsentStatus) anna_state = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *variant = g_test_build_filename (G_TEST_DIST, "data", "consent", "newsletter-variant.csv", NULL);
  g_autofree char *form_v3 = g_test_build_filename (G_TEST_DIST, "data", "consent", "newsletter-form-v3.csv", NULL);
  gint64 anna, fritz, carl, gina;
  guint n_invalid = 0;

  /* Anna consented in 2024 (no notice recorded) and again in 2025 through form v3, as Fritz
   * did; Carl consents through form v4. */
  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  {
    g_autoptr(GFile) file = g_file_new_for_path (variant);
    g_autoptr(CltImporter) importer = clt_importer_new (fx->path, file);

    clt_importer_set_source_name (importer, "Newsletter-2025");
    clt_importer_set_notice (importer, "form v3");
    g_assert_true (clt_importer_run (importer, FALSE, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (clt_consent_ledger_record (fx->ledger, "email", "carl.berger@example.org", "email_marketing", "email",
                                              "given", NULL, "double opt-in", "form v4", NULL, &error), >, 0);
  anna = profile_of (fx, "anna.quist@example.com");
  fritz = profile_of (fx, "fritz.neu@example.com");
  carl = profile_of (fx, "carl.berger@example.org");
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM consent_events WHERE notice = 'form v3'"), ==, 2);
  assert_eligible (fx, "email_marketing", fritz, "fritz.neu@example.com", "consent");

  g_assert_cmpint (clt_consent_ledger_invalidate_notice (fx->ledger, "form v3", NULL, "pre-ticked box", &error), ==, 2);
  g_assert_no_error (error);
  /* Fritz has no valid consent left; Anna's of 2024 is hers again; Carl's stands. */
  assert_excluded (fx, "email_marketing", fritz, CLT_EXCLUSION_NO_CONSENT);
  g_assert_cmpstr (action_of (fx, "fritz.neu@example.com"), ==, "unknown");
  assert_eligible (fx, "email_marketing", anna, "anna.quist@example.com", "consent");
  anna_state = status_of (fx, "anna.quist@example.com", "email_marketing");
  g_assert_cmpstr (clt_consent_status_get_event_time (anna_state), ==, "2024-03-01T09:15:02Z");
  assert_eligible (fx, "email_marketing", carl, "carl.berger@example.org", "consent");

  /* A grant through form v3 imported later does not count either. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (form_v3);

    later = clt_importer_new (fx->path, file);
    clt_importer_set_source_name (later, "Newsletter-2025");
    clt_importer_set_notice (later, "form v3");
    g_assert_true (clt_importer_run (later, FALSE, NULL, &error));
    g_assert_no_error (error);
  }
  gina = profile_of (fx, "gina.berg@example.com");
  g_assert_cmpint (gina, >, 0);
  assert_excluded (fx, "email_marketing", gina, CLT_EXCLUSION_NO_CONSENT);
  g_assert_cmpstr (action_of (fx, "gina.berg@example.com"), ==, "unknown");
  /* So does a grant recorded by hand through it; and a withdrawal through it is still one. */
  record (fx, "dora.lind@example.net", "email_marketing", "email", "withdrawn", NULL, "unsubscribe");
  g_assert_cmpint (clt_consent_ledger_record (fx->ledger, "email", "dora.lind@example.net", "email_marketing", "email",
                                              "given", NULL, "double opt-in", "form v3", NULL, &error), >, 0);
  assert_excluded (fx, "email_marketing", profile_of (fx, "dora.lind@example.net"), CLT_EXCLUSION_WITHDRAWN);

  /* The segment builder's audience split (the kept consent sets) agrees. */
  {
    g_autoptr(CltSegmentEvaluator) evaluator = clt_segment_evaluator_new (fx->path, &error);
    g_autoptr(CltSegmentGroup) everyone = clt_segment_group_new (CLT_SEGMENT_MATCH_ALL);
    g_autoptr(CltSegmentCounts) counts = NULL;
    g_autoptr(CltEligibility) all = check (fx, "email_marketing", 0);

    g_assert_no_error (error);
    counts = clt_segment_evaluator_count (evaluator, everyone, 0, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (clt_segment_counts_get_consented (counts), ==, clt_eligibility_get_n_eligible (all));
    /* Anna, Carl and Ede; not Fritz, Gina or Dora. */
    g_assert_cmpint (clt_eligibility_get_n_eligible (all), ==, 3);
  }

  /* The history says which grants do not count, and why. */
  history = clt_consent_ledger_list_history (fx->ledger, anna, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (history); i++)
    {
      g_autoptr(CltConsentEvent) event = g_list_model_get_item (history, i);

      if (clt_consent_event_get_notice_invalidated (event) != NULL)
        {
          g_assert_cmpstr (clt_consent_event_get_notice (event), ==, "form v3");
          n_invalid++;
        }
    }
  g_assert_cmpuint (n_invalid, ==, 1);

  /* Once, and for good. */
  g_assert_cmpint (clt_consent_ledger_invalidate_notice (fx->ledger, "form v3", NULL, NULL, &error), ==, -1);
  g_assert_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (_clt_workspace_exec (fx->workspace, "DELETE FROM notice_invalidations", NULL));
  g_assert_false (_clt_workspace_exec (fx->workspace, "UPDATE notice_invalidations SET notice = 'x'", NULL));
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM audit_log WHERE action = 'invalidate-notice' "
                                  "AND detail = '{\"notice\":\"form v3\",\"grants\":2}'"), ==, 1);
}

/* ---- the state at a past time (T-17) ---- */

/* One line per state: what a proof of that time shows. */
static char *
describe_states (GListModel *states)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (states); i++)
    {
      g_autoptr(CltConsentStatus) state = g_list_model_get_item (states, i);

      g_string_append_printf (text, "%s %s %s %s %" G_GINT64_FORMAT " %s %d%d%d%d%d%d %s\n",
                              clt_consent_status_get_identifier (state), clt_consent_status_get_purpose (state),
                              clt_consent_status_get_channel (state), clt_consent_status_get_action (state),
                              clt_consent_status_get_event_id (state), clt_consent_status_get_event_time (state),
                              clt_consent_status_get_usable (state), clt_consent_status_get_weak_proof (state),
                              clt_consent_status_get_stale (state), clt_consent_status_get_bounced (state),
                              clt_consent_status_get_suppressed (state), clt_consent_status_get_regrant (state),
                              clt_consent_status_get_last_used (state) ? clt_consent_status_get_last_used (state) : "-");
    }

  return g_string_free (text, FALSE);
}

static char *
states_at (Fixture    *fx,
           const char *email,
           const char *iso,
           gboolean    as_recorded)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr(GListModel) states = NULL;
  g_autoptr(GError) error = NULL;

  states = clt_consent_ledger_list_identifier_states_at (fx->ledger, "email", email, at, as_recorded, &error);
  g_assert_no_error (error);

  return describe_states (states);
}

/* The consent of an address at a past time: later events never change it; with "as
 * recorded", neither do events recorded later with an earlier date. */
static void
test_point_in_time (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(GDateTime) march = g_date_time_new_from_iso8601 ("2024-04-01T00:00:00Z", NULL);
  g_autoptr(GDateTime) may = g_date_time_new_from_iso8601 ("2024-05-01T00:00:00Z", NULL);
  g_autoptr(GListModel) profile_states = NULL;
  g_autoptr(GPtrArray) restrictions = NULL;
  g_autoptr(CltEligibility) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before_grant = NULL;
  g_autofree char *proof_then = NULL;
  g_autofree char *proof_again = NULL;
  g_autofree char *after = NULL;
  g_autofree char *profile_then = NULL;
  g_autofree char *profile_again = NULL;
  gint64 anna;

  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  anna = profile_of (fx, "anna.quist@example.com");

  /* Before she confirmed: nothing. On 1 April 2024: given, with double opt-in. */
  before_grant = states_at (fx, "anna.quist@example.com", "2024-02-29T00:00:00Z", FALSE);
  g_assert_cmpstr (before_grant, ==, "");
  proof_then = states_at (fx, "anna.quist@example.com", "2024-04-01T00:00:00Z", FALSE);
  g_assert_true (g_str_has_prefix (proof_then, "anna.quist@example.com email_marketing email given "));
  g_assert_nonnull (strstr (proof_then, " 2024-03-01T09:15:02Z 100000 -"));
  profile_states = clt_consent_ledger_list_states_at (fx->ledger, anna, march, FALSE, &error);
  g_assert_no_error (error);
  profile_then = describe_states (profile_states);

  /* Later: she unsubscribes (2024-05-10), is exported, objects, bounces. */
  import_ok (fx, "newsletter-unsubscribed.csv", "Abmeldungen");
  all = check (fx, "email_marketing", 0);
  g_assert_cmpint (clt_consent_ledger_record_export (fx->ledger, all, 0, "csv", "x.csv", NULL, &error), >, 0);
  g_assert_cmpint (clt_consent_ledger_restrict (fx->ledger, anna, CLT_RESTRICTION_KIND_OBJECTION, NULL, NULL, &error), >, 0);
  record (fx, "anna.quist@example.com", "email_marketing", "email", "invalidated", NULL, "bounce");
  g_assert_cmpstr (action_of (fx, "anna.quist@example.com"), ==, "invalidated");

  /* 1 April 2024 reads as it did. */
  proof_again = states_at (fx, "anna.quist@example.com", "2024-04-01T00:00:00Z", FALSE);
  g_assert_cmpstr (proof_again, ==, proof_then);
  g_clear_object (&profile_states);
  profile_states = clt_consent_ledger_list_states_at (fx->ledger, anna, march, FALSE, &error);
  profile_again = describe_states (profile_states);
  g_assert_cmpstr (profile_again, ==, profile_then);
  restrictions = clt_consent_ledger_list_restrictions_at (fx->ledger, anna, march, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (restrictions->len, ==, 0);
  /* After the unsubscribe: withdrawn. */
  after = states_at (fx, "anna.quist@example.com", "2024-06-01T00:00:00Z", FALSE);
  g_assert_true (g_str_has_prefix (after, "anna.quist@example.com email_marketing email withdrawn "));

  /* A withdrawal dated 15 March 2024 but recorded only on 1 June: it was in force on 1 April,
   * but the ledger did not know it yet. */
  exec_sql (fx, "INSERT INTO consent_events (identifier_kind, identifier, purpose, channel, action, event_time, "
                "recorded_time, method, actor) VALUES ('email', 'zoe@example.com', 'email_marketing', 'email', 'given', "
                "'2024-01-10T10:00:00Z', '2024-01-10T10:00:00Z', 'double opt-in', 'import'), "
                "('email', 'zoe@example.com', 'email_marketing', 'email', 'withdrawn', '2024-03-15T10:00:00Z', "
                "'2024-06-01T10:00:00Z', 'letter', 'Dana DPO')");
  g_free (after);
  after = states_at (fx, "zoe@example.com", "2024-04-01T00:00:00Z", FALSE);
  g_assert_nonnull (strstr (after, " withdrawn "));
  g_free (after);
  after = states_at (fx, "zoe@example.com", "2024-04-01T00:00:00Z", TRUE);
  g_assert_nonnull (strstr (after, " given "));

  /* A notice invalidated from 1 May 2024 on: its grants counted until then. */
  g_assert_cmpint (clt_consent_ledger_record (fx->ledger, "email", "yan@example.com", "email_marketing", "email",
                                              "given", "2024-02-01T10:00:00Z", "double opt-in", "form v1", NULL, &error),
                   >, 0);
  g_assert_cmpint (clt_consent_ledger_invalidate_notice (fx->ledger, "form v1", may, NULL, &error), ==, 1);
  g_free (after);
  after = states_at (fx, "yan@example.com", "2024-04-01T00:00:00Z", FALSE);
  g_assert_nonnull (strstr (after, " given "));
  g_free (after);
  after = states_at (fx, "yan@example.com", "2024-06-01T00:00:00Z", FALSE);
  g_assert_cmpstr (after, ==, "");
}

/* ---- erasure and backups (T-25) ---- */

/* A backup taken before an erasure: opened, it erases the person again, before anything can
 * be read or exported from it. */
static void
test_erasure_after_restore (Fixture       *fx,
                            gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (fx->dir, "backup.sqlite3", NULL);
  g_autofree char *backup_wal = g_strconcat (backup, "-wal", NULL);
  g_autofree char *ledger_path = erasure_ledger_path (fx->workspace);
  g_autofree char *other_path = g_build_filename (fx->dir, "other.sqlite3", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(CltWorkspace) restored = NULL;
  g_autoptr(CltWorkspace) other = NULL;
  g_autoptr(CltConsentLedger) restored_ledger = NULL;
  g_autoptr(CltConsentLedger) other_ledger = NULL;
  g_autoptr(CltEligibility) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  char *sql;
  GStatBuf st;

  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  sql = sqlite3_mprintf ("VACUUM INTO %Q", backup);
  g_assert_cmpint (sqlite3_exec (_clt_workspace_get_db (fx->workspace), sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_free (sql);
  g_assert_true (file_contains (backup, "anna.quist@example.com"));

  g_assert_true (clt_consent_ledger_erase (fx->ledger, profile_of (fx, "anna.quist@example.com"), &error));
  g_assert_no_error (error);

  /* The erasure ledger: a private file, with keyed hashes and no personal data. */
  g_assert_true (g_file_get_contents (ledger_path, &contents, NULL, &error));
  g_assert_nonnull (strstr (contents, "erasure\temail\t"));
  g_assert_null (strstr (contents, "anna"));
  g_assert_null (strstr (contents, "Quist"));
  g_assert_cmpint (g_stat (ledger_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* The restored copy. */
  restored = clt_workspace_open (backup, &error);
  g_assert_no_error (error);
  restored_ledger = clt_consent_ledger_new (restored);
  g_assert_cmpint (clt_consent_ledger_find_profile (restored_ledger, "anna.quist@example.com", &error), ==, 0);
  g_assert_true (clt_consent_ledger_is_suppressed (restored_ledger, "email", "anna.quist@example.com", &reason, &error));
  g_assert_cmpstr (reason, ==, "erasure");
  all = clt_consent_ledger_check (restored_ledger, "email_marketing", NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_eligibility_get_n_candidates (all), ==, 3);
  g_assert_false (file_contains (backup, "anna.quist@example.com"));
  g_assert_false (file_contains (backup_wal, "anna.quist@example.com"));
  g_assert_false (file_contains (backup, "Quistorp"));
  g_clear_object (&restored_ledger);
  g_clear_object (&restored);

  /* Opened again: nothing left to do. */
  restored = clt_workspace_open (backup, &error);
  g_assert_no_error (error);
  {
    g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (restored,
      "SELECT count (*) FILTER (WHERE action = 'reapply-erasures'), count (*) FILTER (WHERE action = 'reapply-erasure') "
      "FROM audit_log", NULL);

    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 1);
  }

  /* Another workspace, with a key of its own, is not touched by this one's ledger. */
  other = clt_workspace_open (other_path, &error);
  g_assert_no_error (error);
  other_ledger = clt_consent_ledger_new (other);
  {
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "consent", "newsletter-subscribed.csv", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(CltImporter) importer = clt_importer_new (other_path, file);

    g_assert_true (clt_importer_run (importer, FALSE, NULL, &error));
    g_assert_cmpuint (clt_importer_get_rows_suppressed (importer), ==, 0);
  }
  g_assert_cmpint (clt_consent_ledger_find_profile (other_ledger, "anna.quist@example.com", &error), >, 0);
}

/* The purposes catalogue is editable, and checked. */
static void
test_purposes (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GListModel) purposes = NULL;
  g_autoptr(CltPurpose) sms = clt_purpose_new ("sms_marketing");
  g_autoptr(CltPurpose) bad = clt_purpose_new ("bad");
  g_autoptr(CltPurpose) read = NULL;
  g_autoptr(GError) error = NULL;

  purposes = clt_consent_ledger_list_purposes (fx->ledger, &error);
  g_assert_cmpuint (g_list_model_get_n_items (purposes), ==, 6);

  clt_purpose_set_label (sms, "SMS marketing");
  clt_purpose_set_channel (sms, "phone");
  clt_purpose_set_legal_basis (sms, "a");
  clt_purpose_set_retention_months (sms, 12);
  clt_purpose_set_marketing (sms, TRUE);
  g_assert_true (clt_consent_ledger_save_purpose (fx->ledger, sms, &error));
  read = clt_consent_ledger_dup_purpose (fx->ledger, "sms_marketing", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (clt_purpose_get_channel (read), ==, "phone");
  g_assert_cmpuint (clt_purpose_get_retention_months (read), ==, 12);
  /* A label of the DPO's own is shown as it is; the catalogue's own (here untranslated, C locale). */
  g_assert_cmpstr (clt_purpose_get_display_label (read), ==, "SMS marketing");
  g_clear_object (&read);
  read = clt_consent_ledger_dup_purpose (fx->ledger, "email_marketing", &error);
  g_assert_cmpstr (clt_purpose_get_display_label (read), ==, "E-mail marketing");

  clt_purpose_set_label (bad, "Bad");
  clt_purpose_set_channel (bad, "pigeon");
  g_assert_false (clt_consent_ledger_save_purpose (fx->ledger, bad, &error));
  g_assert_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_INVALID);
}

/* A purpose added from its label: a key made of it, unique, never "marketing"; every field
 * stored; an audit entry each. */
static void
test_purpose_add (Fixture       *fx,
                  gconstpointer  data)
{
  static const struct { const char *label; const char *key; } cases[] = {
    { "Geburtstagsgrüße per Post", "geburtstagsgrusse_per_post" },
    { "Geburtstagsgrüße per Post", "geburtstagsgrusse_per_post_2" },
    { "Analytics", "analytics_2" },
    { "  Marketing!  ", "marketing_2" },
    { "— … —", "purpose" },
  };
  g_autoptr(CltPurpose) draft = clt_purpose_new (NULL);
  g_autoptr(CltPurpose) added = NULL;
  g_autoptr(GListModel) purposes = NULL;
  g_autoptr(GError) error = NULL;

  clt_purpose_set_channel (draft, "postal");
  clt_purpose_set_legal_basis (draft, "f");
  clt_purpose_set_description (draft, "Cards for birthdays, to customers who did not object.");
  clt_purpose_set_data_categories (draft, "contact,postal");
  clt_purpose_set_recipients (draft, "Print and mail service");
  clt_purpose_set_retention_months (draft, 18);
  clt_purpose_set_marketing (draft, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      clt_purpose_set_label (draft, cases[i].label);
      added = clt_consent_ledger_add_purpose (fx->ledger, draft, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (clt_purpose_get_key (added), ==, cases[i].key);
      g_assert_cmpstr (clt_purpose_get_label (added), ==, cases[i].label);
      g_assert_cmpstr (clt_purpose_get_channel (added), ==, "postal");
      g_assert_cmpstr (clt_purpose_get_legal_basis (added), ==, "f");
      g_assert_cmpstr (clt_purpose_get_data_categories (added), ==, "contact,postal");
      g_assert_cmpstr (clt_purpose_get_recipients (added), ==, "Print and mail service");
      g_assert_cmpuint (clt_purpose_get_retention_months (added), ==, 18);
      g_assert_true (clt_purpose_get_marketing (added));
      g_clear_object (&added);
    }

  /* The catalogue's own are as they were. */
  added = clt_consent_ledger_dup_purpose (fx->ledger, "analytics", &error);
  g_assert_cmpstr (clt_purpose_get_label (added), ==, "Analytics");
  g_assert_cmpstr (clt_purpose_get_channel (added), ==, "none");
  g_clear_object (&added);

  purposes = clt_consent_ledger_list_purposes (fx->ledger, &error);
  g_assert_cmpuint (g_list_model_get_n_items (purposes), ==, 6 + G_N_ELEMENTS (cases));
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM audit_log WHERE action = 'add-purpose' "
                                  "AND object_kind = 'purpose'"), ==, G_N_ELEMENTS (cases));

  /* Without a label, nothing is added. */
  clt_purpose_set_label (draft, "");
  g_assert_null (clt_consent_ledger_add_purpose (fx->ledger, draft, &error));
  g_assert_error (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_INVALID);
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM purposes"), ==, 6 + G_N_ELEMENTS (cases));
}

/* The DPO panel's chart: given and withdrawn per month by event time, the months between with
 * zeros, other purposes only when asked for all. */
static void
test_count_by_month (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GArray) months = NULL;
  g_autoptr(GArray) email = NULL;
  g_autoptr(GError) error = NULL;
  const CltConsentMonth *m;

  months = clt_consent_ledger_count_by_month (fx->ledger, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (months->len, ==, 0);

  record (fx, "a@example.com", "email_marketing", "email", "given", "2024-01-15T10:00:00Z", "double opt-in");
  record (fx, "b@example.com", "email_marketing", "email", "given", "2024-01-31T23:00:00Z", "single opt-in");
  record (fx, "a@example.com", "email_marketing", "email", "withdrawn", "2024-04-02T08:00:00Z", "unsubscribe");
  record (fx, "c@example.com", "email_marketing", "email", "refused", "2024-03-02T08:00:00Z", "manual");
  record (fx, "c@example.com", "profiling", "none", "given", "2024-02-10T08:00:00Z", "manual");

  months = (g_array_unref (months), clt_consent_ledger_count_by_month (fx->ledger, NULL, &error));
  g_assert_no_error (error);
  /* January to April: February has the profiling grant, March only a refusal (counted as neither). */
  g_assert_cmpuint (months->len, ==, 4);
  m = &g_array_index (months, CltConsentMonth, 0);
  g_assert_cmpstr (m->month, ==, "2024-01");
  g_assert_cmpint (m->given, ==, 2);
  g_assert_cmpint (m->withdrawn, ==, 0);
  m = &g_array_index (months, CltConsentMonth, 1);
  g_assert_cmpstr (m->month, ==, "2024-02");
  g_assert_cmpint (m->given, ==, 1);
  m = &g_array_index (months, CltConsentMonth, 2);
  g_assert_cmpstr (m->month, ==, "2024-03");
  g_assert_cmpint (m->given + m->withdrawn, ==, 0);
  m = &g_array_index (months, CltConsentMonth, 3);
  g_assert_cmpstr (m->month, ==, "2024-04");
  g_assert_cmpint (m->withdrawn, ==, 1);

  /* E-mail marketing alone: February and March are gaps between January and April. */
  email = clt_consent_ledger_count_by_month (fx->ledger, "email_marketing", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (email->len, ==, 4);
  g_assert_cmpint (g_array_index (email, CltConsentMonth, 1).given, ==, 0);
  g_assert_cmpstr (g_array_index (email, CltConsentMonth, 2).month, ==, "2024-03");

  /* Across a year's end. */
  record (fx, "d@example.com", "email_marketing", "email", "given", "2025-02-01T08:00:00Z", "double opt-in");
  months = (g_array_unref (months), clt_consent_ledger_count_by_month (fx->ledger, NULL, &error));
  g_assert_cmpuint (months->len, ==, 14);
  g_assert_cmpstr (g_array_index (months, CltConsentMonth, 11).month, ==, "2024-12");
  g_assert_cmpstr (g_array_index (months, CltConsentMonth, 13).month, ==, "2025-02");
  g_assert_cmpint (g_array_index (months, CltConsentMonth, 13).given, ==, 1);
}

/* The panel's exports and audit log, and a customer's restrictions, as listed. */
static void
test_governance_lists (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(CltEligibility) all = NULL;
  g_autoptr(GPtrArray) exports = NULL;
  g_autoptr(GPtrArray) restrictions = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) rest = NULL;
  g_autoptr(GPtrArray) filtered = NULL;
  g_auto(GStrv) actions = NULL;
  g_auto(GStrv) actors = NULL;
  g_autoptr(GError) error = NULL;
  const CltExportSummary *summary;
  const CltRestriction *restriction;
  gint64 dora, objection, restricted, n_entries;

  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  exports = clt_consent_ledger_list_exports (fx->ledger, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (exports->len, ==, 0);

  all = check (fx, "email_marketing", 0);
  g_assert_cmpint (clt_consent_ledger_record_export (fx->ledger, all, 0, "csv", "first.csv", NULL, &error), >, 0);
  g_assert_cmpint (clt_consent_ledger_record_export (fx->ledger, all, 0, "csv", "second.csv", NULL, &error), >, 0);
  g_assert_no_error (error);
  g_ptr_array_unref (exports);
  exports = clt_consent_ledger_list_exports (fx->ledger, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (exports->len, ==, 1);
  summary = g_ptr_array_index (exports, 0);
  g_assert_cmpstr (summary->file_name, ==, "second.csv");
  g_assert_cmpstr (summary->purpose, ==, "email_marketing");
  g_assert_cmpstr (summary->purpose_label, ==, "E-mail marketing");
  g_assert_null (summary->segment);
  g_assert_cmpint (summary->row_count, ==, clt_eligibility_get_n_eligible (all));
  g_assert_cmpint (summary->excluded, ==, clt_eligibility_get_n_excluded_total (all));
  g_assert_cmpstr (summary->actor, ==, "Dana DPO");

  /* A customer's restrictions: active and lifted, with kind, purpose and reason. */
  dora = profile_of (fx, "dora.lind@example.net");
  restricted = clt_consent_ledger_restrict (fx->ledger, dora, CLT_RESTRICTION_KIND_RESTRICTION, "analytics",
                                            "accuracy contested", &error);
  objection = clt_consent_ledger_restrict (fx->ledger, dora, CLT_RESTRICTION_KIND_OBJECTION, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (clt_consent_ledger_lift_restriction (fx->ledger, restricted, &error));
  restrictions = clt_consent_ledger_list_restrictions (fx->ledger, dora, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (restrictions->len, ==, 2);
  restriction = g_ptr_array_index (restrictions, 0);
  g_assert_cmpint (restriction->id, ==, restricted);
  g_assert_cmpint (restriction->kind, ==, CLT_RESTRICTION_KIND_RESTRICTION);
  g_assert_cmpstr (restriction->purpose, ==, "analytics");
  g_assert_cmpstr (restriction->reason, ==, "accuracy contested");
  g_assert_nonnull (restriction->lifted_at);
  restriction = g_ptr_array_index (restrictions, 1);
  g_assert_cmpint (restriction->id, ==, objection);
  g_assert_cmpint (restriction->kind, ==, CLT_RESTRICTION_KIND_OBJECTION);
  g_assert_null (restriction->purpose);
  g_assert_null (restriction->lifted_at);
  g_assert_cmpstr (restriction->actor, ==, "Dana DPO");
  g_ptr_array_unref (restrictions);
  restrictions = clt_consent_ledger_list_restrictions (fx->ledger, profile_of (fx, "anna.quist@example.com"), &error);
  g_assert_cmpuint (restrictions->len, ==, 0);

  /* The audit log, a page at a time, newest first, and filtered. */
  n_entries = query_int (fx, "SELECT count(*) FROM audit_log");
  g_assert_cmpint (n_entries, >=, 6);
  page = clt_workspace_list_audit (fx->workspace, NULL, NULL, 0, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 3);
  g_assert_cmpstr (((CltAuditEntry *) g_ptr_array_index (page, 0))->action, ==, "lift-restriction");
  g_assert_cmpint (((CltAuditEntry *) g_ptr_array_index (page, 0))->object_id, ==, restricted);
  g_assert_cmpstr (((CltAuditEntry *) g_ptr_array_index (page, 0))->object_kind, ==, "restriction");
  rest = clt_workspace_list_audit (fx->workspace, NULL, NULL, ((CltAuditEntry *) g_ptr_array_index (page, 2))->id,
                                   1000, &error);
  g_assert_cmpint (page->len + rest->len, ==, n_entries);
  g_assert_cmpint (((CltAuditEntry *) g_ptr_array_index (rest, 0))->id, <,
                   ((CltAuditEntry *) g_ptr_array_index (page, 2))->id);

  filtered = clt_workspace_list_audit (fx->workspace, "export", "Dana DPO", 0, 100, &error);
  g_assert_cmpuint (filtered->len, ==, 2);
  g_ptr_array_unref (filtered);
  filtered = clt_workspace_list_audit (fx->workspace, "export", "Someone Else", 0, 100, &error);
  g_assert_cmpuint (filtered->len, ==, 0);

  actions = clt_workspace_dup_audit_actions (fx->workspace, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) actions, "import"));
  g_assert_true (g_strv_contains ((const char * const *) actions, "export"));
  g_assert_true (g_strv_contains ((const char * const *) actions, "objection"));
  g_assert_cmpint (g_strv_length (actions), ==,
                   query_int (fx, "SELECT count (DISTINCT action) FROM audit_log"));
  actors = clt_workspace_dup_audit_actors (fx->workspace, &error);
  g_assert_true (g_strv_contains ((const char * const *) actors, "Dana DPO"));
}

/* The audience split of a segment of everyone agrees, for each purpose segments offer, with the ledger's
 * eligibility: after imports, a withdrawal, a restriction, a merge, an erasure, double
 * opt-in required, and a purpose's basis changed. It reads the consent sets each commit
 * keeps, which exist for every purpose. */
static void
assert_split_agrees (Fixture *fx)
{
  g_autoptr(CltSegmentEvaluator) evaluator = NULL;
  g_autoptr(CltSegmentGroup) everyone = clt_segment_group_new (CLT_SEGMENT_MATCH_ALL);
  g_autoptr(sqlite3_stmt) purposes = _clt_workspace_prepare (fx->workspace,
    "SELECT key, channel FROM purposes WHERE key IN ('email_marketing', 'postal_marketing', 'ads_audience')", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM purposes WHERE key NOT IN (SELECT purpose FROM consent_sets)"), ==, 0);
  evaluator = clt_segment_evaluator_new (fx->path, &error);
  g_assert_no_error (error);
  while (sqlite3_step (purposes) == SQLITE_ROW)
    {
      const char *purpose = (const char *) sqlite3_column_text (purposes, 0);
      g_autoptr(CltEligibility) eligible = check (fx, purpose, 0);
      g_autoptr(CltSegmentCounts) counts = NULL;

      clt_segment_evaluator_set_purpose (evaluator, purpose, (const char *) sqlite3_column_text (purposes, 1));
      counts = clt_segment_evaluator_count (evaluator, everyone, 0, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (clt_segment_counts_get_consented (counts), ==, clt_eligibility_get_n_eligible (eligible));
    }
}

static void
test_consent_sets (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 anna, fritz, dora, commits;

  import_ok (fx, "newsletter-subscribed.csv", "Newsletter");
  import_ok (fx, "newsletter-unsubscribed.csv", "Abmeldungen");
  import_ok (fx, "newsletter-variant.csv", "Newsletter-2025");
  assert_split_agrees (fx);
  g_assert_cmpint (query_int (fx, "SELECT count (*) FROM consent_sets"), >, 0);

  anna = profile_of (fx, "anna.quist@example.com");
  fritz = profile_of (fx, "fritz.neu@example.com");
  dora = profile_of (fx, "dora.lind@example.net");
  /* Each commit counts itself (the evaluator's two connections compare it). */
  commits = query_int (fx, "SELECT CAST (value AS INTEGER) FROM workspace_meta WHERE key = 'commits'");
  record (fx, "anna.quist@example.com", "email_marketing", "email", "withdrawn", "2026-01-02T10:00:00Z", "web_form");
  g_assert_cmpint (query_int (fx, "SELECT CAST (value AS INTEGER) FROM workspace_meta WHERE key = 'commits'"), ==, commits + 1);
  /* Consent for ads given by e-mail, without double opt-in: counted until it is required. */
  record (fx, "fritz.neu@example.com", "ads_audience", "ads", "given", "2026-01-03T10:00:00Z", "web_form");
  assert_split_agrees (fx);

  g_assert_cmpint (clt_consent_ledger_restrict (fx->ledger, dora, CLT_RESTRICTION_KIND_OBJECTION, NULL, NULL, &error), >, 0);
  g_assert_no_error (error);
  assert_split_agrees (fx);

  g_assert_cmpint (clt_identity_merge (fx->workspace, fritz, anna, &error), >, 0);
  g_assert_no_error (error);
  assert_split_agrees (fx);

  g_assert_true (clt_consent_ledger_set_require_double_opt_in (fx->ledger, TRUE, &error));
  g_assert_no_error (error);
  assert_split_agrees (fx);

  /* Postal marketing on consent instead of legitimate interest: its set is built anew. */
  exec_sql (fx, "UPDATE purposes SET legal_basis = 'a' WHERE key = 'postal_marketing'");
  assert_split_agrees (fx);

  g_assert_true (clt_consent_ledger_erase (fx->ledger, dora, &error));
  g_assert_no_error (error);
  assert_split_agrees (fx);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_dir = NULL;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  /* Erasures are kept in the data folder (clt-erasure-ledger.c): a folder of the tests' own. */
  data_dir = clt_test_make_tmp_dir ("test-consent-data");
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);

#define ADD(path, func) \
  g_test_add ("/consent/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("conflicting-sources", test_conflicting_sources);
  ADD ("import-order", test_import_order);
  ADD ("same-instant", test_same_instant);
  ADD ("withdrawal-without-grant", test_withdrawal_without_grant);
  ADD ("objection-beats-grant", test_objection_beats_grant);
  ADD ("bounce", test_bounce);
  ADD ("purpose-and-channel", test_purpose_and_channel);
  ADD ("weak-proof", test_weak_proof);
  ADD ("stale", test_stale);
  ADD ("reimport-after-erasure", test_reimport_after_erasure);
  ADD ("erased-bytes", test_erased_bytes);
  ADD ("export-recipients", test_export_recipients);
  ADD ("family-merge", test_family_merge);
  ADD ("shared-address-objection", test_shared_address_objection);
  ADD ("restriction", test_restriction);
  ADD ("existing-customer", test_existing_customer);
  ADD ("audit-tamper", test_audit_tamper);
  ADD ("audit-removed", test_audit_removed);
  ADD ("append-only-no-pii", test_append_only_no_pii);
  ADD ("request-deadline", test_request_deadline);
  ADD ("request-states", test_request_states);
  ADD ("access-report", test_access_report);
  ADD ("retention/consent", test_retention_consent);
  ADD ("retention/activity", test_retention_activity);
  ADD ("retention/purge", test_retention_purge);
  ADD ("notice-invalidated", test_notice_invalidated);
  ADD ("point-in-time", test_point_in_time);
  ADD ("erasure-after-restore", test_erasure_after_restore);
  ADD ("purposes", test_purposes);
  ADD ("purpose-add", test_purpose_add);
  ADD ("count-by-month", test_count_by_month);
  ADD ("governance-lists", test_governance_lists);
  ADD ("consent-sets", test_consent_sets);
#undef ADD

  return g_test_run ();
}
