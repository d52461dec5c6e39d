/* clt-import-dialog.c: the import assistant: pick files, check what they are and
 * where their columns go, check the rows, import with progress, see the result
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-format.h"
#include "clt-import-dialog.h"
#include "clt-source-icon.h"

struct _CltImportDialog
{
  AdwDialog            parent_instance;

  CltWorkspace        *workspace;
  GPtrArray           *importers;
  GCancellable        *cancellable;
  guint                current;
  gboolean             dry_run;
  guint64              rows_total;
  guint64              rows_before;
  char                *unzip_dir;
  char                *drop_description;
  CltImporter         *shown_mapping;

  AdwNavigationView   *navigation;
  AdwStatusPage       *drop_page;
  AdwPreferencesGroup *files_group;
  AdwPreferencesGroup *mapping_group;
  AdwNavigationPage   *mapping_nav_page;
  AdwSwitchRow        *keep_row;
  GtkStack            *summary_stack;
  AdwPreferencesGroup *summary_group;
  GtkWidget           *import_button;
  GtkProgressBar      *progress_bar;
  AdwStatusPage       *progress_page;
  AdwStatusPage       *result_page;
  AdwPreferencesGroup *rejects_group;

  GPtrArray           *file_rows;
  GPtrArray           *summary_rows;
  GPtrArray           *mapping_rows;
  GPtrArray           *reject_rows;
};

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CltImportDialog, clt_import_dialog, ADW_TYPE_DIALOG)

static void run_next (CltImportDialog *self);

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static GtkStringList *
create_preset_model (void)
{
  GtkStringList *list = gtk_string_list_new (NULL);
  const CltPreset *presets;
  guint n;

  gtk_string_list_append (list, clt_preset_get_name (clt_preset_get_generic ()));
  presets = clt_preset_get_all (&n);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, clt_preset_get_name (&presets[i]));

  return list;
}

static guint
preset_index (const CltPreset *preset)
{
  const CltPreset *presets;
  guint n;

  presets = clt_preset_get_all (&n);
  for (guint i = 0; i < n; i++)
    if (&presets[i] == preset)
      return i + 1;

  return 0;
}

static const CltPreset *
preset_at (guint index)
{
  const CltPreset *presets;
  guint n;

  if (index == 0)
    return clt_preset_get_generic ();
  presets = clt_preset_get_all (&n);

  return index - 1 < n ? &presets[index - 1] : clt_preset_get_generic ();
}

static char *
describe_file (CltImporter *importer)
{
  CltMapping *mapping = clt_importer_get_mapping (importer);
  guint mapped = 0;

  for (guint i = 0; i < clt_mapping_get_n_columns (mapping); i++)
    if (clt_mapping_get_field (mapping, i) != CLT_FIELD_NONE)
      mapped++;

  /* Translators: "UTF-8 · 12 of 19 columns used" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u of %u column used", "%s · %u of %u columns used",
                                       clt_mapping_get_n_columns (mapping)),
                          clt_importer_get_encoding (importer), mapped, clt_mapping_get_n_columns (mapping));
}

static void show_mapping (CltImportDialog *self,
                          CltImporter     *importer);

static void
mapping_button_clicked_cb (GtkButton       *button,
                           CltImportDialog *self)
{
  CltImporter *importer = g_object_get_data (G_OBJECT (button), "importer");

  show_mapping (self, importer);
  adw_navigation_view_push_by_tag (self->navigation, "mapping");
}

static void rebuild_files (CltImportDialog *self);

static void
preset_selected_cb (AdwComboRow     *row,
                    GParamSpec      *pspec,
                    CltImportDialog *self)
{
  CltImporter *importer = g_object_get_data (G_OBJECT (row), "importer");
  const CltPreset *preset = preset_at (adw_combo_row_get_selected (row));
  g_autoptr(GError) error = NULL;

  if (preset == clt_mapping_get_preset (clt_importer_get_mapping (importer)))
    return;

  clt_importer_set_source_name (importer, NULL);
  if (!clt_importer_prepare (importer, preset, &error))
    g_warning ("%s", error->message);

  /* Rebuilt once this handler has returned, as it is the row being replaced. */
  g_idle_add_once ((GSourceOnceFunc) rebuild_files, self);
}

