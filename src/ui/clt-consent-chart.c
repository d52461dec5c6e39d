/* clt-consent-chart.c: consents given and withdrawn per month, as a line chart
 *
 * Two lines over the months: given (solid, filled below) and withdrawn (dashed, so that the
 * two read apart without colour). Drawn with snapshot and GskPathBuilder; the months are
 * summed into buckets when there are more of them than the width can show. The axis labels
 * and the line above the chart, which tells the totals or the month under the pointer or the
 * keyboard (Left and Right move along the months), are child labels. The accessible
 * description says what the chart shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-consent-chart"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "clt-chart-input.h"
#include "clt-consent-chart.h"
#include "clt-core.h"
#include "clt-format.h"

/* the narrowest a bucket is drawn, in pixels */
#define MIN_STEP 4
#define N_Y_LABELS 3
#define N_X_LABELS 3

typedef struct
{
  gint64 given;
  gint64 withdrawn;
  guint  first;   /* the months summed in it */
  guint  last;
} Bucket;

struct _CltConsentChart
{
  GtkWidget        parent_instance;

  GArray          *months;    /* CltConsentMonth */
  GArray          *buckets;   /* Bucket, for the width allocated */
  gint64           top;       /* the value at the top of the plot */
  int              selected;  /* a bucket, or -1 */
  graphene_rect_t  plot;

  GtkWidget       *info;
  GtkWidget       *y_labels[N_Y_LABELS];
  GtkWidget       *x_labels[N_X_LABELS];
};

G_DEFINE_FINAL_TYPE (CltConsentChart, clt_consent_chart, GTK_TYPE_WIDGET)

/* "März 2024", as the locale names months. */
static char *
month_label (const CltConsentMonth *month,
             gboolean               full)
{
  g_autofree char *iso = g_strdup_printf ("%s-01T00:00:00Z", month->month);
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso, NULL);

  if (time == NULL)
    return g_strdup (month->month);

  /* Translators: a month on the chart's axis, as strftime writes it: "Mar 2024" */
  return g_date_time_format (time, full ? _("%B %Y") : _("%b %Y"));
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
line_colors (CltConsentChart *self,
             GdkRGBA         *given,
             GdkRGBA         *withdrawn,
             GdkRGBA         *grid)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (manager);

  gdk_rgba_parse (given, dark ? "#57e389" : "#26a269");
  gdk_rgba_parse (withdrawn, dark ? "#ff7b63" : "#c01c28");
  gtk_widget_get_color (GTK_WIDGET (self), grid);
  grid->alpha = adw_style_manager_get_high_contrast (manager) ? 0.5f : 0.15f;
}

static void
update_info (CltConsentChart *self)
{
  g_autofree char *text = NULL;

  if (self->months == NULL || self->months->len == 0)
    text = g_strdup ("");
  else if (self->selected >= 0 && (guint) self->selected < self->buckets->len)
    {
      const Bucket *bucket = &g_array_index (self->buckets, Bucket, self->selected);
      g_autofree char *first = month_label (&g_array_index (self->months, CltConsentMonth, bucket->first), TRUE);
      g_autofree char *last = month_label (&g_array_index (self->months, CltConsentMonth, bucket->last), TRUE);
      g_autofree char *given = clt_format_count (bucket->given);
      g_autofree char *withdrawn = clt_format_count (bucket->withdrawn);

      if (bucket->first == bucket->last)
        /* Translators: the month under the pointer: "March 2024: 12 given, 3 withdrawn" */
        text = g_strdup_printf (_("%s: %s given, %s withdrawn"), first, given, withdrawn);
      else
        /* Translators: months summed: "March 2024 – May 2024: 12 given, 3 withdrawn" */
        text = g_strdup_printf (_("%s – %s: %s given, %s withdrawn"), first, last, given, withdrawn);
    }
  else
    {
      g_autofree char *given = clt_format_count (clt_consent_chart_get_total (self, FALSE));
      g_autofree char *withdrawn = clt_format_count (clt_consent_chart_get_total (self, TRUE));

      /* Translators: the chart's totals: "In all: 1,204 given, 301 withdrawn" */
      text = g_strdup_printf (_("In all: %s given, %s withdrawn"), given, withdrawn);
    }

  gtk_label_set_label (GTK_LABEL (self->info), text);
}

