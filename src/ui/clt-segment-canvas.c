/* clt-segment-canvas.c: the segment being built, as nested cards of conditions
 *
 * The canvas owns the definition's tree and shows it as a group card with condition rows and
 * nested cards. Every change of structure (add, drop, move, remove) goes through it: it keeps
 * the tree's JSON before the change for Undo, makes the change, drops groups a move emptied,
 * rebuilds the cards and gives the focus to the node that moved, so that the keyboard's moves
 * can go on from there. Edits inside a row change the tree in place and keep the widgets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-segment-canvas"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-condition-row.h"
#include "clt-segment-canvas.h"
#include "clt-segment-group-card.h"
#include "clt-segment-palette.h"

#define MAX_UNDO 50

struct _CltSegmentCanvas
{
  GtkWidget        parent_instance;

  CltSegmentGroup *root;
  GtkWidget       *card;
  GHashTable      *widgets;
  CltSegmentCounts *counts;
  char            *why_not;
  GPtrArray       *undo;

  char            *workspace_path;
  GStrv            sources;
  GListModel      *purposes;
  GListModel      *imports;
  GListModel      *segments;
  GMenuModel      *add_menu;

  GtkWidget       *drop_widget;
  const char      *drop_class;
};

G_DEFINE_FINAL_TYPE (CltSegmentCanvas, clt_segment_canvas, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  REMOVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
root_changed_cb (CltSegmentCanvas *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
register_widgets (CltSegmentCanvas *self,
                  GtkWidget        *widget)
{
  if (CLT_IS_CONDITION_ROW (widget) || CLT_IS_SEGMENT_GROUP_CARD (widget))
    g_hash_table_insert (self->widgets, g_object_get_data (G_OBJECT (widget), "clt-node"), widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    register_widgets (self, child);
}

static void
show_counts (CltSegmentCanvas *self)
{
  GHashTableIter iter;
  gpointer node, widget;

  g_hash_table_iter_init (&iter, self->widgets);
  while (g_hash_table_iter_next (&iter, &node, &widget))
    {
      gint64 own = -1, removes = 0;

      if (self->counts == NULL || !clt_segment_counts_lookup (self->counts, node, &own, &removes))
        own = -1;
      if (CLT_IS_CONDITION_ROW (widget))
        clt_condition_row_set_count (widget, own, removes);
      else
        clt_segment_group_card_set_count (widget, own, removes);
    }
}

/* Shows the tree anew, with the focus on @focus's widget. */
static void
rebuild (CltSegmentCanvas *self,
         CltSegmentNode   *focus)
{
  GHashTableIter iter;
  gpointer widget;
  GtkWidget *focus_widget;

  self->drop_widget = NULL;
  g_hash_table_remove_all (self->widgets);
  g_clear_pointer (&self->card, gtk_widget_unparent);
  if (self->root == NULL)
    return;

  self->card = clt_segment_group_card_new (self, self->root, 0);
  gtk_widget_set_parent (self->card, GTK_WIDGET (self));
  register_widgets (self, self->card);

  g_hash_table_iter_init (&iter, self->widgets);
  while (g_hash_table_iter_next (&iter, NULL, &widget))
    if (CLT_IS_CONDITION_ROW (widget))
      clt_condition_row_update_actions (widget);
    else
      clt_segment_group_card_update_actions (widget);

  show_counts (self);
  clt_segment_canvas_show_why_not (self, self->why_not);

  if (focus && (focus_widget = g_hash_table_lookup (self->widgets, focus)))
    gtk_widget_grab_focus (focus_widget);
}

static void
push_undo (CltSegmentCanvas *self)
{
  g_ptr_array_add (self->undo, clt_segment_definition_to_json (self->root));
  if (self->undo->len > MAX_UNDO)
    g_ptr_array_remove_index (self->undo, 0);
}

static gboolean
is_ancestor (CltSegmentNode  *node,
             CltSegmentGroup *group)
{
  for (CltSegmentGroup *g = group; g; g = clt_segment_node_get_parent (CLT_SEGMENT_NODE (g)))
    if (CLT_SEGMENT_NODE (g) == node)
      return TRUE;

  return FALSE;
}

