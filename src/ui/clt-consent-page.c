/* clt-consent-page.c: the DPO panel: what may be used for what, with proof
 *
 * A dashboard of cards: coverage per marketing purpose (a bar each), consents given and
 * withdrawn over time (a chart), what needs the DPO (subject requests, deletions due, with
 * Approve and Purge, weak-proof consents; the subject requests open in a dialog to work them
 * from), the recent exports, the purposes catalogue (each opens an edit dialog; new ones are
 * added in the same), the Art. 30 register as a document, and the audit log, read a page at a
 * time with filters by action and person, whose hash chain Verify walks.
 *
 * Everything that grows with the workspace is read in a thread on a connection of its own;
 * writes from there are recorded under the window workspace's actor. Looking at the panel
 * brings the list of deletions due up to date with the retention rules.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-consent-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "clt-consent-chart.h"
#include "clt-consent-page.h"
#include "clt-coverage-bar.h"
#include "clt-format.h"
#include "clt-purpose-dialog.h"
#include "clt-deletions-dialog.h"
#include "clt-requests-dialog.h"
#include "clt-window.h"

/* audit entries read at a time */
#define AUDIT_PAGE 50
/* exports listed */
#define EXPORTS_SHOWN 8

struct _CltConsentPage
{
  CltPage              parent_instance;

  GtkStack            *stack;
  AdwPreferencesGroup *coverage_group;
  AdwWrapBox          *legend;
  AdwActionRow        *requests_row;
  AdwActionRow        *deletions_row;
  AdwActionRow        *weak_row;
  GtkStack            *chart_stack;
  CltConsentChart     *chart;
  AdwPreferencesGroup *exports_group;
  AdwPreferencesGroup *purposes_group;
  GtkWidget           *add_purpose_row;
  AdwActionRow        *verify_row;
  GtkImage            *verify_icon;
  AdwSpinner          *verify_spinner;
  AdwComboRow         *action_filter;
  AdwComboRow         *actor_filter;
  AdwPreferencesGroup *audit_entries_group;
  GtkWidget           *more_row;

  /* the rows made for the data, per group */
  GPtrArray           *coverage_rows;
  GPtrArray           *export_rows;
  GPtrArray           *purpose_rows;
  GPtrArray           *audit_rows;

  GCancellable        *cancellable;
  GCancellable        *audit_cancellable;
  GStrv                actions;     /* the action filter's choices, after "all" */
  GStrv                actors;
  gint64               audit_before;
  gboolean             loading;
  gboolean             filling_filters;
};

G_DEFINE_FINAL_TYPE (CltConsentPage, clt_consent_page, CLT_TYPE_PAGE)

/* The marketing purposes' coverage is shown; the others (service, analytics) need no consent. */
typedef struct
{
  char   *key;
  char   *label;
  gint64  n_eligible;
  gint64  n_weak_proof;
  gint64  n_stale;
  gint64  n_excluded;
  gint64  n_candidates;
} Coverage;

typedef struct
{
  GPtrArray  *coverage;
  GArray     *months;
  GPtrArray  *exports;
  GListModel *purposes;
  GStrv       actions;
  GStrv       actors;
  gint64      n_open;
  gint64      n_overdue;
  gint64      n_pending;
  gint64      n_approved;
  gint64      n_weak_proof;
} Dashboard;

static void
coverage_free (Coverage *coverage)
{
  g_free (coverage->key);
  g_free (coverage->label);
  g_free (coverage);
}

static void
dashboard_free (Dashboard *dashboard)
{
  g_clear_pointer (&dashboard->coverage, g_ptr_array_unref);
  g_clear_pointer (&dashboard->months, g_array_unref);
  g_clear_pointer (&dashboard->exports, g_ptr_array_unref);
  g_clear_object (&dashboard->purposes);
  g_clear_pointer (&dashboard->actions, g_strfreev);
  g_clear_pointer (&dashboard->actors, g_strfreev);
  g_free (dashboard);
}

/* What a thread needs to open its own connection, as the window's user. */
typedef struct
{
  char   *path;
  char   *actor;
  char   *action;
  char   *filter_actor;
  gint64  before;
  GFile  *file;
} Job;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_free (job->actor);
  g_free (job->action);
  g_free (job->filter_actor);
  g_clear_object (&job->file);
  g_free (job);
}

static Job *
job_new (CltConsentPage *self)
{
  CltWorkspace *workspace = clt_page_get_workspace (CLT_PAGE (self));
  Job *job = g_new0 (Job, 1);

  job->path = g_strdup (clt_workspace_get_path (workspace));
  job->actor = g_strdup (clt_workspace_get_actor (workspace));

  return job;
}

static void
show_toast (CltConsentPage *self,
            AdwToast       *toast)
{
  clt_window_show_toast (GTK_WIDGET (self), toast);
}

