/* clt-profile-insights.c: one customer's computed insights, on their overview
 *
 * The RFM group as a named pill with the three scores, the expected purchases in the next
 * 90 days, the chance that they are still a customer, the expected value of the next 12
 * months with how confident the estimate is, and the products often bought together with
 * what they have. All of it is labelled as computed, each row says how in its tooltip, and
 * the products are marked as a suggestion. Read in a thread; hidden when nothing is computed
 * for the customer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-profile-insights"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-format.h"
#include "clt-profile-insights.h"

struct _CltProfileInsights
{
  AdwPreferencesGroup  parent_instance;

  GtkWidget           *rfm_row;
  GtkLabel            *rfm_group;
  GtkWidget           *expected_row;
  GtkLabel            *expected_label;
  GtkWidget           *alive_row;
  GtkLabel            *alive_label;
  GtkWidget           *value_row;
  GtkLabel            *value_label;
  GtkLabel            *confidence_badge;
  GtkWidget           *offers_row;

  CltWorkspace        *workspace;
  gint64               profile_id;
  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (CltProfileInsights, clt_profile_insights, ADW_TYPE_PREFERENCES_GROUP)

typedef struct
{
  char   *path;
  gint64  profile_id;
} Job;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_free (job);
}

static const char *
group_label (const char *group)
{
  static const struct { const char *id; const char *label; } groups[] = {
    { "champions", N_("Champion") },
    { "loyal", N_("Loyal") },
    { "potential_loyalist", N_("Potential Loyalist") },
    { "new", N_("New Customer") },
    { "promising", N_("Promising") },
    { "need_attention", N_("Needs Attention") },
    { "about_to_sleep", N_("About to Sleep") },
    { "at_risk", N_("At Risk") },
    { "cannot_lose", N_("Cannot Lose") },
    { "hibernating", N_("Hibernating") },
    { "lost", N_("Lost") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    if (g_strcmp0 (group, groups[i].id) == 0)
      return _(groups[i].label);

  return group;
}

static void
insight_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  CltProfileInsight *insight;

  if (!(workspace = clt_workspace_open (job->path, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  insight = clt_insights_report_profile (workspace, job->profile_id, &error);
  if (insight == NULL && error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, insight, (GDestroyNotify) clt_profile_insight_free);
}

static void
show_insight (CltProfileInsights      *self,
              const CltProfileInsight *insight)
{
  gboolean any = FALSE;

  gtk_widget_set_visible (self->rfm_row, insight->rfm_group != NULL || insight->r_score > 0);
  if (insight->rfm_group != NULL || insight->r_score > 0)
    {
      /* Translators: a customer's RFM scores, each 1 to 5 */
      g_autofree char *scores = g_strdup_printf (_("Recency %d · Frequency %d · Monetary %d"),
                                                 insight->r_score, insight->f_score, insight->m_score);

      gtk_label_set_label (self->rfm_group, insight->rfm_group ? group_label (insight->rfm_group) : "");
      gtk_widget_set_visible (GTK_WIDGET (self->rfm_group), insight->rfm_group != NULL);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->rfm_row), insight->r_score > 0 ? scores : "");
      any = TRUE;
    }

  gtk_widget_set_visible (self->expected_row, insight->expected_90d >= 0);
  if (insight->expected_90d >= 0)
    {
      /* Translators: expected purchases, with one decimal */
      g_autofree char *text = g_strdup_printf (_("%.1f"), insight->expected_90d);

      gtk_label_set_label (self->expected_label, text);
      any = TRUE;
    }

  gtk_widget_set_visible (self->alive_row, insight->p_alive >= 0);
  if (insight->p_alive >= 0)
    {
      /* Translators: a probability in percent; German writes a space before the sign */
      g_autofree char *text = g_strdup_printf (_("%d%%"), (int) round (insight->p_alive * 100));

      gtk_label_set_label (self->alive_label, text);
      any = TRUE;
    }

  gtk_widget_set_visible (self->value_row, insight->value_12m_cents >= 0);
  if (insight->value_12m_cents >= 0)
    {
      g_autofree char *value = clt_format_money (insight->value_12m_cents, insight->currency);
      const char *confidence = insight->value_confidence;

      gtk_label_set_label (self->value_label, value);
      gtk_widget_set_visible (GTK_WIDGET (self->confidence_badge), confidence != NULL);
      gtk_widget_remove_css_class (GTK_WIDGET (self->confidence_badge), "success");
      gtk_widget_remove_css_class (GTK_WIDGET (self->confidence_badge), "warning");
      gtk_widget_remove_css_class (GTK_WIDGET (self->confidence_badge), "dim");
      if (g_strcmp0 (confidence, "high") == 0)
        {
          gtk_label_set_label (self->confidence_badge, _("High confidence"));
          gtk_widget_add_css_class (GTK_WIDGET (self->confidence_badge), "success");
        }
      else if (g_strcmp0 (confidence, "medium") == 0)
        {
          gtk_label_set_label (self->confidence_badge, _("Medium confidence"));
          gtk_widget_add_css_class (GTK_WIDGET (self->confidence_badge), "dim");
        }
      else if (confidence != NULL)
        {
          gtk_label_set_label (self->confidence_badge, _("Low confidence"));
          gtk_widget_add_css_class (GTK_WIDGET (self->confidence_badge), "warning");
        }
      any = TRUE;
    }

  gtk_widget_set_visible (self->offers_row, insight->offers != NULL && insight->offers[0] != NULL);
  if (insight->offers != NULL && insight->offers[0] != NULL)
    {
      g_autofree char *offers = g_strjoinv (", ", insight->offers);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->offers_row), offers);
      any = TRUE;
    }

  gtk_widget_set_visible (GTK_WIDGET (self), any);
}

