/* clt-profile-consent.c: a customer's Consent tab, and their rights as data subject
 *
 * The current consent of each of the customer's addresses per purpose and channel (given,
 * withdrawn, weak proof, stale, unknown), their restrictions and objections, their open
 * subject requests, and the consent history with its evidence: when the person acted and
 * when it was recorded, how, the double opt-in times and addresses, the source file and row.
 * Read in a thread.
 *
 * The rights: a printable consent proof (a page in the cache folder, opened in the browser),
 * the export of all their data (Art. 15/20), a restriction (Art. 18) or an objection to
 * direct marketing (Art. 21), each with Undo, and erasure (Art. 17), which cannot be undone
 * and so asks first. Access and erasure answer the person's open request of their kind, or
 * are recorded as a request answered at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-profile-consent"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "clt-format.h"
#include "clt-profile-consent.h"
#include "clt-subject-rights.h"
#include "clt-window.h"

struct _CltProfileConsent
{
  AdwBin               parent_instance;

  AdwPreferencesPage  *page;
  AdwPreferencesGroup *states_group;
  AdwPreferencesGroup *restrictions_group;
  AdwPreferencesGroup *requests_group;
  AdwPreferencesGroup *history_group;
  GPtrArray           *rows;

  CltWorkspace        *workspace;
  gint64               profile_id;
  GCancellable        *cancellable;
  GFile               *proof_file;
  GFile               *export_folder;
  gboolean             loading;
  guint                busy;
};

G_DEFINE_FINAL_TYPE (CltProfileConsent, clt_profile_consent, ADW_TYPE_BIN)

enum {
  CHANGED,
  ERASED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  GListModel *states;
  GListModel *history;
  GListModel *purposes;
  GPtrArray  *restrictions;
  GPtrArray  *requests;
} Consent;

static void
consent_free (Consent *consent)
{
  g_clear_object (&consent->states);
  g_clear_object (&consent->history);
  g_clear_object (&consent->purposes);
  g_clear_pointer (&consent->restrictions, g_ptr_array_unref);
  g_clear_pointer (&consent->requests, g_ptr_array_unref);
  g_free (consent);
}

typedef struct
{
  char   *path;
  char   *actor;
  gint64  profile_id;
} Job;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_free (job->actor);
  g_free (job);
}

static Job *
job_new (CltProfileConsent *self)
{
  Job *job = g_new0 (Job, 1);

  job->path = g_strdup (clt_workspace_get_path (self->workspace));
  job->actor = g_strdup (clt_workspace_get_actor (self->workspace));
  job->profile_id = self->profile_id;

  return job;
}

static void
show_toast (CltProfileConsent *self,
            AdwToast          *toast)
{
  clt_window_show_toast (GTK_WIDGET (self), toast);
}

static void
show_error (CltProfileConsent *self,
            const GError      *error)
{
  show_toast (self, adw_toast_new (error->message));
}

static GtkWindow *
parent_window (CltProfileConsent *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static char *
format_time (const char *iso)
{
  g_autoptr(GDateTime) time = clt_format_parse_time (iso);
  g_autoptr(GDateTime) local = time ? g_date_time_to_local (time) : NULL;

  return local ? clt_format_date_time (local) : g_strdup (iso ? iso : "");
}

static const char *
purpose_label (Consent    *consent,
               const char *key)
{
  for (guint i = 0; consent->purposes && i < g_list_model_get_n_items (consent->purposes); i++)
    {
      g_autoptr(CltPurpose) purpose = g_list_model_get_item (consent->purposes, i);

      if (g_strcmp0 (clt_purpose_get_key (purpose), key) == 0)
        return clt_purpose_get_display_label (purpose);
    }

  return key;
}

static const char *
channel_label (const char *channel)
{
  if (g_strcmp0 (channel, "email") == 0)
    return _("E-mail");
  if (g_strcmp0 (channel, "postal") == 0)
    return _("Post");
  if (g_strcmp0 (channel, "phone") == 0)
    return _("Phone");
  if (g_strcmp0 (channel, "ads") == 0)
    return _("Advertising platforms");
  return _("No contact");
}

static const char *
event_action_label (const char *action)
{
  if (g_strcmp0 (action, "given") == 0)
    return _("Given");
  if (g_strcmp0 (action, "refused") == 0)
    return _("Refused");
  if (g_strcmp0 (action, "withdrawn") == 0)
    return _("Withdrawn");
  if (g_strcmp0 (action, "revoked") == 0)
    return _("Revoked");
  if (g_strcmp0 (action, "expired") == 0)
    return _("Expired");
  if (g_strcmp0 (action, "invalidated") == 0)
    return _("Address bounced");
  return action;
}

static void
clear_rows (CltProfileConsent *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static void
add_row (CltProfileConsent   *self,
         AdwPreferencesGroup *group,
         GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

static GtkWidget *
badge (const char *text,
       const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "badge");
  gtk_widget_add_css_class (label, style);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);

  return label;
}

/* ---- current consent ---- */

