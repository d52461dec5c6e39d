/* clt-stacked-bar-chart.c: values per category as bars, stacked by series
 *
 * Used for the revenue per month by source (stacked), the active customers per month and the
 * lifetime-value distribution (one series, plain bars). Drawn with snapshot and
 * GskPathBuilder: each bar a rounded column, its series stacked from the bottom, a gap
 * between bars. When there are more bars than the width can show, neighbours are summed. The
 * numbers on the axis, the line above the chart (the totals, or the bar under the pointer or
 * the keyboard: Left and Right move along the bars) and the legend are child labels. The
 * first series takes the accent colour, the others Adwaita's palette, lighter in the dark. The
 * accessible description reads every bar in words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-stacked-bar-chart"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "clt-chart-input.h"
#include "clt-format.h"
#include "clt-stacked-bar-chart.h"

/* the narrowest a bar is drawn, in pixels */
#define MIN_STEP 6
#define N_Y_LABELS 3
#define N_X_LABELS 3
#define SWATCH 10

typedef struct
{
  guint first;   /* the bars summed in it */
  guint last;
} Bucket;

struct _CltStackedBarChart
{
  GtkWidget        parent_instance;

  GStrv            bars;
  GStrv            axis;
  GStrv            series;
  GArray          *values;    /* gint64, bar * n_series + series */
  char            *title;
  char            *currency;  /* NULL: the values are counts */

  GArray          *buckets;   /* Bucket, for the width allocated */
  gint64           top;
  int              selected;  /* a bucket, or -1 */
  graphene_rect_t  plot;

  GtkWidget       *info;
  GtkWidget       *y_labels[N_Y_LABELS];
  GtkWidget       *x_labels[N_X_LABELS];
  GPtrArray       *legend;    /* GtkLabel per series, when there are several */
};

G_DEFINE_FINAL_TYPE (CltStackedBarChart, clt_stacked_bar_chart, GTK_TYPE_WIDGET)

static guint
n_series (CltStackedBarChart *self)
{
  return self->series ? g_strv_length (self->series) : 0;
}

static guint
n_bars (CltStackedBarChart *self)
{
  return self->bars ? g_strv_length (self->bars) : 0;
}

static gint64
value_at (CltStackedBarChart *self,
          guint               bar,
          guint               series)
{
  return g_array_index (self->values, gint64, bar * n_series (self) + series);
}

static gint64
bucket_value (CltStackedBarChart *self,
              const Bucket       *bucket,
              int                 series)
{
  gint64 sum = 0;

  for (guint b = bucket->first; b <= bucket->last; b++)
    for (guint s = 0; s < n_series (self); s++)
      if (series < 0 || (guint) series == s)
        sum += value_at (self, b, s);

  return sum;
}

static char *
format_value (CltStackedBarChart *self,
              gint64              value)
{
  return self->currency ? clt_format_money_whole (value, self->currency) : clt_format_count (value);
}

/* The series' colours: the accent first, then the palette. */
static void
series_color (CltStackedBarChart *self,
              guint               series,
              GdkRGBA            *color)
{
  static const char * const light[] = { "#2ec27e", "#e5a50a", "#9141ac", "#e66100", "#986a44", "#3584e4" };
  static const char * const dark[] = { "#57e389", "#f8e45c", "#c061cb", "#ffa348", "#b5835a", "#62a0ea" };
  AdwStyleManager *manager = adw_style_manager_get_default ();
  gboolean is_dark = adw_style_manager_get_dark (manager);

  if (series == 0)
    {
      adw_accent_color_to_standalone_rgba (adw_style_manager_get_accent_color (manager), is_dark, color);
      return;
    }
  gdk_rgba_parse (color, (is_dark ? dark : light)[(series - 1) % G_N_ELEMENTS (light)]);
}

static char *
bucket_name (CltStackedBarChart *self,
             const Bucket       *bucket)
{
  if (bucket->first == bucket->last)
    return g_strdup (self->bars[bucket->first]);

  /* Translators: bars summed on a chart: "March 2024 – May 2024" */
  return g_strdup_printf (_("%s – %s"), self->bars[bucket->first], self->bars[bucket->last]);
}

