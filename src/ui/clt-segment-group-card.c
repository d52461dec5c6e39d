/* clt-segment-group-card.c: a group of the segment being built, holding its children
 *
 * A card titled by how it combines its children (all, any or none of these), with its own
 * count, an add menu and, below the root, a drag handle and the moves. Its children are
 * condition rows and nested cards, indented with a coloured edge per depth. The card is a drop
 * target: a drop lands between two children (an accent line shows where), or onto the middle
 * of a condition, which makes a new group of the two.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-segment-group-card"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-condition-row.h"
#include "clt-node-widget-private.h"
#include "clt-segment-group-card.h"

struct _CltSegmentGroupCard
{
  GtkWidget        parent_instance;

  CltSegmentGroup *group;
  guint            depth;

  GtkWidget       *box;
  GtkWidget       *children;
  GtkWidget       *empty;
  GtkLabel        *count;
  GtkLabel        *removes;
  GtkDropTarget   *drop_target;
};

G_DEFINE_FINAL_TYPE (CltSegmentGroupCard, clt_segment_group_card, GTK_TYPE_WIDGET)

static CltSegmentCanvas *
card_canvas (CltSegmentGroupCard *self)
{
  GtkWidget *canvas = gtk_widget_get_ancestor (GTK_WIDGET (self), CLT_TYPE_SEGMENT_CANVAS);

  return canvas ? CLT_SEGMENT_CANVAS (canvas) : NULL;
}

static CltSegmentNode *
child_node (GtkWidget *child)
{
  return g_object_get_data (G_OBJECT (child), "clt-node");
}

/**
 * clt_segment_group_card_locate:
 * @y: a height in the children box
 * @position: (out): where a drop at @y lands among the group's children
 * @onto: (out) (transfer none): the condition a drop at @y lands on, or %NULL
 *
 * The middle half of a condition row is "onto it"; above its middle is before it.
 */
void
clt_segment_group_card_locate (CltSegmentGroupCard  *self,
                               double                y,
                               guint                *position,
                               CltSegmentNode      **onto)
{
  guint index = 0;

  g_return_if_fail (CLT_IS_SEGMENT_GROUP_CARD (self));

  *onto = NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (self->children); child; child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;
      double top, height;

      if (child_node (child) == NULL || !gtk_widget_compute_bounds (child, self->children, &bounds))
        continue;
      top = bounds.origin.y;
      height = bounds.size.height;

      if (CLT_IS_CONDITION_ROW (child) && y >= top + height / 4 && y <= top + height * 3 / 4)
        {
          *onto = child_node (child);
          *position = index;
          return;
        }
      if (y < top + height / 2)
        {
          *position = index;
          return;
        }
      index++;
    }

  *position = index;
}

static GdkDragAction
drop_action (CltSegmentGroupCard *self,
             double               y)
{
  CltSegmentCanvas *canvas = card_canvas (self);
  const GValue *value = gtk_drop_target_get_value (self->drop_target);
  CltSegmentNode *dropped;
  CltSegmentNode *onto;
  guint position;

  if (canvas == NULL || value == NULL || !G_VALUE_HOLDS (value, CLT_TYPE_SEGMENT_NODE) ||
      !(dropped = g_value_get_object (value)))
    return 0;

  clt_segment_group_card_locate (self, y, &position, &onto);
  if (!clt_segment_canvas_accepts (canvas, dropped, self->group, onto))
    {
      clt_segment_canvas_show_drop (canvas, NULL, 0, NULL);
      return 0;
    }

  clt_segment_canvas_show_drop (canvas, self->group, position, onto);

  return clt_segment_node_get_parent (dropped) ? GDK_ACTION_MOVE : GDK_ACTION_COPY;
}

static GdkDragAction
drop_enter_cb (GtkDropTarget       *target,
               double               x,
               double               y,
               CltSegmentGroupCard *self)
{
  return drop_action (self, y);
}

static GdkDragAction
drop_motion_cb (GtkDropTarget       *target,
                double               x,
                double               y,
                CltSegmentGroupCard *self)
{
  return drop_action (self, y);
}