static GtkWidget *
state_row (Consent          *consent,
           CltConsentStatus *state)
{
  GtkWidget *row = adw_action_row_new ();
  const char *action = clt_consent_status_get_action (state);
  g_autofree char *title = NULL;
  g_autofree char *since = clt_format_date (clt_consent_status_get_event_time (state));
  g_autofree char *subtitle = NULL;
  const char *text, *style;

  if (clt_consent_status_get_bounced (state))
    text = _("bounced"), style = "error";
  else if (clt_consent_status_get_suppressed (state))
    text = _("suppressed"), style = "error";
  else if (g_strcmp0 (action, "given") == 0 && clt_consent_status_get_weak_proof (state))
    text = _("weak proof"), style = "warning";
  else if (g_strcmp0 (action, "given") == 0 && clt_consent_status_get_stale (state))
    text = _("stale"), style = "warning";
  else if (g_strcmp0 (action, "given") == 0)
    text = _("given"), style = "success";
  else if (g_strcmp0 (action, "refused") == 0)
    text = _("refused"), style = "error";
  else if (g_strcmp0 (action, "expired") == 0)
    text = _("expired"), style = "dim";
  else
    text = _("withdrawn"), style = "error";

  /* Translators: a consent's purpose and channel: "E-mail marketing · E-mail" */
  title = g_strdup_printf (_("%s · %s"), purpose_label (consent, clt_consent_status_get_purpose (state)),
                           channel_label (clt_consent_status_get_channel (state)));
  if (g_strcmp0 (clt_consent_status_get_identifier_kind (state), "profile") == 0)
    /* Translators: a consent recorded for the person rather than an address, and since when */
    subtitle = g_strdup_printf (_("For the person · since %s"), since);
  else
    /* Translators: the address a consent is for, and since when: "anna@example.com · since 01.03.2024" */
    subtitle = g_strdup_printf (_("%s · since %s"), clt_consent_status_get_identifier (state), since);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge (text, style));
  gtk_widget_add_css_class (row, "consent-state");

  return row;
}

static void
fill_states (CltProfileConsent *self,
             Consent           *consent)
{
  for (guint i = 0; i < g_list_model_get_n_items (consent->states); i++)
    {
      g_autoptr(CltConsentStatus) state = g_list_model_get_item (consent->states, i);

      add_row (self, self->states_group, state_row (consent, state));
    }

  /* The marketing purposes nothing is recorded for: unknown, which means no. */
  for (guint i = 0; i < g_list_model_get_n_items (consent->purposes); i++)
    {
      g_autoptr(CltPurpose) purpose = g_list_model_get_item (consent->purposes, i);
      gboolean known = FALSE;
      GtkWidget *row;

      if (!clt_purpose_get_marketing (purpose) || g_strcmp0 (clt_purpose_get_legal_basis (purpose), "a") != 0)
        continue;
      for (guint j = 0; !known && j < g_list_model_get_n_items (consent->states); j++)
        {
          g_autoptr(CltConsentStatus) state = g_list_model_get_item (consent->states, j);

          known = g_strcmp0 (clt_consent_status_get_purpose (state), clt_purpose_get_key (purpose)) == 0;
        }
      if (known)
        continue;

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), clt_purpose_get_display_label (purpose));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Nothing recorded: may not be used"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge (_("unknown"), "dim"));
      gtk_widget_add_css_class (row, "consent-state");
      add_row (self, self->states_group, row);
    }
}

/* ---- restrictions ---- */