static void
insight_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CltProfileInsights) self = user_data;
  g_autoptr(CltProfileInsight) insight = NULL;
  g_autoptr(GError) error = NULL;

  insight = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_clear_object (&self->cancellable);
  if (error != NULL)
    g_warning ("Could not read the customer's insights: %s", error->message);
  if (insight == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  show_insight (self, insight);
}

static void
clt_profile_insights_dispose (GObject *object)
{
  CltProfileInsights *self = (CltProfileInsights *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);
  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_PROFILE_INSIGHTS);

  G_OBJECT_CLASS (clt_profile_insights_parent_class)->dispose (object);
}

static void
clt_profile_insights_class_init (CltProfileInsightsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_profile_insights_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-profile-insights.ui");
  gtk_widget_class_bind_template_child (widget_class, CltProfileInsights, rfm_row);
  gtk_widget_class_bind_template_child (widget_class, CltProfileInsights, rfm_group);
  gtk_widget_class_bind_template_child (widget_class, CltProfileInsights, expected_row);
  gtk_widget_class_bind_template_child (widget_class, CltProfileInsights, expected_label);
  gtk_widget_class_bind_template_child (widget_class, CltProfileInsights, alive_row);
  gtk_widget_class_bind_template_child (widget_class, CltProfileInsights, alive_label);
  gtk_widget_class_bind_template_child (widget_class, CltProfileInsights, value_row);
  gtk_widget_class_bind_template_child (widget_class, CltProfileInsights, value_label);
  gtk_widget_class_bind_template_child (widget_class, CltProfileInsights, confidence_badge);
  gtk_widget_class_bind_template_child (widget_class, CltProfileInsights, offers_row);
}

static void
clt_profile_insights_init (CltProfileInsights *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * clt_profile_insights_set_profile:
 *
 * Shows the insights of customer @profile_id.
 */
void
clt_profile_insights_set_profile (CltProfileInsights *self,
                                  CltWorkspace       *workspace,
                                  gint64              profile_id)
{
  g_return_if_fail (CLT_IS_PROFILE_INSIGHTS (self));
  g_return_if_fail (CLT_IS_WORKSPACE (workspace));

  /* Another customer's insights are not shown while this one's are read. */
  if (profile_id != self->profile_id)
    gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_set_object (&self->workspace, workspace);
  self->profile_id = profile_id;
  clt_profile_insights_reload (self);
}

/**
 * clt_profile_insights_reload:
 *
 * Reads the customer's insights again.
 */
void
clt_profile_insights_reload (CltProfileInsights *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (CLT_IS_PROFILE_INSIGHTS (self));

  if (self->workspace == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  job = g_new0 (Job, 1);
  job->path = g_strdup (clt_workspace_get_path (self->workspace));
  job->profile_id = self->profile_id;
  task = g_task_new (NULL, self->cancellable, insight_read_cb, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, insight_thread);
}

/**
 * clt_profile_insights_get_loading:
 *
 * Returns: whether the insights are being read
 */
gboolean
clt_profile_insights_get_loading (CltProfileInsights *self)
{
  g_return_val_if_fail (CLT_IS_PROFILE_INSIGHTS (self), FALSE);

  return self->cancellable != NULL;
}
