/* clt-export-dialog.c: exporting an audience for a purpose, with who is left out and why
 *
 * The dialog asks for the purpose and the format (and, for a spreadsheet, the columns); for
 * the chosen purpose it counts in a worker who would be exported and who is left out, by
 * reason. Export… asks where to save, writes the file in a worker with progress and Cancel,
 * and says in a toast how many were exported, with a button to show the file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-export-dialog.h"
#include "clt-format.h"
#include "clt-window.h"

struct _CltExportDialog
{
  AdwDialog            parent_instance;

  AdwWindowTitle      *window_title;
  GtkStack            *stack;
  AdwComboRow         *purpose_row;
  AdwComboRow         *format_row;
  AdwPreferencesGroup *columns_group;
  AdwPreferencesGroup *who_group;
  AdwSpinner          *spinner;
  GtkLabel            *exported_label;
  GtkLabel            *excluded_label;
  GtkWidget           *export_button;
  GtkProgressBar      *progress_bar;
  GtkWidget           *cancel_button;

  CltExporter         *exporter;
  GStrv                purposes;
  GPtrArray           *reason_rows;
  GPtrArray           *column_rows;
  CltEligibility      *eligibility;
  GCancellable        *check_cancellable;
  GCancellable        *run_cancellable;
  gboolean             checking;
};

G_DEFINE_FINAL_TYPE (CltExportDialog, clt_export_dialog, ADW_TYPE_DIALOG)

static void
show_check (CltExportDialog *self)
{
  g_autofree char *exported = NULL;
  g_autofree char *excluded = NULL;

  for (guint i = 0; i < self->reason_rows->len; i++)
    adw_preferences_group_remove (self->who_group, g_ptr_array_index (self->reason_rows, i));
  g_ptr_array_set_size (self->reason_rows, 0);

  if (self->eligibility == NULL)
    {
      gtk_label_set_label (self->exported_label, "…");
      gtk_label_set_label (self->excluded_label, "…");
      gtk_widget_set_sensitive (self->export_button, FALSE);
      return;
    }

  exported = clt_format_count (clt_eligibility_get_n_eligible (self->eligibility));
  excluded = clt_format_count (clt_eligibility_get_n_excluded_total (self->eligibility));
  gtk_label_set_label (self->exported_label, exported);
  gtk_label_set_label (self->excluded_label, excluded);

  for (CltExclusion reason = 0; reason < CLT_N_EXCLUSIONS; reason++)
    {
      gint64 n = clt_eligibility_get_n_excluded (self->eligibility, reason);
      g_autofree char *count = NULL;
      GtkWidget *row;

      if (n == 0)
        continue;
      count = clt_format_count (n);
      row = g_object_new (ADW_TYPE_ACTION_ROW, "title", clt_exclusion_get_label (reason), NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), g_object_new (GTK_TYPE_LABEL, "label", count, "css-classes",
                                                                      (const char * const[]) { "numeric", "dimmed", NULL },
                                                                      NULL));
      gtk_widget_add_css_class (row, "indented");
      adw_preferences_group_add (self->who_group, row);
      g_ptr_array_add (self->reason_rows, row);
    }

  gtk_widget_set_sensitive (self->export_button, clt_eligibility_get_n_eligible (self->eligibility) > 0);
}

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CltExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  CltEligibility *eligibility = clt_exporter_check_finish (CLT_EXPORTER (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->exporter == NULL)
    {
      g_clear_object (&eligibility);
      return;
    }

  self->checking = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  g_clear_object (&self->eligibility);
  self->eligibility = eligibility;
  if (eligibility == NULL)
    g_warning ("Cannot check who may be exported: %s", error->message);
  show_check (self);
}

static void
check (CltExportDialog *self)
{
  guint purpose = adw_combo_row_get_selected (self->purpose_row);

  if (self->purposes == NULL || purpose >= g_strv_length (self->purposes))
    return;

  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  self->check_cancellable = g_cancellable_new ();
  self->checking = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  g_clear_object (&self->eligibility);
  show_check (self);

  clt_exporter_set_purpose (self->exporter, self->purposes[purpose]);
  clt_exporter_check_async (self->exporter, self->check_cancellable, checked_cb, g_object_ref (self));
}

static void
format_changed_cb (CltExportDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->columns_group),
                          adw_combo_row_get_selected (self->format_row) == CLT_EXPORT_FORMAT_CSV);
}

static void
fraction_changed_cb (CltExportDialog *self)
{
  gtk_progress_bar_set_fraction (self->progress_bar, clt_exporter_get_fraction (self->exporter));
}

static void
show_file_cb (AdwToast *toast,
              GFile    *file)
{
  g_autoptr(GtkFileLauncher) launcher = gtk_file_launcher_new (file);

  gtk_file_launcher_open_containing_folder (launcher, NULL, NULL, NULL, NULL);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CltExportDialog) self = user_data;
  g_autoptr(CltEligibility) eligibility = NULL;
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GFile *file = g_object_get_data (G_OBJECT (self), "file");
  g_autofree char *count = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  eligibility = clt_exporter_run_finish (CLT_EXPORTER (object), result, NULL, &error);
  if (eligibility == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "choose");
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && root)
        clt_window_add_toast (CLT_WINDOW (root), adw_toast_new (error->message));
      return;
    }

  count = clt_format_count (clt_eligibility_get_n_eligible (eligibility));
  /* Translators: after an export; %s is the number of customers */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s customer exported", "%s customers exported",
                                        (gulong) MIN (clt_eligibility_get_n_eligible (eligibility), G_MAXULONG)),
                           count);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Show File"));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (show_file_cb), g_object_ref (file),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  if (CLT_IS_WINDOW (root))
    clt_window_add_toast (CLT_WINDOW (root), toast);
  else
    g_object_ref_sink (toast), g_object_unref (toast);

  adw_dialog_close (ADW_DIALOG (self));
}

