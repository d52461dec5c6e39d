/* clt-screenshot.c: renders Clientele's views to PNG files, for looking at them
 *
 * clt-screenshot --output-dir DIR [VIEW...]   each view in light, dark and narrow
 * clt-screenshot --run --output FILE          start Clientele as usual, save one shot, quit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "clt-test-utils.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "clt-application.h"
#include "clt-consent-page.h"
#include "clt-heatmap.h"
#include "clt-import-dialog.h"
#include "clt-insights-page.h"
#include "clt-preferences-dialog.h"
#include "clt-profile-consent.h"
#include "clt-profile-view.h"
#include "clt-profiles-page.h"
#include "clt-purpose-dialog.h"
#include "clt-requests-dialog.h"
#include "clt-segments-page.h"
#include "clt-segment-changes-dialog.h"
#include "clt-segment-history-dialog.h"
#include "clt-segment-overlap-dialog.h"
#include "clt-window.h"
#include "clt-workspace-private.h"

static const char * const all_views[] = {
  "welcome", "sidebar", "import-pick", "import-files", "import-columns", "import-check", "import-result", "profiles", "profiles-search", "profiles-filter", "profile", "profile-timeline", "profile-sources", "review", "merge", "segments", "segment-builder-empty", "segment-builder", "segment-export", "segment-history", "segment-overlap", "segment-changes", "consent", "consent-middle", "consent-bottom", "subject-requests", "subject-requests-empty", "subject-requests-record", "subject-requests-extend", "deletions-due", "deletions-due-empty", "purpose-add", "purpose-edit", "profile-consent", "profile-consent-rights", "imports", "insights", "insights-bottom", "insights-computing", "insights-empty", "insights-rfm-segment", "profile-insights", "preferences", "preferences-duplicates", "about", NULL,
};

typedef struct
{
  const char *name;
  int         width;
  int         height;
  gboolean    dark;
} Variant;

static const Variant variants[] = {
  { "light", 1280, 800, FALSE },
  { "dark", 1280, 800, TRUE },
  { "narrow", 360, 720, FALSE },
};

static gboolean
save_png (GtkWidget   *widget,
          const char  *path,
          GError     **error)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "nothing was drawn");
      return FALSE;
    }

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write %s", path);
      return FALSE;
    }

  return TRUE;
}

static GtkApplication *application;
static GListStore *demo_files;


static void
click (CltWindow  *window,
       const char *text)
{
  GtkWidget *button = NULL;

  for (guint tries = 0; button == NULL && tries < 100; tries++)
    {
      if (!(button = clt_test_find_button (GTK_WIDGET (window), text)))
        clt_test_settle (50);
    }
  if (button == NULL)
    g_error ("No button “%s” to click", text);
  g_signal_emit_by_name (button, "clicked");
  clt_test_settle (1200);
}

static void
show_import_step (CltWindow  *window,
                  const char *view)
{
  AdwDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.import", NULL);
  clt_test_settle (400);
  if (g_str_equal (view, "import-pick"))
    return;

  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  clt_import_dialog_add_files (CLT_IMPORT_DIALOG (dialog), G_LIST_MODEL (demo_files));
  clt_test_settle (400);
  if (g_str_equal (view, "import-columns"))
    click (window, "Columns");
  else if (!g_str_equal (view, "import-files"))
    click (window, "C_heck");
  if (g_str_equal (view, "import-result"))
    click (window, "_Import");
}

static char *scratch_path;

/* A customer worth showing: several records and some purchases. */
static gint64
rich_profile (CltWorkspace *workspace)
{
  for (gint64 id = 1; id < 100000; id++)
    {
      g_autoptr(GPtrArray) records = clt_identity_list_records (workspace, id, NULL);
      g_autoptr(CltProfileFacts) facts = NULL;

      if (records == NULL || records->len < 3)
        continue;
      facts = clt_timeline_get_facts (workspace, id, NULL);
      if (facts && facts->orders >= 3)
        return id;
    }

  g_error ("No customer with several records and purchases to show");
}

/* Two segments to be in: a fixed list with @profile, and everyone who bought three times. */
static void
add_segments (CltWorkspace *workspace,
              gint64        profile)
{
  g_autoptr(CltSegmentGroup) regulars = clt_segment_definition_from_json (
      "{\"version\":1,\"match\":\"all\",\"children\":[{\"type\":\"condition\",\"kind\":\"attribute\","
      "\"field\":\"orders\",\"operator\":\">=\",\"values\":[3]}]}", -1, NULL);

  if (clt_segment_store_find (workspace, "Stammkunden") == 0)
    {
      clt_segment_store_save_list (workspace, "Gewinnspiel Herbst", &profile, 1, NULL, NULL);
      clt_segment_store_save (workspace, "Stammkunden", regulars, CLT_SEGMENT_KIND_DYNAMIC, NULL, NULL);
    }
}

