/* clt-consent-badge.c: a list cell's e-mail consent badge, cheap to change
 *
 * The cell holds one badge of each kind, each styled once, and draws the one it shows. A
 * single label whose text and style class changed with each customer was restyled at every
 * row bound while scrolling, the costliest part of binding a row; showing another badge
 * here only asks for a redraw. Only the badge shown is told to assistive technologies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-consent-badge"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-consent-badge.h"

#define N_BADGES CLT_CONSENT_BADGE_UNKNOWN

struct _CltConsentBadge
{
  GtkWidget            parent_instance;

  CltConsentBadgeKind  kind;
  /* the badges of the kinds after NONE, in their order */
  GtkWidget           *badges[N_BADGES];
};

G_DEFINE_FINAL_TYPE (CltConsentBadge, clt_consent_badge, GTK_TYPE_WIDGET)

static void
clt_consent_badge_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  CltConsentBadge *self = CLT_CONSENT_BADGE (widget);

  /* The size of the largest badge, whichever is shown, so that a change needs no new layout. */
  *minimum = *natural = 0;
  for (guint i = 0; i < N_BADGES; i++)
    {
      int badge_minimum, badge_natural;

      gtk_widget_measure (self->badges[i], orientation, -1, &badge_minimum, &badge_natural, NULL, NULL);
      *minimum = MAX (*minimum, badge_minimum);
      *natural = MAX (*natural, badge_natural);
    }
}

static void
clt_consent_badge_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  CltConsentBadge *self = CLT_CONSENT_BADGE (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;

  /* Each badge at its own size, at the start of the cell and in the middle of its height. */
  for (guint i = 0; i < N_BADGES; i++)
    {
      int badge_width, badge_height;

      gtk_widget_measure (self->badges[i], GTK_ORIENTATION_HORIZONTAL, -1, NULL, &badge_width, NULL, NULL);
      gtk_widget_measure (self->badges[i], GTK_ORIENTATION_VERTICAL, -1, NULL, &badge_height, NULL, NULL);
      badge_width = MIN (badge_width, width);
      badge_height = MIN (badge_height, height);
      gtk_widget_size_allocate (self->badges[i],
                                &(GtkAllocation) { rtl ? width - badge_width : 0, (height - badge_height) / 2,
                                                   badge_width, badge_height },
                                -1);
    }
}

static void
clt_consent_badge_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  CltConsentBadge *self = CLT_CONSENT_BADGE (widget);

  if (self->kind != CLT_CONSENT_BADGE_NONE)
    gtk_widget_snapshot_child (widget, self->badges[self->kind - 1], snapshot);
}

static void
clt_consent_badge_dispose (GObject *object)
{
  CltConsentBadge *self = CLT_CONSENT_BADGE (object);

  for (guint i = 0; i < N_BADGES; i++)
    g_clear_pointer (&self->badges[i], gtk_widget_unparent);

  G_OBJECT_CLASS (clt_consent_badge_parent_class)->dispose (object);
}

static void
clt_consent_badge_class_init (CltConsentBadgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_consent_badge_dispose;
  widget_class->measure = clt_consent_badge_measure;
  widget_class->size_allocate = clt_consent_badge_size_allocate;
  widget_class->snapshot = clt_consent_badge_snapshot;

  gtk_widget_class_set_css_name (widget_class, "consent-badge");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
clt_consent_badge_init (CltConsentBadge *self)
{
  static const struct { const char *text; const char *style; } badges[N_BADGES] = {
    { NC_("e-mail consent", "Yes"), "success" },
    { NC_("e-mail consent", "No"), "error" },
    { NC_("e-mail consent", "Not known"), "dim" },
  };

  for (guint i = 0; i < N_BADGES; i++)
    {
      /* The badges are drawn, not read out: the cell itself is the label. */
      self->badges[i] = g_object_new (GTK_TYPE_LABEL,
                                      "label", g_dpgettext2 (NULL, "e-mail consent", badges[i].text),
                                      "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                      NULL);
      gtk_widget_add_css_class (self->badges[i], "badge");
      gtk_widget_add_css_class (self->badges[i], badges[i].style);
      gtk_widget_set_parent (self->badges[i], GTK_WIDGET (self));
    }
}

GtkWidget *
clt_consent_badge_new (void)
{
  return g_object_new (CLT_TYPE_CONSENT_BADGE, NULL);
}

/**
 * clt_consent_badge_set_kind:
 *
 * Shows the badge of @kind, or none.
 */
void
clt_consent_badge_set_kind (CltConsentBadge     *self,
                            CltConsentBadgeKind  kind)
{
  g_return_if_fail (CLT_IS_CONSENT_BADGE (self));
  g_return_if_fail (kind <= CLT_CONSENT_BADGE_UNKNOWN);

  if (self->kind == kind)
    return;

  self->kind = kind;
  if (kind == CLT_CONSENT_BADGE_NONE)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
  else
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    clt_consent_badge_get_text (self), -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

CltConsentBadgeKind
clt_consent_badge_get_kind (CltConsentBadge *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_BADGE (self), CLT_CONSENT_BADGE_NONE);

  return self->kind;
}

/**
 * clt_consent_badge_get_text:
 *
 * Returns: (nullable): the text of the badge shown
 */
const char *
clt_consent_badge_get_text (CltConsentBadge *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_BADGE (self), NULL);

  if (self->kind == CLT_CONSENT_BADGE_NONE)
    return NULL;

  return gtk_label_get_label (GTK_LABEL (self->badges[self->kind - 1]));
}