/* Writes the export to @file (asked for with a file chooser, or given by a test). */
void
clt_export_dialog_export_to (CltExportDialog *self,
                             GFile           *file)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  guint format = adw_combo_row_get_selected (self->format_row);

  g_return_if_fail (CLT_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  for (guint i = 0; i < self->column_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->column_rows, i);

      if (adw_switch_row_get_active (ADW_SWITCH_ROW (row)))
        g_ptr_array_add (columns, g_object_get_data (G_OBJECT (row), "column"));
    }
  g_ptr_array_add (columns, NULL);

  clt_exporter_set_format (self->exporter, (CltExportFormat) format);
  clt_exporter_set_columns (self->exporter, (const char * const *) columns->pdata);
  g_object_set_data_full (G_OBJECT (self), "file", g_object_ref (file), g_object_unref);

  g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  self->run_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_stack_set_visible_child_name (self->stack, "progress");
  clt_exporter_run_async (self->exporter, file, self->run_cancellable, exported_cb, g_object_ref (self));
}

static void
file_chosen_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CltExportDialog) self = user_data;
  g_autoptr(GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, NULL);

  if (file)
    clt_export_dialog_export_to (self, file);
}

static void
export_clicked_cb (CltExportDialog *self)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  CltExportFormat format = (CltExportFormat) adw_combo_row_get_selected (self->format_row);
  g_autofree char *name = g_strdup_printf ("%s.%s", adw_window_title_get_subtitle (self->window_title),
                                           clt_export_format_get_extension (format));

  g_strdelimit (name, "/\\:", '-');
  gtk_file_dialog_set_title (dialog, _("Export Audience"));
  gtk_file_dialog_set_accept_label (dialog, _("_Export"));
  gtk_file_dialog_set_initial_name (dialog, name);
  gtk_file_dialog_save (dialog, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), NULL, file_chosen_cb,
                        g_object_ref (self));
}

static void
cancel_clicked_cb (CltExportDialog *self)
{
  g_cancellable_cancel (self->run_cancellable);
}

static void
clt_export_dialog_dispose (GObject *object)
{
  CltExportDialog *self = CLT_EXPORT_DIALOG (object);

  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  g_clear_object (&self->run_cancellable);
  if (self->exporter)
    g_signal_handlers_disconnect_by_data (self->exporter, self);
  g_clear_object (&self->exporter);
  g_clear_object (&self->eligibility);
  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_EXPORT_DIALOG);

  G_OBJECT_CLASS (clt_export_dialog_parent_class)->dispose (object);
}

static void
clt_export_dialog_finalize (GObject *object)
{
  CltExportDialog *self = CLT_EXPORT_DIALOG (object);

  g_strfreev (self->purposes);
  g_ptr_array_unref (self->reason_rows);
  g_ptr_array_unref (self->column_rows);

  G_OBJECT_CLASS (clt_export_dialog_parent_class)->finalize (object);
}

static void
clt_export_dialog_class_init (CltExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_export_dialog_dispose;
  object_class->finalize = clt_export_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CltExportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CltExportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CltExportDialog, purpose_row);
  gtk_widget_class_bind_template_child (widget_class, CltExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, CltExportDialog, columns_group);
  gtk_widget_class_bind_template_child (widget_class, CltExportDialog, who_group);
  gtk_widget_class_bind_template_child (widget_class, CltExportDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CltExportDialog, exported_label);
  gtk_widget_class_bind_template_child (widget_class, CltExportDialog, excluded_label);
  gtk_widget_class_bind_template_child (widget_class, CltExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, CltExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CltExportDialog, cancel_button);
}