static void
show_profile (CltWindow  *window,
              const char *view)
{
  gint64 profile = rich_profile (clt_window_get_workspace (window));

  add_segments (clt_window_get_workspace (window), profile);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "profiles");
  clt_test_settle (300);
  clt_profiles_page_show_profile (CLT_PROFILES_PAGE (clt_test_find_type (GTK_WIDGET (window), CLT_TYPE_PROFILES_PAGE)),
                                  profile);
  clt_test_settle (600);
  if (g_str_equal (view, "merge"))
    gtk_widget_activate_action (clt_test_find_type (GTK_WIDGET (window), CLT_TYPE_PROFILE_VIEW), "profile.merge", NULL);
}

/* The builder with a new segment, or one three groups deep with its live counts. */
static void
show_builder (CltWindow  *window,
              const char *view)
{
  GtkWidget *page;
  CltSegmentEditor *editor;
  g_autoptr(CltSegmentGroup) root = NULL;
  g_autoptr(GError) error = NULL;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "segments");
  clt_test_settle (300);
  page = clt_test_find_type (GTK_WIDGET (window), CLT_TYPE_SEGMENTS_PAGE);
  editor = clt_segments_page_open (CLT_SEGMENTS_PAGE (page), 0);
  if (g_str_equal (view, "segment-builder-empty"))
    return;

  root = clt_segment_definition_from_json (
      "{\"version\": 1, \"match\": \"all\", \"children\": ["
      " {\"type\": \"condition\", \"kind\": \"consent\", \"field\": \"email_marketing\", \"channel\": \"email\", \"operator\": \"is\", \"values\": [\"given\"]},"
      " {\"type\": \"condition\", \"kind\": \"attribute\", \"field\": \"spend\", \"operator\": \">=\", \"values\": [\"50\"]},"
      " {\"type\": \"group\", \"match\": \"any\", \"children\": ["
      "  {\"type\": \"condition\", \"kind\": \"behaviour\", \"field\": \"purchase\", \"aggregate\": \"count\", \"operator\": \">=\", \"values\": [\"3\"], \"window\": {\"type\": \"last-days\", \"days\": 365}},"
      "  {\"type\": \"group\", \"match\": \"all\", \"children\": ["
      "   {\"type\": \"condition\", \"kind\": \"behaviour\", \"field\": \"newsletter_open\", \"aggregate\": \"count\", \"operator\": \">=\", \"values\": [\"1\"]},"
      "   {\"type\": \"condition\", \"kind\": \"attribute\", \"field\": \"city\", \"operator\": \"is\", \"values\": [\"Berlin\"]}"
      "  ]}"
      " ]}"
      "]}", -1, &error);
  if (root == NULL)
    g_error ("%s", error->message);
  clt_segment_canvas_set_root (clt_segment_editor_get_canvas (editor), root);
  clt_test_settle (1200);
  if (g_str_equal (view, "segment-export"))
    {
      /* Each variant shoots into the same workspace: a name of its own each time. */
      static guint shot;
      g_autofree char *name = g_strdup_printf ("Stammkunden Newsletter %u", ++shot);

      if (!clt_segment_editor_save_as (editor, name, &error))
        g_error ("%s", error->message);
      gtk_widget_activate_action (GTK_WIDGET (editor), "segment.export", NULL);
      clt_test_settle (1000);
    }
}

/* ---- insights ---- */

/* What the insight models and the newsletter activity would leave, for the views to show:
 * RFM scores by fifths of the buyers, value estimates derived from them, rules from the
 * products the same customers bought, and opens and clicks of three campaigns: plausible numbers,
 * not fitted. The suggested audiences are computed. */
