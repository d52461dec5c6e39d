/* test-consent-page.c: the DPO panel and a customer's Consent tab, driven as a user would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "clt-test-utils.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "clt-consent-chart.h"
#include "clt-consent-page.h"
#include "clt-coverage-bar.h"
#include "clt-deletions-dialog.h"
#include "clt-format.h"
#include "clt-page.h"
#include "clt-profile-consent.h"
#include "clt-profile-view.h"
#include "clt-merge-dialog.h"
#include "clt-profile-row.h"
#include "clt-profiles-page.h"
#include "clt-purpose-dialog.h"
#include "clt-requests-dialog.h"
#include "clt-window-private.h"

static char *tmp_dir;

static gboolean
counted (gpointer data)
{
  CltWindow *window = data;

  return clt_page_get_count (CLT_PAGE (gtk_stack_get_child_by_name (window->pages_stack, "profiles")), "profiles") >= 0;
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* The demo business's customers, resolved, in a window. */
static CltWindow *
demo_window (const char *name)
{
  g_autofree char *path = tmp_path (name);
  g_autoptr(CltResolver) resolver = clt_resolver_new (path);
  g_autoptr(GError) error = NULL;
  CltWindow *window;

  g_assert_true (clt_demo_import (path, 200, 5, NULL, &error));
  g_assert_true (clt_resolver_run (resolver, NULL, &error));
  g_assert_no_error (error);

  window = clt_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  clt_test_wait_until (clt_test_is_mapped, window);
  g_assert_true (clt_window_open_workspace (window, path, &error));
  clt_test_wait_until (counted, window);

  return window;
}

static gint64
query_int (CltWindow  *window,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open (clt_workspace_get_path (clt_window_get_workspace (window)), &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static void
exec_sql (CltWindow  *window,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (clt_workspace_get_path (clt_window_get_workspace (window)), &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static GtkWidget *
find_named (GtkWidget  *widget,
            GType       type,
            const char *name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && (name == NULL || g_strcmp0 (gtk_widget_get_name (widget), name) == 0))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, type, name);

      if (found)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);

      if (found)
        return found;
    }

  return NULL;
}

static void
collect (GtkWidget  *widget,
         gboolean  (*match) (GtkWidget *),
         GPtrArray  *found)
{
  if (match (widget))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect (child, match, found);
}

static gboolean
is_audit_row (GtkWidget *widget)
{
  return ADW_IS_ACTION_ROW (widget) && g_object_get_data (G_OBJECT (widget), "entry-id") != NULL;
}

static gboolean
is_event_row (GtkWidget *widget)
{
  return ADW_IS_ACTION_ROW (widget) && gtk_widget_has_css_class (widget, "consent-event");
}

static gboolean
is_state_row (GtkWidget *widget)
{
  return ADW_IS_ACTION_ROW (widget) && gtk_widget_has_css_class (widget, "consent-state");
}

static CltConsentPage *
consent_page (CltWindow *window)
{
  return CLT_CONSENT_PAGE (gtk_stack_get_child_by_name (window->pages_stack, "consent"));
}

static gboolean
panel_loaded (gpointer data)
{
  CltConsentPage *page = data;
  GtkStack *stack = GTK_STACK (find_named (GTK_WIDGET (page), GTK_TYPE_STACK, NULL));

  return !clt_consent_page_get_loading (page) && g_strcmp0 (gtk_stack_get_visible_child_name (stack), "panel") == 0;
}