/* "March 2026: 12.345 € (Shop: 10.000 €, Till: 2.345 €)" */
static char *
describe_bucket (CltStackedBarChart *self,
                 const Bucket       *bucket)
{
  g_autofree char *name = bucket_name (self, bucket);
  g_autofree char *total = format_value (self, bucket_value (self, bucket, -1));
  g_autoptr(GString) parts = g_string_new (NULL);

  if (n_series (self) < 2)
    /* Translators: one bar of a chart: "March 2026: 1,204" */
    return g_strdup_printf (_("%s: %s"), name, total);

  for (guint s = 0; s < n_series (self); s++)
    {
      g_autofree char *value = format_value (self, bucket_value (self, bucket, s));

      if (parts->len > 0)
        g_string_append (parts, ", ");
      /* Translators: one series of a bar: "Shop: 10,000 €" */
      g_string_append_printf (parts, _("%s: %s"), self->series[s], value);
    }

  /* Translators: one stacked bar: "March 2026: 12,345 € (Shop: 10,000 €, Till: 2,345 €)" */
  return g_strdup_printf (_("%s: %s (%s)"), name, total, parts->str);
}

static void
update_info (CltStackedBarChart *self)
{
  g_autofree char *text = NULL;

  if (self->selected >= 0 && (guint) self->selected < self->buckets->len)
    text = describe_bucket (self, &g_array_index (self->buckets, Bucket, self->selected));
  else if (n_bars (self) > 0)
    {
      g_autofree char *total = format_value (self, clt_stacked_bar_chart_get_total (self));

      /* Translators: a chart's total, above it: "In all: 12,345 €" */
      text = self->currency ? g_strdup_printf (_("In all: %s"), total)
                            /* Translators: a chart of counts, before a bar is pointed at */
                            : g_strdup (_("Point at a bar to see its numbers"));
    }

  gtk_label_set_label (GTK_LABEL (self->info), text ? text : "");
}

static void
update_description (CltStackedBarChart *self)
{
  g_autoptr(GString) description = g_string_new (self->title ? self->title : "");

  if (description->len > 0)
    g_string_append (description, ": ");
  for (guint b = 0; b < n_bars (self); b++)
    {
      Bucket bucket = { b, b };
      g_autofree char *bar = describe_bucket (self, &bucket);

      if (b > 0)
        g_string_append (description, "; ");
      g_string_append (description, bar);
    }
  if (n_bars (self) == 0)
    g_string_append (description, _("no data"));
  g_string_append_c (description, '.');

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str, -1);
}

/* 1, 2 or 5 times a power of ten, at least @value. */
static gint64
nice_top (gint64 value)
{
  gint64 power = 1;

  if (value <= 4)
    return 4;
  while (power * 10 <= value)
    power *= 10;
  if (value <= power * 2)
    return power * 2;
  if (value <= power * 5)
    return power * 5;

  return power * 10;
}

static void
make_buckets (CltStackedBarChart *self,
              float               plot_width)
{
  guint n = n_bars (self);
  guint max_buckets = MAX (1, (guint) (plot_width / MIN_STEP));
  guint per_bucket = MAX (1, (n + max_buckets - 1) / max_buckets);
  gint64 highest = 0;

  g_array_set_size (self->buckets, 0);
  for (guint i = 0; i < n; i += per_bucket)
    {
      Bucket bucket = { i, MIN (i + per_bucket, n) - 1 };

      highest = MAX (highest, bucket_value (self, &bucket, -1));
      g_array_append_val (self->buckets, bucket);
    }

  /* Money is scaled in whole units. */
  self->top = self->currency ? nice_top ((highest + 99) / 100) * 100 : nice_top (highest);
  if (self->selected >= (int) self->buckets->len)
    self->selected = (int) self->buckets->len - 1;
}

static float
value_y (CltStackedBarChart *self,
         gint64              value)
{
  return self->plot.origin.y + self->plot.size.height * (1.0 - (double) value / MAX (self->top, 1));
}

