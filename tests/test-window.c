/* test-window.c: the main window, driven as a user would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "clt-test-utils.h"

#include <glib/gstdio.h>

#include "clt-cell-text.h"
#include "clt-consent-badge.h"
#include "clt-consent-page.h"
#include "clt-format.h"
#include "clt-import-dialog.h"
#include "clt-initials-avatar.h"
#include "clt-page.h"
#include "clt-merge-dialog.h"
#include "clt-preferences-dialog.h"
#include "clt-golden.h"
#include "clt-profile-row.h"
#include "clt-profiles-page.h"
#include "clt-sources-cell.h"
#include "clt-profile-view.h"
#include "clt-review-dialog.h"
#include "clt-export-dialog.h"
#include "clt-window-private.h"

#include <sqlite3.h>

static char *tmp_dir;

static gboolean
has_workspace (gpointer data)
{
  return clt_window_get_workspace (data) != NULL;
}

static gboolean
is_collapsed (gpointer data)
{
  return adw_navigation_split_view_get_collapsed (data);
}

static gboolean
is_not_collapsed (gpointer data)
{
  return !adw_navigation_split_view_get_collapsed (data);
}

static gboolean
export_checked (gpointer data)
{
  return !clt_export_dialog_get_checking (data) && clt_export_dialog_get_eligibility (data) != NULL;
}

static CltWindow *
new_window (int width,
            int height)
{
  CltWindow *window = clt_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  clt_test_wait_until (clt_test_is_mapped, window);

  return window;
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static GtkWidget *
page_widget (CltWindow  *window,
             const char *name)
{
  return gtk_stack_get_child_by_name (window->pages_stack, name);
}

static gboolean
counted (gpointer data)
{
  CltWindow *window = data;

  return clt_page_get_count (CLT_PAGE (gtk_stack_get_child_by_name (window->pages_stack, "profiles")), "profiles") >= 0;
}

/* The window counts the workspace's rows in a thread; the sidebar and pages show them after. */
static void
wait_for_counts (CltWindow *window)
{
  clt_test_wait_until (counted, window);
}

static GtkStack *
page_stack (CltWindow  *window,
            const char *name)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (page_widget (window, name)));
  AdwToolbarView *toolbar;

  /* The customers page holds its list in a navigation view, under which a customer opens, in
   * a breakpoint bin (the narrow layout). */
  if (ADW_IS_NAVIGATION_VIEW (child))
    child = adw_navigation_page_get_child (adw_navigation_view_find_page (ADW_NAVIGATION_VIEW (child), "list"));
  if (ADW_IS_BREAKPOINT_BIN (child))
    child = adw_breakpoint_bin_get_child (ADW_BREAKPOINT_BIN (child));
  toolbar = ADW_TOOLBAR_VIEW (child);

  return GTK_STACK (adw_toolbar_view_get_content (toolbar));
}

static gboolean
profiles_listed (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (page_stack (data, "profiles")), "list") == 0;
}

static gboolean
consent_loaded (gpointer data)
{
  return !clt_consent_page_get_loading (data);
}

static void
test_first_start_offers_sample (void)
{
  CltWindow *window = new_window (1200, 800);
  g_autofree char *count = NULL;
  GtkWidget *page;
  gint64 n_profiles;

  /* No workspace yet: the welcome page offers sample data. */
  g_assert_null (clt_window_get_workspace (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "welcome");
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (window->sidebar_list)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-sample", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "loading");
  clt_test_wait_until (has_workspace, window);
  wait_for_counts (window);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "workspace");
  g_assert_true (g_str_has_suffix (clt_workspace_get_path (clt_window_get_workspace (window)), "sample.sqlite3"));
  n_profiles = clt_workspace_count (clt_window_get_workspace (window), "profiles", NULL);
  g_assert_cmpint (n_profiles, >, 100);
  count = clt_format_count (n_profiles);
  g_assert_cmpstr (gtk_label_get_label (window->section_counts[0]), ==, count);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->section_counts[0])));
  g_assert_cmpstr (gtk_label_get_label (window->workspace_label), ==, "sample");

  page = page_widget (window, "profiles");
  g_assert_true (clt_page_get_workspace (CLT_PAGE (page)) == clt_window_get_workspace (window));
  /* The customers are counted in a thread of the list's own. */
  clt_test_wait_until (profiles_listed, window);

  /* Pages not looked at have not read the workspace; shown, they do. */
  g_assert_false (clt_consent_page_get_loading (CLT_CONSENT_PAGE (page_widget (window, "consent"))));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_stack (window, "consent")), ==, "empty");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_stack (window, "imports")), ==, "empty");
  clt_window_show_page (window, "consent");
  g_assert_true (clt_consent_page_get_loading (CLT_CONSENT_PAGE (page_widget (window, "consent"))));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_stack (window, "consent")), ==, "loading");
  clt_test_wait_until (consent_loaded, page_widget (window, "consent"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_stack (window, "consent")), ==, "panel");
  clt_window_show_page (window, "imports");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_stack (window, "imports")), ==, "batches");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_sidebar_switches_pages (void)
{
  static const char * const names[] = { "profiles", "segments", "consent", "imports", "insights" };
  static const char * const titles[] = { "Profiles", "Segments", "Consent & Governance", "Imports", "Insights" };
  g_autofree char *path = tmp_path ("pages.sqlite3");
  g_autoptr(GError) error = NULL;
  CltWindow *window = new_window (1200, 800);

  g_assert_true (clt_window_open_workspace (window, path, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (window->sidebar_list, i);

      /* Clicking a row is activating it. */
      g_signal_emit_by_name (window->sidebar_list, "row-activated", row);
      g_assert_cmpstr (clt_window_get_page (window), ==, names[i]);
      g_assert_cmpstr (adw_navigation_page_get_title (window->content_page), ==, titles[i]);
      g_assert_true (gtk_list_box_get_selected_row (window->sidebar_list) == row);
      g_assert_true (CLT_IS_PAGE (page_widget (window, names[i])));
    }

  /* Alt+1 … Alt+5 and the action behind them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "segments"));
  g_assert_cmpstr (clt_window_get_page (window), ==, "segments");
  g_assert_true (gtk_list_box_get_selected_row (window->sidebar_list) ==
                 gtk_list_box_get_row_at_index (window->sidebar_list, 1));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_empty_states (void)
{
  static const char * const with_stack[] = { "profiles", "consent", "imports" };
  g_autofree char *path = tmp_path ("empty.sqlite3");
  g_autoptr(GError) error = NULL;
  CltWindow *window = new_window (1200, 800);

  g_assert_true (clt_window_open_workspace (window, path, &error));
  wait_for_counts (window);

  /* An empty workspace shows no counts and each page's status page. */
  for (guint i = 0; i < CLT_WINDOW_N_SECTIONS; i++)
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->section_counts[i])));

  for (guint i = 0; i < G_N_ELEMENTS (with_stack); i++)
    {
      GtkStack *stack = page_stack (window, with_stack[i]);

      clt_window_show_page (window, with_stack[i]);
      g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
      g_assert_true (ADW_IS_STATUS_PAGE (gtk_stack_get_visible_child (stack)));
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_imports_list (void)
{
  g_autofree char *path = tmp_path ("imports.sqlite3");
  g_autoptr(GError) error = NULL;
  CltWindow *window;

  g_assert_true (clt_demo_import (path, 20, 3, NULL, &error));
  g_assert_no_error (error);

  window = new_window (1200, 800);
  g_assert_true (clt_window_open_workspace (window, path, &error));
  wait_for_counts (window);
  clt_window_show_page (window, "imports");

  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_stack (window, "imports")), ==, "batches");
  g_assert_cmpstr (gtk_label_get_label (window->section_counts[3]), ==, "7");

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  GtkColumnView *view;
  const char    *titles;
} Columns;

