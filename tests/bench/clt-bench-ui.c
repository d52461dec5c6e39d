/* clt-bench-ui.c: the profile browser's figures, measured on the real window
 *
 * Run under a display (build-aux/dev bench runs it under Xvfb) on a workspace; prints one
 * line per figure, "name value", for clt-bench's table:
 *   startup-ms          process start to the first customer rows painted
 *   scroll-max-block-ms the longest the main thread was busy at once while the scrollbar
 *                       was dragged from top to bottom in two seconds; scroll-frames the
 *                       frames painted meanwhile, scroll-busy-ms the main thread's busy time,
 *                       scroll-over-16-ms how many times it was busy for more than 16 ms
 *   scroll-settle-ms    from the end of the drag until the rows at the bottom were filled
 *   repaint-mean-ms     the renderer's floor: the main thread's time for a frame of the same
 *                       rows scrolled by 3 pixels (nothing new to bind or lay out), over 60
 *                       frames; repaint-max-ms the longest of them
 *   open-ms             opening the customer with the most events, to the first frame painted
 *   timeline-ms         then showing their timeline (its first page), to the first frame painted
 *   open-events         how many events that customer has
 *   open-small-ms       opening the customer with the fewest events (open-small-events of them),
 *                       the baseline; timeline-small-ms their timeline; open-first-ms the first
 *                       opening, which builds the page
 *   rss-mib             resident memory at the end; peak-mib its peak
 *
 * With --plain ROWS it measures the drag and the repaints on GTK alone instead: a window of
 * the same size and layout whose column view shows ROWS rows of labels, all there at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clt-core.h"
#include "clt-profile-view.h"
#include "clt-profiles-page.h"
#include "clt-window.h"

/* The window's size. */
#define WIDTH  1280
#define HEIGHT 800

/* How often each customer is opened: the median and the slowest are reported. */
#define OPENINGS 7

static gint64 start_time;
static guint  frames;

static double
ms_since (gint64 since)
{
  return (g_get_monotonic_time () - since) / 1000.0;
}

/* One turn of the main loop; returns how long it was busy, 0 when there was nothing to do. */
static double
turn (void)
{
  gint64 before = g_get_monotonic_time ();

  if (g_main_context_iteration (NULL, FALSE))
    return ms_since (before);
  g_usleep (200);

  return 0;
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found)
        return found;
    }

  return NULL;
}

static void
painted_cb (GdkFrameClock *clock)
{
  frames++;
}

/* Turns the loop until @widget's window has painted a frame after now. */
static void
wait_for_frame (GtkWidget *widget)
{
  guint until = frames + 1;

  gtk_widget_queue_draw (widget);
  while (frames < until)
    turn ();
}

static gboolean
rows_loaded (GListModel *model,
             guint       from,
             guint       n)
{
  for (guint i = from; i < MIN (from + n, g_list_model_get_n_items (model)); i++)
    {
      g_autoptr(CltProfileItem) item = g_list_model_get_item (model, i);

      if (clt_profile_item_get_loading (item))
        return FALSE;
    }

  return g_list_model_get_n_items (model) > 0;
}

/* The first column of the first row of @sql, with @id bound to its parameter if it has one. */
static gint64
query_id (const char *path,
          const char *sql,
          gint64      id)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = 0;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      (sqlite3_bind_parameter_count (stmt) == 0 || sqlite3_bind_int64 (stmt, 1, id) == SQLITE_OK) &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

/* Opens @profile and returns how long until its first frame was painted; with @timeline,
 * also how long its timeline then took to show. */
