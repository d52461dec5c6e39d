/* test-segment-builder.c: the segment builder, driven by mouse (drops) and keyboard (actions)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "clt-test-utils.h"

#include "clt-condition-row.h"
#include "clt-export-dialog.h"
#include "clt-format.h"
#include "clt-segment-group-card.h"
#include "clt-segments-page.h"
#include "clt-suggest-entry.h"
#include "clt-window-private.h"

static char *tmp_dir;
static char *workspace_path;

static gboolean
counted (gpointer data)
{
  return !clt_segment_editor_get_counting (data);
}

typedef struct
{
  CltWindow        *window;
  CltSegmentEditor *editor;
  CltSegmentCanvas *canvas;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *page;

  fixture->window = clt_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1400, 900);
  gtk_window_present (GTK_WINDOW (fixture->window));
  clt_test_wait_until (clt_test_is_mapped, fixture->window);
  g_assert_true (clt_window_open_workspace (fixture->window, workspace_path, &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s", "segments"));
  page = gtk_stack_get_child_by_name (fixture->window->pages_stack, "segments");
  fixture->editor = clt_segments_page_open (CLT_SEGMENTS_PAGE (page), GPOINTER_TO_SIZE (data));
  fixture->canvas = clt_segment_editor_get_canvas (fixture->editor);
  clt_test_wait_until (clt_test_is_mapped, fixture->editor);
  clt_test_wait_until (counted, fixture->editor);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  clt_test_settle (50);
}

static CltSegmentGroup *
root_of (Fixture *fixture)
{
  return clt_segment_canvas_get_root (fixture->canvas);
}

static GtkWidget *
widget_of (Fixture        *fixture,
           CltSegmentNode *node)
{
  GtkWidget *widget = clt_segment_canvas_get_widget (fixture->canvas, node);

  g_assert_nonnull (widget);

  return widget;
}

static CltSegmentNode *
child (CltSegmentGroup *group,
       guint            position)
{
  g_assert_cmpuint (position, <, clt_segment_group_get_n_children (group));

  return clt_segment_group_get_child (group, position);
}

/* The count of @root, taken apart from the builder. */
static CltSegmentCounts *
count_directly (CltSegmentGroup *root)
{
  g_autoptr(CltSegmentEvaluator) evaluator = clt_segment_evaluator_new (workspace_path, NULL);
  g_autoptr(GError) error = NULL;
  CltSegmentCounts *counts;

  counts = clt_segment_evaluator_count (evaluator, root, 0, NULL, &error);
  g_assert_no_error (error);

  return counts;
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }

  return NULL;
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_descendant (c, type);

      if (found)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_action_button (c, action);

      if (found)
        return found;
    }

  return NULL;
}

/* Starts a drag from @widget's drag source (the palette row, or a row's handle) as a pointer
 * press there would, and returns what it carries. */
static void
drag_value (GtkWidget *widget,
            GValue    *value)
{
  GtkDragSource *source = GTK_DRAG_SOURCE (find_controller (widget, GTK_TYPE_DRAG_SOURCE));
  g_autoptr(GdkContentProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (source);
  g_signal_emit_by_name (source, "prepare", 5.0, 5.0, &provider);
  g_assert_nonnull (provider);
  g_value_init (value, CLT_TYPE_SEGMENT_NODE);
  g_assert_true (gdk_content_provider_get_value (provider, value, &error));
  g_assert_no_error (error);
}

/* The handle of a condition row or card: the first image with a drag source. */
static GtkWidget *
handle_of (GtkWidget *widget)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_IMAGE (c) && find_controller (c, GTK_TYPE_DRAG_SOURCE))
        return c;
      if (!CLT_IS_SEGMENT_GROUP_CARD (c) && !CLT_IS_CONDITION_ROW (c) && (found = handle_of (c)))
        return found;
    }

  return NULL;
}

/* A height in @group's children box: the top quarter of child @position ("before"), its
 * middle ("onto"), or below the last child. */
typedef enum { AT_BEFORE, AT_ONTO, AT_END } At;

static double
height_in (Fixture         *fixture,
           CltSegmentGroup *group,
           guint            position,
           At               at)
{
  GtkWidget *card = widget_of (fixture, CLT_SEGMENT_NODE (group));
  GtkWidget *box = clt_segment_group_card_get_children (CLT_SEGMENT_GROUP_CARD (card));
  graphene_rect_t bounds;

  if (at == AT_END)
    return gtk_widget_get_height (box) - 1;

  g_assert_true (gtk_widget_compute_bounds (widget_of (fixture, child (group, position)), box, &bounds));

  return at == AT_BEFORE ? bounds.origin.y + 2 : bounds.origin.y + bounds.size.height / 2;
}

