/* clt-window.c: the main window: a sidebar of sections and the page of the one chosen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-window"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-consent-page.h"
#include "clt-format.h"
#include "clt-imports-page.h"
#include "clt-insights-page.h"
#include "clt-profiles-page.h"
#include "clt-segments-page.h"
#include "clt-settings.h"
#include "clt-window-private.h"

typedef struct
{
  const char *name;
  const char *title;
  const char *icon_name;
  const char *counted_table;
} Section;

static const Section sections[CLT_WINDOW_N_SECTIONS] = {
  { "profiles", N_("Profiles"), "system-users-symbolic", "profiles" },
  { "segments", N_("Segments"), "clt-segments-symbolic", "segments" },
  { "consent", N_("Consent & Governance"), "preferences-system-privacy-symbolic", NULL },
  { "imports", N_("Imports"), "folder-download-symbolic", "import_batches" },
  { "insights", N_("Insights"), "clt-insights-symbolic", NULL },
};

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CltWindow, clt_window, ADW_TYPE_APPLICATION_WINDOW)

static void
show_counts (CltWindow *self,
             GArray    *counts)
{
  for (guint i = 0; i < CLT_WINDOW_N_SECTIONS; i++)
    {
      GtkWidget *page = gtk_stack_get_child_by_name (self->pages_stack, sections[i].name);
      g_autofree char *text = NULL;
      gint64 count;

      clt_page_set_counts (CLT_PAGE (page), counts);
      count = sections[i].counted_table ? clt_page_get_count (CLT_PAGE (page), sections[i].counted_table) : 0;
      if (count > 0)
        text = clt_format_count (count);

      gtk_label_set_label (self->section_counts[i], text);
      gtk_widget_set_visible (GTK_WIDGET (self->section_counts[i]), text != NULL);
    }
}

static void
counted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CltWindow) self = user_data;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GError) error = NULL;

  if (!(counts = clt_workspace_count_tables_finish (CLT_WORKSPACE (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not count the workspace: %s", error->message);
      return;
    }

  /* Counts of a workspace that is no longer open are of no use. */
  if (CLT_WORKSPACE (object) == self->workspace)
    show_counts (self, counts);
}

/* Counting reads every table, which takes a while in a large workspace: in a thread. */
static void
update_counts (CltWindow *self)
{
  g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);

  if (self->workspace == NULL)
    {
      show_counts (self, NULL);
      return;
    }

  self->count_cancellable = g_cancellable_new ();
  clt_workspace_count_tables_async (self->workspace, self->count_cancellable, counted_cb, g_object_ref (self));
}

/**
 * clt_window_reload:
 *
 * Shows the workspace's current state on every page, after it changed.
 */
void
clt_window_reload (CltWindow *self)
{
  g_autofree char *name = NULL;

  g_assert (CLT_IS_WINDOW (self));

  for (guint i = 0; i < CLT_WINDOW_N_SECTIONS; i++)
    {
      GtkWidget *page = gtk_stack_get_child_by_name (self->pages_stack, sections[i].name);

      clt_page_set_workspace (CLT_PAGE (page), self->workspace);
    }

  update_counts (self);

  if (self->workspace != NULL)
    {
      name = clt_workspace_dup_name (self->workspace);
      gtk_label_set_label (self->workspace_label, name);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->workspace_label),
                                   clt_workspace_get_path (self->workspace));
    }

  gtk_stack_set_visible_child_name (self->main_stack, self->workspace ? "workspace" : "welcome");
  _clt_window_actions_update (self);
}

/* Everything done in the window is recorded under the name set in the preferences. */
static void
apply_actor (CltWindow *self)
{
  g_autofree char *name = clt_settings_dup_actor_name (self->settings);

  if (self->workspace != NULL)
    clt_workspace_set_actor (self->workspace, name[0] ? name : NULL);
}