static void
add_insights (CltWorkspace *workspace)
{
  static const char * const statements[] = {
    "INSERT INTO profile_insights (profile_id, recency_days, frequency, monetary_cents, r_score, f_score, m_score) "
    "SELECT profile_id, recency, frequency, spend, ntile (5) OVER (ORDER BY recency DESC), "
    "       ntile (5) OVER (ORDER BY frequency, recency DESC), ntile (5) OVER (ORDER BY spend) "
    "FROM (SELECT profile_id, CAST (julianday ('now') - julianday (max (occurred_at)) AS INTEGER) AS recency, "
    "             count (DISTINCT substr (occurred_at, 1, 10)) AS frequency, sum (amount_cents) AS spend "
    "      FROM events WHERE kind IN ('purchase', 'loyalty_receipt') AND profile_id IS NOT NULL GROUP BY profile_id)",
    "UPDATE profile_insights SET "
    "  rfm_group = CASE WHEN r_score >= 4 AND f_score >= 4 THEN 'champions' WHEN r_score >= 3 AND f_score >= 4 THEN 'loyal' "
    "                   WHEN r_score >= 4 AND f_score >= 2 THEN 'potential_loyalist' WHEN r_score = 5 THEN 'new' "
    "                   WHEN r_score = 4 THEN 'promising' WHEN r_score = 3 AND f_score = 3 THEN 'need_attention' "
    "                   WHEN r_score = 3 THEN 'about_to_sleep' WHEN f_score >= 4 AND r_score <= 2 THEN 'cannot_lose' "
    "                   WHEN f_score >= 3 THEN 'at_risk' WHEN r_score = 2 THEN 'hibernating' ELSE 'lost' END, "
    "  expected_90d = round (frequency * r_score / 12.0, 2), p_alive = round (0.1 + 0.18 * r_score - 0.01 * f_score, 2), "
    "  value_12m_cents = monetary_cents * r_score / 6, "
    "  value_confidence = CASE WHEN frequency >= 5 THEN 'high' WHEN frequency >= 2 THEN 'medium' ELSE 'low' END",
    "INSERT INTO basket_rules (antecedent, consequent, baskets, support, confidence, lift) "
    "SELECT json_array (a.name), b.name, count (*), 0.02, 0.35, 1.2 + count (*) / 500.0 "
    "FROM event_items x JOIN event_items y ON y.profile_id = x.profile_id AND y.item_id <> x.item_id "
    "JOIN event_item_names a ON a.id = x.item_id JOIN event_item_names b ON b.id = y.item_id "
    "GROUP BY a.name, b.name ORDER BY count (*) DESC LIMIT 400",
    "INSERT INTO events (profile_id, kind, occurred_at, detail) "
    "SELECT p.id, iif (p.id % 5 = 0, 'newsletter_click', iif (p.id % 3 = 1, 'bounce', 'newsletter_open')), "
    "       strftime ('%Y-%m-%dT08:%M:00Z', 'now', '-' || c.days || ' days', '+' || (p.id % 50) || ' minutes'), "
    "       json_object ('campaign', c.name) "
    "FROM profiles p, (SELECT 'Herbstaktion' AS name, 60 AS days, 2 AS every UNION ALL "
    "                  SELECT 'Neue Kollektion', 150, 3 UNION ALL SELECT 'Sommerschlussverkauf', 250, 2) c "
    "WHERE p.id % c.every = 0",
    "INSERT INTO insight_runs (model, computed_at, data_seen, result) "
    "SELECT m.model, strftime ('%Y-%m-%dT%H:%M:%SZ', 'now'), 0, '{}' "
    "FROM (SELECT 'rfm' AS model UNION ALL SELECT 'clv' UNION ALL SELECT 'rules') m",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) done = _clt_workspace_prepare (workspace, "SELECT count (*) FROM insight_runs", NULL);

  if (done == NULL || sqlite3_step (done) != SQLITE_ROW || sqlite3_column_int64 (done, 0) > 0)
    return;
  if (!_clt_workspace_begin (workspace, &error))
    g_error ("%s", error->message);
  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    if (!_clt_workspace_exec (workspace, statements[i], &error))
      g_error ("%s", error->message);
  if (!_clt_workspace_commit (workspace, &error))
    g_error ("%s", error->message);

  /* The suggested audiences are the clustering's own, on the demo's customers. */
  if (!clt_insights_suggest_audiences (workspace, NULL, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
}

/* The runs saw every change of data so far: the insights are up to date. */
static void
insights_current (CltWorkspace *workspace)
{
  g_autoptr(GError) error = NULL;

  if (!_clt_workspace_exec (workspace, "UPDATE insight_runs SET data_seen = "
                            "(SELECT CAST (value AS INTEGER) FROM workspace_meta WHERE key = 'data_changes')", &error))
    g_error ("%s", error->message);
}

/* ---- the segment builder's dialogs ---- */

/* Runs @sql with the segment @id as ?1, the time @days_ago as ?2, and @version as ?3. */
static void
backdate (CltWorkspace *workspace,
          const char   *sql,
          gint64        id,
          gint64        version,
          int           days_ago)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -days_ago);
  g_autofree char *at = g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, sql, NULL);

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, at, -1, SQLITE_TRANSIENT);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_int64 (stmt, 3, version);
  sqlite3_step (stmt);
}

#define ORDERS(op, n) "{\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"orders\",\"operator\":\"" op "\"," \
                      "\"values\":[" n "]}"
#define SPEND(op, n) "{\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"spend\",\"operator\":\"" op "\"," \
                     "\"values\":[" n "]}"

