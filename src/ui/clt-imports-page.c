/* clt-imports-page.c: every import, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-imports-page"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-format.h"
#include "clt-imports-page.h"

struct _CltImportsPage
{
  CltPage     parent_instance;

  GtkStack   *stack;
  GtkListBox *batches_list;
};

G_DEFINE_FINAL_TYPE (CltImportsPage, clt_imports_page, CLT_TYPE_PAGE)

static GtkWidget *
create_batch_row (gpointer item,
                  gpointer user_data)
{
  CltImportBatch *batch = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("x-office-document-symbolic");
  g_autofree char *when = clt_format_date_time (clt_import_batch_get_started_at (batch));
  g_autofree char *total = clt_format_count (clt_import_batch_get_rows_total (batch));
  g_autofree char *added = clt_format_count (clt_import_batch_get_rows_new (batch));
  g_autofree char *updated = clt_format_count (clt_import_batch_get_rows_updated (batch));
  g_autofree char *rejected = clt_format_count (clt_import_batch_get_rows_rejected (batch));
  g_autofree char *rows = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: the rows of one import: "312 rows: 300 new, 10 updated, 2 rejected" */
  rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s row: %s new, %s updated, %s rejected",
                                       "%s rows: %s new, %s updated, %s rejected",
                                       clt_import_batch_get_rows_total (batch)),
                          total, added, updated, rejected);
  /* Translators: source · date · rows, e.g. "Online shop · 23.11.2026 14:31 · 312 rows: …" */
  subtitle = g_strdup_printf (_("%s · %s · %s"), clt_import_batch_get_source_name (batch), when, rows);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), clt_import_batch_get_file_name (batch));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  return row;
}

static void
clt_imports_page_reload (CltPage *page)
{
  CltImportsPage *self = CLT_IMPORTS_PAGE (page);
  CltWorkspace *workspace = clt_page_get_workspace (page);
  g_autoptr(GListModel) batches = NULL;
  g_autoptr(GError) error = NULL;

  if (workspace != NULL && !(batches = clt_import_batch_list (workspace, &error)))
    g_warning ("%s", error->message);

  gtk_list_box_bind_model (self->batches_list, batches, create_batch_row, NULL, NULL);
  gtk_stack_set_visible_child_name (self->stack,
                                    batches && g_list_model_get_n_items (batches) > 0 ? "batches" : "empty");
}

static void
clt_imports_page_class_init (CltImportsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CltPageClass *page_class = CLT_PAGE_CLASS (klass);

  page_class->reload = clt_imports_page_reload;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-imports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CltImportsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CltImportsPage, batches_list);
}

static void
clt_imports_page_init (CltImportsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
