/* clt-import-batch.c: one import of one file, as the Imports page lists it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-import-batch"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-import-batch.h"
#include "clt-workspace-private.h"

struct _CltImportBatch
{
  GObject    parent_instance;

  gint64     id;
  char      *file_name;
  char      *source_name;
  char      *source_kind;
  char      *state;
  char      *preset;
  char      *encoding;
  char      *actor;
  GDateTime *started_at;
  gint64     rows_total;
  gint64     rows_new;
  gint64     rows_updated;
  gint64     rows_unchanged;
  gint64     rows_rejected;
};

G_DEFINE_FINAL_TYPE (CltImportBatch, clt_import_batch, G_TYPE_OBJECT)

static void
clt_import_batch_finalize (GObject *object)
{
  CltImportBatch *self = (CltImportBatch *) object;

  g_clear_pointer (&self->file_name, g_free);
  g_clear_pointer (&self->source_name, g_free);
  g_clear_pointer (&self->source_kind, g_free);
  g_clear_pointer (&self->state, g_free);
  g_clear_pointer (&self->preset, g_free);
  g_clear_pointer (&self->encoding, g_free);
  g_clear_pointer (&self->actor, g_free);
  g_clear_pointer (&self->started_at, g_date_time_unref);

  G_OBJECT_CLASS (clt_import_batch_parent_class)->finalize (object);
}

static void
clt_import_batch_class_init (CltImportBatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = clt_import_batch_finalize;
}

static void
clt_import_batch_init (CltImportBatch *self)
{
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/**
 * clt_import_batch_list:
 * @workspace: a workspace
 *
 * Returns: (transfer full): the workspace's import batches, newest first
 */
GListModel *
clt_import_batch_list (CltWorkspace  *workspace,
                       GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GListStore) store = g_list_store_new (CLT_TYPE_IMPORT_BATCH);
  g_autoptr(GPtrArray) batches = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  int rc;

  g_return_val_if_fail (CLT_IS_WORKSPACE (workspace), NULL);

  stmt = _clt_workspace_prepare (workspace,
                                 "SELECT b.id, b.file_name, s.name, s.kind, b.state, b.started_at, "
                                 "       b.rows_total, b.rows_new, b.rows_updated, b.rows_rejected, "
                                 "       b.preset, b.encoding, b.actor, b.rows_unchanged "
                                 "FROM import_batches b JOIN sources s ON s.id = b.source_id "
                                 "ORDER BY b.started_at DESC, b.id DESC",
                                 error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CltImportBatch *batch = g_object_new (CLT_TYPE_IMPORT_BATCH, NULL);

      batch->id = sqlite3_column_int64 (stmt, 0);
      batch->file_name = column_dup (stmt, 1);
      batch->source_name = column_dup (stmt, 2);
      batch->source_kind = column_dup (stmt, 3);
      batch->state = column_dup (stmt, 4);
      batch->started_at = g_date_time_new_from_iso8601 ((const char *) sqlite3_column_text (stmt, 5), utc);
      batch->rows_total = sqlite3_column_int64 (stmt, 6);
      batch->rows_new = sqlite3_column_int64 (stmt, 7);
      batch->rows_updated = sqlite3_column_int64 (stmt, 8);
      batch->rows_rejected = sqlite3_column_int64 (stmt, 9);
      batch->preset = column_dup (stmt, 10);
      batch->encoding = column_dup (stmt, 11);
      batch->actor = column_dup (stmt, 12);
      batch->rows_unchanged = sqlite3_column_int64 (stmt, 13);
      g_ptr_array_add (batches, batch);
    }

  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the imports"));
      return NULL;
    }

  g_list_store_splice (store, 0, 0, batches->pdata, batches->len);

  return G_LIST_MODEL (g_steal_pointer (&store));
}

gint64
clt_import_batch_get_id (CltImportBatch *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT_BATCH (self), 0);
  return self->id;
}

const char *
clt_import_batch_get_file_name (CltImportBatch *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT_BATCH (self), NULL);
  return self->file_name;
}

const char *
clt_import_batch_get_source_name (CltImportBatch *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT_BATCH (self), NULL);
  return self->source_name;
}

const char *
clt_import_batch_get_source_kind (CltImportBatch *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT_BATCH (self), NULL);
  return self->source_kind;
}

const char *
clt_import_batch_get_state (CltImportBatch *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT_BATCH (self), NULL);
  return self->state;
}

/**
 * clt_import_batch_get_started_at:
 *
 * Returns: (transfer none) (nullable): when the import started, in UTC
 */
GDateTime *
clt_import_batch_get_started_at (CltImportBatch *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT_BATCH (self), NULL);
  return self->started_at;
}

gint64
clt_import_batch_get_rows_total (CltImportBatch *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT_BATCH (self), 0);
  return self->rows_total;
}

gint64
clt_import_batch_get_rows_new (CltImportBatch *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT_BATCH (self), 0);
  return self->rows_new;
}

gint64
clt_import_batch_get_rows_updated (CltImportBatch *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT_BATCH (self), 0);
  return self->rows_updated;
}

gint64
clt_import_batch_get_rows_unchanged (CltImportBatch *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT_BATCH (self), 0);
  return self->rows_unchanged;
}

/**
 * clt_import_batch_get_preset:
 *
 * Returns: (nullable): the id of the preset the file was read with
 */
const char *
clt_import_batch_get_preset (CltImportBatch *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT_BATCH (self), NULL);
  return self->preset;
}

const char *
clt_import_batch_get_encoding (CltImportBatch *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT_BATCH (self), NULL);
  return self->encoding;
}

/**
 * clt_import_batch_get_actor:
 *
 * Returns: (nullable): who imported the file
 */
const char *
clt_import_batch_get_actor (CltImportBatch *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT_BATCH (self), NULL);
  return self->actor;
}

/**
 * clt_import_batch_list_rejects:
 * @limit: at most this many
 *
 * Returns: (transfer full) (element-type utf8): the rejected rows of the batch as
 *   "line: column: reason", in file order
 */
GPtrArray *
clt_import_batch_list_rejects (CltImportBatch  *self,
                               CltWorkspace    *workspace,
                               guint            limit,
                               GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) rejects = g_ptr_array_new_with_free_func (g_free);
  int rc;

  g_return_val_if_fail (CLT_IS_IMPORT_BATCH (self), NULL);

  if (!(stmt = _clt_workspace_prepare (workspace,
          "SELECT line, column_name, reason FROM import_rejects WHERE batch_id = ?1 ORDER BY line LIMIT ?2", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, self->id);
  sqlite3_bind_int (stmt, 2, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *column = (const char *) sqlite3_column_text (stmt, 1);

      g_ptr_array_add (rejects, g_strdup_printf ("%lld: %s%s%s", (long long) sqlite3_column_int64 (stmt, 0),
                                                 column ? column : "", column ? ": " : "",
                                                 (const char *) sqlite3_column_text (stmt, 2)));
    }
  if (rc != SQLITE_DONE)
    {
      _clt_workspace_set_error (workspace, error, _("Could not read the imports"));
      return NULL;
    }

  return g_steal_pointer (&rejects);
}

gint64
clt_import_batch_get_rows_rejected (CltImportBatch *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT_BATCH (self), 0);
  return self->rows_rejected;
}
