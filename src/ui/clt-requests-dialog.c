/* clt-requests-dialog.c: the subject requests the DPO works from
 *
 * The open requests, the earliest due first: who (their page a click away), what, when it came
 * in and when it is due, overdue ones marked, extensions with their reasons. Each is answered
 * by its action where there is one (access and portability: the export of the person's data;
 * erasure; restriction; objection), or marked done, refused with a reason, or extended with a
 * reason once the person was told. A second page records a request that came in: the
 * customer, the kind and the day, with the day it will be due.
 *
 * The list is read in a thread, on a connection of its own; the writes are quick and go
 * through the window's workspace, the export and the erasure in threads of their own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-requests-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "clt-format.h"
#include "clt-merge-dialog.h"
#include "clt-requests-dialog.h"
#include "clt-subject-rights.h"
#include "clt-window.h"

/* The kinds, in the order the record page offers them. */
static const char * const kinds[] = {
  "access", "portability", "rectification", "erasure", "restriction", "objection",
};

struct _CltRequestsDialog
{
  AdwDialog            parent_instance;

  AdwToastOverlay     *toast_overlay;
  AdwNavigationView   *navigation;
  GtkStack            *stack;
  AdwPreferencesGroup *requests_group;
  AdwActionRow        *customer_row;
  AdwComboRow         *kind_row;
  AdwActionRow        *received_row;
  GtkCalendar         *calendar;
  AdwActionRow        *due_row;

  CltWorkspace        *workspace;
  GCancellable        *cancellable;
  GPtrArray           *requests;   /* CltSubjectRequest, as listed */
  GPtrArray           *rows;
  GFile               *export_folder;

  /* the request being recorded */
  gint64               customer_id;
  GDateTime           *received;

  gboolean             loading;
  guint                busy;
  gboolean             narrow;
};

G_DEFINE_FINAL_TYPE (CltRequestsDialog, clt_requests_dialog, ADW_TYPE_DIALOG)

enum {
  PROP_0,
  PROP_NARROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_toast (CltRequestsDialog *self,
            AdwToast          *toast)
{
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_error (CltRequestsDialog *self,
            const GError      *error)
{
  show_toast (self, adw_toast_new (error->message));
}

static const CltSubjectRequest *
find_request (CltRequestsDialog *self,
              gint64             id)
{
  for (guint i = 0; self->requests && i < self->requests->len; i++)
    {
      const CltSubjectRequest *request = g_ptr_array_index (self->requests, i);

      if (request->id == id)
        return request;
    }

  return NULL;
}

/* After a change: the list read again, and whoever shows the workspace told. */
static void
changed (CltRequestsDialog *self)
{
  clt_requests_dialog_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* ---- the list ---- */

/* What answers a request, where its kind has an action and its customer is still there. */
static const char *
answer_label (const CltSubjectRequest *request)
{
  if (request->profile_id == 0)
    return NULL;
  if (g_str_equal (request->kind, "access") || g_str_equal (request->kind, "portability"))
    return _("E_xport Data…");
  if (g_str_equal (request->kind, "erasure"))
    return _("_Erase…");
  if (g_str_equal (request->kind, "restriction"))
    return _("_Restrict…");
  if (g_str_equal (request->kind, "objection"))
    return _("Record _Objection");

  return NULL;
}

static GtkWidget *
answer_button (CltRequestsDialog       *self,
               const CltSubjectRequest *request)
{
  const char *label = answer_label (request);
  GtkWidget *button;

  if (label == NULL)
    return NULL;

  button = gtk_button_new_with_mnemonic (label);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "requests.answer");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (request->id));
  if (g_str_equal (request->kind, "erasure"))
    gtk_widget_add_css_class (button, "destructive-action");
  /* When narrow, the menu has it. */
  g_object_bind_property (self, "narrow", button, "visible", G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);

  return button;
}

static void
append_item (GMenu      *menu,
             const char *label,
             const char *action,
             gint64      id)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, g_variant_new_int64 (id));
  g_menu_append_item (menu, item);
}