static void
show_error (CltConsentPage *self,
            const GError   *error)
{
  show_toast (self, adw_toast_new (error->message));
}

/* After a change that touched customers, every page shows it. */
static void
reload_all (CltConsentPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (CLT_IS_WINDOW (root))
    clt_window_reload (CLT_WINDOW (root));
  else
    clt_page_reload (CLT_PAGE (self));
}

static void
remove_rows (AdwPreferencesGroup *group,
             GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static char *
format_time (const char *iso)
{
  g_autoptr(GDateTime) time = clt_format_parse_time (iso);
  g_autoptr(GDateTime) local = time ? g_date_time_to_local (time) : NULL;

  return local ? clt_format_date_time (local) : g_strdup (iso ? iso : "");
}

/* ---- audit log labels ---- */

static const char *
action_label (const char *action)
{
  static const struct { const char *id; const char *label; } labels[] = {
    { "import", N_("Import") },
    { "undo-import", N_("Import undone") },
    { "resolve", N_("Duplicates found") },
    { "merge-profiles", N_("Customers merged") },
    { "split-profile", N_("Customer split") },
    { "undo-merge-profiles", N_("Merge undone") },
    { "undo-split-profile", N_("Split undone") },
    { "pin-value", N_("Value chosen by hand") },
    { "unpin-value", N_("Value left to the rule") },
    { "not-same", N_("Marked as different people") },
    { "set-match-thresholds", N_("Duplicate thresholds changed") },
    { "set-source-priority", N_("Source priority changed") },
    { "segment-save", N_("Segment saved") },
    { "segment-rename", N_("Segment renamed") },
    { "segment-duplicate", N_("Segment duplicated") },
    { "segment-delete", N_("Segment deleted") },
    { "segment-undelete", N_("Segment restored") },
    { "segment-freeze", N_("Segment frozen") },
    { "segment-look", N_("Segment looked at") },
    { "segment-add-members", N_("Customers added to a list") },
    { "segment-remove-members", N_("Customers removed from a list") },
    { "consent-change", N_("Consent recorded") },
    { "export", N_("Export") },
    { "erase", N_("Erasure") },
    { "retention-erase", N_("Erased after retention") },
    { "retention-remove", N_("Data removed after retention") },
    { "reapply-erasure", N_("Erasure made again in a restored copy") },
    { "reapply-erasures", N_("Erasures made again in a restored copy") },
    { "invalidate-notice", N_("Notice invalidated") },
    { "restriction", N_("Processing restricted") },
    { "objection", N_("Objection to direct marketing") },
    { "lift-restriction", N_("Restriction lifted") },
    { "assert-existing-customer", N_("Existing-customer basis recorded") },
    { "open-request", N_("Subject request received") },
    { "complete-request", N_("Subject request completed") },
    { "refuse-request", N_("Subject request refused") },
    { "extend-request", N_("Subject request extended") },
    { "access-report", N_("Personal data exported") },
    { "add-retention-rule", N_("Retention rule added") },
    { "approve-retention", N_("Deletions approved") },
    { "retention-purge", N_("Approved deletions run") },
    { "change-setting", N_("Setting changed") },
    { "save-purpose", N_("Purpose saved") },
    { "add-purpose", N_("Purpose added") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (action, labels[i].id) == 0)
      return _(labels[i].label);

  return action;
}

static char *
object_label (const CltAuditEntry *entry)
{
  const char *kind = entry->object_kind;
  long long id = entry->object_id;

  if (kind == NULL || (id == 0 && !g_str_equal (kind, "purpose")))
    return NULL;
  if (g_str_equal (kind, "profile"))
    /* Translators: the object of an audit entry, by number */
    return g_strdup_printf (_("Customer %lld"), id);
  if (g_str_equal (kind, "import_batch"))
    return g_strdup_printf (_("Import %lld"), id);
  if (g_str_equal (kind, "segment"))
    return g_strdup_printf (_("Segment %lld"), id);
  if (g_str_equal (kind, "restriction"))
    return g_strdup_printf (_("Restriction %lld"), id);
  if (g_str_equal (kind, "subject_request"))
    return g_strdup_printf (_("Request %lld"), id);
  if (g_str_equal (kind, "export"))
    return g_strdup_printf (_("Export %lld"), id);
  if (g_str_equal (kind, "consent_event"))
    return g_strdup_printf (_("Consent event %lld"), id);
  if (g_str_equal (kind, "record"))
    return g_strdup_printf (_("Record %lld"), id);
  if (g_str_equal (kind, "purpose"))
    return g_strdup (_("Purpose"));

  return g_strdup_printf ("%s %lld", kind, id);
}

/* ---- the audit log, a page at a time ---- */

static void
audit_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  if (!(workspace = clt_workspace_open (job->path, &error)) ||
      !(entries = clt_workspace_list_audit (workspace, job->action, job->filter_actor, job->before, AUDIT_PAGE, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, entries, (GDestroyNotify) g_ptr_array_unref);
}

static GtkWidget *
audit_row (const CltAuditEntry *entry)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = format_time (entry->at);
  g_autofree char *object = object_label (entry);
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), action_label (entry->action));
  subtitle = object ? g_strjoin (" · ", entry->actor, when, object, NULL) : g_strjoin (" · ", entry->actor, when, NULL);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (entry->detail && entry->detail[0])
    gtk_widget_set_tooltip_text (row, entry->detail);
  {
    g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, entry->id);
    GtkWidget *label = gtk_label_new (number);

    gtk_widget_add_css_class (label, "dim-label");
    gtk_widget_add_css_class (label, "numeric");
    gtk_widget_add_css_class (label, "caption");
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  }
  g_object_set_data (G_OBJECT (row), "entry-id", GSIZE_TO_POINTER (entry->id));

  return row;
}

