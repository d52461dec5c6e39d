/* clt-import-batch.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-workspace.h"

G_BEGIN_DECLS

#define CLT_TYPE_IMPORT_BATCH (clt_import_batch_get_type ())

G_DECLARE_FINAL_TYPE (CltImportBatch, clt_import_batch, CLT, IMPORT_BATCH, GObject)

GListModel  *clt_import_batch_list             (CltWorkspace    *workspace,
                                                GError         **error);
gint64       clt_import_batch_get_id           (CltImportBatch  *self);
const char  *clt_import_batch_get_file_name    (CltImportBatch  *self);
const char  *clt_import_batch_get_source_name  (CltImportBatch  *self);
const char  *clt_import_batch_get_source_kind  (CltImportBatch  *self);
const char  *clt_import_batch_get_state        (CltImportBatch  *self);
GDateTime   *clt_import_batch_get_started_at   (CltImportBatch  *self);
gint64       clt_import_batch_get_rows_total   (CltImportBatch  *self);
gint64       clt_import_batch_get_rows_new     (CltImportBatch  *self);
gint64       clt_import_batch_get_rows_updated (CltImportBatch  *self);
gint64       clt_import_batch_get_rows_unchanged (CltImportBatch *self);
gint64       clt_import_batch_get_rows_rejected (CltImportBatch *self);
const char  *clt_import_batch_get_preset       (CltImportBatch  *self);
const char  *clt_import_batch_get_encoding     (CltImportBatch  *self);
const char  *clt_import_batch_get_actor        (CltImportBatch  *self);
GPtrArray   *clt_import_batch_list_rejects     (CltImportBatch  *self,
                                                CltWorkspace    *workspace,
                                                guint            limit,
                                                GError         **error);

G_END_DECLS