static void
set_axis_labels (CltStackedBarChart *self)
{
  guint n = self->buckets->len;

  for (guint i = 0; i < N_Y_LABELS; i++)
    {
      g_autofree char *text = format_value (self, self->top * i / (N_Y_LABELS - 1));

      gtk_label_set_label (GTK_LABEL (self->y_labels[i]), text);
    }

  for (guint i = 0; i < N_X_LABELS; i++)
    {
      const char *text = NULL;

      /* Under the first, middle and last bar; the middle one only when there is room. */
      if (n > 0 && (i != 1 || n >= 3) && (i == 0 || n > 1))
        text = self->axis[g_array_index (self->buckets, Bucket, (n - 1) * i / (N_X_LABELS - 1)).first];
      gtk_label_set_label (GTK_LABEL (self->x_labels[i]), text ? text : "");
      gtk_widget_set_visible (self->x_labels[i], text != NULL);
    }
}

static void
measure_label (GtkWidget *label,
               int       *width,
               int       *height)
{
  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, width, NULL, NULL);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, -1, NULL, height, NULL, NULL);
}

static void
place (GtkWidget *child,
       float      x,
       float      y,
       int        width,
       int        height)
{
  gtk_widget_size_allocate (child, &(GtkAllocation) { (int) x, (int) y, width, height }, -1);
}

/* The legend's labels in rows below the chart; returns its height. */
static int
place_legend (CltStackedBarChart *self,
              int                 width,
              int                 bottom,
              gboolean            allocate)
{
  int x = 0, rows = 1, row_height = 0;

  if (self->legend->len == 0)
    return 0;
  for (guint i = 0; i < self->legend->len; i++)
    {
      int w, h;

      measure_label (g_ptr_array_index (self->legend, i), &w, &h);
      row_height = MAX (row_height, h);
      if (x > 0 && x + SWATCH + 6 + w > width)
        {
          x = 0;
          rows++;
        }
      x += SWATCH + 6 + w + 18;
    }
  if (!allocate)
    return rows * row_height + (rows - 1) * 4 + 10;

  x = 0;
  rows = 0;
  for (guint i = 0; i < self->legend->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (self->legend, i);
      int w, h;

      measure_label (label, &w, &h);
      if (x > 0 && x + SWATCH + 6 + w > width)
        {
          x = 0;
          rows++;
        }
      place (label, x + SWATCH + 6, bottom + rows * (row_height + 4), MIN (w, width - x - SWATCH - 6), h);
      x += SWATCH + 6 + w + 18;
    }

  return 0;
}

static void
clt_stacked_bar_chart_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  CltStackedBarChart *self = CLT_STACKED_BAR_CHART (widget);
  int info_width, info_height, x_width, x_height;
  int legend_height = place_legend (self, width, 0, FALSE);
  int left = 0;

  measure_label (self->info, &info_width, &info_height);
  measure_label (self->x_labels[0], &x_width, &x_height);

  /* The numbers fit the highest bucket, which depends on the width: twice. */
  for (guint pass = 0; pass < 2; pass++)
    {
      left = 0;
      for (guint i = 0; i < N_Y_LABELS; i++)
        {
          int w, h;

          measure_label (self->y_labels[i], &w, &h);
          left = MAX (left, w);
        }
      left += 8;
      self->plot = GRAPHENE_RECT_INIT (left, info_height + 12, MAX (1, width - left - 4),
                                       MAX (1, height - info_height - 12 - x_height - 6 - legend_height));
      make_buckets (self, self->plot.size.width);
      set_axis_labels (self);
    }

  place (self->info, 0, 0, width, info_height);

  for (guint i = 0; i < N_Y_LABELS; i++)
    {
      int w, h;

      measure_label (self->y_labels[i], &w, &h);
      place (self->y_labels[i], left - 8 - w, value_y (self, self->top * i / (N_Y_LABELS - 1)) - h / 2.f, w, h);
    }

  for (guint i = 0; i < N_X_LABELS; i++)
    {
      float step = self->plot.size.width / MAX (1, self->buckets->len);
      guint n = self->buckets->len;
      int w, h;
      float x;

      if (!gtk_widget_get_visible (self->x_labels[i]))
        continue;
      measure_label (self->x_labels[i], &w, &h);
      /* Centred under its bar, kept inside the chart. */
      x = self->plot.origin.x + step * ((n - 1) * i / (N_X_LABELS - 1) + 0.5f) - w / 2.f;
      x = CLAMP (x, 0, MAX (0, width - w));
      place (self->x_labels[i], x, self->plot.origin.y + self->plot.size.height + 6, w, h);
    }

  place_legend (self, width, height - legend_height + 10, TRUE);
  update_info (self);
}

