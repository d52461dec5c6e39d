/* clt-segment-changes-dialog.c: who entered and who left a segment since the last look
 *
 * Opening the dialog is a look (clt_segment_store_look()): the members now are compared with
 * those at the last look and remembered as the new last look. That, and reading the names of
 * the first hundred people each way, runs in a thread on a workspace connection of its own: a
 * segment's members are a query over every customer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-segment-changes-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-format.h"
#include "clt-profile-row.h"
#include "clt-segment-changes-dialog.h"

/* The most people listed by name each way. */
#define NAMES_SHOWN 100

struct _CltSegmentChangesDialog
{
  AdwDialog            parent_instance;

  GtkStack            *stack;
  AdwStatusPage       *error_page;
  AdwStatusPage       *empty_page;
  GtkLabel            *since_label;
  AdwPreferencesGroup *entered_group;
  AdwPreferencesGroup *left_group;

  CltWorkspace        *workspace;
  gint64               segment_id;
  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (CltSegmentChangesDialog, clt_segment_changes_dialog, ADW_TYPE_DIALOG)

/* ---- the look ---- */

typedef struct
{
  char   *path;
  gint64  segment_id;
} Request;

static void
request_free (Request *request)
{
  g_free (request->path);
  g_free (request);
}

typedef struct
{
  char      *name;
  /* The last look before this one, or NULL if this is the first. */
  char      *looked_at;
  guint      n_entered;
  guint      n_left;
  GPtrArray *entered;
  GPtrArray *left;
} Changes;

static void
changes_free (Changes *changes)
{
  g_free (changes->name);
  g_free (changes->looked_at);
  g_clear_pointer (&changes->entered, g_ptr_array_unref);
  g_clear_pointer (&changes->left, g_ptr_array_unref);
  g_free (changes);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Changes, changes_free)

static void
look_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Request *request = task_data;
  gint64 segment_id = request->segment_id;
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(CltSegment) segment = NULL;
  g_autoptr(GArray) entered = NULL;
  g_autoptr(GArray) left = NULL;
  g_autoptr(Changes) changes = g_new0 (Changes, 1);
  g_autoptr(GError) error = NULL;

  /* Closed before it began: no look to remember. */
  if (g_task_return_error_if_cancelled (task))
    return;

