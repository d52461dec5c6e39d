/* test-application.c: which workspace the application opens at start
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "clt-test-utils.h"

#include "clt-application.h"
#include "clt-settings.h"
#include "clt-window.h"

static char *tmp_dir;

typedef void (*Check) (CltWindow *window,
                       gpointer   data);

typedef struct
{
  Check    check;
  gpointer data;
  gboolean checked;
} Closure;

static void
activated_cb (GApplication *app,
              Closure      *closure)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (CLT_IS_WINDOW (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  closure->check (CLT_WINDOW (window), closure->data);
  closure->checked = TRUE;

  /* With its last window gone, the application quits. */
  gtk_window_destroy (window);
}

/* Runs the application as at a real start, checks its window, and lets it quit. */
static void
run_app (CltApplication *app,
         Check           check,
         gpointer        data)
{
  Closure closure = { check, data, FALSE };

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activated_cb), &closure);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_true (closure.checked);
}

static void
check_workspace (CltWindow *window,
                 gpointer   data)
{
  const char *expected = data;

  if (expected == NULL)
    {
      g_assert_null (clt_window_get_workspace (window));
      return;
    }

  g_assert_nonnull (clt_window_get_workspace (window));
  g_assert_cmpstr (clt_workspace_get_path (clt_window_get_workspace (window)), ==, expected);
}

static void
test_workspace_option (void)
{
  g_autoptr(CltApplication) app = clt_application_new ();
  g_autofree char *path = g_build_filename (tmp_dir, "asked.sqlite3", NULL);
  g_autoptr(CltSettings) settings = clt_settings_new ();
  g_autofree char *last = NULL;

  clt_application_set_workspace_path (app, path);
  run_app (app, check_workspace, path);

  /* Remembered for the next start. */
  last = clt_settings_dup_last_workspace (settings);
  g_assert_cmpstr (last, ==, path);
}

static void
test_reopens_last (void)
{
  g_autoptr(CltApplication) app = clt_application_new ();
  g_autofree char *path = g_build_filename (tmp_dir, "asked.sqlite3", NULL);

  run_app (app, check_workspace, path);
}

static void
test_first_start (void)
{
  g_autoptr(CltApplication) app = clt_application_new ();
  g_autoptr(CltSettings) settings = clt_settings_new ();

  /* Neither asked for nor remembered, and no default workspace yet: the welcome. */
  clt_settings_set_open_last_workspace (settings, FALSE);
  run_app (app, check_workspace, NULL);
}

static void
test_unreadable_workspace (void)
{
  g_autoptr(CltApplication) app = clt_application_new ();
  g_autofree char *path = g_build_filename (tmp_dir, "broken.sqlite3", NULL);

  /* The window opens anyway, without a workspace, and says why. */
  g_assert_true (g_file_set_contents (path, "garbage, not SQLite at all", -1, NULL));
  clt_application_set_workspace_path (app, path);
  run_app (app, check_workspace, NULL);
}

int
main (int   argc,
      char *argv[])
{
  tmp_dir = clt_test_make_tmp_dir ("clt-app");
  g_setenv ("XDG_DATA_HOME", tmp_dir, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/application/workspace-option", test_workspace_option);
  g_test_add_func ("/application/reopens-last", test_reopens_last);
  g_test_add_func ("/application/first-start", test_first_start);
  g_test_add_func ("/application/unreadable-workspace", test_unreadable_workspace);

  return g_test_run ();
}
