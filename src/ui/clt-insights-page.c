/* clt-insights-page.c: what the data says about the customer base
 *
 * A dashboard of cards, two side by side when there is room: revenue per month by source,
 * the active customers per month, the RFM grid (a cell makes a segment of its customers), the
 * distribution of the 12-month customer value, and the newsletter campaigns with the
 * purchases after them. Each card has a button telling how its figures are computed; the
 * cards of a model say so, when it was computed, and whether the workspace changed since.
 *
 * Everything is read in a thread on a connection of its own. Compute Insights runs all the
 * models in the background (clt_insights_compute_async()), with progress and Cancel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-insights-page"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "clt-format.h"
#include "clt-heatmap.h"
#include "clt-insights-page.h"
#include "clt-segment-canvas.h"
#include "clt-segment-editor.h"
#include "clt-segments-page.h"
#include "clt-stacked-bar-chart.h"
#include "clt-window.h"
#include "clt-window-private.h"

struct _CltInsightsPage
{
  CltPage             parent_instance;

  GtkStack           *stack;
  GtkWidget          *progress_box;
  GtkProgressBar     *progress_bar;
  GtkFlowBox         *cards;
  GtkBox             *campaigns_card;

  CltStackedBarChart *revenue_chart;
  CltStackedBarChart *active_chart;
  CltStackedBarChart *value_chart;
  CltHeatmap         *heatmap;
  GtkStack           *rfm_stack;
  GtkStack           *value_stack;
  GtkLabel           *rfm_status;
  GtkLabel           *value_status;
  GtkStack           *campaigns_stack;
  GtkListBox         *campaigns_list;
  GtkStack           *suggestions_stack;
  GtkListBox         *suggestions_list;
  GtkLabel           *suggestions_status;
  GtkLabel           *suggestions_none;

  GCancellable       *cancellable;          /* reading the dashboard */
  GCancellable       *compute_cancellable;  /* while computing */
  gboolean            loading;
  gboolean            has_purchases;
};

G_DEFINE_FINAL_TYPE (CltInsightsPage, clt_insights_page, CLT_TYPE_PAGE)

typedef struct
{
  gint64      purchases;
  char       *currency;
  GArray     *revenue;
  GArray     *active;
  GArray     *bins;
  CltRfmCell  grid[25];
  GPtrArray  *runs;
  GPtrArray  *campaigns;
  GPtrArray  *suggestions;
} Dashboard;

static void
dashboard_free (Dashboard *dashboard)
{
  g_free (dashboard->currency);
  g_clear_pointer (&dashboard->revenue, g_array_unref);
  g_clear_pointer (&dashboard->active, g_array_unref);
  g_clear_pointer (&dashboard->bins, g_array_unref);
  g_clear_pointer (&dashboard->runs, g_ptr_array_unref);
  g_clear_pointer (&dashboard->campaigns, g_ptr_array_unref);
  g_clear_pointer (&dashboard->suggestions, g_ptr_array_unref);
  g_free (dashboard);
}

/* ---- months ---- */

static GDateTime *
month_time (const char *month)
{
  g_autofree char *iso = g_strdup_printf ("%s-01T00:00:00Z", month);

  return g_date_time_new_from_iso8601 (iso, NULL);
}

/* "März 2026", or "Mär 2026" for an axis. */
static char *
month_label (const char *month,
             gboolean    full)
{
  g_autoptr(GDateTime) time = month_time (month);

  if (time == NULL)
    return g_strdup (month);

  /* Translators: a month on the chart's axis, as strftime writes it: "Mar 2024" */
  return g_date_time_format (time, full ? _("%B %Y") : _("%b %Y"));
}

/* Every month from @first to @last, so that months without data show as gaps. */
static GPtrArray *
month_range (const char *first,
             const char *last)
{
  g_autoptr(GPtrArray) months = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) time = month_time (first);
  g_autoptr(GDateTime) end = month_time (last);

  while (time && end && g_date_time_compare (time, end) <= 0)
    {
      GDateTime *next = g_date_time_add_months (time, 1);

      g_ptr_array_add (months, g_date_time_format (time, "%Y-%m"));
      g_date_time_unref (time);
      time = next;
    }

  return g_steal_pointer (&months);
}

static guint
month_index (GPtrArray  *months,
             const char *month)
{
  guint index = 0;

  g_ptr_array_find_with_equal_func (months, month, g_str_equal, &index);

  return index;
}

static GStrv
month_labels (GPtrArray *months,
              gboolean   full)
{
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();

  for (guint i = 0; i < months->len; i++)
    g_strv_builder_take (labels, month_label (g_ptr_array_index (months, i), full));

  return g_strv_builder_end (labels);
}

/* Compute needs purchases to compute from. */
static void
update_compute (CltInsightsPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "insights.compute",
                                 self->has_purchases && self->compute_cancellable == NULL);
}