static GtkWidget *
create_section_row (CltWindow     *self,
                    const Section *section,
                    guint          index)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (_(section->title));
  GtkWidget *count = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_widget_set_visible (count, FALSE);

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (section->icon_name));
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), count);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, section->name);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL,
                                  -1);

  self->section_counts[index] = GTK_LABEL (count);

  return row;
}

static void
sidebar_row_activated_cb (CltWindow     *self,
                          GtkListBoxRow *row,
                          GtkListBox    *list)
{
  g_assert (CLT_IS_WINDOW (self));

  clt_window_show_page (self, gtk_widget_get_name (GTK_WIDGET (row)));
  adw_navigation_split_view_set_show_content (self->split_view, TRUE);
}

static void
sidebar_row_selected_cb (CltWindow     *self,
                         GtkListBoxRow *row,
                         GtkListBox    *list)
{
  g_assert (CLT_IS_WINDOW (self));

  if (row != NULL)
    clt_window_show_page (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
clt_window_constructed (GObject *object)
{
  CltWindow *self = (CltWindow *) object;
  g_autoptr(CltSettings) settings = clt_settings_new ();
  GSettings *gsettings = clt_settings_get_settings (settings);
  int width, height;

  G_OBJECT_CLASS (clt_window_parent_class)->constructed (object);

  clt_settings_get_window_size (settings, &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (gsettings, CLT_SETTING_KEY_WINDOW_MAXIMIZED))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
clt_window_close_request (GtkWindow *window)
{
  CltWindow *self = CLT_WINDOW (window);
  g_autoptr(CltSettings) settings = clt_settings_new ();
  GSettings *gsettings = clt_settings_get_settings (settings);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (gsettings, CLT_SETTING_KEY_WINDOW_WIDTH, width);
  g_settings_set_int (gsettings, CLT_SETTING_KEY_WINDOW_HEIGHT, height);
  g_settings_set_boolean (gsettings, CLT_SETTING_KEY_WINDOW_MAXIMIZED, gtk_window_is_maximized (window));

  g_cancellable_cancel (self->sample_cancellable);
  g_cancellable_cancel (self->resolve_cancellable);

  return GTK_WINDOW_CLASS (clt_window_parent_class)->close_request (window);
}

static void
clt_window_dispose (GObject *object)
{
  CltWindow *self = (CltWindow *) object;

  g_cancellable_cancel (self->sample_cancellable);
  g_clear_object (&self->sample_cancellable);
  g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  g_cancellable_cancel (self->resolve_cancellable);
  g_clear_object (&self->resolve_cancellable);
  g_clear_object (&self->workspace);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_WINDOW);

  G_OBJECT_CLASS (clt_window_parent_class)->dispose (object);
}

static void
clt_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CltWindow *self = CLT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_window_class_init (CltWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = clt_window_constructed;
  object_class->dispose = clt_window_dispose;
  object_class->get_property = clt_window_get_property;

  window_class->close_request = clt_window_close_request;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         CLT_TYPE_WORKSPACE,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CLT_TYPE_CONSENT_PAGE);
  g_type_ensure (CLT_TYPE_IMPORTS_PAGE);
  g_type_ensure (CLT_TYPE_INSIGHTS_PAGE);
  g_type_ensure (CLT_TYPE_PROFILES_PAGE);
  g_type_ensure (CLT_TYPE_SEGMENTS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CltWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, split_view);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, workspace_label);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, content_page);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, pages_stack);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);

  _clt_window_class_actions_init (klass);
}

static gboolean
files_dropped_cb (CltWindow     *self,
                  const GValue  *value,
                  double         x,
                  double         y)
{
  g_autoptr(GListStore) files = g_list_store_new (G_TYPE_FILE);

  for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
    g_list_store_append (files, l->data);

  _clt_window_import_files (self, G_LIST_MODEL (files));

  return TRUE;
}

