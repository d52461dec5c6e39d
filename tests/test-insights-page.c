/* test-insights-page.c: the Insights page and a customer's insights, driven as a user would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "clt-test-utils.h"

#include "clt-chart-input.h"
#include "clt-heatmap.h"
#include "clt-insights-page.h"
#include "clt-page.h"
#include "clt-profile-insights.h"
#include "clt-profile-view.h"
#include "clt-segment-canvas.h"
#include "clt-segment-editor.h"
#include "clt-stacked-bar-chart.h"
#include "clt-window-private.h"
#include "clt-workspace-private.h"

static char *tmp_dir;

static gboolean
page_loaded (gpointer data)
{
  return !clt_insights_page_get_loading (data) &&
         !g_str_equal (gtk_stack_get_visible_child_name (GTK_STACK (clt_test_find_type (data, GTK_TYPE_STACK))), "loading");
}

static gboolean
insights_loaded (gpointer data)
{
  return !clt_profile_insights_get_loading (data);
}

/* A workspace with tests/data/insights-fixture.sql, or empty. */
static char *
make_workspace (const char *name,
                gboolean    with_data)
{
  char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;

  workspace = clt_workspace_open (path, &error);
  g_assert_no_error (error);
  if (with_data)
    {
      g_assert_true (g_file_get_contents (g_test_get_filename (G_TEST_DIST, "data", "insights-fixture.sql", NULL),
                                          &sql, NULL, &error));
      g_assert_true (_clt_workspace_begin (workspace, &error));
      g_assert_true (_clt_workspace_exec (workspace, sql, &error));
      g_assert_true (_clt_workspace_commit (workspace, &error));
      g_assert_no_error (error);
    }

  return path;
}

static CltWindow *
window_on (const char *path)
{
  CltWindow *window = clt_window_new (NULL);
  g_autoptr(GError) error = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  clt_test_wait_until (clt_test_is_mapped, window);
  g_assert_true (clt_window_open_workspace (window, path, &error));
  g_assert_no_error (error);

  return window;
}

/* Whether a label under @widget shows @text. */
static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget) &&
      strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;

  return FALSE;
}

static AdwActionRow *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_ACTION_ROW (widget) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return ADW_ACTION_ROW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      AdwActionRow *row = find_row (child, title);

      if (row)
        return row;
    }

  return NULL;
}

/* A key pressed on @widget, through its key controller as GTK delivers it. */
static void
press_key (GtkWidget *widget,
           guint      keyval)
{
  GListModel *controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
    }
  g_object_unref (controllers);
}

static void
cell_activated_cb (CltHeatmap *heatmap,
                   int         r,
                   int         f,
                   int        *cell)
{
  cell[0] = r;
  cell[1] = f;
}

static gboolean
not_computing (gpointer data)
{
  return !clt_insights_page_get_computing (data);
}

static gboolean
editor_counted (gpointer data)
{
  return !clt_segment_editor_get_counting (data) && clt_segment_editor_get_total (data) >= 0;
}

/* The keys that move along a chart's bars or months. */
static void
test_chart_keys (void)
{
  g_assert_cmpint (clt_chart_step (GDK_KEY_Right, -1, 3), ==, 0);
  g_assert_cmpint (clt_chart_step (GDK_KEY_Left, -1, 3), ==, 2);
  g_assert_cmpint (clt_chart_step (GDK_KEY_Right, 1, 3), ==, 2);
  g_assert_cmpint (clt_chart_step (GDK_KEY_KP_Right, 2, 3), ==, 2);
  g_assert_cmpint (clt_chart_step (GDK_KEY_Left, 0, 3), ==, 0);
  g_assert_cmpint (clt_chart_step (GDK_KEY_End, 0, 3), ==, 2);
  g_assert_cmpint (clt_chart_step (GDK_KEY_Home, 2, 3), ==, 0);
  g_assert_cmpint (clt_chart_step (GDK_KEY_Escape, 1, 3), ==, -1);
  g_assert_cmpint (clt_chart_step (GDK_KEY_Escape, -1, 3), ==, CLT_CHART_STEP_NONE);
  g_assert_cmpint (clt_chart_step (GDK_KEY_a, 1, 3), ==, CLT_CHART_STEP_NONE);
  g_assert_cmpint (clt_chart_step (GDK_KEY_Right, -1, 0), ==, CLT_CHART_STEP_NONE);
}