/* ---- reading ---- */

static void
dashboard_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  Dashboard *dashboard = g_new0 (Dashboard, 1);

  if (!(workspace = clt_workspace_open (path, &error)) ||
      (dashboard->purchases = clt_insights_report_count_purchases (workspace, &error)) < 0)
    goto fail;
  if (dashboard->purchases == 0)
    {
      g_task_return_pointer (task, dashboard, (GDestroyNotify) dashboard_free);
      return;
    }

  dashboard->currency = clt_insights_report_dup_currency (workspace);
  if (!(dashboard->revenue = clt_insights_report_revenue (workspace, &error)) ||
      g_cancellable_set_error_if_cancelled (cancellable, &error) ||
      !(dashboard->active = clt_insights_report_active (workspace, &error)) ||
      g_cancellable_set_error_if_cancelled (cancellable, &error) ||
      !clt_insights_report_rfm_grid (workspace, dashboard->grid, &error) ||
      !(dashboard->bins = clt_insights_report_value_bins (workspace, &error)) ||
      !(dashboard->runs = clt_insights_report_runs (workspace, &error)) ||
      g_cancellable_set_error_if_cancelled (cancellable, &error) ||
      !(dashboard->campaigns = clt_insights_report_campaigns (workspace, CLT_CAMPAIGN_DAYS, &error)) ||
      !(dashboard->suggestions = clt_insights_list_suggestions (workspace, &error)))
    goto fail;

  g_task_return_pointer (task, dashboard, (GDestroyNotify) dashboard_free);
  return;

fail:
  dashboard_free (dashboard);
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
fill_revenue (CltInsightsPage *self,
              Dashboard       *dashboard)
{
  GArray *revenue = dashboard->revenue;
  g_autoptr(GPtrArray) months = NULL;
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) totals = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) series = NULL;
  g_auto(GStrv) full = NULL;
  g_auto(GStrv) axis = NULL;
  g_autofree gint64 *values = NULL;
  g_autofree guint *order = NULL;

  if (revenue->len == 0)
    {
      clt_stacked_bar_chart_set_data (self->revenue_chart, (const char *[]) { NULL }, (const char *[]) { NULL },
                                      (const char *[]) { NULL }, NULL);
      return;
    }

  months = month_range (g_array_index (revenue, CltRevenueMonth, 0).month,
                        g_array_index (revenue, CltRevenueMonth, revenue->len - 1).month);
  for (guint i = 0; i < revenue->len; i++)
    {
      const CltRevenueMonth *month = &g_array_index (revenue, CltRevenueMonth, i);
      guint index;

      if (!g_ptr_array_find_with_equal_func (sources, month->source, g_str_equal, &index))
        {
          gint64 zero = 0;

          g_ptr_array_add (sources, g_strdup (month->source));
          g_array_append_val (totals, zero);
          index = sources->len - 1;
        }
      g_array_index (totals, gint64, index) += month->cents;
    }

  /* The sources that sold most first, at the bottom of the bars. */
  order = g_new0 (guint, sources->len);
  for (guint i = 0; i < sources->len; i++)
    order[i] = i;
  for (guint i = 1; i < sources->len; i++)
    for (guint j = i; j > 0 && g_array_index (totals, gint64, order[j]) > g_array_index (totals, gint64, order[j - 1]); j--)
      {
        guint swap = order[j];

        order[j] = order[j - 1];
        order[j - 1] = swap;
      }
  for (guint i = 0; i < sources->len; i++)
    {
      const char *name = g_ptr_array_index (sources, order[i]);

      g_strv_builder_add (names, name[0] ? name : _("Unknown source"));
    }
  series = g_strv_builder_end (names);

  values = g_new0 (gint64, months->len * sources->len);
  for (guint i = 0; i < revenue->len; i++)
    {
      const CltRevenueMonth *month = &g_array_index (revenue, CltRevenueMonth, i);
      guint source = 0, rank = 0;

      g_ptr_array_find_with_equal_func (sources, month->source, g_str_equal, &source);
      while (order[rank] != source)
        rank++;
      values[month_index (months, month->month) * sources->len + rank] += month->cents;
    }

  full = month_labels (months, TRUE);
  axis = month_labels (months, FALSE);
  clt_stacked_bar_chart_set_currency (self->revenue_chart, dashboard->currency);
  clt_stacked_bar_chart_set_data (self->revenue_chart, (const char * const *) full, (const char * const *) axis,
                                  (const char * const *) series, values);
}