static void
clt_window_init (CltWindow *self)
{
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  adw_status_page_set_icon_name (self->welcome_page, APP_ID);

  self->settings = clt_settings_new ();
  g_signal_connect_object (self->settings, "notify::" CLT_SETTING_KEY_ACTOR_NAME, G_CALLBACK (apply_actor),
                           self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < CLT_WINDOW_N_SECTIONS; i++)
    gtk_list_box_append (self->sidebar_list, create_section_row (self, &sections[i], i));

  gtk_list_box_select_row (self->sidebar_list, gtk_list_box_get_row_at_index (self->sidebar_list, 0));

  /* Exports dropped on the window open the import assistant with them. */
  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (target, "drop", G_CALLBACK (files_dropped_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->split_view), GTK_EVENT_CONTROLLER (target));

  clt_window_reload (self);
}

CltWindow *
clt_window_new (AdwApplication *application)
{
  return g_object_new (CLT_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * clt_window_get_workspace:
 *
 * Returns: (transfer none) (nullable): the open workspace
 */
CltWorkspace *
clt_window_get_workspace (CltWindow *self)
{
  g_return_val_if_fail (CLT_IS_WINDOW (self), NULL);

  return self->workspace;
}

/**
 * clt_window_open_workspace:
 * @path: the workspace file; created when missing
 *
 * Opens the workspace at @path in the window and remembers it for the next start.
 */
gboolean
clt_window_open_workspace (CltWindow   *self,
                           const char  *path,
                           GError     **error)
{
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(CltSettings) settings = NULL;

  g_return_val_if_fail (CLT_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!(workspace = clt_workspace_open (path, error)))
    return FALSE;

  settings = clt_settings_new ();
  clt_settings_set_last_workspace (settings, path);

  g_set_object (&self->workspace, workspace);
  apply_actor (self);
  clt_window_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);

  return TRUE;
}

/**
 * clt_window_show_page:
 * @name: profiles, segments, consent, imports or insights
 *
 * Shows the section @name and selects its sidebar row.
 */
void
clt_window_show_page (CltWindow  *self,
                      const char *name)
{
  g_return_if_fail (CLT_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  for (guint i = 0; i < CLT_WINDOW_N_SECTIONS; i++)
    {
      GtkListBoxRow *row;

      if (!g_str_equal (sections[i].name, name))
        continue;

      row = gtk_list_box_get_row_at_index (self->sidebar_list, i);
      if (gtk_list_box_get_selected_row (self->sidebar_list) != row)
        gtk_list_box_select_row (self->sidebar_list, row);

      gtk_stack_set_visible_child_name (self->pages_stack, name);
      adw_navigation_page_set_title (self->content_page, _(sections[i].title));
      return;
    }

  g_critical ("No page named “%s”", name);
}

/**
 * clt_window_show_profile:
 *
 * Shows customer @profile_id's page, over the list of customers.
 */
void
clt_window_show_profile (CltWindow *self,
                         gint64     profile_id)
{
  g_return_if_fail (CLT_IS_WINDOW (self));

  clt_window_show_page (self, "profiles");
  adw_navigation_split_view_set_show_content (self->split_view, TRUE);
  clt_profiles_page_show_profile (CLT_PROFILES_PAGE (gtk_stack_get_child_by_name (self->pages_stack, "profiles")),
                                  profile_id);
}

/**
 * clt_window_get_page:
 *
 * Returns: the name of the section shown
 */
const char *
clt_window_get_page (CltWindow *self)
{
  g_return_val_if_fail (CLT_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->pages_stack);
}

void
clt_window_add_toast (CltWindow *self,
                      AdwToast  *toast)
{
  g_return_if_fail (CLT_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * clt_window_show_toast:
 * @widget: a widget inside a window
 *
 * Shows @toast in the toast overlay around @widget; without one (a widget not shown in a
 * window) the toast is dropped.
 */
void
clt_window_show_toast (GtkWidget *widget,
                       AdwToast  *toast)
{
  GtkWidget *overlay;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (ADW_IS_TOAST (toast));

  if ((overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY)))
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_ref_sink (toast), g_object_unref (toast);
}
