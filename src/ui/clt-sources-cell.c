/* clt-sources-cell.c: the kinds of systems a customer came from, as icons in a list cell
 *
 * One widget draws the icons of the kinds present (CltSourceCategory bits), packed from the
 * start. Five images shown and hidden per customer queued a new layout at each row bound
 * while scrolling; a new set of kinds here only asks for a redraw. Each icon tells its kind
 * in a tooltip, and the cell tells assistive technologies all of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-sources-cell"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-browse-types.h"
#include "clt-sources-cell.h"

#define ICON_SIZE 16
#define SPACING   4

static const struct
{
  guint       category;
  const char *icon;
  const char *name;
} categories[] = {
  { CLT_SOURCE_CATEGORY_CRM, "x-office-address-book-symbolic", N_("CRM") },
  { CLT_SOURCE_CATEGORY_SHOP, "clt-shop-symbolic", N_("Shop") },
  { CLT_SOURCE_CATEGORY_LOYALTY, "auth-smartcard-symbolic", N_("Loyalty card") },
  { CLT_SOURCE_CATEGORY_NEWSLETTER, "mail-unread-symbolic", N_("Newsletter") },
  { CLT_SOURCE_CATEGORY_OTHER, "x-office-document-symbolic", N_("Other") },
};

struct _CltSourcesCell
{
  GtkWidget parent_instance;

  guint     sources;
};

G_DEFINE_FINAL_TYPE (CltSourcesCell, clt_sources_cell, GTK_TYPE_WIDGET)

/* The category drawn at @x, or -1. */
static int
category_at (CltSourcesCell *self,
             double          x)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int slot;

  if (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL)
    x = width - x;
  if (x < 0)
    return -1;
  slot = (int) x / (ICON_SIZE + SPACING);
  if ((int) x - slot * (ICON_SIZE + SPACING) >= ICON_SIZE)
    return -1;

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    if (self->sources & categories[i].category && slot-- == 0)
      return i;

  return -1;
}

static gboolean
clt_sources_cell_query_tooltip (GtkWidget  *widget,
                                int         x,
                                int         y,
                                gboolean    keyboard,
                                GtkTooltip *tooltip)
{
  int category = keyboard ? -1 : category_at (CLT_SOURCES_CELL (widget), x);

  if (category < 0)
    return FALSE;

  gtk_tooltip_set_text (tooltip, _(categories[category].name));

  return TRUE;
}

static void
clt_sources_cell_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  /* Room for every kind, whichever are present, so that a new customer needs no new layout. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = G_N_ELEMENTS (categories) * (ICON_SIZE + SPACING) - SPACING;
  else
    *minimum = *natural = ICON_SIZE;
}

static void
clt_sources_cell_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  CltSourcesCell *self = CLT_SOURCES_CELL (widget);
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  GtkTextDirection direction = gtk_widget_get_direction (widget);
  int width = gtk_widget_get_width (widget);
  float y = (gtk_widget_get_height (widget) - ICON_SIZE) / 2;
  int slot = 0;
  GdkRGBA colors[4];

  if (self->sources == 0)
    return;

  gtk_widget_get_color (widget, &colors[0]);
  colors[1] = colors[2] = colors[3] = colors[0];

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      g_autoptr(GtkIconPaintable) icon = NULL;
      float x = slot * (ICON_SIZE + SPACING);

      if (!(self->sources & categories[i].category))
        continue;
      slot++;

      icon = gtk_icon_theme_lookup_icon (theme, categories[i].icon, NULL, ICON_SIZE,
                                         gtk_widget_get_scale_factor (widget), direction, 0);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (direction == GTK_TEXT_DIR_RTL ? width - x - ICON_SIZE : x, y));
      gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot,
                                                ICON_SIZE, ICON_SIZE, colors, G_N_ELEMENTS (colors));
      gtk_snapshot_restore (snapshot);
    }
}

static void
clt_sources_cell_class_init (CltSourcesCellClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = clt_sources_cell_measure;
  widget_class->snapshot = clt_sources_cell_snapshot;
  widget_class->query_tooltip = clt_sources_cell_query_tooltip;

  gtk_widget_class_set_css_name (widget_class, "sources-cell");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
clt_sources_cell_init (CltSourcesCell *self)
{
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_START);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
clt_sources_cell_new (void)
{
  return g_object_new (CLT_TYPE_SOURCES_CELL, NULL);
}

/**
 * clt_sources_cell_set_sources:
 * @sources: the kinds of source systems, CltSourceCategory bits; 0 shows nothing
 */
void
clt_sources_cell_set_sources (CltSourcesCell *self,
                              guint           sources)
{
  g_autoptr(GString) label = NULL;

  g_return_if_fail (CLT_IS_SOURCES_CELL (self));

  if (self->sources == sources)
    return;

  self->sources = sources;
  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (sources == 0)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
      return;
    }
  label = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    if (sources & categories[i].category)
      {
        /* Translators: between the kinds of systems a customer came from, as in "CRM, Shop" */
        g_string_append_printf (label, "%s%s", label->len ? _(", ") : "", _(categories[i].name));
      }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label->str, -1);
}

guint
clt_sources_cell_get_sources (CltSourcesCell *self)
{
  g_return_val_if_fail (CLT_IS_SOURCES_CELL (self), 0);

  return self->sources;
}