static void
update_description (CltConsentChart *self)
{
  g_autofree char *description = NULL;

  if (self->months != NULL && self->months->len > 0)
    {
      g_autofree char *first = month_label (&g_array_index (self->months, CltConsentMonth, 0), TRUE);
      g_autofree char *last = month_label (&g_array_index (self->months, CltConsentMonth, self->months->len - 1), TRUE);
      g_autofree char *given = clt_format_count (clt_consent_chart_get_total (self, FALSE));
      g_autofree char *withdrawn = clt_format_count (clt_consent_chart_get_total (self, TRUE));
      const CltConsentMonth *most = NULL;
      g_autofree char *most_label = NULL;
      g_autofree char *most_count = NULL;

      for (guint i = 0; i < self->months->len; i++)
        if (most == NULL || g_array_index (self->months, CltConsentMonth, i).given > most->given)
          most = &g_array_index (self->months, CltConsentMonth, i);
      most_label = month_label (most, TRUE);
      most_count = clt_format_count (most->given);

      /* Translators: the chart read aloud: "From January 2023 to March 2025, 1,204 consents were
       * given and 301 withdrawn; the most were given in May 2024 (120)." */
      description = g_strdup_printf (_("From %s to %s, %s consents were given and %s withdrawn; the most were given in %s (%s)."),
                                     first, last, given, withdrawn, most_label, most_count);
    }
  else
    description = g_strdup (_("No consents given or withdrawn yet."));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

/* The months summed into buckets of at least MIN_STEP pixels. */
static void
make_buckets (CltConsentChart *self,
              float            plot_width)
{
  guint n = self->months ? self->months->len : 0;
  guint max_buckets = MAX (2, (guint) (plot_width / MIN_STEP));
  guint per_bucket = MAX (1, (n + max_buckets - 1) / max_buckets);
  gint64 highest = 0;

  g_array_set_size (self->buckets, 0);
  for (guint i = 0; i < n; i += per_bucket)
    {
      Bucket bucket = { 0, 0, i, MIN (i + per_bucket, n) - 1 };

      for (guint j = bucket.first; j <= bucket.last; j++)
        {
          bucket.given += g_array_index (self->months, CltConsentMonth, j).given;
          bucket.withdrawn += g_array_index (self->months, CltConsentMonth, j).withdrawn;
        }
      highest = MAX (highest, MAX (bucket.given, bucket.withdrawn));
      g_array_append_val (self->buckets, bucket);
    }

  self->top = nice_top (highest);
  if (self->selected >= (int) self->buckets->len)
    self->selected = (int) self->buckets->len - 1;
}

static float
bucket_x (CltConsentChart *self,
          guint            index)
{
  if (self->buckets->len <= 1)
    return self->plot.origin.x + self->plot.size.width / 2;

  return self->plot.origin.x + self->plot.size.width * index / (self->buckets->len - 1);
}

static float
value_y (CltConsentChart *self,
         gint64           value)
{
  return self->plot.origin.y + self->plot.size.height * (1.0 - (double) value / MAX (self->top, 1));
}

static void
set_axis_labels (CltConsentChart *self)
{
  guint n = self->months ? self->months->len : 0;

  for (guint i = 0; i < N_Y_LABELS; i++)
    {
      g_autofree char *text = clt_format_count (self->top * i / (N_Y_LABELS - 1));

      gtk_label_set_label (GTK_LABEL (self->y_labels[i]), text);
    }

  for (guint i = 0; i < N_X_LABELS; i++)
    {
      g_autofree char *text = NULL;

      /* First, middle and last month; the middle one only when there is room for it. */
      if (n > 0 && (i != 1 || n >= 3))
        text = month_label (&g_array_index (self->months, CltConsentMonth, (n - 1) * i / (N_X_LABELS - 1)), FALSE);
      gtk_label_set_label (GTK_LABEL (self->x_labels[i]), text ? text : "");
      gtk_widget_set_visible (self->x_labels[i], text != NULL && (i == 0 || n > 1));
    }
}

static int
label_width (GtkWidget *label)
{
  int width;

  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);

  return width;
}