static void
rebuild_files (CltImportDialog *self)
{
  g_autoptr(GtkStringList) presets = create_preset_model ();

  clear_rows (self->files_group, self->file_rows);

  for (guint i = 0; i < self->importers->len; i++)
    {
      CltImporter *importer = g_ptr_array_index (self->importers, i);
      g_autofree char *name = g_file_get_basename (clt_importer_get_file (importer));
      g_autofree char *subtitle = describe_file (importer);
      GtkWidget *row = adw_combo_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("go-next-symbolic");
      const CltPreset *preset = clt_mapping_get_preset (clt_importer_get_mapping (importer));

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      /* Long export names are ellipsized, not broken inside their extension. */
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
      gtk_widget_set_tooltip_text (row, name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (presets));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), preset_index (preset));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (clt_source_icon_name (preset->source_kind)));
      g_object_set_data (G_OBJECT (row), "importer", importer);
      g_signal_connect_object (row, "notify::selected", G_CALLBACK (preset_selected_cb), self, 0);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Columns"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Columns"), -1);
      g_object_set_data (G_OBJECT (button), "importer", importer);
      g_signal_connect_object (button, "clicked", G_CALLBACK (mapping_button_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

      adw_preferences_group_add (self->files_group, row);
      g_ptr_array_add (self->file_rows, row);
    }
}

static void
field_selected_cb (AdwComboRow     *row,
                   GParamSpec      *pspec,
                   CltImportDialog *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "column"));

  clt_mapping_set_field (clt_importer_get_mapping (self->shown_mapping), column,
                         (CltField) adw_combo_row_get_selected (row));
  rebuild_files (self);
}

static void
keep_changed_cb (CltImportDialog *self)
{
  if (self->shown_mapping != NULL)
    clt_mapping_set_keep_unmapped (clt_importer_get_mapping (self->shown_mapping),
                                   adw_switch_row_get_active (self->keep_row));
}

static void
show_mapping (CltImportDialog *self,
              CltImporter     *importer)
{
  CltMapping *mapping = clt_importer_get_mapping (importer);
  GPtrArray *samples = clt_importer_get_samples (importer);
  g_autoptr(GtkStringList) fields = gtk_string_list_new (NULL);
  g_autofree char *name = g_file_get_basename (clt_importer_get_file (importer));

  self->shown_mapping = importer;
  clear_rows (self->mapping_group, self->mapping_rows);
  adw_navigation_page_set_title (self->mapping_nav_page, name);
  adw_switch_row_set_active (self->keep_row, clt_mapping_get_keep_unmapped (mapping));

  for (guint f = 0; f < CLT_N_FIELDS; f++)
    gtk_string_list_append (fields, clt_field_get_label (f));

  for (guint i = 0; i < clt_mapping_get_n_columns (mapping); i++)
    {
      GtkWidget *row = adw_combo_row_new ();
      g_autoptr(GString) sample = g_string_new (NULL);

      /* Up to three values from the file, to show what the column holds. */
      for (guint s = 0; s < samples->len; s++)
        {
          const char *value = ((GStrv) g_ptr_array_index (samples, s))[i];

          if (value == NULL || value[0] == '\0')
            continue;
          if (sample->len > 0)
            g_string_append (sample, " · ");
          g_string_append_len (sample, value, MIN (strlen (value), 40));
        }

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), clt_mapping_get_column (mapping, i));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sample->len ? sample->str : _("(empty)"));
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (fields));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), clt_mapping_get_field (mapping, i));
      g_object_set_data (G_OBJECT (row), "column", GUINT_TO_POINTER (i));
      g_signal_connect_object (row, "notify::selected", G_CALLBACK (field_selected_cb), self, 0);

      adw_preferences_group_add (self->mapping_group, row);
      g_ptr_array_add (self->mapping_rows, row);
    }
}

typedef struct
{
  char      *workspace_path;
  char      *actor;
  char      *unzip_dir;
  GPtrArray *files;
  GPtrArray *importers;
  GString   *failures;
} AddJob;

static void
add_job_free (gpointer data)
{
  AddJob *job = data;

  g_free (job->workspace_path);
  g_free (job->actor);
  g_free (job->unzip_dir);
  g_ptr_array_unref (job->files);
  g_ptr_array_unref (job->importers);
  g_string_free (job->failures, TRUE);
  g_free (job);
}

