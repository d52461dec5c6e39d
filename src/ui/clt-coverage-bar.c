/* clt-coverage-bar.c: how many of all customers may be contacted for a purpose, as one bar
 *
 * A horizontal stacked bar of may contact / weak proof / stale / excluded, drawn with
 * snapshot. Weak proof and stale are parts of those who may be contacted (a consent can be
 * both: it is shown as weak proof). The segments are set apart by gaps, so that they read
 * without their colours too. A swatch is a bar of one kind, for a legend.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-coverage-bar"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "clt-coverage-bar.h"
#include "clt-format.h"

#define BAR_HEIGHT 12
#define GAP 2

struct _CltCoverageBar
{
  GtkWidget parent_instance;

  /* disjoint parts, in drawing order */
  gint64    parts[CLT_N_COVERAGE_KINDS];
  gboolean  swatch;
};

G_DEFINE_FINAL_TYPE (CltCoverageBar, clt_coverage_bar, GTK_TYPE_WIDGET)

/* Adwaita's palette: green, yellow and orange, lighter on dark. */
static void
kind_color (CltCoverageBar  *self,
            CltCoverageKind  kind,
            GdkRGBA         *color)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (manager);
  gboolean high_contrast = adw_style_manager_get_high_contrast (manager);
  const char *spec;

  switch (kind)
    {
    case CLT_COVERAGE_FINE: spec = dark ? "#57e389" : "#26a269"; break;
    case CLT_COVERAGE_WEAK_PROOF: spec = dark ? "#f8e45c" : "#e5a50a"; break;
    case CLT_COVERAGE_STALE: spec = dark ? "#ffa348" : "#c64600"; break;
    case CLT_COVERAGE_EXCLUDED:
    default:
      gtk_widget_get_color (GTK_WIDGET (self), color);
      color->alpha = high_contrast ? 0.4f : 0.15f;
      return;
    }
  gdk_rgba_parse (color, spec);
}

static void
clt_coverage_bar_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  CltCoverageBar *self = CLT_COVERAGE_BAR (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);
  float bar_height = MIN (height, BAR_HEIGHT);
  float y = (height - bar_height) / 2;
  GskRoundedRect outline;
  gint64 total = 0;
  float x = 0;
  guint n_shown = 0;

  for (guint i = 0; i < CLT_N_COVERAGE_KINDS; i++)
    {
      total += self->parts[i];
      n_shown += self->parts[i] > 0;
    }

  gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (0, y, width, bar_height), bar_height / 2);
  gtk_snapshot_push_rounded_clip (snapshot, &outline);

  if (total == 0)
    {
      GdkRGBA empty;

      kind_color (self, CLT_COVERAGE_EXCLUDED, &empty);
      gtk_snapshot_append_color (snapshot, &empty, &GRAPHENE_RECT_INIT (0, y, width, bar_height));
    }
  else
    {
      /* Each part gets its share of the width left after the gaps, and at least a sliver. */
      float usable = width - GAP * (n_shown - 1);

      for (guint i = 0; i < CLT_N_COVERAGE_KINDS; i++)
        {
          GdkRGBA color;
          float part_width;

          if (self->parts[i] <= 0)
            continue;
          part_width = MAX (2.f, usable * (double) self->parts[i] / total);
          kind_color (self, i, &color);
          gtk_snapshot_append_color (snapshot, &color,
                                     &GRAPHENE_RECT_INIT (x, y, MIN (part_width, width - x), bar_height));
          x += part_width + GAP;
        }
    }

  gtk_snapshot_pop (snapshot);
}

static void
clt_coverage_bar_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  CltCoverageBar *self = CLT_COVERAGE_BAR (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = self->swatch ? BAR_HEIGHT : 48;
      *natural = self->swatch ? BAR_HEIGHT : 240;
    }
  else
    *minimum = *natural = BAR_HEIGHT;
}

static void
style_changed_cb (CltCoverageBar *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
clt_coverage_bar_class_init (CltCoverageBarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = clt_coverage_bar_snapshot;
  widget_class->measure = clt_coverage_bar_measure;

  gtk_widget_class_set_css_name (widget_class, "coverage-bar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
clt_coverage_bar_init (CltCoverageBar *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  g_signal_connect_object (manager, "notify::dark", G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "notify::high-contrast", G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
clt_coverage_bar_new (void)
{
  return g_object_new (CLT_TYPE_COVERAGE_BAR, NULL);
}

/**
 * clt_coverage_bar_new_swatch:
 *
 * Returns: a small square of @kind's colour, for a legend
 */
GtkWidget *
clt_coverage_bar_new_swatch (CltCoverageKind kind)
{
  CltCoverageBar *self = g_object_new (CLT_TYPE_COVERAGE_BAR, NULL);

  g_return_val_if_fail (kind < CLT_N_COVERAGE_KINDS, NULL);

  self->swatch = TRUE;
  self->parts[kind] = 1;
  /* The legend's label says it. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

  return GTK_WIDGET (self);
}

/**
 * clt_coverage_bar_set_counts:
 * @n_eligible: who may be contacted, weak proof and stale included
 * @n_weak_proof: of them, without double opt-in proof
 * @n_stale: of them, not used for long
 * @n_excluded: who may not be contacted
 *
 * Shows the result of an eligibility check (clt_consent_ledger_check()).
 */
void
clt_coverage_bar_set_counts (CltCoverageBar *self,
                             gint64          n_eligible,
                             gint64          n_weak_proof,
                             gint64          n_stale,
                             gint64          n_excluded)
{
  g_autofree char *fine = NULL;
  g_autofree char *weak = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *excluded = NULL;
  g_autofree char *description = NULL;

  g_return_if_fail (CLT_IS_COVERAGE_BAR (self));

  self->parts[CLT_COVERAGE_WEAK_PROOF] = CLAMP (n_weak_proof, 0, MAX (n_eligible, 0));
  self->parts[CLT_COVERAGE_STALE] = CLAMP (n_stale, 0, MAX (n_eligible, 0) - self->parts[CLT_COVERAGE_WEAK_PROOF]);
  self->parts[CLT_COVERAGE_FINE] = MAX (n_eligible, 0) - self->parts[CLT_COVERAGE_WEAK_PROOF] -
                                   self->parts[CLT_COVERAGE_STALE];
  self->parts[CLT_COVERAGE_EXCLUDED] = MAX (n_excluded, 0);

  fine = clt_format_count (n_eligible);
  weak = clt_format_count (n_weak_proof);
  stale = clt_format_count (n_stale);
  excluded = clt_format_count (n_excluded);
  /* Translators: a coverage bar read aloud: "1,204 may be contacted (35 with weak proof, 12 stale), 300 may not" */
  description = g_strdup_printf (_("%s may be contacted (%s with weak proof, %s stale), %s may not"),
                                 fine, weak, stale, excluded);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * clt_coverage_bar_get_count:
 *
 * Returns: the part of @kind drawn (weak proof and stale apart from the rest)
 */
gint64
clt_coverage_bar_get_count (CltCoverageBar  *self,
                            CltCoverageKind  kind)
{
  g_return_val_if_fail (CLT_IS_COVERAGE_BAR (self), 0);
  g_return_val_if_fail (kind < CLT_N_COVERAGE_KINDS, 0);

  return self->parts[kind];
}