/* Removes @group, and the groups above it that it leaves empty, unless it is the root. */
static void
prune (CltSegmentCanvas *self,
       CltSegmentGroup  *group)
{
  while (group && group != self->root && clt_segment_group_get_n_children (group) == 0)
    {
      CltSegmentGroup *parent = clt_segment_node_get_parent (CLT_SEGMENT_NODE (group));
      guint position;

      if (parent == NULL || !clt_segment_group_find (parent, CLT_SEGMENT_NODE (group), &position))
        return;
      clt_segment_group_remove (parent, position);
      group = parent;
    }
}

static void
clt_segment_canvas_dispose (GObject *object)
{
  CltSegmentCanvas *self = CLT_SEGMENT_CANVAS (object);

  g_clear_pointer (&self->card, gtk_widget_unparent);
  if (self->root)
    g_signal_handlers_disconnect_by_func (self->root, root_changed_cb, self);
  g_clear_object (&self->root);
  g_clear_object (&self->imports);
  g_clear_object (&self->segments);
  g_clear_object (&self->add_menu);
  g_clear_pointer (&self->counts, clt_segment_counts_unref);

  G_OBJECT_CLASS (clt_segment_canvas_parent_class)->dispose (object);
}

static void
clt_segment_canvas_finalize (GObject *object)
{
  CltSegmentCanvas *self = CLT_SEGMENT_CANVAS (object);

  g_hash_table_unref (self->widgets);
  g_ptr_array_unref (self->undo);
  g_free (self->workspace_path);
  g_free (self->why_not);
  g_strfreev (self->sources);
  g_clear_object (&self->purposes);

  G_OBJECT_CLASS (clt_segment_canvas_parent_class)->finalize (object);
}

static void
clt_segment_canvas_class_init (CltSegmentCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_segment_canvas_dispose;
  object_class->finalize = clt_segment_canvas_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "segmentcanvas");

  /**
   * CltSegmentCanvas::changed:
   *
   * The definition changed: a value, a condition, the structure, or all of it by Undo.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  /**
   * CltSegmentCanvas::removed:
   *
   * A condition or group was removed; clt_segment_canvas_undo() brings it back.
   */
  signals[REMOVED] = g_signal_new ("removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
clt_segment_canvas_init (CltSegmentCanvas *self)
{
  self->widgets = g_hash_table_new (NULL, NULL);
  self->undo = g_ptr_array_new_with_free_func (g_free);
  self->add_menu = clt_segment_palette_new_menu (NULL, NULL);
}

GtkWidget *
clt_segment_canvas_new (void)
{
  return g_object_new (CLT_TYPE_SEGMENT_CANVAS, NULL);
}

/**
 * clt_segment_canvas_get_root:
 *
 * Returns: (transfer none) (nullable): the definition being built
 */
CltSegmentGroup *
clt_segment_canvas_get_root (CltSegmentCanvas *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_CANVAS (self), NULL);

  return self->root;
}

static void
replace_root (CltSegmentCanvas *self,
              CltSegmentGroup  *root)
{
  if (self->root)
    g_signal_handlers_disconnect_by_func (self->root, root_changed_cb, self);
  g_set_object (&self->root, root);
  if (self->root)
    g_signal_connect_object (self->root, "changed", G_CALLBACK (root_changed_cb), self, G_CONNECT_SWAPPED);
  g_clear_pointer (&self->counts, clt_segment_counts_unref);
  rebuild (self, NULL);
}