static void
lift_clicked_cb (GtkButton         *button,
                 CltProfileConsent *self)
{
  g_autoptr(CltConsentLedger) ledger = clt_consent_ledger_new (self->workspace);
  g_autoptr(GError) error = NULL;

  if (!clt_consent_ledger_lift_restriction (ledger, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "id")),
                                            &error))
    {
      show_error (self, error);
      return;
    }

  show_toast (self, adw_toast_new (_("Restriction lifted")));
  g_signal_emit (self, signals[CHANGED], 0);
  clt_profile_consent_reload (self);
}

static void
fill_restrictions (CltProfileConsent *self,
                   Consent           *consent)
{
  for (guint i = 0; i < consent->restrictions->len; i++)
    {
      const CltRestriction *restriction = g_ptr_array_index (consent->restrictions, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *since = format_time (restriction->created_at);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      const char *scope;

      if (restriction->kind == CLT_RESTRICTION_KIND_OBJECTION)
        {
          scope = restriction->purpose ? purpose_label (consent, restriction->purpose) : _("all direct marketing");
          /* Translators: "Objection: all direct marketing" */
          title = g_strdup_printf (_("Objection: %s"), scope);
        }
      else
        {
          scope = restriction->purpose ? purpose_label (consent, restriction->purpose) : _("all purposes");
          /* Translators: "Restriction: all purposes" */
          title = g_strdup_printf (_("Restriction: %s"), scope);
        }
      if (restriction->lifted_at)
        {
          g_autofree char *lifted = format_time (restriction->lifted_at);

          /* Translators: when a restriction was recorded and by whom, and when it was lifted */
          subtitle = g_strdup_printf (_("Since %s by %s · lifted %s"), since, restriction->actor, lifted);
        }
      else
        /* Translators: when a restriction was recorded, and by whom */
        subtitle = g_strdup_printf (_("Since %s by %s"), since, restriction->actor);
      if (restriction->reason && restriction->reason[0])
        {
          g_autofree char *with_reason = g_strdup_printf ("%s\n%s", subtitle, restriction->reason);

          g_free (subtitle);
          subtitle = g_steal_pointer (&with_reason);
        }

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      if (restriction->lifted_at == NULL)
        {
          GtkWidget *lift = gtk_button_new_with_mnemonic (_("_Lift"));

          gtk_widget_set_valign (lift, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (lift, _("End the restriction: the customer may be used again"));
          g_object_set_data (G_OBJECT (lift), "id", GSIZE_TO_POINTER (restriction->id));
          g_signal_connect_object (lift, "clicked", G_CALLBACK (lift_clicked_cb), self, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), lift);
        }
      else
        gtk_widget_add_css_class (row, "dim-label");
      add_row (self, self->restrictions_group, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->restrictions_group), consent->restrictions->len > 0);
}

/* ---- open subject requests ---- */

static void
fill_requests (CltProfileConsent *self,
               Consent           *consent)
{
  for (guint i = 0; i < consent->requests->len; i++)
    {
      const CltSubjectRequest *request = g_ptr_array_index (consent->requests, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *deadline = clt_subject_rights_deadline_badge (request);
      g_autofree char *dates = clt_subject_rights_dup_dates (request);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), clt_subject_rights_kind_label (request->kind));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), dates);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (clt_subject_rights_kind_icon (request->kind)));
      if (deadline)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), deadline);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "profile.show-requests");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_add_css_class (row, "subject-request");
      add_row (self, self->requests_group, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->requests_group), consent->requests->len > 0);
}

/* ---- history ---- */

