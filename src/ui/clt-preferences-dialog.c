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
  AdwPreferencesPage   *duplicates_page;
  AdwSpinRow           *upper_row;
  AdwSpinRow           *lower_row;
  AdwPreferencesGroup  *sources_group;
  AdwEntryRow          *actor_row;
  AdwPreferencesGroup  *consent_group;
  AdwSpinRow           *stale_row;
  AdwSwitchRow         *double_opt_in_row;
  GPtrArray            *source_rows;
  gboolean              loading;
  /* the stale months are saved when the spinning stops: each save is an audit entry */
  guint                 stale_timeout;
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
thresholds_changed_cb (CltPreferencesDialog *self)
{
  double upper = adw_spin_row_get_value (self->upper_row);
  double lower = adw_spin_row_get_value (self->lower_row);
  g_autoptr(GError) error = NULL;

  if (self->loading || self->workspace == NULL)
    return;

  /* Asking starts at or below merging. */
  if (lower > upper)
    {
      self->loading = TRUE;
      adw_spin_row_set_value (self->lower_row, upper);
      self->loading = FALSE;
      lower = upper;
    }

  if (!clt_identity_set_thresholds (self->workspace, upper / 100, lower / 100, &error))
    adw_preferences_dialog_add_toast (ADW_PREFERENCES_DIALOG (self), adw_toast_new (error->message));
}

static void
show_error (CltPreferencesDialog *self,
            const GError         *error)
{
  adw_preferences_dialog_add_toast (ADW_PREFERENCES_DIALOG (self), adw_toast_new (error->message));
}

static void
save_stale_months (CltPreferencesDialog *self)
{
  g_autoptr(CltConsentLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;
  guint months = (guint) adw_spin_row_get_value (self->stale_row);

  g_clear_handle_id (&self->stale_timeout, g_source_remove);
  if (self->workspace == NULL)
    return;

  ledger = clt_consent_ledger_new (self->workspace);
  if (months != clt_consent_ledger_get_stale_months (ledger) &&
      !clt_consent_ledger_set_stale_months (ledger, months, &error))
    show_error (self, error);
}

static gboolean
stale_timeout_cb (gpointer data)
{
  CltPreferencesDialog *self = data;

  self->stale_timeout = 0;
  save_stale_months (self);

  return G_SOURCE_REMOVE;
}

static void
stale_changed_cb (CltPreferencesDialog *self)
{
  if (self->loading || self->workspace == NULL)
    return;

  g_clear_handle_id (&self->stale_timeout, g_source_remove);
  self->stale_timeout = g_timeout_add (700, stale_timeout_cb, self);
}

static void
double_opt_in_changed_cb (CltPreferencesDialog *self)
{
  g_autoptr(CltConsentLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;
  gboolean require = adw_switch_row_get_active (self->double_opt_in_row);

  if (self->loading || self->workspace == NULL)
    return;

  ledger = clt_consent_ledger_new (self->workspace);
  if (require != clt_consent_ledger_get_require_double_opt_in (ledger) &&
      !clt_consent_ledger_set_require_double_opt_in (ledger, require, &error))
    show_error (self, error);
}

static void fill_sources (CltPreferencesDialog *self);

static void
move_source (CltPreferencesDialog *self,
             GtkButton            *button,
             int                   by)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;
  guint from = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "position"));
  guint to = from + by;
  char *swap;

  if (!(names = clt_identity_dup_source_order (self->workspace, &error)) || to >= g_strv_length (names))
    return;

  swap = names[from];
  names[from] = names[to];
  names[to] = swap;
  if (!clt_identity_set_source_order (self->workspace, (const char * const *) names, &error))
    {
      adw_preferences_dialog_add_toast (ADW_PREFERENCES_DIALOG (self), adw_toast_new (error->message));
      return;
    }

  fill_sources (self);
  /* The moved source keeps the focus, so the keys can move it on. */
  gtk_widget_grab_focus (g_object_get_data (G_OBJECT (g_ptr_array_index (self->source_rows, to)),
                                            by < 0 ? "up" : "down"));
}

static void
up_clicked_cb (GtkButton            *button,
               CltPreferencesDialog *self)
{
  move_source (self, button, -1);
}