static void
audit_listed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CltConsentPage) self = user_data;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_clear_object (&self->audit_cancellable);
  if (entries == NULL)
    {
      show_error (self, error);
      return;
    }

  /* The entries go above the button that reads more. */
  g_object_ref (self->more_row);
  adw_preferences_group_remove (self->audit_entries_group, self->more_row);
  for (guint i = 0; i < entries->len; i++)
    {
      GtkWidget *row = audit_row (g_ptr_array_index (entries, i));

      adw_preferences_group_add (self->audit_entries_group, row);
      g_ptr_array_add (self->audit_rows, row);
    }
  if (self->audit_rows->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No entries"));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (self->audit_entries_group, row);
      g_ptr_array_add (self->audit_rows, row);
    }
  adw_preferences_group_add (self->audit_entries_group, self->more_row);
  g_object_unref (self->more_row);

  if (entries->len > 0)
    self->audit_before = ((CltAuditEntry *) g_ptr_array_index (entries, entries->len - 1))->id;
  gtk_widget_set_visible (self->more_row, entries->len == AUDIT_PAGE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "consent.more-audit", entries->len == AUDIT_PAGE);
}

static void
load_audit_page (CltConsentPage *self,
                 gboolean        from_start)
{
  g_autoptr(GTask) task = NULL;
  Job *job;
  guint action = adw_combo_row_get_selected (self->action_filter);
  guint actor = adw_combo_row_get_selected (self->actor_filter);

  if (clt_page_get_workspace (CLT_PAGE (self)) == NULL)
    return;

  g_cancellable_cancel (self->audit_cancellable);
  g_clear_object (&self->audit_cancellable);
  if (from_start)
    {
      remove_rows (self->audit_entries_group, self->audit_rows);
      self->audit_before = 0;
    }

  job = job_new (self);
  if (self->actions && action != GTK_INVALID_LIST_POSITION && action > 0 && action <= g_strv_length (self->actions))
    job->action = g_strdup (self->actions[action - 1]);
  if (self->actors && actor != GTK_INVALID_LIST_POSITION && actor > 0 && actor <= g_strv_length (self->actors))
    job->filter_actor = g_strdup (self->actors[actor - 1]);
  job->before = self->audit_before;

  self->audit_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->audit_cancellable, audit_listed_cb, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, audit_thread);
}

static void
audit_filter_changed_cb (CltConsentPage *self)
{
  if (!self->filling_filters)
    load_audit_page (self, TRUE);
}

static void
more_audit_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  load_audit_page (CLT_CONSENT_PAGE (widget), FALSE);
}

/* Keeps the choice across reloads, where it is still there. */
static void
fill_filter (CltConsentPage  *self,
             AdwComboRow     *row,
             GStrv           *choices,
             GStrv            values,
             const char      *all,
             gboolean         labels)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  guint selected = adw_combo_row_get_selected (row);
  g_autofree char *previous = NULL;
  guint position = 0;

  if (*choices && selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected <= g_strv_length (*choices))
    previous = g_strdup ((*choices)[selected - 1]);

  gtk_string_list_append (model, all);
  for (guint i = 0; values && values[i]; i++)
    {
      gtk_string_list_append (model, labels ? action_label (values[i]) : values[i]);
      if (g_strcmp0 (previous, values[i]) == 0)
        position = i + 1;
    }

  g_strfreev (*choices);
  *choices = g_strdupv (values);
  adw_combo_row_set_model (row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (row, position);
}

/* ---- verifying the chain ---- */

typedef struct
{
  gint64 bad;
  gint64 checked;
} Verified;

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(CltWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  Verified *verified = g_new0 (Verified, 1);

  if (!(workspace = clt_workspace_open (job->path, &error)) ||
      (verified->bad = clt_workspace_verify_audit (workspace, &verified->checked, &error)) < 0)
    {
      g_free (verified);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, verified, g_free);
}