/* Drops @value on @group's card at @y, as the pointer's release there would. */
static gboolean
drop_at (Fixture         *fixture,
         CltSegmentGroup *group,
         const GValue    *value,
         double           y)
{
  GtkWidget *card = widget_of (fixture, CLT_SEGMENT_NODE (group));
  GtkDropTarget *target = clt_segment_group_card_get_drop_target (CLT_SEGMENT_GROUP_CARD (card));
  gboolean taken = FALSE;

  g_signal_emit_by_name (target, "drop", value, 10.0, y, &taken);
  clt_test_settle (20);

  return taken;
}

static void
add (Fixture         *fixture,
     CltSegmentGroup *group,
     const char      *spec)
{
  g_assert_true (gtk_widget_activate_action (widget_of (fixture, CLT_SEGMENT_NODE (group)), "group.add", "s", spec));
}

static const char *
field_of (CltSegmentNode *node)
{
  g_assert_true (CLT_IS_CONDITION (node));

  return clt_condition_get_field (CLT_CONDITION (node));
}

/* A new segment is empty, says so, and holds everyone. */
static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  CltWorkspace *workspace = clt_window_get_workspace (fixture->window);
  GtkWidget *card = widget_of (fixture, CLT_SEGMENT_NODE (root_of (fixture)));

  g_assert_cmpuint (clt_segment_group_get_n_children (root_of (fixture)), ==, 0);
  g_assert_nonnull (find_descendant (card, GTK_TYPE_LABEL));
  g_assert_cmpint (clt_segment_editor_get_total (fixture->editor), ==, clt_workspace_count (workspace, "profiles", NULL));
  g_assert_cmpuint (clt_segment_editor_get_n_samples (fixture->editor), ==, 10);
  g_assert_true (clt_segment_editor_get_modified (fixture->editor));
}

/* The keyboard: add from the menu, move up, down, into a group and out, remove and undo. */
static void
test_keyboard (Fixture       *fixture,
               gconstpointer  data)
{
  CltSegmentGroup *root = root_of (fixture);
  CltSegmentNode *city, *purchase, *group;

  add (fixture, root, "attribute:city");
  add (fixture, root, "group:any");
  add (fixture, root, "behaviour:purchase");
  g_assert_cmpuint (clt_segment_group_get_n_children (root), ==, 3);
  city = child (root, 0);
  group = child (root, 1);
  purchase = child (root, 2);
  g_assert_cmpstr (field_of (city), ==, "city");
  g_assert_true (CLT_IS_SEGMENT_GROUP (group));
  /* The focus follows what was added, so that the next key moves it. */
  g_assert_true (gtk_widget_is_focus (widget_of (fixture, purchase)));

  /* Alt+Right: into the group above, as its last child. */
  g_assert_true (gtk_widget_activate_action (widget_of (fixture, purchase), "node.move-in", NULL));
  g_assert_true (clt_segment_node_get_parent (purchase) == CLT_SEGMENT_GROUP (group));
  g_assert_cmpuint (clt_segment_group_get_n_children (root), ==, 2);
  g_assert_true (gtk_widget_is_focus (widget_of (fixture, purchase)));

  /* Alt+Up at the top of its group cannot; Alt+Left takes it out, after the group. */
  g_assert_false (clt_segment_canvas_can_move (fixture->canvas, purchase, CLT_MOVE_UP));
  g_assert_true (gtk_widget_activate_action (widget_of (fixture, purchase), "node.move-out", NULL));
  /* The group it left empty goes. */
  g_assert_cmpuint (clt_segment_group_get_n_children (root), ==, 2);
  g_assert_true (child (root, 0) == city);
  g_assert_true (child (root, 1) == purchase);

  /* Alt+Up, Alt+Down. */
  g_assert_true (gtk_widget_activate_action (widget_of (fixture, purchase), "node.move-up", NULL));
  g_assert_true (child (root, 0) == purchase);
  g_assert_false (clt_segment_canvas_can_move (fixture->canvas, purchase, CLT_MOVE_UP));
  g_assert_true (gtk_widget_activate_action (widget_of (fixture, purchase), "node.move-down", NULL));
  g_assert_true (child (root, 1) == purchase);

  /* Alt+Right with no group beside it makes one around it. */
  g_assert_true (gtk_widget_activate_action (widget_of (fixture, purchase), "node.move-in", NULL));
  group = child (root, 1);
  g_assert_true (CLT_IS_SEGMENT_GROUP (group));
  g_assert_true (clt_segment_node_get_parent (purchase) == CLT_SEGMENT_GROUP (group));

  /* Delete removes; Ctrl+Z brings it back. */
  g_assert_true (gtk_widget_activate_action (widget_of (fixture, city), "node.remove", NULL));
  g_assert_cmpuint (clt_segment_group_get_n_children (root_of (fixture)), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "segment.undo", NULL));
  g_assert_cmpuint (clt_segment_group_get_n_children (root_of (fixture)), ==, 2);
  g_assert_cmpstr (field_of (child (root_of (fixture), 0)), ==, "city");
}