static GMenuModel *
request_menu (const CltSubjectRequest *request)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) person = g_menu_new ();
  g_autoptr(GMenu) answer = g_menu_new ();

  if (request->profile_id != 0)
    {
      append_item (person, _("_Open Customer"), "requests.open-customer", request->id);
      if (answer_label (request))
        append_item (person, answer_label (request), "requests.answer", request->id);
      g_menu_append_section (menu, NULL, G_MENU_MODEL (person));
    }
  append_item (answer, _("Mark as _Done"), "requests.complete", request->id);
  append_item (answer, _("Re_fuse…"), "requests.refuse", request->id);
  if (clt_subject_request_can_extend (request, NULL))
    append_item (answer, _("E_xtend Deadline…"), "requests.extend", request->id);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (answer));

  return G_MENU_MODEL (menu);
}

static void
request_row_activated_cb (AdwActionRow      *row,
                          CltRequestsDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "requests.open-customer", "x",
                              (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "request-id")));
}

static GtkWidget *
request_row (CltRequestsDialog       *self,
             const CltSubjectRequest *request)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GMenuModel) menu = request_menu (request);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *deadline = clt_subject_rights_deadline_badge (request);
  GtkWidget *answer = answer_button (self, request);
  GtkWidget *more = gtk_menu_button_new ();

  if (request->name && request->name[0])
    title = g_strdup (request->name);
  else if (request->profile_id != 0)
    /* Translators: a customer without a name, by number */
    title = g_strdup_printf (_("Customer %lld"), (long long) request->profile_id);
  else
    title = g_strdup (_("No longer a customer"));

  g_ptr_array_add (lines, g_strdup (clt_subject_rights_kind_label (request->kind)));
  g_ptr_array_add (lines, clt_subject_rights_dup_dates (request));
  if (request->extension_months > 0)
    {
      g_auto(GStrv) reasons = g_strsplit (request->note ? request->note : "", "\n", -1);
      g_autofree char *joined = g_strjoinv ("; ", reasons);

      /* Translators: an extended deadline and the reasons given: "Extended by 2 months: many records" */
      g_ptr_array_add (lines, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Extended by %u month: %s",
                                                            "Extended by %u months: %s", request->extension_months),
                                               request->extension_months, joined));
    }
  g_ptr_array_add (lines, NULL);
  subtitle = g_strjoinv ("\n", (char **) lines->pdata);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (clt_subject_rights_kind_icon (request->kind)));
  if (deadline)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), deadline);
  if (answer)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), answer);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (more), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (more), menu);
  gtk_widget_set_valign (more, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (more, "flat");
  gtk_widget_set_tooltip_text (more, _("More Actions"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (more), GTK_ACCESSIBLE_PROPERTY_LABEL, _("More Actions"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), more);

  if (clt_subject_request_is_overdue (request, NULL))
    gtk_widget_add_css_class (row, "needs-attention");
  if (request->profile_id != 0)
    {
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Open the customer’s page"));
      g_signal_connect_object (row, "activated", G_CALLBACK (request_row_activated_cb), self, 0);
    }
  g_object_set_data (G_OBJECT (row), "request-id", GSIZE_TO_POINTER (request->id));
  g_object_set_data_full (G_OBJECT (row), "menu", g_object_ref (menu), g_object_unref);

  return row;
}

static void
fill_list (CltRequestsDialog *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->requests_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; i < self->requests->len; i++)
    {
      GtkWidget *row = request_row (self, g_ptr_array_index (self->requests, i));

      adw_preferences_group_add (self->requests_group, row);
      g_ptr_array_add (self->rows, row);
    }

  gtk_stack_set_visible_child_name (self->stack, self->requests->len > 0 ? "list" : "empty");
}