/* Shows @root, forgetting what Undo could bring back. */
void
clt_segment_canvas_set_root (CltSegmentCanvas *self,
                             CltSegmentGroup  *root)
{
  g_return_if_fail (CLT_IS_SEGMENT_CANVAS (self));

  g_ptr_array_set_size (self->undo, 0);
  replace_root (self, root);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * clt_segment_canvas_set_choices:
 * @workspace_path: where value suggestions are read
 * @sources: the sources' names
 * @purposes: (nullable): the purposes (#CltPurpose) a consent condition may name
 * @imports: (nullable): the imports (#CltImportBatch), newest first
 * @segments: (nullable): the saved segments (#CltSegment) a condition may refer to
 *
 * What the rows offer to choose from; shows the tree anew with them.
 */
void
clt_segment_canvas_set_choices (CltSegmentCanvas   *self,
                                const char         *workspace_path,
                                const char * const *sources,
                                GListModel         *purposes,
                                GListModel         *imports,
                                GListModel         *segments)
{
  g_return_if_fail (CLT_IS_SEGMENT_CANVAS (self));

  g_free (self->workspace_path);
  self->workspace_path = g_strdup (workspace_path);
  g_strfreev (self->sources);
  self->sources = g_strdupv ((char **) sources);
  g_set_object (&self->purposes, purposes);
  g_set_object (&self->imports, imports);
  g_set_object (&self->segments, segments);
  g_clear_object (&self->add_menu);
  self->add_menu = clt_segment_palette_new_menu (purposes, segments);
  rebuild (self, NULL);
}

const char *
clt_segment_canvas_get_workspace_path (CltSegmentCanvas *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_CANVAS (self), NULL);

  return self->workspace_path;
}

const char * const *
clt_segment_canvas_get_sources (CltSegmentCanvas *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_CANVAS (self), NULL);

  return (const char * const *) self->sources;
}

/**
 * clt_segment_purposes_get_channel:
 * @purposes: (nullable): the catalogue's purposes (#CltPurpose)
 *
 * Returns: (transfer none): the channel the purpose @key reaches people by: the
 *   catalogue's, else the built-in purposes' ("email" for any other)
 */
const char *
clt_segment_purposes_get_channel (GListModel *purposes,
                                  const char *key)
{
  for (guint i = 0; purposes && i < g_list_model_get_n_items (purposes); i++)
    {
      g_autoptr(CltPurpose) purpose = g_list_model_get_item (purposes, i);

      if (g_strcmp0 (clt_purpose_get_key (purpose), key) == 0)
        return g_intern_string (clt_purpose_get_channel (purpose));
    }

  return g_strcmp0 (key, "postal_marketing") == 0 ? "postal" : g_strcmp0 (key, "ads_audience") == 0 ? "ads" : "email";
}

GListModel *
clt_segment_canvas_get_purposes (CltSegmentCanvas *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_CANVAS (self), NULL);

  return self->purposes;
}

GListModel *
clt_segment_canvas_get_imports (CltSegmentCanvas *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_CANVAS (self), NULL);

  return self->imports;
}

GListModel *
clt_segment_canvas_get_segments (CltSegmentCanvas *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_CANVAS (self), NULL);

  return self->segments;
}

GMenuModel *
clt_segment_canvas_get_add_menu (CltSegmentCanvas *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_CANVAS (self), NULL);

  return self->add_menu;
}

/* Shows each node's own count from @counts, which map to the nodes by path. */
void
clt_segment_canvas_set_counts (CltSegmentCanvas *self,
                               CltSegmentCounts *counts)
{
  g_return_if_fail (CLT_IS_SEGMENT_CANVAS (self));

  if (counts)
    clt_segment_counts_ref (counts);
  g_clear_pointer (&self->counts, clt_segment_counts_unref);
  self->counts = counts;
  show_counts (self);
}

/* Marks the condition at @path as the one a person looked up fails; %NULL marks none. */
void
clt_segment_canvas_show_why_not (CltSegmentCanvas *self,
                                 const char       *path)
{
  GHashTableIter iter;
  gpointer node, widget;

  g_return_if_fail (CLT_IS_SEGMENT_CANVAS (self));

  if (path != self->why_not)
    {
      g_free (self->why_not);
      self->why_not = g_strdup (path);
    }

  g_hash_table_iter_init (&iter, self->widgets);
  while (g_hash_table_iter_next (&iter, &node, &widget))
    if (CLT_IS_CONDITION_ROW (widget))
      {
        g_autofree char *node_path = clt_segment_node_dup_path (node);

        clt_condition_row_set_why_not (widget, path != NULL && g_strcmp0 (node_path, path) == 0);
      }
}