static int
label_height (GtkWidget *label)
{
  int height;

  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, -1, NULL, &height, NULL, NULL);

  return height;
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

static void
clt_consent_chart_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  CltConsentChart *self = CLT_CONSENT_CHART (widget);
  int info_height = label_height (self->info);
  int x_height = label_height (self->x_labels[0]);
  int left = 0;

  /* The numbers fit the highest bucket, which depends on the width: twice. */
  for (guint pass = 0; pass < 2; pass++)
    {
      left = 0;
      for (guint i = 0; i < N_Y_LABELS; i++)
        left = MAX (left, label_width (self->y_labels[i]));
      left += 8;
      self->plot = GRAPHENE_RECT_INIT (left, info_height + 12, MAX (1, width - left - 12),
                                       MAX (1, height - info_height - 12 - x_height - 6));
      make_buckets (self, self->plot.size.width);
      set_axis_labels (self);
    }

  place (self->info, 0, 0, width, info_height);

  for (guint i = 0; i < N_Y_LABELS; i++)
    {
      int w = label_width (self->y_labels[i]);
      int h = label_height (self->y_labels[i]);

      place (self->y_labels[i], left - 8 - w, value_y (self, self->top * i / (N_Y_LABELS - 1)) - h / 2.f, w, h);
    }

  for (guint i = 0; i < N_X_LABELS; i++)
    {
      int w = label_width (self->x_labels[i]);
      float x;

      if (!gtk_widget_get_visible (self->x_labels[i]))
        continue;
      x = self->plot.origin.x + self->plot.size.width * i / (N_X_LABELS - 1) - w / 2.f;
      x = CLAMP (x, 0, width - w);
      place (self->x_labels[i], x, self->plot.origin.y + self->plot.size.height + 6, w, x_height);
    }

  update_info (self);
}

static void
clt_consent_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 480;
    }
  else
    {
      *minimum = 160;
      *natural = 220;
    }
}

static void
append_line (CltConsentChart *self,
             GtkSnapshot     *snapshot,
             gboolean         withdrawn,
             const GdkRGBA   *color)
{
  g_autoptr(GskPathBuilder) builder = gsk_path_builder_new ();
  g_autoptr(GskPath) path = NULL;
  g_autoptr(GskStroke) stroke = gsk_stroke_new (2);

  for (guint i = 0; i < self->buckets->len; i++)
    {
      const Bucket *bucket = &g_array_index (self->buckets, Bucket, i);
      float y = value_y (self, withdrawn ? bucket->withdrawn : bucket->given);

      if (i == 0)
        gsk_path_builder_move_to (builder, bucket_x (self, i), y);
      else
        gsk_path_builder_line_to (builder, bucket_x (self, i), y);
    }
  /* One month: a short level line. */
  if (self->buckets->len == 1)
    {
      const Bucket *bucket = &g_array_index (self->buckets, Bucket, 0);
      float y = value_y (self, withdrawn ? bucket->withdrawn : bucket->given);

      gsk_path_builder_move_to (builder, self->plot.origin.x, y);
      gsk_path_builder_line_to (builder, self->plot.origin.x + self->plot.size.width, y);
    }
  path = gsk_path_builder_to_path (builder);

  if (!withdrawn)
    {
      g_autoptr(GskPathBuilder) area = gsk_path_builder_new ();
      g_autoptr(GskPath) area_path = NULL;
      float bottom = self->plot.origin.y + self->plot.size.height;
      GdkRGBA fill = *color;

      /* The line again, then down to the axis and back. */
      for (guint i = 0; i < self->buckets->len; i++)
        {
          const Bucket *bucket = &g_array_index (self->buckets, Bucket, i);
          float x = self->buckets->len == 1 ? self->plot.origin.x : bucket_x (self, i);

          if (i == 0)
            gsk_path_builder_move_to (area, x, value_y (self, bucket->given));
          else
            gsk_path_builder_line_to (area, x, value_y (self, bucket->given));
        }
      if (self->buckets->len == 1)
        gsk_path_builder_line_to (area, self->plot.origin.x + self->plot.size.width,
                                  value_y (self, g_array_index (self->buckets, Bucket, 0).given));
      gsk_path_builder_line_to (area, self->buckets->len == 1 ? self->plot.origin.x + self->plot.size.width
                                                               : bucket_x (self, self->buckets->len - 1), bottom);
      gsk_path_builder_line_to (area, self->buckets->len == 1 ? self->plot.origin.x : bucket_x (self, 0), bottom);
      gsk_path_builder_close (area);
      area_path = gsk_path_builder_to_path (area);
      fill.alpha = 0.15f;
      gtk_snapshot_append_fill (snapshot, area_path, GSK_FILL_RULE_WINDING, &fill);
    }
  else
    {
      static const float dash[] = { 6, 4 };

      gsk_stroke_set_dash (stroke, dash, G_N_ELEMENTS (dash));
    }

  gsk_stroke_set_line_join (stroke, GSK_LINE_JOIN_ROUND);
  gsk_stroke_set_line_cap (stroke, GSK_LINE_CAP_ROUND);
  gtk_snapshot_append_stroke (snapshot, path, stroke, color);
}

