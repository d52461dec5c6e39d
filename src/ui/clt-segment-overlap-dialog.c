/* clt-segment-overlap-dialog.c: how many customers two segments share
 *
 * The other saved segments are listed, and the overlap with the one chosen is counted, each in
 * a thread on a workspace connection of its own: a segment's members are a query over every
 * customer. A new choice, or closing the dialog, cancels the count under way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-segment-overlap-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-format.h"
#include "clt-segment-overlap-dialog.h"
#include "clt-venn-diagram.h"

struct _CltSegmentOverlapDialog
{
  AdwDialog       parent_instance;

  GtkStack       *stack;
  AdwStatusPage  *none_page;
  AdwStatusPage  *error_page;
  AdwComboRow    *other_row;
  GtkStack       *result_stack;
  GtkLabel       *failed_label;
  CltVennDiagram *venn;
  AdwActionRow   *only_a_row;
  AdwActionRow   *only_b_row;
  GtkLabel       *only_a_count;
  GtkLabel       *both_count;
  GtkLabel       *only_b_count;

  CltWorkspace   *workspace;
  gint64          segment_id;
  char           *name;
  /* The other segments, as the combo row lists them. */
  GArray         *other_ids;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (CltSegmentOverlapDialog, clt_segment_overlap_dialog, ADW_TYPE_DIALOG)

/* ---- the segments ---- */

typedef struct
{
  char      *path;
  gint64     segment_id;
  gint64     other_id;
} Request;

static void
request_free (Request *request)
{
  g_free (request->path);
  g_free (request);
}

static Request *
request_new (CltSegmentOverlapDialog *self,
             gint64                   other_id)
{
  Request *request = g_new0 (Request, 1);

  request->path = g_strdup (clt_workspace_get_path (self->workspace));
  request->segment_id = self->segment_id;
  request->other_id = other_id;

  return request;
}

typedef struct
{
  char      *name;
  GArray    *ids;
  GPtrArray *names;
} Listing;

static void
listing_free (Listing *listing)
{
  g_free (listing->name);
  g_clear_pointer (&listing->ids, g_array_unref);
  g_clear_pointer (&listing->names, g_ptr_array_unref);
  g_free (listing);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Listing, listing_free)

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Request *request = task_data;
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(CltSegment) segment = NULL;
  g_autoptr(GListModel) segments = NULL;
  g_autoptr(Listing) listing = g_new0 (Listing, 1);
  g_autoptr(GError) error = NULL;

  if (!(workspace = clt_workspace_open (request->path, &error)) ||
      !(segment = clt_segment_store_get (workspace, request->segment_id, &error)) ||
      !(segments = clt_segment_store_list (workspace, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  listing->name = g_strdup (clt_segment_get_name (segment));
  listing->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  listing->names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < g_list_model_get_n_items (segments); i++)
    {
      g_autoptr(CltSegment) other = g_list_model_get_item (segments, i);
      gint64 id = clt_segment_get_id (other);

      if (id == request->segment_id || clt_segment_get_deleted (other))
        continue;
      g_array_append_val (listing->ids, id);
      g_ptr_array_add (listing->names, g_strdup (clt_segment_get_name (other)));
    }
  g_ptr_array_add (listing->names, NULL);

  g_task_return_pointer (task, g_steal_pointer (&listing), (GDestroyNotify) listing_free);
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CltSegmentOverlapDialog) self = user_data;
  g_autoptr(Listing) listing = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = NULL;

  listing = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  if (listing == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  g_set_str (&self->name, listing->name);
  g_clear_pointer (&self->other_ids, g_array_unref);
  self->other_ids = g_array_ref (listing->ids);

  if (self->other_ids->len == 0)
    {
      g_autofree char *description = NULL;

      /* Translators: %s is the name of a segment */
      description = g_strdup_printf (_("Save another segment to compare “%s” with it."), self->name);
      adw_status_page_set_description (self->none_page, description);
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "compare");
  /* Setting the model selects the first segment, which starts its count. */
  names = gtk_string_list_new ((const char * const *) listing->names->pdata);
  adw_combo_row_set_model (self->other_row, G_LIST_MODEL (names));
}

/* ---- the overlap ---- */

static void
overlap_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Request *request = task_data;
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  gint64 counts[3];

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!(workspace = clt_workspace_open (request->path, &error)) ||
      !clt_segment_store_overlap (workspace, request->segment_id, request->other_id, &counts[0], &counts[1],
                                  &counts[2], &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_memdup2 (counts, sizeof counts), g_free);
}

static void
set_count (GtkLabel *label,
           gint64    count)
{
  g_autofree char *text = clt_format_count (count);

  gtk_label_set_label (label, text);
}