static const char *
member (JsonObject *object,
        const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

/* The proof an event carries, as lines: double opt-in times and addresses, reason, campaign. */
static void
add_evidence (GPtrArray  *lines,
              const char *evidence)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  const char *optin, *optin_ip, *confirm, *confirm_ip, *reason, *campaign;

  if (evidence == NULL || !json_parser_load_from_data (parser, evidence, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  object = json_node_get_object (json_parser_get_root (parser));
  optin = member (object, "optin_time");
  optin_ip = member (object, "optin_ip");
  confirm = member (object, "confirm_time");
  confirm_ip = member (object, "confirm_ip");
  reason = member (object, "reason");
  campaign = member (object, "campaign");

  if (optin)
    {
      g_autofree char *when = format_time (optin);

      g_ptr_array_add (lines, optin_ip
                       /* Translators: double opt-in evidence: "Signed up 28.02.2024 09:12 from 192.0.2.10" */
                       ? g_strdup_printf (_("Signed up %s from %s"), when, optin_ip)
                       : g_strdup_printf (_("Signed up %s"), when));
    }
  if (confirm)
    {
      g_autofree char *when = format_time (confirm);

      g_ptr_array_add (lines, confirm_ip
                       /* Translators: double opt-in evidence: "Confirmed 01.03.2024 09:15 from 192.0.2.10" */
                       ? g_strdup_printf (_("Confirmed %s from %s"), when, confirm_ip)
                       : g_strdup_printf (_("Confirmed %s"), when));
    }
  else if (optin)
    g_ptr_array_add (lines, g_strdup (_("Not confirmed: no double opt-in")));
  if (reason && reason[0])
    /* Translators: why the person unsubscribed */
    g_ptr_array_add (lines, g_strdup_printf (_("Reason: %s"), reason));
  if (campaign && campaign[0])
    g_ptr_array_add (lines, g_strdup_printf (_("Campaign: %s"), campaign));
}

static GtkWidget *
history_row (Consent         *consent,
             CltConsentEvent *event)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *title = NULL;
  g_autofree char *at = format_time (clt_consent_event_get_event_time (event));
  g_autofree char *recorded = format_time (clt_consent_event_get_recorded_time (event));
  g_autofree char *subtitle = NULL;
  const char *method = clt_consent_event_get_method (event);
  const char *source = clt_consent_event_get_source (event);
  const char *action = clt_consent_event_get_action (event);

  /* Translators: a consent event: "Given: E-mail marketing" */
  title = g_strdup_printf (_("%s: %s"), event_action_label (action),
                           purpose_label (consent, clt_consent_event_get_purpose (event)));
  /* Translators: when the person acted, and when it was recorded and by whom */
  g_ptr_array_add (lines, g_strdup_printf (_("%s · recorded %s by %s"), at, recorded,
                                           clt_consent_event_get_actor (event)));
  if (g_strcmp0 (clt_consent_event_get_identifier_kind (event), "profile") != 0)
    g_ptr_array_add (lines, method ? g_strdup_printf ("%s · %s", clt_consent_event_get_identifier (event), method)
                                   : g_strdup (clt_consent_event_get_identifier (event)));
  else if (method)
    g_ptr_array_add (lines, g_strdup (method));
  if (clt_consent_event_get_notice (event) != NULL)
    /* Translators: the form or notice version the person saw, such as "newsletter form v3" */
    g_ptr_array_add (lines, g_strdup_printf (_("Notice: %s"), clt_consent_event_get_notice (event)));
  if (clt_consent_event_get_notice_invalidated (event) != NULL)
    g_ptr_array_add (lines, g_strdup (_("Does not count: the notice was invalidated")));
  add_evidence (lines, clt_consent_event_get_evidence (event));
  if (source)
    /* Translators: where a consent came from: "From newsletter.csv, 12" (file, row) */
    g_ptr_array_add (lines, g_strdup_printf (_("From %s"), source));
  g_ptr_array_add (lines, NULL);
  subtitle = g_strjoinv ("\n", (char **) lines->pdata);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 8);
  adw_action_row_set_subtitle_selectable (ADW_ACTION_ROW (row), TRUE);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (
      g_strcmp0 (action, "given") == 0 ? "emblem-ok-symbolic" : "action-unavailable-symbolic"));
  gtk_widget_add_css_class (row, "consent-event");

  return row;
}

static void
fill_history (CltProfileConsent *self,
              Consent           *consent)
{
  guint n = g_list_model_get_n_items (consent->history);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CltConsentEvent) event = g_list_model_get_item (consent->history, i);

      add_row (self, self->history_group, history_row (consent, event));
    }

  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No consent events"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Sign-ups, unsubscribes and opt-outs of this customer’s addresses appear here as they are imported."));
      gtk_widget_add_css_class (row, "dim-label");
      add_row (self, self->history_group, row);
    }
}