/**
 * clt_segment_canvas_get_widget:
 *
 * Returns: (transfer none) (nullable): the row or card that shows @node
 */
GtkWidget *
clt_segment_canvas_get_widget (CltSegmentCanvas *self,
                               CltSegmentNode   *node)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_CANVAS (self), NULL);

  return g_hash_table_lookup (self->widgets, node);
}

/**
 * clt_segment_canvas_create_node:
 * @spec: what the palette names: "attribute:city", "behaviour:purchase",
 *   "consent:email_marketing", "source:source", "source:import", "group:all", "group:any",
 *   "group:none" or "segment:ID"
 *
 * Returns: (transfer full) (nullable): a new node, with values that make sense to start from
 */
CltSegmentNode *
clt_segment_canvas_create_node (CltSegmentCanvas *self,
                                const char       *spec)
{
  g_auto(GStrv) parts = NULL;
  CltCondition *condition;

  g_return_val_if_fail (CLT_IS_SEGMENT_CANVAS (self), NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  parts = g_strsplit (spec, ":", 2);
  if (g_strv_length (parts) != 2)
    return NULL;

  if (g_str_equal (parts[0], "group"))
    {
      CltSegmentMatch match = g_str_equal (parts[1], "any") ? CLT_SEGMENT_MATCH_ANY :
                              g_str_equal (parts[1], "none") ? CLT_SEGMENT_MATCH_NONE : CLT_SEGMENT_MATCH_ALL;

      return CLT_SEGMENT_NODE (clt_segment_group_new (match));
    }

  if (g_str_equal (parts[0], "segment"))
    return CLT_SEGMENT_NODE (clt_segment_ref_new (g_ascii_strtoll (parts[1], NULL, 10)));

  if (g_str_equal (parts[0], "behaviour"))
    {
      condition = clt_condition_new (CLT_CONDITION_BEHAVIOUR, parts[1], CLT_OPERATOR_GE,
                                     (const char * const[]) { "1", NULL });
      clt_condition_set_window_days (condition, 90);
      clt_condition_set_window (condition, CLT_TIME_WINDOW_LAST_DAYS);
      return CLT_SEGMENT_NODE (condition);
    }

  if (g_str_equal (parts[0], "consent"))
    {
      condition = clt_condition_new (CLT_CONDITION_CONSENT, parts[1], CLT_OPERATOR_IS,
                                     (const char * const[]) { "given", NULL });
      clt_condition_set_channel (condition, clt_segment_purposes_get_channel (self->purposes, parts[1]));
      return CLT_SEGMENT_NODE (condition);
    }

  if (g_str_equal (parts[0], "source"))
    {
      g_autofree char *value = NULL;

      if (g_str_equal (parts[1], "source"))
        value = g_strdup (self->sources && self->sources[0] ? self->sources[0] : "");
      else if (self->imports && g_list_model_get_n_items (self->imports) > 0)
        {
          g_autoptr(CltImportBatch) batch = g_list_model_get_item (self->imports, 0);

          value = g_strdup_printf ("%" G_GINT64_FORMAT, clt_import_batch_get_id (batch));
        }
      else
        value = g_strdup ("1");

      return CLT_SEGMENT_NODE (clt_condition_new (CLT_CONDITION_SOURCE, parts[1], CLT_OPERATOR_IN,
                                                  (const char * const[]) { value, NULL }));
    }

  if (g_str_equal (parts[0], "attribute"))
    {
      const char *field = parts[1];

      const char * const *choices = clt_segment_catalogue_list_choices (field);

      /* Text, or one of a list (the RFM groups): the first. */
      if (clt_segment_catalogue_operator_fits (CLT_CONDITION_ATTRIBUTE, field, CLT_OPERATOR_IS))
        return CLT_SEGMENT_NODE (clt_condition_new (CLT_CONDITION_ATTRIBUTE, field, CLT_OPERATOR_IS,
                                                    (const char * const[]) { choices ? choices[0] : "", NULL }));
      if (g_str_equal (field, "birthday"))
        return CLT_SEGMENT_NODE (clt_condition_new (CLT_CONDITION_ATTRIBUTE, field, CLT_OPERATOR_ANNIVERSARY, NULL));
      if (clt_segment_catalogue_operator_fits (CLT_CONDITION_ATTRIBUTE, field, CLT_OPERATOR_BEFORE))
        return CLT_SEGMENT_NODE (clt_condition_new (CLT_CONDITION_ATTRIBUTE, field, CLT_OPERATOR_WITHIN_LAST,
                                                    (const char * const[]) { "90", "days", NULL }));
      if (clt_segment_catalogue_operator_fits (CLT_CONDITION_ATTRIBUTE, field, CLT_OPERATOR_GE))
        return CLT_SEGMENT_NODE (clt_condition_new (CLT_CONDITION_ATTRIBUTE, field, CLT_OPERATOR_GE,
                                                    (const char * const[]) { g_str_equal (field, "spend") ? "100" :
                                                                             g_str_has_suffix (field, "_score") ? "4" : "1",
                                                                             NULL }));
    }

  return NULL;
}

/* Adds @node to @group at @position, with Undo. */
void
clt_segment_canvas_add (CltSegmentCanvas *self,
                        CltSegmentGroup  *group,
                        guint             position,
                        CltSegmentNode   *node)
{
  g_return_if_fail (CLT_IS_SEGMENT_CANVAS (self));
  g_return_if_fail (CLT_IS_SEGMENT_GROUP (group));
  g_return_if_fail (clt_segment_node_get_parent (node) == NULL);

  push_undo (self);
  clt_segment_group_insert (group, MIN (position, clt_segment_group_get_n_children (group)), node);
  rebuild (self, node);
}

/* Where @move would take @node: the group and the position there, or FALSE. */
static gboolean
move_target (CltSegmentCanvas  *self,
             CltSegmentNode    *node,
             CltMove            move,
             CltSegmentGroup  **group,
             guint             *position,
             gboolean          *wrap)
{
  CltSegmentGroup *parent = clt_segment_node_get_parent (node);
  guint index, n;
  CltSegmentNode *sibling;

  *wrap = FALSE;
  if (parent == NULL || !clt_segment_group_find (parent, node, &index))
    return FALSE;
  n = clt_segment_group_get_n_children (parent);

  switch (move)
    {
    case CLT_MOVE_UP:
      *group = parent;
      *position = index - 1;
      return index > 0;

    case CLT_MOVE_DOWN:
      *group = parent;
      *position = index + 1;
      return index + 1 < n;

    case CLT_MOVE_IN:
      /* Into the group above as its last child, else the group below as its first, else a
       * new group around the node. */
      if (index > 0 && CLT_IS_SEGMENT_GROUP (sibling = clt_segment_group_get_child (parent, index - 1)))
        {
          *group = CLT_SEGMENT_GROUP (sibling);
          *position = clt_segment_group_get_n_children (*group);
          return TRUE;
        }
      if (index + 1 < n && CLT_IS_SEGMENT_GROUP (sibling = clt_segment_group_get_child (parent, index + 1)))
        {
          *group = CLT_SEGMENT_GROUP (sibling);
          *position = 0;
          return TRUE;
        }
      *group = parent;
      *position = index;
      *wrap = TRUE;
      return !CLT_IS_SEGMENT_GROUP (node) || n > 1;

    case CLT_MOVE_OUT:
      {
        CltSegmentGroup *grand = clt_segment_node_get_parent (CLT_SEGMENT_NODE (parent));
        guint parent_index;

        if (grand == NULL || !clt_segment_group_find (grand, CLT_SEGMENT_NODE (parent), &parent_index))
          return FALSE;
        *group = grand;
        *position = parent_index + 1;
        return TRUE;
      }

    default:
      return FALSE;
    }
}

gboolean
clt_segment_canvas_can_move (CltSegmentCanvas *self,
                             CltSegmentNode   *node,
                             CltMove           move)
{
  CltSegmentGroup *group;
  guint position;
  gboolean wrap;

  g_return_val_if_fail (CLT_IS_SEGMENT_CANVAS (self), FALSE);

  return move_target (self, node, move, &group, &position, &wrap);
}

/**
 * clt_segment_canvas_move:
 *
 * Moves @node up or down among its siblings, into the group beside it (or a new group around
 * it), or out of its group to just after it; with Undo. The focus stays on @node.
 *
 * Returns: whether @node could move so
 */
gboolean
clt_segment_canvas_move (CltSegmentCanvas *self,
                         CltSegmentNode   *node,
                         CltMove           move)
{
  g_autoptr(CltSegmentNode) keep = NULL;
  CltSegmentGroup *group;
  CltSegmentGroup *old_parent;
  guint position;
  gboolean wrap;

  g_return_val_if_fail (CLT_IS_SEGMENT_CANVAS (self), FALSE);
  g_return_val_if_fail (CLT_IS_SEGMENT_NODE (node), FALSE);

  if (!move_target (self, node, move, &group, &position, &wrap))
    return FALSE;

  push_undo (self);
  keep = g_object_ref (node);
  old_parent = clt_segment_node_get_parent (node);
  if (wrap)
    {
      g_autoptr(CltSegmentGroup) wrapper = clt_segment_group_new (CLT_SEGMENT_MATCH_ALL);

      clt_segment_group_remove (group, position);
      clt_segment_group_insert (group, position, CLT_SEGMENT_NODE (wrapper));
      clt_segment_group_append (wrapper, node);
    }
  else
    clt_segment_node_move (node, group, position);
  prune (self, old_parent);
  rebuild (self, node);

  return TRUE;
}

/* Removes @node from the definition; "removed" offers Undo. */
void
clt_segment_canvas_remove (CltSegmentCanvas *self,
                           CltSegmentNode   *node)
{
  CltSegmentGroup *parent;
  guint position;
  CltSegmentNode *focus = NULL;

  g_return_if_fail (CLT_IS_SEGMENT_CANVAS (self));

  parent = clt_segment_node_get_parent (node);
  if (parent == NULL || !clt_segment_group_find (parent, node, &position))
    return;

  push_undo (self);
  clt_segment_group_remove (parent, position);
  prune (self, parent);
  if (clt_segment_node_get_parent (CLT_SEGMENT_NODE (parent)) != NULL || parent == self->root)
    {
      guint n = clt_segment_group_get_n_children (parent);

      focus = n > 0 ? clt_segment_group_get_child (parent, MIN (position, n - 1)) : CLT_SEGMENT_NODE (parent);
    }
  rebuild (self, focus);
  g_signal_emit (self, signals[REMOVED], 0);
}

/**
 * clt_segment_canvas_accepts:
 *
 * Returns: whether @dropped may land in @group (onto @onto, when not %NULL): a group cannot
 *   go into itself or below itself, and a node not onto itself
 */
gboolean
clt_segment_canvas_accepts (CltSegmentCanvas *self,
                            CltSegmentNode   *dropped,
                            CltSegmentGroup  *group,
                            CltSegmentNode   *onto)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_CANVAS (self), FALSE);

  if (dropped == NULL || group == NULL || dropped == onto)
    return FALSE;
  if (CLT_IS_SEGMENT_GROUP (dropped) && is_ancestor (dropped, group))
    return FALSE;

  return TRUE;
}