static void
fill_active (CltInsightsPage *self,
             GArray          *active)
{
  g_autoptr(GPtrArray) months = NULL;
  g_auto(GStrv) full = NULL;
  g_auto(GStrv) axis = NULL;
  g_autofree gint64 *values = NULL;

  if (active->len == 0)
    {
      clt_stacked_bar_chart_set_data (self->active_chart, (const char *[]) { NULL }, (const char *[]) { NULL },
                                      (const char *[]) { NULL }, NULL);
      return;
    }

  months = month_range (g_array_index (active, CltActiveMonth, 0).month,
                        g_array_index (active, CltActiveMonth, active->len - 1).month);
  values = g_new0 (gint64, months->len);
  for (guint i = 0; i < active->len; i++)
    values[month_index (months, g_array_index (active, CltActiveMonth, i).month)] = g_array_index (active, CltActiveMonth, i).customers;
  full = month_labels (months, TRUE);
  axis = month_labels (months, FALSE);
  clt_stacked_bar_chart_set_data (self->active_chart, (const char * const *) full, (const char * const *) axis,
                                  (const char *[]) { _("Active customers"), NULL }, values);
}

static void
fill_values (CltInsightsPage *self,
             Dashboard       *dashboard)
{
  g_autoptr(GStrvBuilder) full = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) axis = g_strv_builder_new ();
  g_auto(GStrv) full_labels = NULL;
  g_auto(GStrv) axis_labels = NULL;
  g_autofree gint64 *values = g_new0 (gint64, dashboard->bins->len + 1);

  for (guint i = 0; i < dashboard->bins->len; i++)
    {
      const CltValueBin *bin = &g_array_index (dashboard->bins, CltValueBin, i);
      g_autofree char *low = clt_format_money_whole (bin->low_cents, dashboard->currency);
      g_autofree char *high = bin->high_cents < 0 ? NULL : clt_format_money_whole (bin->high_cents, dashboard->currency);

      if (high)
        /* Translators: a bar of the customer value distribution: "100 € to 200 €" */
        g_strv_builder_take (full, g_strdup_printf (_("%s to %s"), low, high));
      else
        /* Translators: the last bar of the customer value distribution: "2,000 € or more" */
        g_strv_builder_take (full, g_strdup_printf (_("%s or more"), low));
      g_strv_builder_add (axis, low);
      values[i] = bin->customers;
    }
  full_labels = g_strv_builder_end (full);
  axis_labels = g_strv_builder_end (axis);
  clt_stacked_bar_chart_set_data (self->value_chart, (const char * const *) full_labels, (const char * const *) axis_labels,
                                  (const char *[]) { _("Customers"), NULL }, values);
  gtk_stack_set_visible_child_name (self->value_stack, dashboard->bins->len > 0 ? "chart" : "none");
}

static const CltInsightRun *
find_run (GPtrArray  *runs,
          const char *model)
{
  for (guint i = 0; i < runs->len; i++)
    if (g_str_equal (((CltInsightRun *) g_ptr_array_index (runs, i))->model, model))
      return g_ptr_array_index (runs, i);

  return NULL;
}

/* "Computed on 03.12.2026", or that it is out of date or not computed. */
static void
set_run_status (GtkLabel            *label,
                const CltInsightRun *run)
{
  g_autofree char *date = run ? clt_format_date (run->computed_at) : NULL;
  g_autofree char *text = NULL;

  if (run == NULL)
    text = g_strdup (_("Not computed yet: use Compute Insights"));
  else if (run->stale)
    /* Translators: a model's results from before the latest changes: "Computed on 03.12.2026 …" */
    text = g_strdup_printf (_("Computed on %s · Out of date, compute again"), date);
  else
    /* Translators: when a model's results were computed */
    text = g_strdup_printf (_("Computed on %s"), date);

  gtk_label_set_label (label, text);
  if (run && run->stale)
    gtk_widget_add_css_class (GTK_WIDGET (label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "warning");
}

static void
fill_rfm (CltInsightsPage *self,
          Dashboard       *dashboard)
{
  gint64 counts[25], means[25];
  gint64 total = 0;

  for (guint i = 0; i < 25; i++)
    {
      counts[i] = dashboard->grid[i].customers;
      means[i] = dashboard->grid[i].mean_monetary_cents;
      total += counts[i];
    }
  clt_heatmap_set_cells (self->heatmap, counts, means, dashboard->currency);
  gtk_stack_set_visible_child_name (self->rfm_stack, total > 0 ? "chart" : "none");
}

static GtkWidget *
campaign_row (const CltCampaignRow *campaign,
              const char           *currency)
{
  GtkWidget *row = adw_action_row_new ();
  gint64 others = campaign->recipients - campaign->opened;
  g_autofree char *date = clt_format_date (campaign->first_at);
  g_autofree char *recipients = clt_format_count (campaign->recipients);
  g_autofree char *opened = clt_format_count (campaign->opened);
  g_autofree char *clicked = clt_format_count (campaign->clicked);
  g_autofree char *reach = NULL;
  g_autofree char *comparison = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: a campaign's reach: "03.11.2026 · 240 recipients · 120 opened · 30 clicked" */
  reach = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %s recipient · %s opened · %s clicked",
                                        "%s · %s recipients · %s opened · %s clicked", campaign->recipients),
                           date, recipients, opened, clicked);
  if (campaign->opened > 0 && others > 0)
    {
      g_autofree char *per_opener = clt_format_money (campaign->opened_revenue_cents / campaign->opened, currency);
      g_autofree char *per_other = clt_format_money (campaign->others_revenue_cents / others, currency);

      /* Translators: purchases in the 14 days after a campaign, per person */
      comparison = g_strdup_printf (_("Bought in the %d days after: %s per opener, %s per recipient who did not open"),
                                    CLT_CAMPAIGN_DAYS, per_opener, per_other);
    }
  else if (campaign->opened > 0)
    {
      g_autofree char *per_opener = clt_format_money (campaign->opened_revenue_cents / campaign->opened, currency);

      /* Translators: purchases after a campaign that every known recipient opened */
      comparison = g_strdup_printf (_("Bought in the %d days after: %s per opener; no recipients who did not open to compare with"),
                                    CLT_CAMPAIGN_DAYS, per_opener);
    }
  else
    comparison = g_strdup (_("Nobody is known to have opened it"));

  subtitle = g_strconcat (reach, "\n", comparison, NULL);
  if (campaign->tagged_orders > 0)
    {
      g_autofree char *orders = clt_format_count (campaign->tagged_orders);
      g_autofree char *revenue = clt_format_money (campaign->tagged_revenue_cents, currency);
      g_autofree char *tagged = NULL;

      /* Translators: shop orders whose utm_campaign names the campaign: "3 orders tagged with it: 120.00 €" */
      tagged = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s order tagged with it: %s", "%s orders tagged with it: %s",
                                             campaign->tagged_orders), orders, revenue);
      g_free (subtitle);
      subtitle = g_strconcat (reach, "\n", comparison, "\n", tagged, NULL);
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), campaign->campaign);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  return row;
}