/* ---- reading ---- */

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(CltConsentLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;
  Consent *consent = g_new0 (Consent, 1);

  if (!(ledger = clt_consent_ledger_open (job->path, job->actor, &error)) ||
      !(consent->purposes = clt_consent_ledger_list_purposes (ledger, &error)) ||
      !(consent->states = clt_consent_ledger_list_states (ledger, job->profile_id, &error)) ||
      !(consent->history = clt_consent_ledger_list_history (ledger, job->profile_id, &error)) ||
      !(consent->restrictions = clt_consent_ledger_list_restrictions (ledger, job->profile_id, &error)) ||
      !(consent->requests = clt_consent_ledger_list_requests (ledger, job->profile_id, TRUE, &error)))
    {
      consent_free (consent);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, consent, (GDestroyNotify) consent_free);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CltProfileConsent) self = user_data;
  Consent *consent;
  g_autoptr(GError) error = NULL;

  consent = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      g_clear_pointer (&consent, consent_free);
      return;
    }
  self->loading = FALSE;
  if (consent == NULL)
    {
      /* An erased customer has nothing left to show. */
      if (!g_error_matches (error, CLT_CONSENT_ERROR, CLT_CONSENT_ERROR_NOT_FOUND))
        g_warning ("Could not read the customer’s consent: %s", error->message);
      return;
    }

  clear_rows (self);
  fill_states (self, consent);
  fill_restrictions (self, consent);
  fill_requests (self, consent);
  fill_history (self, consent);
  consent_free (consent);
}

/**
 * clt_profile_consent_reload:
 *
 * Reads the customer's consent again, in a thread.
 */
void
clt_profile_consent_reload (CltProfileConsent *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CLT_IS_PROFILE_CONSENT (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->workspace == NULL)
    return;

  self->loading = TRUE;
  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, read_cb, g_object_ref (self));
  g_task_set_task_data (task, job_new (self), (GDestroyNotify) job_free);
  g_task_run_in_thread (task, read_thread);
}

void
clt_profile_consent_set_profile (CltProfileConsent *self,
                                 CltWorkspace      *workspace,
                                 gint64             profile_id)
{
  g_return_if_fail (CLT_IS_PROFILE_CONSENT (self));
  g_return_if_fail (CLT_IS_WORKSPACE (workspace));

  if (profile_id != self->profile_id)
    {
      /* Another customer's consent is not shown while this one's is read. */
      clear_rows (self);
      adw_preferences_page_scroll_to_top (self->page);
    }
  g_set_object (&self->workspace, workspace);
  self->profile_id = profile_id;
  clt_profile_consent_reload (self);
}

/**
 * clt_profile_consent_get_loading:
 *
 * Returns: whether the tab is being read or an action of it runs
 */
gboolean
clt_profile_consent_get_loading (CltProfileConsent *self)
{
  g_return_val_if_fail (CLT_IS_PROFILE_CONSENT (self), FALSE);

  return self->loading || self->busy > 0;
}

/* ---- the consent proof ---- */

static void
proof_opened_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CltProfileConsent) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_file_launcher_launch_finish (GTK_FILE_LAUNCHER (object), result, &error) &&
      !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
    show_error (self, error);
}

static void
proof_made_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CltProfileConsent) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GtkFileLauncher) launcher = NULL;

  self->busy--;
  if (!(html = clt_consent_ledger_dup_proof_html_finish (CLT_CONSENT_LEDGER (object), result, &error)))
    {
      show_error (self, error);
      return;
    }

  /* Personal data: in the user's cache, readable by them only. */
  dir = g_build_filename (g_get_user_cache_dir (), "clientele", NULL);
  name = g_strdup_printf ("consent-proof-%" G_GINT64_FORMAT ".html", self->profile_id);
  path = g_build_filename (dir, name, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (path, html, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      if (error == NULL)
        g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (errno), _("Cannot create the folder “%s”"), dir);
      show_error (self, error);
      return;
    }

  g_clear_object (&self->proof_file);
  self->proof_file = g_file_new_for_path (path);
  launcher = gtk_file_launcher_new (self->proof_file);
  gtk_file_launcher_launch (launcher, parent_window (self), NULL, proof_opened_cb, g_object_ref (self));
}