/* A segment with a history: made, renamed and narrowed, widened, then its first version restored. */
static gint64
segment_with_history (CltWorkspace *workspace)
{
  g_autoptr(CltSegmentGroup) v1 = clt_segment_definition_from_json (
      "{\"version\":1,\"match\":\"all\",\"children\":[" ORDERS (">=", "2") "]}", -1, NULL);
  g_autoptr(CltSegmentGroup) v2 = clt_segment_definition_from_json (
      "{\"version\":1,\"match\":\"all\",\"children\":[" ORDERS (">=", "2") "," SPEND (">=", "5000") "]}", -1, NULL);
  g_autoptr(CltSegmentGroup) v3 = clt_segment_definition_from_json (
      "{\"version\":1,\"match\":\"all\",\"children\":[" ORDERS (">=", "2") "," SPEND (">=", "2500") "]}", -1, NULL);
  gint64 id = clt_segment_store_find (workspace, "Kaffeeliebhaber");

  if (id != 0)
    return id;

  id = clt_segment_store_save (workspace, "Wiederkäufer", v1, CLT_SEGMENT_KIND_DYNAMIC, "anna", NULL);
  clt_segment_store_rename (workspace, id, "Kaffeeliebhaber", "jonas", NULL);
  clt_segment_store_update (workspace, id, v2, "jonas", NULL);
  clt_segment_store_update (workspace, id, v3, "anna", NULL);
  clt_segment_store_restore_version (workspace, id, 1, "anna", NULL);
  for (int version = 1; version <= 4; version++)
    backdate (workspace, "UPDATE segment_versions SET created_at = ?2 WHERE segment_id = ?1 AND version = ?3", id,
              version, (int[]) { 95, 40, 12, 2 }[version - 1]);

  return id;
}

/* A fixed list looked at four days ago, some of its customers taken off and others added since. */
static gint64
list_with_changes (CltWorkspace *workspace)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  static const gint64 added[] = { 2, 5, 8, 11, 14 };
  static const gint64 removed[] = { 3, 9, 30 };
  gint64 id = clt_segment_store_find (workspace, "Gewinnspiel Winter");

  /* Made anew for each shot, so that each shows the same changes. */
  if (id != 0)
    clt_segment_store_delete (workspace, id, NULL, NULL);
  for (gint64 i = 3; i <= 300; i += 3)
    g_array_append_val (ids, i);
  id = clt_segment_store_save_list (workspace, "Gewinnspiel Winter", (const gint64 *) ids->data, ids->len, "anna", NULL);
  clt_segment_store_look (workspace, id, NULL, NULL, NULL, NULL);
  backdate (workspace, "UPDATE segments SET looked_at = ?2 WHERE id = ?1", id, 0, 4);
  clt_segment_store_add_members (workspace, id, added, G_N_ELEMENTS (added), "anna", NULL, NULL);
  clt_segment_store_remove_members (workspace, id, removed, G_N_ELEMENTS (removed), "anna", NULL);

  return id;
}

static void
show_segment_dialog (CltWindow  *window,
                     const char *view)
{
  CltWorkspace *workspace = clt_window_get_workspace (window);
  AdwDialog *dialog;

  add_segments (workspace, rich_profile (workspace));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "segments");
  clt_test_settle (300);

  if (g_str_equal (view, "segment-history"))
    dialog = ADW_DIALOG (clt_segment_history_dialog_new (workspace, segment_with_history (workspace)));
  else if (g_str_equal (view, "segment-changes"))
    dialog = ADW_DIALOG (clt_segment_changes_dialog_new (workspace, list_with_changes (workspace)));
  else
    {
      list_with_changes (workspace);
      dialog = ADW_DIALOG (clt_segment_overlap_dialog_new (workspace, clt_segment_store_find (workspace, "Stammkunden")));
    }
  adw_dialog_present (dialog, GTK_WIDGET (window));

  /* The overlap with the fixed list, which shares some of the regulars. */
  if (g_str_equal (view, "segment-overlap"))
    {
      AdwComboRow *row;
      GListModel *names;

      clt_test_settle (600);
      row = ADW_COMBO_ROW (clt_test_find_type (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW));
      names = adw_combo_row_get_model (row);
      for (guint i = 0; names && i < g_list_model_get_n_items (names); i++)
        if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (names), i), "Gewinnspiel Winter"))
          adw_combo_row_set_selected (row, i);
    }
  clt_test_settle (900);
}

/* ---- the DPO's subject requests and purposes ---- */

static char *empty_path;

/* Open requests of every sort: one overdue, one due in days, one extended, two fresh; one of
 * them the rich customer's. Made once: each shot opens the same workspace. */
