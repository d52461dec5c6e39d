/* test-segment-dialogs.c: the segment builder's dialogs, driven as a user would
 *
 * A hand-made workspace of five customers; segments are saved through the core API, and the
 * dialogs' real widgets are read and clicked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "clt-test-utils.h"

#include "clt-format.h"
#include "clt-segment-changes-dialog.h"
#include "clt-segment-history-dialog.h"
#include "clt-segment-overlap-dialog.h"
#include "clt-venn-diagram.h"
#include "clt-workspace-private.h"

#define CITY(name) "{\"type\":\"condition\",\"kind\":\"attribute\",\"field\":\"city\",\"operator\":\"is\"," \
                   "\"values\":[\"" name "\"]}"
#define GROUP(match, children) "{\"version\":1,\"match\":\"" match "\",\"children\":[" children "]}"

typedef struct
{
  char         *dir;
  CltWorkspace *workspace;
  GtkWindow    *window;
} Fixture;

/* ---- helpers ---- */

static void
exec_sql (CltWorkspace *workspace,
          const char   *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (_clt_workspace_begin (workspace, &error));
  _clt_workspace_exec (workspace, sql, &error);
  g_assert_no_error (error);
  _clt_workspace_commit (workspace, &error);
  g_assert_no_error (error);
}

static CltSegmentGroup *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  CltSegmentGroup *root = clt_segment_definition_from_json (json, -1, &error);

  g_assert_no_error (error);

  return root;
}

static gint64
save (Fixture    *fx,
      const char *name,
      const char *json)
{
  g_autoptr(CltSegmentGroup) root = parse (json);
  g_autoptr(GError) error = NULL;
  gint64 id = clt_segment_store_save (fx->workspace, name, root, CLT_SEGMENT_KIND_DYNAMIC, "tester", &error);

  g_assert_no_error (error);

  return id;
}

static gint64
save_list (Fixture      *fx,
           const char   *name,
           const gint64 *ids,
           guint         n_ids)
{
  g_autoptr(GError) error = NULL;
  gint64 id = clt_segment_store_save_list (fx->workspace, name, ids, n_ids, "tester", &error);

  g_assert_no_error (error);

  return id;
}

/* The shown preferences row below @widget titled @title. */
static GtkWidget *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget) && gtk_widget_get_mapped (widget) &&
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

/* Whether a shown label below @widget reads @text. */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  if (ADW_IS_STATUS_PAGE (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (widget)), text) == 0)
    return TRUE;
  if (ADW_IS_PREFERENCES_GROUP (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;

  return FALSE;
}

/* The count a row of the overlap shows at its end. */
static const char *
row_count (GtkWidget *row)
{
  for (GtkWidget *child = gtk_widget_get_first_child (row); child; child = gtk_widget_get_next_sibling (child))
    {
      const char *found;

      if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, "numeric"))
        return gtk_label_get_label (GTK_LABEL (child));
      if ((found = row_count (child)))
        return found;
    }

  return NULL;
}

typedef struct
{
  GtkWidget  *widget;
  const char *text;
} Look;

static gboolean
text_shown (gpointer data)
{
  Look *look = data;

  return shows_text (look->widget, look->text);
}

static void
wait_for_text (GtkWidget  *widget,
               const char *text)
{
  Look look = { widget, text };

  clt_test_wait_until (text_shown, &look);
}

static void
present (Fixture   *fx,
         AdwDialog *dialog)
{
  g_object_ref_sink (dialog);
  adw_dialog_present (dialog, GTK_WIDGET (fx->window));
}

static gboolean
has_one_ref (gpointer data)
{
  return G_OBJECT (data)->ref_count == 1;
}

/* Closes @dialog and checks that nothing keeps it: no task, no signal handler. */
static void
close_and_finalize (AdwDialog *dialog)
{
  adw_dialog_force_close (dialog);
  clt_test_wait_until (has_one_ref, dialog);
  g_assert_finalize_object (dialog);
}

static char *
count_text (gint64 count)
{
  return clt_format_count (count);
}

