/* clt-deletions-dialog.c: the deletions retention makes due, which the DPO approves and purges
 *
 * Each entry is a customer, whole or one category of their dated data (purchases, loyalty
 * receipts, newsletter activity), that no purpose keeps any more, with the rule that let go of
 * it last: the purpose, why and since when. Entries awaiting approval come first, then the
 * approved ones a purge runs. A row opens the customer's page. The list is read, approved and
 * purged in threads, each on a connection of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-deletions-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-deletions-dialog.h"
#include "clt-format.h"
#include "clt-window.h"

/* Entries listed at most; the counts name the rest. */
#define LIMIT 1000

struct _CltDeletionsDialog
{
  AdwDialog            parent_instance;

  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  AdwPreferencesGroup *pending_group;
  AdwPreferencesGroup *approved_group;
  AdwSpinner          *spinner;

  CltWorkspace        *workspace;
  GCancellable        *cancellable;
  GPtrArray           *rows;
  gint64               n_pending;
  gint64               n_approved;
  gboolean             loading;
  gboolean             busy;
};

G_DEFINE_FINAL_TYPE (CltDeletionsDialog, clt_deletions_dialog, ADW_TYPE_DIALOG)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char      *path;
  char      *actor;
  GPtrArray *entries;   /* CltRetentionDue */
  gint64     n_pending;
  gint64     n_approved;
} Job;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_free (job->actor);
  g_clear_pointer (&job->entries, g_ptr_array_unref);
  g_free (job);
}

static Job *
job_new (CltDeletionsDialog *self)
{
  Job *job = g_new0 (Job, 1);

  job->path = g_strdup (clt_workspace_get_path (self->workspace));
  job->actor = g_strdup (clt_workspace_get_actor (self->workspace));

  return job;
}

static void
show_toast (CltDeletionsDialog *self,
            AdwToast           *toast)
{
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
update_actions (CltDeletionsDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deletions.approve", !self->busy && !self->loading && self->n_pending > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deletions.purge", !self->busy && !self->loading && self->n_approved > 0);
}

/* ---- the list ---- */

static const char *
category_label (const char *category)
{
  if (g_strcmp0 (category, "profile") == 0)
    return C_("retention category", "The whole customer");
  if (g_strcmp0 (category, "purchases") == 0)
    return C_("retention category", "Purchases");
  if (g_strcmp0 (category, "loyalty") == 0)
    return C_("retention category", "Loyalty card receipts");
  if (g_strcmp0 (category, "newsletter") == 0)
    return C_("retention category", "Newsletter activity");

  return category;
}

static void
row_activated_cb (AdwActionRow       *row,
                  CltDeletionsDialog *self)
{
  gint64 profile_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "profile-id"));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (!CLT_IS_WINDOW (root))
    return;

  adw_dialog_close (ADW_DIALOG (self));
  clt_window_show_profile (CLT_WINDOW (root), profile_id);
}