static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CltConsentPage) self = user_data;
  g_autofree Verified *verified = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->verify_spinner), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "consent.verify", TRUE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->verify_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->verify_icon), "error");

  if (!(verified = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      adw_action_row_set_subtitle (self->verify_row, error->message);
      return;
    }

  if (verified->bad == 0)
    {
      g_autofree char *count = clt_format_count (verified->checked);

      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Intact: %s entry checked, none changed",
                                               "Intact: %s entries checked, none changed", verified->checked), count);
      gtk_image_set_from_icon_name (self->verify_icon, "security-high-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->verify_icon), "success");
    }
  else
    {
      /* Translators: %lld is the number of the audit entry that fails the check */
      subtitle = g_strdup_printf (_("Broken at entry %lld: it was changed, or an entry before it removed. "
                                    "The entries before it are intact."), (long long) verified->bad);
      gtk_image_set_from_icon_name (self->verify_icon, "security-low-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->verify_icon), "error");
    }
  adw_action_row_set_subtitle (self->verify_row, subtitle);
  gtk_accessible_announce (GTK_ACCESSIBLE (self->verify_row), subtitle, GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
}

static void
verify_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  CltConsentPage *self = CLT_CONSENT_PAGE (widget);
  g_autoptr(GTask) task = NULL;

  if (clt_page_get_workspace (CLT_PAGE (self)) == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->verify_spinner), TRUE);
  gtk_widget_action_set_enabled (widget, "consent.verify", FALSE);
  adw_action_row_set_subtitle (self->verify_row, _("Checking…"));
  task = g_task_new (NULL, NULL, verified_cb, g_object_ref (self));
  g_task_set_task_data (task, job_new (self), (GDestroyNotify) job_free);
  g_task_run_in_thread (task, verify_thread);
}

/* ---- the deletions due ---- */

static void
deletions_changed_cb (CltConsentPage *self)
{
  /* A purge changes what every page shows. */
  reload_all (self);
}

static void
deletions_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  CltConsentPage *self = CLT_CONSENT_PAGE (widget);
  CltWorkspace *workspace = clt_page_get_workspace (CLT_PAGE (self));
  CltDeletionsDialog *dialog;

  if (workspace == NULL)
    return;

  dialog = clt_deletions_dialog_new (workspace);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (deletions_changed_cb), self, G_CONNECT_SWAPPED);
  adw_dialog_present (ADW_DIALOG (dialog), widget);
}

/* ---- the register of processing ---- */

static void
register_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(CltConsentLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;

  if (!(ledger = clt_consent_ledger_open (job->path, job->actor, &error)) ||
      !(html = clt_consent_ledger_dup_register_html (ledger, &error)) ||
      !g_file_replace_contents (job->file, html, strlen (html), NULL, FALSE, G_FILE_CREATE_NONE, NULL, cancellable,
                                &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
register_opened_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gtk_file_launcher_launch_finish (GTK_FILE_LAUNCHER (object), result, &error) &&
      !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
    g_warning ("Could not open the register: %s", error->message);
}

static void
open_register_cb (AdwToast       *toast,
                  CltConsentPage *self)
{
  g_autoptr(GtkFileLauncher) launcher = gtk_file_launcher_new (g_object_get_data (G_OBJECT (toast), "file"));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_file_launcher_launch (launcher, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, register_opened_cb, NULL);
}

static void
register_written_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CltConsentPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Job *job = g_task_get_task_data (G_TASK (result));
  AdwToast *toast;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_error (self, error);
      return;
    }

  toast = adw_toast_new (_("Register of processing saved"));
  adw_toast_set_button_label (toast, _("_Open"));
  g_object_set_data_full (G_OBJECT (toast), "file", g_object_ref (job->file), g_object_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (open_register_cb), self, 0);
  show_toast (self, toast);
}

/**
 * clt_consent_page_export_register_to:
 * @file: the HTML file to write
 *
 * Writes the register of processing (Art. 30) to @file in a thread, as the export button does
 * after its file chooser, and says so in a toast.
 */
void
clt_consent_page_export_register_to (CltConsentPage *self,
                                     GFile          *file)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (CLT_IS_CONSENT_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (clt_page_get_workspace (CLT_PAGE (self)) == NULL)
    return;

  job = job_new (self);
  job->file = g_object_ref (file);
  task = g_task_new (NULL, NULL, register_written_cb, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, register_thread);
}

static void
register_chosen_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CltConsentPage) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (!(file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, &error)))
    {
      if (!g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
        show_error (self, error);
      return;
    }

  clt_consent_page_export_register_to (self, file);
}