static void
clt_consent_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  CltConsentChart *self = CLT_CONSENT_CHART (widget);
  GdkRGBA given, withdrawn, grid;

  line_colors (self, &given, &withdrawn, &grid);

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

  if (self->buckets->len > 0)
    {
      append_line (self, snapshot, FALSE, &given);
      append_line (self, snapshot, TRUE, &withdrawn);
    }

  /* The month under the pointer or the keyboard: a line down, and a dot on each line. */
  if (self->selected >= 0 && (guint) self->selected < self->buckets->len)
    {
      const Bucket *bucket = &g_array_index (self->buckets, Bucket, self->selected);
      float x = bucket_x (self, self->selected);
      g_autoptr(GskPathBuilder) marker = gsk_path_builder_new ();
      g_autoptr(GskPath) marker_path = NULL;
      g_autoptr(GskPathBuilder) dots = gsk_path_builder_new ();
      g_autoptr(GskPath) given_dot = NULL;
      g_autoptr(GskPath) withdrawn_dot = NULL;
      g_autoptr(GskStroke) stroke = gsk_stroke_new (1);
      GdkRGBA focus = grid;

      focus.alpha = 0.6f;
      gsk_path_builder_move_to (marker, roundf (x) + 0.5f, self->plot.origin.y);
      gsk_path_builder_line_to (marker, roundf (x) + 0.5f, self->plot.origin.y + self->plot.size.height);
      marker_path = gsk_path_builder_to_path (marker);
      gtk_snapshot_append_stroke (snapshot, marker_path, stroke, &focus);

      gsk_path_builder_add_circle (dots, &GRAPHENE_POINT_INIT (x, value_y (self, bucket->given)), 4);
      given_dot = gsk_path_builder_to_path (dots);
      gtk_snapshot_append_fill (snapshot, given_dot, GSK_FILL_RULE_WINDING, &given);
      dots = (gsk_path_builder_unref (dots), gsk_path_builder_new ());
      gsk_path_builder_add_circle (dots, &GRAPHENE_POINT_INIT (x, value_y (self, bucket->withdrawn)), 4);
      withdrawn_dot = gsk_path_builder_to_path (dots);
      gtk_snapshot_append_fill (snapshot, withdrawn_dot, GSK_FILL_RULE_WINDING, &withdrawn);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    gtk_widget_snapshot_child (widget, child, snapshot);
}