/* The mouse: drags from the palette and from handles, between rows, onto a row, into a
 * nested group; a group cannot go into itself. */
static void
test_drag_and_drop (Fixture       *fixture,
                    gconstpointer  data)
{
  CltSegmentPalette *palette = clt_segment_editor_get_palette (fixture->editor);
  CltSegmentGroup *root = root_of (fixture);
  CltSegmentNode *first, *second, *pair;
  CltSegmentNode *onto;
  guint position;
  g_auto(GValue) city = G_VALUE_INIT;
  g_auto(GValue) spend = G_VALUE_INIT;
  g_auto(GValue) consent = G_VALUE_INIT;
  g_auto(GValue) moved = G_VALUE_INIT;
  g_auto(GValue) group_value = G_VALUE_INIT;

  /* Into the empty root. */
  drag_value (clt_segment_palette_find_row (palette, "attribute:city"), &city);
  g_assert_true (drop_at (fixture, root, &city, 5));
  drag_value (clt_segment_palette_find_row (palette, "behaviour:purchase"), &spend);
  g_assert_true (drop_at (fixture, root, &spend, height_in (fixture, root, 0, AT_END)));
  g_assert_cmpuint (clt_segment_group_get_n_children (root), ==, 2);
  first = child (root, 0);
  second = child (root, 1);
  g_assert_cmpstr (field_of (first), ==, "city");
  g_assert_cmpstr (field_of (second), ==, "purchase");

  /* Between the two: the indicator says where, and the drop lands there. */
  drag_value (clt_segment_palette_find_row (palette, "consent:email_marketing"), &consent);
  clt_segment_group_card_locate (CLT_SEGMENT_GROUP_CARD (widget_of (fixture, CLT_SEGMENT_NODE (root))),
                                 height_in (fixture, root, 1, AT_BEFORE), &position, &onto);
  g_assert_cmpuint (position, ==, 1);
  g_assert_null (onto);
  clt_segment_canvas_show_drop (fixture->canvas, root, position, onto);
  g_assert_true (gtk_widget_has_css_class (widget_of (fixture, second), "drop-before"));
  clt_segment_canvas_show_drop (fixture->canvas, NULL, 0, NULL);
  g_assert_false (gtk_widget_has_css_class (widget_of (fixture, second), "drop-before"));
  g_assert_true (drop_at (fixture, root, &consent, height_in (fixture, root, 1, AT_BEFORE)));
  g_assert_cmpuint (clt_segment_group_get_n_children (root), ==, 3);
  g_assert_cmpstr (field_of (child (root, 1)), ==, "email_marketing");

  /* A row's handle moves it: purchase onto the middle of city makes a group of the two. */
  drag_value (handle_of (widget_of (fixture, second)), &moved);
  g_assert_true (g_value_get_object (&moved) == second);
  clt_segment_group_card_locate (CLT_SEGMENT_GROUP_CARD (widget_of (fixture, CLT_SEGMENT_NODE (root))),
                                 height_in (fixture, root, 0, AT_ONTO), &position, &onto);
  g_assert_true (onto == first);
  clt_segment_canvas_show_drop (fixture->canvas, root, position, onto);
  g_assert_true (gtk_widget_has_css_class (widget_of (fixture, first), "drop-onto"));
  g_assert_true (drop_at (fixture, root, &moved, height_in (fixture, root, 0, AT_ONTO)));
  g_assert_cmpuint (clt_segment_group_get_n_children (root), ==, 2);
  pair = child (root, 0);
  g_assert_true (CLT_IS_SEGMENT_GROUP (pair));
  g_assert_true (child (CLT_SEGMENT_GROUP (pair), 0) == first);
  g_assert_true (child (CLT_SEGMENT_GROUP (pair), 1) == second);

  /* The consent condition into the nested group, at its end. */
  g_value_unset (&moved);
  drag_value (handle_of (widget_of (fixture, child (root, 1))), &moved);
  g_assert_true (drop_at (fixture, CLT_SEGMENT_GROUP (pair), &moved, height_in (fixture, CLT_SEGMENT_GROUP (pair), 0, AT_END)));
  g_assert_cmpuint (clt_segment_group_get_n_children (root), ==, 1);
  g_assert_cmpuint (clt_segment_group_get_n_children (CLT_SEGMENT_GROUP (pair)), ==, 3);
  g_assert_cmpstr (field_of (child (CLT_SEGMENT_GROUP (pair), 2)), ==, "email_marketing");

  /* A group dropped into itself is refused, and nothing changes. */
  drag_value (handle_of (widget_of (fixture, pair)), &group_value);
  g_assert_true (g_value_get_object (&group_value) == pair);
  g_assert_false (drop_at (fixture, CLT_SEGMENT_GROUP (pair), &group_value, 5));
  g_assert_true (child (root, 0) == pair);

  /* Undo takes the drops back one by one. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "segment.undo", NULL));
  g_assert_cmpuint (clt_segment_group_get_n_children (root_of (fixture)), ==, 2);
}

static gboolean
total_is (gpointer data)
{
  gpointer *args = data;

  return counted (args[0]) && clt_segment_editor_get_total (args[0]) == GPOINTER_TO_SIZE (args[1]);
}

/* A three-level segment: each row's pill shows its own count; an edit counts anew. */
static void
test_live_counts (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(CltSegmentGroup) root = NULL;
  g_autoptr(CltSegmentCounts) direct = NULL;
  g_autoptr(GError) error = NULL;
  CltSegmentNode *orders, *nested, *deepest;
  GtkWidget *entry;
  gint64 own, removes;
  gint64 before;

  root = clt_segment_definition_from_json (
      "{\"version\": 1, \"match\": \"all\", \"children\": ["
      " {\"type\": \"condition\", \"kind\": \"attribute\", \"field\": \"orders\", \"operator\": \">=\", \"values\": [\"1\"]},"
      " {\"type\": \"group\", \"match\": \"any\", \"children\": ["
      "  {\"type\": \"condition\", \"kind\": \"consent\", \"field\": \"email_marketing\", \"channel\": \"email\","
      "   \"operator\": \"is\", \"values\": [\"given\"]},"
      "  {\"type\": \"group\", \"match\": \"none\", \"children\": ["
      "   {\"type\": \"condition\", \"kind\": \"attribute\", \"field\": \"spend\", \"operator\": \">=\", \"values\": [\"100\"]}"
      "  ]}"
      " ]}"
      "]}", -1, &error);
  g_assert_no_error (error);
  clt_segment_canvas_set_root (fixture->canvas, root);
  g_assert_true (clt_segment_editor_get_counting (fixture->editor));
  clt_test_wait_until (counted, fixture->editor);

  direct = count_directly (root);
  g_assert_cmpint (clt_segment_editor_get_total (fixture->editor), ==, clt_segment_counts_get_total (direct));
  g_assert_cmpint (clt_segment_counts_get_total (direct), >, 0);
  g_assert_cmpint (clt_segment_editor_get_consented (fixture->editor), ==, clt_segment_counts_get_consented (direct));

  orders = child (root, 0);
  nested = child (root, 1);
  deepest = child (CLT_SEGMENT_GROUP (child (CLT_SEGMENT_GROUP (nested), 1)), 0);
  for (guint i = 0; i < 3; i++)
    {
      CltSegmentNode *node = (CltSegmentNode *[]) { orders, nested, deepest }[i];
      g_autofree char *expected = NULL;
      GtkWidget *widget = widget_of (fixture, node);
      gboolean found = FALSE;

      g_assert_true (clt_segment_counts_lookup (direct, node, &own, &removes));
      expected = clt_format_count (own);
      /* The pill is the node's own label with the badge style. */
      {
        g_autoptr(GQueue) queue = g_queue_new ();

        g_queue_push_tail (queue, widget);
        while (!g_queue_is_empty (queue))
          {
            GtkWidget *w = g_queue_pop_head (queue);

            if (GTK_IS_LABEL (w) && gtk_widget_has_css_class (w, "badge") &&
                g_str_equal (gtk_label_get_label (GTK_LABEL (w)), expected))
              found = TRUE;
            for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
              if (!CLT_IS_CONDITION_ROW (c) && !CLT_IS_SEGMENT_GROUP_CARD (c))
                g_queue_push_tail (queue, c);
          }
      }
      g_assert_true (found);
    }

  /* Typing a value counts again, off the main thread; the total follows. */
  before = clt_segment_editor_get_total (fixture->editor);
  entry = find_descendant (widget_of (fixture, deepest), GTK_TYPE_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), "1.000.000");
  g_assert_true (clt_segment_editor_get_counting (fixture->editor));
  g_assert_cmpstr (clt_condition_get_values (CLT_CONDITION (deepest))[0], ==, "1000000");
  {
    g_autoptr(CltSegmentCounts) after = count_directly (root_of (fixture));
    gpointer args[] = { fixture->editor, GSIZE_TO_POINTER (clt_segment_counts_get_total (after)) };

    g_assert_cmpint (clt_segment_counts_get_total (after), !=, before);
    clt_test_wait_until (total_is, args);
  }

  /* A value that is no number marks the entry and leaves the condition as it was. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "viel");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_assert_cmpstr (clt_condition_get_values (CLT_CONDITION (deepest))[0], ==, "1000000");
}

static gboolean
why_not_known (gpointer data)
{
  return clt_segment_editor_get_why_not (data) != NULL;
}

/* "Why not" names the first condition a customer fails, and marks its row. */
static void
test_why_not (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(CltSegmentGroup) root = clt_segment_group_new (CLT_SEGMENT_MATCH_ALL);
  g_autoptr(CltCondition) orders = clt_condition_new (CLT_CONDITION_ATTRIBUTE, "orders", CLT_OPERATOR_GE,
                                                      (const char * const[]) { "0", NULL });
  g_autoptr(CltCondition) city = clt_condition_new (CLT_CONDITION_ATTRIBUTE, "city", CLT_OPERATOR_IS,
                                                    (const char * const[]) { "Nirgendwo", NULL });

  clt_segment_group_append (root, CLT_SEGMENT_NODE (orders));
  clt_segment_group_append (root, CLT_SEGMENT_NODE (city));
  clt_segment_canvas_set_root (fixture->canvas, root);
  clt_test_wait_until (counted, fixture->editor);
  g_assert_cmpint (clt_segment_editor_get_total (fixture->editor), ==, 0);

  clt_segment_editor_why_not (fixture->editor, 1);
  clt_test_wait_until (why_not_known, fixture->editor);
  g_assert_cmpstr (clt_segment_editor_get_why_not (fixture->editor), ==, "1");
  g_assert_true (gtk_widget_has_css_class (widget_of (fixture, CLT_SEGMENT_NODE (city)), "why-not"));
  g_assert_false (gtk_widget_has_css_class (widget_of (fixture, CLT_SEGMENT_NODE (orders)), "why-not"));
}

/* Save names a new segment; another save adds a version; rename; delete leaves the builder. */
static void
test_save (Fixture       *fixture,
           gconstpointer  data)
{
  CltWorkspace *workspace = clt_window_get_workspace (fixture->window);
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) versions = NULL;
  g_autoptr(CltSegment) saved = NULL;
  AdwDialog *dialog;
  GtkWidget *page = gtk_stack_get_child_by_name (fixture->window->pages_stack, "segments");
  gint64 id;

  add (fixture, root_of (fixture), "attribute:orders");
  g_assert_true (clt_segment_editor_save_as (fixture->editor, "Stammkunden", &error));
  g_assert_no_error (error);
  id = clt_segment_editor_get_segment_id (fixture->editor);
  g_assert_cmpint (id, >, 0);
  g_assert_false (clt_segment_editor_get_modified (fixture->editor));
  g_assert_false (gtk_widget_get_sensitive (find_action_button (GTK_WIDGET (fixture->editor), "segment.save")));

  add (fixture, root_of (fixture), "attribute:spend");
  g_assert_true (clt_segment_editor_get_modified (fixture->editor));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "segment.save", NULL));
  versions = clt_segment_store_list_versions (workspace, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (versions), ==, 2);

  /* Rename asks for the name in a dialog. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "segment.rename", NULL));
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (fixture->window));
  g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
  gtk_editable_set_text (GTK_EDITABLE (find_descendant (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW)), "Gute Kunden");
  g_signal_emit_by_name (dialog, "response", "save");
  adw_dialog_force_close (dialog);
  saved = clt_segment_store_get (workspace, id, &error);
  g_assert_cmpstr (clt_segment_get_name (saved), ==, "Gute Kunden");

  /* Delete leaves the builder for the list. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "segment.delete", NULL));
  clt_test_settle (300);
  g_clear_object (&saved);
  saved = clt_segment_store_get (workspace, id, &error);
  g_assert_true (clt_segment_get_deleted (saved));
  g_assert_cmpstr (adw_navigation_page_get_tag (adw_navigation_view_get_visible_page (
                       ADW_NAVIGATION_VIEW (find_descendant (page, ADW_TYPE_NAVIGATION_VIEW)))), ==, "list");
}

static gboolean
export_checked (gpointer data)
{
  return !clt_export_dialog_get_checking (data) && clt_export_dialog_get_eligibility (data) != NULL;
}

static gboolean
dialog_closed (gpointer data)
{
  return adw_application_window_get_visible_dialog (data) == NULL;
}

/* Export asks for the purpose, says who is left out, and writes only those who may be
 * contacted; it needs the segment saved. */