/* Whether the list shows exactly the columns titled in columns->titles, comma-separated. */
static gboolean
columns_shown (gpointer data)
{
  Columns *columns = data;
  GListModel *model = gtk_column_view_get_columns (columns->view);
  g_autoptr(GString) shown = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (model, i);

      if (gtk_column_view_column_get_visible (column))
        g_string_append_printf (shown, "%s%s", shown->len ? "," : "", gtk_column_view_column_get_title (column));
    }

  return g_str_equal (shown->str, columns->titles);
}

static void
test_narrow_collapses (void)
{
  g_autofree char *path = tmp_path ("narrow.sqlite3");
  g_autoptr(GError) error = NULL;
  CltWindow *narrow;
  CltWindow *wide;

  narrow = new_window (360, 640);
  g_assert_true (clt_window_open_workspace (narrow, path, &error));
  clt_test_wait_until (is_collapsed, narrow->split_view);

  /* Collapsed, choosing a section shows its page instead of the sidebar. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (narrow), "win.show-page", "s", "imports"));
  g_assert_true (adw_navigation_split_view_get_show_content (narrow->split_view));

  /* At a phone's width the customers are listed by name and city, without their count. */
  {
    GtkWidget *page = page_widget (narrow, "profiles");
    Columns columns = { GTK_COLUMN_VIEW (clt_test_find_type (page, GTK_TYPE_COLUMN_VIEW)), "Name,City" };

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (narrow), "win.show-page", "s", "profiles"));
    clt_test_wait_until (columns_shown, &columns);
    g_assert_false (gtk_widget_get_visible (clt_test_find_type (clt_test_find_type (page, GTK_TYPE_ACTION_BAR),
                                                                GTK_TYPE_LABEL)));
  }
  gtk_window_destroy (GTK_WINDOW (narrow));

  /* Beside the sidebar, 1000 pixels leave room for the e-mail and the spend too. */
  wide = new_window (1000, 700);
  g_assert_true (clt_window_open_workspace (wide, path, &error));
  clt_test_wait_until (is_not_collapsed, wide->split_view);
  {
    GtkWidget *page = page_widget (wide, "profiles");
    Columns columns = { GTK_COLUMN_VIEW (clt_test_find_type (page, GTK_TYPE_COLUMN_VIEW)), "Name,E-mail,City,Spend" };

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wide), "win.show-page", "s", "profiles"));
    clt_test_wait_until (columns_shown, &columns);
  }
  gtk_window_destroy (GTK_WINDOW (wide));
}


typedef struct
{
  GtkWidget  *root;
  const char *text;
} Wanted;

static gboolean
button_shown (gpointer data)
{
  Wanted *wanted = data;

  return clt_test_find_button (wanted->root, wanted->text) != NULL;
}

static void
click_when_shown (GtkWidget  *root,
                  const char *text)
{
  Wanted wanted = { root, text };

  clt_test_wait_until (button_shown, &wanted);
  g_signal_emit_by_name (clt_test_find_button (root, text), "clicked");
}

static gboolean
no_dialog (gpointer data)
{
  return adw_application_window_get_visible_dialog (data) == NULL &&
         gtk_widget_get_first_child (GTK_WIDGET (data)) != NULL &&
         !g_main_context_pending (NULL);
}

static gboolean
imports_counted (gpointer data)
{
  CltWindow *window = data;

  return g_strcmp0 (gtk_label_get_label (window->section_counts[3]), "2") == 0;
}

static gboolean
batch_stored (gpointer data)
{
  g_autoptr(CltWorkspace) workspace = clt_workspace_open (data, NULL);

  return workspace != NULL && clt_workspace_count (workspace, "import_batches", NULL) == 1;
}

/* The window closed while the assistant imports: the import goes on to its end, its progress
 * still arriving for a dialog that is gone, and is stored whole. */
static void
test_import_window_closed (void)
{
  g_autofree char *path = tmp_path ("closed.sqlite3");
  g_autofree char *csv = tmp_path ("closed.csv");
  g_autoptr(GString) rows = g_string_new ("Record ID,First Name,Last Name,Email\n");
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  CltWindow *window = new_window (1200, 800);
  AdwDialog *dialog;

  for (guint i = 0; i < 30000; i++)
    g_string_append_printf (rows, "%u,Anna,Muster%u,anna.muster%u@example.com\n", 50000 + i, i, i);
  g_assert_true (g_file_set_contents (csv, rows->str, rows->len, NULL));
  g_assert_true (clt_window_open_workspace (window, path, &error));
  g_list_store_append (files, g_file_new_for_path (csv));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import", NULL));
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  clt_import_dialog_add_files (CLT_IMPORT_DIALOG (dialog), G_LIST_MODEL (files));
  click_when_shown (GTK_WIDGET (dialog), "C_heck");
  click_when_shown (GTK_WIDGET (dialog), "_Import");
  gtk_window_destroy (GTK_WINDOW (window));

  clt_test_wait_until (batch_stored, path);
  for (guint i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  workspace = clt_workspace_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_workspace_count (workspace, "source_records", NULL), ==, 30000);
}

