/* clt-preferences-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-preferences-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-preferences-dialog.h"
#include "clt-settings.h"

struct _CltPreferencesDialog
{
  AdwPreferencesDialog  parent_instance;

  CltWorkspace         *workspace;
  CltSettings          *settings;

  AdwPreferencesGroup  *workspace_group;
  AdwActionRow         *location_row;
  AdwSwitchRow         *open_last_row;
};

G_DEFINE_FINAL_TYPE (CltPreferencesDialog, clt_preferences_dialog, ADW_TYPE_PREFERENCES_DIALOG)

static void
folder_shown_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gtk_file_launcher_open_containing_folder_finish (GTK_FILE_LAUNCHER (object), result, &error) &&
      !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
    g_warning ("Could not show the workspace folder: %s", error->message);
}

static void
show_folder_cb (CltPreferencesDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GtkFileLauncher) launcher = NULL;
  GtkRoot *root;

  g_assert (CLT_IS_PREFERENCES_DIALOG (self));

  if (self->workspace == NULL)
    return;

  file = g_file_new_for_path (clt_workspace_get_path (self->workspace));
  launcher = gtk_file_launcher_new (file);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  gtk_file_launcher_open_containing_folder (launcher, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                            NULL, folder_shown_cb, NULL);
}

static void
clt_preferences_dialog_dispose (GObject *object)
{
  CltPreferencesDialog *self = (CltPreferencesDialog *) object;

  g_clear_object (&self->workspace);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_PREFERENCES_DIALOG);

  G_OBJECT_CLASS (clt_preferences_dialog_parent_class)->dispose (object);
}

static void
clt_preferences_dialog_class_init (CltPreferencesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_preferences_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-preferences-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesDialog, workspace_group);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesDialog, location_row);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesDialog, open_last_row);
  gtk_widget_class_bind_template_callback (widget_class, show_folder_cb);
}

static void
clt_preferences_dialog_init (CltPreferencesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = clt_settings_new ();
  g_object_bind_property (self->settings, CLT_SETTING_KEY_OPEN_LAST_WORKSPACE,
                          self->open_last_row, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
}

CltPreferencesDialog *
clt_preferences_dialog_new (CltWorkspace *workspace)
{
  CltPreferencesDialog *self = g_object_new (CLT_TYPE_PREFERENCES_DIALOG, NULL);

  g_set_object (&self->workspace, workspace);
  gtk_widget_set_visible (GTK_WIDGET (self->workspace_group), workspace != NULL);
  if (workspace != NULL)
    adw_action_row_set_subtitle (self->location_row, clt_workspace_get_path (workspace));

  return self;
}