static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "builder-export.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  CltEligibility *eligibility;
  AdwDialog *dialog;
  gint64 eligible;

  add (fixture, root_of (fixture), "attribute:orders");
  g_assert_false (gtk_widget_get_sensitive (find_action_button (GTK_WIDGET (fixture->editor), "segment.export")));
  g_assert_true (clt_segment_editor_save_as (fixture->editor, "Kunden mit Bestellung", &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_get_sensitive (find_action_button (GTK_WIDGET (fixture->editor), "segment.export")));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "segment.export", NULL));
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (fixture->window));
  g_assert_true (CLT_IS_EXPORT_DIALOG (dialog));
  clt_test_wait_until (export_checked, dialog);
  eligibility = clt_export_dialog_get_eligibility (CLT_EXPORT_DIALOG (dialog));
  g_assert_cmpstr (clt_eligibility_get_purpose (eligibility), ==, "email_marketing");
  eligible = clt_eligibility_get_n_eligible (eligibility);
  g_assert_cmpint (eligible, >, 0);
  g_assert_cmpint (clt_eligibility_get_n_excluded_total (eligibility), >, 0);
  g_assert_cmpint (eligible + clt_eligibility_get_n_excluded_total (eligibility), ==,
                   clt_eligibility_get_n_candidates (eligibility));

  clt_export_dialog_set_format (CLT_EXPORT_DIALOG (dialog), CLT_EXPORT_FORMAT_BREVO);
  clt_export_dialog_export_to (CLT_EXPORT_DIALOG (dialog), file);
  clt_test_wait_until (dialog_closed, fixture->window);

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  lines = g_strsplit (text, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "EMAIL,FIRSTNAME,LASTNAME,SMS");
  /* The header, one line per recipient, and the empty string after the last line end. */
  g_assert_cmpuint (g_strv_length (lines), ==, eligible + 2);
}