static void
export_register_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  GtkRoot *root = gtk_widget_get_root (widget);

  gtk_file_filter_set_name (filter, _("Web Pages"));
  gtk_file_filter_add_mime_type (filter, "text/html");
  g_list_store_append (filters, filter);
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_title (dialog, _("Export Register of Processing"));
  /* Translators: the file name the register of processing is saved under; keep the .html */
  gtk_file_dialog_set_initial_name (dialog, _("register-of-processing.html"));
  gtk_file_dialog_save (dialog, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL, register_chosen_cb,
                        g_object_ref (widget));
}

/* ---- purposes ---- */

static void
purpose_saved_cb (CltConsentPage *self)
{
  show_toast (self, adw_toast_new (_("Purpose saved")));
  clt_page_reload (CLT_PAGE (self));
}

/* The dialog of @purpose, or of a new one for %NULL. */
static void
show_purpose_dialog (CltConsentPage *self,
                     CltPurpose     *purpose)
{
  CltWorkspace *workspace = clt_page_get_workspace (CLT_PAGE (self));
  CltPurposeDialog *dialog;

  if (workspace == NULL)
    return;

  dialog = clt_purpose_dialog_new (workspace, purpose);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (purpose_saved_cb), self, G_CONNECT_SWAPPED);
  adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (self));
}

static void
purpose_activated_cb (AdwActionRow   *row,
                      CltConsentPage *self)
{
  show_purpose_dialog (self, g_object_get_data (G_OBJECT (row), "purpose"));
}

static void
add_purpose_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  show_purpose_dialog (CLT_CONSENT_PAGE (widget), NULL);
}

/* ---- subject requests ---- */

static void
requests_changed_cb (CltConsentPage *self)
{
  /* An erasure or restriction answering a request changes what every page shows. */
  reload_all (self);
}

static void
requests_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  CltConsentPage *self = CLT_CONSENT_PAGE (widget);
  CltWorkspace *workspace = clt_page_get_workspace (CLT_PAGE (self));
  CltRequestsDialog *dialog;

  if (workspace == NULL)
    return;

  dialog = clt_requests_dialog_new (workspace);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (requests_changed_cb), self, G_CONNECT_SWAPPED);
  adw_dialog_present (ADW_DIALOG (dialog), widget);
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

static void
fill_purposes (CltConsentPage *self,
               GListModel     *purposes)
{
  remove_rows (self->purposes_group, self->purpose_rows);
  /* The purposes go above the row that adds one. */
  g_object_ref (self->add_purpose_row);
  adw_preferences_group_remove (self->purposes_group, self->add_purpose_row);

  for (guint i = 0; i < g_list_model_get_n_items (purposes); i++)
    {
      g_autoptr(CltPurpose) purpose = g_list_model_get_item (purposes, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *retention = NULL;
      g_autofree char *subtitle = NULL;
      guint months = clt_purpose_get_retention_months (purpose);

      if (months > 0)
        /* Translators: how long a purpose's data is kept */
        retention = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "kept %u month", "kept %u months", months), months);
      else
        retention = g_strdup (_("no retention rule"));
      subtitle = g_strjoin (" · ", clt_purpose_get_legal_basis_label (purpose),
                            channel_label (clt_purpose_get_channel (purpose)), retention, NULL);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), clt_purpose_get_display_label (purpose));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_name (row, clt_purpose_get_key (purpose));
      g_object_set_data_full (G_OBJECT (row), "purpose", g_object_ref (purpose), g_object_unref);
      g_signal_connect_object (row, "activated", G_CALLBACK (purpose_activated_cb), self, 0);
      adw_preferences_group_add (self->purposes_group, row);
      g_ptr_array_add (self->purpose_rows, row);
    }
  adw_preferences_group_add (self->purposes_group, self->add_purpose_row);
  g_object_unref (self->add_purpose_row);
}

/* ---- the dashboard ---- */