/* ---- the fixture ---- */

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fx->dir = clt_test_make_tmp_dir ("test-segment-dialogs");
  path = g_build_filename (fx->dir, "workspace.sqlite3", NULL);
  fx->workspace = clt_workspace_open (path, &error);
  g_assert_no_error (error);

  exec_sql (fx->workspace,
    "INSERT INTO profiles (id, created_at, updated_at, display_name, first_name, last_name, email, city) VALUES "
    "  (1, '2024', '2024', 'Anna Müller', 'Anna', 'Müller', 'anna@example.de', 'München'), "
    "  (2, '2024', '2024', 'Jürgen Schmidt', 'Jürgen', 'Schmidt', 'juergen@example.de', 'Berlin'), "
    "  (3, '2024', '2024', 'Zoë O''Neill', 'Zoë', 'O''Neill', 'zoe@example.com', 'München'), "
    "  (4, '2024', '2024', NULL, 'Ben', 'Weber', 'ben@example.org', 'Hamburg'), "
    "  (5, '2024', '2024', 'Mia', 'Mia', NULL, NULL, 'Berlin');");

  fx->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (fx->window, 800, 700);
  gtk_window_present (fx->window);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  gtk_window_destroy (fx->window);
  g_assert_finalize_object (fx->workspace);
  g_free (fx->dir);
}

/* ---- the version history ---- */

typedef struct
{
  gint64 version;
} Restored;

static void
restored_cb (CltSegmentHistoryDialog *dialog,
             gint64                   version,
             Restored                *restored)
{
  restored->version = version;
}

static gboolean
was_restored (gpointer data)
{
  return ((Restored *) data)->version != 0;
}

static void
assert_subtitle_has (GtkWidget  *row,
                     const char *text)
{
  const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

  if (strstr (subtitle, text) == NULL)
    g_error ("“%s” is not in the row's subtitle “%s”", text, subtitle);
}

static void
test_history (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSegmentGroup) both = parse (GROUP ("any", CITY ("München") "," CITY ("Berlin")));
  g_autoptr(CltSegment) segment = NULL;
  g_autoptr(CltSegment) first = NULL;
  g_autoptr(GListModel) versions = NULL;
  CltSegmentHistoryDialog *dialog;
  Restored restored = { 0 };
  GtkWidget *row;
  gint64 id;

  id = save (fx, "Munich", GROUP ("all", CITY ("München")));
  g_assert_true (clt_segment_store_rename (fx->workspace, id, "Cities", "tester", &error));
  g_assert_true (clt_segment_store_update (fx->workspace, id, both, "editor", &error));
  g_assert_no_error (error);

  dialog = clt_segment_history_dialog_new (fx->workspace, id);
  g_signal_connect (dialog, "restored", G_CALLBACK (restored_cb), &restored);
  present (fx, ADW_DIALOG (dialog));

  /* Newest first: who saved each version, what it changed, and the current one marked. */
  wait_for_text (GTK_WIDGET (dialog), "Current");
  row = find_row (GTK_WIDGET (dialog), "Version 2");
  g_assert_nonnull (row);
  assert_subtitle_has (row, "Renamed from “Munich”");
  assert_subtitle_has (row, "Conditions changed: 1\u00a0→\u00a02");
  assert_subtitle_has (row, "by editor");
  g_assert_null (clt_test_find_button (row, "Restore"));
  g_assert_true (shows_text (row, "Current"));
  row = find_row (GTK_WIDGET (dialog), "Version 1");
  g_assert_nonnull (row);
  assert_subtitle_has (row, "Created");
  assert_subtitle_has (row, "by tester");
  g_assert_false (shows_text (row, "Current"));
  g_assert_true (gtk_widget_get_prev_sibling (row) == find_row (GTK_WIDGET (dialog), "Version 2"));

  /* Restoring version 1 saves its conditions again as version 3, and says so. */
  g_signal_emit_by_name (clt_test_find_button (row, "Restore"), "clicked");
  clt_test_wait_until (was_restored, &restored);
  g_assert_cmpint (restored.version, ==, 1);

  segment = clt_segment_store_get (fx->workspace, id, &error);
  g_assert_no_error (error);
  versions = clt_segment_store_list_versions (fx->workspace, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (versions), ==, 3);
  first = g_list_model_get_item (versions, 2);
  g_assert_cmpint (clt_segment_get_version (first), ==, 1);
  g_assert_cmpint (clt_segment_get_version (segment), ==, 3);
  g_assert_cmpstr (clt_segment_get_definition (segment), ==, clt_segment_get_definition (first));

  /* The list is read anew, the restored version current. */
  wait_for_text (GTK_WIDGET (dialog), "Version 3");
  row = find_row (GTK_WIDGET (dialog), "Version 3");
  assert_subtitle_has (row, "Conditions as in version 1");
  g_assert_true (shows_text (row, "Current"));
  g_assert_nonnull (clt_test_find_button (find_row (GTK_WIDGET (dialog), "Version 2"), "Restore"));

  close_and_finalize (ADW_DIALOG (dialog));
}