static void
add_file (AddJob *job,
          GFile  *file)
{
  g_autoptr(CltImporter) importer = NULL;
  g_autoptr(GError) error = NULL;

  /* A ZIP, such as Mailchimp's audience export, adds the exports in it. */
  if (clt_archive_is_zip (file))
    {
      g_autoptr(GPtrArray) members = NULL;

      if ((job->unzip_dir == NULL && !(job->unzip_dir = g_dir_make_tmp ("clientele-zip-XXXXXX", &error))) ||
          !(members = clt_archive_extract (file, job->unzip_dir, &error)))
        {
          g_autofree char *name = g_file_get_basename (file);

          g_string_append_printf (job->failures, "%s%s: %s", job->failures->len ? "\n" : "", name, error->message);
          return;
        }
      for (guint i = 0; i < members->len; i++)
        add_file (job, g_ptr_array_index (members, i));
      return;
    }

  importer = clt_importer_new (job->workspace_path, file);
  clt_importer_set_actor (importer, job->actor);
  if (!clt_importer_prepare (importer, NULL, &error))
    {
      g_string_append_printf (job->failures, "%s%s", job->failures->len ? "\n" : "", error->message);
      return;
    }

  g_ptr_array_add (job->importers, g_steal_pointer (&importer));
}

/* Recognising files reads them, and unpacking a ZIP writes its members: in a thread. */
static void
add_files_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  AddJob *job = task_data;

  for (guint i = 0; i < job->files->len; i++)
    add_file (job, g_ptr_array_index (job->files, i));

  g_task_return_boolean (task, TRUE);
}

static void
files_added_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CltImportDialog *self = CLT_IMPORT_DIALOG (object);
  AddJob *job = g_task_get_task_data (G_TASK (result));

  /* Closed meanwhile. */
  if (self->importers == NULL)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->drop_page), TRUE);
  adw_status_page_set_title (self->drop_page, _("Drop Exports Here"));

  if (job->unzip_dir != NULL && self->unzip_dir == NULL)
    self->unzip_dir = g_steal_pointer (&job->unzip_dir);

  adw_status_page_set_description (self->drop_page,
                                   job->failures->len > 0 ? job->failures->str : self->drop_description);

  if (job->importers->len == 0)
    return;

  g_ptr_array_extend_and_steal (self->importers, g_steal_pointer (&job->importers));
  job->importers = g_ptr_array_new ();

  rebuild_files (self);
  if (!g_str_equal (adw_navigation_page_get_tag (adw_navigation_view_get_visible_page (self->navigation)), "files"))
    adw_navigation_view_push_by_tag (self->navigation, "files");
}

/**
 * clt_import_dialog_add_files:
 * @files: (element-type GFile): files to import
 *
 * Recognises each file, in a thread, and shows the files page.
 */
void
clt_import_dialog_add_files (CltImportDialog *self,
                             GListModel      *files)
{
  g_autoptr(GTask) task = NULL;
  AddJob *job;

  g_return_if_fail (CLT_IS_IMPORT_DIALOG (self));

  job = g_new0 (AddJob, 1);
  job->workspace_path = g_strdup (clt_workspace_get_path (self->workspace));
  job->actor = g_strdup (clt_workspace_get_actor (self->workspace));
  job->unzip_dir = g_strdup (self->unzip_dir);
  job->files = g_ptr_array_new_with_free_func (g_object_unref);
  job->importers = g_ptr_array_new_with_free_func (g_object_unref);
  job->failures = g_string_new (NULL);
  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    g_ptr_array_add (job->files, g_list_model_get_item (files, i));

  gtk_widget_set_sensitive (GTK_WIDGET (self->drop_page), FALSE);
  adw_status_page_set_title (self->drop_page, _("Reading Files…"));

  task = g_task_new (self, NULL, files_added_cb, NULL);
  g_task_set_source_tag (task, clt_import_dialog_add_files);
  g_task_set_task_data (task, job, add_job_free);
  g_task_run_in_thread (task, add_files_thread);
}

static void
files_chosen_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CltImportDialog) self = user_data;
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GError) error = NULL;

  if (!(files = gtk_file_dialog_open_multiple_finish (GTK_FILE_DIALOG (object), result, &error)))
    return;

  clt_import_dialog_add_files (self, files);
}