static void
compared_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CltSegmentOverlapDialog) self = user_data;
  g_autofree gint64 *counts = NULL;
  g_autoptr(GError) error = NULL;

  counts = g_task_propagate_pointer (G_TASK (result), &error);
  /* A newer choice, or the dialog closing, made this count moot. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  if (counts == NULL)
    {
      gtk_label_set_label (self->failed_label, error->message);
      gtk_stack_set_visible_child_name (self->result_stack, "failed");
      return;
    }

  clt_venn_diagram_set_counts (self->venn, counts[0], counts[1], counts[2]);
  set_count (self->only_a_count, counts[0]);
  set_count (self->both_count, counts[1]);
  set_count (self->only_b_count, counts[2]);
  gtk_stack_set_visible_child_name (self->result_stack, "result");
}

static void
other_selected_cb (CltSegmentOverlapDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->other_row);
  GListModel *names = adw_combo_row_get_model (self->other_row);
  g_autoptr(GTask) task = NULL;
  g_autofree char *only_a = NULL;
  g_autofree char *only_b = NULL;
  const char *other;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->other_ids == NULL || names == NULL || selected >= self->other_ids->len)
    return;

  other = gtk_string_list_get_string (GTK_STRING_LIST (names), selected);
  clt_venn_diagram_set_labels (self->venn, self->name, other);
  /* Translators: a row of the overlap of two segments; %s is the name of one of them */
  only_a = g_strdup_printf (_("Only in “%s”"), self->name);
  only_b = g_strdup_printf (_("Only in “%s”"), other);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->only_a_row), only_a);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->only_b_row), only_b);
  gtk_stack_set_visible_child_name (self->result_stack, "computing");

  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, compared_cb, g_object_ref (self));
  g_task_set_source_tag (task, other_selected_cb);
  g_task_set_task_data (task, request_new (self, g_array_index (self->other_ids, gint64, selected)),
                        (GDestroyNotify) request_free);
  g_task_run_in_thread (task, overlap_thread);
}

/* ---- GObject ---- */

static void
clt_segment_overlap_dialog_closed (AdwDialog *dialog)
{
  CltSegmentOverlapDialog *self = CLT_SEGMENT_OVERLAP_DIALOG (dialog);

  g_cancellable_cancel (self->cancellable);

  if (ADW_DIALOG_CLASS (clt_segment_overlap_dialog_parent_class)->closed)
    ADW_DIALOG_CLASS (clt_segment_overlap_dialog_parent_class)->closed (dialog);
}

static void
clt_segment_overlap_dialog_dispose (GObject *object)
{
  CltSegmentOverlapDialog *self = CLT_SEGMENT_OVERLAP_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_SEGMENT_OVERLAP_DIALOG);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->other_ids, g_array_unref);

  G_OBJECT_CLASS (clt_segment_overlap_dialog_parent_class)->dispose (object);
}

static void
clt_segment_overlap_dialog_finalize (GObject *object)
{
  CltSegmentOverlapDialog *self = CLT_SEGMENT_OVERLAP_DIALOG (object);

  g_free (self->name);

  G_OBJECT_CLASS (clt_segment_overlap_dialog_parent_class)->finalize (object);
}

static void
clt_segment_overlap_dialog_class_init (CltSegmentOverlapDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwDialogClass *dialog_class = ADW_DIALOG_CLASS (klass);

  object_class->dispose = clt_segment_overlap_dialog_dispose;
  object_class->finalize = clt_segment_overlap_dialog_finalize;
  dialog_class->closed = clt_segment_overlap_dialog_closed;

  g_type_ensure (CLT_TYPE_VENN_DIAGRAM);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-segment-overlap-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CltSegmentOverlapDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentOverlapDialog, none_page);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentOverlapDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentOverlapDialog, other_row);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentOverlapDialog, result_stack);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentOverlapDialog, failed_label);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentOverlapDialog, venn);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentOverlapDialog, only_a_row);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentOverlapDialog, only_b_row);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentOverlapDialog, only_a_count);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentOverlapDialog, both_count);
  gtk_widget_class_bind_template_child (widget_class, CltSegmentOverlapDialog, only_b_count);
  gtk_widget_class_bind_template_callback (widget_class, other_selected_cb);
}

static void
clt_segment_overlap_dialog_init (CltSegmentOverlapDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * clt_segment_overlap_dialog_new:
 * @segment_id: the segment compared with each of the others
 *
 * Returns: (transfer floating): a dialog counting how many customers segment @segment_id
 *   shares with another saved segment of the user's choice
 */
CltSegmentOverlapDialog *
clt_segment_overlap_dialog_new (CltWorkspace *workspace,
                                gint64        segment_id)
{
  CltSegmentOverlapDialog *self;
  g_autoptr(GTask) task = NULL;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (CLT_TYPE_SEGMENT_OVERLAP_DIALOG, NULL);
  self->workspace = g_object_ref (workspace);
  self->segment_id = segment_id;

  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, listed_cb, g_object_ref (self));
  g_task_set_source_tag (task, clt_segment_overlap_dialog_new);
  g_task_set_task_data (task, request_new (self, 0), (GDestroyNotify) request_free);
  g_task_run_in_thread (task, list_thread);

  return self;
}
