/* clt-venn-diagram.c: two segments' overlap as two circles
 *
 * Each circle's area is proportional to its segment's size, and the circles stand as far apart
 * as makes their intersection's area proportional to the customers in both (found by
 * bisection, the lens area shrinking as the distance grows). The counts are child labels,
 * shown inside their region where they fit; the whole is described for screen readers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-venn-diagram"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "clt-format.h"
#include "clt-venn-diagram.h"

/* The legend's colour dots, the gap after them, and the space between legend and circles. */
#define DOT_SIZE       10
#define DOT_GAP        6
#define LEGEND_SPACING 12
/* Room around the circles for their outline. */
#define PADDING        4
#define MIN_WIDTH      160
#define NAT_WIDTH      360
#define MIN_AREA       96
#define NAT_AREA       220

struct _CltVennDiagram
{
  GtkWidget  parent_instance;

  GtkWidget *name_a_label;
  GtkWidget *name_b_label;
  GtkWidget *only_a_label;
  GtkWidget *both_label;
  GtkWidget *only_b_label;
  GtkWidget *status_label;

  char      *name_a;
  char      *name_b;
  gint64     only_a;
  gint64     both;
  gint64     only_b;

  /* As last allocated. */
  int        legend_height;
  int        name_b_x;
  graphene_point_t centre_a;
  graphene_point_t centre_b;
  float      radius_a;
  float      radius_b;
};

G_DEFINE_FINAL_TYPE (CltVennDiagram, clt_venn_diagram, GTK_TYPE_WIDGET)

/* ---- geometry ---- */

/* The area two circles of radii @r1 and @r2 share when their centres are @d apart. */
static double
lens_area (double r1,
           double r2,
           double d)
{
  double a, b, k;

  if (d >= r1 + r2)
    return 0;
  if (d <= fabs (r1 - r2))
    return G_PI * MIN (r1, r2) * MIN (r1, r2);

  a = CLAMP ((d * d + r1 * r1 - r2 * r2) / (2 * d * r1), -1, 1);
  b = CLAMP ((d * d + r2 * r2 - r1 * r1) / (2 * d * r2), -1, 1);
  k = (-d + r1 + r2) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2);

  return r1 * r1 * acos (a) + r2 * r2 * acos (b) - 0.5 * sqrt (MAX (k, 0));
}

/* The distance at which the circles share @target: the lens shrinks as they part. */
static double
distance_for_overlap (double r1,
                      double r2,
                      double target)
{
  double near = fabs (r1 - r2), far = r1 + r2;

  if (target <= 0)
    /* Apart, with a little air between, so that it is plain they share nobody. */
    return far * 1.08;
  if (target >= G_PI * MIN (r1, r2) * MIN (r1, r2))
    return near;

  for (guint i = 0; i < 60; i++)
    {
      double mid = (near + far) / 2;

      if (lens_area (r1, r2, mid) > target)
        near = mid;
      else
        far = mid;
    }

  return (near + far) / 2;
}

/* ---- colours ---- */

/* A second accent colour that stands apart from the user's. */
static AdwAccentColor
partner_colour (AdwAccentColor accent)
{
  switch (accent)
    {
    case ADW_ACCENT_COLOR_BLUE:
    case ADW_ACCENT_COLOR_SLATE:
      return ADW_ACCENT_COLOR_ORANGE;
    case ADW_ACCENT_COLOR_TEAL:
    case ADW_ACCENT_COLOR_RED:
      return ADW_ACCENT_COLOR_PURPLE;
    case ADW_ACCENT_COLOR_GREEN:
    case ADW_ACCENT_COLOR_PINK:
      return ADW_ACCENT_COLOR_BLUE;
    case ADW_ACCENT_COLOR_YELLOW:
    case ADW_ACCENT_COLOR_ORANGE:
    case ADW_ACCENT_COLOR_PURPLE:
    default:
      return ADW_ACCENT_COLOR_TEAL;
    }
}

typedef struct
{
  GdkRGBA  a;
  GdkRGBA  b;
  GdkRGBA  outline;
  gboolean high_contrast;
  gboolean dark;
} Colours;

static void
get_colours (CltVennDiagram *self,
             Colours        *colours)
{
  AdwStyleManager *manager = adw_style_manager_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));
  AdwAccentColor accent = adw_style_manager_get_accent_color (manager);

  colours->dark = adw_style_manager_get_dark (manager);
  colours->high_contrast = adw_style_manager_get_high_contrast (manager);
  adw_accent_color_to_standalone_rgba (accent, colours->dark, &colours->a);
  adw_accent_color_to_standalone_rgba (partner_colour (accent), colours->dark, &colours->b);
  gtk_widget_get_color (GTK_WIDGET (self), &colours->outline);
}

/* ---- text ---- */

