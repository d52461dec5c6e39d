/* clt-window-actions.c: the window's actions: opening, creating and switching workspaces
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-window-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-format.h"
#include "clt-import-dialog.h"
#include "clt-review-dialog.h"
#include "clt-window-private.h"

#define SAMPLE_PERSONS 500
#define SAMPLE_SEED    20261123

static void
show_error (CltWindow    *self,
            const GError *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 0);
  clt_window_add_toast (self, toast);
}

static void
open_path (CltWindow  *self,
           const char *path)
{
  g_autoptr(GError) error = NULL;

  if (!clt_window_open_workspace (self, path, &error))
    show_error (self, error);
}

static char *
dup_sample_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "clientele", "sample.sqlite3", NULL);
}

static void
fill_sample_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(CltResolver) resolver = NULL;
  g_autoptr(GError) error = NULL;
  gboolean empty;

  /* The sample is the demo business's exports, imported as a person would. */
  if (!(workspace = clt_workspace_open (path, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  empty = clt_workspace_is_empty (workspace);
  g_clear_object (&workspace);

  if (empty && !clt_demo_import (path, SAMPLE_PERSONS, SAMPLE_SEED, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The demo business's customers, each once. */
  resolver = clt_resolver_new (path);
  if (empty && !clt_resolver_run (resolver, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
fill_sample_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CltWindow *self = CLT_WINDOW (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_stack_set_visible_child_name (self->main_stack, "welcome");
          show_error (self, error);
        }
      return;
    }

  open_path (self, g_task_get_task_data (G_TASK (result)));
  clt_window_show_page (self, "profiles");
}

static void
clt_window_actions_open_sample_cb (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  CltWindow *self = CLT_WINDOW (widget);
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->sample_cancellable);
  g_clear_object (&self->sample_cancellable);
  self->sample_cancellable = g_cancellable_new ();

  gtk_stack_set_visible_child_name (self->main_stack, "loading");

  task = g_task_new (self, self->sample_cancellable, fill_sample_cb, NULL);
  g_task_set_source_tag (task, clt_window_actions_open_sample_cb);
  g_task_set_task_data (task, dup_sample_path (), g_free);
  g_task_run_in_thread (task, fill_sample_thread);
}

static void
clt_window_actions_open_default_cb (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  g_autofree char *path = clt_workspace_dup_default_path ();

  open_path (CLT_WINDOW (widget), path);
}

static GListModel *
create_filters (void)
{
  GListStore *filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) workspaces = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (workspaces, _("Clientele Workspaces"));
  gtk_file_filter_add_mime_type (workspaces, "application/vnd.sqlite3");
  gtk_file_filter_add_suffix (workspaces, "sqlite3");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  g_list_store_append (filters, workspaces);
  g_list_store_append (filters, all);

  return G_LIST_MODEL (filters);
}

static void
file_chosen_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GtkFileDialog *dialog = GTK_FILE_DIALOG (object);
  g_autoptr(CltWindow) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (g_object_get_data (G_OBJECT (dialog), "save"))
    file = gtk_file_dialog_save_finish (dialog, result, &error);
  else
    file = gtk_file_dialog_open_finish (dialog, result, &error);

  if (file == NULL)
    {
      if (!g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
        show_error (self, error);
      return;
    }

  if (!(path = g_file_get_path (file)))
    {
      AdwToast *toast = adw_toast_new (_("Workspaces must be local files"));
      clt_window_add_toast (self, toast);
      return;
    }

  open_path (self, path);
}

static void
clt_window_actions_choose_workspace_cb (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *param)
{
  CltWindow *self = CLT_WINDOW (widget);
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GListModel) filters = create_filters ();
  gboolean save = g_str_equal (action_name, "win.new-workspace");

  gtk_file_dialog_set_filters (dialog, filters);
  gtk_file_dialog_set_modal (dialog, TRUE);

  if (save)
    {
      g_object_set_data (G_OBJECT (dialog), "save", GINT_TO_POINTER (TRUE));
      gtk_file_dialog_set_title (dialog, _("New Workspace"));
      gtk_file_dialog_set_accept_label (dialog, _("_Create"));
      /* Translators: the file name offered for a new workspace */
      gtk_file_dialog_set_initial_name (dialog, _("Customers.sqlite3"));
      gtk_file_dialog_save (dialog, GTK_WINDOW (self), NULL, file_chosen_cb, g_object_ref (self));
    }
  else
    {
      gtk_file_dialog_set_title (dialog, _("Open Workspace"));
      gtk_file_dialog_open (dialog, GTK_WINDOW (self), NULL, file_chosen_cb, g_object_ref (self));
    }
}

static void
clt_window_actions_show_page_cb (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  CltWindow *self = CLT_WINDOW (widget);

  if (self->workspace == NULL)
    return;

  clt_window_show_page (self, g_variant_get_string (param, NULL));
  adw_navigation_split_view_set_show_content (self->split_view, TRUE);
}

static void
resolved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  CltResolver *resolver = CLT_RESOLVER (object);
  g_autoptr(CltWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n_review;
  gboolean ok = clt_resolver_run_finish (resolver, result, &error);

  /* A window closing, or a newer run, cancelled this one: nothing to show. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  if (!ok)
    {
      show_error (self, error);
      return;
    }

  clt_window_reload (self);
  n_review = clt_resolver_get_n_review (resolver);
  if (n_review > 0)
    {
      g_autofree char *count = clt_format_count (n_review);
      g_autofree char *title = NULL;
      AdwToast *toast;

      /* Translators: %s is a number of pairs of records, such as 12 */
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s possible duplicate to review",
                                            "%s possible duplicates to review", n_review), count);
      toast = adw_toast_new (title);
      adw_toast_set_button_label (toast, _("_Review"));
      adw_toast_set_action_name (toast, "win.review");
      clt_window_add_toast (self, toast);
    }
}