/**
 * clt_profile_consent_show_proof:
 *
 * Makes the customer's consent proof in a thread, writes it to the cache folder and opens it
 * in the browser, where it can be printed.
 */
void
clt_profile_consent_show_proof (CltProfileConsent *self)
{
  g_autoptr(CltConsentLedger) ledger = NULL;

  g_return_if_fail (CLT_IS_PROFILE_CONSENT (self));

  if (self->workspace == NULL)
    return;

  self->busy++;
  ledger = clt_consent_ledger_new (self->workspace);
  clt_consent_ledger_dup_proof_html_async (ledger, self->profile_id, NULL, proof_made_cb, g_object_ref (self));
}

/**
 * clt_profile_consent_get_proof_file:
 *
 * Returns: (transfer none) (nullable): the consent proof written last
 */
GFile *
clt_profile_consent_get_proof_file (CltProfileConsent *self)
{
  g_return_val_if_fail (CLT_IS_PROFILE_CONSENT (self), NULL);

  return self->proof_file;
}

/* ---- access and portability ---- */

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CltProfileConsent) self = user_data;
  g_autoptr(GError) error = NULL;
  self->busy--;
  if (!clt_subject_rights_export_finish (result, &error))
    {
      show_error (self, error);
      return;
    }

  show_toast (self, clt_subject_rights_exported_toast_new (_("Personal data exported"), self->export_folder,
                                                           GTK_WIDGET (self)));
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * clt_profile_consent_export_to:
 * @folder: where to write the report (its JSON and HTML files)
 *
 * Exports all the customer's data (Art. 15/20) into @folder in a thread, as the export
 * action does after its folder chooser, answering their open access request.
 */
void
clt_profile_consent_export_to (CltProfileConsent *self,
                               GFile             *folder)
{
  g_return_if_fail (CLT_IS_PROFILE_CONSENT (self));
  g_return_if_fail (G_IS_FILE (folder));

  if (self->workspace == NULL)
    return;

  g_set_object (&self->export_folder, folder);
  self->busy++;
  clt_subject_rights_export_async (self->workspace, self->profile_id, 0, folder, exported_cb, g_object_ref (self));
}

static void
folder_chosen_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CltProfileConsent) self = user_data;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;

  if (!(folder = gtk_file_dialog_select_folder_finish (GTK_FILE_DIALOG (object), result, &error)))
    {
      if (!g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
        show_error (self, error);
      return;
    }

  clt_profile_consent_export_to (self, folder);
}

void
clt_profile_consent_choose_export_folder (CltProfileConsent *self)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

  g_return_if_fail (CLT_IS_PROFILE_CONSENT (self));

  gtk_file_dialog_set_title (dialog, _("Export Personal Data To"));
  gtk_file_dialog_select_folder (dialog, parent_window (self), NULL, folder_chosen_cb, g_object_ref (self));
}

/* ---- restriction and objection ---- */

static void
undo_restriction_cb (AdwToast          *toast,
                     CltProfileConsent *self)
{
  g_autoptr(CltConsentLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;

  if (self->workspace == NULL)
    return;
  ledger = clt_consent_ledger_new (self->workspace);
  if (!clt_consent_ledger_lift_restriction (ledger, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "id")),
                                            &error))
    show_error (self, error);
  g_signal_emit (self, signals[CHANGED], 0);
  clt_profile_consent_reload (self);
}

/**
 * clt_profile_consent_restrict:
 * @kind: a restriction of all processing (Art. 18) or an objection to direct marketing (Art. 21)
 * @reason: (nullable): why, without personal data
 *
 * Records it at once and offers Undo, which lifts it.
 *
 * Returns: the restriction's id, or 0 when it failed (and said so)
 */