static void
choose_files_cb (CltImportDialog *self)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_file_filter_set_name (csv, _("Exports (CSV, JSON)"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_mime_type (csv, "application/json");
  gtk_file_filter_add_suffix (csv, "json");
  gtk_file_filter_add_suffix (csv, "jsonl");
  gtk_file_filter_add_mime_type (csv, "application/zip");
  gtk_file_filter_add_suffix (csv, "zip");
  gtk_file_filter_add_mime_type (csv, "text/plain");
  gtk_file_filter_add_mime_type (csv, "text/tab-separated-values");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_suffix (csv, "txt");
  g_list_store_append (filters, csv);

  gtk_file_dialog_set_title (dialog, _("Choose Exports"));
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_open_multiple (dialog, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL,
                                 files_chosen_cb, g_object_ref (self));
}

static gboolean
drop_cb (GtkDropTarget   *target,
         const GValue    *value,
         double           x,
         double           y,
         CltImportDialog *self)
{
  GSList *list = g_value_get_boxed (value);
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);

  for (GSList *l = list; l != NULL; l = l->next)
    g_list_store_append (files, l->data);

  clt_import_dialog_add_files (self, G_LIST_MODEL (files));

  return TRUE;
}

/* Checking and importing */

static char *
describe_counts (CltImporter *importer)
{
  g_autofree char *read = clt_format_count (clt_importer_get_rows_read (importer));
  g_autofree char *added = clt_format_count (clt_importer_get_rows_new (importer));
  g_autofree char *updated = clt_format_count (clt_importer_get_rows_updated (importer));
  g_autofree char *unchanged = clt_format_count (clt_importer_get_rows_unchanged (importer));
  g_autofree char *rejected = clt_format_count (clt_importer_get_rows_rejected (importer));

  if (clt_importer_get_previous_batch (importer) != 0)
    return g_strdup (_("Imported before; nothing to add"));

  /* Translators: what an import does with the rows of a file */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s row: %s new, %s updated, %s unchanged, %s rejected",
                                       "%s rows: %s new, %s updated, %s unchanged, %s rejected",
                                       clt_importer_get_rows_read (importer)),
                          read, added, updated, unchanged, rejected);
}

static void
update_progress (CltImportDialog *self,
                 GParamSpec      *pspec,
                 CltImporter     *importer)
{
  guint64 done = self->rows_before + clt_importer_get_rows_read (importer);
  g_autofree char *done_text = clt_format_count (done);
  g_autofree char *total_text = clt_format_count (self->rows_total);
  g_autofree char *text = NULL;

  /* Progress arrives through the main loop, and may come after its file is done. */
  if (self->current >= self->importers->len || g_ptr_array_index (self->importers, self->current) != importer)
    return;

  /* Translators: progress of an import: "48,120 of 170,709 rows" */
  text = g_strdup_printf (_("%s of %s rows"), done_text, total_text);
  gtk_progress_bar_set_fraction (self->progress_bar, self->rows_total ? MIN (1.0, (double) done / self->rows_total) : 0);
  adw_status_page_set_description (self->progress_page, text);
}

static void
show_summary (CltImportDialog *self)
{
  gboolean anything = FALSE;

  clear_rows (self->summary_group, self->summary_rows);
  self->rows_total = 0;

  for (guint i = 0; i < self->importers->len; i++)
    {
      CltImporter *importer = g_ptr_array_index (self->importers, i);
      g_autofree char *name = g_file_get_basename (clt_importer_get_file (importer));
      g_autofree char *counts = describe_counts (importer);
      GPtrArray *preview = clt_importer_get_preview (importer);
      GtkWidget *row = adw_expander_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), counts);
      adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (row), preview->len > 0);

      /* The first rows as they will be stored. */
      for (guint p = 0; p < preview->len; p++)
        {
          GtkWidget *preview_row = adw_action_row_new ();
          g_autofree char *title = g_strdup_printf (_("Row %u"), p + 1);

          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (preview_row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (preview_row), title);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (preview_row), g_ptr_array_index (preview, p));
          adw_action_row_set_subtitle_selectable (ADW_ACTION_ROW (preview_row), TRUE);
          gtk_widget_add_css_class (preview_row, "property");
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), preview_row);
        }
      if (i == 0 && preview->len > 0)
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);

      adw_preferences_group_add (self->summary_group, row);
      g_ptr_array_add (self->summary_rows, row);

      self->rows_total += clt_importer_get_rows_read (importer);
      anything |= clt_importer_get_previous_batch (importer) == 0 &&
                  clt_importer_get_rows_new (importer) + clt_importer_get_rows_updated (importer) > 0;
    }

  gtk_widget_set_sensitive (self->import_button, anything);
  gtk_stack_set_visible_child_name (self->summary_stack, "summary");
}