static void
down_clicked_cb (GtkButton            *button,
                 CltPreferencesDialog *self)
{
  move_source (self, button, 1);
}

static GtkWidget *
move_button (CltPreferencesDialog *self,
             const char           *icon,
             const char           *tooltip,
             guint                 position,
             gboolean              sensitive,
             GCallback             callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_sensitive (button, sensitive);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "position", GUINT_TO_POINTER (position));
  g_signal_connect_object (button, "clicked", callback, self, 0);

  return button;
}

static void
fill_sources (CltPreferencesDialog *self)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  for (guint i = 0; i < self->source_rows->len; i++)
    adw_preferences_group_remove (self->sources_group, g_ptr_array_index (self->source_rows, i));
  g_ptr_array_set_size (self->source_rows, 0);

  if (self->workspace == NULL || !(names = clt_identity_dup_source_order (self->workspace, &error)))
    return;

  n = g_strv_length (names);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *up = move_button (self, "go-up-symbolic", _("Move Up"), i, i > 0, G_CALLBACK (up_clicked_cb));
      GtkWidget *down = move_button (self, "go-down-symbolic", _("Move Down"), i, i + 1 < n, G_CALLBACK (down_clicked_cb));
      g_autofree char *rank = g_strdup_printf ("%u", i + 1);
      GtkWidget *prefix = gtk_label_new (rank);

      gtk_widget_add_css_class (prefix, "dim-label");
      gtk_widget_add_css_class (prefix, "numeric");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), names[i]);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), prefix);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), up);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), down);
      g_object_set_data (G_OBJECT (row), "up", up);
      g_object_set_data (G_OBJECT (row), "down", down);
      adw_preferences_group_add (self->sources_group, row);
      g_ptr_array_add (self->source_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->sources_group), n > 1);
}

static void
clt_preferences_dialog_dispose (GObject *object)
{
  CltPreferencesDialog *self = (CltPreferencesDialog *) object;

  /* A change still waiting is kept. */
  if (self->stale_timeout != 0)
    save_stale_months (self);
  g_clear_object (&self->workspace);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->source_rows, g_ptr_array_unref);

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
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesDialog, duplicates_page);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesDialog, upper_row);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesDialog, lower_row);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesDialog, sources_group);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesDialog, actor_row);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesDialog, consent_group);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesDialog, stale_row);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesDialog, double_opt_in_row);
  gtk_widget_class_bind_template_callback (widget_class, show_folder_cb);
  gtk_widget_class_bind_template_callback (widget_class, stale_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, double_opt_in_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, thresholds_changed_cb);
}

static void
clt_preferences_dialog_init (CltPreferencesDialog *self)
{
  self->source_rows = g_ptr_array_new ();
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading = FALSE;

  self->settings = clt_settings_new ();
  g_object_bind_property (self->settings, CLT_SETTING_KEY_OPEN_LAST_WORKSPACE,
                          self->open_last_row, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->settings, CLT_SETTING_KEY_ACTOR_NAME,
                          self->actor_row, "text",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
}

CltPreferencesDialog *
clt_preferences_dialog_new (CltWorkspace *workspace)
{
  CltPreferencesDialog *self = g_object_new (CLT_TYPE_PREFERENCES_DIALOG, NULL);

  g_set_object (&self->workspace, workspace);
  gtk_widget_set_visible (GTK_WIDGET (self->workspace_group), workspace != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->duplicates_page), workspace != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->consent_group), workspace != NULL);
  if (workspace != NULL)
    {
      g_autoptr(CltConsentLedger) ledger = clt_consent_ledger_new (workspace);
      double upper, lower;

      self->loading = TRUE;
      adw_spin_row_set_value (self->stale_row, clt_consent_ledger_get_stale_months (ledger));
      adw_switch_row_set_active (self->double_opt_in_row, clt_consent_ledger_get_require_double_opt_in (ledger));
      self->loading = FALSE;

      adw_action_row_set_subtitle (self->location_row, clt_workspace_get_path (workspace));
      clt_identity_get_thresholds (workspace, &upper, &lower);
      self->loading = TRUE;
      adw_spin_row_set_value (self->upper_row, upper * 100);
      adw_spin_row_set_value (self->lower_row, lower * 100);
      self->loading = FALSE;
      fill_sources (self);
    }

  return self;
}