/**
 * clt_segment_canvas_drop:
 * @dropped: a node of the tree (moved) or a new one (added)
 * @position: where among @group's children, counted before @dropped leaves its place
 * @onto: (nullable): the condition of @group it was dropped on: the two become a new group
 *
 * Returns: whether the drop was taken
 */
gboolean
clt_segment_canvas_drop (CltSegmentCanvas *self,
                         CltSegmentNode   *dropped,
                         CltSegmentGroup  *group,
                         guint             position,
                         CltSegmentNode   *onto)
{
  g_autoptr(CltSegmentNode) keep = NULL;
  CltSegmentGroup *old_parent;
  guint old_position;

  g_return_val_if_fail (CLT_IS_SEGMENT_CANVAS (self), FALSE);

  if (!clt_segment_canvas_accepts (self, dropped, group, onto))
    return FALSE;

  push_undo (self);
  keep = g_object_ref (dropped);
  old_parent = clt_segment_node_get_parent (dropped);

  if (onto != NULL)
    {
      g_autoptr(CltSegmentGroup) pair = clt_segment_group_new (CLT_SEGMENT_MATCH_ALL);
      g_autoptr(CltSegmentNode) onto_keep = g_object_ref (onto);
      guint onto_position;

      if (old_parent && clt_segment_group_find (old_parent, dropped, &old_position))
        clt_segment_group_remove (old_parent, old_position);
      if (!clt_segment_group_find (group, onto, &onto_position))
        return FALSE;
      clt_segment_group_remove (group, onto_position);
      clt_segment_group_insert (group, onto_position, CLT_SEGMENT_NODE (pair));
      clt_segment_group_append (pair, onto);
      clt_segment_group_append (pair, dropped);
    }
  else
    {
      guint n = clt_segment_group_get_n_children (group);

      /* Positions count the dropped node where it is; it leaves its place first. */
      if (old_parent == group && clt_segment_group_find (group, dropped, &old_position))
        {
          if (old_position < position)
            position--;
          n--;
        }
      if (old_parent)
        clt_segment_node_move (dropped, group, MIN (position, n));
      else
        clt_segment_group_insert (group, MIN (position, n), dropped);
    }

  if (old_parent && old_parent != group)
    prune (self, old_parent);
  rebuild (self, dropped);

  return TRUE;
}