static void
clt_stacked_bar_chart_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  CltStackedBarChart *self = CLT_STACKED_BAR_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 360;
    }
  else
    {
      int legend = place_legend (self, for_size > 0 ? for_size : 420, 0, FALSE);

      *minimum = 180 + legend;
      *natural = 220 + legend;
    }
}

static void
append_rounded_bar (GtkSnapshot   *snapshot,
                    float          x,
                    float          top,
                    float          width,
                    float          bottom,
                    gboolean       round_top,
                    const GdkRGBA *color)
{
  g_autoptr(GskPathBuilder) builder = gsk_path_builder_new ();
  g_autoptr(GskPath) path = NULL;
  float radius = MIN (3, MIN (width / 2, (bottom - top) / 2));
  GskRoundedRect rect;

  if (bottom - top < 0.5f)
    return;
  gsk_rounded_rect_init (&rect, &GRAPHENE_RECT_INIT (x, top, width, bottom - top),
                         &GRAPHENE_SIZE_INIT (round_top ? radius : 0, round_top ? radius : 0),
                         &GRAPHENE_SIZE_INIT (round_top ? radius : 0, round_top ? radius : 0),
                         &GRAPHENE_SIZE_INIT (0, 0), &GRAPHENE_SIZE_INIT (0, 0));
  gsk_path_builder_add_rounded_rect (builder, &rect);
  path = gsk_path_builder_to_path (builder);
  gtk_snapshot_append_fill (snapshot, path, GSK_FILL_RULE_WINDING, color);
}

static void
clt_stacked_bar_chart_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  CltStackedBarChart *self = CLT_STACKED_BAR_CHART (widget);
  AdwStyleManager *manager = adw_style_manager_get_default ();
  float step = self->plot.size.width / MAX (1, self->buckets->len);
  float gap = step > 12 ? MAX (2, step * 0.25f) : 1;
  GdkRGBA grid;

  gtk_widget_get_color (widget, &grid);
  grid.alpha = adw_style_manager_get_high_contrast (manager) ? 0.5f : 0.15f;

  /* The grid: a line at each number of the axis. */
  {
    g_autoptr(GskPathBuilder) builder = gsk_path_builder_new ();
    g_autoptr(GskPath) path = NULL;
    g_autoptr(GskStroke) stroke = gsk_stroke_new (1);

    for (guint i = 0; i < N_Y_LABELS; i++)
      {
        float y = roundf (value_y (self, self->top * i / (N_Y_LABELS - 1))) + 0.5f;

        gsk_path_builder_move_to (builder, self->plot.origin.x, y);
        gsk_path_builder_line_to (builder, self->plot.origin.x + self->plot.size.width, y);
      }
    path = gsk_path_builder_to_path (builder);
    gtk_snapshot_append_stroke (snapshot, path, stroke, &grid);
  }

  /* The bar under the pointer or the keyboard has a band behind it. */
  if (self->selected >= 0 && (guint) self->selected < self->buckets->len)
    {
      GdkRGBA band = grid;

      band.alpha = 0.08f;
      gtk_snapshot_append_color (snapshot, &band,
                                 &GRAPHENE_RECT_INIT (self->plot.origin.x + step * self->selected, self->plot.origin.y,
                                                      step, self->plot.size.height));
    }

  for (guint b = 0; b < self->buckets->len; b++)
    {
      const Bucket *bucket = &g_array_index (self->buckets, Bucket, b);
      float x = self->plot.origin.x + step * b + gap / 2;
      gint64 below = 0;
      int last = -1;

      for (guint s = 0; s < n_series (self); s++)
        if (bucket_value (self, bucket, s) > 0)
          last = (int) s;
      for (guint s = 0; s < n_series (self); s++)
        {
          gint64 value = bucket_value (self, bucket, s);
          GdkRGBA color;

          if (value <= 0)
            continue;
          series_color (self, s, &color);
          append_rounded_bar (snapshot, x, value_y (self, below + value), step - gap, value_y (self, below),
                              (int) s == last, &color);
          below += value;
        }
    }

  /* The legend's swatches, before their labels. */
  for (guint i = 0; i < self->legend->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (self->legend, i);
      graphene_rect_t bounds;
      GdkRGBA color;

      if (!gtk_widget_compute_bounds (label, widget, &bounds))
        continue;
      series_color (self, i, &color);
      append_rounded_bar (snapshot, bounds.origin.x - SWATCH - 6, bounds.origin.y + (bounds.size.height - SWATCH) / 2,
                          SWATCH, bounds.origin.y + (bounds.size.height + SWATCH) / 2, TRUE, &color);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    gtk_widget_snapshot_child (widget, child, snapshot);
}