static void
test_dashboard (void)
{
  g_autofree char *path = make_workspace ("dashboard.sqlite3", TRUE);
  CltWindow *window = window_on (path);
  CltInsightsPage *page = CLT_INSIGHTS_PAGE (gtk_stack_get_child_by_name (window->pages_stack, "insights"));
  CltStackedBarChart *revenue;
  CltSegmentEditor *editor;
  CltHeatmap *heatmap;
  AdwActionRow *campaign;
  int cell[2] = { 0, 0 };

  clt_window_show_page (window, "insights");
  clt_page_reload (CLT_PAGE (page));
  clt_test_wait_until (page_loaded, page);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (clt_test_find_type (GTK_WIDGET (page), GTK_TYPE_STACK))),
                   ==, "dashboard");

  /* Revenue: three months (January to March), 113 € in all. */
  revenue = CLT_STACKED_BAR_CHART (clt_test_find_type (GTK_WIDGET (page), CLT_TYPE_STACKED_BAR_CHART));
  g_assert_cmpuint (clt_stacked_bar_chart_get_n_bars (revenue), ==, 3);
  g_assert_cmpint (clt_stacked_bar_chart_get_total (revenue), ==, 11300);

  /* The RFM grid holds the computed scores, and a cell says which it is. */
  heatmap = CLT_HEATMAP (clt_test_find_type (GTK_WIDGET (page), CLT_TYPE_HEATMAP));
  g_assert_cmpint (clt_heatmap_get_count (heatmap, 5, 4), ==, 2);
  g_assert_cmpint (clt_heatmap_get_count (heatmap, 1, 1), ==, 1);
  g_assert_cmpint (clt_heatmap_get_count (heatmap, 3, 3), ==, 0);
  g_signal_connect (heatmap, "cell-activated", G_CALLBACK (cell_activated_cb), cell);
  clt_heatmap_activate_cell (heatmap, 5, 4);
  g_assert_cmpint (cell[0], ==, 5);
  g_assert_cmpint (cell[1], ==, 4);

  /* The cell opens the builder on a new segment of its two customers. */
  g_assert_cmpstr (clt_window_get_page (window), ==, "segments");
  editor = CLT_SEGMENT_EDITOR (clt_test_find_type (gtk_stack_get_child_by_name (window->pages_stack, "segments"),
                                                   CLT_TYPE_SEGMENT_EDITOR));
  g_assert_nonnull (editor);
  g_assert_cmpuint (clt_segment_group_get_n_children (clt_segment_canvas_get_root (clt_segment_editor_get_canvas (editor))), ==, 2);
  clt_test_wait_until (editor_counted, editor);
  g_assert_cmpint (clt_segment_editor_get_total (editor), ==, 2);
  clt_window_show_page (window, "insights");
  clt_test_settle (100);

  /* By keyboard: the first arrow chooses the top left cell (recency 5, frequency 1), Down and
   * Right move from there, Enter activates; Enter before any arrow does nothing. */
  cell[0] = cell[1] = 0;
  press_key (GTK_WIDGET (heatmap), GDK_KEY_Return);
  g_assert_cmpint (cell[0], ==, 0);
  press_key (GTK_WIDGET (heatmap), GDK_KEY_Right);
  press_key (GTK_WIDGET (heatmap), GDK_KEY_Down);
  press_key (GTK_WIDGET (heatmap), GDK_KEY_Right);
  press_key (GTK_WIDGET (heatmap), GDK_KEY_Return);
  g_assert_cmpint (cell[0], ==, 4);
  g_assert_cmpint (cell[1], ==, 2);
  clt_window_show_page (window, "insights");
  clt_test_settle (100);

  /* Computed figures say so, and when; the RFM run is older than the workspace. */
  g_assert_true (has_label (GTK_WIDGET (page), "Computed"));
  g_assert_true (has_label (GTK_WIDGET (page), "Out of date"));

  /* The campaign: three recipients, two opened, one clicked; 20 € per opener against 7 €. */
  campaign = find_row (GTK_WIDGET (page), "Winter");
  g_assert_nonnull (campaign);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (campaign), "3 recipients · 2 opened · 1 clicked"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (campaign), "20.00"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (campaign), "7.00"));

  /* Compute, cancelled at once: the page shows progress, then stops. (On four customers the
   * steps may be done before the cancel arrives; test-insights checks what a cancel keeps.) */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "insights.compute", NULL));
  g_assert_true (clt_insights_page_get_computing (page));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (clt_test_find_type (GTK_WIDGET (page), GTK_TYPE_PROGRESS_BAR)))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "insights.cancel", NULL));
  clt_test_wait_until (not_computing, page);
  clt_test_wait_until (page_loaded, page);
  g_assert_false (gtk_widget_is_drawable (GTK_WIDGET (clt_test_find_type (GTK_WIDGET (page), GTK_TYPE_PROGRESS_BAR))));

  /* Compute to the end: every model is current, and the grid holds what RFM computed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "insights.compute", NULL));
  clt_test_wait_until (not_computing, page);
  clt_test_wait_until (page_loaded, page);
  clt_test_settle (100);
  g_assert_false (has_label (GTK_WIDGET (page), "Out of date"));
  g_assert_true (has_label (GTK_WIDGET (page), "Computed on"));

  gtk_window_destroy (GTK_WINDOW (window));
  clt_test_settle (100);
}

static void
test_empty (void)
{
  g_autofree char *path = make_workspace ("empty.sqlite3", FALSE);
  CltWindow *window = window_on (path);
  CltInsightsPage *page = CLT_INSIGHTS_PAGE (gtk_stack_get_child_by_name (window->pages_stack, "insights"));

  clt_window_show_page (window, "insights");
  clt_test_wait_until (page_loaded, page);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (clt_test_find_type (GTK_WIDGET (page), GTK_TYPE_STACK))),
                   ==, "empty");
  /* Nobody computes: Compute is off. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (page), "insights.compute", NULL) &&
                  clt_insights_page_get_computing (page));

  gtk_window_destroy (GTK_WINDOW (window));
  clt_test_settle (100);
}

static void
test_profile (void)
{
  g_autofree char *path = make_workspace ("profile.sqlite3", TRUE);
  CltWindow *window = window_on (path);
  AdwNavigationView *navigation = ADW_NAVIGATION_VIEW (adw_navigation_view_new ());
  GtkWidget *profile_window = gtk_window_new ();
  CltProfileView *view;
  CltProfileInsights *insights;
  gboolean german = setlocale (LC_ALL, "de_DE.UTF-8") != NULL;

  gtk_window_set_default_size (GTK_WINDOW (profile_window), 800, 1000);
  gtk_window_set_child (GTK_WINDOW (profile_window), GTK_WIDGET (navigation));
  gtk_window_present (GTK_WINDOW (profile_window));
  clt_test_wait_until (clt_test_is_mapped, profile_window);

  /* Customer 1: champion, everything computed, nothing new to offer. */
  view = clt_profile_view_new (clt_window_get_workspace (window), 1);
  adw_navigation_view_replace (navigation, (AdwNavigationPage *[]) { ADW_NAVIGATION_PAGE (view) }, 1);
  insights = CLT_PROFILE_INSIGHTS (clt_test_find_type (GTK_WIDGET (view), CLT_TYPE_PROFILE_INSIGHTS));
  clt_test_wait_until (insights_loaded, insights);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (insights)));
  g_assert_true (has_label (GTK_WIDGET (insights), "Champion"));
  g_assert_true (has_label (GTK_WIDGET (insights), "High confidence"));
  g_assert_true (has_label (GTK_WIDGET (insights), german ? "123,45" : "123.45"));
  g_assert_true (has_label (GTK_WIDGET (insights), german ? "1,3" : "1.3"));
  g_assert_true (has_label (GTK_WIDGET (insights), "90"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (find_row (GTK_WIDGET (insights), "Customer Group")), "Recency 5"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (find_row (GTK_WIDGET (insights), "Often Bought Together with What They Have"))));

  /* Customer 4: no purchase forecast, one product to suggest. */
  view = clt_profile_view_new (clt_window_get_workspace (window), 4);
  adw_navigation_view_replace (navigation, (AdwNavigationPage *[]) { ADW_NAVIGATION_PAGE (view) }, 1);
  insights = CLT_PROFILE_INSIGHTS (clt_test_find_type (GTK_WIDGET (view), CLT_TYPE_PROFILE_INSIGHTS));
  clt_test_wait_until (insights_loaded, insights);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (find_row (GTK_WIDGET (insights), "Expected Purchases in 90 Days"))));
  g_assert_cmpstr (adw_action_row_get_subtitle (find_row (GTK_WIDGET (insights), "Often Bought Together with What They Have")),
                   ==, "milk");

  /* Customer 3: nothing computed, no section. */
  view = clt_profile_view_new (clt_window_get_workspace (window), 3);
  adw_navigation_view_replace (navigation, (AdwNavigationPage *[]) { ADW_NAVIGATION_PAGE (view) }, 1);
  insights = CLT_PROFILE_INSIGHTS (clt_test_find_type (GTK_WIDGET (view), CLT_TYPE_PROFILE_INSIGHTS));
  clt_test_wait_until (insights_loaded, insights);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (insights)));

  setlocale (LC_ALL, "C.UTF-8");
  gtk_window_destroy (GTK_WINDOW (profile_window));
  gtk_window_destroy (GTK_WINDOW (window));
  clt_test_settle (100);
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *tooltip)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = find_button (child, tooltip);

      if (button)
        return button;
    }

  return NULL;
}

