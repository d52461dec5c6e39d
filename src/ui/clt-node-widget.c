/* clt-node-widget.c: what condition rows and group cards share
 *
 * Both carry their node as "clt-node" data, a drag handle, the keyboard moves (Alt+arrows,
 * Delete) as widget actions, a menu with the same moves, and a count pill.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-node-widget"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-format.h"
#include "clt-node-widget-private.h"

static CltSegmentNode *
widget_node (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "clt-node");
}

static void
move_activated_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GtkWidget *canvas = gtk_widget_get_ancestor (widget, CLT_TYPE_SEGMENT_CANVAS);
  CltSegmentNode *node = widget_node (widget);
  CltMove move;

  if (canvas == NULL || node == NULL)
    return;

  if (g_str_equal (action_name, "node.remove"))
    {
      clt_segment_canvas_remove (CLT_SEGMENT_CANVAS (canvas), node);
      return;
    }

  if (g_str_equal (action_name, "node.move-up"))
    move = CLT_MOVE_UP;
  else if (g_str_equal (action_name, "node.move-down"))
    move = CLT_MOVE_DOWN;
  else if (g_str_equal (action_name, "node.move-in"))
    move = CLT_MOVE_IN;
  else
    move = CLT_MOVE_OUT;

  clt_segment_canvas_move (CLT_SEGMENT_CANVAS (canvas), node, move);
}

void
_clt_node_widget_class_add_actions (GtkWidgetClass *widget_class)
{
  static const struct { const char *name; guint key; GdkModifierType mods; } actions[] = {
    { "node.move-up", GDK_KEY_Up, GDK_ALT_MASK },
    { "node.move-down", GDK_KEY_Down, GDK_ALT_MASK },
    { "node.move-in", GDK_KEY_Right, GDK_ALT_MASK },
    { "node.move-out", GDK_KEY_Left, GDK_ALT_MASK },
    { "node.remove", GDK_KEY_Delete, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      gtk_widget_class_install_action (widget_class, actions[i].name, NULL, move_activated_cb);
      gtk_widget_class_add_binding_action (widget_class, actions[i].key, actions[i].mods, actions[i].name, NULL);
    }
}

/* Enables the moves that @node can make where it is now. */
void
_clt_node_widget_update_actions (GtkWidget      *widget,
                                 CltSegmentNode *node)
{
  GtkWidget *canvas = gtk_widget_get_ancestor (widget, CLT_TYPE_SEGMENT_CANVAS);
  CltSegmentCanvas *c = canvas ? CLT_SEGMENT_CANVAS (canvas) : NULL;
  gboolean placed = c != NULL && clt_segment_node_get_parent (node) != NULL;

  gtk_widget_action_set_enabled (widget, "node.move-up", placed && clt_segment_canvas_can_move (c, node, CLT_MOVE_UP));
  gtk_widget_action_set_enabled (widget, "node.move-down",
                                 placed && clt_segment_canvas_can_move (c, node, CLT_MOVE_DOWN));
  gtk_widget_action_set_enabled (widget, "node.move-in", placed && clt_segment_canvas_can_move (c, node, CLT_MOVE_IN));
  gtk_widget_action_set_enabled (widget, "node.move-out",
                                 placed && clt_segment_canvas_can_move (c, node, CLT_MOVE_OUT));
  gtk_widget_action_set_enabled (widget, "node.remove", placed);
}

static GdkContentProvider *
handle_prepare_cb (GtkDragSource *source,
                   double         x,
                   double         y,
                   GtkWidget     *widget)
{
  CltSegmentNode *node = widget_node (widget);

  if (node == NULL || clt_segment_node_get_parent (node) == NULL)
    return NULL;

  return gdk_content_provider_new_typed (CLT_TYPE_SEGMENT_NODE, node);
}

static void
handle_drag_begin_cb (GtkDragSource *source,
                      GdkDrag       *drag,
                      GtkWidget     *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);

  gtk_drag_source_set_icon (source, paintable, 12, 12);
  gtk_widget_add_css_class (widget, "dragged");
}