/* A fixed list's versions are shown, and none offered for restoring. */
static void
test_history_fixed_list (Fixture       *fx,
                         gconstpointer  data)
{
  static const gint64 people[] = { 1, 2 };
  g_autoptr(GError) error = NULL;
  CltSegmentHistoryDialog *dialog;
  gint64 id = save_list (fx, "Raffle", people, G_N_ELEMENTS (people));

  g_assert_true (clt_segment_store_rename (fx->workspace, id, "Autumn raffle", NULL, &error));
  g_assert_no_error (error);
  exec_sql (fx->workspace, "INSERT INTO segment_versions (segment_id, version, name, kind, definition, actor, created_at) "
                           "SELECT id, 2, name, kind, definition, 'tester', '2025-01-01T00:00:00Z' FROM segments");

  dialog = clt_segment_history_dialog_new (fx->workspace, id);
  present (fx, ADW_DIALOG (dialog));
  wait_for_text (GTK_WIDGET (dialog), "Current");
  assert_subtitle_has (find_row (GTK_WIDGET (dialog), "Version 1"), "Created as a fixed list");
  assert_subtitle_has (find_row (GTK_WIDGET (dialog), "Version 2"), "Renamed from “Raffle”");
  g_assert_null (clt_test_find_button (GTK_WIDGET (dialog), "Restore"));

  close_and_finalize (ADW_DIALOG (dialog));
}

/* ---- the Venn diagram ---- */

static gboolean
is_laid_out (gpointer data)
{
  return gtk_widget_get_width (data) > 0;
}

static float
centre_x (GtkWidget *label,
          GtkWidget *venn)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (label, venn, &bounds));

  return bounds.origin.x + bounds.size.width / 2;
}

/* The diagram's count label that reads @text, or NULL. */
static GtkWidget *
count_label (GtkWidget  *venn,
             const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (venn); child; child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_has_css_class (child, "numeric") && g_str_equal (gtk_label_get_label (GTK_LABEL (child)), text))
      return child;

  return NULL;
}

static void
test_venn (Fixture       *fx,
           gconstpointer  data)
{
  GtkWidget *venn = clt_venn_diagram_new ();
  g_autofree char *only_a = count_text (1240);
  g_autofree char *both = count_text (310);
  g_autofree char *only_b = count_text (820);
  g_autofree char *description = g_strdup_printf ("Regulars: %s only, %s in both, Autumn raffle: %s only",
                                                  only_a, both, only_b);
  GtkWidget *a, *ab, *b;

  g_object_ref (venn);
  adw_window_set_content (ADW_WINDOW (fx->window), venn);
  clt_venn_diagram_set_labels (CLT_VENN_DIAGRAM (venn), "Regulars", "Autumn raffle");
  clt_venn_diagram_set_counts (CLT_VENN_DIAGRAM (venn), 1240, 310, 820);
  clt_test_wait_until (clt_test_is_mapped, venn);

  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (venn), GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (venn), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (venn), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Overlap of “Regulars” and “Autumn raffle”");

  /* The counts stand in their regions, left to right, the legend above them. */
  g_assert_true (shows_text (venn, "Regulars"));
  g_assert_true (shows_text (venn, "Autumn raffle"));
  a = count_label (venn, only_a);
  ab = count_label (venn, both);
  b = count_label (venn, only_b);
  g_assert_nonnull (a);
  g_assert_nonnull (ab);
  g_assert_nonnull (b);
  clt_test_wait_until (is_laid_out, b);
  g_assert_true (gtk_widget_get_child_visible (a) && gtk_widget_get_child_visible (ab) &&
                 gtk_widget_get_child_visible (b));
  g_assert_cmpfloat (centre_x (a, venn), <, centre_x (ab, venn));
  g_assert_cmpfloat (centre_x (ab, venn), <, centre_x (b, venn));
  g_assert_false (shows_text (venn, "Neither segment holds any customers"));

  /* Nobody on either side: words instead of circles. */
  clt_venn_diagram_set_counts (CLT_VENN_DIAGRAM (venn), 0, 0, 0);
  wait_for_text (venn, "Neither segment holds any customers");
  g_assert_false (gtk_widget_get_child_visible (a));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (venn), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Regulars: 0 only, 0 in both, Autumn raffle: 0 only");

  adw_window_set_content (ADW_WINDOW (fx->window), NULL);
  g_assert_finalize_object (venn);
}

/* ---- the overlap ---- */

typedef struct
{
  GtkWidget  *dialog;
  const char *only_a;
  const char *both;
  const char *only_b;
} Overlap;

static gboolean
overlap_shown (gpointer data)
{
  Overlap *overlap = data;
  GtkWidget *row = find_row (overlap->dialog, "In both");

  return row && g_strcmp0 (row_count (row), overlap->both) == 0 && gtk_widget_get_mapped (row);
}