/* The assistant, driven through its buttons: files in, check, import, done. */
static void
test_import_assistant (void)
{
  g_autofree char *path = tmp_path ("assistant.sqlite3");
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);
  g_autoptr(GError) error = NULL;
  CltWindow *window = new_window (1200, 800);
  AdwDialog *dialog;

  g_assert_true (clt_window_open_workspace (window, path, &error));
  g_list_store_append (files, g_file_new_build_filename (g_test_get_dir (G_TEST_DIST), "data", "import", "hubspot.csv", NULL));
  g_list_store_append (files, g_file_new_build_filename (g_test_get_dir (G_TEST_DIST), "data", "import", "loyalty-receipts.csv", NULL));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import", NULL));
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_true (CLT_IS_IMPORT_DIALOG (dialog));
  clt_import_dialog_add_files (CLT_IMPORT_DIALOG (dialog), G_LIST_MODEL (files));

  /* Nothing is stored by the check. */
  click_when_shown (GTK_WIDGET (dialog), "C_heck");
  click_when_shown (GTK_WIDGET (dialog), "_Import");
  g_assert_cmpint (clt_workspace_count (clt_window_get_workspace (window), "import_batches", NULL), <=, 2);
  click_when_shown (GTK_WIDGET (dialog), "_Done");

  /* The window shows the two imports at once. */
  clt_test_wait_until (imports_counted, window);
  g_assert_cmpint (clt_workspace_count (clt_window_get_workspace (window), "events", NULL), ==, 3);
  g_assert_cmpint (clt_workspace_count (clt_window_get_workspace (window), "profiles", NULL), ==, 4);

  /* The assistant has closed before the window goes. */
  clt_test_wait_until (no_dialog, window);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_refuses_bad_file (void)
{
  g_autofree char *path = tmp_path ("notes.txt");
  g_autoptr(GError) error = NULL;
  CltWindow *window = new_window (800, 600);

  g_assert_true (g_file_set_contents (path, "not a workspace", -1, NULL));
  g_assert_false (clt_window_open_workspace (window, path, &error));
  g_assert_error (error, CLT_WORKSPACE_ERROR, CLT_WORKSPACE_ERROR_NOT_SQLITE);
  g_assert_null (clt_window_get_workspace (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "welcome");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_preferences (void)
{
  g_autofree char *path = tmp_path ("prefs.sqlite3");
  g_autoptr(CltWorkspace) workspace = clt_workspace_open (path, NULL);
  CltWindow *window = new_window (1000, 700);
  CltPreferencesDialog *dialog = clt_preferences_dialog_new (workspace);

  g_assert_nonnull (workspace);
  adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (window));
  g_assert_true (adw_dialog_close (ADW_DIALOG (dialog)));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gint64
last_operation (CltWindow *window)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 id = 0;

  g_assert_cmpint (sqlite3_open_v2 (clt_workspace_get_path (clt_window_get_workspace (window)), &db,
                                    SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT max(id) FROM profile_operations", -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return id;
}

/* A workspace with the demo business's customers, resolved, open in a window. */
static CltWindow *
resolved_window (const char *name)
{
  g_autofree char *path = tmp_path (name);
  g_autoptr(CltResolver) resolver = clt_resolver_new (path);
  g_autoptr(GError) error = NULL;
  CltWindow *window;

  g_assert_true (clt_demo_import (path, 200, 5, NULL, &error));
  g_assert_true (clt_resolver_run (resolver, NULL, &error));
  g_assert_no_error (error);

  window = new_window (1200, 800);
  g_assert_true (clt_window_open_workspace (window, path, &error));
  wait_for_counts (window);

  return window;
}

static gint64
count_profiles (CltWindow *window)
{
  return clt_workspace_count (clt_window_get_workspace (window), "profiles", NULL);
}

/* The banner's button, once the banner has slid in. */
static gboolean
review_offered (gpointer data)
{
  return clt_test_find_button (page_widget (data, "profiles"), "_Review") != NULL;
}

/* The review queue: answers by button and by key, each taken back by Undo. */
static void
test_review_queue (void)
{
  CltWindow *window = resolved_window ("review.sqlite3");
  CltWorkspace *workspace = clt_window_get_workspace (window);
  gint64 n_review = clt_identity_count_review (workspace);
  gint64 n_profiles = count_profiles (window);
  AdwDialog *dialog;

  g_assert_cmpint (n_review, >, 2);
  /* The customers page says so. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "profiles"));
  clt_test_wait_until (review_offered, window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.review", NULL));
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_true (CLT_IS_REVIEW_DIALOG (dialog));

  click_when_shown (GTK_WIDGET (dialog), "_Same Person");
  g_assert_cmpint (count_profiles (window), ==, n_profiles - 1);
  g_assert_cmpint (clt_identity_count_review (workspace), ==, n_review - 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "review.undo", NULL));
  g_assert_cmpint (count_profiles (window), ==, n_profiles);
  g_assert_cmpint (clt_identity_count_review (workspace), ==, n_review);

  /* N is "not the same": the pair leaves the queue, the customers stay as they are. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "review.different", NULL));
  g_assert_cmpint (clt_identity_count_review (workspace), ==, n_review - 1);
  g_assert_cmpint (count_profiles (window), ==, n_profiles);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "review.skip", NULL));
  g_assert_cmpint (clt_identity_count_review (workspace), ==, n_review - 1);

  adw_dialog_force_close (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
find_row_with_records (GtkWidget    *widget,
                       CltWorkspace *workspace)
{
  if (CLT_IS_PROFILE_ROW (widget))
    {
      g_autoptr(GPtrArray) records = clt_identity_list_records (workspace, clt_profile_row_get_profile_id (CLT_PROFILE_ROW (widget)), NULL);

      return records->len >= 2 ? widget : NULL;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row_with_records (child, workspace);

      if (found)
        return found;
    }

  return NULL;
}

typedef struct
{
  GtkWidget    *root;
  CltWorkspace *workspace;
  GtkWidget    *row;
} RowSearch;

static gboolean
row_found (gpointer data)
{
  RowSearch *search = data;

  return (search->row = find_row_with_records (search->root, search->workspace)) != NULL;
}

/* The customers are listed from a thread: the first with records, once they are there. */
static GtkWidget *
wait_for_row (GtkWidget    *root,
              CltWorkspace *workspace)
{
  RowSearch search = { root, workspace, NULL };

  clt_test_wait_until (row_found, &search);

  return search.row;
}

/* The title of a preferences row or group, else NULL. */
static const char *
preferences_title (GtkWidget *widget)
{
  if (ADW_IS_PREFERENCES_ROW (widget))
    return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  if (ADW_IS_PREFERENCES_GROUP (widget))
    return adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget));

  return NULL;
}

/* The first preferences row or group of @type below @widget with @title, shown or not. */
static GtkWidget *
find_titled (GtkWidget  *widget,
             GType       type,
             const char *title)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && g_strcmp0 (preferences_title (widget), title) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_titled (child, type, title);

      if (found)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_row (GtkWidget  *widget,
          const char *title)
{
  return find_titled (widget, ADW_TYPE_PREFERENCES_ROW, title);
}

static gboolean
in_segments (gpointer data)
{
  return find_row (data, "Stammkunden") != NULL && find_row (data, "Käufer") != NULL;
}

static gboolean
has_header (gpointer data)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (data, 0);

  return row && gtk_list_box_row_get_header (row) != NULL;
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n))
    n++;

  return n;
}

