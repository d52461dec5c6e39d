/* clt-segments-page.c: saved audiences
 *
 * The saved segments, each with the number of customers it holds now, counted in a thread;
 * a segment is deleted at once, with Undo. A segment opens in the builder, pushed above the
 * list; so does a new one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-segments-page"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-format.h"
#include "clt-segment-editor.h"
#include "clt-segments-page.h"
#include "clt-window.h"

struct _CltSegmentsPage
{
  CltPage              parent_instance;

  AdwNavigationView   *navigation;
  GtkStack            *stack;
  AdwPreferencesGroup *group;
  GPtrArray           *rows;

  GCancellable        *cancellable;
  /* the workspace the builder above the list was opened on (compared, never used) */
  CltWorkspace        *opened_on;
};

G_DEFINE_FINAL_TYPE (CltSegmentsPage, clt_segments_page, CLT_TYPE_PAGE)

/* A segment as listed: its id, name, kind, how many customers it holds, and the suggested
 * audience it was made from. */
typedef struct
{
  gint64          id;
  char           *name;
  CltSegmentKind  kind;
  gint64          members;
  char           *suggestion;
} Listed;

static void
listed_free (Listed *listed)
{
  g_free (listed->name);
  g_free (listed->suggestion);
  g_free (listed);
}

static void
show_message (CltSegmentsPage *self,
              AdwToast        *toast)
{
  clt_window_show_toast (GTK_WIDGET (self), toast);
}

static void
undo_delete_cb (AdwToast        *toast,
                CltSegmentsPage *self)
{
  CltWorkspace *workspace = clt_page_get_workspace (CLT_PAGE (self));
  g_autoptr(GError) error = NULL;

  if (workspace &&
      !clt_segment_store_undelete (workspace, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "segment")),
                                   NULL, &error))
    show_message (self, adw_toast_new (error->message));
  clt_page_reload (CLT_PAGE (self));
}

/* Says that segment @id was deleted, with Undo. */
static void
show_deleted (CltSegmentsPage *self,
              gint64           id,
              const char      *name)
{
  g_autofree char *title = NULL;
  AdwToast *toast;

  /* Translators: %s is the name of a segment */
  title = g_strdup_printf (_("“%s” deleted"), name);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data (G_OBJECT (toast), "segment", GSIZE_TO_POINTER (id));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_delete_cb), self, 0);
  show_message (self, toast);
  clt_page_reload (CLT_PAGE (self));
}

static void
delete_clicked_cb (GtkButton       *button,
                   CltSegmentsPage *self)
{
  CltWorkspace *workspace = clt_page_get_workspace (CLT_PAGE (self));
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "segment"));
  g_autoptr(GError) error = NULL;

  if (workspace == NULL)
    return;
  if (!clt_segment_store_delete (workspace, id, NULL, &error))
    {
      show_message (self, adw_toast_new (error->message));
      return;
    }

  show_deleted (self, id, g_object_get_data (G_OBJECT (button), "name"));
}

static void
editor_saved_cb (CltSegmentsPage *self)
{
  clt_page_reload (CLT_PAGE (self));
}

static void
editor_deleted_cb (CltSegmentsPage  *self,
                   gint64            id,
                   const char       *name,
                   CltSegmentEditor *editor)
{
  adw_navigation_view_pop_to_tag (self->navigation, "list");
  show_deleted (self, id, name);
}

/**
 * clt_segments_page_open:
 * @id: a saved segment, or 0 for a new one
 *
 * Opens the segment builder on segment @id.
 *
 * Returns: (transfer none): the builder
 */
CltSegmentEditor *
clt_segments_page_open (CltSegmentsPage *self,
                        gint64           id)
{
  CltWorkspace *workspace = clt_page_get_workspace (CLT_PAGE (self));
  CltSegmentEditor *editor;

  g_return_val_if_fail (CLT_IS_SEGMENTS_PAGE (self), NULL);
  g_return_val_if_fail (workspace != NULL, NULL);

  editor = clt_segment_editor_new (workspace, id);
  g_signal_connect_object (editor, "saved", G_CALLBACK (editor_saved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "deleted", G_CALLBACK (editor_deleted_cb), self, G_CONNECT_SWAPPED);
  /* Replaced, not popped and pushed: a builder still leaving would have the same tag. */
  adw_navigation_view_replace (self->navigation,
                               (AdwNavigationPage *[]) { adw_navigation_view_find_page (self->navigation, "list"),
                                                         ADW_NAVIGATION_PAGE (editor) }, 2);
  self->opened_on = workspace;

  return editor;
}

static void
row_activated_cb (AdwActionRow    *row,
                  CltSegmentsPage *self)
{
  clt_segments_page_open (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "segment")));
}