static const char *
name_or (const char *name,
         const char *fallback)
{
  return name && *name ? name : fallback;
}

static void
update_accessible (CltVennDiagram *self)
{
  /* Translators: the segment compared, when it has no name yet */
  const char *name_a = name_or (self->name_a, _("A"));
  /* Translators: the segment compared with, when it has no name yet */
  const char *name_b = name_or (self->name_b, _("B"));
  g_autofree char *only_a = clt_format_count (self->only_a);
  g_autofree char *both = clt_format_count (self->both);
  g_autofree char *only_b = clt_format_count (self->only_b);
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;

  /* Translators: the Venn diagram's name for screen readers; %s are the segments' names */
  label = g_strdup_printf (_("Overlap of “%s” and “%s”"), name_a, name_b);
  /* Translators: the Venn diagram read aloud: "Regulars: 1,240 only, 310 in both, Autumn draw: 820 only" */
  description = g_strdup_printf (_("%s: %s only, %s in both, %s: %s only"), name_a, only_a, both, name_b, only_b);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/* ---- GtkWidget ---- */

static gboolean
is_empty (CltVennDiagram *self)
{
  return self->only_a + self->both + self->only_b == 0;
}

static int
legend_height (CltVennDiagram *self)
{
  int a = 0, b = 0;

  gtk_widget_measure (self->name_a_label, GTK_ORIENTATION_VERTICAL, -1, NULL, &a, NULL, NULL);
  gtk_widget_measure (self->name_b_label, GTK_ORIENTATION_VERTICAL, -1, NULL, &b, NULL, NULL);

  return MAX (MAX (a, b), DOT_SIZE);
}

static void
clt_venn_diagram_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  CltVennDiagram *self = CLT_VENN_DIAGRAM (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = NAT_WIDTH;
    }
  else
    {
      int legend = legend_height (self) + LEGEND_SPACING;
      int status = 0;

      gtk_widget_measure (self->status_label, GTK_ORIENTATION_VERTICAL, for_size, NULL, &status, NULL, NULL);
      *minimum = legend + MAX (MIN_AREA, status);
      *natural = legend + MAX (NAT_AREA, status);
    }
}

/* Shows @label centred on @x, @y if it fits across @span pixels, and hides it if not. */
static void
place_count (GtkWidget *label,
             float      x,
             float      y,
             float      span,
             float      room)
{
  int width = 0, height = 0;

  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, width, NULL, &height, NULL, NULL);
  if (span < width + 8 || room < height + 4)
    {
      gtk_widget_set_child_visible (label, FALSE);
      return;
    }

  gtk_widget_set_child_visible (label, TRUE);
  gtk_widget_size_allocate (label, &(GtkAllocation) { roundf (x - width / 2.f), roundf (y - height / 2.f), width, height },
                            -1);
}

