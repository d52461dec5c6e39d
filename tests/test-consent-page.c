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
#include "clt-format.h"
#include "clt-page.h"
#include "clt-profile-consent.h"
#include "clt-profile-view.h"
#include "clt-profiles-page.h"
#include "clt-window-private.h"

static char *tmp_dir;

static void
wait_until (gboolean (*done) (gpointer),
            gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
settle (void)
{
  for (guint i = 0; i < 50; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

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
  wait_until (is_mapped, window);
  g_assert_true (clt_window_open_workspace (window, path, &error));
  wait_until (counted, window);

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

static GtkWidget *
find_class (GtkWidget  *widget,
            const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_class (child, css_class);

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
  GtkWidget *label = find_class (row, css_class);

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
  wait_until (panel_loaded, page);

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
  wait_until (panel_loaded, page);
  g_ptr_array_set_size (entries, 0);
  collect (GTK_WIDGET (page), is_audit_row, entries);
  g_assert_cmpint (entries->len, ==, query_int (window, "SELECT count(*) FROM audit_log WHERE action = 'import'"));
  for (guint i = 0; i < entries->len; i++)
    g_assert_cmpstr (adw_preferences_row_get_title (g_ptr_array_index (entries, i)), ==, "Import");

  /* Verify: intact; after an entry is edited in the file, broken at that entry. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "consent.verify", NULL));
  wait_until (verify_done, page);
  g_assert_true (g_str_has_prefix (subtitle_of (GTK_WIDGET (page), "Integrity"), "Intact"));

  second = query_int (window, "SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 1");
  exec_sql (window, "DROP TRIGGER audit_log_no_update; "
                    "UPDATE audit_log SET actor = 'someone else' WHERE id = (SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 1)");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "consent.verify", NULL));
  wait_until (verify_done, page);
  {
    g_autofree char *expected = g_strdup_printf ("Broken at entry %" G_GINT64_FORMAT ":", second);

    g_assert_true (g_str_has_prefix (subtitle_of (GTK_WIDGET (page), "Integrity"), expected));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
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
  wait_until (has_pending, page);
  pending = query_int (window, "SELECT count(*) FROM retention_due WHERE approved_at IS NULL");
  g_assert_cmpint (pending, >, 0);
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM retention_due WHERE category = 'profile'"), >, 0);
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM retention_due WHERE category = 'profile'"), <, n_profiles);
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM retention_due WHERE category = 'newsletter'"), >, 0);
  {
    g_autofree char *count = clt_format_count (pending);

    g_assert_nonnull (strstr (subtitle_of (GTK_WIDGET (page), "Deletions Due"), count));
  }

  /* Purge is there only for approved deletions. */
  gtk_widget_activate_action (GTK_WIDGET (page), "consent.purge", NULL);
  g_assert_null (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "consent.approve", NULL));
  settle ();
  wait_until (panel_loaded, page);
  g_assert_true (clt_consent_ledger_count_due (ledger, &pending, &approved, &error));
  g_assert_cmpint (pending, ==, 0);
  g_assert_cmpint (approved, >, 0);
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM retention_due WHERE approved_by = 'Dana DPO'"), ==, approved);
  approved_profiles = query_int (window, "SELECT count(*) FROM retention_due WHERE category = 'profile'");

  /* The purge asks first: cancelled, nothing goes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "consent.purge", NULL));
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
  g_signal_emit_by_name (dialog, "response", "cancel");
  adw_dialog_force_close (dialog);
  settle ();
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM profiles"), ==, n_profiles);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "consent.purge", NULL));
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
  g_signal_emit_by_name (dialog, "response", "purge");
  adw_dialog_force_close (dialog);
  settle ();
  wait_until (panel_loaded, page);
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM profiles"), ==, n_profiles - approved_profiles);
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM retention_due"), ==, 0);
  /* Customers kept for their purchases keep them, without their newsletter activity. */
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM events WHERE kind = 'purchase'"), >, 0);
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM suppression"), ==, 0);
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM audit_log WHERE action = 'retention-purge' AND actor = 'Dana DPO'"),
                   ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
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
  wait_until (tab_loaded, tab);

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
  wait_until (tab_loaded, tab);
  g_assert_nonnull (find_row (GTK_WIDGET (tab), "Restriction: all purposes"));
  wait_until (undo_shown, window);
  g_signal_emit_by_name (clt_test_find_button (GTK_WIDGET (window), "_Undo"), "clicked");
  settle ();
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM restrictions WHERE lifted_at IS NULL"), ==, 0);
  g_assert_cmpint (query_int (window, "SELECT count(*) FROM restrictions WHERE lifted_by = 'Dana DPO'"), ==, 1);

  /* The person's data: a JSON and a readable report, in the folder; an access request done. */
  clt_profile_consent_export_to (tab, folder);
  settle ();
  wait_until (tab_loaded, tab);
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
  wait_until (tab_loaded, tab);
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
  wait_until (tab_loaded, tab);
  settle ();
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
  settle ();
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
  settle ();
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

  result = g_test_run ();
  g_free (tmp_dir);

  return result;
}