static void
add_requests (CltWorkspace *workspace)
{
  static const struct
  {
    const char *kind;
    int         days_ago;
    const char *extension;
  } seeds[] = {
    { "erasure", 34, NULL },
    { "access", 27, NULL },
    { "rectification", 40, "Records in three shop systems to check" },
    { "objection", 2, NULL },
    { "portability", 0, NULL },
  };
  g_autoptr(CltConsentLedger) ledger = clt_consent_ledger_new (workspace);
  g_autoptr(GPtrArray) open = clt_consent_ledger_list_requests (ledger, 0, TRUE, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gint64 profile = rich_profile (workspace);

  if (open == NULL || open->len > 0)
    return;

  stmt = _clt_workspace_prepare (workspace, "SELECT id FROM profiles WHERE id <> ?1 ORDER BY id LIMIT 8 OFFSET 20", NULL);
  sqlite3_bind_int64 (stmt, 1, profile);
  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    {
      g_autoptr(GDateTime) received = g_date_time_add_days (now, -seeds[i].days_ago);
      gint64 id;

      /* The rich customer asked for their data. */
      if (!g_str_equal (seeds[i].kind, "access") && sqlite3_step (stmt) == SQLITE_ROW)
        profile = sqlite3_column_int64 (stmt, 0);
      if (!(id = clt_consent_ledger_open_request (ledger, seeds[i].kind, profile, received, &error)))
        g_error ("%s", error->message);
      if (seeds[i].extension)
        {
          g_autoptr(GDateTime) told = g_date_time_add_days (received, 6);

          if (!clt_consent_ledger_extend_request (ledger, id, 2, seeds[i].extension, told, &error))
            g_error ("%s", error->message);
        }
      profile = rich_profile (workspace);
    }
}

/* The deletions due, as the panel's row opens them, on a copy of the sample (approving and
 * purging change it): its purposes keep data a year; "deletions-due-empty" after a purge. */
static void
show_deletions (CltWindow  *window,
                const char *view)
{
  g_autofree char *dir = g_path_get_dirname (clt_workspace_get_path (clt_window_get_workspace (window)));
  g_autofree char *copy = g_build_filename (dir, "Deletions.sqlite3", NULL);
  g_autoptr(CltConsentLedger) ledger = NULL;
  g_autoptr(GListModel) purposes = NULL;
  g_autoptr(GError) error = NULL;

  g_remove (copy);
  {
    g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (clt_window_get_workspace (window), "VACUUM INTO ?1", &error);

    g_assert_no_error (error);
    sqlite3_bind_text (stmt, 1, copy, -1, SQLITE_TRANSIENT);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  }
  if (!clt_window_open_workspace (window, copy, &error))
    g_error ("%s", error->message);

  ledger = clt_consent_ledger_new (clt_window_get_workspace (window));
  purposes = clt_consent_ledger_list_purposes (ledger, NULL);
  for (guint i = 0; purposes && i < g_list_model_get_n_items (purposes); i++)
    {
      g_autoptr(CltPurpose) purpose = g_list_model_get_item (purposes, i);

      clt_purpose_set_retention_months (purpose, 12);
      clt_consent_ledger_save_purpose (ledger, purpose, NULL);
    }
  clt_consent_ledger_find_due (ledger, NULL, NULL);
  clt_consent_ledger_approve_due (ledger, NULL);
  if (g_str_equal (view, "deletions-due-empty"))
    clt_consent_ledger_purge (ledger, FALSE, NULL);
  else
    {
      /* Later findings await approval beside the approved ones. */
      g_autoptr(CltPurpose) email = clt_consent_ledger_dup_purpose (ledger, "email_marketing", NULL);

      clt_purpose_set_retention_months (email, 1);
      clt_consent_ledger_save_purpose (ledger, email, NULL);
      clt_consent_ledger_find_due (ledger, NULL, NULL);
    }
  clt_window_reload (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "consent");
  clt_test_settle (1500);
  gtk_widget_activate_action (clt_test_find_type (GTK_WIDGET (window), CLT_TYPE_CONSENT_PAGE), "consent.deletions", NULL);
  clt_test_settle (1500);
}

static void
show_requests (CltWindow  *window,
               const char *view)
{
  CltWorkspace *workspace = clt_window_get_workspace (window);
  AdwDialog *dialog;

  if (g_str_equal (view, "subject-requests-empty"))
    {
      adw_dialog_present (ADW_DIALOG (clt_requests_dialog_new (workspace)), GTK_WIDGET (window));
      return;
    }

  add_requests (workspace);
  clt_window_reload (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "consent");
  clt_test_settle (1500);
  if (g_str_equal (view, "subject-requests-record"))
    {
      CltRequestsDialog *requests = clt_requests_dialog_new (workspace);

      clt_requests_dialog_record_for (requests, rich_profile (workspace), "Friedrich Werner");
      adw_dialog_present (ADW_DIALOG (requests), GTK_WIDGET (window));
      clt_test_settle (300);
      /* An erasure, which came in on the last day of last month. */
      adw_combo_row_set_selected (ADW_COMBO_ROW (clt_test_find_type (GTK_WIDGET (requests), ADW_TYPE_COMBO_ROW)), 3);
      {
        g_autoptr(GDateTime) now = g_date_time_new_now_local ();
        g_autoptr(GDateTime) first = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now), 1,
                                                            12, 0, 0);
        g_autoptr(GDateTime) last_of_last_month = g_date_time_add_days (first, -1);

        gtk_calendar_select_day (GTK_CALENDAR (clt_test_find_type (GTK_WIDGET (requests), GTK_TYPE_CALENDAR)), last_of_last_month);
      }
      return;
    }

  gtk_widget_activate_action (clt_test_find_type (GTK_WIDGET (window), CLT_TYPE_CONSENT_PAGE), "consent.requests", NULL);
  clt_test_settle (800);
  if (g_str_equal (view, "subject-requests-extend"))
    {
      g_autoptr(CltConsentLedger) ledger = clt_consent_ledger_new (workspace);
      g_autoptr(GPtrArray) open = clt_consent_ledger_list_requests (ledger, 0, TRUE, NULL);

      dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
      for (guint i = 0; i < open->len; i++)
        {
          const CltSubjectRequest *request = g_ptr_array_index (open, i);

          if (clt_subject_request_can_extend (request, NULL))
            {
              gtk_widget_activate_action (GTK_WIDGET (dialog), "requests.extend", "x", request->id);
              break;
            }
        }
    }
}

