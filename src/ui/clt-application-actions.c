/* clt-application-actions.c: app.about, app.help, app.preferences, app.quit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-application-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-application-private.h"
#include "clt-preferences-dialog.h"
#include "clt-window.h"

static void
clt_application_actions_about_cb (GSimpleAction *action,
                                  GVariant      *param,
                                  gpointer       user_data)
{
  CltApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { "The Clientele developers", NULL };
  AdwDialog *dialog = adw_about_dialog_new ();

  adw_about_dialog_set_application_name (ADW_ABOUT_DIALOG (dialog), _("Clientele"));
  adw_about_dialog_set_application_icon (ADW_ABOUT_DIALOG (dialog), APP_ID);
  adw_about_dialog_set_developer_name (ADW_ABOUT_DIALOG (dialog), _("The Clientele developers"));
  adw_about_dialog_set_developers (ADW_ABOUT_DIALOG (dialog), developers);
  adw_about_dialog_set_version (ADW_ABOUT_DIALOG (dialog), PACKAGE_VERSION);
  adw_about_dialog_set_comments (ADW_ABOUT_DIALOG (dialog),
                                 _("Your customers from every system, merged into one private workspace on your computer."));
  adw_about_dialog_set_website (ADW_ABOUT_DIALOG (dialog), "https://github.com/clientele/clientele");
  adw_about_dialog_set_issue_url (ADW_ABOUT_DIALOG (dialog), "https://github.com/clientele/clientele/issues");
  adw_about_dialog_set_license_type (ADW_ABOUT_DIALOG (dialog), GTK_LICENSE_GPL_3_0);
  adw_about_dialog_set_copyright (ADW_ABOUT_DIALOG (dialog), _("© 2026 The Clientele developers"));
  /* Translators: put your names here, one per line */
  adw_about_dialog_set_translator_credits (ADW_ABOUT_DIALOG (dialog), _("translator-credits"));

  adw_dialog_present (dialog, GTK_WIDGET (window));
}

static void
clt_application_actions_preferences_cb (GSimpleAction *action,
                                        GVariant      *param,
                                        gpointer       user_data)
{
  CltApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  CltWorkspace *workspace = NULL;

  if (CLT_IS_WINDOW (window))
    workspace = clt_window_get_workspace (CLT_WINDOW (window));

  adw_dialog_present (ADW_DIALOG (clt_preferences_dialog_new (workspace)), GTK_WIDGET (window));
}

static void
help_launched_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gtk_uri_launcher_launch_finish (GTK_URI_LAUNCHER (object), result, &error))
    g_warning ("Could not open the help: %s", error->message);
}

static void
clt_application_actions_help_cb (GSimpleAction *action,
                                 GVariant      *param,
                                 gpointer       user_data)
{
  CltApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GtkUriLauncher) launcher = gtk_uri_launcher_new ("help:" GETTEXT_PACKAGE);

  gtk_uri_launcher_launch (launcher, window, NULL, help_launched_cb, NULL);
}

static void
clt_application_actions_quit_cb (GSimpleAction *action,
                                 GVariant      *param,
                                 gpointer       user_data)
{
  CltApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing the windows lets them save their state. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static const GActionEntry actions[] = {
  { "about", clt_application_actions_about_cb },
  { "help", clt_application_actions_help_cb },
  { "preferences", clt_application_actions_preferences_cb },
  { "quit", clt_application_actions_quit_cb },
};

void
_clt_application_actions_init (CltApplication *self)
{
  static const struct { const char *action; const char *accels[2]; } accels[] = {
    { "app.help", { "F1", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);
}
