/* clt-profiles-page.c: the customers in the workspace
 *
 * The customers found by a search, each opening a page with their values and records, and
 * a banner when there are possible duplicates to review.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-profiles-page"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-format.h"
#include "clt-profile-row.h"
#include "clt-profile-view.h"
#include "clt-profiles-page.h"

#define ROWS_SHOWN 100

struct _CltProfilesPage
{
  CltPage            parent_instance;

  AdwNavigationView *navigation;
  AdwBanner         *review_banner;
  GtkStack          *stack;
  GtkLabel          *title_label;
  GtkLabel          *sources_label;
  GtkSearchEntry    *search_entry;
  GtkListBox        *list;
  GtkLabel          *more_label;

  GCancellable      *cancellable;
};

G_DEFINE_FINAL_TYPE (CltProfilesPage, clt_profiles_page, CLT_TYPE_PAGE)

static void
found_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CltProfilesPage) self = user_data;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *more = NULL;

  found = clt_identity_find_profiles_finish (CLT_WORKSPACE (object), result, &error);
  /* A newer search, or the page going, made this one moot. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  if (found == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }

  gtk_list_box_remove_all (self->list);
  for (guint i = 0; i < MIN (found->len, ROWS_SHOWN); i++)
    gtk_list_box_append (self->list, clt_profile_row_new (g_ptr_array_index (found, i), TRUE));
  gtk_widget_set_visible (GTK_WIDGET (self->list), found->len > 0);

  shown = clt_format_count (ROWS_SHOWN);
  if (found->len > ROWS_SHOWN)
    /* Translators: %s is a number, such as 100 */
    more = g_strdup_printf (_("The first %s customers by name. Search to find others."), shown);
  else if (found->len == 0)
    more = g_strdup (_("No customer matches the search."));
  gtk_label_set_label (self->more_label, more ? more : "");
  gtk_widget_set_visible (GTK_WIDGET (self->more_label), more != NULL);
}

/* Finds the customers matching the search in a thread: in a large workspace that takes a while. */
static void
fill_list (CltProfilesPage *self)
{
  CltWorkspace *workspace = clt_page_get_workspace (CLT_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (workspace == NULL)
    {
      gtk_list_box_remove_all (self->list);
      return;
    }

  self->cancellable = g_cancellable_new ();
  clt_identity_find_profiles_async (workspace, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                                    ROWS_SHOWN + 1, self->cancellable, found_cb, g_object_ref (self));
}

static void
search_changed_cb (CltProfilesPage *self)
{
  fill_list (self);
}

static void
view_changed_cb (CltProfilesPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.reload", NULL);
}

/**
 * clt_profiles_page_show_profile:
 *
 * Opens the page of customer @profile_id over the list.
 */
void
clt_profiles_page_show_profile (CltProfilesPage *self,
                                gint64           profile_id)
{
  CltWorkspace *workspace;
  CltProfileView *view;

  g_return_if_fail (CLT_IS_PROFILES_PAGE (self));

  if (!(workspace = clt_page_get_workspace (CLT_PAGE (self))))
    return;
  view = clt_profile_view_new (workspace, profile_id);
  g_signal_connect_object (view, "changed", G_CALLBACK (view_changed_cb), self, G_CONNECT_SWAPPED);
  adw_navigation_view_push (self->navigation, ADW_NAVIGATION_PAGE (view));
}

static void
row_activated_cb (CltProfilesPage *self,
                  GtkListBoxRow   *row)
{
  clt_profiles_page_show_profile (self, clt_profile_row_get_profile_id (CLT_PROFILE_ROW (row)));
}

static void
clt_profiles_page_reload (CltPage *page)
{
  CltProfilesPage *self = CLT_PROFILES_PAGE (page);
  CltWorkspace *workspace = clt_page_get_workspace (page);
  AdwNavigationPage *visible = adw_navigation_view_get_visible_page (self->navigation);
  g_auto(GStrv) sources = NULL;
  g_autofree char *count = NULL;
  g_autofree char *title = NULL;
  g_autofree char *from = NULL;
  g_autofree char *description = NULL;
  g_autofree char *review = NULL;
  g_autofree char *review_count = NULL;
  gint64 n_profiles, n_review;

  n_profiles = workspace ? clt_page_get_count (page, "profiles") : 0;
  if (workspace == NULL)
    adw_navigation_view_pop_to_tag (self->navigation, "list");
  else if (CLT_IS_PROFILE_VIEW (visible))
    clt_profile_view_reload (CLT_PROFILE_VIEW (visible));

  n_review = workspace ? clt_identity_count_review (workspace) : 0;
  review_count = clt_format_count (n_review);
  /* Translators: %s is a number of pairs of records, such as 12 */
  review = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s possible duplicate to review",
                                         "%s possible duplicates to review", n_review), review_count);
  adw_banner_set_title (self->review_banner, review);
  adw_banner_set_revealed (self->review_banner, n_review > 0);

  if (n_profiles <= 0)
    {
      /* Nothing is said until the customers are counted. */
      gtk_stack_set_visible_child_name (self->stack, n_profiles < 0 ? "loading" : "empty");
      return;
    }

  count = clt_format_count (n_profiles);
  /* Translators: %s is a number of customers, such as 12,480 */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s Customer", "%s Customers", n_profiles), count);
  sources = clt_workspace_dup_source_names (workspace, NULL);
  from = sources ? g_strjoinv (", ", sources) : g_strdup ("");
  /* Translators: %s is a list of sources, such as "CRM, Newsletter, Online shop" */
  description = g_strdup_printf (_("Brought together from %s."), from);

  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->sources_label, description);
  fill_list (self);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
clt_profiles_page_dispose (GObject *object)
{
  CltProfilesPage *self = CLT_PROFILES_PAGE (object);

  /* The template's widgets go with the page's child, which AdwBin unparents. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (clt_profiles_page_parent_class)->dispose (object);
}

static void
clt_profiles_page_class_init (CltProfilesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CltPageClass *page_class = CLT_PAGE_CLASS (klass);

  object_class->dispose = clt_profiles_page_dispose;
  page_class->reload = clt_profiles_page_reload;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-profiles-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CltProfilesPage, navigation);
  gtk_widget_class_bind_template_child (widget_class, CltProfilesPage, review_banner);
  gtk_widget_class_bind_template_child (widget_class, CltProfilesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CltProfilesPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, CltProfilesPage, sources_label);
  gtk_widget_class_bind_template_child (widget_class, CltProfilesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CltProfilesPage, list);
  gtk_widget_class_bind_template_child (widget_class, CltProfilesPage, more_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
clt_profiles_page_init (CltProfilesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