static void
show_purpose (CltWindow  *window,
              const char *view)
{
  GtkWidget *page;
  AdwDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "consent");
  clt_test_settle (1500);
  page = clt_test_find_type (GTK_WIDGET (window), CLT_TYPE_CONSENT_PAGE);
  if (g_str_equal (view, "purpose-add"))
    gtk_widget_activate_action (page, "consent.add-purpose", NULL);
  else
    {
      g_autoptr(CltConsentLedger) ledger = clt_consent_ledger_new (clt_window_get_workspace (window));
      g_autoptr(CltPurpose) purpose = clt_consent_ledger_dup_purpose (ledger, "email_marketing", NULL);

      adw_dialog_present (ADW_DIALOG (clt_purpose_dialog_new (clt_window_get_workspace (window), purpose)),
                          GTK_WIDGET (window));
    }
  clt_test_settle (300);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  /* The data categories open, to be seen. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (clt_test_find_type (GTK_WIDGET (dialog), ADW_TYPE_EXPANDER_ROW)), TRUE);
}

static void
shoot (const char    *view,
       const Variant *variant,
       const char    *workspace_path,
       const char    *suffix,
       const char    *output_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file_name = g_strdup_printf ("%s-%s%s.png", view, variant->name, suffix);
  g_autofree char *path = g_build_filename (output_dir, file_name, NULL);
  CltWindow *window = clt_window_new (ADW_APPLICATION (application));

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      variant->dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (GTK_WINDOW (window), variant->width, variant->height);

  if (g_str_equal (view, "subject-requests-empty") || g_str_equal (view, "insights-empty"))
    workspace_path = empty_path;
  if (!g_str_equal (view, "welcome") &&
      !clt_window_open_workspace (window, g_str_has_prefix (view, "import-") ? scratch_path : workspace_path, &error))
    g_error ("%s", error->message);

  gtk_window_present (GTK_WINDOW (window));
  clt_test_settle (300);

  if (g_str_has_prefix (view, "import-"))
    show_import_step (window, view);
  else if (g_str_has_prefix (view, "subject-requests"))
    show_requests (window, view);
  else if (g_str_has_prefix (view, "deletions-due"))
    show_deletions (window, view);
  else if (g_str_has_prefix (view, "purpose-"))
    show_purpose (window, view);
  else if (g_str_has_prefix (view, "profile") && !g_str_has_prefix (view, "profiles"))
    {
      add_requests (clt_window_get_workspace (window));
      if (g_str_equal (view, "profile-insights"))
        add_insights (clt_window_get_workspace (window));
      show_profile (window, view);
      if (strchr (view, '-') && !g_str_equal (view, "profile-insights"))
        adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (clt_test_find_type (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK)),
                                               g_str_has_prefix (view, "profile-consent") ? "consent" : strchr (view, '-') + 1);
      clt_test_settle (300);
      if (g_str_equal (view, "profile-consent-rights"))
        {
          /* The tab's end: the person's rights. */
          GtkWidget *tab = clt_test_find_type (GTK_WIDGET (window), CLT_TYPE_PROFILE_CONSENT);
          GtkAdjustment *adjustment;

          clt_test_settle (600);
          adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (clt_test_find_type (tab, GTK_TYPE_SCROLLED_WINDOW)));
          clt_test_settle (300);
          gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
        }
    }
  else if (g_str_has_prefix (view, "profiles-"))
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "profiles");
      clt_test_settle (300);
      if (g_str_equal (view, "profiles-search"))
        gtk_editable_set_text (GTK_EDITABLE (clt_test_find_type (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY)), "mül");
      else
        {
          GtkWidget *page = clt_test_find_type (GTK_WIDGET (window), CLT_TYPE_PROFILES_PAGE);

          gtk_widget_activate_action (page, "profiles.filter", NULL);
          gtk_drop_down_set_selected (GTK_DROP_DOWN (clt_test_find_type (page, GTK_TYPE_DROP_DOWN)), 2);
        }
      clt_test_settle (600);
    }
  else if (g_str_equal (view, "segments"))
    {
      add_segments (clt_window_get_workspace (window), rich_profile (clt_window_get_workspace (window)));
      /* The segments were made behind the window's back: it reads the workspace anew. */
      clt_window_reload (window);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "segments");
      clt_test_settle (600);
    }
  else if (g_str_has_prefix (view, "segment-builder") || g_str_equal (view, "segment-export"))
    show_builder (window, view);
  else if (g_str_equal (view, "merge"))
    show_profile (window, view);
  else if (g_str_has_prefix (view, "segment-"))
    show_segment_dialog (window, view);
  else if (g_str_equal (view, "review"))
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "profiles");
      clt_test_settle (300);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.review", NULL);
    }
  else if (g_str_has_prefix (view, "consent-"))
    {
      /* The DPO panel scrolled: its middle (chart, exports) and its end (the audit log). */
      GtkScrolledWindow *scroller;
      GtkAdjustment *adjustment;

      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "consent");
      clt_test_settle (1500);
      scroller = GTK_SCROLLED_WINDOW (clt_test_find_type (clt_test_find_type (clt_test_find_type (GTK_WIDGET (window), CLT_TYPE_CONSENT_PAGE), ADW_TYPE_PREFERENCES_PAGE),
                                                 GTK_TYPE_SCROLLED_WINDOW));
      adjustment = gtk_scrolled_window_get_vadjustment (scroller);
      gtk_adjustment_set_value (adjustment, g_str_equal (view, "consent-middle")
                                            ? (gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment)) * 0.4
                                            : gtk_adjustment_get_upper (adjustment));
    }
  else if (g_str_has_prefix (view, "insights"))
    {
      if (!g_str_equal (view, "insights-empty"))
        {
          add_insights (clt_window_get_workspace (window));
          insights_current (clt_window_get_workspace (window));
        }
      clt_window_reload (window);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "insights");
      clt_test_settle (1500);
      /* The consent panel brings the deletions due up to date as the window reads the workspace,
       * a commit: the runs are made current again, and the page alone reads them. */
      if (!g_str_equal (view, "insights-empty"))
        {
          insights_current (clt_window_get_workspace (window));
          clt_page_reload (CLT_PAGE (clt_test_find_type (GTK_WIDGET (window), CLT_TYPE_INSIGHTS_PAGE)));
          clt_test_settle (800);
        }
      if (g_str_equal (view, "insights-rfm-segment"))
        {
          /* A cell of the RFM grid chosen: the builder on a new segment of its customers. */
          clt_heatmap_activate_cell (CLT_HEATMAP (clt_test_find_type (GTK_WIDGET (window), CLT_TYPE_HEATMAP)), 5, 4);
          clt_test_settle (1500);
        }
      if (g_str_equal (view, "insights-computing"))
        {
          /* Halfway through computing, as the page shows its progress. */
          CltInsightsPage *page = CLT_INSIGHTS_PAGE (clt_test_find_type (GTK_WIDGET (window), CLT_TYPE_INSIGHTS_PAGE));

          clt_insights_page_set_computing (page, TRUE);
          clt_insights_page_set_progress (page, 0.45);
        }
      if (g_str_equal (view, "insights-bottom"))
        {
          /* The end of the dashboard: the RFM grid, the customer values and the campaigns. */
          GtkWidget *page = clt_test_find_type (GTK_WIDGET (window), CLT_TYPE_INSIGHTS_PAGE);
          GtkWidget *dashboard = gtk_stack_get_child_by_name (GTK_STACK (clt_test_find_type (page, GTK_TYPE_STACK)), "dashboard");
          GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (dashboard));

          gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
        }
    }
  else if (g_str_equal (view, "sidebar"))
    {
      /* The window as it opens: wide, the sidebar beside the first page; narrow, the sidebar alone. */
    }
  else if (g_strv_contains (all_views, view) && !g_str_equal (view, "welcome") &&
           !g_str_has_prefix (view, "preferences") && !g_str_equal (view, "about"))
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", view);
  else if (g_str_has_prefix (view, "preferences"))
    {
      AdwPreferencesDialog *preferences = ADW_PREFERENCES_DIALOG (clt_preferences_dialog_new (clt_window_get_workspace (window)));

      if (g_str_equal (view, "preferences-duplicates"))
        adw_preferences_dialog_set_visible_page_name (preferences, "duplicates");
      adw_dialog_present (ADW_DIALOG (preferences), GTK_WIDGET (window));
    }
  else if (g_str_equal (view, "about"))
    {
      AdwDialog *about = adw_about_dialog_new ();

      adw_about_dialog_set_application_name (ADW_ABOUT_DIALOG (about), "Clientele");
      adw_about_dialog_set_application_icon (ADW_ABOUT_DIALOG (about), APP_ID);
      adw_about_dialog_set_version (ADW_ABOUT_DIALOG (about), PACKAGE_VERSION);
      adw_about_dialog_set_developer_name (ADW_ABOUT_DIALOG (about), "The Clientele developers");
      adw_dialog_present (about, GTK_WIDGET (window));
    }

  clt_test_settle (700);

  if (!save_png (GTK_WIDGET (window), path, &error))
    g_error ("%s", error->message);
  g_print ("%s\n", path);

  gtk_window_destroy (GTK_WINDOW (window));
  clt_test_settle (50);
}