gint64
clt_profile_consent_restrict (CltProfileConsent  *self,
                              CltRestrictionKind  kind,
                              const char         *reason)
{
  g_autoptr(CltConsentLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;
  gint64 id;

  g_return_val_if_fail (CLT_IS_PROFILE_CONSENT (self), 0);

  if (self->workspace == NULL)
    return 0;
  ledger = clt_consent_ledger_new (self->workspace);
  if (!(id = clt_consent_ledger_restrict (ledger, self->profile_id, kind, NULL, reason, &error)))
    {
      show_error (self, error);
      return 0;
    }

  toast = adw_toast_new (kind == CLT_RESTRICTION_KIND_OBJECTION ? _("Objection to direct marketing recorded")
                                                                : _("Processing restricted"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data (G_OBJECT (toast), "id", GSIZE_TO_POINTER (id));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_restriction_cb), self, 0);
  show_toast (self, toast);
  g_signal_emit (self, signals[CHANGED], 0);
  clt_profile_consent_reload (self);

  return id;
}

static void
restrict_response_cb (AdwAlertDialog    *dialog,
                      const char        *response,
                      CltProfileConsent *self)
{
  g_autofree char *reason = clt_subject_rights_dup_reason (dialog);

  if (g_str_equal (response, "restrict"))
    clt_profile_consent_restrict (self, CLT_RESTRICTION_KIND_RESTRICTION, reason);
}

void
clt_profile_consent_ask_restrict (CltProfileConsent *self)
{
  AdwDialog *dialog;

  g_return_if_fail (CLT_IS_PROFILE_CONSENT (self));

  dialog = clt_subject_rights_restrict_dialog_new ();
  g_signal_connect_object (dialog, "response", G_CALLBACK (restrict_response_cb), self, 0);
  adw_dialog_present (dialog, GTK_WIDGET (self));
  gtk_widget_grab_focus (adw_alert_dialog_get_extra_child (ADW_ALERT_DIALOG (dialog)));
}

/* ---- erasure ---- */

static void
erased_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CltProfileConsent) self = user_data;
  g_autoptr(GError) error = NULL;

  self->busy--;
  if (!clt_subject_rights_erase_finish (result, &error))
    {
      show_error (self, error);
      return;
    }

  show_toast (self, adw_toast_new (_("Customer erased and added to the suppression list")));
  g_signal_emit (self, signals[ERASED], 0);
}

/**
 * clt_profile_consent_erase:
 *
 * Erases the customer (Art. 17) in a thread, as the Erase action does once confirmed,
 * answering their open erasure request, and emits "erased".
 */
void
clt_profile_consent_erase (CltProfileConsent *self)
{
  g_return_if_fail (CLT_IS_PROFILE_CONSENT (self));

  if (self->workspace == NULL)
    return;

  self->busy++;
  clt_subject_rights_erase_async (self->workspace, self->profile_id, 0, erased_cb, g_object_ref (self));
}

static void
erase_response_cb (AdwAlertDialog    *dialog,
                   const char        *response,
                   CltProfileConsent *self)
{
  if (g_str_equal (response, "erase"))
    clt_profile_consent_erase (self);
}

void
clt_profile_consent_ask_erase (CltProfileConsent *self)
{
  AdwDialog *dialog;

  g_return_if_fail (CLT_IS_PROFILE_CONSENT (self));

  dialog = clt_subject_rights_erase_dialog_new ();
  g_signal_connect_object (dialog, "response", G_CALLBACK (erase_response_cb), self, 0);
  adw_dialog_present (dialog, GTK_WIDGET (self));
}

/* ---- the object ---- */

static void
clt_profile_consent_dispose (GObject *object)
{
  CltProfileConsent *self = (CltProfileConsent *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->workspace);
  g_clear_object (&self->proof_file);
  g_clear_object (&self->export_folder);

  G_OBJECT_CLASS (clt_profile_consent_parent_class)->dispose (object);
}

static void
clt_profile_consent_class_init (CltProfileConsentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_profile_consent_dispose;

  /**
   * CltProfileConsent::changed:
   *
   * A restriction, objection or report changed the workspace.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * CltProfileConsent::erased:
   *
   * The customer was erased: there is nothing left to show.
   */
  signals[ERASED] = g_signal_new ("erased", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-profile-consent.ui");
  gtk_widget_class_bind_template_child (widget_class, CltProfileConsent, page);
  gtk_widget_class_bind_template_child (widget_class, CltProfileConsent, states_group);
  gtk_widget_class_bind_template_child (widget_class, CltProfileConsent, restrictions_group);
  gtk_widget_class_bind_template_child (widget_class, CltProfileConsent, requests_group);
  gtk_widget_class_bind_template_child (widget_class, CltProfileConsent, history_group);
}

static void
clt_profile_consent_init (CltProfileConsent *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}
