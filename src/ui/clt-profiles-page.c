/* clt-profiles-page.c: the customers in the workspace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-profiles-page"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-format.h"
#include "clt-profiles-page.h"

struct _CltProfilesPage
{
  CltPage        parent_instance;

  GtkStack      *stack;
  AdwStatusPage *summary_page;
};

G_DEFINE_FINAL_TYPE (CltProfilesPage, clt_profiles_page, CLT_TYPE_PAGE)

static void
clt_profiles_page_reload (CltPage *page)
{
  CltProfilesPage *self = CLT_PROFILES_PAGE (page);
  CltWorkspace *workspace = clt_page_get_workspace (page);
  g_auto(GStrv) sources = NULL;
  g_autofree char *count = NULL;
  g_autofree char *title = NULL;
  g_autofree char *from = NULL;
  g_autofree char *description = NULL;
  gint64 n_profiles;

  n_profiles = workspace ? clt_page_get_count (page, "profiles") : 0;
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

  adw_status_page_set_title (self->summary_page, title);
  adw_status_page_set_description (self->summary_page, description);
  gtk_stack_set_visible_child_name (self->stack, "summary");
}

static void
clt_profiles_page_class_init (CltProfilesPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CltPageClass *page_class = CLT_PAGE_CLASS (klass);

  page_class->reload = clt_profiles_page_reload;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-profiles-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CltProfilesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CltProfilesPage, summary_page);
}

static void
clt_profiles_page_init (CltProfilesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
