/* clt-heatmap.c: the RFM grid, customers per recency and frequency score
 *
 * A 5 × 5 grid: recency score up the side (5, the most recent, at the top), frequency score
 * along the bottom (5, the most frequent, at the right). Each cell is filled with the accent
 * colour, the stronger the more customers it holds, and shows their number. A click on a cell,
 * or Enter on the cell chosen with the arrow keys, emits ::cell-activated with its scores. The
 * line above the grid tells the cell under the pointer or the keyboard; the accessible
 * description reads all cells in words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-heatmap"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "clt-chart-input.h"
#include "clt-format.h"
#include "clt-heatmap.h"

#define N 5
#define GAP 4

struct _CltHeatmap
{
  GtkWidget        parent_instance;

  gint64           counts[N * N];   /* at (r - 1) * 5 + (f - 1) */
  gint64           means[N * N];
  char            *currency;
  int              selected;        /* a cell, or -1 */
  graphene_rect_t  grid;

  GtkWidget       *info;
  GtkWidget       *cells[N * N];
  GtkWidget       *rows[N];
  GtkWidget       *columns[N];
  GtkWidget       *r_title;
  GtkWidget       *f_title;
};

G_DEFINE_FINAL_TYPE (CltHeatmap, clt_heatmap, GTK_TYPE_WIDGET)