static void
run_activated_cb (GApplication *app,
                  const char   *output)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autoptr(GError) error = NULL;

  clt_test_settle (1500);
  if (!save_png (GTK_WIDGET (window), output, &error))
    g_printerr ("clt-screenshot: %s\n", error->message);
  g_application_quit (app);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("[VIEW…]");
  g_autoptr(GError) error = NULL;
  g_autofree char *output_dir = NULL;
  g_autofree char *output = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *empty = NULL;
  gboolean run = FALSE;
  const GOptionEntry entries[] = {
    { "output-dir", 'o', 0, G_OPTION_ARG_FILENAME, &output_dir, "Where to write the views", "DIR" },
    { "run", 0, 0, G_OPTION_ARG_NONE, &run, "Start Clientele as usual and save one screenshot", NULL },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output, "The file for --run", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  const char * const *views = all_views;

  clt_application_init_i18n ();
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_ignore_unknown_options (context, run);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("clt-screenshot: %s\n", error->message);
      return 2;
    }

  if (run)
    {
      g_autoptr(CltApplication) app = clt_application_new ();

      g_signal_connect_after (app, "activate", G_CALLBACK (run_activated_cb), output ? output : (char *) "clientele.png");
      return g_application_run (G_APPLICATION (app), argc, argv);
    }

  if (output_dir == NULL)
    {
      g_printerr ("clt-screenshot: --output-dir is required\n");
      return 2;
    }

  /* Sample data, the empty workspace and settings live in a folder of their own. */
  data_dir = clt_test_make_tmp_dir ("clt-screenshot");
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  application = GTK_APPLICATION (clt_application_new ());
  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
  g_application_hold (G_APPLICATION (application));
  if (!g_application_register (G_APPLICATION (application), NULL, &error))
    g_error ("%s", error->message);

  sample = g_build_filename (data_dir, "Sample.sqlite3", NULL);
  empty = g_build_filename (data_dir, "Workspace.sqlite3", NULL);
  empty_path = empty;
  if (!clt_demo_import (sample, 500, 20261123, NULL, &error))
    g_error ("%s", error->message);
  {
    g_autoptr(CltResolver) resolver = clt_resolver_new (sample);

    if (!clt_resolver_run (resolver, NULL, &error))
      g_error ("%s", error->message);
  }

  /* The assistant is shown with the demo's newsletter and till files, into a workspace of its own. */
  {
    g_autofree char *demo_dir = g_build_filename (data_dir, "demo", NULL);
    g_auto(GStrv) paths = NULL;

    g_mkdir (demo_dir, 0700);
    if (!(paths = clt_demo_write (demo_dir, 200, 7, &error)))
      g_error ("%s", error->message);
    demo_files = g_list_store_new (G_TYPE_FILE);
    for (guint i = 1; i < 6; i++)
      g_list_store_append (demo_files, g_file_new_for_path (paths[i]));
  }

  if (argc > 1)
    views = (const char * const *) argv + 1;

  for (guint i = 0; views[i]; i++)
    {
      for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
        {
          /* The import steps import; each shot starts from an empty workspace. */
          g_free (scratch_path);
          scratch_path = g_strdup_printf ("%s/scratch-%u-%u.sqlite3", data_dir, i, v);
          shoot (views[i], &variants[v], sample, "", output_dir);
        }

      if (g_str_equal (views[i], "profiles") || g_str_equal (views[i], "consent") ||
          g_str_equal (views[i], "imports"))
        shoot (views[i], &variants[0], empty, "-empty", output_dir);
    }

  g_application_release (G_APPLICATION (application));
  g_clear_object (&application);

  return 0;
}