/* Scrolls @data's timeline to its end; whether it holds all the rows expected. */
static gboolean
scrolled_to_end (gpointer data)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (data, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));

  return count_rows (data) == GPOINTER_TO_UINT (g_object_get_data (data, "expected"));
}

/* The text in the first column of @sql's first row, with @id bound to its parameter if it
 * has one. */
static char *
query_text (CltWindow  *window,
            const char *sql,
            gint64      id)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (clt_workspace_get_path (clt_window_get_workspace (window)), &db,
                                    SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_bind_parameter_count (stmt) > 0)
    g_assert_cmpint (sqlite3_bind_int64 (stmt, 1, id), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static gint64
query_id (CltWindow  *window,
          const char *sql)
{
  g_autofree char *value = query_text (window, sql, 0);

  return value ? g_ascii_strtoll (value, NULL, 10) : 0;
}

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    n++;

  return n;
}

/* A customer's page: split off a record, undo, merge another customer in, undo. */
static void
test_profile_split_merge (void)
{
  CltWindow *window = resolved_window ("split.sqlite3");
  CltWorkspace *workspace = clt_window_get_workspace (window);
  gint64 n_profiles = count_profiles (window);
  gint64 profile = query_id (window, "SELECT profile_id FROM source_records GROUP BY profile_id "
                                     "HAVING count(*) >= 2 ORDER BY profile_id LIMIT 1");
  AdwNavigationView *navigation;
  GtkWidget *row;
  AdwNavigationPage *view;
  AdwDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "profiles"));
  navigation = ADW_NAVIGATION_VIEW (adw_bin_get_child (ADW_BIN (page_widget (window, "profiles"))));
  clt_profiles_page_show_profile (CLT_PROFILES_PAGE (page_widget (window, "profiles")), profile);
  view = adw_navigation_view_get_visible_page (navigation);
  g_assert_true (CLT_IS_PROFILE_VIEW (view));
  g_assert_cmpint (clt_profile_view_get_profile_id (CLT_PROFILE_VIEW (view)), ==, profile);

  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (clt_test_find_type (GTK_WIDGET (view), ADW_TYPE_VIEW_STACK)), "sources");
  click_when_shown (GTK_WIDGET (view), "Split _Off");
  g_assert_cmpint (count_profiles (window), ==, n_profiles + 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "profile.undo", "x", last_operation (window)));
  g_assert_cmpint (count_profiles (window), ==, n_profiles);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "profile.merge", NULL));
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_true (CLT_IS_MERGE_DIALOG (dialog));
  row = wait_for_row (GTK_WIDGET (dialog), workspace);
  g_assert_cmpint (clt_profile_row_get_profile_id (CLT_PROFILE_ROW (row)), !=, clt_profile_view_get_profile_id (CLT_PROFILE_VIEW (view)));
  g_signal_emit_by_name (row, "activate");
  g_assert_cmpint (count_profiles (window), ==, n_profiles - 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "profile.undo", "x", last_operation (window)));
  g_assert_cmpint (count_profiles (window), ==, n_profiles);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A customer's page: facts and consent in the header, a timeline read in pages, a competing
 * value chosen and taken back, a value changed by hand, a record opened as imported. */
static void
test_profile_view (void)
{
  CltWindow *window = resolved_window ("profile.sqlite3");
  CltWorkspace *workspace = clt_window_get_workspace (window);
  gint64 profile = query_id (window, "SELECT p.id FROM profiles p WHERE "
                                     "(SELECT count(*) FROM source_records r WHERE r.profile_id = p.id) >= 2 "
                                     "ORDER BY (SELECT count(*) FROM events e WHERE e.profile_id = p.id) DESC LIMIT 1");
  gint64 n_events = query_id (window, "SELECT count(*) FROM events WHERE profile_id = "
                                      "(SELECT profile_id FROM events GROUP BY profile_id ORDER BY count(*) DESC LIMIT 1)");
  AdwNavigationView *navigation;
  AdwNavigationPage *view;
  GtkWidget *timeline, *expander, *facts;
  AdwAlertDialog *dialog;
  g_autofree char *pinned = NULL;
  g_autofree char *edited = NULL;

  g_assert_cmpint (profile, >, 0);
  g_assert_cmpint (n_events, >, 0);

  /* The customer is on a fixed list, and in a segment of everyone who bought something. */
  {
    g_autoptr(CltSegmentGroup) buyers = clt_segment_definition_from_json (
        "{\"version\":1,\"match\":\"all\",\"children\":[{\"type\":\"condition\",\"kind\":\"attribute\","
        "\"field\":\"orders\",\"operator\":\">=\",\"values\":[1]}]}", -1, NULL);
    g_autoptr(GError) error = NULL;

    g_assert_nonnull (buyers);
    g_assert_cmpint (clt_segment_store_save_list (workspace, "Stammkunden", &profile, 1, NULL, &error), >, 0);
    g_assert_no_error (error);
    g_assert_cmpint (clt_segment_store_save (workspace, "Käufer", buyers, CLT_SEGMENT_KIND_DYNAMIC, NULL, &error), >, 0);
    g_assert_no_error (error);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "profiles"));
  navigation = ADW_NAVIGATION_VIEW (adw_bin_get_child (ADW_BIN (page_widget (window, "profiles"))));
  clt_profiles_page_show_profile (CLT_PROFILES_PAGE (page_widget (window, "profiles")), profile);
  view = adw_navigation_view_get_visible_page (navigation);
  g_assert_true (CLT_IS_PROFILE_VIEW (view));

  /* The header says what the customer did. */
  facts = clt_test_find_type (GTK_WIDGET (view), GTK_TYPE_LABEL);
  g_assert_nonnull (facts);
  g_assert_nonnull (clt_test_find_type (GTK_WIDGET (view), ADW_TYPE_AVATAR));
  g_assert_cmpuint (count_children (clt_test_find_type (GTK_WIDGET (view), ADW_TYPE_WRAP_BOX)), >, 0);

  /* The segments the customer is in, and why. */
  clt_test_wait_until (in_segments, view);

  /* The timeline holds the customer's events, grouped by day. */
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (clt_test_find_type (GTK_WIDGET (view), ADW_TYPE_VIEW_STACK)), "timeline");
  timeline = clt_test_find_class (GTK_WIDGET (view), "timeline");
  g_assert_true (GTK_IS_LIST_BOX (timeline));
  g_assert_nonnull (gtk_list_box_get_row_at_index (GTK_LIST_BOX (timeline), 0));
  clt_test_wait_until (has_header, timeline);

  /* Scrolled down, it reads on to the customer's first event. */
  {
    g_autoptr(GPtrArray) all = clt_timeline_list (workspace, profile, NULL, G_MAXINT, NULL);

    g_assert_nonnull (all);
    g_assert_cmpuint (all->len, >, count_rows (GTK_LIST_BOX (timeline)));
    g_object_set_data (G_OBJECT (timeline), "expected", GUINT_TO_POINTER (all->len));
    clt_test_wait_until (scrolled_to_end, timeline);
  }

  /* A competing value is chosen: it is pinned; the undo puts the rule's choice back. */
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (clt_test_find_type (GTK_WIDGET (view), ADW_TYPE_VIEW_STACK)), "overview");
  expander = clt_test_find_type (GTK_WIDGET (view), ADW_TYPE_EXPANDER_ROW);
  if (expander)
    {
      const char *field = NULL;

      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
      click_when_shown (GTK_WIDGET (view), "_Use This");
      pinned = NULL;
      for (guint f = 0; f < CLT_GOLDEN_N_FIELDS && !pinned; f++)
        {
          field = clt_golden_field_get_id (f);
          pinned = clt_identity_dup_pinned_value (workspace, profile, field);
        }
      g_assert_nonnull (pinned);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "profile.set-value", "(sms)", field, NULL));
      g_assert_null (clt_identity_dup_pinned_value (workspace, profile, field));
    }

  /* A first name entered by hand (the first field's Change). */
  click_when_shown (GTK_WIDGET (view), "Change");
  dialog = ADW_ALERT_DIALOG (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)));
  g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
  gtk_editable_set_text (GTK_EDITABLE (adw_alert_dialog_get_extra_child (dialog)), "Ingrid");
  g_signal_emit_by_name (dialog, "response", "save");
  edited = clt_identity_dup_pinned_value (workspace, profile, "first_name");
  g_assert_cmpstr (edited, ==, "Ingrid");
  adw_dialog_force_close (ADW_DIALOG (dialog));

  /* A record opens as its file had it. */
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (clt_test_find_type (GTK_WIDGET (view), ADW_TYPE_VIEW_STACK)), "sources");
  clt_test_wait_until (no_dialog, window);
  {
    AdwPreferencesGroup *group = NULL;
    GtkWidget *page = adw_view_stack_get_child_by_name (ADW_VIEW_STACK (clt_test_find_type (GTK_WIDGET (view), ADW_TYPE_VIEW_STACK)), "sources");
    GtkWidget *record;

    group = ADW_PREFERENCES_GROUP (clt_test_find_type (page, ADW_TYPE_PREFERENCES_GROUP));
    record = clt_test_find_type (GTK_WIDGET (group), ADW_TYPE_ACTION_ROW);
    g_assert_nonnull (record);
    g_signal_emit_by_name (record, "activated");
    g_assert_nonnull (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)));
    adw_dialog_force_close (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}