static const char *
subtitle_of (GtkWidget  *widget,
             const char *title)
{
  GtkWidget *row = find_row (widget, title);

  g_assert_nonnull (row);

  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static gboolean
verify_done (gpointer data)
{
  const char *subtitle = subtitle_of (data, "Integrity");

  return !g_str_equal (subtitle, "Checking…") && !g_str_equal (subtitle, "Not checked yet");
}

static void
assert_label_has (GtkWidget  *row,
                  const char *css_class,
                  gint64      value)
{
  g_autofree char *number = clt_format_count (value);
  GtkWidget *label = clt_test_find_class (row, css_class);

  g_assert_nonnull (label);
  if (strstr (gtk_label_get_label (GTK_LABEL (label)), number) == NULL)
    g_error ("“%s” does not show %s", gtk_label_get_label (GTK_LABEL (label)), number);
}

/* The panel: coverage as the ledger counts it, the chart's months, the audit log with its
 * filter, and Verify before and after someone edits an entry in the file. */
static void
test_panel (void)
{
  CltWindow *window = demo_window ("panel.sqlite3");
  CltConsentPage *page = consent_page (window);
  g_autoptr(CltConsentLedger) ledger = clt_consent_ledger_new (clt_window_get_workspace (window));
  g_autoptr(GListModel) purposes = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  CltConsentChart *chart;
  AdwComboRow *filter;
  GtkStringList *choices;
  guint n_marketing = 0;
  gint64 second;

  clt_window_show_page (window, "consent");
  clt_test_wait_until (panel_loaded, page);

  /* A bar per marketing purpose, with the ledger's numbers. */
  purposes = clt_consent_ledger_list_purposes (ledger, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (purposes); i++)
    {
      g_autoptr(CltPurpose) purpose = g_list_model_get_item (purposes, i);
      g_autoptr(CltEligibility) check = NULL;
      g_autofree char *name = g_strconcat ("coverage-", clt_purpose_get_key (purpose), NULL);
      GtkWidget *row = find_named (GTK_WIDGET (page), ADW_TYPE_PREFERENCES_ROW, name);
      CltCoverageBar *bar;

      if (!clt_purpose_get_marketing (purpose))
        {
          g_assert_null (row);
          continue;
        }
      n_marketing++;
      g_assert_nonnull (row);
      check = clt_consent_ledger_check (ledger, clt_purpose_get_key (purpose), NULL, 0, &error);
      g_assert_no_error (error);
      assert_label_has (row, "coverage-summary", clt_eligibility_get_n_eligible (check));
      assert_label_has (row, "coverage-summary", clt_eligibility_get_n_candidates (check));
      assert_label_has (row, "coverage-details", clt_eligibility_get_n_weak_proof (check));
      assert_label_has (row, "coverage-details", clt_eligibility_get_n_stale (check));
      assert_label_has (row, "coverage-details", clt_eligibility_get_n_excluded_total (check));
      bar = CLT_COVERAGE_BAR (find_named (row, CLT_TYPE_COVERAGE_BAR, NULL));
      g_assert_cmpint (clt_coverage_bar_get_count (bar, CLT_COVERAGE_FINE) +
                       clt_coverage_bar_get_count (bar, CLT_COVERAGE_WEAK_PROOF) +
                       clt_coverage_bar_get_count (bar, CLT_COVERAGE_STALE), ==, clt_eligibility_get_n_eligible (check));
      g_assert_cmpint (clt_coverage_bar_get_count (bar, CLT_COVERAGE_EXCLUDED), ==,
                       clt_eligibility_get_n_excluded_total (check));
      if (g_str_equal (clt_purpose_get_key (purpose), "email_marketing"))
        {
          /* The demo's newsletter has grants and withdrawals: the bar is not all one thing. */
          g_assert_cmpint (clt_eligibility_get_n_eligible (check), >, 0);
          g_assert_cmpint (clt_eligibility_get_n_excluded_total (check), >, 0);
        }
    }
  g_assert_cmpuint (n_marketing, >=, 2);

  /* The chart has the ledger's grants and withdrawals. */
  chart = CLT_CONSENT_CHART (find_named (GTK_WIDGET (page), CLT_TYPE_CONSENT_CHART, NULL));
  g_assert_cmpuint (clt_consent_chart_get_n_months (chart), >, 1);
  g_assert_cmpint (clt_consent_chart_get_total (chart, FALSE), ==,
                   query_int (window, "SELECT count(*) FROM consent_events WHERE action = 'given'"));
  g_assert_cmpint (clt_consent_chart_get_total (chart, TRUE), ==,
                   query_int (window, "SELECT count(*) FROM consent_events WHERE action IN ('withdrawn', 'revoked')"));
  g_assert_cmpint (clt_consent_chart_get_total (chart, TRUE), >, 0);

  /* The audit log, newest first; filtered to imports, only imports. */
  collect (GTK_WIDGET (page), is_audit_row, entries);
  g_assert_cmpuint (entries->len, ==, MIN (50, query_int (window, "SELECT count(*) FROM audit_log")));
  g_assert_cmpint (GPOINTER_TO_SIZE (g_object_get_data (g_ptr_array_index (entries, 0), "entry-id")), ==,
                   query_int (window, "SELECT max(id) FROM audit_log"));
  filter = ADW_COMBO_ROW (find_row (GTK_WIDGET (page), "Action"));
  choices = GTK_STRING_LIST (adw_combo_row_get_model (filter));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (choices)); i++)
    if (g_str_equal (gtk_string_list_get_string (choices, i), "Import"))
      adw_combo_row_set_selected (filter, i);
  clt_test_wait_until (panel_loaded, page);
  g_ptr_array_set_size (entries, 0);
  collect (GTK_WIDGET (page), is_audit_row, entries);
  g_assert_cmpint (entries->len, ==, query_int (window, "SELECT count(*) FROM audit_log WHERE action = 'import'"));
  for (guint i = 0; i < entries->len; i++)
    g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (entries, i)), ==, "Import");

  /* Verify: intact; after an entry is edited in the file, broken at that entry. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "consent.verify", NULL));
  clt_test_wait_until (verify_done, page);
  g_assert_true (g_str_has_prefix (subtitle_of (GTK_WIDGET (page), "Integrity"), "Intact"));

  second = query_int (window, "SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 1");
  exec_sql (window, "DROP TRIGGER audit_log_no_update; "
                    "UPDATE audit_log SET actor = 'someone else' WHERE id = (SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 1)");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "consent.verify", NULL));
  clt_test_wait_until (verify_done, page);
  {
    g_autofree char *expected = g_strdup_printf ("Broken at entry %" G_GINT64_FORMAT ":", second);

    g_assert_true (g_str_has_prefix (subtitle_of (GTK_WIDGET (page), "Integrity"), expected));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  clt_test_settle (100);
}

static gboolean
deletions_loaded (gpointer data)
{
  return !clt_deletions_dialog_get_loading (data);
}

static gboolean
has_pending (gpointer data)
{
  return panel_loaded (data) && strstr (subtitle_of (data, "Deletions Due"), "await") != NULL;
}

/* Retention: the deletions the purposes' rules make due are found as the panel is looked at,
 * approved, and purged after the confirmation. */