static GtkWidget *
entry_row (CltDeletionsDialog    *self,
           const CltRetentionDue *due)
{
  g_autofree char *title = due->name ? g_strdup (due->name)
                         /* Translators: a customer without a name, by their number */
                         : g_strdup_printf (_("Customer %lld"), (long long) due->profile_id);
  g_autofree char *since = due->since ? clt_format_date (due->since) : NULL;
  g_autofree char *rule = NULL;
  g_autofree char *subtitle = NULL;
  const char *reason = clt_retention_reason_get_label (due->reason);
  GtkWidget *row;

  if (due->purpose_label)
    /* Translators: the purpose whose rule let go of the data, and why: "E-mail marketing: retention period over" */
    rule = g_strdup_printf (_("%s: %s"), due->purpose_label, reason);
  else
    rule = g_strdup (reason);
  if (since && since[0])
    /* Translators: what is due, the rule, and since when: "Newsletter activity · E-mail marketing: consent withdrawn, since 01.02.2026" */
    subtitle = g_strdup_printf (_("%s · %s, since %s"), category_label (due->category), rule, since);
  else
    /* Translators: what is due and the rule: "The whole customer · kept for no purpose" */
    subtitle = g_strdup_printf (_("%s · %s"), category_label (due->category), rule);

  row = g_object_new (ADW_TYPE_ACTION_ROW, "title", title, "subtitle", subtitle, "use-markup", FALSE,
                      "subtitle-lines", 2, "activatable", TRUE, NULL);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (g_str_equal (due->category, "profile") ? "user-trash-symbolic"
                                                                                                  : "edit-clear-all-symbolic"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data (G_OBJECT (row), "profile-id", GSIZE_TO_POINTER ((gsize) due->profile_id));
  g_signal_connect_object (row, "activated", G_CALLBACK (row_activated_cb), self, 0);

  return row;
}

static void
add_row (CltDeletionsDialog  *self,
         AdwPreferencesGroup *group,
         GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

/* "and 1.234 more": the entries past the limit. */
static void
add_more_row (CltDeletionsDialog  *self,
              AdwPreferencesGroup *group,
              gint64               n)
{
  g_autofree char *count = clt_format_count (n);
  g_autofree char *title = NULL;

  if (n <= 0)
    return;
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %s more", "and %s more", n), count);
  add_row (self, group, g_object_new (ADW_TYPE_ACTION_ROW, "title", title, "css-classes",
                                      (const char * const[]) { "dim-label", NULL }, NULL));
}

static void
fill (CltDeletionsDialog *self,
      GPtrArray          *entries)
{
  gint64 listed_pending = 0, listed_approved = 0;

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP)), row);
    }
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; i < entries->len; i++)
    {
      const CltRetentionDue *due = g_ptr_array_index (entries, i);
      gboolean approved = due->approved_at != NULL;

      add_row (self, approved ? self->approved_group : self->pending_group, entry_row (self, due));
      if (approved)
        listed_approved++;
      else
        listed_pending++;
    }
  add_more_row (self, self->pending_group, self->n_pending - listed_pending);
  add_more_row (self, self->approved_group, self->n_approved - listed_approved);

  gtk_widget_set_visible (GTK_WIDGET (self->pending_group), self->n_pending > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->approved_group), self->n_approved > 0);
  gtk_stack_set_visible_child_name (self->stack, self->n_pending + self->n_approved > 0 ? "list" : "empty");
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(CltConsentLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;

  if (!(ledger = clt_consent_ledger_open (job->path, job->actor, &error)) ||
      !clt_consent_ledger_count_due (ledger, &job->n_pending, &job->n_approved, &error) ||
      !(job->entries = clt_consent_ledger_list_due (ledger, LIMIT, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CltDeletionsDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  Job *job = g_task_get_task_data (G_TASK (result));
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  /* A newer read is on its way, or the dialog is gone. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  if (!ok)
    {
      self->loading = FALSE;
      update_actions (self);
      show_toast (self, adw_toast_new (error->message));
      return;
    }

  self->loading = FALSE;
  self->n_pending = job->n_pending;
  self->n_approved = job->n_approved;
  fill (self, job->entries);
  update_actions (self);
}

/**
 * clt_deletions_dialog_reload:
 *
 * Reads the deletions due again, in a thread.
 */
void
clt_deletions_dialog_reload (CltDeletionsDialog *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CLT_IS_DELETIONS_DIALOG (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  update_actions (self);

  task = g_task_new (NULL, self->cancellable, listed_cb, g_object_ref (self));
  g_task_set_task_data (task, job_new (self), (GDestroyNotify) job_free);
  g_task_run_in_thread (task, list_thread);
}

/* ---- approving and purging ---- */

static void
retention_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(CltConsentLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;
  gboolean purge = g_task_get_source_tag (task) != NULL;
  gint64 n;

  if (!(ledger = clt_consent_ledger_open (job->path, job->actor, &error)) ||
      (n = purge ? clt_consent_ledger_purge (ledger, FALSE, &error) : clt_consent_ledger_approve_due (ledger, &error)) < 0)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, n);
}

static void
retention_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CltDeletionsDialog) self = user_data;
  gboolean purge = g_task_get_source_tag (G_TASK (result)) != NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  gint64 n;

  self->busy = FALSE;
  update_actions (self);
  if ((n = g_task_propagate_int (G_TASK (result), &error)) < 0)
    {
      show_toast (self, adw_toast_new (error->message));
      return;
    }

  if (purge)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld deletion ran", "%lld deletions ran", n), (long long) n);
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld deletion approved", "%lld deletions approved", n),
                             (long long) n);
  show_toast (self, adw_toast_new (title));
  g_signal_emit (self, signals[CHANGED], 0);
  clt_deletions_dialog_reload (self);
}

static void
run_retention (CltDeletionsDialog *self,
               gboolean            purge)
{
  g_autoptr(GTask) task = NULL;

  if (self->busy)
    return;

  self->busy = TRUE;
  update_actions (self);
  task = g_task_new (NULL, NULL, retention_done_cb, g_object_ref (self));
  /* The tag tells the purge from the approval. */
  g_task_set_source_tag (task, purge ? (gpointer) run_retention : NULL);
  g_task_set_task_data (task, job_new (self), (GDestroyNotify) job_free);
  g_task_run_in_thread (task, retention_thread);
}

static void
approve_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  run_retention (CLT_DELETIONS_DIALOG (widget), FALSE);
}