static gboolean
closed (gpointer data)
{
  return gtk_widget_get_parent (data) == NULL;
}

/* The page of a customer closed is shown again for the next customer, as a new page would
 * be: from the overview, with the next customer's records and events only. */
static void
test_profile_view_reused (void)
{
  CltWindow *window = resolved_window ("reused.sqlite3");
  gint64 first = query_id (window, "SELECT p.id FROM profiles p WHERE "
                                   "(SELECT count(*) FROM source_records r WHERE r.profile_id = p.id) >= 2 "
                                   "ORDER BY (SELECT count(*) FROM events e WHERE e.profile_id = p.id) DESC LIMIT 1");
  gint64 second = query_id (window, "SELECT p.id FROM profiles p WHERE "
                                    "(SELECT count(*) FROM source_records r WHERE r.profile_id = p.id) = 1 AND "
                                    "(SELECT count(*) FROM events e WHERE e.profile_id = p.id) = 1 AND "
                                    "p.first_name <> '' AND p.last_name <> '' LIMIT 1");
  CltProfilesPage *page = CLT_PROFILES_PAGE (page_widget (window, "profiles"));
  AdwNavigationView *navigation;
  AdwNavigationPage *view, *again;
  AdwViewStack *stack;
  GtkWidget *timeline, *first_row;
  AdwPreferencesGroup *records;
  g_autofree char *name = NULL;
  g_autofree char *first_name = NULL;

  g_assert_cmpint (first, >, 0);
  g_assert_cmpint (second, >, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "profiles"));
  navigation = ADW_NAVIGATION_VIEW (adw_bin_get_child (ADW_BIN (page)));

  clt_profiles_page_show_profile (page, first);
  view = adw_navigation_view_get_visible_page (navigation);
  stack = ADW_VIEW_STACK (clt_test_find_type (GTK_WIDGET (view), ADW_TYPE_VIEW_STACK));
  adw_view_stack_set_visible_child_name (stack, "timeline");
  timeline = clt_test_find_class (GTK_WIDGET (view), "timeline");
  g_assert_nonnull (gtk_list_box_get_row_at_index (GTK_LIST_BOX (timeline), 1));
  adw_navigation_view_pop_to_tag (navigation, "list");
  clt_test_wait_until (closed, view);

  clt_profiles_page_show_profile (page, second);
  again = adw_navigation_view_get_visible_page (navigation);
  g_assert_true (again == view);
  g_assert_cmpint (clt_profile_view_get_profile_id (CLT_PROFILE_VIEW (again)), ==, second);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "overview");
  name = query_text (window, "SELECT first_name || ' ' || last_name FROM profiles WHERE id = ?", second);
  g_assert_cmpstr (adw_navigation_page_get_title (again), ==, name);
  first_name = query_text (window, "SELECT first_name FROM profiles WHERE id = ?", second);
  first_row = clt_test_find_type (find_titled (GTK_WIDGET (again), ADW_TYPE_PREFERENCES_GROUP, "Details"),
                                  ADW_TYPE_PREFERENCES_ROW);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first_row)), ==, first_name);

  adw_view_stack_set_visible_child_name (stack, "sources");
  records = ADW_PREFERENCES_GROUP (clt_test_find_type (adw_view_stack_get_child_by_name (stack, "sources"),
                                                       ADW_TYPE_PREFERENCES_GROUP));
  g_assert_cmpstr (adw_preferences_group_get_title (records), ==, "Records (1)");
  adw_view_stack_set_visible_child_name (stack, "timeline");
  g_assert_nonnull (gtk_list_box_get_row_at_index (GTK_LIST_BOX (timeline), 0));
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (timeline), 1));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
segment_listed (gpointer data)
{
  return find_row (data, "Gewinnspiel 2026") != NULL;
}