static void
fill_campaigns (CltInsightsPage *self,
                Dashboard       *dashboard)
{
  gtk_list_box_remove_all (self->campaigns_list);
  for (guint i = 0; i < dashboard->campaigns->len; i++)
    gtk_list_box_append (self->campaigns_list, campaign_row (g_ptr_array_index (dashboard->campaigns, i), dashboard->currency));
  gtk_stack_set_visible_child_name (self->campaigns_stack, dashboard->campaigns->len > 0 ? "list" : "none");
}

/* ---- suggested audiences ---- */

typedef struct
{
  char  *path;
  guint  index;
  char  *name;
} MakeSegment;

static void
make_segment_free (MakeSegment *make)
{
  g_free (make->path);
  g_free (make->name);
  g_free (make);
}

/* Saves the suggestion as a fixed list named after it; "(2)", "(3)" … when the name is taken. */
static void
make_segment_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  MakeSegment *make = task_data;
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;

  if (!(workspace = clt_workspace_open (make->path, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (guint n = 1; n <= 20; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup (make->name) : g_strdup_printf ("%s (%u)", make->name, n);

      g_clear_error (&error);
      if (clt_insights_save_suggestion (workspace, make->index, name, NULL, &error) > 0)
        {
          g_task_return_pointer (task, g_steal_pointer (&name), g_free);
          return;
        }
      if (!g_error_matches (error, CLT_SEGMENT_ERROR, CLT_SEGMENT_ERROR_EXISTS))
        break;
    }
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
segment_made_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CltInsightsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *text = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (name == NULL)
    /* Translators: making a segment of a suggested audience failed; %s says why */
    text = g_strdup_printf (_("Could not make the segment: %s"), error->message);
  else
    /* Translators: a suggested audience became a segment */
    text = g_strdup_printf (_("Made the segment “%s”"), name);
  clt_window_show_toast (GTK_WIDGET (self), adw_toast_new (text));
  if (name != NULL && CLT_IS_WINDOW (root))
    clt_window_reload (CLT_WINDOW (root));
}

static void
make_segment_clicked_cb (GtkButton       *button,
                         CltInsightsPage *self)
{
  CltWorkspace *workspace = clt_page_get_workspace (CLT_PAGE (self));
  g_autoptr(GTask) task = NULL;
  MakeSegment *make;

  if (workspace == NULL)
    return;
  make = g_new0 (MakeSegment, 1);
  make->path = g_strdup (clt_workspace_get_path (workspace));
  make->index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));
  make->name = g_strdup (g_object_get_data (G_OBJECT (button), "description"));
  task = g_task_new (NULL, NULL, segment_made_cb, g_object_ref (self));
  g_task_set_task_data (task, make, (GDestroyNotify) make_segment_free);
  g_task_run_in_thread (task, make_segment_thread);
}