static gboolean
suggested (gpointer data)
{
  return clt_suggest_entry_get_n_suggestions (data) > 0;
}

/* Cities are offered from the data as one types; taking one sets the condition. */
static void
test_suggestions (Fixture       *fixture,
                  gconstpointer  data)
{
  CltSegmentNode *city;
  CltSuggestEntry *entry;
  g_autofree char *first = NULL;

  add (fixture, root_of (fixture), "attribute:city");
  city = child (root_of (fixture), 0);
  entry = CLT_SUGGEST_ENTRY (find_descendant (widget_of (fixture, city), CLT_TYPE_SUGGEST_ENTRY));
  g_assert_nonnull (entry);
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  gtk_editable_set_text (GTK_EDITABLE (clt_suggest_entry_get_entry (entry)), "M");
  clt_test_wait_until (suggested, entry);

  for (guint i = 0; i < clt_suggest_entry_get_n_suggestions (entry); i++)
    {
      g_autofree char *folded = g_utf8_casefold (clt_suggest_entry_get_suggestion (entry, i), -1);

      g_assert_true (g_str_has_prefix (folded, "m"));
    }
  first = g_strdup (clt_suggest_entry_get_suggestion (entry, 0));
  clt_suggest_entry_pick (entry, 0);
  g_assert_cmpstr (clt_condition_get_values (CLT_CONDITION (city))[0], ==, first);
}

