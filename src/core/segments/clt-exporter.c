/* clt-exporter.c: an audience leaves the workspace, only as far as its purpose allows
 *
 * An export names its purpose. Its candidates are a saved segment's members, chosen profiles
 * or everyone; the consent ledger keeps those with a valid basis for the purpose and its
 * channel now, never a suppressed identifier, and says why it left out the others. Each
 * recipient is written with the identifier the basis belongs to (the address that consented,
 * not another address of the same person). The file is written beside its destination and
 * moved there when complete; then the ledger records the export (segment version, purpose,
 * counts, the basis per recipient, the file's hash). Work runs on a workspace connection of
 * its own, so it can run in a worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-exporter"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-exporter.h"
#include "clt-segment-store.h"
#include "clt-workspace-private.h"

struct _CltExporter
{
  GObject          parent_instance;

  char            *workspace_path;
  gint64           segment_id;
  GArray          *profile_ids;
  char            *purpose;
  CltExportFormat  format;
  GStrv            columns;
  char            *actor;

  /* written by the worker, read anywhere */
  gint             fraction_permille;
  /* where a run started by clt_exporter_run_async() notifies its progress */
  GMainContext    *context;
};

G_DEFINE_FINAL_TYPE (CltExporter, clt_exporter, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FRACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clt_exporter_finalize (GObject *object)
{
  CltExporter *self = CLT_EXPORTER (object);

  g_free (self->workspace_path);
  g_clear_pointer (&self->profile_ids, g_array_unref);
  g_free (self->purpose);
  g_strfreev (self->columns);
  g_free (self->actor);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (clt_exporter_parent_class)->finalize (object);
}

static void
clt_exporter_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CltExporter *self = CLT_EXPORTER (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, clt_exporter_get_fraction (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_exporter_class_init (CltExporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = clt_exporter_finalize;
  object_class->get_property = clt_exporter_get_property;

  /**
   * CltExporter:fraction:
   *
   * How much of the file is written, 0 to 1; notified in the thread that started an
   * asynchronous run (in its thread-default context), or right away in a synchronous one.
   */
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clt_exporter_init (CltExporter *self)
{
  self->purpose = g_strdup ("email_marketing");
  self->format = CLT_EXPORT_FORMAT_CSV;
}

CltExporter *
clt_exporter_new (const char *workspace_path)
{
  CltExporter *self;

  g_return_val_if_fail (workspace_path != NULL, NULL);

  self = g_object_new (CLT_TYPE_EXPORTER, NULL);
  self->workspace_path = g_strdup (workspace_path);

  return self;
}

/* Exports the members of saved segment @segment_id. */
void
clt_exporter_set_segment (CltExporter *self,
                          gint64       segment_id)
{
  g_return_if_fail (CLT_IS_EXPORTER (self));

  self->segment_id = segment_id;
  g_clear_pointer (&self->profile_ids, g_array_unref);
}

/**
 * clt_exporter_set_profiles:
 * @profile_ids: (array length=n_profile_ids) (nullable): the candidates; %NULL for everyone
 */
void
clt_exporter_set_profiles (CltExporter  *self,
                           const gint64 *profile_ids,
                           gsize         n_profile_ids)
{
  g_return_if_fail (CLT_IS_EXPORTER (self));

  self->segment_id = 0;
  g_clear_pointer (&self->profile_ids, g_array_unref);
  if (profile_ids)
    {
      self->profile_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_profile_ids);
      g_array_append_vals (self->profile_ids, profile_ids, n_profile_ids);
    }
}

void
clt_exporter_set_purpose (CltExporter *self,
                          const char  *purpose)
{
  g_return_if_fail (CLT_IS_EXPORTER (self));
  g_return_if_fail (purpose != NULL);

  g_free (self->purpose);
  self->purpose = g_strdup (purpose);
}

void
clt_exporter_set_format (CltExporter     *self,
                         CltExportFormat  format)
{
  g_return_if_fail (CLT_IS_EXPORTER (self));

  self->format = format;
}

/* The columns of a plain CSV export (see clt_export_list_columns()). */
void
clt_exporter_set_columns (CltExporter        *self,
                          const char * const *columns)
{
  g_return_if_fail (CLT_IS_EXPORTER (self));

  g_strfreev (self->columns);
  self->columns = g_strdupv ((char **) columns);
}

void
clt_exporter_set_actor (CltExporter *self,
                        const char  *actor)
{
  g_return_if_fail (CLT_IS_EXPORTER (self));

  g_free (self->actor);
  self->actor = g_strdup (actor);
}

double
clt_exporter_get_fraction (CltExporter *self)
{
  g_return_val_if_fail (CLT_IS_EXPORTER (self), 0);

  return g_atomic_int_get (&self->fraction_permille) / 1000.0;
}

static gboolean
notify_fraction_cb (gpointer data)
{
  g_object_notify_by_pspec (data, properties[PROP_FRACTION]);

  return G_SOURCE_REMOVE;
}

static void
set_fraction (CltExporter *self,
              double       fraction)
{
  gint permille = (gint) (CLAMP (fraction, 0, 1) * 1000);

  if (g_atomic_int_get (&self->fraction_permille) == permille)
    return;
  g_atomic_int_set (&self->fraction_permille, permille);
  if (self->context != NULL)
    _clt_context_post (self->context, notify_fraction_cb, g_object_ref (self), g_object_unref);
  else
    notify_fraction_cb (self);
}

/* The check on @workspace: who of the candidates may be used for the purpose. */
static CltEligibility *
check (CltExporter       *self,
       CltWorkspace      *workspace,
       CltConsentLedger  *ledger,
       GError           **error)
{
  g_autoptr(GArray) members = NULL;
  GArray *ids = self->profile_ids;

  if (self->segment_id > 0)
    {
      if (!(members = clt_segment_store_list_members (workspace, self->segment_id, error)))
        return NULL;
      ids = members;
    }

  /* An empty segment has no candidates; NULL would mean everyone. */
  if (ids != NULL && ids->len == 0)
    return clt_consent_ledger_check (ledger, self->purpose, (const gint64[]) { 0 }, 0, error);

  return clt_consent_ledger_check (ledger, self->purpose, ids ? (const gint64 *) ids->data : NULL, ids ? ids->len : 0,
                                   error);
}

/**
 * clt_exporter_check:
 *
 * Counts who would be exported and who not, and why, without writing anything.
 *
 * Returns: (transfer full): the check, or %NULL with @error set
 */
CltEligibility *
clt_exporter_check (CltExporter   *self,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(CltConsentLedger) ledger = NULL;

  g_return_val_if_fail (CLT_IS_EXPORTER (self), NULL);

  if (!(ledger = clt_consent_ledger_open (self->workspace_path, self->actor, error)))
    return NULL;

  return check (self, clt_consent_ledger_get_workspace (ledger), ledger, error);
}

/* Reads the values of each recipient and writes them. */
static gboolean
write_recipients (CltExporter      *self,
                  CltWorkspace     *workspace,
                  CltEligibility   *eligibility,
                  CltExportWriter  *writer,
                  GCancellable     *cancellable,
                  GError          **error)
{
  g_autoptr(sqlite3_stmt) read = NULL;
  gint64 n = clt_eligibility_get_n_eligible (eligibility);

  read = _clt_workspace_prepare (workspace,
                                 "SELECT p.first_name, p.last_name, p.email, p.phone, p.street, p.postcode, p.city, "
                                 "  p.country, p.birthday, p.company, printf ('%.2f', f.spend_cents / 100.0), f.orders, "
                                 "  nullif (f.last_activity, char (1114111)) "
                                 "FROM profiles p LEFT JOIN profile_facts f ON f.profile_id = p.id WHERE p.id = ?1",
                                 error);
  if (read == NULL)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      CltExportRecord record = { 0 };
      const char *kind, *identifier, *basis;
      gint64 profile_id;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!clt_eligibility_get_recipient (eligibility, i, &profile_id, &kind, &identifier, &basis))
        break;

      sqlite3_bind_int64 (read, 1, profile_id);
      if (sqlite3_step (read) != SQLITE_ROW)
        {
          _clt_workspace_set_error (workspace, error, "export");
          return FALSE;
        }

#define TEXT(column) ((const char *) sqlite3_column_text (read, column))
      record.profile_id = profile_id;
      record.first_name = TEXT (0);
      record.last_name = TEXT (1);
      /* The address the basis belongs to, never another address of the same person. */
      record.email = g_strcmp0 (kind, "email") == 0 ? identifier : TEXT (2);
      record.phone = g_strcmp0 (kind, "phone") == 0 ? identifier : TEXT (3);
      record.street = TEXT (4);
      record.postcode = TEXT (5);
      record.city = TEXT (6);
      record.country = TEXT (7);
      record.birthday = TEXT (8);
      record.company = TEXT (9);
      record.spend = TEXT (10);
      record.orders = TEXT (11);
      record.last_activity = TEXT (12);
      record.legal_basis = basis;
#undef TEXT

      if (!clt_export_writer_add (writer, &record, cancellable, error))
        return FALSE;
      sqlite3_reset (read);
      if (i % 1024 == 0)
        set_fraction (self, (double) i / MAX (n, 1));
    }

  return TRUE;
}

/**
 * clt_exporter_run:
 * @file: where the export goes; an existing file is replaced only when the export succeeds
 * @export_id: (out) (optional): the export's record
 *
 * Writes the recipients to @file and records the export.
 *
 * Returns: (transfer full): the check the export was made from, or %NULL with @error set
 */
CltEligibility *
clt_exporter_run (CltExporter   *self,
                  GFile         *file,
                  gint64        *export_id,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(CltConsentLedger) ledger = NULL;
  g_autoptr(CltEligibility) eligibility = NULL;
  CltWorkspace *workspace;
  g_autoptr(CltExportWriter) writer = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GFile) partial = NULL;
  g_autofree char *base = NULL;
  g_autofree char *partial_name = NULL;
  gint64 id;

  g_return_val_if_fail (CLT_IS_EXPORTER (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  set_fraction (self, 0);
  if (!(ledger = clt_consent_ledger_open (self->workspace_path, self->actor, error)))
    return NULL;
  workspace = clt_consent_ledger_get_workspace (ledger);
  if (!(eligibility = check (self, workspace, ledger, error)))
    return NULL;

  base = g_file_get_basename (file);
  parent = g_file_get_parent (file);
  partial_name = g_strdup_printf (".%s.partial", base);
  partial = parent ? g_file_get_child (parent, partial_name) : g_file_new_for_path (partial_name);
  if (!(stream = g_file_replace (partial, NULL, FALSE, G_FILE_CREATE_PRIVATE, cancellable, error)))
    return NULL;

  if (!(writer = clt_export_writer_new (self->format, (const char * const *) self->columns, G_OUTPUT_STREAM (stream),
                                        error)) ||
      !write_recipients (self, workspace, eligibility, writer, cancellable, error) ||
      !clt_export_writer_finish (writer, cancellable, error) ||
      !g_file_move (partial, file, G_FILE_COPY_OVERWRITE, cancellable, NULL, NULL, error))
    {
      g_file_delete (partial, NULL, NULL);
      return NULL;
    }

  id = clt_consent_ledger_record_export (ledger, eligibility, self->segment_id, clt_export_format_to_string (self->format),
                                         base, clt_export_writer_get_sha256 (writer), error);
  if (id == 0)
    {
      /* An export that is not on record does not leave the workspace. */
      g_file_delete (file, NULL, NULL);
      return NULL;
    }

  set_fraction (self, 1);
  if (export_id)
    *export_id = id;

  return g_steal_pointer (&eligibility);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  CltEligibility *eligibility = clt_exporter_check (source_object, cancellable, &error);

  if (eligibility)
    g_task_return_pointer (task, eligibility, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
clt_exporter_check_async (CltExporter         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CLT_IS_EXPORTER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, clt_exporter_check_async);
  g_task_run_in_thread (task, check_thread);
}

/**
 * clt_exporter_check_finish:
 *
 * Returns: (transfer full): the check, or %NULL with @error set
 */
CltEligibility *
clt_exporter_check_finish (CltExporter   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  CltEligibility *eligibility;
  gint64          export_id;
} Ran;

static void
ran_free (Ran *ran)
{
  g_clear_object (&ran->eligibility);
  g_free (ran);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;
  Ran *ran = g_new0 (Ran, 1);

  ran->eligibility = clt_exporter_run (source_object, task_data, &ran->export_id, cancellable, &error);
  if (ran->eligibility)
    g_task_return_pointer (task, ran, (GDestroyNotify) ran_free);
  else
    {
      ran_free (ran);
      g_task_return_error (task, error);
    }
}

void
clt_exporter_run_async (CltExporter         *self,
                        GFile               *file,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CLT_IS_EXPORTER (self));
  g_return_if_fail (G_IS_FILE (file));

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, clt_exporter_run_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, run_thread);
}

/**
 * clt_exporter_run_finish:
 * @export_id: (out) (optional): the export's record
 *
 * Returns: (transfer full): the check the export was made from, or %NULL with @error set
 */
CltEligibility *
clt_exporter_run_finish (CltExporter   *self,
                         GAsyncResult  *result,
                         gint64        *export_id,
                         GError       **error)
{
  Ran *ran;
  CltEligibility *eligibility;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!(ran = g_task_propagate_pointer (G_TASK (result), error)))
    return NULL;
  if (export_id)
    *export_id = ran->export_id;
  eligibility = g_steal_pointer (&ran->eligibility);
  ran_free (ran);

  return eligibility;
}