static void
select_bucket (CltConsentChart *self,
               int              index)
{
  if (index == self->selected)
    return;
  self->selected = index;
  update_info (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
motion_cb (CltConsentChart *self,
           double           x,
           double           y)
{
  int index;

  if (self->buckets->len == 0)
    return;
  if (self->buckets->len == 1)
    index = 0;
  else
    index = (int) roundf ((x - self->plot.origin.x) / self->plot.size.width * (self->buckets->len - 1));
  select_bucket (self, CLAMP (index, 0, (int) self->buckets->len - 1));
}

static void
leave_cb (CltConsentChart *self)
{
  if (!gtk_widget_has_focus (GTK_WIDGET (self)))
    select_bucket (self, -1);
}

static gboolean
key_pressed_cb (CltConsentChart *self,
                guint            keyval,
                guint            keycode,
                GdkModifierType  state)
{
  int next = clt_chart_step (keyval, self->selected, self->buckets->len);

  if (next == CLT_CHART_STEP_NONE)
    return GDK_EVENT_PROPAGATE;
  select_bucket (self, next);

  return GDK_EVENT_STOP;
}

static void
focus_leave_cb (CltConsentChart *self)
{
  select_bucket (self, -1);
}

static void
style_changed_cb (CltConsentChart *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
clt_consent_chart_dispose (GObject *object)
{
  CltConsentChart *self = (CltConsentChart *) object;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_pointer (&self->months, g_array_unref);
  g_clear_pointer (&self->buckets, g_array_unref);

  G_OBJECT_CLASS (clt_consent_chart_parent_class)->dispose (object);
}

static void
clt_consent_chart_class_init (CltConsentChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_consent_chart_dispose;

  widget_class->snapshot = clt_consent_chart_snapshot;
  widget_class->measure = clt_consent_chart_measure;
  widget_class->size_allocate = clt_consent_chart_size_allocate;

  gtk_widget_class_set_css_name (widget_class, "consent-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static GtkWidget *
axis_label (CltConsentChart *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_parent (label, GTK_WIDGET (self));
  /* The description says it all at once. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

  return label;
}

static void
clt_consent_chart_init (CltConsentChart *self)
{
  self->buckets = g_array_new (FALSE, TRUE, sizeof (Bucket));
  self->selected = -1;
  self->top = nice_top (0);

  self->info = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->info), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->info), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->info, "numeric");
  gtk_widget_set_parent (self->info, GTK_WIDGET (self));
  for (guint i = 0; i < N_Y_LABELS; i++)
    self->y_labels[i] = axis_label (self);
  for (guint i = 0; i < N_X_LABELS; i++)
    self->x_labels[i] = axis_label (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Consents over time"), -1);
  update_description (self);

  clt_chart_add_controllers (GTK_WIDGET (self), G_CALLBACK (motion_cb), G_CALLBACK (leave_cb),
                             G_CALLBACK (key_pressed_cb), G_CALLBACK (focus_leave_cb), G_CALLBACK (style_changed_cb));
}

GtkWidget *
clt_consent_chart_new (void)
{
  return g_object_new (CLT_TYPE_CONSENT_CHART, NULL);
}

/**
 * clt_consent_chart_set_months:
 * @months: (nullable) (element-type CltConsentMonth): the months to show, oldest first
 *   (clt_consent_ledger_count_by_month())
 */
void
clt_consent_chart_set_months (CltConsentChart *self,
                              GArray          *months)
{
  g_return_if_fail (CLT_IS_CONSENT_CHART (self));

  g_clear_pointer (&self->months, g_array_unref);
  self->months = months ? g_array_ref (months) : NULL;
  self->selected = -1;
  make_buckets (self, MAX (1, self->plot.size.width));
  set_axis_labels (self);
  update_info (self);
  update_description (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

guint
clt_consent_chart_get_n_months (CltConsentChart *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_CHART (self), 0);

  return self->months ? self->months->len : 0;
}

/**
 * clt_consent_chart_get_total:
 * @withdrawn: the withdrawals rather than the consents given
 *
 * Returns: the sum over all months shown
 */
gint64
clt_consent_chart_get_total (CltConsentChart *self,
                             gboolean         withdrawn)
{
  gint64 total = 0;

  g_return_val_if_fail (CLT_IS_CONSENT_CHART (self), 0);

  for (guint i = 0; self->months && i < self->months->len; i++)
    total += withdrawn ? g_array_index (self->months, CltConsentMonth, i).withdrawn
                       : g_array_index (self->months, CltConsentMonth, i).given;

  return total;
}