static void
clt_venn_diagram_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  CltVennDiagram *self = CLT_VENN_DIAGRAM (widget);
  int half = MAX ((width - LEGEND_SPACING) / 2 - DOT_SIZE - DOT_GAP, 0);
  int name_a = 0, name_b = 0;
  float top, area_width, area_height, ra, rb, d, left, right, figure_width, figure_height, scale, x0, y;
  float a_left, a_right, b_left, b_right;

  /* The legend: each name after a dot of its circle's colour, A at the left, B at the right. */
  self->legend_height = legend_height (self);
  gtk_widget_measure (self->name_a_label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &name_a, NULL, NULL);
  gtk_widget_measure (self->name_b_label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &name_b, NULL, NULL);
  name_a = MIN (name_a, half);
  name_b = MIN (name_b, half);
  self->name_b_x = width - name_b;
  gtk_widget_size_allocate (self->name_a_label,
                            &(GtkAllocation) { DOT_SIZE + DOT_GAP, 0, name_a, self->legend_height }, -1);
  gtk_widget_size_allocate (self->name_b_label,
                            &(GtkAllocation) { self->name_b_x, 0, name_b, self->legend_height }, -1);

  top = self->legend_height + LEGEND_SPACING;
  area_width = MAX (width - 2 * PADDING, 1);
  area_height = MAX (height - top - 2 * PADDING, 1);

  gtk_widget_set_child_visible (self->status_label, is_empty (self));
  if (is_empty (self))
    {
      int status = 0;

      gtk_widget_measure (self->status_label, GTK_ORIENTATION_VERTICAL, width, NULL, &status, NULL, NULL);
      gtk_widget_size_allocate (self->status_label,
                                &(GtkAllocation) { 0, top + MAX ((height - top - status) / 2, 0), width, status }, -1);
      gtk_widget_set_child_visible (self->only_a_label, FALSE);
      gtk_widget_set_child_visible (self->both_label, FALSE);
      gtk_widget_set_child_visible (self->only_b_label, FALSE);
      self->radius_a = self->radius_b = 0;
      return;
    }

  /* In units where a circle of n customers has the radius √n, so its area is πn. */
  ra = sqrt ((double) (self->only_a + self->both));
  rb = sqrt ((double) (self->only_b + self->both));
  d = ra > 0 && rb > 0 ? distance_for_overlap (ra, rb, G_PI * self->both) : 0;
  left = MIN (-ra, d - rb);
  right = MAX (ra, d + rb);
  figure_width = right - left;
  figure_height = 2 * MAX (ra, rb);
  scale = MIN (area_width / figure_width, area_height / figure_height);

  x0 = PADDING + (area_width - figure_width * scale) / 2 - left * scale;
  y = top + PADDING + area_height / 2;
  self->radius_a = ra * scale;
  self->radius_b = rb * scale;
  self->centre_a = GRAPHENE_POINT_INIT (x0, y);
  self->centre_b = GRAPHENE_POINT_INIT (x0 + d * scale, y);

  /* Each count goes in the middle of its region along the line through the centres. */
  a_left = self->centre_a.x - self->radius_a;
  a_right = self->centre_a.x + self->radius_a;
  b_left = self->centre_b.x - self->radius_b;
  b_right = self->centre_b.x + self->radius_b;
  {
    float only_a_end = self->radius_b > 0 ? MIN (b_left, a_right) : a_right;
    float only_b_start = self->radius_a > 0 ? MAX (a_right, b_left) : b_left;
    float both_start = MAX (a_left, b_left), both_end = MIN (a_right, b_right);

    if (self->radius_a > 0)
      place_count (self->only_a_label, (a_left + only_a_end) / 2, y, only_a_end - a_left, 2 * self->radius_a);
    else
      gtk_widget_set_child_visible (self->only_a_label, FALSE);
    if (self->both > 0)
      place_count (self->both_label, (both_start + both_end) / 2, y, both_end - both_start,
                   2 * MIN (self->radius_a, self->radius_b));
    else
      gtk_widget_set_child_visible (self->both_label, FALSE);
    if (self->radius_b > 0)
      place_count (self->only_b_label, (only_b_start + b_right) / 2, y, b_right - only_b_start, 2 * self->radius_b);
    else
      gtk_widget_set_child_visible (self->only_b_label, FALSE);
  }
}

static GskPath *
circle_path (const graphene_point_t *centre,
             float                   radius)
{
  g_autoptr(GskPathBuilder) builder = gsk_path_builder_new ();

  gsk_path_builder_add_circle (builder, centre, radius);

  return gsk_path_builder_to_path (builder);
}

static void
fill_dot (GtkSnapshot   *snapshot,
          float          x,
          float          y,
          const GdkRGBA *colour)
{
  g_autoptr(GskPath) dot = circle_path (&GRAPHENE_POINT_INIT (x + DOT_SIZE / 2.f, y), DOT_SIZE / 2.f);

  gtk_snapshot_append_fill (snapshot, dot, GSK_FILL_RULE_WINDING, colour);
}

static void
clt_venn_diagram_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  CltVennDiagram *self = CLT_VENN_DIAGRAM (widget);
  Colours colours;
  float legend_y = self->legend_height / 2.f;

  get_colours (self, &colours);

  if (!is_empty (self))
    {
      float fill_alpha = colours.high_contrast ? 0.45f : colours.dark ? 0.32f : 0.24f;
      GdkRGBA fill_a = colours.a, fill_b = colours.b, both = {
        (colours.a.red + colours.b.red) / 2, (colours.a.green + colours.b.green) / 2,
        (colours.a.blue + colours.b.blue) / 2, colours.high_contrast ? 0.8f : 0.5f,
      };
      g_autoptr(GskPath) a = circle_path (&self->centre_a, MAX (self->radius_a, 0.01f));
      g_autoptr(GskPath) b = circle_path (&self->centre_b, MAX (self->radius_b, 0.01f));
      g_autoptr(GskStroke) stroke = gsk_stroke_new (colours.high_contrast ? 2.5f : 2.f);

      fill_a.alpha = fill_b.alpha = fill_alpha;
      if (self->radius_a > 0)
        gtk_snapshot_append_fill (snapshot, a, GSK_FILL_RULE_WINDING, &fill_a);
      if (self->radius_b > 0)
        gtk_snapshot_append_fill (snapshot, b, GSK_FILL_RULE_WINDING, &fill_b);

      /* The intersection: B's disc filled only where A's is. */
      if (self->both > 0)
        {
          gtk_snapshot_push_fill (snapshot, a, GSK_FILL_RULE_WINDING);
          gtk_snapshot_append_fill (snapshot, b, GSK_FILL_RULE_WINDING, &both);
          gtk_snapshot_pop (snapshot);
        }

      if (self->radius_a > 0)
        gtk_snapshot_append_stroke (snapshot, a, stroke, colours.high_contrast ? &colours.outline : &colours.a);
      if (self->radius_b > 0)
        gtk_snapshot_append_stroke (snapshot, b, stroke, colours.high_contrast ? &colours.outline : &colours.b);
    }

  fill_dot (snapshot, 0, legend_y, &colours.a);
  fill_dot (snapshot, self->name_b_x - DOT_GAP - DOT_SIZE, legend_y, &colours.b);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    gtk_widget_snapshot_child (widget, child, snapshot);
}

