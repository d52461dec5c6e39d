/* clt-chart-input.c: how the charts are browsed, item by item
 *
 * The consent chart, the revenue chart and the RFM grid each select one item at a time,
 * under the pointer or with the keys, and say what it holds. These are the parts they share:
 * the controllers, the keys that move along a row of items, and redrawing when the style
 * (dark, high contrast, accent) changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "clt-chart-input.h"

/**
 * clt_chart_step:
 * @selected: the item selected, -1 for none
 * @n_items: how many there are
 *
 * Where a key moves the selection along a row of items: Left and Right step (from none,
 * to the last or the first), Home and End go to the ends, Escape lets go.
 *
 * Returns: the item to select, -1 for none, or %CLT_CHART_STEP_NONE for a key that does
 *   not move it
 */
int
clt_chart_step (guint keyval,
                int   selected,
                guint n_items)
{
  int last = (int) n_items - 1;

  if (last < 0)
    return CLT_CHART_STEP_NONE;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      return selected < 0 ? last : MAX (0, selected - 1);
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      return selected < 0 ? 0 : MIN (last, selected + 1);
    case GDK_KEY_Home:
      return 0;
    case GDK_KEY_End:
      return last;
    case GDK_KEY_Escape:
      return selected < 0 ? CLT_CHART_STEP_NONE : -1;
    default:
      return CLT_CHART_STEP_NONE;
    }
}

/**
 * clt_chart_add_controllers:
 * @motion: called with the chart, x and y as the pointer moves over it
 * @pointer_left: called with the chart when the pointer leaves it
 * @key_pressed: the key controller's handler, called with the chart first
 * @focus_left: called with the chart when the focus leaves it
 * @style_changed: called with the chart when dark, high contrast or the accent change
 *
 * Makes @chart focusable and connects the handlers for as long as it lives.
 */
void
clt_chart_add_controllers (GtkWidget *chart,
                           GCallback  motion,
                           GCallback  pointer_left,
                           GCallback  key_pressed,
                           GCallback  focus_left,
                           GCallback  style_changed)
{
  static const char * const style[] = { "notify::dark", "notify::high-contrast", "notify::accent-color" };
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkEventController *controller;

  gtk_widget_set_focusable (chart, TRUE);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_object (controller, "motion", motion, chart, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "leave", pointer_left, chart, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (chart, controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect_object (controller, "key-pressed", key_pressed, chart, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (chart, controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_object (controller, "leave", focus_left, chart, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (chart, controller);

  for (guint i = 0; i < G_N_ELEMENTS (style); i++)
    g_signal_connect_object (manager, style[i], style_changed, chart, G_CONNECT_SWAPPED);
}