static void
test_retention (void)
{
  CltWindow *window = demo_window ("retention.sqlite3");
  CltConsentPage *page = consent_page (window);
  g_autoptr(CltConsentLedger) ledger = clt_consent_ledger_new (clt_window_get_workspace (window));
  g_autoptr(GError) error = NULL;
  g_autoptr(CltPurpose) email = NULL;
  AdwDialog *dialog;
  CltDeletionsDialog *deletions;
  gint64 n_profiles = query_int (window, "SELECT count(*) FROM profiles");
  gint64 pending, approved, approved_profiles;

  clt_workspace_set_actor (clt_window_get_workspace (window), "Dana DPO");
  /* E-mail marketing keeps its data a month after the last activity: the subscribers who buy
   * nothing are due whole, the newsletter activity of customers (kept for their purchases)
   * alone. */
  email = clt_consent_ledger_dup_purpose (ledger, "email_marketing", &error);
  g_assert_no_error (error);
  clt_purpose_set_retention_months (email, 1);
  g_assert_true (clt_consent_ledger_save_purpose (ledger, email, &error));
  clt_window_show_page (window, "consent");
  clt_window_reload (window);
  clt_test_wait_until (has_pending, page);
  pending = query_int (window, "SELECT count(*) FROM retention_due WHERE approved_at IS NULL");
  g_assert_cmpint (pending, >, 0);
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM retention_due WHERE category = 'profile'"), >, 0);
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM retention_due WHERE category = 'profile'"), <, n_profiles);
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM retention_due WHERE category = 'newsletter'"), >, 0);
  {
    g_autofree char *count = clt_format_count (pending);

    g_assert_nonnull (strstr (subtitle_of (GTK_WIDGET (page), "Deletions Due"), count));
  }

  /* The row opens the list the DPO approves: each entry a customer, whole or a category. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "consent.deletions", NULL));
  deletions = CLT_DELETIONS_DIALOG (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)));
  g_assert_true (CLT_IS_DELETIONS_DIALOG (deletions));
  clt_test_wait_until (deletions_loaded, deletions);
  g_assert_cmpuint (clt_deletions_dialog_get_n_rows (deletions), ==, MIN (pending, 1000) + (pending > 1000));
  {
    g_autoptr(GPtrArray) first = clt_consent_ledger_list_due (ledger, 1, &error);
    const CltRetentionDue *due;

    g_assert_no_error (error);
    due = g_ptr_array_index (first, 0);
    g_assert_nonnull (due->name);
    g_assert_nonnull (find_row (GTK_WIDGET (deletions), due->name));
  }

  /* Purge is there only for approved deletions. */
  gtk_widget_activate_action (GTK_WIDGET (deletions), "deletions.purge", NULL);
  g_assert_true (CLT_IS_DELETIONS_DIALOG (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (deletions), "deletions.approve", NULL));
  clt_test_wait_until (deletions_loaded, deletions);
  g_assert_true (clt_consent_ledger_count_due (ledger, &pending, &approved, &error));
  g_assert_cmpint (pending, ==, 0);
  g_assert_cmpint (approved, >, 0);
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM retention_due WHERE approved_by = 'Dana DPO'"), ==, approved);
  approved_profiles = query_int (window, "SELECT count(*) FROM retention_due WHERE category = 'profile'");

  /* The purge asks first: cancelled, nothing goes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (deletions), "deletions.purge", NULL));
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
  g_signal_emit_by_name (dialog, "response", "cancel");
  adw_dialog_force_close (dialog);
  clt_test_settle (100);
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM profiles"), ==, n_profiles);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (deletions), "deletions.purge", NULL));
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
  g_signal_emit_by_name (dialog, "response", "purge");
  adw_dialog_force_close (dialog);
  clt_test_settle (100);
  clt_test_wait_until (deletions_loaded, deletions);
  /* Nothing is due any more: the list says so. */
  g_assert_cmpuint (clt_deletions_dialog_get_n_rows (deletions), ==, 0);
  adw_dialog_force_close (ADW_DIALOG (deletions));
  clt_test_settle (100);
  clt_test_wait_until (panel_loaded, page);
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM profiles"), ==, n_profiles - approved_profiles);
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM retention_due"), ==, 0);
  /* Customers kept for their purchases keep them, without their newsletter activity. */
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM events WHERE kind = 'purchase'"), >, 0);
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM suppression"), ==, 0);
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM audit_log WHERE action = 'retention-purge' AND actor = 'Dana DPO'"),
                   ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  clt_test_settle (100);
}

static gboolean
tab_loaded (gpointer data)
{
  return !clt_profile_consent_get_loading (data);
}

static gboolean
undo_shown (gpointer data)
{
  return clt_test_find_button (data, "_Undo") != NULL;
}

/* A customer's Consent tab: states and history with evidence; restrict with Undo; export of
 * their data; the proof; erasure, after which an import of them is refused. */