typedef struct
{
  GListModel *model;
  guint       n_items;
} Listing;

/* The list holds @n_items (or, with 0, any) and the first rows have arrived. */
static gboolean
listed (gpointer data)
{
  Listing *listing = data;
  guint n = g_list_model_get_n_items (listing->model);

  if (n == 0 || (listing->n_items && n != listing->n_items))
    return FALSE;
  for (guint i = 0; i < MIN (n, 5); i++)
    {
      g_autoptr(CltProfileItem) item = g_list_model_get_item (listing->model, i);

      if (clt_profile_item_get_loading (item))
        return FALSE;
    }

  return TRUE;
}

static gboolean
fewer (gpointer data)
{
  Listing *listing = data;

  return g_list_model_get_n_items (listing->model) < listing->n_items && listed (&(Listing) { listing->model, 0 });
}

/* The customers page: every customer in the column view, found by a search with umlauts,
 * sorted by a column, filtered by consent, several selected and merged, one opened. */
/* Collects the widgets of @type shown under @widget. */
static void
collect_shown (GtkWidget *widget,
               GType      type,
               GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_shown (child, type, found);
}

/* Every row shown names its customer, and its avatar has the name's first letter. */
static gboolean
rows_shown (gpointer data)
{
  g_autoptr(GPtrArray) avatars = g_ptr_array_new ();

  collect_shown (data, CLT_TYPE_INITIALS_AVATAR, avatars);
  for (guint i = 0; i < avatars->len; i++)
    {
      CltInitialsAvatar *avatar = g_ptr_array_index (avatars, i);
      const char *name = clt_cell_text_get_text (CLT_CELL_TEXT (gtk_widget_get_next_sibling (GTK_WIDGET (avatar))));
      const char *initials = clt_initials_avatar_get_initials (avatar);

      if (initials == NULL || name == NULL ||
          g_unichar_toupper (g_utf8_get_char (name)) != g_utf8_get_char (initials))
        return FALSE;
    }

  return avatars->len > 5;
}

/* Every row shown has its consent badge, "Yes" after the list was narrowed to those who may
 * be e-mailed. */
static gboolean
badges_say_yes (gpointer data)
{
  g_autoptr(GPtrArray) badges = g_ptr_array_new ();

  collect_shown (data, CLT_TYPE_CONSENT_BADGE, badges);
  for (guint i = 0; i < badges->len; i++)
    if (clt_consent_badge_get_kind (g_ptr_array_index (badges, i)) != CLT_CONSENT_BADGE_GIVEN)
      return FALSE;

  return badges->len > 5;
}

/* Every row shown says where its customer came from: each customer has a source. */
static gboolean
sources_shown (gpointer data)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();

  collect_shown (data, CLT_TYPE_SOURCES_CELL, cells);
  for (guint i = 0; i < cells->len; i++)
    if (clt_sources_cell_get_sources (g_ptr_array_index (cells, i)) == 0)
      return FALSE;

  return cells->len > 5;
}

/* A source cell tells the kinds it shows to assistive technologies, in their order, and is
 * as wide whichever it shows, so that a new customer in its row needs no new layout. */
static void
test_sources_cell (void)
{
  GtkWidget *cell = g_object_ref_sink (clt_sources_cell_new ());
  int empty, width;

  gtk_widget_measure (cell, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &empty, NULL, NULL);
  g_assert_cmpint (empty, >=, 5 * 16);
  clt_sources_cell_set_sources (CLT_SOURCES_CELL (cell), CLT_SOURCE_CATEGORY_NEWSLETTER | CLT_SOURCE_CATEGORY_CRM);
  g_assert_cmpuint (clt_sources_cell_get_sources (CLT_SOURCES_CELL (cell)), ==,
                    CLT_SOURCE_CATEGORY_NEWSLETTER | CLT_SOURCE_CATEGORY_CRM);
  gtk_test_accessible_assert_property (cell, GTK_ACCESSIBLE_PROPERTY_LABEL, "CRM, Newsletter");
  gtk_widget_measure (cell, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
  g_assert_cmpint (width, ==, empty);
  clt_sources_cell_set_sources (CLT_SOURCES_CELL (cell), CLT_SOURCE_CATEGORY_SHOP);
  gtk_test_accessible_assert_property (cell, GTK_ACCESSIBLE_PROPERTY_LABEL, "Shop");
  clt_sources_cell_set_sources (CLT_SOURCES_CELL (cell), 0);
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL));

  g_object_unref (cell);
}

/* A consent badge says its kind, to the eye and to assistive technologies, and is as large
 * whichever it shows, so that a new customer in its row needs no new layout. */
static void
test_consent_badge (void)
{
  GtkWidget *badge = g_object_ref_sink (clt_consent_badge_new ());
  static const struct { CltConsentBadgeKind kind; const char *text; } cases[] = {
    { CLT_CONSENT_BADGE_GIVEN, "Yes" }, { CLT_CONSENT_BADGE_REFUSED, "No" },
    { CLT_CONSENT_BADGE_UNKNOWN, "Not known" }, { CLT_CONSENT_BADGE_NONE, NULL },
  };
  int none_width, width;

  g_assert_cmpint (clt_consent_badge_get_kind (CLT_CONSENT_BADGE (badge)), ==, CLT_CONSENT_BADGE_NONE);
  gtk_widget_measure (badge, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &none_width, NULL, NULL);
  g_assert_cmpint (none_width, >, 20);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      clt_consent_badge_set_kind (CLT_CONSENT_BADGE (badge), cases[i].kind);
      g_assert_cmpint (clt_consent_badge_get_kind (CLT_CONSENT_BADGE (badge)), ==, cases[i].kind);
      g_assert_cmpstr (clt_consent_badge_get_text (CLT_CONSENT_BADGE (badge)), ==, cases[i].text);
      if (cases[i].text != NULL)
        gtk_test_accessible_assert_property (badge, GTK_ACCESSIBLE_PROPERTY_LABEL, cases[i].text);
      else
        g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (badge), GTK_ACCESSIBLE_PROPERTY_LABEL));
      gtk_widget_measure (badge, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
      g_assert_cmpint (width, ==, none_width);
    }

  g_object_unref (badge);
}

