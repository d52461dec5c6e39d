/* clt-segment-history-dialog.c: a segment's versions, and restoring one
 *
 * Each save of a segment is a version. The dialog lists them newest first with who saved each,
 * when, and what changed against the version before, found by comparing the two versions'
 * names, kinds and definitions. Restoring a version saves its definition as the next version.
 * Reading and restoring run in a thread on a workspace connection of their own.
 *
 * A fixed list's versions are not offered for restoring: its members change only when
 * customers are added, removed or frozen, so a version's conditions would change nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-segment-history-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-format.h"
#include "clt-segment-history-dialog.h"

struct _CltSegmentHistoryDialog
{
  AdwDialog        parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  AdwStatusPage   *error_page;
  GtkLabel        *summary_label;
  GtkListBox      *list;

  CltWorkspace    *workspace;
  gint64           segment_id;
  GCancellable    *cancellable;
};

G_DEFINE_FINAL_TYPE (CltSegmentHistoryDialog, clt_segment_history_dialog, ADW_TYPE_DIALOG)

enum {
  RESTORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- reading the versions ---- */

typedef struct
{
  char   *path;
  gint64  segment_id;
  gint64  version;
} Request;

static void
request_free (Request *request)
{
  g_free (request->path);
  g_free (request);
}

static Request *
request_new (CltSegmentHistoryDialog *self,
             gint64                   version)
{
  Request *request = g_new0 (Request, 1);

  request->path = g_strdup (clt_workspace_get_path (self->workspace));
  request->segment_id = self->segment_id;
  request->version = version;

  return request;
}

/* A version as listed. */
typedef struct
{
  gint64  version;
  char   *actor;
  char   *saved_at;
  char   *change;
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->actor);
  g_free (entry->saved_at);
  g_free (entry->change);
  g_free (entry);
}

typedef struct
{
  char      *name;
  gboolean   is_static;
  GPtrArray *entries;
} History;