static void
drop_leave_cb (GtkDropTarget       *target,
               CltSegmentGroupCard *self)
{
  CltSegmentCanvas *canvas = card_canvas (self);

  if (canvas)
    clt_segment_canvas_show_drop (canvas, NULL, 0, NULL);
}

static gboolean
drop_cb (GtkDropTarget       *target,
         const GValue        *value,
         double               x,
         double               y,
         CltSegmentGroupCard *self)
{
  CltSegmentCanvas *canvas = card_canvas (self);
  CltSegmentNode *onto;
  guint position;

  if (canvas == NULL || !G_VALUE_HOLDS (value, CLT_TYPE_SEGMENT_NODE) || g_value_get_object (value) == NULL)
    return FALSE;

  clt_segment_canvas_show_drop (canvas, NULL, 0, NULL);
  clt_segment_group_card_locate (self, y, &position, &onto);

  return clt_segment_canvas_drop (canvas, g_value_get_object (value), self->group, position, onto);
}

static void
match_selected_cb (GtkDropDown         *dropdown,
                   GParamSpec          *pspec,
                   CltSegmentGroupCard *self)
{
  clt_segment_group_set_match (self->group, (CltSegmentMatch) gtk_drop_down_get_selected (dropdown));
}

static void
add_activated_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CltSegmentGroupCard *self = CLT_SEGMENT_GROUP_CARD (widget);
  CltSegmentCanvas *canvas = card_canvas (self);
  g_autoptr(CltSegmentNode) node = NULL;

  if (canvas && (node = clt_segment_canvas_create_node (canvas, g_variant_get_string (parameter, NULL))))
    clt_segment_canvas_add (canvas, self->group, clt_segment_group_get_n_children (self->group), node);
}

static void
clt_segment_group_card_dispose (GObject *object)
{
  CltSegmentGroupCard *self = CLT_SEGMENT_GROUP_CARD (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->group);

  G_OBJECT_CLASS (clt_segment_group_card_parent_class)->dispose (object);
}

static void
clt_segment_group_card_class_init (CltSegmentGroupCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_segment_group_card_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "segmentgroup");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  _clt_node_widget_class_add_actions (widget_class);
  gtk_widget_class_install_action (widget_class, "group.add", "s", add_activated_cb);
}

static void
clt_segment_group_card_init (CltSegmentGroupCard *self)
{
}

/**
 * clt_segment_group_card_new:
 * @depth: 0 for the root group
 *
 * Builds the card of @group with its children's rows and cards.
 */