static void
test_profile_tab (void)
{
  CltWindow *window = demo_window ("profile.sqlite3");
  CltProfilesPage *profiles = CLT_PROFILES_PAGE (gtk_stack_get_child_by_name (window->pages_stack, "profiles"));
  gint64 profile = query_int (window, "SELECT r.profile_id FROM consent_events e JOIN source_records r "
                                      "ON r.id = e.source_record_id WHERE e.method = 'double opt-in' "
                                      "AND r.profile_id IS NOT NULL ORDER BY r.profile_id LIMIT 1");
  g_autofree char *folder_path = tmp_path ("access");
  g_autoptr(GFile) folder = g_file_new_for_path (folder_path);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *email = NULL;
  AdwNavigationView *navigation;
  CltProfileView *view;
  CltProfileConsent *tab;
  AdwDialog *dialog;
  gboolean has_evidence = FALSE;

  g_assert_cmpint (profile, >, 0);
  clt_workspace_set_actor (clt_window_get_workspace (window), "Dana DPO");
  clt_window_show_page (window, "profiles");
  clt_profiles_page_show_profile (profiles, profile);
  navigation = ADW_NAVIGATION_VIEW (adw_bin_get_child (ADW_BIN (profiles)));
  /* Held, to look at it after it closes. */
  view = g_object_ref (CLT_PROFILE_VIEW (adw_navigation_view_get_visible_page (navigation)));
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (find_named (GTK_WIDGET (view), ADW_TYPE_VIEW_STACK, NULL)),
                                         "consent");
  tab = CLT_PROFILE_CONSENT (find_named (GTK_WIDGET (view), CLT_TYPE_PROFILE_CONSENT, NULL));
  clt_test_wait_until (tab_loaded, tab);

  /* The state of each address and purpose, and the history with its double opt-in proof. */
  collect (GTK_WIDGET (tab), is_state_row, rows);
  g_assert_cmpuint (rows->len, >, 0);
  g_ptr_array_set_size (rows, 0);
  collect (GTK_WIDGET (tab), is_event_row, rows);
  g_assert_cmpint (rows->len, >=, 1);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *subtitle = adw_action_row_get_subtitle (g_ptr_array_index (rows, i));

      if (strstr (subtitle, "Confirmed ") && strstr (subtitle, "Signed up ") && strstr (subtitle, "From ") &&
          strstr (subtitle, "double opt-in"))
        has_evidence = TRUE;
    }
  g_assert_true (has_evidence);

  /* Restrict: at once, with Undo, which lifts it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "profile.restrict", NULL));
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
  gtk_editable_set_text (GTK_EDITABLE (adw_alert_dialog_get_extra_child (ADW_ALERT_DIALOG (dialog))), "accuracy contested");
  g_signal_emit_by_name (dialog, "response", "restrict");
  adw_dialog_force_close (dialog);
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM restrictions WHERE lifted_at IS NULL "
                                      "AND reason = 'accuracy contested' AND actor = 'Dana DPO'"), ==, 1);
  clt_test_wait_until (tab_loaded, tab);
  g_assert_nonnull (find_row (GTK_WIDGET (tab), "Restriction: all purposes"));
  clt_test_wait_until (undo_shown, window);
  g_signal_emit_by_name (clt_test_find_button (GTK_WIDGET (window), "_Undo"), "clicked");
  clt_test_settle (100);
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM restrictions WHERE lifted_at IS NULL"), ==, 0);
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM restrictions WHERE lifted_by = 'Dana DPO'"), ==, 1);

  /* The person's data: a JSON and a readable report, in the folder; an access request done. */
  clt_profile_consent_export_to (tab, folder);
  clt_test_settle (100);
  clt_test_wait_until (tab_loaded, tab);
  {
    g_autofree char *json_name = g_strdup_printf ("access-%" G_GINT64_FORMAT ".json", profile);
    g_autofree char *html_name = g_strdup_printf ("access-%" G_GINT64_FORMAT ".html", profile);
    g_autofree char *json_path = g_build_filename (folder_path, json_name, NULL);
    g_autofree char *html_path = g_build_filename (folder_path, html_name, NULL);
    g_autofree char *json = NULL;
    g_autofree char *html = NULL;
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_true (g_file_get_contents (json_path, &json, NULL, &error));
    g_assert_true (g_file_get_contents (html_path, &html, NULL, &error));
    g_assert_no_error (error);
    g_assert_nonnull (strstr (json, "double opt-in"));
    g_assert_nonnull (strstr (html, "<html"));

    sqlite3_open (clt_workspace_get_path (clt_window_get_workspace (window)), &db);
    sqlite3_prepare_v2 (db, "SELECT identifier FROM consent_events e JOIN source_records r ON r.id = e.source_record_id "
                            "WHERE r.profile_id = ?1 AND e.identifier_kind = 'email' LIMIT 1", -1, &stmt, NULL);
    sqlite3_bind_int64 (stmt, 1, profile);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    email = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
    sqlite3_close (db);
    g_assert_nonnull (strstr (json, email));
  }
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM subject_requests WHERE kind = 'access' AND status = 'done'"),
                   ==, 1);

  /* The proof: a page in the cache folder, with the person's address and its evidence. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "profile.consent-proof", NULL));
  clt_test_wait_until (tab_loaded, tab);
  {
    g_autofree char *proof = NULL;

    g_assert_nonnull (clt_profile_consent_get_proof_file (tab));
    g_assert_true (g_file_load_contents (clt_profile_consent_get_proof_file (tab), NULL, &proof, NULL, NULL, &error));
    g_assert_nonnull (strstr (proof, email));
    g_assert_nonnull (strstr (proof, "double opt-in"));
  }

  /* Erase asks first; then the customer is gone, the page closes, and an import of them is
   * refused. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "profile.erase", NULL));
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
  g_signal_emit_by_name (dialog, "response", "erase");
  adw_dialog_force_close (dialog);
  clt_test_wait_until (tab_loaded, tab);
  clt_test_settle (100);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM profiles WHERE id = %" G_GINT64_FORMAT, profile);

    g_assert_cmpint (query_int (window, sql), ==, 0);
  }
  g_assert_false ((gpointer) adw_navigation_view_get_visible_page (navigation) == (gpointer) view);
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM subject_requests WHERE kind = 'erasure' AND status = 'done'"),
                   ==, 1);
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM audit_log WHERE action = 'erase' AND actor = 'Dana DPO'"), ==, 1);
  {
    g_autofree char *demo_dir = tmp_path ("again");
    g_auto(GStrv) paths = NULL;
    guint64 suppressed = 0;

    g_mkdir (demo_dir, 0700);
    paths = clt_demo_write (demo_dir, 200, 5, &error);
    g_assert_no_error (error);
    for (guint i = 0; paths[i]; i++)
      {
        g_autofree char *text = NULL;
        g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
        g_autoptr(CltImporter) importer = NULL;

        if (!g_file_get_contents (paths[i], &text, NULL, NULL) || strcasestr (text, email) == NULL)
          continue;
        importer = clt_importer_new (clt_workspace_get_path (clt_window_get_workspace (window)), file);
        g_assert_true (clt_importer_run (importer, FALSE, NULL, &error));
        g_assert_no_error (error);
        suppressed += clt_importer_get_rows_suppressed (importer);
      }
    g_assert_cmpuint (suppressed, >=, 1);
  }

  g_object_unref (view);
  gtk_window_destroy (GTK_WINDOW (window));
  clt_test_settle (100);
}

/* ---- subject requests ---- */

static gboolean
dialog_loaded (gpointer data)
{
  return !clt_requests_dialog_get_loading (data);
}

static gboolean
is_request_row (GtkWidget *widget)
{
  return ADW_IS_ACTION_ROW (widget) && g_object_get_data (G_OBJECT (widget), "request-id") != NULL;
}

static GtkWidget *
request_row (CltRequestsDialog *dialog,
             gint64             id)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (GTK_WIDGET (dialog), is_request_row, rows);
  for (guint i = 0; i < rows->len; i++)
    if (GPOINTER_TO_SIZE (g_object_get_data (g_ptr_array_index (rows, i), "request-id")) == (gsize) id)
      return g_ptr_array_index (rows, i);

  return NULL;
}

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;

  return FALSE;
}

/* Whether @menu has an item for @action on request @id. */
static gboolean
menu_has (GMenuModel *menu,
          const char *action,
          gint64      id)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autofree char *name = NULL;
      g_autoptr(GVariant) target = NULL;

      if (section && menu_has (section, action, id))
        return TRUE;
      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) && g_str_equal (name, action) &&
          (target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_INT64)) &&
          g_variant_get_int64 (target) == id)
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_profile_row (GtkWidget *widget)
{
  return CLT_IS_PROFILE_ROW (widget) && gtk_widget_get_mapped (widget);
}