typedef struct
{
  char *path;
  char *actor;
} Job;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_free (job->actor);
  g_free (job);
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
  GPtrArray *requests;

  if (!(ledger = clt_consent_ledger_open (job->path, job->actor, &error)) ||
      !(requests = clt_consent_ledger_list_requests (ledger, 0, TRUE, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, requests, (GDestroyNotify) g_ptr_array_unref);
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CltRequestsDialog) self = user_data;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;

  requests = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  self->loading = FALSE;
  if (requests == NULL)
    {
      show_error (self, error);
      return;
    }

  g_clear_pointer (&self->requests, g_ptr_array_unref);
  self->requests = g_steal_pointer (&requests);
  fill_list (self);
}

/**
 * clt_requests_dialog_reload:
 *
 * Reads the open requests again, in a thread.
 */
void
clt_requests_dialog_reload (CltRequestsDialog *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (CLT_IS_REQUESTS_DIALOG (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  job = g_new0 (Job, 1);
  job->path = g_strdup (clt_workspace_get_path (self->workspace));
  job->actor = g_strdup (clt_workspace_get_actor (self->workspace));
  self->loading = TRUE;
  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, listed_cb, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, list_thread);
}

/**
 * clt_requests_dialog_get_loading:
 *
 * Returns: whether the list is being read or an answer runs
 */
gboolean
clt_requests_dialog_get_loading (CltRequestsDialog *self)
{
  g_return_val_if_fail (CLT_IS_REQUESTS_DIALOG (self), FALSE);

  return self->loading || self->busy > 0;
}

/* ---- marking done, refusing, extending ---- */

static void
open_customer_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  CltRequestsDialog *self = CLT_REQUESTS_DIALOG (widget);
  const CltSubjectRequest *request = find_request (self, g_variant_get_int64 (param));
  GtkRoot *root = gtk_widget_get_root (widget);
  gint64 profile_id;

  if (request == NULL || request->profile_id == 0 || !CLT_IS_WINDOW (root))
    return;

  profile_id = request->profile_id;
  adw_dialog_close (ADW_DIALOG (self));
  clt_window_show_profile (CLT_WINDOW (root), profile_id);
}

static void
complete_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  CltRequestsDialog *self = CLT_REQUESTS_DIALOG (widget);
  g_autoptr(CltConsentLedger) ledger = clt_consent_ledger_new (self->workspace);
  g_autoptr(GError) error = NULL;

  if (!clt_consent_ledger_complete_request (ledger, g_variant_get_int64 (param), &error))
    {
      show_error (self, error);
      return;
    }

  show_toast (self, adw_toast_new (_("Request marked as done")));
  changed (self);
}

static void
reason_changed_cb (GtkEditable    *entry,
                   AdwAlertDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_alert_dialog_set_response_enabled (dialog, "refuse", reason[0] != '\0');
}

static void
refuse_response_cb (AdwAlertDialog    *dialog,
                    const char        *response,
                    CltRequestsDialog *self)
{
  g_autoptr(CltConsentLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;
  GtkEditable *entry = GTK_EDITABLE (adw_alert_dialog_get_extra_child (dialog));
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "request-id"));

  if (!g_str_equal (response, "refuse"))
    return;

  ledger = clt_consent_ledger_new (self->workspace);
  if (!clt_consent_ledger_refuse_request (ledger, id, gtk_editable_get_text (entry), &error))
    {
      show_error (self, error);
      return;
    }

  show_toast (self, adw_toast_new (_("Request refused")));
  changed (self);
}

static void
refuse_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  CltRequestsDialog *self = CLT_REQUESTS_DIALOG (widget);
  AdwDialog *dialog;
  GtkWidget *entry = gtk_entry_new ();

  dialog = adw_alert_dialog_new (_("Refuse the Request?"),
                                 _("The person must be told why, and that they may complain to a supervisory "
                                   "authority (Art. 12(4) GDPR). The reason is kept with the request."));
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason, such as “identity not proven”"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (dialog), entry);
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog), "cancel", _("_Cancel"), "refuse", _("Re_fuse"), NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "refuse", ADW_RESPONSE_DESTRUCTIVE);
  adw_alert_dialog_set_response_enabled (ADW_ALERT_DIALOG (dialog), "refuse", FALSE);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "refuse");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "request-id", GSIZE_TO_POINTER (g_variant_get_int64 (param)));
  g_signal_connect_object (entry, "changed", G_CALLBACK (reason_changed_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (refuse_response_cb), self, 0);
  adw_dialog_present (dialog, widget);
  gtk_widget_grab_focus (entry);
}