static void
handle_drag_end_cb (GtkDragSource *source,
                    GdkDrag       *drag,
                    gboolean       delete_data,
                    GtkWidget     *widget)
{
  GtkWidget *canvas = gtk_widget_get_ancestor (widget, CLT_TYPE_SEGMENT_CANVAS);

  gtk_widget_remove_css_class (widget, "dragged");
  if (canvas)
    clt_segment_canvas_show_drop (CLT_SEGMENT_CANVAS (canvas), NULL, 0, NULL);
}

/* A handle that drags @widget's node; Esc during the drag cancels it. */
GtkWidget *
_clt_node_widget_new_handle (GtkWidget      *widget,
                             CltSegmentNode *node)
{
  GtkWidget *handle = gtk_image_new_from_icon_name ("list-drag-handle-symbolic");
  GtkDragSource *source = gtk_drag_source_new ();

  gtk_widget_add_css_class (handle, "drag-handle");
  gtk_widget_set_tooltip_text (handle, _("Drag to move; or use Alt and the arrow keys"));
  gtk_widget_set_cursor_from_name (handle, "grab");
  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect_object (source, "prepare", G_CALLBACK (handle_prepare_cb), widget, 0);
  g_signal_connect_object (source, "drag-begin", G_CALLBACK (handle_drag_begin_cb), widget, 0);
  g_signal_connect_object (source, "drag-end", G_CALLBACK (handle_drag_end_cb), widget, 0);
  gtk_widget_add_controller (handle, GTK_EVENT_CONTROLLER (source));

  return handle;
}

static void
append_item (GMenu      *menu,
             const char *label,
             const char *action,
             const char *accel)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, action);

  if (accel)
    g_menu_item_set_attribute (item, "accel", "s", accel);
  g_menu_append_item (menu, item);
}

/* The moves of a node as a menu, for those who do not drag. */
GtkWidget *
_clt_node_widget_new_menu_button (CltSegmentNode *node)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) moves = g_menu_new ();
  g_autoptr(GMenu) remove = g_menu_new ();

  append_item (moves, _("Move _Up"), "node.move-up", "<Alt>Up");
  append_item (moves, _("Move _Down"), "node.move-down", "<Alt>Down");
  append_item (moves, _("Move _Into Group"), "node.move-in", "<Alt>Right");
  append_item (moves, _("Move _Out of Group"), "node.move-out", "<Alt>Left");
  append_item (remove, CLT_IS_SEGMENT_GROUP (node) ? _("_Remove Group") : _("_Remove Condition"), "node.remove",
               "Delete");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (moves));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (remove));

  return g_object_new (GTK_TYPE_MENU_BUTTON, "icon-name", "view-more-symbolic", "menu-model", menu,
                       "tooltip-text", _("Move or Remove"), "valign", GTK_ALIGN_CENTER, "css-classes",
                       (const char * const[]) { "flat", NULL }, NULL);
}

/* The pill with a node's own count, and beside it how many it removes from the segment. */
void
_clt_node_widget_set_count (GtkLabel *count,
                            GtkLabel *removes,
                            gint64    own,
                            gint64    removes_n)
{
  g_autofree char *own_text = own >= 0 ? clt_format_count (own) : g_strdup ("…");
  g_autofree char *removes_text = clt_format_count (MAX (removes_n, 0));
  g_autofree char *removes_label = g_strdup_printf ("−%s", removes_text);
  g_autofree char *tooltip = NULL;

  gtk_label_set_label (count, own_text);
  gtk_widget_set_visible (GTK_WIDGET (removes), own >= 0 && removes_n > 0);
  gtk_label_set_label (removes, removes_label);
  if (own >= 0)
    tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s customer matches this on its own; it removes %s from the segment",
                                            "%s customers match this on their own; it removes %s from the segment",
                                            (gulong) MIN (own, G_MAXULONG)),
                               own_text, removes_text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (count), tooltip);
  gtk_widget_set_tooltip_text (GTK_WIDGET (removes), tooltip);
}