static double
open_profile (CltProfilesPage *page,
              gint64           profile,
              double          *timeline)
{
  AdwNavigationView *navigation = ADW_NAVIGATION_VIEW (adw_bin_get_child (ADW_BIN (page)));
  gint64 before = g_get_monotonic_time ();
  double ms;

  clt_profiles_page_show_profile (page, profile);
  wait_for_frame (GTK_WIDGET (page));
  ms = ms_since (before);
  if (timeline)
    {
      AdwNavigationPage *view = adw_navigation_view_get_visible_page (navigation);

      before = g_get_monotonic_time ();
      adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (find_type (GTK_WIDGET (view), ADW_TYPE_VIEW_STACK)),
                                             "timeline");
      wait_for_frame (GTK_WIDGET (page));
      *timeline = ms_since (before);
    }
  adw_navigation_view_pop_to_tag (navigation, "list");
  /* The page leaves once its animation is over. */
  while (adw_navigation_view_find_page (navigation, "profile") != NULL)
    turn ();

  return ms;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
status_mib (const char *key)
{
  g_autofree char *status = NULL;
  const char *at;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || !(at = strstr (status, key)))
    return 0;

  return g_ascii_strtod (at + strlen (key) + 1, NULL) / 1024.0;
}

/* The scrollbar dragged from top to bottom in two seconds, a step every 16.7 ms as a
 * pointer moves it; returns the longest turn of the main loop meanwhile, the longest block. */
static double
drag_scrollbar (GtkAdjustment *adjustment)
{
  const guint steps = 120;
  gint64 next = g_get_monotonic_time ();
  guint first_frame = frames;
  double busy = 0, max_block = 0;
  guint over = 0;

  for (guint step = 1; step <= steps;)
    {
      double block;

      if (g_get_monotonic_time () >= next)
        {
          double upper = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

          gtk_adjustment_set_value (adjustment, upper * step / steps);
          next += G_USEC_PER_SEC / 60;
          step++;
        }
      block = turn ();
      busy += block;
      max_block = MAX (max_block, block);
      over += block > 16;
    }
  printf ("scroll-frames %u\n", frames - first_frame);
  printf ("scroll-over-16-ms %u\n", over);
  printf ("scroll-busy-ms %.1f\n", busy);

  return max_block;
}

/* The renderer's floor: frames that only repaint the rows at the bottom, moved by 3 pixels,
 * once their page is there. */
static void
repaint_rows (GtkAdjustment *adjustment)
{
  const guint n = 60;
  double sum = 0, longest = 0;
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  for (guint i = 1; i <= n; i++)
    {
      guint until = frames + 1;
      double frame = 0;

      gtk_adjustment_set_value (adjustment, bottom - (i % 2 ? 3 : 0));
      while (frames < until)
        frame += turn ();
      sum += frame;
      longest = MAX (longest, frame);
    }
  printf ("repaint-mean-ms %.1f\n", sum / n);
  printf ("repaint-max-ms %.1f\n", longest);
}

/* The baseline without Clientele: GTK's own column view with a label per cell, in a window
 * of the same size and layout (header bar, sidebar), over @n_rows rows that are all there
 * at once. The cells show what the profile list shows: a name, an e-mail address, a city,
 * an amount, a count, a date and a consent word. */
