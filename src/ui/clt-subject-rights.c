/* clt-subject-rights.c: what the Consent tab and the subject requests share
 *
 * The kinds of request as shown, with their dates and how soon they are due; the two
 * questions a right's action asks first: erasure, which cannot be undone, and a restriction,
 * which wants its reason; and the two actions that answer a request: the export of the
 * person's data (Art. 15/20), with the toast that opens its folder, and their erasure
 * (Art. 17). Each answers the request it is run for, or the person's open request of its
 * kind, or records one answered at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-subject-rights"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-format.h"
#include "clt-subject-rights.h"

/* Requests due within this many days are marked. */
#define DUE_SOON_DAYS 7

static const struct
{
  const char *kind;
  const char *label;
  const char *icon;
} kinds[] = {
  { "access", N_("Access (Art. 15)"), "user-info-symbolic" },
  { "portability", N_("Portability (Art. 20)"), "document-send-symbolic" },
  { "rectification", N_("Rectification (Art. 16)"), "document-edit-symbolic" },
  { "erasure", N_("Erasure (Art. 17)"), "user-trash-symbolic" },
  { "restriction", N_("Restriction (Art. 18)"), "action-unavailable-symbolic" },
  { "objection", N_("Objection (Art. 21)"), "mail-mark-junk-symbolic" },
};

/**
 * clt_subject_rights_kind_label:
 * @kind: a kind of request, as the ledger names it ("access" …)
 *
 * Returns: (transfer none): the kind as shown, with its article: "Erasure (Art. 17)"
 */
const char *
clt_subject_rights_kind_label (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kind, kinds[i].kind) == 0)
      return _(kinds[i].label);

  return kind;
}

/**
 * clt_subject_rights_kind_icon:
 *
 * Returns: (transfer none): the symbolic icon of a kind of request
 */
const char *
clt_subject_rights_kind_icon (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kind, kinds[i].kind) == 0)
      return kinds[i].icon;

  return "mail-unread-symbolic";
}

/**
 * clt_subject_rights_format_day:
 *
 * Returns: (transfer full): the day @time falls on in the local calendar, as the locale
 *   writes it
 */
char *
clt_subject_rights_format_day (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local, "%x");
}

/**
 * clt_subject_rights_dup_dates:
 *
 * Returns: (transfer full): when @request came in and when it is due: "Received 31.01.2025 ·
 *   due 28.02.2025"
 */
char *
clt_subject_rights_dup_dates (const CltSubjectRequest *request)
{
  g_autoptr(GDateTime) time = clt_format_parse_time (request->received_at);
  g_autofree char *received = time ? clt_subject_rights_format_day (time) : g_strdup (request->received_at);
  g_autofree char *due = clt_format_date (request->due_at);

  /* Translators: when a subject request came in and when it is due: "Received 31.01.2025 · due 28.02.2025" */
  return g_strdup_printf (_("Received %s · due %s"), received, due);
}

/**
 * clt_subject_rights_deadline_badge:
 *
 * Returns: (transfer floating) (nullable): "Overdue", "Due today", "Due tomorrow" or "3 days
 *   left" as a badge, or %NULL when the request is due later than a week from now
 */
GtkWidget *
clt_subject_rights_deadline_badge (const CltSubjectRequest *request)
{
  g_autofree char *text = NULL;
  const char *style = "warning";
  int days = clt_subject_request_get_days_left (request, NULL);
  GtkWidget *label;

  if (days > DUE_SOON_DAYS)
    return NULL;
  if (days < 0)
    text = g_strdup (_("Overdue")), style = "error";
  else if (days == 0)
    text = g_strdup (_("Due today"));
  else if (days == 1)
    text = g_strdup (_("Due tomorrow"));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day left", "%d days left", days), days);

  label = gtk_label_new (text);
  gtk_widget_add_css_class (label, "badge");
  gtk_widget_add_css_class (label, style);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);

  return label;
}

/**
 * clt_subject_rights_erase_dialog_new:
 *
 * An erasure cannot be undone: this asks first. Its responses are "cancel" and "erase".
 *
 * Returns: (transfer floating): the question
 */
AdwDialog *
clt_subject_rights_erase_dialog_new (void)
{
  AdwDialog *dialog;

  dialog = adw_alert_dialog_new (_("Erase This Customer?"),
                                 _("Their records, purchases, activity, consents and imported rows are removed "
                                   "from the workspace and leave no trace in its file (Art. 17 GDPR). Their "
                                   "e-mail addresses and phone numbers go on the suppression list, as keyed "
                                   "hashes, so that a later import of them is refused. The audit log keeps only "
                                   "that an erasure happened.\n\nThis cannot be undone."));
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog), "cancel", _("_Cancel"), "erase", _("_Erase"), NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "erase", ADW_RESPONSE_DESTRUCTIVE);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "cancel");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");

  return dialog;
}

/**
 * clt_subject_rights_restrict_dialog_new:
 *
 * Asks for the reason of a restriction (Art. 18), in an entry that is the dialog's extra
 * child. Its responses are "cancel" and "restrict".
 *
 * Returns: (transfer floating): the question
 */
AdwDialog *
clt_subject_rights_restrict_dialog_new (void)
{
  AdwDialog *dialog;
  GtkWidget *entry = gtk_entry_new ();

  dialog = adw_alert_dialog_new (_("Restrict Processing?"),
                                 _("The customer stays, but is left out of every segment and export until the "
                                   "restriction is lifted (Art. 18 GDPR)."));
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason, such as “accuracy contested”"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (dialog), entry);
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog), "cancel", _("_Cancel"), "restrict", _("_Restrict"), NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "restrict", ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "restrict");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");

  return dialog;
}