static GtkWidget *
suggestion_row (CltInsightsPage       *self,
                CltAudienceSuggestion *suggestion)
{
  GtkWidget *row = adw_action_row_new ();
  /* The card says they are suggestions; a row has room for its description even when narrow. */
  GtkWidget *button = gtk_button_new_from_icon_name ("list-add-symbolic");
  g_autofree char *count = clt_format_count (clt_audience_suggestion_get_size (suggestion));
  /* Translators: a share in percent; German writes a space before the sign */
  g_autofree char *share = g_strdup_printf (_("%d%%"), (int) round (clt_audience_suggestion_get_share (suggestion) * 100));
  g_autofree char *features = g_strjoinv (", ", (char **) clt_audience_suggestion_get_features (suggestion));
  g_autofree char *subtitle = NULL;
  g_autofree char *used = NULL;

  /* Translators: a suggested audience's size: "1.240 customers · 12 % of those who bought" */
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s customer · %s of those who bought",
                                           "%s customers · %s of those who bought", clt_audience_suggestion_get_size (suggestion)),
                              count, share);
  /* Translators: the features a suggested audience was found by */
  used = g_strdup_printf (_("Found by: %s"), features);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), clt_audience_suggestion_get_description (suggestion));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_tooltip_text (row, used);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Make Segment"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Make Segment"), -1);
  g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (clt_audience_suggestion_get_index (suggestion)));
  g_object_set_data_full (G_OBJECT (button), "description",
                          g_strdup (clt_audience_suggestion_get_description (suggestion)), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (make_segment_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
fill_suggestions (CltInsightsPage *self,
                  Dashboard       *dashboard)
{
  const CltInsightRun *run = find_run (dashboard->runs, "suggestions");

  gtk_list_box_remove_all (self->suggestions_list);
  for (guint i = 0; i < dashboard->suggestions->len; i++)
    gtk_list_box_append (self->suggestions_list, suggestion_row (self, g_ptr_array_index (dashboard->suggestions, i)));
  gtk_label_set_label (self->suggestions_none,
                       run == NULL ? _("Not computed yet. Compute Insights to have audiences suggested.")
                                   : _("Too few customers with purchases to suggest audiences: at least 50 are needed."));
  gtk_stack_set_visible_child_name (self->suggestions_stack, dashboard->suggestions->len > 0 ? "list" : "none");
  set_run_status (self->suggestions_status, run);
}

static void
dashboard_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CltInsightsPage) self = user_data;
  Dashboard *dashboard;
  g_autoptr(GError) error = NULL;

  dashboard = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      g_clear_pointer (&dashboard, dashboard_free);
      return;
    }
  self->loading = FALSE;
  self->has_purchases = dashboard != NULL && dashboard->purchases > 0;
  update_compute (self);
  if (dashboard == NULL)
    {
      g_warning ("Could not read the insights: %s", error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  if (dashboard->purchases == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      dashboard_free (dashboard);
      return;
    }

  fill_revenue (self, dashboard);
  fill_active (self, dashboard->active);
  fill_rfm (self, dashboard);
  fill_values (self, dashboard);
  set_run_status (self->rfm_status, find_run (dashboard->runs, "rfm"));
  set_run_status (self->value_status, find_run (dashboard->runs, "clv"));
  fill_campaigns (self, dashboard);
  fill_suggestions (self, dashboard);
  gtk_stack_set_visible_child_name (self->stack, "dashboard");
  dashboard_free (dashboard);
}

static void
clt_insights_page_reload (CltPage *page)
{
  CltInsightsPage *self = CLT_INSIGHTS_PAGE (page);
  CltWorkspace *workspace = clt_page_get_workspace (page);
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->loading = FALSE;
  if (workspace == NULL)
    {
      self->has_purchases = FALSE;
      update_compute (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  if (!g_str_equal (gtk_stack_get_visible_child_name (self->stack), "dashboard"))
    gtk_stack_set_visible_child_name (self->stack, "loading");

  self->loading = TRUE;
  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, dashboard_loaded_cb, g_object_ref (self));
  g_task_set_task_data (task, g_strdup (clt_workspace_get_path (workspace)), g_free);
  g_task_run_in_thread (task, dashboard_thread);
}

/* ---- actions ---- */

static void
compute_progress_cb (double   fraction,
                     gpointer user_data)
{
  clt_insights_page_set_progress (user_data, fraction);
}

static void
computed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CltInsightsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!clt_insights_compute_finish (result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        /* Translators: computing the insights was cancelled; what was computed before is kept */
        text = g_strdup (_("Computing stopped; the figures computed before are kept"));
      else
        /* Translators: computing the insights failed; %s says why */
        text = g_strdup_printf (_("Could not compute the insights: %s"), error->message);
      clt_window_show_toast (GTK_WIDGET (self), adw_toast_new (text));
    }
  clt_insights_page_set_computing (self, FALSE);
}

static void
compute_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CltInsightsPage *self = CLT_INSIGHTS_PAGE (widget);
  g_autoptr(GCancellable) cancellable = NULL;

  CltWorkspace *workspace = clt_page_get_workspace (CLT_PAGE (self));

  if (self->compute_cancellable != NULL || workspace == NULL)
    return;
  clt_insights_page_set_computing (self, TRUE);
  cancellable = g_object_ref (self->compute_cancellable);
  /* The task holds the page until it ends, after its last progress. */
  clt_insights_compute_async (clt_workspace_get_path (workspace), NULL, compute_progress_cb, self, cancellable,
                              computed_cb, g_object_ref (self));
}