static void
purge_response_cb (AdwAlertDialog     *dialog,
                   const char         *response,
                   CltDeletionsDialog *self)
{
  if (g_str_equal (response, "purge"))
    clt_deletions_dialog_purge (self);
}

static void
purge_cb (GtkWidget  *widget,
          const char *action_name,
          GVariant   *param)
{
  CltDeletionsDialog *self = CLT_DELETIONS_DIALOG (widget);
  g_autofree char *count = clt_format_count (self->n_approved);
  AdwDialog *dialog;

  /* A purge cannot be undone: it asks first. */
  dialog = adw_alert_dialog_new (_("Run the Approved Deletions?"), NULL);
  adw_alert_dialog_format_body (ADW_ALERT_DIALOG (dialog),
                                g_dngettext (GETTEXT_PACKAGE,
                                             "%s approved deletion runs now: customers no purpose keeps any more are "
                                             "erased with their records, consents and history, and activity no purpose "
                                             "needs any more is removed from the others. Nobody is put on the "
                                             "suppression list. This cannot be undone.",
                                             "%s approved deletions run now: customers no purpose keeps any more are "
                                             "erased with their records, consents and history, and activity no purpose "
                                             "needs any more is removed from the others. Nobody is put on the "
                                             "suppression list. This cannot be undone.", self->n_approved), count);
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog), "cancel", _("_Cancel"), "purge", _("_Purge"), NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "purge", ADW_RESPONSE_DESTRUCTIVE);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "cancel");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (purge_response_cb), self, 0);
  adw_dialog_present (dialog, widget);
}

/**
 * clt_deletions_dialog_purge:
 *
 * Runs the approved deletions in a thread, as the Purge button does once confirmed.
 */
void
clt_deletions_dialog_purge (CltDeletionsDialog *self)
{
  g_return_if_fail (CLT_IS_DELETIONS_DIALOG (self));

  run_retention (self, TRUE);
}

/**
 * clt_deletions_dialog_get_loading:
 *
 * Returns: whether the list is being read, or an approval or purge runs
 */
gboolean
clt_deletions_dialog_get_loading (CltDeletionsDialog *self)
{
  g_return_val_if_fail (CLT_IS_DELETIONS_DIALOG (self), FALSE);

  return self->loading || self->busy;
}

/**
 * clt_deletions_dialog_get_n_rows:
 *
 * Returns: the rows listed, the "and N more" rows among them
 */
guint
clt_deletions_dialog_get_n_rows (CltDeletionsDialog *self)
{
  g_return_val_if_fail (CLT_IS_DELETIONS_DIALOG (self), 0);

  return self->rows->len;
}

/* ---- the object ---- */

static void
clt_deletions_dialog_dispose (GObject *object)
{
  CltDeletionsDialog *self = CLT_DELETIONS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (clt_deletions_dialog_parent_class)->dispose (object);
}

static void
clt_deletions_dialog_finalize (GObject *object)
{
  CltDeletionsDialog *self = CLT_DELETIONS_DIALOG (object);

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (clt_deletions_dialog_parent_class)->finalize (object);
}

static void
clt_deletions_dialog_class_init (CltDeletionsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_deletions_dialog_dispose;
  object_class->finalize = clt_deletions_dialog_finalize;

  /**
   * CltDeletionsDialog::changed:
   *
   * Deletions were approved or purged.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-deletions-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CltDeletionsDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CltDeletionsDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CltDeletionsDialog, pending_group);
  gtk_widget_class_bind_template_child (widget_class, CltDeletionsDialog, approved_group);
  gtk_widget_class_bind_template_child (widget_class, CltDeletionsDialog, spinner);

  gtk_widget_class_install_action (widget_class, "deletions.approve", NULL, approve_cb);
  gtk_widget_class_install_action (widget_class, "deletions.purge", NULL, purge_cb);
}

static void
clt_deletions_dialog_init (CltDeletionsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  update_actions (self);
}

/**
 * clt_deletions_dialog_new:
 *
 * Returns: (transfer floating): the dialog, reading the deletions due
 */
CltDeletionsDialog *
clt_deletions_dialog_new (CltWorkspace *workspace)
{
  CltDeletionsDialog *self;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (CLT_TYPE_DELETIONS_DIALOG, NULL);
  self->workspace = g_object_ref (workspace);
  clt_deletions_dialog_reload (self);

  return self;
}