static void
select_bucket (CltStackedBarChart *self,
               int                 index)
{
  if (index == self->selected)
    return;
  self->selected = index;
  update_info (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
motion_cb (CltStackedBarChart *self,
           double              x,
           double              y)
{
  int index;

  if (self->buckets->len == 0)
    return;
  index = (int) floorf ((x - self->plot.origin.x) / self->plot.size.width * self->buckets->len);
  select_bucket (self, CLAMP (index, 0, (int) self->buckets->len - 1));
}

static void
leave_cb (CltStackedBarChart *self)
{
  if (!gtk_widget_has_focus (GTK_WIDGET (self)))
    select_bucket (self, -1);
}

static gboolean
key_pressed_cb (CltStackedBarChart *self,
                guint               keyval,
                guint               keycode,
                GdkModifierType     state)
{
  int next = clt_chart_step (keyval, self->selected, self->buckets->len);

  if (next == CLT_CHART_STEP_NONE)
    return GDK_EVENT_PROPAGATE;
  select_bucket (self, next);

  return GDK_EVENT_STOP;
}

static void
focus_leave_cb (CltStackedBarChart *self)
{
  select_bucket (self, -1);
}

static void
style_changed_cb (CltStackedBarChart *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
clt_stacked_bar_chart_dispose (GObject *object)
{
  CltStackedBarChart *self = (CltStackedBarChart *) object;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_pointer (&self->legend, g_ptr_array_unref);
  g_clear_pointer (&self->bars, g_strfreev);
  g_clear_pointer (&self->axis, g_strfreev);
  g_clear_pointer (&self->series, g_strfreev);
  g_clear_pointer (&self->values, g_array_unref);
  g_clear_pointer (&self->buckets, g_array_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->currency, g_free);

  G_OBJECT_CLASS (clt_stacked_bar_chart_parent_class)->dispose (object);
}

static void
clt_stacked_bar_chart_class_init (CltStackedBarChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_stacked_bar_chart_dispose;

  widget_class->snapshot = clt_stacked_bar_chart_snapshot;
  widget_class->measure = clt_stacked_bar_chart_measure;
  widget_class->size_allocate = clt_stacked_bar_chart_size_allocate;

  gtk_widget_class_set_css_name (widget_class, "bar-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static GtkWidget *
child_label (CltStackedBarChart *self,
             gboolean            dim)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_add_css_class (label, "caption");
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_parent (label, GTK_WIDGET (self));
  /* The description says it all at once. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

  return label;
}

static void
clt_stacked_bar_chart_init (CltStackedBarChart *self)
{
  self->buckets = g_array_new (FALSE, TRUE, sizeof (Bucket));
  self->values = g_array_new (FALSE, TRUE, sizeof (gint64));
  self->legend = g_ptr_array_new ();
  self->selected = -1;
  self->top = nice_top (0);

  self->info = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->info), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->info), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->info, "numeric");
  gtk_widget_set_parent (self->info, GTK_WIDGET (self));
  for (guint i = 0; i < N_Y_LABELS; i++)
    self->y_labels[i] = child_label (self, TRUE);
  for (guint i = 0; i < N_X_LABELS; i++)
    self->x_labels[i] = child_label (self, TRUE);

  update_description (self);

  clt_chart_add_controllers (GTK_WIDGET (self), G_CALLBACK (motion_cb), G_CALLBACK (leave_cb),
                             G_CALLBACK (key_pressed_cb), G_CALLBACK (focus_leave_cb), G_CALLBACK (style_changed_cb));
}

GtkWidget *
clt_stacked_bar_chart_new (void)
{
  return g_object_new (CLT_TYPE_STACKED_BAR_CHART, NULL);
}

/**
 * clt_stacked_bar_chart_set_title:
 *
 * Sets what the chart shows, as its accessible label and the start of its description.
 */
void
clt_stacked_bar_chart_set_title (CltStackedBarChart *self,
                                 const char         *title)
{
  g_return_if_fail (CLT_IS_STACKED_BAR_CHART (self));

  g_free (self->title);
  self->title = g_strdup (title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  update_description (self);
}

/**
 * clt_stacked_bar_chart_set_currency:
 * @currency: (nullable): the values are cents of this currency; NULL: they are counts
 */
void
clt_stacked_bar_chart_set_currency (CltStackedBarChart *self,
                                    const char         *currency)
{
  g_return_if_fail (CLT_IS_STACKED_BAR_CHART (self));

  g_free (self->currency);
  self->currency = g_strdup (currency);
  update_description (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

/**
 * clt_stacked_bar_chart_set_data:
 * @bars: the bars' names, in full ("March 2026")
 * @axis_labels: the same, short, for the axis ("Mar 2026")
 * @series: the series' names; one series shows no legend
 * @values: g_strv_length (@bars) × g_strv_length (@series) values, bar by bar
 */
void
clt_stacked_bar_chart_set_data (CltStackedBarChart *self,
                                const char * const *bars,
                                const char * const *axis_labels,
                                const char * const *series,
                                const gint64       *values)
{
  guint n;

  g_return_if_fail (CLT_IS_STACKED_BAR_CHART (self));
  g_return_if_fail (bars != NULL && axis_labels != NULL && series != NULL);
  g_return_if_fail (g_strv_length ((GStrv) bars) == g_strv_length ((GStrv) axis_labels));

  g_strfreev (self->bars);
  g_strfreev (self->axis);
  g_strfreev (self->series);
  self->bars = g_strdupv ((GStrv) bars);
  self->axis = g_strdupv ((GStrv) axis_labels);
  self->series = g_strdupv ((GStrv) series);
  n = n_bars (self) * n_series (self);
  g_array_set_size (self->values, 0);
  if (n > 0)
    g_array_append_vals (self->values, values, n);

  for (guint i = 0; i < self->legend->len; i++)
    gtk_widget_unparent (g_ptr_array_index (self->legend, i));
  g_ptr_array_set_size (self->legend, 0);
  for (guint s = 0; n_series (self) > 1 && s < n_series (self); s++)
    {
      GtkWidget *label = child_label (self, FALSE);

      gtk_label_set_label (GTK_LABEL (label), self->series[s]);
      g_ptr_array_add (self->legend, label);
    }

  self->selected = -1;
  make_buckets (self, MAX (1, self->plot.size.width));
  set_axis_labels (self);
  update_info (self);
  update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
clt_stacked_bar_chart_get_n_bars (CltStackedBarChart *self)
{
  g_return_val_if_fail (CLT_IS_STACKED_BAR_CHART (self), 0);

  return n_bars (self);
}

/**
 * clt_stacked_bar_chart_get_total:
 *
 * Returns: the sum of all values shown
 */
gint64
clt_stacked_bar_chart_get_total (CltStackedBarChart *self)
{
  gint64 total = 0;

  g_return_val_if_fail (CLT_IS_STACKED_BAR_CHART (self), 0);

  for (guint i = 0; i < self->values->len; i++)
    total += g_array_index (self->values, gint64, i);

  return total;
}