/**
 * clt_subject_rights_dup_reason:
 * @dialog: a restriction's question
 *
 * Returns: (transfer full): the reason typed, trimmed
 */
char *
clt_subject_rights_dup_reason (AdwAlertDialog *dialog)
{
  GtkWidget *entry = adw_alert_dialog_get_extra_child (dialog);

  g_return_val_if_fail (GTK_IS_EDITABLE (entry), NULL);

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

/* ---- answering a request ---- */

/* @request_id, or the person's oldest open request of @kind (or @also), or one recorded now. */
static gint64
request_to_answer (CltConsentLedger  *ledger,
                   gint64             profile_id,
                   gint64             request_id,
                   const char        *kind,
                   const char        *also,
                   GError           **error)
{
  g_autoptr(GPtrArray) open = NULL;

  if (request_id > 0)
    return request_id;
  if (!(open = clt_consent_ledger_list_requests (ledger, profile_id, TRUE, error)))
    return 0;
  for (guint i = 0; i < open->len; i++)
    {
      const CltSubjectRequest *request = g_ptr_array_index (open, i);

      if (g_strcmp0 (request->kind, kind) == 0 || g_strcmp0 (request->kind, also) == 0)
        return request->id;
    }

  return clt_consent_ledger_open_request (ledger, kind, profile_id, NULL, error);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  gint64 request = GPOINTER_TO_SIZE (g_task_get_task_data (task));

  if (!clt_consent_ledger_write_access_finish (CLT_CONSENT_LEDGER (object), result, &error) ||
      !clt_consent_ledger_complete_request (CLT_CONSENT_LEDGER (object), request, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * clt_subject_rights_export_async:
 * @request_id: the access or portability request answered; 0 for the person's open one, or one
 *   recorded now
 * @folder: where the report goes (its JSON and HTML files)
 *
 * Exports all the customer's data (Art. 15/20) in a thread, and marks the request done.
 */
void
clt_subject_rights_export_async (CltWorkspace        *workspace,
                                 gint64               profile_id,
                                 gint64               request_id,
                                 GFile               *folder,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(CltConsentLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;
  GTask *task;

  g_return_if_fail (CLT_IS_WORKSPACE (workspace));
  g_return_if_fail (G_IS_FILE (folder));

  task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (task, clt_subject_rights_export_async);
  ledger = clt_consent_ledger_new (workspace);
  if (!(request_id = request_to_answer (ledger, profile_id, request_id, "access", "portability", &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  g_task_set_task_data (task, GSIZE_TO_POINTER (request_id), NULL);
  clt_consent_ledger_write_access_async (ledger, profile_id, folder, NULL, written_cb, task);
}

gboolean
clt_subject_rights_export_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
folder_opened_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gtk_file_launcher_launch_finish (GTK_FILE_LAUNCHER (object), result, &error) &&
      !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
    g_debug ("Could not open the folder: %s", error->message);
}

static void
open_folder_cb (AdwToast  *toast,
                GtkWidget *parent)
{
  g_autoptr(GtkFileLauncher) launcher = gtk_file_launcher_new (g_object_get_data (G_OBJECT (toast), "folder"));
  GtkRoot *root = gtk_widget_get_root (parent);

  gtk_file_launcher_launch (launcher, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, folder_opened_cb, NULL);
}

/**
 * clt_subject_rights_exported_toast_new:
 * @folder: where a person's data was exported to
 * @parent: the widget whose window the folder opens over
 *
 * Returns: (transfer full): a toast saying @title, with a button that opens @folder
 */
AdwToast *
clt_subject_rights_exported_toast_new (const char *title,
                                       GFile      *folder,
                                       GtkWidget  *parent)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_button_label (toast, _("_Open Folder"));
  g_object_set_data_full (G_OBJECT (toast), "folder", g_object_ref (folder), g_object_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (open_folder_cb), parent, 0);

  return toast;
}

typedef struct
{
  char   *path;
  char   *actor;
  gint64  profile_id;
  gint64  request_id;
} Erasure;

static void
erasure_free (Erasure *erasure)
{
  g_free (erasure->path);
  g_free (erasure->actor);
  g_free (erasure);
}

static void
erase_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Erasure *erasure = task_data;
  g_autoptr(CltConsentLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;
  gint64 request;

  /* The request, the erasure, and the request answered. */
  if (!(ledger = clt_consent_ledger_open (erasure->path, erasure->actor, &error)) ||
      !(request = request_to_answer (ledger, erasure->profile_id, erasure->request_id, "erasure", NULL, &error)) ||
      !clt_consent_ledger_erase (ledger, erasure->profile_id, &error) ||
      !clt_consent_ledger_complete_request (ledger, request, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * clt_subject_rights_erase_async:
 * @request_id: the erasure request answered; 0 for the person's open one, or one recorded now
 *
 * Erases the customer (Art. 17) in a thread, on a connection of its own, and marks the request
 * done.
 */
void
clt_subject_rights_erase_async (CltWorkspace        *workspace,
                                gint64               profile_id,
                                gint64               request_id,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Erasure *erasure;

  g_return_if_fail (CLT_IS_WORKSPACE (workspace));

  erasure = g_new0 (Erasure, 1);
  erasure->path = g_strdup (clt_workspace_get_path (workspace));
  erasure->actor = g_strdup (clt_workspace_get_actor (workspace));
  erasure->profile_id = profile_id;
  erasure->request_id = request_id;
  task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (task, clt_subject_rights_erase_async);
  g_task_set_task_data (task, erasure, (GDestroyNotify) erasure_free);
  g_task_run_in_thread (task, erase_thread);
}

gboolean
clt_subject_rights_erase_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