static void
plain_cell_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
plain_cell_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  column)
{
  static const char *const cities[] = { "München", "Köln", "Düsseldorf", "Freiburg im Breisgau", "Lüneburg" };
  static const char *const names[] = { "Jürgen Müller", "Anna-Lena Schäfer", "Heinz Weißgerber", "Özlem Yılmaz", "Kai Lü" };
  guint i = gtk_list_item_get_position (item);
  g_autofree char *text = NULL;

  switch (GPOINTER_TO_UINT (column))
    {
    case 0:
      text = g_strdup (names[i % G_N_ELEMENTS (names)]);
      break;
    case 1:
      text = g_strdup_printf ("kunde.%u@beispiel-versand.de", i);
      break;
    case 2:
      text = g_strdup (cities[i % G_N_ELEMENTS (cities)]);
      break;
    case 3:
      text = g_strdup_printf ("%u,%02u €", i % 4000, i % 100);
      break;
    case 4:
      text = g_strdup_printf ("%u", 1 + i % 3);
      break;
    case 5:
      text = g_strdup_printf ("%02u.%02u.2025", 1 + i % 28, 1 + i % 12);
      break;
    default:
      text = g_strdup (i % 3 ? "E-Mail" : "—");
      break;
    }
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static GtkWidget *
plain_window_new (guint            n_rows,
                  GtkAdjustment  **adjustment)
{
  static const char *const titles[] = { "Name", "E-Mail", "City", "Spend", "Sources", "Last activity", "Consent" };
  static const char *const pages[] = { "Customers", "Segments", "Imports", "Consent", "Insights" };
  GtkWidget *window = adw_window_new ();
  GtkWidget *split = adw_navigation_split_view_new ();
  GtkWidget *sidebar = adw_toolbar_view_new ();
  GtkWidget *content = adw_toolbar_view_new ();
  GtkWidget *pages_list = gtk_list_box_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  g_autofree const char **empty = g_new0 (const char *, n_rows + 1);
  g_autoptr(GtkStringList) strings = NULL;
  GtkWidget *view;

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    gtk_list_box_append (GTK_LIST_BOX (pages_list), gtk_label_new (pages[i]));
  gtk_widget_add_css_class (pages_list, "navigation-sidebar");
  adw_toolbar_view_add_top_bar (ADW_TOOLBAR_VIEW (sidebar), adw_header_bar_new ());
  adw_toolbar_view_set_content (ADW_TOOLBAR_VIEW (sidebar), pages_list);
  adw_navigation_split_view_set_sidebar (ADW_NAVIGATION_SPLIT_VIEW (split), adw_navigation_page_new (sidebar, "Clientele"));

  /* The items are empty: the cells are made from the row's position. */
  for (guint i = 0; i < n_rows; i++)
    empty[i] = "";
  strings = gtk_string_list_new (empty);
  view = gtk_column_view_new (GTK_SELECTION_MODEL (gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (strings)))));
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (plain_cell_setup_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (plain_cell_bind_cb), GUINT_TO_POINTER (i));
      column = gtk_column_view_column_new (titles[i], factory);
      gtk_column_view_column_set_expand (column, i < 3);
      gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  adw_toolbar_view_add_top_bar (ADW_TOOLBAR_VIEW (content), adw_header_bar_new ());
  adw_toolbar_view_set_content (ADW_TOOLBAR_VIEW (content), scrolled);
  adw_navigation_split_view_set_content (ADW_NAVIGATION_SPLIT_VIEW (split), adw_navigation_page_new (content, "Customers"));
  adw_window_set_content (ADW_WINDOW (window), split);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));

  return window;
}