static void
cancel_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  CltInsightsPage *self = CLT_INSIGHTS_PAGE (widget);

  g_cancellable_cancel (self->compute_cancellable);
}

/* A cell of the RFM grid: the segment builder opens on a new segment of its customers,
 * "RFM recency score = r and RFM frequency score = f", to refine and save. */
static void
cell_activated_cb (CltInsightsPage *self,
                   int              r,
                   int              f)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(CltSegmentGroup) group = clt_segment_group_new (CLT_SEGMENT_MATCH_ALL);
  g_autofree char *r_text = g_strdup_printf ("%d", r);
  g_autofree char *f_text = g_strdup_printf ("%d", f);
  g_autoptr(CltCondition) recency = clt_condition_new (CLT_CONDITION_ATTRIBUTE, "r_score", CLT_OPERATOR_EQ,
                                                       (const char * const[]) { r_text, NULL });
  g_autoptr(CltCondition) frequency = clt_condition_new (CLT_CONDITION_ATTRIBUTE, "f_score", CLT_OPERATOR_EQ,
                                                         (const char * const[]) { f_text, NULL });
  CltSegmentsPage *segments;
  CltSegmentEditor *editor;

  if (!CLT_IS_WINDOW (root) || clt_page_get_workspace (CLT_PAGE (self)) == NULL)
    return;
  clt_segment_group_append (group, CLT_SEGMENT_NODE (recency));
  clt_segment_group_append (group, CLT_SEGMENT_NODE (frequency));
  clt_window_show_page (CLT_WINDOW (root), "segments");
  segments = CLT_SEGMENTS_PAGE (gtk_stack_get_child_by_name (CLT_WINDOW (root)->pages_stack, "segments"));
  editor = clt_segments_page_open (segments, 0);
  clt_segment_canvas_set_root (clt_segment_editor_get_canvas (editor), group);
}

/* ---- cards ---- */

/* What a card's figures are: recorded, computed by a model, or suggested. */
typedef enum
{
  CARD_RECORDED,
  CARD_COMPUTED,
  CARD_SUGGESTED,
} CardBadge;

/* A card: its title, a "Computed" or "Suggestion" badge for a model's results, a button
 * saying how it is computed, a line for the model's state, and @content. */
static GtkWidget *
card_new (const char  *title,
          const char  *how,
          CardBadge    badge_kind,
          GtkLabel   **status,
          GtkWidget   *content)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *explanation = gtk_label_new (how);
  g_autofree char *button_label = NULL;

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "insight-card");

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (heading), 20);
  gtk_widget_set_hexpand (heading, TRUE);
  gtk_widget_add_css_class (heading, "heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (heading), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  gtk_box_append (GTK_BOX (header), heading);
  if (badge_kind != CARD_RECORDED)
    {
      /* Translators: a badge on a card whose figures a model computed, or whose audiences it proposes */
      GtkWidget *badge = gtk_label_new (badge_kind == CARD_COMPUTED ? _("Computed") : C_("segment", "Suggestion"));

      gtk_widget_add_css_class (badge, "badge");
      gtk_widget_add_css_class (badge, "accent");
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (badge, badge_kind == CARD_COMPUTED
                                          ? _("Estimated by a statistical model from the purchases, not recorded")
                                          : _("Proposed by grouping the customers; a segment only when you make one"));
      gtk_box_append (GTK_BOX (header), badge);
    }

  gtk_label_set_wrap (GTK_LABEL (explanation), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (explanation), 44);
  gtk_label_set_xalign (GTK_LABEL (explanation), 0);
  gtk_widget_set_margin_start (explanation, 6);
  gtk_widget_set_margin_end (explanation, 6);
  gtk_widget_set_margin_top (explanation, 6);
  gtk_widget_set_margin_bottom (explanation, 6);
  gtk_popover_set_child (GTK_POPOVER (popover), explanation);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "help-about-symbolic");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* Translators: the info button of a card: "How is “Revenue per Month” computed?" */
  button_label = g_strdup_printf (_("How is “%s” computed?"), title);
  gtk_widget_set_tooltip_text (button, button_label);
  gtk_box_append (GTK_BOX (header), button);
  gtk_box_append (GTK_BOX (card), header);

  if (status)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (card), label);
      *status = GTK_LABEL (label);
    }

  gtk_widget_set_vexpand (content, TRUE);
  gtk_box_append (GTK_BOX (card), content);

  return card;
}