static void
show_result (CltImportDialog *self,
             const GError    *error)
{
  g_autoptr(GString) description = g_string_new (NULL);
  guint64 imported = 0;

  clear_rows (self->rejects_group, self->reject_rows);

  for (guint i = 0; i < self->importers->len; i++)
    {
      CltImporter *importer = g_ptr_array_index (self->importers, i);
      g_autofree char *name = g_file_get_basename (clt_importer_get_file (importer));
      GArray *rejects = clt_importer_get_rejects (importer);

      if (i >= self->current && error != NULL)
        break;

      imported += clt_importer_get_rows_new (importer) + clt_importer_get_rows_updated (importer);
      for (guint r = 0; r < rejects->len && self->reject_rows->len < 200; r++)
        {
          const CltImportReject *reject = &g_array_index (rejects, CltImportReject, r);
          GtkWidget *row = adw_action_row_new ();
          g_autofree char *title = NULL;

          /* Translators: a rejected row: "kunden.csv, line 12" */
          title = g_strdup_printf (_("%s, line %llu"), name, (unsigned long long) reject->line);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), reject->reason);
          adw_preferences_group_add (self->rejects_group, row);
          g_ptr_array_add (self->reject_rows, row);
        }
    }

  gtk_widget_set_visible (GTK_WIDGET (self->rejects_group), self->reject_rows->len > 0);

  if (error != NULL)
    {
      adw_status_page_set_icon_name (self->result_page, "dialog-warning-symbolic");
      adw_status_page_set_title (self->result_page,
                                 g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ?
                                 _("Import Cancelled") : _("Import Stopped"));
      g_string_append (description, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ?
                       _("The file being imported was left out entirely.") : error->message);
    }
  else
    {
      g_autofree char *count = clt_format_count (imported);

      adw_status_page_set_icon_name (self->result_page, "object-select-symbolic");
      adw_status_page_set_title (self->result_page, _("Imported"));
      /* Translators: %s is a number of rows */
      g_string_append_printf (description, g_dngettext (GETTEXT_PACKAGE, "%s row is in the workspace now.",
                                                        "%s rows are in the workspace now.", imported),
                              count);
    }

  adw_status_page_set_description (self->result_page, description->str);
  adw_navigation_view_push_by_tag (self->navigation, "result");

  if (imported > 0)
    g_signal_emit (self, signals[IMPORTED], 0);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CltImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  CltImporter *importer = CLT_IMPORTER (object);

  g_signal_handlers_disconnect_by_data (importer, self);

  if (!clt_importer_run_finish (importer, result, &error))
    {
      if (self->dry_run)
        {
          gtk_stack_set_visible_child_name (self->summary_stack, "summary");
          adw_preferences_group_set_description (self->summary_group, error->message);
          gtk_widget_set_sensitive (self->import_button, FALSE);
        }
      else
        show_result (self, error);
      return;
    }

  self->rows_before += clt_importer_get_rows_read (importer);
  self->current++;
  run_next (self);
}

static void
run_next (CltImportDialog *self)
{
  CltImporter *importer;

  if (self->current >= self->importers->len)
    {
      if (self->dry_run)
        show_summary (self);
      else
        show_result (self, NULL);
      return;
    }

  importer = g_ptr_array_index (self->importers, self->current);
  if (!self->dry_run)
    g_signal_connect_object (importer, "notify::rows-read", G_CALLBACK (update_progress), self, G_CONNECT_SWAPPED);

  clt_importer_run_async (importer, self->dry_run, self->cancellable, run_done_cb, g_object_ref (self));
}

static void
start (CltImportDialog *self,
       gboolean         dry_run)
{
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->dry_run = dry_run;
  self->current = 0;
  self->rows_before = 0;
  run_next (self);
}

static void
check_cb (CltImportDialog *self)
{
  adw_preferences_group_set_description (self->summary_group, _("Nothing has been stored yet."));
  gtk_stack_set_visible_child_name (self->summary_stack, "checking");
  gtk_widget_set_sensitive (self->import_button, FALSE);
  adw_navigation_view_push_by_tag (self->navigation, "summary");
  start (self, TRUE);
}