typedef struct
{
  gint64        request_id;
  guint         first_months;   /* the months the first choice extends by */
  AdwComboRow  *months_row;
  AdwEntryRow  *reason_row;
  AdwSwitchRow *told_row;
} Extension;

static void
extension_changed_cb (AdwAlertDialog *dialog)
{
  Extension *extension = g_object_get_data (G_OBJECT (dialog), "extension");
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (extension->reason_row))));

  adw_alert_dialog_set_response_enabled (dialog, "extend",
                                         reason[0] != '\0' && adw_switch_row_get_active (extension->told_row));
}

static void
extend_response_cb (AdwAlertDialog    *dialog,
                    const char        *response,
                    CltRequestsDialog *self)
{
  Extension *extension = g_object_get_data (G_OBJECT (dialog), "extension");
  g_autoptr(CltConsentLedger) ledger = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  guint months;

  if (!g_str_equal (response, "extend"))
    return;

  /* The person was told as the DPO says so: now. */
  months = extension->first_months + adw_combo_row_get_selected (extension->months_row);
  ledger = clt_consent_ledger_new (self->workspace);
  if (!clt_consent_ledger_extend_request (ledger, extension->request_id, months,
                                          gtk_editable_get_text (GTK_EDITABLE (extension->reason_row)), now, &error))
    {
      show_error (self, error);
      return;
    }

  show_toast (self, adw_toast_new (_("Deadline extended")));
  changed (self);
}

static void
extend_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  CltRequestsDialog *self = CLT_REQUESTS_DIALOG (widget);
  const CltSubjectRequest *request = find_request (self, g_variant_get_int64 (param));
  g_autoptr(GDateTime) received = NULL;
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  g_autofree char *first_due = NULL;
  Extension *extension;
  AdwDialog *dialog;
  GtkWidget *list;

  if (request == NULL || !(received = clt_format_parse_time (request->received_at)))
    return;

  extension = g_new0 (Extension, 1);
  extension->request_id = request->id;
  extension->first_months = request->extension_months + 1;
  for (guint months = extension->first_months; months <= 2; months++)
    {
      g_autoptr(GDateTime) due = clt_consent_request_due_date (received, months);
      g_autofree char *day = clt_subject_rights_format_day (due);
      g_autofree char *choice = NULL;

      /* Translators: an extension of a request's deadline, and the day it is then due */
      choice = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "By %u month, to %s", "By %u months, to %s", months),
                                months, day);
      gtk_string_list_append (choices, choice);
    }
  {
    g_autoptr(GDateTime) due = clt_consent_request_due_date (received, 0);

    first_due = clt_subject_rights_format_day (due);
  }

  dialog = adw_alert_dialog_new (_("Extend the Deadline?"), NULL);
  /* Translators: the first %s is the person who made the request, the second a day */
  adw_alert_dialog_format_body (ADW_ALERT_DIALOG (dialog),
                                _("Where a request is complex, or there are many, its deadline can be extended by "
                                  "two further months at most. Tell %s of the extension and why by %s "
                                  "(Art. 12(3) GDPR)."),
                                request->name ? request->name : _("the person"), first_due);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  extension->months_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (extension->months_row), _("Extension"));
  /* The day it is then due, whole, under the title. */
  adw_combo_row_set_use_subtitle (extension->months_row, TRUE);
  adw_combo_row_set_model (extension->months_row, G_LIST_MODEL (choices));
  extension->reason_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (extension->reason_row), _("Reason"));
  extension->told_row = ADW_SWITCH_ROW (adw_switch_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (extension->told_row), _("Person Told"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (extension->told_row), _("They know of the extension and its reason"));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (extension->months_row));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (extension->reason_row));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (extension->told_row));
  adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (dialog), list);

  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog), "cancel", _("_Cancel"), "extend", _("E_xtend"), NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "extend", ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_response_enabled (ADW_ALERT_DIALOG (dialog), "extend", FALSE);
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "extension", extension, g_free);
  g_signal_connect_object (extension->reason_row, "changed", G_CALLBACK (extension_changed_cb), dialog,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (extension->told_row, "notify::active", G_CALLBACK (extension_changed_cb), dialog,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (extend_response_cb), self, 0);
  adw_dialog_present (dialog, widget);
}