/* The picker's row of the customer it is "wanted" for, once the search shows it. */
static GtkWidget *
picker_row (AdwDialog *picker)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (GTK_WIDGET (picker), is_profile_row, rows);
  for (guint i = 0; i < rows->len; i++)
    if (clt_profile_row_get_profile_id (g_ptr_array_index (rows, i)) == GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (picker), "wanted")))
      return g_ptr_array_index (rows, i);

  return NULL;
}

static gboolean
picker_found (gpointer data)
{
  return picker_row (data) != NULL;
}

static gboolean
requests_subtitle_is (gpointer data)
{
  const char **expected = data;

  return panel_loaded ((gpointer) expected[0]) &&
         g_strcmp0 (subtitle_of ((GtkWidget *) expected[0], "Subject Requests"), expected[1]) == 0;
}

static CltRequestsDialog *
visible_requests_dialog (CltWindow *window)
{
  AdwDialog *dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));

  g_assert_true (CLT_IS_REQUESTS_DIALOG (dialog));
  clt_test_wait_until (dialog_loaded, dialog);
  clt_test_settle (100);

  return CLT_REQUESTS_DIALOG (dialog);
}

/* The DPO's list: from the panel's to-do row, empty at first; a request recorded for a
 * customer chosen by search, received forty days ago, appears overdue with its due day; marked
 * done from its menu, it leaves the list and the panel's count. */