/**
 * _clt_window_resolve:
 * @full: whether to compare all records anew, not only those new since the last run
 *
 * Links records into profiles, in a thread.
 */
void
_clt_window_resolve (CltWindow *self,
                     gboolean   full)
{
  g_autoptr(CltResolver) resolver = NULL;

  if (self->workspace == NULL)
    return;

  g_cancellable_cancel (self->resolve_cancellable);
  g_clear_object (&self->resolve_cancellable);
  self->resolve_cancellable = g_cancellable_new ();

  resolver = clt_resolver_new (clt_workspace_get_path (self->workspace));
  clt_resolver_set_actor (resolver, clt_workspace_get_actor (self->workspace));
  clt_resolver_set_full (resolver, full);
  clt_resolver_run_async (resolver, self->resolve_cancellable, resolved_cb, g_object_ref (self));
}

static void
import_dialog_imported_cb (CltWindow *self)
{
  clt_window_reload (self);
  _clt_window_resolve (self, FALSE);
}

static void
review_answered_cb (CltWindow *self)
{
  clt_window_reload (self);
}

static void
clt_window_actions_review_cb (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  CltWindow *self = CLT_WINDOW (widget);
  CltReviewDialog *dialog;

  if (self->workspace == NULL)
    return;

  dialog = clt_review_dialog_new (self->workspace);
  g_signal_connect_object (dialog, "answered", G_CALLBACK (review_answered_cb), self, G_CONNECT_SWAPPED);
  adw_dialog_present (ADW_DIALOG (dialog), widget);
}

static void
clt_window_actions_resolve_full_cb (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  CltWindow *self = CLT_WINDOW (widget);

  _clt_window_resolve (self, TRUE);
  clt_window_add_toast (self, adw_toast_new (_("Looking for duplicates…")));
}

static void
clt_window_actions_reload_cb (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  clt_window_reload (CLT_WINDOW (widget));
}

