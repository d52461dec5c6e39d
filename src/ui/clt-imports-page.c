/* clt-imports-page.c: every import, newest first, with its details and Undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-imports-page"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-format.h"
#include "clt-imports-page.h"
#include "clt-source-icon.h"

#define REJECTS_SHOWN 50

struct _CltImportsPage
{
  CltPage     parent_instance;

  GtkStack   *stack;
  GtkListBox *batches_list;
};

G_DEFINE_FINAL_TYPE (CltImportsPage, clt_imports_page, CLT_TYPE_PAGE)

static GtkWidget *
detail_row (const char *title,
            const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value ? value : "");
  adw_action_row_set_subtitle_selectable (ADW_ACTION_ROW (row), TRUE);
  gtk_widget_add_css_class (row, "property");

  return row;
}

static void
expanded_cb (AdwExpanderRow *row,
             GParamSpec     *pspec,
             CltImportsPage *self)
{
  CltImportBatch *batch = g_object_get_data (G_OBJECT (row), "batch");
  CltWorkspace *workspace = clt_page_get_workspace (CLT_PAGE (self));
  g_autoptr(GPtrArray) rejects = NULL;
  g_autoptr(GError) error = NULL;

  /* The rejected rows are read when the details are first opened. */
  if (!adw_expander_row_get_expanded (row) || g_object_get_data (G_OBJECT (row), "rejects-shown") ||
      clt_import_batch_get_rows_rejected (batch) == 0 || workspace == NULL)
    return;

  g_object_set_data (G_OBJECT (row), "rejects-shown", GINT_TO_POINTER (TRUE));
  if (!(rejects = clt_import_batch_list_rejects (batch, workspace, REJECTS_SHOWN, &error)))
    {
      g_warning ("%s", error->message);
      return;
    }

  /* Translators: the title of a rejected row's details, which read "line: column: reason" */
  for (guint i = 0; i < rejects->len; i++)
    adw_expander_row_add_row (row, detail_row (_("Rejected Row"), g_ptr_array_index (rejects, i)));
}

static GtkWidget *
create_batch_row (gpointer item,
                  gpointer user_data)
{
  CltImportsPage *self = user_data;
  CltImportBatch *batch = item;
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (clt_source_icon_name (clt_import_batch_get_source_kind (batch)));
  const CltPreset *preset = clt_preset_find (clt_import_batch_get_preset (batch));
  gboolean undone = g_strcmp0 (clt_import_batch_get_state (batch), "undone") == 0;
  g_autofree char *when = clt_format_date_time (clt_import_batch_get_started_at (batch));
  g_autofree char *total = clt_format_count (clt_import_batch_get_rows_total (batch));
  g_autofree char *added = clt_format_count (clt_import_batch_get_rows_new (batch));
  g_autofree char *updated = clt_format_count (clt_import_batch_get_rows_updated (batch));
  g_autofree char *unchanged = clt_format_count (clt_import_batch_get_rows_unchanged (batch));
  g_autofree char *rejected = clt_format_count (clt_import_batch_get_rows_rejected (batch));
  g_autofree char *rows = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: the rows of one import: "312 rows: 300 new, 10 updated, 2 rejected" */
  rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s row: %s new, %s updated, %s rejected",
                                       "%s rows: %s new, %s updated, %s rejected",
                                       clt_import_batch_get_rows_total (batch)),
                          total, added, updated, rejected);
  if (undone)
    /* Translators: an import that was undone: "Undone · Online shop · 23.11.2026 14:31" */
    subtitle = g_strdup_printf (_("Undone · %s · %s"), clt_import_batch_get_source_name (batch), when);
  else
    /* Translators: source · date · rows, e.g. "Online shop · 23.11.2026 14:31 · 312 rows: …" */
    subtitle = g_strdup_printf (_("%s · %s · %s"), clt_import_batch_get_source_name (batch), when, rows);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), clt_import_batch_get_file_name (batch));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), icon);
  if (undone)
    gtk_widget_add_css_class (row, "dim-label");

  if (!undone)
    {
      GtkWidget *undo = gtk_button_new_from_icon_name ("edit-undo-symbolic");

      gtk_widget_set_valign (undo, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (undo, "flat");
      gtk_widget_set_tooltip_text (undo, _("Undo Import"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (undo), "win.undo-import");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (undo), "x", clt_import_batch_get_id (batch));
      adw_expander_row_add_suffix (ADW_EXPANDER_ROW (row), undo);
    }

  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), detail_row (_("Source"), clt_import_batch_get_source_name (batch)));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), detail_row (_("Read As"), preset ? clt_preset_get_name (preset) : NULL));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), detail_row (_("Encoding"), clt_import_batch_get_encoding (batch)));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), detail_row (_("Rows"), rows));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), detail_row (_("Unchanged Rows"), unchanged));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), detail_row (_("Imported By"), clt_import_batch_get_actor (batch)));

  g_object_set_data_full (G_OBJECT (row), "batch", g_object_ref (batch), g_object_unref);
  g_signal_connect_object (row, "notify::expanded", G_CALLBACK (expanded_cb), self, 0);

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

  gtk_list_box_bind_model (self->batches_list, batches, create_batch_row, self, NULL);
  gtk_stack_set_visible_child_name (self->stack,
                                    batches && g_list_model_get_n_items (batches) > 0 ? "batches" : "empty");
}

static void
clt_imports_page_dispose (GObject *object)
{
  CltImportsPage *self = CLT_IMPORTS_PAGE (object);

  /* The rows go with their model. The template's widgets go with the page's child, which
   * AdwBin unparents: disposing the template here would leave it a dangling child. */
  if (self->batches_list)
    gtk_list_box_bind_model (self->batches_list, NULL, NULL, NULL, NULL);

  G_OBJECT_CLASS (clt_imports_page_parent_class)->dispose (object);
}

static void
clt_imports_page_class_init (CltImportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CltPageClass *page_class = CLT_PAGE_CLASS (klass);

  object_class->dispose = clt_imports_page_dispose;
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