/* A chart, or a line saying why there is none. */
static GtkWidget *
chart_stack_new (GtkWidget   *chart,
                 const char  *none,
                 GtkStack   **stack_out)
{
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *label = gtk_label_new (none);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_stack_add_named (GTK_STACK (stack), chart, "chart");
  gtk_stack_add_named (GTK_STACK (stack), label, "none");
  *stack_out = GTK_STACK (stack);

  return stack;
}

static void
add_card (CltInsightsPage *self,
          GtkWidget       *card)
{
  GtkWidget *child = gtk_flow_box_child_new ();

  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), card);
  gtk_widget_set_focusable (child, FALSE);
  gtk_flow_box_append (self->cards, child);
}

static void
build_cards (CltInsightsPage *self)
{
  GtkWidget *list_stack;
  GtkWidget *none;
  GtkWidget *card;
  g_autofree char *campaign_how = NULL;

  self->revenue_chart = CLT_STACKED_BAR_CHART (clt_stacked_bar_chart_new ());
  clt_stacked_bar_chart_set_title (self->revenue_chart, _("Revenue per month by source"));
  add_card (self, card_new (_("Revenue per Month"),
                            _("The amounts of all shop orders and loyalty receipts, summed per calendar month (UTC) and "
                              "stacked by the source they were imported from. Returns that came in as negative amounts are "
                              "subtracted."),
                            CARD_RECORDED, NULL, GTK_WIDGET (self->revenue_chart)));

  self->active_chart = CLT_STACKED_BAR_CHART (clt_stacked_bar_chart_new ());
  clt_stacked_bar_chart_set_title (self->active_chart, _("Active customers per month"));
  add_card (self, card_new (_("Active Customers"),
                            _("The customers with anything recorded in a month: a purchase, a receipt, a newsletter "
                              "sign-up, open or click. Each customer counts once per month."),
                            CARD_RECORDED, NULL, GTK_WIDGET (self->active_chart)));

  self->heatmap = CLT_HEATMAP (clt_heatmap_new ());
  g_signal_connect_object (self->heatmap, "cell-activated", G_CALLBACK (cell_activated_cb), self, G_CONNECT_SWAPPED);
  card = card_new (_("RFM Grid"),
                   _("Each customer gets a score from 1 to 5 for how recently they bought (recency) and how often "
                     "(frequency), by fifths of all customers who bought. A cell counts the customers with that pair of "
                     "scores; the stronger its colour, the more they are. Top right are the best customers, bottom left "
                     "those who bought once, long ago. Point at a cell for the money they spent on average."),
                   CARD_COMPUTED, &self->rfm_status,
                   chart_stack_new (GTK_WIDGET (self->heatmap), _("Not computed yet. Compute Insights to see who buys recently and often."),
                                    &self->rfm_stack));
  add_card (self, card);

  self->value_chart = CLT_STACKED_BAR_CHART (clt_stacked_bar_chart_new ());
  clt_stacked_bar_chart_set_title (self->value_chart, _("Customers by expected value in the next 12 months"));
  card = card_new (_("Customer Value in 12 Months"),
                   _("How many customers are expected to spend how much in the next 12 months. The value is estimated by "
                     "statistical models from each customer’s purchases so far: how often and how recently they bought, "
                     "and how much per purchase. The last bar holds the few above the 95th percentile."),
                   CARD_COMPUTED, &self->value_status,
                   chart_stack_new (GTK_WIDGET (self->value_chart), _("Not computed yet. Compute Insights to estimate each customer’s value."),
                                    &self->value_stack));
  add_card (self, card);

  self->campaigns_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->campaigns_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->campaigns_list), "boxed-list");
  list_stack = gtk_stack_new ();
  gtk_stack_set_vhomogeneous (GTK_STACK (list_stack), FALSE);
  gtk_stack_add_named (GTK_STACK (list_stack), GTK_WIDGET (self->campaigns_list), "list");
  none = gtk_label_new (_("No newsletter opens or clicks with a campaign name yet."));
  gtk_label_set_wrap (GTK_LABEL (none), TRUE);
  gtk_widget_add_css_class (none, "dim-label");
  gtk_stack_add_named (GTK_STACK (list_stack), none, "none");
  self->campaigns_stack = GTK_STACK (list_stack);
  /* Translators: %d is the days after a campaign whose purchases count (14) */
  campaign_how = g_strdup_printf (_("A campaign’s recipients are the customers with any newsletter event naming it: an open, a "
                                    "click, an unsubscribe or a bounce. Openers opened or clicked. For each opener, the purchases "
                                    "in the %d days after their first open count; for the recipients who did not open, the "
                                    "comparable group, those in the %d days after the campaign’s first event. Both are shown "
                                    "per person. The imports hold no “sent” events, so recipients who did nothing at all are "
                                    "not known, and the comparison shows a link, not proof that the campaign caused the "
                                    "purchases. Shop orders whose export names the campaign (utm_campaign) are counted "
                                    "beside."),
                                  CLT_CAMPAIGN_DAYS, CLT_CAMPAIGN_DAYS);
  card = card_new (_("Newsletter Campaigns"), campaign_how, CARD_RECORDED, NULL, list_stack);
  gtk_widget_set_vexpand (list_stack, FALSE);
  gtk_box_append (self->campaigns_card, card);

  self->suggestions_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->suggestions_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->suggestions_list), "boxed-list");
  list_stack = gtk_stack_new ();
  gtk_stack_set_vhomogeneous (GTK_STACK (list_stack), FALSE);
  gtk_stack_add_named (GTK_STACK (list_stack), GTK_WIDGET (self->suggestions_list), "list");
  none = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (none), TRUE);
  gtk_widget_add_css_class (none, "dim-label");
  gtk_stack_add_named (GTK_STACK (list_stack), none, "none");
  self->suggestions_none = GTK_LABEL (none);
  self->suggestions_stack = GTK_STACK (list_stack);
  card = card_new (_("Suggested Audiences"),
                   _("Customers who bought something are grouped by what they do: how recently and how often they buy, "
                     "their average basket, whether they buy with the loyalty card or in the web shop, and whether they "
                     "read the newsletter. Two to six groups are tried (k-means) and the number whose groups are most "
                     "clearly apart is kept (silhouette). Each group is described by where it differs most from everyone. "
                     "Age and signs of financial distress are never used. A suggestion becomes a fixed list of its "
                     "customers only when you make it a segment."),
                   CARD_SUGGESTED, &self->suggestions_status, list_stack);
  gtk_widget_set_vexpand (list_stack, FALSE);
  gtk_widget_set_margin_top (card, 12);
  gtk_box_append (self->campaigns_card, card);
}