static void
test_requests (void)
{
  CltWindow *window = demo_window ("requests.sqlite3");
  CltConsentPage *page = consent_page (window);
  gint64 profile = query_int (window, "SELECT id FROM profiles WHERE first_name IS NOT NULL AND last_name IS NOT NULL "
                                      "ORDER BY id LIMIT 1 OFFSET 3");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) received = g_date_time_add_days (now, -40);
  g_autoptr(GDateTime) due = clt_consent_request_due_date (received, 0);
  g_autofree char *due_text = g_date_time_format (due, "%x");
  g_autofree char *due_day = g_date_time_format (due, "%Y-%m-%d");
  g_autofree char *name = NULL;
  const char *none_open[] = { (const char *) page, "None open" };
  const char *one_overdue[] = { (const char *) page, "1 open, 1 overdue" };
  CltRequestsDialog *dialog;
  AdwDialog *picker;
  GtkWidget *row, *save;
  gint64 id;

  clt_workspace_set_actor (clt_window_get_workspace (window), "Dana DPO");
  {
    g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM profiles WHERE id = %" G_GINT64_FORMAT, profile);
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (query_int (window, sql), ==, 1);
    sqlite3_open (clt_workspace_get_path (clt_window_get_workspace (window)), &db);
    sqlite3_prepare_v2 (db, "SELECT first_name || ' ' || last_name FROM profiles WHERE id = ?1", -1, &stmt, NULL);
    sqlite3_bind_int64 (stmt, 1, profile);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }

  clt_window_show_page (window, "consent");
  clt_test_wait_until (requests_subtitle_is, none_open);

  /* The to-do row opens the list: nothing open yet. */
  g_assert_true (gtk_widget_activate (find_row (GTK_WIDGET (page), "Subject Requests")));
  dialog = visible_requests_dialog (window);
  g_assert_true (has_label (GTK_WIDGET (dialog), "No Open Requests"));

  /* Recording: nothing without a customer; the customer found by name. */
  g_signal_emit_by_name (clt_test_find_button (GTK_WIDGET (dialog), "_Record a Request…"), "clicked");
  clt_test_settle (100);
  save = find_row (GTK_WIDGET (dialog), "_Record Request");
  g_assert_nonnull (save);
  g_assert_false (gtk_widget_is_sensitive (save));
  g_assert_true (gtk_widget_activate (find_row (GTK_WIDGET (dialog), "Customer")));
  picker = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_true (CLT_IS_MERGE_DIALOG (picker));
  gtk_editable_set_text (GTK_EDITABLE (find_named (GTK_WIDGET (picker), GTK_TYPE_SEARCH_ENTRY, NULL)), name);
  g_object_set_data (G_OBJECT (picker), "wanted", GSIZE_TO_POINTER (profile));
  clt_test_wait_until (picker_found, picker);
  row = picker_row (picker);
  g_assert_true (gtk_widget_activate (row));
  clt_test_settle (100);
  g_assert_true ((gpointer) adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)) == (gpointer) dialog);
  g_assert_cmpstr (subtitle_of (GTK_WIDGET (dialog), "Customer"), ==, name);
  g_assert_true (gtk_widget_is_sensitive (save));

  /* An access request that came in forty days ago, due a month after. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_row (GTK_WIDGET (dialog), "Request")), 0);
  gtk_calendar_select_day (GTK_CALENDAR (find_named (GTK_WIDGET (dialog), GTK_TYPE_CALENDAR, NULL)), received);
  g_assert_cmpstr (subtitle_of (GTK_WIDGET (dialog), "Due"), ==, due_text);
  g_assert_true (gtk_widget_activate (save));
  clt_test_wait_until (dialog_loaded, dialog);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM subject_requests WHERE kind = 'access' AND status = 'open' "
                                            "AND profile_id = %" G_GINT64_FORMAT " AND due_at = '%s' AND actor = 'Dana DPO'",
                                            profile, due_day);

    g_assert_cmpint (query_int (window, sql), ==, 1);
  }
  id = query_int (window, "SELECT max(id) FROM subject_requests");

  /* It is listed: who, what, overdue; its menu marks it done. */
  row = request_row (dialog, id);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, name);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Access (Art. 15)"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), due_text));
  g_assert_true (has_label (row, "Overdue"));
  g_assert_true (gtk_widget_has_css_class (row, "needs-attention"));
  g_assert_nonnull (clt_test_find_button (row, "E_xport Data…"));
  g_assert_true (menu_has (g_object_get_data (G_OBJECT (row), "menu"), "requests.complete", id));
  g_assert_true (menu_has (g_object_get_data (G_OBJECT (row), "menu"), "requests.open-customer", id));
  /* Overdue and not extended in its first month: too late to extend. */
  g_assert_false (menu_has (g_object_get_data (G_OBJECT (row), "menu"), "requests.extend", id));
  clt_test_wait_until (requests_subtitle_is, one_overdue);

  g_assert_true (gtk_widget_activate_action (row, "requests.complete", "x", id));
  clt_test_wait_until (dialog_loaded, dialog);
  g_assert_null (request_row (dialog, id));
  g_assert_true (has_label (GTK_WIDGET (dialog), "No Open Requests"));
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM subject_requests WHERE id = %" G_GINT64_FORMAT
                                            " AND status = 'done' AND completed_at IS NOT NULL", id);

    g_assert_cmpint (query_int (window, sql), ==, 1);
  }
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM audit_log WHERE action = 'complete-request' "
                                      "AND actor = 'Dana DPO'"), ==, 1);
  clt_test_wait_until (requests_subtitle_is, none_open);

  adw_dialog_force_close (ADW_DIALOG (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  clt_test_settle (100);
}

static gboolean
profile_shown (gpointer data)
{
  CltWindow *window = data;
  CltProfilesPage *profiles = CLT_PROFILES_PAGE (gtk_stack_get_child_by_name (window->pages_stack, "profiles"));
  AdwNavigationView *navigation = ADW_NAVIGATION_VIEW (adw_bin_get_child (ADW_BIN (profiles)));

  return g_str_equal (clt_window_get_page (window), "profiles") &&
         CLT_IS_PROFILE_VIEW (adw_navigation_view_get_visible_page (navigation));
}

/* A customer's requests answered from the list: refused with a reason, extended with a
 * reason once told, access answered by the export of their data, erasure by the erasure
 * (confirmed); recorded from the customer's Consent tab; the name opens their page. */
static void
test_requests_answered (void)
{
  CltWindow *window = demo_window ("answered.sqlite3");
  g_autoptr(CltConsentLedger) ledger = clt_consent_ledger_new (clt_window_get_workspace (window));
  CltProfilesPage *profiles = CLT_PROFILES_PAGE (gtk_stack_get_child_by_name (window->pages_stack, "profiles"));
  gint64 anna = query_int (window, "SELECT id FROM profiles ORDER BY id LIMIT 1 OFFSET 5");
  gint64 bert = query_int (window, "SELECT id FROM profiles ORDER BY id LIMIT 1 OFFSET 6");
  g_autofree char *folder_path = tmp_path ("answered-access");
  g_autoptr(GFile) folder = g_file_new_for_path (folder_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) week_ago = g_date_time_add_days (now, -7);
  CltRequestsDialog *dialog;
  AdwDialog *alert;
  GtkWidget *extra;
  gint64 refused, extended, access, erasure;

  clt_workspace_set_actor (clt_window_get_workspace (window), "Dana DPO");
  refused = clt_consent_ledger_open_request (ledger, "rectification", anna, NULL, &error);
  extended = clt_consent_ledger_open_request (ledger, "portability", anna, week_ago, &error);
  access = clt_consent_ledger_open_request (ledger, "access", anna, NULL, &error);
  erasure = clt_consent_ledger_open_request (ledger, "erasure", bert, NULL, &error);
  g_assert_no_error (error);

  clt_window_show_page (window, "consent");
  clt_test_wait_until (panel_loaded, consent_page (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (consent_page (window)), "consent.requests", NULL));
  dialog = visible_requests_dialog (window);
  g_assert_nonnull (request_row (dialog, refused));

  /* Refused: only with a reason. */
  g_assert_true (gtk_widget_activate_action (request_row (dialog, refused), "requests.refuse", "x", refused));
  alert = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_true (ADW_IS_ALERT_DIALOG (alert));
  g_assert_false (adw_alert_dialog_get_response_enabled (ADW_ALERT_DIALOG (alert), "refuse"));
  gtk_editable_set_text (GTK_EDITABLE (adw_alert_dialog_get_extra_child (ADW_ALERT_DIALOG (alert))), "Identity not proven");
  g_assert_true (adw_alert_dialog_get_response_enabled (ADW_ALERT_DIALOG (alert), "refuse"));
  g_signal_emit_by_name (alert, "response", "refuse");
  adw_dialog_force_close (alert);
  clt_test_wait_until (dialog_loaded, dialog);
  g_assert_null (request_row (dialog, refused));
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM subject_requests WHERE status = 'refused' "
                                      "AND note = 'Identity not proven'"), ==, 1);

  /* Extended by two months: only with a reason and the person told; listed with the reason. */
  g_assert_true (menu_has (g_object_get_data (G_OBJECT (request_row (dialog, extended)), "menu"), "requests.extend", extended));
  g_assert_true (gtk_widget_activate_action (request_row (dialog, extended), "requests.extend", "x", extended));
  alert = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  extra = adw_alert_dialog_get_extra_child (ADW_ALERT_DIALOG (alert));
  g_assert_false (adw_alert_dialog_get_response_enabled (ADW_ALERT_DIALOG (alert), "extend"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_row (extra, "Extension")), 1);
  gtk_editable_set_text (GTK_EDITABLE (find_row (extra, "Reason")), "Records in three shops");
  g_assert_false (adw_alert_dialog_get_response_enabled (ADW_ALERT_DIALOG (alert), "extend"));
  adw_switch_row_set_active (ADW_SWITCH_ROW (find_row (extra, "Person Told")), TRUE);
  g_assert_true (adw_alert_dialog_get_response_enabled (ADW_ALERT_DIALOG (alert), "extend"));
  g_signal_emit_by_name (alert, "response", "extend");
  adw_dialog_force_close (alert);
  clt_test_wait_until (dialog_loaded, dialog);
  {
    g_autoptr(GDateTime) due = clt_consent_request_due_date (week_ago, 2);
    g_autofree char *due_day = g_date_time_format (due, "%Y-%m-%d");
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM subject_requests WHERE id = %" G_GINT64_FORMAT
                                            " AND status = 'open' AND due_at = '%s'", extended, due_day);
    const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (request_row (dialog, extended)));

    g_assert_cmpint (query_int (window, sql), ==, 1);
    g_assert_nonnull (strstr (subtitle, "Extended by 2 months: Records in three shops"));
  }
  g_assert_false (menu_has (g_object_get_data (G_OBJECT (request_row (dialog, extended)), "menu"), "requests.extend", extended));

  /* Access: answered by the export of the person's data into a folder. */
  clt_requests_dialog_export_to (dialog, access, folder);
  clt_test_wait_until (dialog_loaded, dialog);
  {
    g_autofree char *json_name = g_strdup_printf ("access-%" G_GINT64_FORMAT ".json", anna);
    g_autofree char *json_path = g_build_filename (folder_path, json_name, NULL);
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM subject_requests WHERE id = %" G_GINT64_FORMAT
                                            " AND status = 'done'", access);

    g_assert_true (g_file_test (json_path, G_FILE_TEST_EXISTS));
    g_assert_cmpint (query_int (window, sql), ==, 1);
  }
  g_assert_null (request_row (dialog, access));

  /* Erasure: its button asks first; then the customer is gone and the request done. */
  g_signal_emit_by_name (clt_test_find_button (request_row (dialog, erasure), "_Erase…"), "clicked");
  alert = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_true (ADW_IS_ALERT_DIALOG (alert));
  g_signal_emit_by_name (alert, "response", "erase");
  adw_dialog_force_close (alert);
  clt_test_wait_until (dialog_loaded, dialog);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM profiles WHERE id = %" G_GINT64_FORMAT, bert);
    g_autofree char *done = g_strdup_printf ("SELECT count(*) FROM subject_requests WHERE id = %" G_GINT64_FORMAT
                                             " AND status = 'done' AND profile_id IS NULL", erasure);

    g_assert_cmpint (query_int (window, sql), ==, 0);
    g_assert_cmpint (query_int (window, done), ==, 1);
  }
  g_assert_null (request_row (dialog, erasure));

  /* The name opens the customer's page, and the list closes. */
  g_assert_true (gtk_widget_activate (request_row (dialog, extended)));
  clt_test_wait_until (profile_shown, window);
  g_assert_null (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)));
  {
    AdwNavigationView *navigation = ADW_NAVIGATION_VIEW (adw_bin_get_child (ADW_BIN (profiles)));
    CltProfileView *view = CLT_PROFILE_VIEW (adw_navigation_view_get_visible_page (navigation));
    CltProfileConsent *tab = CLT_PROFILE_CONSENT (find_named (GTK_WIDGET (view), CLT_TYPE_PROFILE_CONSENT, NULL));

    g_assert_cmpint (clt_profile_view_get_profile_id (view), ==, anna);

    /* Their tab lists the open request; Record a Request opens on its form, for them. */
    clt_test_wait_until (tab_loaded, tab);
    g_assert_nonnull (find_row (GTK_WIDGET (tab), "Portability (Art. 20)"));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "profile.record-request", NULL));
    dialog = visible_requests_dialog (window);
    g_assert_true (gtk_widget_get_mapped (find_row (GTK_WIDGET (dialog), "_Record Request")));
    g_assert_true (gtk_widget_is_sensitive (find_row (GTK_WIDGET (dialog), "_Record Request")));
    adw_combo_row_set_selected (ADW_COMBO_ROW (find_row (GTK_WIDGET (dialog), "Request")), 5);
    g_assert_true (gtk_widget_activate (find_row (GTK_WIDGET (dialog), "_Record Request")));
    clt_test_wait_until (dialog_loaded, dialog);
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM subject_requests WHERE kind = 'objection' "
                                              "AND status = 'open' AND profile_id = %" G_GINT64_FORMAT, anna);

      g_assert_cmpint (query_int (window, sql), ==, 1);
    }
    /* Answered from the list: the objection recorded, the request done. */
    {
      gint64 objection = query_int (window, "SELECT max(id) FROM subject_requests");
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM subject_requests WHERE id = %" G_GINT64_FORMAT
                                              " AND status = 'done'", objection);

      g_signal_emit_by_name (clt_test_find_button (request_row (dialog, objection), "Record _Objection"), "clicked");
      clt_test_wait_until (dialog_loaded, dialog);
      g_assert_cmpint (query_int (window, sql), ==, 1);
      g_assert_cmpint (query_int (window, "SELECT count(*) FROM restrictions WHERE kind = 'objection' "
                                          "AND lifted_at IS NULL AND actor = 'Dana DPO'"), ==, 1);
    }
    adw_dialog_force_close (ADW_DIALOG (dialog));
    clt_test_settle (100);
    clt_test_wait_until (tab_loaded, tab);
    g_assert_nonnull (find_row (GTK_WIDGET (tab), "Objection: all direct marketing"));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  clt_test_settle (100);
}