/* The drag and the repaints on the plain window. */
static int
measure_plain (guint n_rows)
{
  GtkAdjustment *adjustment = NULL;
  GtkWidget *window = plain_window_new (n_rows, &adjustment);
  double max_block;

  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (window))
    turn ();
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (painted_cb), NULL);
  wait_for_frame (window);
  printf ("profiles %u\n", n_rows);
  max_block = drag_scrollbar (adjustment);
  wait_for_frame (window);
  printf ("scroll-max-block-ms %.1f\n", max_block);
  repaint_rows (adjustment);
  printf ("peak-mib %.1f\n", status_mib ("VmHWM:"));
  gtk_window_destroy (GTK_WINDOW (window));

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  CltWindow *window;
  CltProfilesPage *page;
  GtkColumnView *view;
  GtkAdjustment *adjustment;
  GListModel *model;
  GdkFrameClock *clock;
  double max_block;
  gint64 drag_end, heavy, light;

  start_time = g_get_monotonic_time ();
  if (argc == 3 && g_str_equal (argv[1], "--plain"))
    {
      gtk_init ();
      adw_init ();
      return measure_plain ((guint) g_ascii_strtoull (argv[2], NULL, 10));
    }
  if (argc != 2)
    {
      fprintf (stderr, "usage: clt-bench-ui WORKSPACE\n       clt-bench-ui --plain ROWS\n");
      return 2;
    }

  gtk_init ();
  adw_init ();

  window = clt_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  if (!clt_window_open_workspace (window, argv[1], &error))
    g_error ("%s", error->message);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "profiles");

  page = CLT_PROFILES_PAGE (find_type (GTK_WIDGET (window), CLT_TYPE_PROFILES_PAGE));
  view = GTK_COLUMN_VIEW (find_type (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    turn ();
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), NULL);

  /* Start-up: the first rows filled and painted. */
  model = NULL;
  while (model == NULL || !rows_loaded (model, 0, 20) || !gtk_widget_get_mapped (GTK_WIDGET (view)))
    {
      GtkSelectionModel *selection = gtk_column_view_get_model (view);

      model = selection ? gtk_multi_selection_get_model (GTK_MULTI_SELECTION (selection)) : NULL;
      turn ();
    }
  wait_for_frame (GTK_WIDGET (view));
  printf ("startup-ms %.1f\n", ms_since (start_time));
  printf ("profiles %u\n", g_list_model_get_n_items (model));

  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  max_block = drag_scrollbar (adjustment);
  drag_end = g_get_monotonic_time ();
  while (!rows_loaded (model, g_list_model_get_n_items (model) - 20, 20))
    max_block = MAX (max_block, turn ());

  wait_for_frame (GTK_WIDGET (view));
  printf ("scroll-max-block-ms %.1f\n", max_block);
  printf ("scroll-settle-ms %.1f\n", ms_since (drag_end));
  repaint_rows (adjustment);

  /* Opening customers: the one with the most events, and one with the fewest. */
  heavy = query_id (argv[1], "SELECT profile_id FROM events GROUP BY profile_id ORDER BY count(*) DESC LIMIT 1", 0);
  light = query_id (argv[1], "SELECT profile_id FROM events GROUP BY profile_id ORDER BY count(*) LIMIT 1", 0);
  printf ("open-events %" G_GINT64_FORMAT "\n", query_id (argv[1], "SELECT count(*) FROM events WHERE profile_id = ?", heavy));
  printf ("open-small-events %" G_GINT64_FORMAT "\n", query_id (argv[1], "SELECT count(*) FROM events WHERE profile_id = ?", light));
  /* The first opening builds the customer page, which the later ones show again; both
   * customers are measured after it, in turns, OPENINGS times each: a single opening varied
   * by half on this machine. */
  printf ("open-first-ms %.1f\n", open_profile (page, light, NULL));
  {
    double heavy_ms[OPENINGS], light_ms[OPENINGS];
    double timeline_ms = 0, small_timeline_ms = 0;

    for (guint i = 0; i < OPENINGS; i++)
      {
        heavy_ms[i] = open_profile (page, heavy, i == 0 ? &timeline_ms : NULL);
        light_ms[i] = open_profile (page, light, i == 0 ? &small_timeline_ms : NULL);
      }
    qsort (heavy_ms, OPENINGS, sizeof (double), compare_doubles);
    qsort (light_ms, OPENINGS, sizeof (double), compare_doubles);
    printf ("openings %u\n", OPENINGS);
    printf ("open-ms %.1f\n", heavy_ms[OPENINGS / 2]);
    printf ("open-max-ms %.1f\n", heavy_ms[OPENINGS - 1]);
    printf ("timeline-ms %.1f\n", timeline_ms);
    printf ("open-small-ms %.1f\n", light_ms[OPENINGS / 2]);
    printf ("open-small-max-ms %.1f\n", light_ms[OPENINGS - 1]);
    printf ("timeline-small-ms %.1f\n", small_timeline_ms);
  }

  printf ("rss-mib %.1f\n", status_mib ("VmRSS:"));
  printf ("peak-mib %.1f\n", status_mib ("VmHWM:"));

  gtk_window_destroy (GTK_WINDOW (window));

  return 0;
}