/* ---- answering: export, erasure, restriction, objection ---- */

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CltRequestsDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  self->busy--;
  if (!clt_subject_rights_export_finish (result, &error))
    {
      show_error (self, error);
      return;
    }

  show_toast (self, clt_subject_rights_exported_toast_new (_("Personal data exported, request done"),
                                                           self->export_folder, GTK_WIDGET (self)));
  changed (self);
}

/**
 * clt_requests_dialog_export_to:
 * @request_id: an open access or portability request
 * @folder: where the person's data goes
 *
 * Answers the request with the export of all the person's data, as its Export button does
 * after the folder chooser.
 */
void
clt_requests_dialog_export_to (CltRequestsDialog *self,
                               gint64             request_id,
                               GFile             *folder)
{
  const CltSubjectRequest *request;

  g_return_if_fail (CLT_IS_REQUESTS_DIALOG (self));
  g_return_if_fail (G_IS_FILE (folder));

  if (!(request = find_request (self, request_id)) || request->profile_id == 0)
    return;

  g_set_object (&self->export_folder, folder);
  self->busy++;
  clt_subject_rights_export_async (self->workspace, request->profile_id, request->id, folder, exported_cb,
                                   g_object_ref (self));
}

static void
folder_chosen_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CltRequestsDialog) self = user_data;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;

  if (!(folder = gtk_file_dialog_select_folder_finish (GTK_FILE_DIALOG (object), result, &error)))
    {
      if (!g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
        show_error (self, error);
      return;
    }

  clt_requests_dialog_export_to (self, GPOINTER_TO_SIZE (g_object_get_data (object, "request-id")), folder);
}

static void
erased_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CltRequestsDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->busy--;
  if (!clt_subject_rights_erase_finish (result, &error))
    {
      show_error (self, error);
      return;
    }

  show_toast (self, adw_toast_new (_("Customer erased, request done")));
  changed (self);
}

static void
erase_response_cb (AdwAlertDialog    *dialog,
                   const char        *response,
                   CltRequestsDialog *self)
{
  const CltSubjectRequest *request = find_request (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog),
                                                                                                  "request-id")));

  if (!g_str_equal (response, "erase") || request == NULL)
    return;

  self->busy++;
  clt_subject_rights_erase_async (self->workspace, request->profile_id, request->id, erased_cb, g_object_ref (self));
}

/* A restriction (with its reason) or objection, and the request done, in one go. */
static void
restrict_and_complete (CltRequestsDialog       *self,
                       const CltSubjectRequest *request,
                       CltRestrictionKind       kind,
                       const char              *reason)
{
  g_autoptr(CltConsentLedger) ledger = clt_consent_ledger_new (self->workspace);
  g_autoptr(GError) error = NULL;

  if (!clt_consent_ledger_restrict (ledger, request->profile_id, kind, NULL, reason, &error) ||
      !clt_consent_ledger_complete_request (ledger, request->id, &error))
    {
      show_error (self, error);
      changed (self);
      return;
    }

  show_toast (self, adw_toast_new (kind == CLT_RESTRICTION_KIND_OBJECTION
                                   ? _("Objection to direct marketing recorded, request done")
                                   : _("Processing restricted, request done")));
  changed (self);
}