/* The DPO adds a purpose: the dialog opens empty, the key is made from the name, every field is
 * stored with an audit entry, and the panel lists it with its coverage. */
static void
test_add_purpose (void)
{
  CltWindow *window = demo_window ("purpose.sqlite3");
  CltConsentPage *page = consent_page (window);
  g_autoptr(CltConsentLedger) ledger = clt_consent_ledger_new (clt_window_get_workspace (window));
  g_autoptr(CltPurpose) added = NULL;
  g_autoptr(GError) error = NULL;
  AdwDialog *dialog;
  GtkWidget *add;

  clt_workspace_set_actor (clt_window_get_workspace (window), "Dana DPO");
  clt_window_show_page (window, "consent");
  clt_test_wait_until (panel_loaded, page);

  g_assert_true (gtk_widget_activate (find_row (GTK_WIDGET (page), "_Add Purpose…")));
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_true (CLT_IS_PURPOSE_DIALOG (dialog));
  clt_test_settle (100);
  g_assert_nonnull (clt_test_find_button (GTK_WIDGET (dialog), "_Cancel"));
  g_assert_cmpstr (adw_dialog_get_title (dialog), ==, "New Purpose");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_row (GTK_WIDGET (dialog), "Name"))), ==, "");
  g_assert_null (clt_test_find_button (GTK_WIDGET (dialog), "_Add"));

  gtk_editable_set_text (GTK_EDITABLE (find_row (GTK_WIDGET (dialog), "Name")), "Geburtstagsgrüße per Post");
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_row (GTK_WIDGET (dialog), "Channel")), 1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_row (GTK_WIDGET (dialog), "Legal Basis")), 5);
  gtk_editable_set_text (GTK_EDITABLE (find_row (GTK_WIDGET (dialog), "Description")), "Cards on birthdays");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (find_row (GTK_WIDGET (dialog), "Data Categories")), TRUE);
  g_assert_true (gtk_widget_activate (find_named (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "contact")));
  g_assert_true (gtk_widget_activate (find_named (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "postal")));
  gtk_editable_set_text (GTK_EDITABLE (find_row (GTK_WIDGET (dialog), "Recipients")), "Druckerei Schmidt");
  adw_spin_row_set_value (ADW_SPIN_ROW (find_row (GTK_WIDGET (dialog), "Retention")), 18);
  g_assert_true (adw_switch_row_get_active (ADW_SWITCH_ROW (find_row (GTK_WIDGET (dialog), "Direct Marketing"))));
  add = clt_test_find_button (GTK_WIDGET (dialog), "_Add");
  g_assert_nonnull (add);
  g_signal_emit_by_name (add, "clicked");
  clt_test_settle (100);

  added = clt_consent_ledger_dup_purpose (ledger, "geburtstagsgrusse_per_post", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (clt_purpose_get_label (added), ==, "Geburtstagsgrüße per Post");
  g_assert_cmpstr (clt_purpose_get_channel (added), ==, "postal");
  g_assert_cmpstr (clt_purpose_get_legal_basis (added), ==, "f");
  g_assert_cmpstr (clt_purpose_get_description (added), ==, "Cards on birthdays");
  g_assert_cmpstr (clt_purpose_get_data_categories (added), ==, "contact,postal");
  g_assert_cmpstr (clt_purpose_get_recipients (added), ==, "Druckerei Schmidt");
  g_assert_cmpuint (clt_purpose_get_retention_months (added), ==, 18);
  g_assert_true (clt_purpose_get_marketing (added));
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM audit_log WHERE action = 'add-purpose' AND actor = 'Dana DPO' "
                                      "AND detail LIKE '%geburtstagsgrusse_per_post%'"), ==, 1);

  /* Listed, above the row that adds another, and measured as a marketing purpose. */
  clt_test_wait_until (panel_loaded, page);
  g_assert_nonnull (find_named (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "geburtstagsgrusse_per_post"));
  g_assert_nonnull (find_named (GTK_WIDGET (page), ADW_TYPE_PREFERENCES_ROW, "coverage-geburtstagsgrusse_per_post"));
  g_assert_true (gtk_widget_get_next_sibling (find_named (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, "geburtstagsgrusse_per_post")) ==
                 find_row (GTK_WIDGET (page), "_Add Purpose…"));

  /* Edited again, it keeps a category the dialog has no row for. */
  clt_purpose_set_data_categories (added, "contact,postal,shoe_size");
  g_assert_true (clt_consent_ledger_save_purpose (ledger, added, &error));
  {
    CltPurposeDialog *edit = clt_purpose_dialog_new (clt_window_get_workspace (window), added);
    g_autoptr(CltPurpose) saved = NULL;

    adw_dialog_present (ADW_DIALOG (edit), GTK_WIDGET (window));
    clt_test_settle (100);
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (find_row (GTK_WIDGET (edit), "Data Categories")), TRUE);
    g_assert_true (gtk_widget_activate (find_named (GTK_WIDGET (edit), ADW_TYPE_ACTION_ROW, "purchases")));
    g_assert_true (clt_purpose_dialog_save (edit, &error));
    g_assert_no_error (error);
    saved = clt_consent_ledger_dup_purpose (ledger, "geburtstagsgrusse_per_post", &error);
    g_assert_cmpstr (clt_purpose_get_data_categories (saved), ==, "contact,postal,purchases,shoe_size");
    adw_dialog_force_close (ADW_DIALOG (edit));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  clt_test_settle (100);
}