static void
test_overlap (Fixture       *fx,
              gconstpointer  data)
{
  static const gint64 regulars[] = { 1, 2, 3 };
  static const gint64 raffle[] = { 3, 4 };
  static const gint64 berliners[] = { 2, 3, 4, 5 };
  g_autoptr(GError) error = NULL;
  CltSegmentOverlapDialog *dialog;
  Overlap overlap;
  AdwComboRow *combo;
  GtkWidget *venn;
  gint64 a, gone;

  a = save_list (fx, "Regulars", regulars, G_N_ELEMENTS (regulars));
  save_list (fx, "Raffle", raffle, G_N_ELEMENTS (raffle));
  gone = save_list (fx, "Old", raffle, G_N_ELEMENTS (raffle));
  g_assert_true (clt_segment_store_delete (fx->workspace, gone, NULL, &error));
  g_assert_no_error (error);

  dialog = clt_segment_overlap_dialog_new (fx->workspace, a);
  present (fx, ADW_DIALOG (dialog));

  /* The only other live segment is chosen and counted: {1, 2} only, {3} both, {4} only. */
  overlap = (Overlap) { GTK_WIDGET (dialog), "2", "1", "1" };
  clt_test_wait_until (overlap_shown, &overlap);
  g_assert_cmpstr (row_count (find_row (GTK_WIDGET (dialog), "Only in “Regulars”")), ==, "2");
  g_assert_cmpstr (row_count (find_row (GTK_WIDGET (dialog), "Only in “Raffle”")), ==, "1");
  combo = ADW_COMBO_ROW (clt_test_find_type (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW));
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (combo)), ==, 1);
  venn = clt_test_find_type (GTK_WIDGET (dialog), CLT_TYPE_VENN_DIAGRAM);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (venn), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Regulars: 2 only, 1 in both, Raffle: 1 only");
  close_and_finalize (ADW_DIALOG (dialog));

  /* A second choice counts anew: with {2, 3, 4, 5}, {1} only, {2, 3} both, {4, 5} only. */
  save_list (fx, "Berliners", berliners, G_N_ELEMENTS (berliners));
  dialog = clt_segment_overlap_dialog_new (fx->workspace, a);
  present (fx, ADW_DIALOG (dialog));
  /* By name: Berliners first. */
  overlap = (Overlap) { GTK_WIDGET (dialog), "1", "2", "2" };
  clt_test_wait_until (overlap_shown, &overlap);
  combo = ADW_COMBO_ROW (clt_test_find_type (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW));
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (combo)), ==, 2);
  adw_combo_row_set_selected (combo, 1);
  overlap = (Overlap) { GTK_WIDGET (dialog), "2", "1", "1" };
  clt_test_wait_until (overlap_shown, &overlap);
  g_assert_cmpstr (row_count (find_row (GTK_WIDGET (dialog), "Only in “Raffle”")), ==, "1");
  /* Choosing again and closing at once cancels the count: nothing is left holding the dialog. */
  adw_combo_row_set_selected (combo, 0);
  close_and_finalize (ADW_DIALOG (dialog));
}

static void
test_overlap_alone (Fixture       *fx,
                    gconstpointer  data)
{
  static const gint64 regulars[] = { 1, 2, 3 };
  CltSegmentOverlapDialog *dialog;
  gint64 a = save_list (fx, "Regulars", regulars, G_N_ELEMENTS (regulars));

  dialog = clt_segment_overlap_dialog_new (fx->workspace, a);
  present (fx, ADW_DIALOG (dialog));
  wait_for_text (GTK_WIDGET (dialog), "No Other Segments");
  g_assert_false (gtk_widget_get_mapped (clt_test_find_type (GTK_WIDGET (dialog), CLT_TYPE_VENN_DIAGRAM)));
  close_and_finalize (ADW_DIALOG (dialog));
}

/* ---- membership changes ---- */