static void
restrict_response_cb (AdwAlertDialog    *dialog,
                      const char        *response,
                      CltRequestsDialog *self)
{
  const CltSubjectRequest *request = find_request (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog),
                                                                                                  "request-id")));
  g_autofree char *reason = clt_subject_rights_dup_reason (dialog);

  if (g_str_equal (response, "restrict") && request != NULL)
    restrict_and_complete (self, request, CLT_RESTRICTION_KIND_RESTRICTION, reason);
}

static void
answer_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  CltRequestsDialog *self = CLT_REQUESTS_DIALOG (widget);
  const CltSubjectRequest *request = find_request (self, g_variant_get_int64 (param));
  AdwDialog *dialog;

  if (request == NULL || request->profile_id == 0)
    return;

  if (g_str_equal (request->kind, "access") || g_str_equal (request->kind, "portability"))
    {
      g_autoptr(GtkFileDialog) chooser = gtk_file_dialog_new ();
      GtkRoot *root = gtk_widget_get_root (widget);

      gtk_file_dialog_set_title (chooser, _("Export Personal Data To"));
      g_object_set_data (G_OBJECT (chooser), "request-id", GSIZE_TO_POINTER (request->id));
      gtk_file_dialog_select_folder (chooser, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, folder_chosen_cb,
                                     g_object_ref (self));
      return;
    }
  if (g_str_equal (request->kind, "objection"))
    {
      restrict_and_complete (self, request, CLT_RESTRICTION_KIND_OBJECTION, NULL);
      return;
    }
  if (g_str_equal (request->kind, "erasure"))
    dialog = clt_subject_rights_erase_dialog_new ();
  else if (g_str_equal (request->kind, "restriction"))
    dialog = clt_subject_rights_restrict_dialog_new ();
  else
    return;

  g_object_set_data (G_OBJECT (dialog), "request-id", GSIZE_TO_POINTER (request->id));
  if (g_str_equal (request->kind, "erasure"))
    g_signal_connect_object (dialog, "response", G_CALLBACK (erase_response_cb), self, 0);
  else
    g_signal_connect_object (dialog, "response", G_CALLBACK (restrict_response_cb), self, 0);
  adw_dialog_present (dialog, widget);
  if (ADW_IS_ALERT_DIALOG (dialog) && adw_alert_dialog_get_extra_child (ADW_ALERT_DIALOG (dialog)))
    gtk_widget_grab_focus (adw_alert_dialog_get_extra_child (ADW_ALERT_DIALOG (dialog)));
}

/* ---- recording a request ---- */

static void
update_record_page (CltRequestsDialog *self)
{
  g_autoptr(GDateTime) due = clt_consent_request_due_date (self->received, 0);
  g_autofree char *received = clt_subject_rights_format_day (self->received);
  g_autofree char *due_day = clt_subject_rights_format_day (due);

  adw_action_row_set_subtitle (self->received_row, received);
  adw_action_row_set_subtitle (self->due_row, due_day);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "requests.save", self->customer_id > 0);
}

/**
 * clt_requests_dialog_set_customer:
 * @name: (nullable): the customer's name, as shown
 *
 * The customer the request being recorded is from, as the customer chooser sets it.
 */
void
clt_requests_dialog_set_customer (CltRequestsDialog *self,
                                  gint64             profile_id,
                                  const char        *name)
{
  g_autofree char *fallback = NULL;

  g_return_if_fail (CLT_IS_REQUESTS_DIALOG (self));

  self->customer_id = profile_id;
  if (profile_id == 0)
    adw_action_row_set_subtitle (self->customer_row, _("Choose who the request is from"));
  else if (name && name[0])
    adw_action_row_set_subtitle (self->customer_row, name);
  else
    adw_action_row_set_subtitle (self->customer_row,
                                 (fallback = g_strdup_printf (_("Customer %lld"), (long long) profile_id)));
  update_record_page (self);
}

/**
 * clt_requests_dialog_set_received:
 *
 * The day the request being recorded came in, as the calendar sets it; a day after today is
 * taken as today.
 */