/* ---- GObject ---- */

static void
clt_venn_diagram_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CLT_TYPE_VENN_DIAGRAM);

  G_OBJECT_CLASS (clt_venn_diagram_parent_class)->dispose (object);
}

static void
clt_venn_diagram_finalize (GObject *object)
{
  CltVennDiagram *self = CLT_VENN_DIAGRAM (object);

  g_free (self->name_a);
  g_free (self->name_b);

  G_OBJECT_CLASS (clt_venn_diagram_parent_class)->finalize (object);
}

static void
clt_venn_diagram_class_init (CltVennDiagramClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_venn_diagram_dispose;
  object_class->finalize = clt_venn_diagram_finalize;
  widget_class->measure = clt_venn_diagram_measure;
  widget_class->size_allocate = clt_venn_diagram_size_allocate;
  widget_class->snapshot = clt_venn_diagram_snapshot;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-venn-diagram.ui");
  gtk_widget_class_bind_template_child (widget_class, CltVennDiagram, name_a_label);
  gtk_widget_class_bind_template_child (widget_class, CltVennDiagram, name_b_label);
  gtk_widget_class_bind_template_child (widget_class, CltVennDiagram, only_a_label);
  gtk_widget_class_bind_template_child (widget_class, CltVennDiagram, both_label);
  gtk_widget_class_bind_template_child (widget_class, CltVennDiagram, only_b_label);
  gtk_widget_class_bind_template_child (widget_class, CltVennDiagram, status_label);

  gtk_widget_class_set_css_name (widget_class, "venn-diagram");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
clt_venn_diagram_init (CltVennDiagram *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The style manager outlives every widget. */
  g_signal_connect_object (manager, "notify::dark", G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "notify::high-contrast", G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "notify::accent-color", G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);

  clt_venn_diagram_set_counts (self, 0, 0, 0);
}

/**
 * clt_venn_diagram_new:
 *
 * Returns: (transfer floating): a diagram of no customers, until clt_venn_diagram_set_counts()
 */
GtkWidget *
clt_venn_diagram_new (void)
{
  return g_object_new (CLT_TYPE_VENN_DIAGRAM, NULL);
}

/**
 * clt_venn_diagram_set_counts:
 * @only_a: the customers in the first segment only
 * @both: those in both
 * @only_b: those in the second segment only
 */
void
clt_venn_diagram_set_counts (CltVennDiagram *self,
                             gint64          only_a,
                             gint64          both,
                             gint64          only_b)
{
  g_autofree char *text_a = NULL;
  g_autofree char *text_both = NULL;
  g_autofree char *text_b = NULL;

  g_return_if_fail (CLT_IS_VENN_DIAGRAM (self));
  g_return_if_fail (only_a >= 0 && both >= 0 && only_b >= 0);

  self->only_a = only_a;
  self->both = both;
  self->only_b = only_b;

  text_a = clt_format_count (only_a);
  text_both = clt_format_count (both);
  text_b = clt_format_count (only_b);
  gtk_label_set_label (GTK_LABEL (self->only_a_label), text_a);
  gtk_label_set_label (GTK_LABEL (self->both_label), text_both);
  gtk_label_set_label (GTK_LABEL (self->only_b_label), text_b);

  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * clt_venn_diagram_set_labels:
 * @name_a: (nullable): the first segment's name
 * @name_b: (nullable): the second's
 */
void
clt_venn_diagram_set_labels (CltVennDiagram *self,
                             const char     *name_a,
                             const char     *name_b)
{
  g_return_if_fail (CLT_IS_VENN_DIAGRAM (self));

  if (g_set_str (&self->name_a, name_a) | g_set_str (&self->name_b, name_b))
    {
      gtk_label_set_label (GTK_LABEL (self->name_a_label), self->name_a ? self->name_a : "");
      gtk_label_set_label (GTK_LABEL (self->name_b_label), self->name_b ? self->name_b : "");
      /* A long name is cut short: its tooltip holds it whole. */
      gtk_widget_set_tooltip_text (self->name_a_label, self->name_a);
      gtk_widget_set_tooltip_text (self->name_b_label, self->name_b);
      update_accessible (self);
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
}
