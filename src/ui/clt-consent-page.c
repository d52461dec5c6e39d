/* clt-consent-page.c: what may be used for what, with proof
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-consent-page"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-consent-page.h"
#include "clt-format.h"

struct _CltConsentPage
{
  CltPage        parent_instance;

  GtkStack      *stack;
  AdwStatusPage *summary_page;
};

G_DEFINE_FINAL_TYPE (CltConsentPage, clt_consent_page, CLT_TYPE_PAGE)

static void
clt_consent_page_reload (CltPage *page)
{
  CltConsentPage *self = CLT_CONSENT_PAGE (page);
  CltWorkspace *workspace = clt_page_get_workspace (page);
  g_autofree char *count = NULL;
  g_autofree char *title = NULL;
  gint64 n_events;

  n_events = workspace ? clt_page_get_count (page, "consent_events") : 0;
  if (n_events <= 0)
    {
      gtk_stack_set_visible_child_name (self->stack, n_events < 0 ? "loading" : "empty");
      return;
    }

  count = clt_format_count (n_events);
  /* Translators: %s is a number, such as 1,204 */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s Consent Record", "%s Consent Records", n_events), count);
  adw_status_page_set_title (self->summary_page, title);
  gtk_stack_set_visible_child_name (self->stack, "summary");
}

static void
clt_consent_page_class_init (CltConsentPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CltPageClass *page_class = CLT_PAGE_CLASS (klass);

  page_class->reload = clt_consent_page_reload;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-consent-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CltConsentPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CltConsentPage, summary_page);
}

static void
clt_consent_page_init (CltConsentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