/* The preferences' name is the actor of everything done in the window. */
static void
test_actor (void)
{
  g_autofree char *path = tmp_path ("actor.sqlite3");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  CltWindow *window = clt_window_new (NULL);

  g_settings_set_string (settings, "actor-name", "Dana DPO");
  g_assert_true (clt_window_open_workspace (window, path, &error));
  g_assert_cmpstr (clt_workspace_get_actor (clt_window_get_workspace (window)), ==, "Dana DPO");
  g_settings_set_string (settings, "actor-name", "  Erik Editor ");
  g_assert_cmpstr (clt_workspace_get_actor (clt_window_get_workspace (window)), ==, "Erik Editor");
  g_settings_set_string (settings, "actor-name", "");
  g_assert_cmpstr (clt_workspace_get_actor (clt_window_get_workspace (window)), ==, g_get_user_name ());

  gtk_window_destroy (GTK_WINDOW (window));
  clt_test_settle (100);
}

int
main (int   argc,
      char *argv[])
{
  int result;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  tmp_dir = clt_test_make_tmp_dir ("test-consent-page");
  g_setenv ("XDG_CACHE_HOME", tmp_dir, TRUE);

  g_test_add_func ("/consent-page/actor", test_actor);
  g_test_add_func ("/consent-page/panel", test_panel);
  g_test_add_func ("/consent-page/retention", test_retention);
  g_test_add_func ("/consent-page/profile-tab", test_profile_tab);
  g_test_add_func ("/consent-page/requests", test_requests);
  g_test_add_func ("/consent-page/requests-answered", test_requests_answered);
  g_test_add_func ("/consent-page/add-purpose", test_add_purpose);

  result = g_test_run ();
  g_free (tmp_dir);

  return result;
}