static void
dashboard_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(CltConsentLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  Dashboard *dashboard = g_new0 (Dashboard, 1);
  CltWorkspace *workspace;

  dashboard->coverage = g_ptr_array_new_with_free_func ((GDestroyNotify) coverage_free);
  if (!(ledger = clt_consent_ledger_open (job->path, job->actor, &error)))
    goto fail;
  workspace = clt_consent_ledger_get_workspace (ledger);

  /* The deletions retention makes due, found as the panel is looked at. */
  if (clt_consent_ledger_find_due (ledger, now, &error) < 0)
    goto fail;

  if (!(dashboard->purposes = clt_consent_ledger_list_purposes (ledger, &error)))
    goto fail;
  for (guint i = 0; i < g_list_model_get_n_items (dashboard->purposes); i++)
    {
      g_autoptr(CltPurpose) purpose = g_list_model_get_item (dashboard->purposes, i);
      g_autoptr(CltEligibility) eligibility = NULL;
      Coverage *coverage;

      if (g_task_return_error_if_cancelled (task))
        {
          dashboard_free (dashboard);
          return;
        }
      if (!clt_purpose_get_marketing (purpose))
        continue;
      if (!(eligibility = clt_consent_ledger_check (ledger, clt_purpose_get_key (purpose), NULL, 0, &error)))
        goto fail;
      coverage = g_new0 (Coverage, 1);
      coverage->key = g_strdup (clt_purpose_get_key (purpose));
      coverage->label = g_strdup (clt_purpose_get_display_label (purpose));
      coverage->n_eligible = clt_eligibility_get_n_eligible (eligibility);
      coverage->n_weak_proof = clt_eligibility_get_n_weak_proof (eligibility);
      coverage->n_stale = clt_eligibility_get_n_stale (eligibility);
      coverage->n_excluded = clt_eligibility_get_n_excluded_total (eligibility);
      coverage->n_candidates = clt_eligibility_get_n_candidates (eligibility);
      g_ptr_array_add (dashboard->coverage, coverage);
      if (g_str_equal (coverage->key, "email_marketing"))
        dashboard->n_weak_proof = coverage->n_weak_proof + clt_eligibility_get_n_excluded (eligibility, CLT_EXCLUSION_WEAK_PROOF);
    }

  if (!(dashboard->months = clt_consent_ledger_count_by_month (ledger, NULL, &error)) ||
      !(dashboard->exports = clt_consent_ledger_list_exports (ledger, EXPORTS_SHOWN, &error)) ||
      !clt_consent_ledger_count_requests (ledger, now, &dashboard->n_open, &dashboard->n_overdue, &error) ||
      !clt_consent_ledger_count_due (ledger, &dashboard->n_pending, &dashboard->n_approved, &error) ||
      !(dashboard->actions = clt_workspace_dup_audit_actions (workspace, &error)) ||
      !(dashboard->actors = clt_workspace_dup_audit_actors (workspace, &error)))
    goto fail;

  g_task_return_pointer (task, dashboard, (GDestroyNotify) dashboard_free);
  return;

fail:
  dashboard_free (dashboard);
  g_task_return_error (task, g_steal_pointer (&error));
}

static GtkWidget *
coverage_row (const Coverage *coverage)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title = gtk_label_new (coverage->label);
  GtkWidget *summary = gtk_label_new (NULL);
  GtkWidget *bar = clt_coverage_bar_new ();
  GtkWidget *details = gtk_label_new (NULL);
  g_autofree char *eligible = clt_format_count (coverage->n_eligible);
  g_autofree char *candidates = clt_format_count (coverage->n_candidates);
  g_autofree char *weak = clt_format_count (coverage->n_weak_proof);
  g_autofree char *stale = clt_format_count (coverage->n_stale);
  g_autofree char *excluded = clt_format_count (coverage->n_excluded);
  g_autofree char *summary_text = NULL;
  g_autofree char *details_text = NULL;

  /* Translators: "1,204 of 2,000 may be contacted" */
  summary_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s may be contacted", "%s of %s may be contacted",
                                               coverage->n_candidates), eligible, candidates);
  /* Translators: the parts of a purpose's coverage: "35 weak proof · 12 stale · 300 excluded" */
  details_text = g_strdup_printf (_("%s weak proof · %s stale · %s excluded"), weak, stale, excluded);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_label (GTK_LABEL (summary), summary_text);
  gtk_label_set_xalign (GTK_LABEL (summary), 1);
  gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
  gtk_widget_add_css_class (summary, "numeric");
  gtk_widget_add_css_class (summary, "coverage-summary");
  gtk_box_append (GTK_BOX (top), title);
  gtk_box_append (GTK_BOX (top), summary);

  clt_coverage_bar_set_counts (CLT_COVERAGE_BAR (bar), coverage->n_eligible, coverage->n_weak_proof, coverage->n_stale,
                               coverage->n_excluded);
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, coverage->label, -1);

  gtk_label_set_label (GTK_LABEL (details), details_text);
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_wrap (GTK_LABEL (details), TRUE);
  gtk_widget_add_css_class (details, "dim-label");
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_add_css_class (details, "numeric");
  gtk_widget_add_css_class (details, "coverage-details");

  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), details);
  gtk_widget_add_css_class (box, "coverage-row");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), coverage->label);
  {
    g_autofree char *name = g_strconcat ("coverage-", coverage->key, NULL);

    gtk_widget_set_name (row, name);
  }
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL, -1);

  return row;
}