static void
test_changes (Fixture       *fx,
              gconstpointer  data)
{
  CltSegmentChangesDialog *dialog;
  gint64 id = save (fx, "Munich", GROUP ("all", CITY ("München")));
  GtkWidget *group;

  /* The first look: everyone in it has entered. */
  dialog = clt_segment_changes_dialog_new (fx->workspace, id);
  present (fx, ADW_DIALOG (dialog));
  wait_for_text (GTK_WIDGET (dialog), "2 customers entered");
  g_assert_nonnull (find_row (GTK_WIDGET (dialog), "Anna Müller"));
  g_assert_nonnull (find_row (GTK_WIDGET (dialog), "Zoë O'Neill"));
  g_assert_false (shows_text (GTK_WIDGET (dialog), "0 customers left"));
  close_and_finalize (ADW_DIALOG (dialog));

  /* Zoë moves to Berlin, Ben to Munich. */
  exec_sql (fx->workspace, "UPDATE profiles SET city = 'Berlin' WHERE id = 3; "
                           "UPDATE profiles SET city = 'München' WHERE id = 4");
  dialog = clt_segment_changes_dialog_new (fx->workspace, id);
  present (fx, ADW_DIALOG (dialog));
  wait_for_text (GTK_WIDGET (dialog), "1 customer entered");
  g_assert_true (shows_text (GTK_WIDGET (dialog), "1 customer left"));
  /* Ben has no display name: his first and last name stand for it. */
  group = gtk_widget_get_ancestor (find_row (GTK_WIDGET (dialog), "Ben Weber"), ADW_TYPE_PREFERENCES_GROUP);
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)), ==, "1 customer entered");
  group = gtk_widget_get_ancestor (find_row (GTK_WIDGET (dialog), "Zoë O'Neill"), ADW_TYPE_PREFERENCES_GROUP);
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)), ==, "1 customer left");
  g_assert_null (find_row (GTK_WIDGET (dialog), "Anna Müller"));
  g_assert_true (shows_text (GTK_WIDGET (dialog),
                             "This look is now remembered: the next one shows the changes from now on."));
  close_and_finalize (ADW_DIALOG (dialog));

  /* That look was remembered: nothing has changed since. */
  dialog = clt_segment_changes_dialog_new (fx->workspace, id);
  present (fx, ADW_DIALOG (dialog));
  wait_for_text (GTK_WIDGET (dialog), "No Changes");
  close_and_finalize (ADW_DIALOG (dialog));
}

/* More than a hundred entered: a hundred names, and how many more. */
static void
test_changes_many (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  CltSegmentChangesDialog *dialog;
  g_autofree char *title = NULL;
  g_autofree char *more = NULL;
  g_autofree char *total = count_text (1205);
  g_autofree char *rest = count_text (1105);
  GtkWidget *row;
  guint rows = 0;
  gint64 id;

  exec_sql (fx->workspace,
    "WITH RECURSIVE n (i) AS (SELECT 100 UNION ALL SELECT i + 1 FROM n WHERE i < 1299) "
    "INSERT INTO profiles (id, created_at, updated_at, display_name, city) "
    "SELECT i, '2024', '2024', 'Customer ' || i, 'Köln' FROM n");
  for (gint64 i = 100; i < 1300; i++)
    g_array_append_val (ids, i);
  for (gint64 i = 1; i <= 5; i++)
    g_array_append_val (ids, i);
  id = save_list (fx, "Everyone", (const gint64 *) ids->data, ids->len);

  dialog = clt_segment_changes_dialog_new (fx->workspace, id);
  present (fx, ADW_DIALOG (dialog));
  title = g_strdup_printf ("%s customers entered", total);
  wait_for_text (GTK_WIDGET (dialog), title);
  more = g_strdup_printf ("and %s more", rest);
  row = find_row (GTK_WIDGET (dialog), more);
  g_assert_nonnull (row);
  /* A hundred names, then the row saying how many more. */
  for (GtkWidget *sibling = gtk_widget_get_first_child (gtk_widget_get_parent (row)); sibling;
       sibling = gtk_widget_get_next_sibling (sibling))
    rows++;
  g_assert_cmpuint (rows, ==, 101);
  g_assert_null (gtk_widget_get_next_sibling (row));
  /* By name: "Anna Müller" before "Customer 100". */
  g_assert_true (ADW_IS_PREFERENCES_ROW (gtk_widget_get_first_child (gtk_widget_get_parent (row))));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_widget_get_first_child (gtk_widget_get_parent (row)))),
                   ==, "Anna Müller");
  close_and_finalize (ADW_DIALOG (dialog));
}

int
main (int   argc,
      char *argv[])
{
  /* The accessible properties are read back through GTK's test context. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/segment-dialogs/history", test_history);
  ADD ("/segment-dialogs/history-fixed-list", test_history_fixed_list);
  ADD ("/segment-dialogs/venn", test_venn);
  ADD ("/segment-dialogs/overlap", test_overlap);
  ADD ("/segment-dialogs/overlap-alone", test_overlap_alone);
  ADD ("/segment-dialogs/changes", test_changes);
  ADD ("/segment-dialogs/changes-many", test_changes_many);
#undef ADD

  return g_test_run ();
}