/* Initials: the first letters of the first and last words; nothing without a text. */
static void
test_initials_avatar (void)
{
  GtkWidget *avatar = g_object_ref_sink (clt_initials_avatar_new (24));
  static const struct { const char *text, *initials; } cases[] = {
    { "Anna Maria Schmidt", "AS" }, { "  jürgen  ", "J" }, { "Özil, Mesut", "ÖM" },
    { "anna.sch@example.de", "A" }, { "(Dr.) Eva Weiß", "DW" }, { "", NULL }, { NULL, NULL },
  };
  int width;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      clt_initials_avatar_set_text (CLT_INITIALS_AVATAR (avatar), cases[i].text);
      g_assert_cmpstr (clt_initials_avatar_get_initials (CLT_INITIALS_AVATAR (avatar)), ==, cases[i].initials);
    }
  gtk_widget_measure (avatar, GTK_ORIENTATION_HORIZONTAL, -1, &width, NULL, NULL, NULL);
  g_assert_cmpint (width, ==, 24);

  g_object_unref (avatar);
}

/* A cell's text: one line high whatever it says, so a new text needs no new layout. */
static void
test_cell_text (void)
{
  GtkWidget *cell = g_object_ref_sink (clt_cell_text_new (0));
  int empty, one, long_text;

  gtk_widget_measure (cell, GTK_ORIENTATION_VERTICAL, -1, &empty, NULL, NULL, NULL);
  clt_cell_text_set_text (CLT_CELL_TEXT (cell), "Müller");
  g_assert_cmpstr (clt_cell_text_get_text (CLT_CELL_TEXT (cell)), ==, "Müller");
  gtk_widget_measure (cell, GTK_ORIENTATION_VERTICAL, -1, &one, NULL, NULL, NULL);
  clt_cell_text_set_text (CLT_CELL_TEXT (cell), "Ein sehr langer Name, der in keine Spalte passt, Zeile für Zeile");
  gtk_widget_measure (cell, GTK_ORIENTATION_VERTICAL, 20, &long_text, NULL, NULL, NULL);
  g_assert_cmpint (empty, >, 8);
  g_assert_cmpint (one, ==, empty);
  g_assert_cmpint (long_text, ==, empty);
  clt_cell_text_set_text (CLT_CELL_TEXT (cell), NULL);
  g_assert_null (clt_cell_text_get_text (CLT_CELL_TEXT (cell)));

  g_object_unref (cell);
}

static void
test_profiles_page (void)
{
  CltWindow *window = resolved_window ("list.sqlite3");
  gint64 n_profiles = count_profiles (window);
  GtkWidget *page = page_widget (window, "profiles");
  GtkColumnView *view;
  GtkSelectionModel *selection;
  GListModel *model;
  GtkDropDown *consent;
  Listing listing;
  AdwNavigationView *navigation;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "profiles"));
  view = GTK_COLUMN_VIEW (clt_test_find_type (page, GTK_TYPE_COLUMN_VIEW));
  selection = gtk_column_view_get_model (view);
  model = gtk_multi_selection_get_model (GTK_MULTI_SELECTION (selection));
  g_assert_true (CLT_IS_PROFILE_LIST (model));
  listing = (Listing) { model, n_profiles };
  clt_test_wait_until (listed, &listing);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_stack (window, "profiles")), ==, "list");

  /* At the end of the list, whose page was not read yet, the rows name their customers, with
   * their initials, once it arrives. */
  gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view)),
                            gtk_adjustment_get_upper (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view))));
  clt_test_wait_until (rows_shown, view);
  clt_test_wait_until (sources_shown, view);

  /* "muell" finds the Müllers, and only customers whose words start so. */
  gtk_editable_set_text (GTK_EDITABLE (clt_test_find_type (page, GTK_TYPE_SEARCH_ENTRY)), "muell");
  clt_test_wait_until (fewer, &listing);
  for (guint i = 0; i < MIN (g_list_model_get_n_items (model), 5); i++)
    {
      g_autoptr(CltProfileItem) item = g_list_model_get_item (model, i);
      g_autofree char *name = g_utf8_casefold (clt_profile_item_get_name (item), -1);
      g_autofree char *email = g_utf8_casefold (clt_profile_item_get_email (item) ? clt_profile_item_get_email (item) : "", -1);

      g_assert_true (strstr (name, "müll") || strstr (name, "muell") || strstr (email, "muell"));
    }
  gtk_editable_set_text (GTK_EDITABLE (clt_test_find_type (page, GTK_TYPE_SEARCH_ENTRY)), "");
  clt_test_wait_until (listed, &listing);

  /* Spend, highest first: a click on the column's header, in SQL. */
  {
    GListModel *columns = gtk_column_view_get_columns (view);
    g_autoptr(GtkColumnViewColumn) spend = g_list_model_get_item (columns, 5);
    g_autoptr(CltProfileItem) first = NULL;
    g_autoptr(CltProfileItem) second = NULL;
    gint64 most = query_id (window, "SELECT max (spend_cents) FROM profile_facts");

    g_assert_cmpstr (gtk_column_view_column_get_title (spend), ==, "Spend");
    gtk_column_view_sort_by_column (view, spend, GTK_SORT_DESCENDING);
    first = g_list_model_get_item (model, 0);
    while (clt_profile_item_get_loading (first) || clt_profile_item_get_spend_cents (first) != most)
      {
        g_main_context_iteration (NULL, TRUE);
        g_clear_object (&first);
        first = g_list_model_get_item (model, 0);
      }
    clt_test_wait_until (listed, &listing);
    second = g_list_model_get_item (model, 1);
    g_assert_cmpint (clt_profile_item_get_spend_cents (first), >=, clt_profile_item_get_spend_cents (second));
  }

  /* Only those who may be e-mailed. */
  consent = GTK_DROP_DOWN (gtk_widget_get_next_sibling (clt_test_find_type (page, GTK_TYPE_DROP_DOWN)));
  gtk_drop_down_set_selected (consent, 1);
  listing.n_items = query_id (window, "SELECT count(*) FROM profile_facts WHERE email_consent = 'given'");
  clt_test_wait_until (listed, &listing);
  for (guint i = 0; i < MIN (g_list_model_get_n_items (model), 20); i++)
    {
      g_autoptr(CltProfileItem) item = g_list_model_get_item (model, i);

      g_assert_cmpstr (clt_profile_item_get_email_consent (item), ==, "given");
    }
  clt_test_wait_until (badges_say_yes, view);
  gtk_drop_down_set_selected (consent, 0);
  listing.n_items = n_profiles;
  clt_test_wait_until (listed, &listing);

  /* Two selected are put on a new fixed list, which the Segments page then shows. */
  {
    AdwAlertDialog *dialog;
    GtkWidget *box;
    g_autoptr(GArray) members = NULL;
    gint64 list;

    gtk_selection_model_select_item (selection, 2, TRUE);
    gtk_selection_model_select_item (selection, 3, FALSE);
    g_assert_true (gtk_widget_activate_action (page, "profiles.add-to-list", NULL));
    dialog = ADW_ALERT_DIALOG (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)));
    g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
    g_assert_false (adw_alert_dialog_get_response_enabled (dialog, "add"));
    box = adw_alert_dialog_get_extra_child (dialog);
    gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_last_child (box)), "Gewinnspiel 2026");
    g_assert_true (adw_alert_dialog_get_response_enabled (dialog, "add"));
    g_signal_emit_by_name (dialog, "response", "add");
    adw_dialog_force_close (ADW_DIALOG (dialog));
    list = clt_segment_store_find (clt_window_get_workspace (window), "Gewinnspiel 2026");
    g_assert_cmpint (list, >, 0);
    members = clt_segment_store_list_members (clt_window_get_workspace (window), list, NULL);
    g_assert_cmpuint (members->len, ==, 2);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "segments"));
    clt_test_wait_until (segment_listed, page_widget (window, "segments"));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "profiles"));
    gtk_selection_model_unselect_all (selection);
  }

  /* Three selected are the export's candidates; the dialog says who may be e-mailed. */
  {
    AdwDialog *dialog;
    CltEligibility *eligibility;

    g_assert_false (gtk_widget_activate_action (page, "profiles.export-selected", NULL) &&
                    adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)));
    for (guint i = 0; i < 3; i++)
      gtk_selection_model_select_item (selection, i, i == 0);
    g_assert_true (gtk_widget_activate_action (page, "profiles.export-selected", NULL));
    dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
    g_assert_true (CLT_IS_EXPORT_DIALOG (dialog));
    clt_test_wait_until (export_checked, dialog);
    eligibility = clt_export_dialog_get_eligibility (CLT_EXPORT_DIALOG (dialog));
    g_assert_cmpint (clt_eligibility_get_n_candidates (eligibility), ==, 3);
    g_assert_cmpint (clt_eligibility_get_n_eligible (eligibility) + clt_eligibility_get_n_excluded_total (eligibility),
                     ==, 3);
    adw_dialog_force_close (dialog);
    gtk_selection_model_unselect_all (selection);
  }

  /* Two selected are merged into one. */
  /* Nothing selected, nothing merged. */
  gtk_widget_activate_action (page, "profiles.merge-selected", NULL);
  g_assert_cmpint (count_profiles (window), ==, n_profiles);
  gtk_selection_model_select_item (selection, 0, TRUE);
  gtk_selection_model_select_item (selection, 1, FALSE);
  g_assert_true (gtk_widget_activate_action (page, "profiles.merge-selected", NULL));
  g_assert_cmpint (count_profiles (window), ==, n_profiles - 1);
  listing.n_items = n_profiles - 1;
  clt_test_wait_until (listed, &listing);

  /* Enter on a row opens the customer. */
  navigation = ADW_NAVIGATION_VIEW (adw_bin_get_child (ADW_BIN (page)));
  g_signal_emit_by_name (view, "activate", 0);
  g_assert_true (CLT_IS_PROFILE_VIEW (adw_navigation_view_get_visible_page (navigation)));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The duplicates preferences: thresholds and the order of the sources, kept in the workspace. */