static void
fill_exports (CltConsentPage *self,
              GPtrArray      *exports)
{
  remove_rows (self->exports_group, self->export_rows);

  for (guint i = 0; i < exports->len; i++)
    {
      const CltExportSummary *export = g_ptr_array_index (exports, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *when = format_time (export->created_at);
      g_autofree char *count = clt_format_count (export->row_count);
      g_autofree char *excluded = clt_format_count (export->excluded);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      /* Translators: an export: its purpose and segment, "E-mail marketing · Stammkunden" */
      title = g_strdup_printf (_("%s · %s"), _(export->purpose_label), export->segment ? export->segment : _("no segment"));
      /* Translators: an export's size, who made it and when: "1,204 people, 300 left out · Dana · 12.03.2025 14:00" */
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s person, %s left out · %s · %s",
                                               "%s people, %s left out · %s · %s", export->row_count),
                                  count, excluded, export->actor, when);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      gtk_widget_set_tooltip_text (row, export->file_name);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("document-send-symbolic"));
      adw_preferences_group_add (self->exports_group, row);
      g_ptr_array_add (self->export_rows, row);
    }

  if (exports->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No exports yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Exports of segments appear here with their purpose and counts."));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (self->exports_group, row);
      g_ptr_array_add (self->export_rows, row);
    }
}

static void
fill_todo (CltConsentPage  *self,
           const Dashboard *dashboard)
{
  g_autofree char *open = clt_format_count (dashboard->n_open);
  g_autofree char *overdue = clt_format_count (dashboard->n_overdue);
  g_autofree char *pending = clt_format_count (dashboard->n_pending);
  g_autofree char *approved = clt_format_count (dashboard->n_approved);
  g_autofree char *weak = clt_format_count (dashboard->n_weak_proof);
  g_autofree char *requests = NULL;
  g_autofree char *deletions = NULL;
  g_autofree char *weak_text = NULL;

  if (dashboard->n_open == 0)
    requests = g_strdup (_("None open"));
  else
    /* Translators: "3 open, 1 overdue" (a request is due a month after it came in) */
    requests = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s open, %s overdue", "%s open, %s overdue",
                                             dashboard->n_open), open, overdue);
  adw_action_row_set_subtitle (self->requests_row, requests);
  if (dashboard->n_overdue > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->requests_row), "needs-attention");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->requests_row), "needs-attention");

  if (dashboard->n_pending + dashboard->n_approved == 0)
    deletions = g_strdup (_("None due under the retention rules"));
  else
    /* Translators: "5 await approval · 3 approved, to be run by a purge" */
    deletions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s awaits approval · %s approved, to be run by a purge",
                                              "%s await approval · %s approved, to be run by a purge",
                                              dashboard->n_pending), pending, approved);
  adw_action_row_set_subtitle (self->deletions_row, deletions);

  if (dashboard->n_weak_proof == 0)
    weak_text = g_strdup (_("Every e-mail consent has double opt-in proof"));
  else
    weak_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s e-mail consent has no double opt-in proof",
                                              "%s e-mail consents have no double opt-in proof", dashboard->n_weak_proof),
                                 weak);
  adw_action_row_set_subtitle (self->weak_row, weak_text);
}

static void
dashboard_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CltConsentPage) self = user_data;
  Dashboard *dashboard;
  g_autoptr(GError) error = NULL;

  dashboard = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      g_clear_pointer (&dashboard, dashboard_free);
      return;
    }
  self->loading = FALSE;
  if (dashboard == NULL)
    {
      g_warning ("Could not read the consent panel: %s", error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  remove_rows (self->coverage_group, self->coverage_rows);
  for (guint i = 0; i < dashboard->coverage->len; i++)
    {
      GtkWidget *row = coverage_row (g_ptr_array_index (dashboard->coverage, i));

      adw_preferences_group_add (self->coverage_group, row);
      g_ptr_array_add (self->coverage_rows, row);
    }

  clt_consent_chart_set_months (self->chart, dashboard->months);
  gtk_stack_set_visible_child_name (self->chart_stack, dashboard->months->len > 0 ? "chart" : "none");
  fill_todo (self, dashboard);
  fill_exports (self, dashboard->exports);
  fill_purposes (self, dashboard->purposes);

  self->filling_filters = TRUE;
  fill_filter (self, self->action_filter, &self->actions, dashboard->actions, _("All Actions"), TRUE);
  fill_filter (self, self->actor_filter, &self->actors, dashboard->actors, _("Everyone"), FALSE);
  self->filling_filters = FALSE;
  load_audit_page (self, TRUE);

  gtk_stack_set_visible_child_name (self->stack, "panel");
  dashboard_free (dashboard);
}

static void
clt_consent_page_reload (CltPage *page)
{
  CltConsentPage *self = CLT_CONSENT_PAGE (page);
  CltWorkspace *workspace = clt_page_get_workspace (page);
  g_autoptr(GTask) task = NULL;
  gint64 n_profiles, n_events;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->loading = FALSE;

  n_profiles = workspace ? clt_page_get_count (page, "profiles") : 0;
  n_events = workspace ? clt_page_get_count (page, "consent_events") : 0;
  /* The window counts first; the panel follows the counts. */
  if (n_profiles < 0 || n_events < 0)
    {
      if (!g_str_equal (gtk_stack_get_visible_child_name (self->stack), "panel"))
        gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }
  if (n_profiles == 0 && n_events == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  if (!g_str_equal (gtk_stack_get_visible_child_name (self->stack), "panel"))
    gtk_stack_set_visible_child_name (self->stack, "loading");
  self->loading = TRUE;
  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, dashboard_loaded_cb, g_object_ref (self));
  g_task_set_task_data (task, job_new (self), (GDestroyNotify) job_free);
  g_task_run_in_thread (task, dashboard_thread);
}

static void
clt_consent_page_dispose (GObject *object)
{
  CltConsentPage *self = CLT_CONSENT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->audit_cancellable);
  g_clear_object (&self->audit_cancellable);
  g_clear_pointer (&self->coverage_rows, g_ptr_array_unref);
  g_clear_pointer (&self->export_rows, g_ptr_array_unref);
  g_clear_pointer (&self->purpose_rows, g_ptr_array_unref);
  g_clear_pointer (&self->audit_rows, g_ptr_array_unref);
  g_clear_pointer (&self->actions, g_strfreev);
  g_clear_pointer (&self->actors, g_strfreev);

  G_OBJECT_CLASS (clt_consent_page_parent_class)->dispose (object);
}