void
clt_requests_dialog_set_received (CltRequestsDialog *self,
                                  GDateTime         *received)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) local = NULL;

  g_return_if_fail (CLT_IS_REQUESTS_DIALOG (self));
  g_return_if_fail (received != NULL);

  local = g_date_time_to_local (received);
  g_clear_pointer (&self->received, g_date_time_unref);
  if (g_date_time_compare (local, now) >= 0 ||
      (g_date_time_get_year (local) == g_date_time_get_year (now) &&
       g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now)))
    /* Today: the time too. */
    self->received = g_date_time_ref (now);
  else
    /* An earlier day, whose hour is not known: its noon. */
    self->received = g_date_time_new_local (g_date_time_get_year (local), g_date_time_get_month (local),
                                            g_date_time_get_day_of_month (local), 12, 0, 0);
  update_record_page (self);
}

static void
day_selected_cb (CltRequestsDialog *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->calendar);

  clt_requests_dialog_set_received (self, day);
  if (g_date_time_compare (day, self->received) > 0)
    gtk_calendar_select_day (self->calendar, self->received);
}

static void
customer_chosen_cb (CltMergeDialog    *chooser,
                    gint64             profile_id,
                    const char        *name,
                    CltRequestsDialog *self)
{
  clt_requests_dialog_set_customer (self, profile_id, name);
}

static void
choose_customer_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  CltRequestsDialog *self = CLT_REQUESTS_DIALOG (widget);
  CltMergeDialog *chooser = clt_merge_dialog_new (self->workspace, 0);

  adw_dialog_set_title (ADW_DIALOG (chooser), _("Choose Customer"));
  g_signal_connect_object (chooser, "chosen", G_CALLBACK (customer_chosen_cb), self, 0);
  adw_dialog_present (ADW_DIALOG (chooser), widget);
}

/* The record page, for a new request that came in today. */
static void
reset_record_page (CltRequestsDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  adw_combo_row_set_selected (self->kind_row, 0);
  gtk_calendar_select_day (self->calendar, now);
  clt_requests_dialog_set_received (self, now);
}

static void
record_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  CltRequestsDialog *self = CLT_REQUESTS_DIALOG (widget);

  reset_record_page (self);
  adw_navigation_view_push_by_tag (self->navigation, "record");
}

static void
save_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *param)
{
  CltRequestsDialog *self = CLT_REQUESTS_DIALOG (widget);
  g_autoptr(CltConsentLedger) ledger = NULL;
  g_autoptr(GDateTime) due = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *due_day = NULL;
  g_autofree char *title = NULL;
  guint kind = adw_combo_row_get_selected (self->kind_row);

  if (self->customer_id == 0 || kind >= G_N_ELEMENTS (kinds))
    return;

  ledger = clt_consent_ledger_new (self->workspace);
  if (!clt_consent_ledger_open_request (ledger, kinds[kind], self->customer_id, self->received, &error))
    {
      show_error (self, error);
      return;
    }

  due = clt_consent_request_due_date (self->received, 0);
  due_day = clt_subject_rights_format_day (due);
  /* Translators: a subject request was recorded, and the day it is due */
  title = g_strdup_printf (_("Request recorded, due %s"), due_day);
  show_toast (self, adw_toast_new (title));
  adw_navigation_view_pop_to_tag (self->navigation, "list");
  changed (self);
}

/**
 * clt_requests_dialog_record_for:
 * @name: (nullable): the customer's name, as shown
 *
 * Opens the dialog on the page that records a request of customer @profile_id, before it is
 * presented; the list of open requests is behind it.
 */
void
clt_requests_dialog_record_for (CltRequestsDialog *self,
                                gint64             profile_id,
                                const char        *name)
{
  static const char * const pages[] = { "list", "record" };

  g_return_if_fail (CLT_IS_REQUESTS_DIALOG (self));

  reset_record_page (self);
  clt_requests_dialog_set_customer (self, profile_id, name);
  adw_navigation_view_replace_with_tags (self->navigation, pages, G_N_ELEMENTS (pages));
}