/* A purpose the DPO added to the catalogue is offered everywhere a purpose is: the audience
 * split, the palette and a consent condition, with its own channel. */
static void
fixture_set_up_sms (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(CltConsentLedger) ledger = NULL;
  g_autoptr(CltPurpose) sms = clt_purpose_new ("sms_marketing");
  g_autoptr(GError) error = NULL;

  workspace = clt_workspace_open (workspace_path, &error);
  g_assert_no_error (error);
  ledger = clt_consent_ledger_new (workspace);
  clt_purpose_set_label (sms, "SMS marketing");
  clt_purpose_set_channel (sms, "phone");
  clt_purpose_set_legal_basis (sms, "a");
  clt_purpose_set_marketing (sms, TRUE);
  g_assert_true (clt_consent_ledger_save_purpose (ledger, sms, &error));
  g_assert_no_error (error);

  fixture_set_up (fixture, data);
}

static void
test_added_purpose (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *total = NULL;
  g_autofree char *expected = NULL;
  GtkDropDown *dropdown;
  GListModel *labels;
  GtkWidget *row;
  CltSegmentNode *added;

  /* The audience split: e-mail marketing first, the new purpose last. */
  dropdown = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (fixture->editor), CLT_TYPE_SEGMENT_EDITOR,
                                                           "purpose_dropdown"));
  labels = gtk_drop_down_get_model (dropdown);
  g_assert_cmpuint (g_list_model_get_n_items (labels), ==, 4);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), 0), ==, "For e-mail marketing");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), 3), ==, "For SMS marketing");
  gtk_drop_down_set_selected (dropdown, 3);
  g_assert_true (clt_segment_editor_get_counting (fixture->editor));
  clt_test_wait_until (counted, fixture->editor);
  /* Nobody of the demo consented to text messages. */
  g_assert_cmpint (clt_segment_editor_get_consented (fixture->editor), ==, 0);
  total = clt_format_count (clt_segment_editor_get_total (fixture->editor));
  expected = g_strdup_printf ("0 may be called · %s not", total);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (fixture->editor),
                   CLT_TYPE_SEGMENT_EDITOR, "consent_label"))), ==, expected);

  /* The palette offers it; the condition it adds asks for consent by phone. */
  row = clt_segment_palette_find_row (clt_segment_editor_get_palette (fixture->editor), "consent:sms_marketing");
  g_assert_nonnull (row);
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  added = child (root_of (fixture), clt_segment_group_get_n_children (root_of (fixture)) - 1);
  g_assert_cmpint (clt_condition_get_kind (CLT_CONDITION (added)), ==, CLT_CONDITION_CONSENT);
  g_assert_cmpstr (clt_condition_get_field (CLT_CONDITION (added)), ==, "sms_marketing");
  g_assert_cmpstr (clt_condition_get_channel (CLT_CONDITION (added)), ==, "phone");
  clt_test_wait_until (counted, fixture->editor);
  g_assert_cmpint (clt_segment_editor_get_total (fixture->editor), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  tmp_dir = clt_test_make_tmp_dir ("clt-builder");
  g_setenv ("XDG_DATA_HOME", tmp_dir, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  workspace_path = g_build_filename (tmp_dir, "builder.sqlite3", NULL);
  g_assert_true (clt_demo_import (workspace_path, 200, 5, NULL, &error));
  g_assert_no_error (error);

#define ADD(path, func) g_test_add ("/builder/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("empty", test_empty);
  ADD ("keyboard", test_keyboard);
  ADD ("drag-and-drop", test_drag_and_drop);
  ADD ("live-counts", test_live_counts);
  ADD ("why-not", test_why_not);
  ADD ("save", test_save);
  ADD ("suggestions", test_suggestions);
  ADD ("export", test_export);
  /* Last: it adds a purpose to the workspace the others share. */
  g_test_add ("/builder/added-purpose", Fixture, NULL, fixture_set_up_sms, test_added_purpose, fixture_tear_down);
#undef ADD

  status = g_test_run ();

  g_free (workspace_path);
  g_free (tmp_dir);

  return status;
}