enum {
  CELL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static int
cell_index (int r,
            int f)
{
  return (r - 1) * N + (f - 1);
}

static gint64
highest (CltHeatmap *self)
{
  gint64 most = 0;

  for (guint i = 0; i < N * N; i++)
    most = MAX (most, self->counts[i]);

  return most;
}

/* "R 5, F 3: 120 customers, spending 340 € on average" */
static char *
describe_cell (CltHeatmap *self,
               int         index)
{
  int r = index / N + 1, f = index % N + 1;
  g_autofree char *count = clt_format_count (self->counts[index]);
  g_autofree char *mean = clt_format_money_whole (self->means[index], self->currency);

  if (self->counts[index] == 0)
    /* Translators: an empty cell of the RFM grid: recency score 5, frequency score 3 */
    return g_strdup_printf (_("Recency %d, frequency %d: no customers"), r, f);

  /* Translators: a cell of the RFM grid: "Recency 5, frequency 3: 120 customers, 340 € on average" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Recency %d, frequency %d: %s customer, %s on average",
                                       "Recency %d, frequency %d: %s customers, %s on average", self->counts[index]),
                          r, f, count, mean);
}

static void
update_info (CltHeatmap *self)
{
  g_autofree char *text = NULL;

  if (self->selected >= 0)
    text = describe_cell (self, self->selected);
  else
    text = g_strdup (_("Point at a cell to see its numbers"));
  gtk_label_set_label (GTK_LABEL (self->info), text);
}

static void
update_description (CltHeatmap *self)
{
  g_autoptr(GString) description = g_string_new (_("Customers by recency and frequency score"));

  g_string_append (description, ": ");
  for (int r = N; r >= 1; r--)
    for (int f = 1; f <= N; f++)
      {
        g_autofree char *cell = describe_cell (self, cell_index (r, f));

        if (r != N || f != 1)
          g_string_append (description, "; ");
        g_string_append (description, cell);
      }
  g_string_append_c (description, '.');
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str, -1);
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

static graphene_rect_t
cell_rect (CltHeatmap *self,
           int         index)
{
  int r = index / N + 1, f = index % N + 1;
  float w = (self->grid.size.width - GAP * (N - 1)) / N;
  float h = (self->grid.size.height - GAP * (N - 1)) / N;

  return GRAPHENE_RECT_INIT (self->grid.origin.x + (f - 1) * (w + GAP),
                             self->grid.origin.y + (N - r) * (h + GAP), w, h);
}

static void
clt_heatmap_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  CltHeatmap *self = CLT_HEATMAP (widget);
  int info_w, info_h, title_w, title_h, f_w, f_h, left = 0, number_h = 0;

  measure_label (self->info, &info_w, &info_h);
  measure_label (self->r_title, &title_w, &title_h);
  measure_label (self->f_title, &f_w, &f_h);
  for (guint i = 0; i < N; i++)
    {
      int w, h;

      measure_label (self->rows[i], &w, &h);
      left = MAX (left, w);
      number_h = MAX (number_h, h);
    }
  left += 8;

  place (self->info, 0, 0, width, info_h);
  place (self->r_title, 0, info_h + 8, MIN (title_w, width), title_h);
  self->grid = GRAPHENE_RECT_INIT (left, info_h + 8 + title_h + 4, MAX (1, width - left),
                                   MAX (1, height - info_h - 8 - title_h - 4 - 6 - number_h - 2 - f_h));

  for (int i = 0; i < N * N; i++)
    {
      graphene_rect_t rect = cell_rect (self, i);
      int w, h;

      measure_label (self->cells[i], &w, &h);
      w = MIN (w, (int) rect.size.width);
      place (self->cells[i], rect.origin.x + (rect.size.width - w) / 2, rect.origin.y + (rect.size.height - h) / 2, w, h);
    }
  for (int i = 0; i < N; i++)
    {
      graphene_rect_t row = cell_rect (self, cell_index (i + 1, 1));
      graphene_rect_t column = cell_rect (self, cell_index (1, i + 1));
      int w, h;

      measure_label (self->rows[i], &w, &h);
      place (self->rows[i], left - 8 - w, row.origin.y + (row.size.height - h) / 2, w, h);
      measure_label (self->columns[i], &w, &h);
      place (self->columns[i], column.origin.x + (column.size.width - w) / 2,
             self->grid.origin.y + self->grid.size.height + 6, w, h);
    }
  place (self->f_title, self->grid.origin.x + MAX (0, (self->grid.size.width - f_w) / 2),
         self->grid.origin.y + self->grid.size.height + 6 + number_h + 2, MIN (f_w, width), f_h);
}

static void
clt_heatmap_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 220;
      *natural = 360;
    }
  else
    {
      *minimum = 260;
      *natural = 300;
    }
}

static void
clt_heatmap_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  CltHeatmap *self = CLT_HEATMAP (widget);
  AdwStyleManager *manager = adw_style_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (manager);
  gint64 most = MAX (1, highest (self));
  GdkRGBA accent, empty;

  adw_accent_color_to_rgba (adw_style_manager_get_accent_color (manager), &accent);
  gtk_widget_get_color (widget, &empty);
  empty.alpha = adw_style_manager_get_high_contrast (manager) ? 0.2f : (dark ? 0.06f : 0.05f);

  for (int i = 0; i < N * N; i++)
    {
      graphene_rect_t rect = cell_rect (self, i);
      g_autoptr(GskPathBuilder) builder = gsk_path_builder_new ();
      g_autoptr(GskPath) path = NULL;
      GskRoundedRect rounded;
      GdkRGBA color = accent;

      gsk_rounded_rect_init_from_rect (&rounded, &rect, 6);
      gsk_path_builder_add_rounded_rect (builder, &rounded);
      path = gsk_path_builder_to_path (builder);
      if (self->counts[i] == 0)
        color = empty;
      else
        color.alpha = 0.15f + 0.85f * (float) self->counts[i] / most;
      gtk_snapshot_append_fill (snapshot, path, GSK_FILL_RULE_WINDING, &color);

      if (i == self->selected)
        {
          g_autoptr(GskStroke) stroke = gsk_stroke_new (gtk_widget_has_focus (widget) ? 3 : 2);
          GdkRGBA outline;

          gtk_widget_get_color (widget, &outline);
          outline.alpha = 0.7f;
          gtk_snapshot_append_stroke (snapshot, path, stroke, &outline);
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    gtk_widget_snapshot_child (widget, child, snapshot);
}

static void
select_cell (CltHeatmap *self,
             int         index)
{
  if (index == self->selected)
    return;
  self->selected = index;
  update_info (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static int
cell_at (CltHeatmap *self,
         double      x,
         double      y)
{
  for (int i = 0; i < N * N; i++)
    {
      graphene_rect_t rect = cell_rect (self, i);

      if (graphene_rect_contains_point (&rect, &GRAPHENE_POINT_INIT (x, y)))
        return i;
    }

  return -1;
}

static void
motion_cb (CltHeatmap *self,
           double      x,
           double      y)
{
  int index = cell_at (self, x, y);

  if (index >= 0)
    select_cell (self, index);
}

static void
leave_cb (CltHeatmap *self)
{
  if (!gtk_widget_has_focus (GTK_WIDGET (self)))
    select_cell (self, -1);
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            CltHeatmap      *self)
{
  int index = cell_at (self, x, y);

  if (index < 0)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  select_cell (self, index);
  clt_heatmap_activate_cell (self, index / N + 1, index % N + 1);
}

static gboolean
key_pressed_cb (CltHeatmap      *self,
                guint            keyval,
                guint            keycode,
                GdkModifierType  state)
{
  int r = self->selected < 0 ? N : self->selected / N + 1;
  int f = self->selected < 0 ? 1 : self->selected % N + 1;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      f = self->selected < 0 ? f : MAX (1, f - 1);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      f = self->selected < 0 ? f : MIN (N, f + 1);
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      r = self->selected < 0 ? r : MIN (N, r + 1);
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      r = self->selected < 0 ? r : MAX (1, r - 1);
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
      if (self->selected < 0)
        return GDK_EVENT_PROPAGATE;
      clt_heatmap_activate_cell (self, r, f);
      return GDK_EVENT_STOP;
    case GDK_KEY_Escape:
      if (self->selected < 0)
        return GDK_EVENT_PROPAGATE;
      select_cell (self, -1);
      return GDK_EVENT_STOP;
    default:
      return GDK_EVENT_PROPAGATE;
    }

  select_cell (self, cell_index (r, f));

  return GDK_EVENT_STOP;
}

static void
focus_leave_cb (CltHeatmap *self)
{
  select_cell (self, -1);
}

static void
style_changed_cb (CltHeatmap *self)
{
  gint64 most = MAX (1, highest (self));

  /* Numbers on strong cells are written in the accent's foreground colour. */
  for (int i = 0; i < N * N; i++)
    if (self->counts[i] * 100 / most > 55)
      gtk_widget_add_css_class (self->cells[i], "heatmap-strong");
    else
      gtk_widget_remove_css_class (self->cells[i], "heatmap-strong");
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
clt_heatmap_dispose (GObject *object)
{
  CltHeatmap *self = (CltHeatmap *) object;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_pointer (&self->currency, g_free);

  G_OBJECT_CLASS (clt_heatmap_parent_class)->dispose (object);
}

static void
clt_heatmap_class_init (CltHeatmapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_heatmap_dispose;

  widget_class->snapshot = clt_heatmap_snapshot;
  widget_class->measure = clt_heatmap_measure;
  widget_class->size_allocate = clt_heatmap_size_allocate;

  /**
   * CltHeatmap::cell-activated:
   * @r: the recency score, 1 to 5
   * @f: the frequency score, 1 to 5
   *
   * A cell was clicked, or Enter pressed on it.
   */
  signals[CELL_ACTIVATED] = g_signal_new ("cell-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);

  gtk_widget_class_set_css_name (widget_class, "heatmap");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static GtkWidget *
child_label (CltHeatmap *self,
             const char *text,
             gboolean    dim)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "numeric");
  if (dim)
    {
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
    }
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_parent (label, GTK_WIDGET (self));
  gtk_accessible_update_state (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

  return label;
}

static void
clt_heatmap_init (CltHeatmap *self)
{
  GtkGesture *click;

  self->selected = -1;
  self->info = child_label (self, NULL, FALSE);
  gtk_label_set_xalign (GTK_LABEL (self->info), 0);
  /* Translators: the RFM grid's vertical axis; 5 is the most recent */
  self->r_title = child_label (self, _("Recency score ↑"), TRUE);
  /* Translators: the RFM grid's horizontal axis; 5 is the most frequent */
  self->f_title = child_label (self, _("Frequency score →"), TRUE);
  for (int i = 0; i < N; i++)
    {
      g_autofree char *number = g_strdup_printf ("%d", i + 1);

      self->rows[i] = child_label (self, number, TRUE);
      self->columns[i] = child_label (self, number, TRUE);
    }
  for (int i = 0; i < N * N; i++)
    self->cells[i] = child_label (self, "0", FALSE);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("RFM grid"), -1);
  update_info (self);
  update_description (self);

  clt_chart_add_controllers (GTK_WIDGET (self), G_CALLBACK (motion_cb), G_CALLBACK (leave_cb),
                             G_CALLBACK (key_pressed_cb), G_CALLBACK (focus_leave_cb), G_CALLBACK (style_changed_cb));
  click = gtk_gesture_click_new ();
  g_signal_connect_object (click, "pressed", G_CALLBACK (pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

GtkWidget *
clt_heatmap_new (void)
{
  return g_object_new (CLT_TYPE_HEATMAP, NULL);
}

/**
 * clt_heatmap_set_cells:
 * @counts: the customers of each cell, at (r - 1) * 5 + (f - 1)
 * @means: their mean monetary value in cents
 * @currency: (nullable): the currency of @means
 */
void
clt_heatmap_set_cells (CltHeatmap   *self,
                       const gint64  counts[25],
                       const gint64  means[25],
                       const char   *currency)
{
  g_return_if_fail (CLT_IS_HEATMAP (self));

  memcpy (self->counts, counts, sizeof self->counts);
  memcpy (self->means, means, sizeof self->means);
  g_free (self->currency);
  self->currency = g_strdup (currency);
  for (int i = 0; i < N * N; i++)
    {
      g_autofree char *count = clt_format_count (counts[i]);

      gtk_label_set_label (GTK_LABEL (self->cells[i]), count);
    }
  style_changed_cb (self);
  update_info (self);
  update_description (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

/**
 * clt_heatmap_get_count:
 *
 * Returns: the customers with recency score @r and frequency score @f
 */
gint64
clt_heatmap_get_count (CltHeatmap *self,
                       int         r,
                       int         f)
{
  g_return_val_if_fail (CLT_IS_HEATMAP (self), 0);
  g_return_val_if_fail (r >= 1 && r <= N && f >= 1 && f <= N, 0);

  return self->counts[cell_index (r, f)];
}

/**
 * clt_heatmap_activate_cell:
 *
 * Emits ::cell-activated for the cell of scores @r and @f, as a click on it does.
 */
void
clt_heatmap_activate_cell (CltHeatmap *self,
                           int         r,
                           int         f)
{
  g_return_if_fail (CLT_IS_HEATMAP (self));
  g_return_if_fail (r >= 1 && r <= N && f >= 1 && f <= N);

  g_signal_emit (self, signals[CELL_ACTIVATED], 0, r, f);
}