static void
history_free (History *history)
{
  g_free (history->name);
  g_clear_pointer (&history->entries, g_ptr_array_unref);
  g_free (history);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (History, history_free)

/* The conditions and segment references in @group and the groups below it. */
static guint
count_conditions (CltSegmentGroup *group)
{
  guint n = 0;

  for (guint i = 0; i < clt_segment_group_get_n_children (group); i++)
    {
      CltSegmentNode *child = clt_segment_group_get_child (group, i);

      n += CLT_IS_SEGMENT_GROUP (child) ? count_conditions (CLT_SEGMENT_GROUP (child)) : 1;
    }

  return n;
}

/* What version @position of @versions (newest first) changed against the one before it. */
static char *
describe_change (GListModel *versions,
                 guint       position)
{
  guint n = g_list_model_get_n_items (versions);
  g_autoptr(CltSegment) version = g_list_model_get_item (versions, position);
  g_autoptr(CltSegment) before = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (position + 1 >= n)
    return g_strdup (clt_segment_get_kind (version) == CLT_SEGMENT_KIND_STATIC ? _("Created as a fixed list")
                                                                                : _("Created"));
  before = g_list_model_get_item (versions, position + 1);

  if (g_strcmp0 (clt_segment_get_name (version), clt_segment_get_name (before)) != 0)
    /* Translators: what a version of a segment changed; %s is the name it had before */
    g_ptr_array_add (parts, g_strdup_printf (_("Renamed from “%s”"), clt_segment_get_name (before)));

  if (clt_segment_get_kind (version) != clt_segment_get_kind (before))
    g_ptr_array_add (parts, g_strdup (clt_segment_get_kind (version) == CLT_SEGMENT_KIND_STATIC
                                        ? _("Made a fixed list") : _("Made a segment by conditions")));

  if (g_strcmp0 (clt_segment_get_definition (version), clt_segment_get_definition (before)) != 0)
    {
      g_autoptr(CltSegmentGroup) root = clt_segment_dup_root (version, NULL);
      g_autoptr(CltSegmentGroup) root_before = clt_segment_dup_root (before, NULL);
      gint64 same_as = 0;

      /* A restored version has the conditions of an earlier one: say which (the latest such). */
      for (guint i = position + 2; i < n && same_as == 0; i++)
        {
          g_autoptr(CltSegment) earlier = g_list_model_get_item (versions, i);

          if (g_strcmp0 (clt_segment_get_definition (version), clt_segment_get_definition (earlier)) == 0)
            same_as = clt_segment_get_version (earlier);
        }

      if (same_as > 0)
        /* Translators: what a version of a segment changed: it went back to an earlier version's conditions */
        g_ptr_array_add (parts, g_strdup_printf (_("Conditions as in version %lld"), (long long) same_as));
      else if (root && root_before && count_conditions (root) != count_conditions (root_before))
        /* Translators: what a version of a segment changed: the number of conditions, before → after */
        g_ptr_array_add (parts, g_strdup_printf (_("Conditions changed: %u\u00a0→\u00a0%u"), count_conditions (root_before),
                                                 count_conditions (root)));
      else
        g_ptr_array_add (parts, g_strdup (_("Conditions changed")));
    }

  if (parts->len == 0)
    return g_strdup (_("Saved without changes"));

  g_ptr_array_add (parts, NULL);

  return g_strjoinv (" · ", (char **) parts->pdata);
}

static History *
read_history (CltWorkspace  *workspace,
              gint64         segment_id,
              GError       **error)
{
  g_autoptr(CltSegment) segment = NULL;
  g_autoptr(GListModel) versions = NULL;
  g_autoptr(History) history = g_new0 (History, 1);

  if (!(segment = clt_segment_store_get (workspace, segment_id, error)) ||
      !(versions = clt_segment_store_list_versions (workspace, segment_id, error)))
    return NULL;

  history->name = g_strdup (clt_segment_get_name (segment));
  history->is_static = clt_segment_get_kind (segment) == CLT_SEGMENT_KIND_STATIC;
  history->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  for (guint i = 0; i < g_list_model_get_n_items (versions); i++)
    {
      g_autoptr(CltSegment) version = g_list_model_get_item (versions, i);
      Entry *entry = g_new0 (Entry, 1);

      entry->version = clt_segment_get_version (version);
      entry->actor = g_strdup (clt_segment_get_actor (version));
      entry->saved_at = g_strdup (clt_segment_get_updated_at (version));
      entry->change = describe_change (versions, i);
      g_ptr_array_add (history->entries, entry);
    }

  return g_steal_pointer (&history);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Request *request = task_data;
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  History *history;

  if (!(workspace = clt_workspace_open (request->path, &error)) ||
      !(history = read_history (workspace, request->segment_id, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, history, (GDestroyNotify) history_free);
}

/* ---- restoring ---- */

static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Request *request = task_data;
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;

  if (!(workspace = clt_workspace_open (request->path, &error)) ||
      !clt_segment_store_restore_version (workspace, request->segment_id, request->version, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void load (CltSegmentHistoryDialog *self);

static void
restored_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CltSegmentHistoryDialog) self = user_data;
  Request *request = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  /* The dialog went while the version was restored: the restore stands, and those listening
   * hear of it still; there is only nothing left to show it in. */
  if (self->list == NULL)
    {
      if (g_task_propagate_boolean (G_TASK (result), NULL))
        g_signal_emit (self, signals[RESTORED], 0, request->version);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->list), TRUE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  /* Translators: a message after restoring a version of a segment */
  title = g_strdup_printf (_("Version %lld restored"), (long long) request->version);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
  load (self);
  g_signal_emit (self, signals[RESTORED], 0, request->version);
}

static void
restore_clicked_cb (GtkButton               *button,
                    CltSegmentHistoryDialog *self)
{
  gint64 version = *(gint64 *) g_object_get_data (G_OBJECT (button), "version");
  g_autoptr(GTask) task = NULL;

  /* One restore at a time. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->list), FALSE);
  task = g_task_new (NULL, NULL, restored_cb, g_object_ref (self));
  g_task_set_source_tag (task, restore_clicked_cb);
  g_task_set_task_data (task, request_new (self, version), (GDestroyNotify) request_free);
  g_task_run_in_thread (task, restore_thread);
}

/* ---- showing the versions ---- */

static GtkWidget *
version_row_new (CltSegmentHistoryDialog *self,
                 const Entry             *entry,
                 gboolean                 current,
                 gboolean                 restorable,
                 GDateTime               *now)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GDateTime) saved = clt_format_parse_time (entry->saved_at);
  g_autofree char *when = clt_format_date_time (saved);
  g_autofree char *relative = clt_format_relative (entry->saved_at, now);
  g_autoptr(GString) ago = g_string_new (relative);
  g_autofree char *title = NULL;
  g_autofree char *by = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: a version of a segment in its history */
  title = g_strdup_printf (_("Version %lld"), (long long) entry->version);
  /* Translators: who saved a version of a segment and when: "by anna, 12.03.2025 14:02 (3 days ago)" */
  /* "3 months ago" wraps as one, not after "3". */
  g_string_replace (ago, " ", "\u00a0", 0);
  by = g_strdup_printf (_("by %s, %s (%s)"), entry->actor ? entry->actor : _("someone unknown"), when, ago->str);
  subtitle = g_strdup_printf ("%s\n%s", entry->change, by);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (current)
    {
      GtkWidget *badge = gtk_label_new (_("Current"));

      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (badge, "badge");
      gtk_widget_add_css_class (badge, "accent");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
    }
  else if (restorable)
    {
      GtkWidget *restore = gtk_button_new_with_label (_("Restore"));

      gtk_widget_set_valign (restore, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (restore, _("Save this version again as the current one"));
      g_object_set_data_full (G_OBJECT (restore), "version", g_memdup2 (&entry->version, sizeof (gint64)), g_free);
      g_signal_connect_object (restore, "clicked", G_CALLBACK (restore_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), restore);
    }

  return row;
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CltSegmentHistoryDialog) self = user_data;
  g_autoptr(History) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *summary = NULL;

  history = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  if (history == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  if (history->is_static)
    /* Translators: above a fixed list's versions; %s is its name */
    summary = g_strdup_printf (_("Each save of “%s” is a version. It is a fixed list: its customers stay as "
                                 "they were chosen, so its versions are shown but not restored."), history->name);
  else
    /* Translators: above a segment's versions; %s is its name */
    summary = g_strdup_printf (_("Each save of “%s” is a version. Restoring one saves it again as the newest; "
                                 "the versions in between stay."), history->name);
  gtk_label_set_label (self->summary_label, summary);

  gtk_list_box_remove_all (self->list);
  for (guint i = 0; i < history->entries->len; i++)
    gtk_list_box_append (self->list, version_row_new (self, g_ptr_array_index (history->entries, i), i == 0,
                                                       !history->is_static, now));

  gtk_stack_set_visible_child_name (self->stack, "versions");
}

static void
load (CltSegmentHistoryDialog *self)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  task = g_task_new (NULL, self->cancellable, loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, load);
  g_task_set_task_data (task, request_new (self, 0), (GDestroyNotify) request_free);
  g_task_run_in_thread (task, load_thread);
}

/* ---- GObject ---- */

static void
clt_segment_history_dialog_dispose (GObject *object)
{
  CltSegmentHistoryDialog *self = CLT_SEGMENT_HISTORY_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_SEGMENT_HISTORY_DIALOG);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (clt_segment_history_dialog_parent_class)->dispose (object);
}

static void
clt_segment_history_dialog_class_init (CltSegmentHistoryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_segment_history_dialog_dispose;

  /**
   * CltSegmentHistoryDialog::restored:
   * @version: the version restored, now saved again as the segment's newest
   *
   * Emitted when a version has been restored, so that what shows the segment reads it anew.
   */
  signals[RESTORED] = g_signal_new ("restored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-segment-history-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CltSegmentHistoryDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentHistoryDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentHistoryDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentHistoryDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentHistoryDialog, list);
}

static void
clt_segment_history_dialog_init (CltSegmentHistoryDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * clt_segment_history_dialog_new:
 * @segment_id: a saved segment
 *
 * Returns: (transfer floating): a dialog listing segment @segment_id's versions, each older one
 *   with a button to restore it
 */
CltSegmentHistoryDialog *
clt_segment_history_dialog_new (CltWorkspace *workspace,
                                gint64        segment_id)
{
  CltSegmentHistoryDialog *self;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (CLT_TYPE_SEGMENT_HISTORY_DIALOG, NULL);
  self->workspace = g_object_ref (workspace);
  self->segment_id = segment_id;
  load (self);

  return self;
}