static void
import_cb (CltImportDialog *self)
{
  adw_dialog_set_can_close (ADW_DIALOG (self), FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  adw_navigation_view_push_by_tag (self->navigation, "progress");
  start (self, FALSE);
}

static void
cancel_cb (CltImportDialog *self)
{
  g_cancellable_cancel (self->cancellable);
}

static void
done_cb (CltImportDialog *self)
{
  adw_dialog_set_can_close (ADW_DIALOG (self), TRUE);
  adw_dialog_close (ADW_DIALOG (self));
}

static void
rejects_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CltImportDialog) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_autoptr(GString) csv = g_string_new (NULL);

  if (!(file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, &error)))
    return;

  /* The rejected rows of every file, each with its file name. */
  for (guint i = 0; i < self->importers->len; i++)
    clt_importer_append_rejects_csv (g_ptr_array_index (self->importers, i), csv, i == 0);

  if (!g_file_replace_contents (file, csv->str, csv->len, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, NULL, &error))
    g_warning ("Could not save the rejected rows: %s", error->message);
}

static void
save_rejects_cb (CltImportDialog *self)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_file_dialog_set_title (dialog, _("Save Rejected Rows"));
  /* Translators: the file name offered for the rejected rows */
  gtk_file_dialog_set_initial_name (dialog, _("rejected-rows.csv"));
  gtk_file_dialog_save (dialog, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL,
                        rejects_saved_cb, g_object_ref (self));
}

static void
clt_import_dialog_dispose (GObject *object)
{
  CltImportDialog *self = (CltImportDialog *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);
  /* A running import's progress may still be on its way: it finds nobody. */
  for (guint i = 0; self->importers != NULL && i < self->importers->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->importers, i), self);
  g_clear_pointer (&self->importers, g_ptr_array_unref);
  g_clear_pointer (&self->file_rows, g_ptr_array_unref);
  g_clear_pointer (&self->summary_rows, g_ptr_array_unref);
  g_clear_pointer (&self->mapping_rows, g_ptr_array_unref);
  g_clear_pointer (&self->reject_rows, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (clt_import_dialog_parent_class)->dispose (object);
}

static void
clt_import_dialog_finalize (GObject *object)
{
  CltImportDialog *self = (CltImportDialog *) object;

  g_free (self->drop_description);
  if (self->unzip_dir != NULL)
    clt_archive_remove_dir (self->unzip_dir);
  g_free (self->unzip_dir);

  G_OBJECT_CLASS (clt_import_dialog_parent_class)->finalize (object);
}

static void
clt_import_dialog_class_init (CltImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_import_dialog_dispose;
  object_class->finalize = clt_import_dialog_finalize;

  /**
   * CltImportDialog::imported:
   *
   * Rows were imported into the workspace.
   */
  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, navigation);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, drop_page);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, files_group);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, mapping_group);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, mapping_nav_page);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, keep_row);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, summary_stack);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, summary_group);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, progress_page);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, result_page);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, rejects_group);
  gtk_widget_class_bind_template_callback (widget_class, choose_files_cb);
  gtk_widget_class_bind_template_callback (widget_class, check_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_cb);
  gtk_widget_class_bind_template_callback (widget_class, done_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_rejects_cb);
}

static void
clt_import_dialog_init (CltImportDialog *self)
{
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->importers = g_ptr_array_new_with_free_func (g_object_unref);
  self->file_rows = g_ptr_array_new ();
  self->summary_rows = g_ptr_array_new ();
  self->mapping_rows = g_ptr_array_new ();
  self->reject_rows = g_ptr_array_new ();
  self->drop_description = g_strdup (adw_status_page_get_description (self->drop_page));

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->drop_page), GTK_EVENT_CONTROLLER (target));

  g_signal_connect_object (self->keep_row, "notify::active", G_CALLBACK (keep_changed_cb), self, G_CONNECT_SWAPPED);
}

CltImportDialog *
clt_import_dialog_new (CltWorkspace *workspace)
{
  CltImportDialog *self = g_object_new (CLT_TYPE_IMPORT_DIALOG, NULL);

  g_set_object (&self->workspace, workspace);

  return self;
}