  if (!(workspace = clt_workspace_open (request->path, &error)) ||
      !(segment = clt_segment_store_get (workspace, segment_id, &error)) ||
      !clt_segment_store_get_looked_at (workspace, segment_id, &changes->looked_at, &error) ||
      !clt_segment_store_look (workspace, segment_id, NULL, &entered, &left, &error) ||
      !(changes->entered = clt_segment_store_list_people (workspace, (const gint64 *) entered->data,
                                                          MIN (entered->len, NAMES_SHOWN), &error)) ||
      !(changes->left = clt_segment_store_list_people (workspace, (const gint64 *) left->data,
                                                       MIN (left->len, NAMES_SHOWN), &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  changes->name = g_strdup (clt_segment_get_name (segment));
  changes->n_entered = entered->len;
  changes->n_left = left->len;

  g_task_return_pointer (task, g_steal_pointer (&changes), (GDestroyNotify) changes_free);
}

/* ---- showing the changes ---- */

static void
fill_group (AdwPreferencesGroup *group,
            GPtrArray           *people,
            guint                total,
            const char          *title,
            const char          *description)
{
  gtk_widget_set_visible (GTK_WIDGET (group), total > 0);
  adw_preferences_group_set_title (group, title);
  adw_preferences_group_set_description (group, description);

  for (guint i = 0; i < people->len; i++)
    {
      GtkWidget *row = clt_profile_row_new (g_ptr_array_index (people, i), FALSE);

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      adw_preferences_group_add (group, row);
    }

  /* Those not listed by name: past the first hundred, or no longer in the workspace. */
  if (total > people->len)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *more_count = clt_format_count (total - people->len);
      g_autofree char *more = NULL;

      /* Translators: the last row of a list of customers cut short: "and 1,140 more" */
      more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %s more", "and %s more", total - people->len),
                              more_count);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (group, row);
    }
}

static void
looked_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CltSegmentChangesDialog) self = user_data;
  g_autoptr(Changes) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) looked = NULL;
  g_autofree char *when = NULL;
  g_autofree char *ago = NULL;
  g_autofree char *since = NULL;
  g_autofree char *entered_description = NULL;
  g_autofree char *left_description = NULL;
  g_autofree char *n_entered = NULL;
  g_autofree char *n_left = NULL;
  g_autofree char *entered_title = NULL;
  g_autofree char *left_title = NULL;

  changes = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  if (changes == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  if (changes->looked_at)
    {
      looked = clt_format_parse_time (changes->looked_at);
      when = clt_format_date_time (looked);
      ago = clt_format_relative (changes->looked_at, now);
    }

  if (changes->n_entered == 0 && changes->n_left == 0)
    {
      g_autofree char *description = NULL;

      if (changes->looked_at)
        /* Translators: %s are a segment's name, a date and time, and how long ago that was */
        description = g_strdup_printf (_("Nobody entered or left “%s” since the last look on %s (%s). "
                                         "This look is now remembered."), changes->name, when, ago);
      else
        /* Translators: %s is a segment's name */
        description = g_strdup_printf (_("“%s” holds nobody yet. This look is now remembered."), changes->name);
      adw_status_page_set_description (self->empty_page, description);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  if (changes->looked_at)
    /* Translators: %s are a segment's name, a date and time, and how long ago that was */
    since = g_strdup_printf (_("Changes to “%s” since the last look on %s (%s)."), changes->name, when, ago);
  else
    /* Translators: %s is a segment's name */
    since = g_strdup_printf (_("This is the first look at “%s”: everyone in it now counts as entered."),
                             changes->name);
  gtk_label_set_label (self->since_label, since);

  /* Translators: %s is a segment's name */
  entered_description = g_strdup_printf (_("In “%s” now, and not at the last look"), changes->name);
  /* Translators: %s is a segment's name */
  left_description = g_strdup_printf (_("In “%s” at the last look, and not now"), changes->name);
  n_entered = clt_format_count (changes->n_entered);
  n_left = clt_format_count (changes->n_left);
  /* Translators: a heading over the customers who came into a segment: "12 customers entered" */
  entered_title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s customer entered", "%s customers entered",
                                                changes->n_entered), n_entered);
  /* Translators: a heading over the customers who went out of a segment: "3 customers left" */
  left_title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s customer left", "%s customers left",
                                             changes->n_left), n_left);
  fill_group (self->entered_group, changes->entered, changes->n_entered, entered_title, entered_description);
  fill_group (self->left_group, changes->left, changes->n_left, left_title, left_description);

  gtk_stack_set_visible_child_name (self->stack, "changes");
}

/* ---- GObject ---- */

static void
clt_segment_changes_dialog_dispose (GObject *object)
{
  CltSegmentChangesDialog *self = CLT_SEGMENT_CHANGES_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_SEGMENT_CHANGES_DIALOG);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (clt_segment_changes_dialog_parent_class)->dispose (object);
}

static void
clt_segment_changes_dialog_class_init (CltSegmentChangesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_segment_changes_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-segment-changes-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CltSegmentChangesDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentChangesDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentChangesDialog, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentChangesDialog, since_label);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentChangesDialog, entered_group);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentChangesDialog, left_group);
}

static void
clt_segment_changes_dialog_init (CltSegmentChangesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * clt_segment_changes_dialog_new:
 * @segment_id: a saved segment
 *
 * Looks at segment @segment_id (see clt_segment_store_look()) in a thread and shows who
 * entered and who left it since the last look.
 *
 * Returns: (transfer floating): the dialog
 */
CltSegmentChangesDialog *
clt_segment_changes_dialog_new (CltWorkspace *workspace,
                                gint64        segment_id)
{
  CltSegmentChangesDialog *self;
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (CLT_TYPE_SEGMENT_CHANGES_DIALOG, NULL);
  self->workspace = g_object_ref (workspace);
  self->segment_id = segment_id;

  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, looked_cb, g_object_ref (self));
  g_task_set_source_tag (task, clt_segment_changes_dialog_new);
  request = g_new0 (Request, 1);
  request->path = g_strdup (clt_workspace_get_path (workspace));
  request->segment_id = segment_id;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  g_task_run_in_thread (task, look_thread);

  return self;
}