static void
new_activated_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  if (clt_page_get_workspace (CLT_PAGE (widget)))
    clt_segments_page_open (CLT_SEGMENTS_PAGE (widget), 0);
}

/* Reads the segments and counts their members, on a connection of the thread's own. */
static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(GListModel) segments = NULL;
  g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func ((GDestroyNotify) listed_free);
  g_autoptr(GError) error = NULL;

  if (!(workspace = clt_workspace_open (task_data, &error)) || !(segments = clt_segment_store_list (workspace, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (segments) && !g_cancellable_is_cancelled (cancellable); i++)
    {
      g_autoptr(CltSegment) segment = g_list_model_get_item (segments, i);
      g_autoptr(GArray) members = NULL;
      Listed *entry;

      if (clt_segment_get_deleted (segment))
        continue;
      entry = g_new0 (Listed, 1);
      entry->id = clt_segment_get_id (segment);
      entry->name = g_strdup (clt_segment_get_name (segment));
      entry->kind = clt_segment_get_kind (segment);
      entry->suggestion = g_strdup (clt_segment_get_suggestion (segment));
      members = clt_segment_store_list_members (workspace, entry->id, NULL);
      entry->members = members ? members->len : -1;
      g_ptr_array_add (listed, entry);
    }

  g_task_return_pointer (task, g_steal_pointer (&listed), (GDestroyNotify) g_ptr_array_unref);
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CltSegmentsPage) self = user_data;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;

  listed = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  if (listed == NULL)
    {
      g_warning ("Could not list the segments: %s", error->message);
      return;
    }

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; i < listed->len; i++)
    {
      Listed *entry = g_ptr_array_index (listed, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *delete = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *count = clt_format_count (MAX (entry->members, 0));
      g_autofree char *subtitle = NULL;

      if (entry->kind == CLT_SEGMENT_KIND_STATIC)
        /* Translators: a fixed list's size: "Fixed list · 12 customers" */
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Fixed list · %s customer", "Fixed list · %s customers",
                                                 entry->members), count);
      else
        /* Translators: a segment's size now: "By conditions · 1,240 customers" */
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "By conditions · %s customer",
                                                 "By conditions · %s customers", entry->members), count);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (
          entry->kind == CLT_SEGMENT_KIND_STATIC ? "view-list-bullet-symbolic" : "clt-segments-symbolic"));

      /* Made from a suggested audience: marked, with what was suggested. */
      if (entry->suggestion != NULL)
        {
          GtkWidget *mark = gtk_label_new (C_("segment", "Suggestion"));
          g_autofree char *tip = g_strdup_printf (_("Made from a suggested audience: %s"), entry->suggestion);

          gtk_widget_add_css_class (mark, "badge");
          gtk_widget_add_css_class (mark, "accent");
          gtk_widget_set_valign (mark, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (mark, tip);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), mark);
        }

      gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (delete, "flat");
      gtk_widget_set_tooltip_text (delete, _("Delete"));
      g_object_set_data (G_OBJECT (delete), "segment", GSIZE_TO_POINTER (entry->id));
      g_object_set_data_full (G_OBJECT (delete), "name", g_strdup (entry->name), g_free);
      g_signal_connect_object (delete, "clicked", G_CALLBACK (delete_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "segment", GSIZE_TO_POINTER (entry->id));
      g_signal_connect_object (row, "activated", G_CALLBACK (row_activated_cb), self, 0);

      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
    }

  gtk_stack_set_visible_child_name (self->stack, listed->len > 0 ? "list" : "empty");
}

static void
clt_segments_page_reload (CltPage *page)
{
  CltSegmentsPage *self = CLT_SEGMENTS_PAGE (page);
  CltWorkspace *workspace = clt_page_get_workspace (page);
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* A builder stays open while its workspace does. */
  if (workspace != self->opened_on)
    adw_navigation_view_pop_to_tag (self->navigation, "list");
  if (workspace == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, listed_cb, g_object_ref (self));
  g_task_set_task_data (task, g_strdup (clt_workspace_get_path (workspace)), g_free);
  g_task_run_in_thread (task, list_thread);
}

static void
clt_segments_page_dispose (GObject *object)
{
  CltSegmentsPage *self = CLT_SEGMENTS_PAGE (object);

  /* The template's widgets go with the page's child, which AdwBin unparents. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (clt_segments_page_parent_class)->dispose (object);
}

static void
clt_segments_page_class_init (CltSegmentsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CltPageClass *page_class = CLT_PAGE_CLASS (klass);

  object_class->dispose = clt_segments_page_dispose;
  page_class->reload = clt_segments_page_reload;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-segments-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CltSegmentsPage, navigation);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentsPage, stack);

  gtk_widget_class_install_action (widget_class, "segments.new", NULL, new_activated_cb);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentsPage, group);
}

static void
clt_segments_page_init (CltSegmentsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}