/**
 * clt_segment_canvas_show_drop:
 * @group: (nullable): where a drop would land; %NULL hides the indicator
 *
 * Shows where a drop would land: an accent line before the child at @position (after the last
 * one at the end), the condition @onto highlighted, or an empty group highlighted.
 */
void
clt_segment_canvas_show_drop (CltSegmentCanvas *self,
                              CltSegmentGroup  *group,
                              guint             position,
                              CltSegmentNode   *onto)
{
  GtkWidget *card;
  GtkWidget *widget = NULL;
  const char *css_class = NULL;

  g_return_if_fail (CLT_IS_SEGMENT_CANVAS (self));

  if (group && (card = g_hash_table_lookup (self->widgets, group)))
    {
      guint n = clt_segment_group_get_n_children (group);

      if (onto)
        widget = g_hash_table_lookup (self->widgets, onto), css_class = "drop-onto";
      else if (n == 0)
        widget = clt_segment_group_card_get_children (CLT_SEGMENT_GROUP_CARD (card)), css_class = "drop-into";
      else if (position < n)
        widget = g_hash_table_lookup (self->widgets, clt_segment_group_get_child (group, position)), css_class = "drop-before";
      else
        widget = g_hash_table_lookup (self->widgets, clt_segment_group_get_child (group, n - 1)), css_class = "drop-after";
    }

  if (widget == self->drop_widget && css_class == self->drop_class)
    return;
  if (self->drop_widget)
    gtk_widget_remove_css_class (self->drop_widget, self->drop_class);
  self->drop_widget = widget;
  self->drop_class = css_class;
  if (widget)
    gtk_widget_add_css_class (widget, css_class);
}

gboolean
clt_segment_canvas_can_undo (CltSegmentCanvas *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_CANVAS (self), FALSE);

  return self->undo->len > 0;
}

/* Brings back the definition as it was before the last change of structure. */
void
clt_segment_canvas_undo (CltSegmentCanvas *self)
{
  g_autofree char *json = NULL;
  g_autoptr(CltSegmentGroup) root = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CLT_IS_SEGMENT_CANVAS (self));

  if (self->undo->len == 0)
    return;

  json = g_ptr_array_steal_index (self->undo, self->undo->len - 1);
  if (!(root = clt_segment_definition_from_json (json, -1, &error)))
    {
      g_warning ("Cannot undo: %s", error->message);
      return;
    }

  replace_root (self, root);
  g_signal_emit (self, signals[CHANGED], 0);
}
