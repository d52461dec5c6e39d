/* clt-merge-dialog.c: finding a customer: the one to merge into another, or the one a subject
 * request is from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-merge-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-merge-dialog.h"
#include "clt-profile-row.h"

#define RESULTS_SHOWN 50

struct _CltMergeDialog
{
  AdwDialog       parent_instance;

  GtkSearchEntry *search_entry;
  GtkStack       *stack;
  GtkListBox     *list;

  CltWorkspace   *workspace;
  gint64          profile_id;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (CltMergeDialog, clt_merge_dialog, ADW_TYPE_DIALOG)

enum {
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
found_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CltMergeDialog) self = user_data;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  guint shown = 0;

  found = clt_identity_find_profiles_finish (CLT_WORKSPACE (object), result, &error);
  /* A newer search, or the dialog closing, made this one moot. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  if (found == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }

  gtk_list_box_remove_all (self->list);
  for (guint i = 0; i < found->len && shown < RESULTS_SHOWN; i++)
    {
      CltProfileSummary *summary = g_ptr_array_index (found, i);

      if (summary->profile_id == self->profile_id)
        continue;
      gtk_list_box_append (self->list, clt_profile_row_new (summary, FALSE));
      shown++;
    }

  gtk_stack_set_visible_child_name (self->stack, shown > 0 ? "results" : "none");
}

/* Searches in a thread: in a large workspace that takes a while. */
static void
search_changed_cb (CltMergeDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  clt_identity_find_profiles_async (self->workspace, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)),
                                    RESULTS_SHOWN + 1, self->cancellable, found_cb, g_object_ref (self));
}

static void
row_activated_cb (CltMergeDialog *self,
                  GtkListBoxRow  *row)
{
  gint64 other = clt_profile_row_get_profile_id (CLT_PROFILE_ROW (row));
  g_autofree char *name = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));

  adw_dialog_close (ADW_DIALOG (self));
  g_signal_emit (self, signals[CHOSEN], 0, other, name);
}

static void
clt_merge_dialog_dispose (GObject *object)
{
  CltMergeDialog *self = (CltMergeDialog *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_MERGE_DIALOG);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (clt_merge_dialog_parent_class)->dispose (object);
}

static void
clt_merge_dialog_class_init (CltMergeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_merge_dialog_dispose;

  /**
   * CltMergeDialog::chosen:
   * @profile_id: the customer chosen
   * @name: the customer's name, as shown
   */
  signals[CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-merge-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CltMergeDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CltMergeDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CltMergeDialog, list);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
clt_merge_dialog_init (CltMergeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * clt_merge_dialog_new:
 * @profile_id: the customer others are merged into, left out of the results; 0 for none
 *
 * Returns: (transfer floating): a dialog to pick a customer
 */
CltMergeDialog *
clt_merge_dialog_new (CltWorkspace *workspace,
                      gint64        profile_id)
{
  CltMergeDialog *self;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (CLT_TYPE_MERGE_DIALOG, NULL);
  self->workspace = g_object_ref (workspace);
  self->profile_id = profile_id;
  search_changed_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));

  return self;
}