GtkWidget *
clt_segment_group_card_new (CltSegmentCanvas *canvas,
                            CltSegmentGroup  *group,
                            guint             depth)
{
  CltSegmentGroupCard *self = g_object_new (CLT_TYPE_SEGMENT_GROUP_CARD, NULL);
  const char * const matches[] = { _("All of these"), _("Any of these"), _("None of these"), NULL };
  g_autofree char *depth_class = g_strdup_printf ("depth-%u", MIN (depth, 4u));
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *match = gtk_drop_down_new_from_strings (matches);
  GtkWidget *add;

  self->group = g_object_ref (group);
  self->depth = depth;
  g_object_set_data (G_OBJECT (self), "clt-node", group);
  gtk_widget_add_css_class (GTK_WIDGET (self), depth_class);
  gtk_widget_set_focusable (GTK_WIDGET (self), depth > 0);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  if (depth > 0)
    gtk_box_append (GTK_BOX (header), _clt_node_widget_new_handle (GTK_WIDGET (self), CLT_SEGMENT_NODE (group)));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (match), clt_segment_group_get_match (group));
  gtk_widget_set_valign (match, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (match, "flat");
  gtk_widget_add_css_class (match, "heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (match), GTK_ACCESSIBLE_PROPERTY_LABEL, _("How the conditions combine"),
                                  -1);
  g_signal_connect_object (match, "notify::selected", G_CALLBACK (match_selected_cb), self, 0);
  gtk_box_append (GTK_BOX (header), match);
  gtk_box_append (GTK_BOX (header), g_object_new (GTK_TYPE_BOX, "hexpand", TRUE, NULL));

  self->removes = GTK_LABEL (g_object_new (GTK_TYPE_LABEL, "visible", FALSE, "valign", GTK_ALIGN_CENTER, "css-classes",
                                           (const char * const[]) { "dimmed", "numeric", "caption", NULL }, NULL));
  self->count = GTK_LABEL (g_object_new (GTK_TYPE_LABEL, "label", "…", "valign", GTK_ALIGN_CENTER, "css-classes",
                                         (const char * const[]) { "badge", "dim", "numeric", NULL }, NULL));
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->removes));
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->count));

  add = g_object_new (GTK_TYPE_MENU_BUTTON, "icon-name", "list-add-symbolic", "tooltip-text", _("Add Condition"),
                      "menu-model", clt_segment_canvas_get_add_menu (canvas), "valign", GTK_ALIGN_CENTER,
                      "css-classes", (const char * const[]) { "flat", NULL }, NULL);
  gtk_box_append (GTK_BOX (header), add);
  if (depth > 0)
    gtk_box_append (GTK_BOX (header), _clt_node_widget_new_menu_button (CLT_SEGMENT_NODE (group)));
  gtk_box_append (GTK_BOX (self->box), header);

  self->children = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (self->children, "group-children");
  gtk_box_append (GTK_BOX (self->box), self->children);

  for (guint i = 0; i < clt_segment_group_get_n_children (group); i++)
    {
      CltSegmentNode *child = clt_segment_group_get_child (group, i);

      if (CLT_IS_SEGMENT_GROUP (child))
        gtk_box_append (GTK_BOX (self->children), clt_segment_group_card_new (canvas, CLT_SEGMENT_GROUP (child), depth + 1));
      else
        gtk_box_append (GTK_BOX (self->children), clt_condition_row_new (canvas, child));
    }

  if (clt_segment_group_get_n_children (group) == 0)
    {
      self->empty = g_object_new (GTK_TYPE_LABEL, "label",
                                  depth == 0 ? _("Drag conditions here from the left, or add one with +")
                                             : _("Drag conditions into this group, or add one with +"),
                                  "wrap", TRUE, "justify", GTK_JUSTIFY_CENTER, "css-classes",
                                  (const char * const[]) { "dimmed", "empty-group", NULL }, NULL);
      gtk_box_append (GTK_BOX (self->children), self->empty);
    }

  self->drop_target = gtk_drop_target_new (CLT_TYPE_SEGMENT_NODE, GDK_ACTION_COPY | GDK_ACTION_MOVE);
  gtk_drop_target_set_preload (self->drop_target, TRUE);
  g_signal_connect_object (self->drop_target, "enter", G_CALLBACK (drop_enter_cb), self, 0);
  g_signal_connect_object (self->drop_target, "motion", G_CALLBACK (drop_motion_cb), self, 0);
  g_signal_connect_object (self->drop_target, "leave", G_CALLBACK (drop_leave_cb), self, 0);
  g_signal_connect_object (self->drop_target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (self->children, GTK_EVENT_CONTROLLER (self->drop_target));

  return GTK_WIDGET (self);
}

CltSegmentGroup *
clt_segment_group_card_get_group (CltSegmentGroupCard *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_GROUP_CARD (self), NULL);

  return self->group;
}

/**
 * clt_segment_group_card_get_children:
 *
 * Returns: (transfer none): the box of the group's rows and cards, where drops land
 */
GtkWidget *
clt_segment_group_card_get_children (CltSegmentGroupCard *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_GROUP_CARD (self), NULL);

  return self->children;
}

GtkDropTarget *
clt_segment_group_card_get_drop_target (CltSegmentGroupCard *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_GROUP_CARD (self), NULL);

  return self->drop_target;
}

void
clt_segment_group_card_set_count (CltSegmentGroupCard *self,
                                  gint64               own,
                                  gint64               removes)
{
  g_return_if_fail (CLT_IS_SEGMENT_GROUP_CARD (self));

  _clt_node_widget_set_count (self->count, self->removes, own, removes);
}

void
clt_segment_group_card_update_actions (CltSegmentGroupCard *self)
{
  g_return_if_fail (CLT_IS_SEGMENT_GROUP_CARD (self));

  _clt_node_widget_update_actions (GTK_WIDGET (self), CLT_SEGMENT_NODE (self->group));
}
