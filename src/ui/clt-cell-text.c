/* clt-cell-text.c: one line of text in a list cell, cheap to change
 *
 * A list view keeps about 200 rows bound and rebinds them as it scrolls; with GtkLabels
 * each new text is shaped and measured at once, for every one of those rows. This cell is
 * one line high whatever its text, so a new text only asks for a redraw, and the text is
 * shaped when the cell is drawn: only for the rows on screen. It is ellipsized to the
 * width its column gives it, and coloured by CSS like a label (dim-label, selection).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-cell-text"

#include "config.h"

#include "clt-cell-text.h"

struct _CltCellText
{
  GtkWidget    parent_instance;

  char        *text;
  float        xalign;
  gboolean     tabular;
  int          line_height;
  PangoLayout *layout;
};

G_DEFINE_FINAL_TYPE (CltCellText, clt_cell_text, GTK_TYPE_WIDGET)

static void
clt_cell_text_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  CltCellText *self = CLT_CELL_TEXT (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* The column gives the width; the text is ellipsized to it. */
      *minimum = *natural = 0;
      return;
    }

  if (self->line_height == 0)
    {
      PangoFontMetrics *metrics = pango_context_get_metrics (gtk_widget_get_pango_context (widget), NULL, NULL);

      self->line_height = PANGO_PIXELS_CEIL (pango_font_metrics_get_height (metrics));
      pango_font_metrics_unref (metrics);
    }
  *minimum = *natural = self->line_height;
}

static void
clt_cell_text_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  CltCellText *self = CLT_CELL_TEXT (widget);
  int width = gtk_widget_get_width (widget);
  float xalign = self->xalign;
  PangoRectangle logical;
  GdkRGBA color;

  if (self->text == NULL || self->text[0] == '\0' || width <= 0)
    return;

  if (self->layout == NULL)
    {
      self->layout = gtk_widget_create_pango_layout (widget, self->text);
      pango_layout_set_single_paragraph_mode (self->layout, TRUE);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
      if (self->tabular)
        {
          g_autoptr(PangoAttrList) attributes = pango_attr_list_new ();

          pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum=1"));
          pango_layout_set_attributes (self->layout, attributes);
        }
    }
  if (pango_layout_get_width (self->layout) != width * PANGO_SCALE)
    pango_layout_set_width (self->layout, width * PANGO_SCALE);

  pango_layout_get_pixel_extents (self->layout, NULL, &logical);
  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    xalign = 1 - xalign;
  gtk_widget_get_color (widget, &color);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((int) (MAX (width - logical.width, 0) * xalign) - logical.x,
                                                          (gtk_widget_get_height (widget) - logical.height) / 2));
  gtk_snapshot_append_layout (snapshot, self->layout, &color);
  gtk_snapshot_restore (snapshot);
}

/* A new font or direction: measured and shaped anew. */
static void
clt_cell_text_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  CltCellText *self = CLT_CELL_TEXT (widget);

  GTK_WIDGET_CLASS (clt_cell_text_parent_class)->css_changed (widget, change);

  g_clear_object (&self->layout);
  self->line_height = 0;
  gtk_widget_queue_resize (widget);
}

static void
clt_cell_text_direction_changed (GtkWidget        *widget,
                                 GtkTextDirection  previous)
{
  g_clear_object (&CLT_CELL_TEXT (widget)->layout);
  gtk_widget_queue_draw (widget);
}

static void
clt_cell_text_finalize (GObject *object)
{
  CltCellText *self = CLT_CELL_TEXT (object);

  g_free (self->text);
  g_clear_object (&self->layout);

  G_OBJECT_CLASS (clt_cell_text_parent_class)->finalize (object);
}

static void
clt_cell_text_class_init (CltCellTextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = clt_cell_text_finalize;
  widget_class->measure = clt_cell_text_measure;
  widget_class->snapshot = clt_cell_text_snapshot;
  widget_class->css_changed = clt_cell_text_css_changed;
  widget_class->direction_changed = clt_cell_text_direction_changed;

  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
clt_cell_text_init (CltCellText *self)
{
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}

/**
 * clt_cell_text_new:
 * @xalign: 0 for text at the start, 1 at the end
 */
GtkWidget *
clt_cell_text_new (float xalign)
{
  CltCellText *self = g_object_new (CLT_TYPE_CELL_TEXT, NULL);

  self->xalign = xalign;

  return GTK_WIDGET (self);
}

/**
 * clt_cell_text_set_text:
 * @text: (nullable): the text; NULL or "" shows nothing
 */
void
clt_cell_text_set_text (CltCellText *self,
                        const char  *text)
{
  g_return_if_fail (CLT_IS_CELL_TEXT (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  /* A row rebound while scrolling keeps its layout and its attributes. */
  if (self->layout != NULL)
    pango_layout_set_text (self->layout, text ? text : "", -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text ? text : "", -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * clt_cell_text_get_text:
 *
 * Returns: (nullable): the text shown
 */
const char *
clt_cell_text_get_text (CltCellText *self)
{
  g_return_val_if_fail (CLT_IS_CELL_TEXT (self), NULL);

  return self->text;
}

/**
 * clt_cell_text_set_tabular:
 *
 * Digits of one width, so that amounts line up in a column.
 */
void
clt_cell_text_set_tabular (CltCellText *self,
                          gboolean     tabular)
{
  g_return_if_fail (CLT_IS_CELL_TEXT (self));

  self->tabular = tabular;
  g_clear_object (&self->layout);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