/* ---- the object ---- */

static void
clt_requests_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CltRequestsDialog *self = CLT_REQUESTS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_NARROW:
      g_value_set_boolean (value, self->narrow);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_requests_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  CltRequestsDialog *self = CLT_REQUESTS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_NARROW:
      if (self->narrow != g_value_get_boolean (value))
        {
          self->narrow = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_requests_dialog_dispose (GObject *object)
{
  CltRequestsDialog *self = CLT_REQUESTS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_REQUESTS_DIALOG);
  g_clear_object (&self->workspace);
  g_clear_object (&self->export_folder);
  g_clear_pointer (&self->requests, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->received, g_date_time_unref);

  G_OBJECT_CLASS (clt_requests_dialog_parent_class)->dispose (object);
}

static void
clt_requests_dialog_class_init (CltRequestsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_requests_dialog_dispose;
  object_class->get_property = clt_requests_dialog_get_property;
  object_class->set_property = clt_requests_dialog_set_property;

  /**
   * CltRequestsDialog:narrow:
   *
   * Whether the dialog is too narrow for the rows' answer buttons (their menus have them).
   */
  properties[PROP_NARROW] =
    g_param_spec_boolean ("narrow", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CltRequestsDialog::changed:
   *
   * A request was recorded or answered, and what answered it may have changed the workspace.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-requests-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CltRequestsDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CltRequestsDialog, navigation);
  gtk_widget_class_bind_template_child (widget_class, CltRequestsDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CltRequestsDialog, requests_group);
  gtk_widget_class_bind_template_child (widget_class, CltRequestsDialog, customer_row);
  gtk_widget_class_bind_template_child (widget_class, CltRequestsDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, CltRequestsDialog, received_row);
  gtk_widget_class_bind_template_child (widget_class, CltRequestsDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, CltRequestsDialog, due_row);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);

  gtk_widget_class_install_action (widget_class, "requests.record", NULL, record_cb);
  gtk_widget_class_install_action (widget_class, "requests.choose-customer", NULL, choose_customer_cb);
  gtk_widget_class_install_action (widget_class, "requests.save", NULL, save_cb);
  gtk_widget_class_install_action (widget_class, "requests.open-customer", "x", open_customer_cb);
  gtk_widget_class_install_action (widget_class, "requests.complete", "x", complete_cb);
  gtk_widget_class_install_action (widget_class, "requests.refuse", "x", refuse_cb);
  gtk_widget_class_install_action (widget_class, "requests.extend", "x", extend_cb);
  gtk_widget_class_install_action (widget_class, "requests.answer", "x", answer_cb);
}

static void
clt_requests_dialog_init (CltRequestsDialog *self)
{
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  AdwBreakpoint *breakpoint;
  GValue narrow = G_VALUE_INIT;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    gtk_string_list_append (choices, clt_subject_rights_kind_label (kinds[i]));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (choices));

  breakpoint = adw_breakpoint_new (adw_breakpoint_condition_parse ("max-width: 520sp"));
  g_value_init (&narrow, G_TYPE_BOOLEAN);
  g_value_set_boolean (&narrow, TRUE);
  adw_breakpoint_add_setter (breakpoint, G_OBJECT (self), "narrow", &narrow);
  adw_dialog_add_breakpoint (ADW_DIALOG (self), breakpoint);
  g_value_unset (&narrow);

  reset_record_page (self);
  clt_requests_dialog_set_customer (self, 0, NULL);
}

/**
 * clt_requests_dialog_new:
 *
 * Returns: (transfer floating): the dialog, reading the open requests
 */
CltRequestsDialog *
clt_requests_dialog_new (CltWorkspace *workspace)
{
  CltRequestsDialog *self;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (CLT_TYPE_REQUESTS_DIALOG, NULL);
  self->workspace = g_object_ref (workspace);
  clt_requests_dialog_reload (self);

  return self;
}