static void
test_preferences_duplicates (void)
{
  CltWindow *window = resolved_window ("prefs-duplicates.sqlite3");
  CltWorkspace *workspace = clt_window_get_workspace (window);
  CltPreferencesDialog *dialog = clt_preferences_dialog_new (workspace);
  g_auto(GStrv) before = clt_identity_dup_source_order (workspace, NULL);
  g_auto(GStrv) after = NULL;
  double upper, lower;
  GtkWidget *row;

  adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (window));
  g_assert_cmpuint (g_strv_length (before), >=, 3);

  row = find_row (GTK_WIDGET (dialog), "Merge From");
  g_assert_true (ADW_IS_SPIN_ROW (row));
  adw_spin_row_set_value (ADW_SPIN_ROW (row), 97);
  row = find_row (GTK_WIDGET (dialog), "Ask From");
  adw_spin_row_set_value (ADW_SPIN_ROW (row), 99);
  clt_identity_get_thresholds (workspace, &upper, &lower);
  g_assert_cmpfloat_with_epsilon (upper, 0.97, 1e-9);
  /* Asking never starts above merging. */
  g_assert_cmpfloat_with_epsilon (lower, 0.97, 1e-9);

  /* The second source moves up by its button. */
  row = find_row (GTK_WIDGET (dialog), before[1]);
  g_signal_emit_by_name (g_object_get_data (G_OBJECT (row), "up"), "clicked");
  after = clt_identity_dup_source_order (workspace, NULL);
  g_assert_cmpstr (after[0], ==, before[1]);
  g_assert_cmpstr (after[1], ==, before[0]);

  g_assert_true (adw_dialog_close (ADW_DIALOG (dialog)));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  tmp_dir = clt_test_make_tmp_dir ("clt-window");
  /* The sample workspace goes under the user data folder: keep it in the test's own. */
  g_setenv ("XDG_DATA_HOME", tmp_dir, TRUE);
  /* What widgets tell assistive technologies is recorded, for the tests to read. */
  g_setenv ("GTK_A11Y", "test", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/window/first-start-offers-sample", test_first_start_offers_sample);
  g_test_add_func ("/window/initials-avatar", test_initials_avatar);
  g_test_add_func ("/window/cell-text", test_cell_text);
  g_test_add_func ("/window/consent-badge", test_consent_badge);
  g_test_add_func ("/window/sources-cell", test_sources_cell);
  g_test_add_func ("/window/sidebar-switches-pages", test_sidebar_switches_pages);
  g_test_add_func ("/window/review-queue", test_review_queue);
  g_test_add_func ("/window/profile-split-merge", test_profile_split_merge);
  g_test_add_func ("/window/profile-view", test_profile_view);
  g_test_add_func ("/window/profile-view-reused", test_profile_view_reused);
  g_test_add_func ("/window/profiles-page", test_profiles_page);
  g_test_add_func ("/window/preferences-duplicates", test_preferences_duplicates);
  g_test_add_func ("/window/empty-states", test_empty_states);
  g_test_add_func ("/window/imports-list", test_imports_list);
  g_test_add_func ("/window/import-assistant", test_import_assistant);
  g_test_add_func ("/window/import-window-closed", test_import_window_closed);
  g_test_add_func ("/window/refuses-bad-file", test_refuses_bad_file);
  g_test_add_func ("/window/preferences", test_preferences);

  /* Last: a window destroyed while it is narrow left the next window's widgets crashing at
   * times when they were disposed, in GTK 4.18 and libadwaita 1.7 under Xvfb (seen also
   * before any of this test file's later windows existed). */
  g_test_add_func ("/window/narrow-collapses", test_narrow_collapses);

  status = g_test_run ();

  g_free (tmp_dir);

  return status;
}