static gboolean
segment_made (gpointer data)
{
  g_autoptr(CltWorkspace) workspace = clt_workspace_open (data, NULL);
  g_autoptr(sqlite3_stmt) stmt = _clt_workspace_prepare (workspace, "SELECT count (*) FROM segments WHERE suggestion IS NOT NULL", NULL);

  return sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 1;
}

/* The clustering's audiences are listed and marked; Make Segment saves one, and the Segments
 * page marks it. */
static void
test_suggestions (void)
{
  g_autofree char *path = make_workspace ("suggestions.sqlite3", FALSE);
  g_autoptr(GError) error = NULL;
  CltWindow *window;
  CltInsightsPage *page;
  GtkWidget *make;

  /* 60 frequent small spenders at the till and 60 rare big spenders in the shop. */
  {
    g_autoptr(CltWorkspace) workspace = clt_workspace_open (path, &error);

    g_assert_no_error (error);
    g_assert_true (_clt_workspace_begin (workspace, &error));
    g_assert_true (_clt_workspace_exec (workspace,
      "INSERT INTO sources (id, kind, name, created_at) VALUES (1, 'loyalty', 'Kasse', '2025'), (2, 'shopify', 'Shop', '2025');"
      "INSERT INTO import_batches (id, source_id, file_name, started_at) VALUES (1, 1, 'k.csv', '2025'), (2, 2, 's.csv', '2025');"
      "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120) "
      "INSERT INTO profiles (id, created_at, updated_at, display_name) SELECT i, '2025', '2025', 'Kunde ' || i FROM n;"
      "INSERT INTO source_records (source_id, batch_id, row_number, raw, profile_id) "
      "  SELECT 1 + (id > 60), 1 + (id > 60), id, '[]', id FROM profiles;"
      "WITH RECURSIVE k (j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 7) "
      "INSERT INTO events (profile_id, kind, occurred_at, amount_cents, currency) "
      "  SELECT p.id, 'loyalty_receipt', strftime ('%Y-%m-%dT10:00:00Z', 'now', '-' || (j * 9 + 1) || ' days'), 500, 'EUR' "
      "  FROM profiles p, k WHERE p.id <= 60;"
      "INSERT INTO events (profile_id, kind, occurred_at, amount_cents, currency) "
      "  SELECT id, 'purchase', strftime ('%Y-%m-%dT10:00:00Z', 'now', '-300 days'), 20000, 'EUR' FROM profiles WHERE id > 60;",
      &error));
    g_assert_true (_clt_workspace_commit (workspace, &error));
    g_assert_true (clt_insights_suggest_audiences (workspace, NULL, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
  }

  window = window_on (path);
  page = CLT_INSIGHTS_PAGE (gtk_stack_get_child_by_name (window->pages_stack, "insights"));
  clt_window_show_page (window, "insights");
  clt_test_wait_until (page_loaded, page);
  g_assert_true (has_label (GTK_WIDGET (page), "Suggested Audiences"));
  g_assert_true (has_label (GTK_WIDGET (page), "60 customers · 50"));
  g_assert_true (has_label (GTK_WIDGET (page), "requent buyers"));

  make = find_button (GTK_WIDGET (page), "Make Segment");
  g_assert_nonnull (make);
  g_signal_emit_by_name (make, "clicked");
  clt_test_wait_until (segment_made, path);
  clt_test_settle (100);

  clt_window_show_page (window, "segments");
  clt_test_settle (100);
  g_assert_true (has_label (gtk_stack_get_child_by_name (window->pages_stack, "segments"), "Suggestion"));

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

  tmp_dir = clt_test_make_tmp_dir ("test-insights-page");
  g_setenv ("XDG_CACHE_HOME", tmp_dir, TRUE);

  g_test_add_func ("/insights-page/chart-keys", test_chart_keys);
  g_test_add_func ("/insights-page/dashboard", test_dashboard);
  g_test_add_func ("/insights-page/empty", test_empty);
  g_test_add_func ("/insights-page/profile", test_profile);
  g_test_add_func ("/insights-page/suggestions", test_suggestions);

  result = g_test_run ();
  g_free (tmp_dir);

  return result;
}