static const char *
column_label (const char *column)
{
  static const struct { const char *column; const char *label; } labels[] = {
    { "email", N_("E-mail address") }, { "first_name", N_("First name") }, { "last_name", N_("Last name") },
    { "phone", N_("Phone") }, { "street", N_("Street") }, { "postcode", N_("Postcode") }, { "city", N_("City") },
    { "country", N_("Country") }, { "birthday", N_("Birthday") }, { "company", N_("Company") },
    { "spend", N_("Spend") }, { "orders", N_("Orders") }, { "last_activity", N_("Last activity") },
    { "legal_basis", N_("Legal basis") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].column, column))
      return _(labels[i].label);

  return column;
}

static void
clt_export_dialog_init (CltExportDialog *self)
{
  const char * const *columns = clt_export_list_columns ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->reason_rows = g_ptr_array_new ();
  self->column_rows = g_ptr_array_new ();

  /* Data minimisation: the address and the name unless more are chosen. */
  for (guint i = 0; columns[i]; i++)
    {
      GtkWidget *row = g_object_new (ADW_TYPE_SWITCH_ROW, "title", column_label (columns[i]), "active", i < 3, NULL);

      g_object_set_data (G_OBJECT (row), "column", (gpointer) columns[i]);
      adw_preferences_group_add (self->columns_group, row);
      g_ptr_array_add (self->column_rows, row);
    }

  g_signal_connect_object (self->purpose_row, "notify::selected", G_CALLBACK (check), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->format_row, "notify::selected", G_CALLBACK (format_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->export_button, "clicked", G_CALLBACK (export_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->cancel_button, "clicked", G_CALLBACK (cancel_clicked_cb), self, G_CONNECT_SWAPPED);
}

/**
 * clt_export_dialog_new:
 * @segment_id: the saved segment to export, or 0
 * @profile_ids: (array length=n_profile_ids) (nullable): without a segment, the customers to
 *   export; %NULL for everyone
 * @title: what is exported, as the header's subtitle and the file's suggested name
 */
CltExportDialog *
clt_export_dialog_new (CltWorkspace *workspace,
                       gint64        segment_id,
                       const gint64 *profile_ids,
                       gsize         n_profile_ids,
                       const char   *title)
{
  CltExportDialog *self = g_object_new (CLT_TYPE_EXPORT_DIALOG, NULL);
  g_autoptr(CltConsentLedger) ledger = clt_consent_ledger_new (workspace);
  g_autoptr(GListModel) purposes = NULL;
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  adw_window_title_set_subtitle (self->window_title, title);
  self->exporter = clt_exporter_new (clt_workspace_get_path (workspace));
  clt_exporter_set_actor (self->exporter, clt_workspace_get_actor (workspace));
  if (segment_id > 0)
    clt_exporter_set_segment (self->exporter, segment_id);
  else
    clt_exporter_set_profiles (self->exporter, profile_ids, n_profile_ids);
  g_signal_connect_object (self->exporter, "notify::fraction", G_CALLBACK (fraction_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* The purposes that reach people by a channel: the ones an audience is exported for. */
  if (!(purposes = clt_consent_ledger_list_purposes (ledger, &error)))
    g_warning ("Cannot list the purposes: %s", error->message);
  for (guint i = 0; purposes && i < g_list_model_get_n_items (purposes); i++)
    {
      g_autoptr(CltPurpose) purpose = g_list_model_get_item (purposes, i);

      if (!clt_purpose_get_marketing (purpose))
        continue;
      g_strv_builder_add (keys, clt_purpose_get_key (purpose));
      gtk_string_list_append (labels, clt_purpose_get_label (purpose));
    }
  self->purposes = g_strv_builder_end (keys);
  adw_combo_row_set_model (self->purpose_row, G_LIST_MODEL (labels));
  format_changed_cb (self);
  check (self);

  return self;
}

/* Chooses the purpose, as the purpose row does. */
void
clt_export_dialog_set_purpose (CltExportDialog *self,
                               const char      *purpose)
{
  g_return_if_fail (CLT_IS_EXPORT_DIALOG (self));

  for (guint i = 0; self->purposes && self->purposes[i]; i++)
    if (g_str_equal (self->purposes[i], purpose))
      {
        if (adw_combo_row_get_selected (self->purpose_row) == i)
          check (self);
        adw_combo_row_set_selected (self->purpose_row, i);
      }
}

void
clt_export_dialog_set_format (CltExportDialog *self,
                              CltExportFormat  format)
{
  g_return_if_fail (CLT_IS_EXPORT_DIALOG (self));

  adw_combo_row_set_selected (self->format_row, format);
}

gboolean
clt_export_dialog_get_checking (CltExportDialog *self)
{
  g_return_val_if_fail (CLT_IS_EXPORT_DIALOG (self), FALSE);

  return self->checking;
}

/**
 * clt_export_dialog_get_eligibility:
 *
 * Returns: (transfer none) (nullable): who would be exported now, once counted
 */
CltEligibility *
clt_export_dialog_get_eligibility (CltExportDialog *self)
{
  g_return_val_if_fail (CLT_IS_EXPORT_DIALOG (self), NULL);

  return self->eligibility;
}
