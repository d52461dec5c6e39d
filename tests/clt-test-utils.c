/* clt-test-utils.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "clt-test-utils.h"

static GPtrArray *tmp_dirs;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK) &&
      (dir = g_dir_open (path, 0, NULL)) != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }

  g_remove (path);
}

static void
remove_tmp_dirs (void)
{
  for (guint i = 0; i < tmp_dirs->len; i++)
    remove_tree (g_ptr_array_index (tmp_dirs, i));
  g_clear_pointer (&tmp_dirs, g_ptr_array_unref);
}

/**
 * clt_test_make_tmp_dir:
 *
 * Returns: (transfer full): a new private folder, removed with all it holds when the
 *   test program exits
 */
char *
clt_test_make_tmp_dir (const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("%s-XXXXXX", prefix);
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);

  if (tmp_dirs == NULL)
    {
      tmp_dirs = g_ptr_array_new_with_free_func (g_free);
      atexit (remove_tmp_dirs);
    }
  g_ptr_array_add (tmp_dirs, g_strdup (dir));

  return dir;
}

/**
 * clt_test_find_button:
 * @text: a label or tooltip
 *
 * Returns: (transfer none) (nullable): the first shown, sensitive button below @widget whose
 *   label or tooltip is @text
 */
GtkWidget *
clt_test_find_button (GtkWidget  *widget,
                      const char *text)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) && gtk_widget_is_sensitive (widget) &&
      (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), text) == 0 ||
       g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) == 0))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = clt_test_find_button (child, text);

      if (found)
        return found;
    }

  return NULL;
}

/**
 * clt_test_find_type:
 *
 * Returns: (transfer none) (nullable): the first widget of @type below @widget (or itself)
 */
GtkWidget *
clt_test_find_type (GtkWidget *widget,
                    GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = clt_test_find_type (child, type);

      if (found)
        return found;
    }

  return NULL;
}

/**
 * clt_test_find_class:
 *
 * Returns: (transfer none) (nullable): the first widget with the style class @css_class
 *   below @widget (or itself)
 */
GtkWidget *
clt_test_find_class (GtkWidget  *widget,
                     const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = clt_test_find_class (child, css_class);

      if (found)
        return found;
    }

  return NULL;
}

/**
 * clt_test_wait_until:
 * @done: whether what the test waits for has happened, given @data
 *
 * Turns the main loop until @done says so; fails the test after a minute.
 */
void
clt_test_wait_until (gboolean (*done) (gpointer),
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

/**
 * clt_test_settle:
 *
 * Turns the main loop for @ms milliseconds: animations end, idles and threads report.
 */
void
clt_test_settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

/* For clt_test_wait_until(): whether the widget @widget is mapped. */
gboolean
clt_test_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}