static void
clt_consent_page_class_init (CltConsentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  CltPageClass *page_class = CLT_PAGE_CLASS (klass);

  object_class->dispose = clt_consent_page_dispose;
  page_class->reload = clt_consent_page_reload;

  g_type_ensure (CLT_TYPE_CONSENT_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "ui/clt-consent-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CltConsentPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CltConsentPage, coverage_group);
  gtk_widget_class_bind_template_child (widget_class, CltConsentPage, legend);
  gtk_widget_class_bind_template_child (widget_class, CltConsentPage, requests_row);
  gtk_widget_class_bind_template_child (widget_class, CltConsentPage, deletions_row);
  gtk_widget_class_bind_template_child (widget_class, CltConsentPage, weak_row);
  gtk_widget_class_bind_template_child (widget_class, CltConsentPage, chart_stack);
  gtk_widget_class_bind_template_child (widget_class, CltConsentPage, chart);
  gtk_widget_class_bind_template_child (widget_class, CltConsentPage, exports_group);
  gtk_widget_class_bind_template_child (widget_class, CltConsentPage, purposes_group);
  gtk_widget_class_bind_template_child (widget_class, CltConsentPage, add_purpose_row);
  gtk_widget_class_bind_template_child (widget_class, CltConsentPage, verify_row);
  gtk_widget_class_bind_template_child (widget_class, CltConsentPage, verify_icon);
  gtk_widget_class_bind_template_child (widget_class, CltConsentPage, verify_spinner);
  gtk_widget_class_bind_template_child (widget_class, CltConsentPage, action_filter);
  gtk_widget_class_bind_template_child (widget_class, CltConsentPage, actor_filter);
  gtk_widget_class_bind_template_child (widget_class, CltConsentPage, audit_entries_group);
  gtk_widget_class_bind_template_child (widget_class, CltConsentPage, more_row);
  gtk_widget_class_bind_template_callback (widget_class, audit_filter_changed_cb);

  gtk_widget_class_install_action (widget_class, "consent.deletions", NULL, deletions_cb);
  gtk_widget_class_install_action (widget_class, "consent.verify", NULL, verify_cb);
  gtk_widget_class_install_action (widget_class, "consent.export-register", NULL, export_register_cb);
  gtk_widget_class_install_action (widget_class, "consent.more-audit", NULL, more_audit_cb);
  gtk_widget_class_install_action (widget_class, "consent.requests", NULL, requests_cb);
  gtk_widget_class_install_action (widget_class, "consent.add-purpose", NULL, add_purpose_cb);
}

static void
add_legend (CltConsentPage  *self,
            CltCoverageKind  kind,
            const char      *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), clt_coverage_bar_new_swatch (kind));
  gtk_box_append (GTK_BOX (box), label);
  adw_wrap_box_append (self->legend, box);
}

static void
clt_consent_page_init (CltConsentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->coverage_rows = g_ptr_array_new ();
  self->export_rows = g_ptr_array_new ();
  self->purpose_rows = g_ptr_array_new ();
  self->audit_rows = g_ptr_array_new ();

  add_legend (self, CLT_COVERAGE_FINE, _("May be contacted"));
  add_legend (self, CLT_COVERAGE_WEAK_PROOF, _("Weak proof"));
  add_legend (self, CLT_COVERAGE_STALE, _("Stale"));
  add_legend (self, CLT_COVERAGE_EXCLUDED, _("Excluded"));

}

/**
 * clt_consent_page_get_loading:
 *
 * Returns: whether the panel is being read
 */
gboolean
clt_consent_page_get_loading (CltConsentPage *self)
{
  g_return_val_if_fail (CLT_IS_CONSENT_PAGE (self), FALSE);

  return self->loading || self->audit_cancellable != NULL;
}