static void
clt_insights_page_dispose (GObject *object)
{
  CltInsightsPage *self = CLT_INSIGHTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->compute_cancellable);
  g_clear_object (&self->compute_cancellable);

  G_OBJECT_CLASS (clt_insights_page_parent_class)->dispose (object);
}

static void
clt_insights_page_class_init (CltInsightsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CltPageClass *page_class = CLT_PAGE_CLASS (klass);

  object_class->dispose = clt_insights_page_dispose;
  page_class->reload = clt_insights_page_reload;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-insights-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CltInsightsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CltInsightsPage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, CltInsightsPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CltInsightsPage, cards);
  gtk_widget_class_bind_template_child (widget_class, CltInsightsPage, campaigns_card);

  gtk_widget_class_install_action (widget_class, "insights.compute", NULL, compute_cb);
  gtk_widget_class_install_action (widget_class, "insights.cancel", NULL, cancel_cb);
}

static void
clt_insights_page_init (CltInsightsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  build_cards (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "insights.compute", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "insights.cancel", FALSE);
}

/**
 * clt_insights_page_set_computing:
 *
 * Shows that the insights are being computed, with a progress bar and Cancel, or that the
 * computation ended: then the page reads the results.
 */
void
clt_insights_page_set_computing (CltInsightsPage *self,
                                 gboolean         computing)
{
  g_return_if_fail (CLT_IS_INSIGHTS_PAGE (self));

  if (computing == (self->compute_cancellable != NULL))
    return;

  if (computing)
    self->compute_cancellable = g_cancellable_new ();
  else
    g_clear_object (&self->compute_cancellable);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_widget_set_visible (self->progress_box, computing);
  update_compute (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "insights.cancel", computing);
  if (!computing)
    clt_page_reload (CLT_PAGE (self));
}

gboolean
clt_insights_page_get_computing (CltInsightsPage *self)
{
  g_return_val_if_fail (CLT_IS_INSIGHTS_PAGE (self), FALSE);

  return self->compute_cancellable != NULL;
}

/**
 * clt_insights_page_set_progress:
 * @fraction: how much of the computation is done, 0 to 1
 */
void
clt_insights_page_set_progress (CltInsightsPage *self,
                                double           fraction)
{
  g_return_if_fail (CLT_IS_INSIGHTS_PAGE (self));

  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0, 1));
}

/**
 * clt_insights_page_get_loading:
 *
 * Returns: whether the page is being read
 */
gboolean
clt_insights_page_get_loading (CltInsightsPage *self)
{
  g_return_val_if_fail (CLT_IS_INSIGHTS_PAGE (self), FALSE);

  return self->loading;
}