/**
 * _clt_window_import_files:
 * @files: (nullable) (element-type GFile): files to start with
 *
 * Opens the import assistant.
 */
void
_clt_window_import_files (CltWindow  *self,
                          GListModel *files)
{
  CltImportDialog *dialog;

  if (self->workspace == NULL)
    return;

  dialog = clt_import_dialog_new (self->workspace);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (import_dialog_imported_cb), self, G_CONNECT_SWAPPED);
  adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (self));
  if (files != NULL)
    clt_import_dialog_add_files (dialog, files);
}

static void
clt_window_actions_import_cb (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  _clt_window_import_files (CLT_WINDOW (widget), NULL);
}

static void
undo_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CltWindow *self = source_object;
  gint64 batch_id = *(gint64 *) task_data;
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;

  /* A connection of its own: undoing a large import takes a while. */
  if (!(workspace = clt_workspace_open (clt_workspace_get_path (self->workspace), &error)) ||
      !clt_import_undo (workspace, batch_id, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
undo_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  CltWindow *self = CLT_WINDOW (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_error (self, error);
      return;
    }

  clt_window_reload (self);
  clt_window_add_toast (self, adw_toast_new (_("Import undone")));
}

static void
undo_response_cb (AdwAlertDialog *dialog,
                  const char     *response,
                  CltWindow      *self)
{
  g_autoptr(GTask) task = NULL;
  gint64 *batch_id;

  if (!g_str_equal (response, "undo"))
    return;

  batch_id = g_new (gint64, 1);
  *batch_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "batch-id"));
  task = g_task_new (self, NULL, undo_done_cb, NULL);
  g_task_set_source_tag (task, undo_response_cb);
  g_task_set_task_data (task, batch_id, g_free);
  g_task_run_in_thread (task, undo_thread);
}

static void
clt_window_actions_undo_import_cb (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  CltWindow *self = CLT_WINDOW (widget);
  AdwDialog *dialog;

  /* Undoing an import cannot itself be undone, so it is confirmed. */
  dialog = adw_alert_dialog_new (_("Undo Import?"),
                                 _("Its records, purchases and consents leave the workspace, and so do "
                                   "customers known only from it. Records it updated go back to how they were."));
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog),
                                  "cancel", _("_Cancel"),
                                  "undo", _("_Undo Import"),
                                  NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "undo", ADW_RESPONSE_DESTRUCTIVE);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "cancel");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "batch-id", GSIZE_TO_POINTER ((gsize) g_variant_get_int64 (param)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (undo_response_cb), self, 0);
  adw_dialog_present (dialog, GTK_WIDGET (self));
}

void
_clt_window_actions_update (CltWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-page", self->workspace != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", self->workspace != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-import", self->workspace != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.review", self->workspace != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.resolve-full", self->workspace != NULL);
}

void
_clt_window_class_actions_init (CltWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char * const pages[] = { "profiles", "segments", "consent", "imports", "insights" };

  gtk_widget_class_install_action (widget_class, "win.open-sample", NULL, clt_window_actions_open_sample_cb);
  gtk_widget_class_install_action (widget_class, "win.open-default", NULL, clt_window_actions_open_default_cb);
  gtk_widget_class_install_action (widget_class, "win.open-workspace", NULL, clt_window_actions_choose_workspace_cb);
  gtk_widget_class_install_action (widget_class, "win.new-workspace", NULL, clt_window_actions_choose_workspace_cb);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", clt_window_actions_show_page_cb);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, clt_window_actions_import_cb);
  gtk_widget_class_install_action (widget_class, "win.undo-import", "x", clt_window_actions_undo_import_cb);
  gtk_widget_class_install_action (widget_class, "win.review", NULL, clt_window_actions_review_cb);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, clt_window_actions_reload_cb);
  gtk_widget_class_install_action (widget_class, "win.resolve-full", NULL, clt_window_actions_resolve_full_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open-workspace", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-workspace", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.import", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK, "win.show-page", "s", pages[i]);
}
