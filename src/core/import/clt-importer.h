/* clt-importer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "clt-mapping.h"
#include "clt-workspace.h"

G_BEGIN_DECLS

typedef struct
{
  guint64  line;
  char    *column;
  char    *reason;
} CltImportReject;

#define CLT_TYPE_IMPORTER (clt_importer_get_type ())

G_DECLARE_FINAL_TYPE (CltImporter, clt_importer, CLT, IMPORTER, GObject)

CltImporter  *clt_importer_new                 (const char           *workspace_path,
                                                GFile                *file);
gboolean      clt_importer_prepare             (CltImporter          *self,
                                                const CltPreset      *preset,
                                                GError              **error);
GFile        *clt_importer_get_file            (CltImporter          *self);
CltMapping   *clt_importer_get_mapping         (CltImporter          *self);
void          clt_importer_set_mapping         (CltImporter          *self,
                                                CltMapping           *mapping);
const char   *clt_importer_get_encoding        (CltImporter          *self);
const char   *clt_importer_get_source_name     (CltImporter          *self);
void          clt_importer_set_source_name     (CltImporter          *self,
                                                const char           *source_name);
GPtrArray    *clt_importer_get_samples         (CltImporter          *self);
gboolean      clt_importer_run                 (CltImporter          *self,
                                                gboolean              dry_run,
                                                GCancellable         *cancellable,
                                                GError              **error);
void          clt_importer_run_async           (CltImporter          *self,
                                                gboolean              dry_run,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean      clt_importer_run_finish          (CltImporter          *self,
                                                GAsyncResult         *result,
                                                GError              **error);
double        clt_importer_get_fraction        (CltImporter          *self);
gint64        clt_importer_get_batch_id        (CltImporter          *self);
gint64        clt_importer_get_previous_batch  (CltImporter          *self);
guint64       clt_importer_get_rows_read       (CltImporter          *self);
guint64       clt_importer_get_rows_new        (CltImporter          *self);
guint64       clt_importer_get_rows_updated    (CltImporter          *self);
guint64       clt_importer_get_rows_unchanged  (CltImporter          *self);
guint64       clt_importer_get_rows_rejected   (CltImporter          *self);
guint64       clt_importer_get_rows_suppressed (CltImporter          *self);
void          clt_importer_set_actor           (CltImporter          *self,
                                                const char           *actor);
void          clt_importer_set_notice          (CltImporter          *self,
                                                const char           *notice);
GArray       *clt_importer_get_rejects         (CltImporter          *self);
GPtrArray    *clt_importer_get_preview         (CltImporter          *self);
void          clt_importer_append_rejects_csv  (CltImporter          *self,
                                                GString              *csv,
                                                gboolean              with_header);
gboolean      clt_importer_write_rejects       (CltImporter          *self,
                                                GFile                *file,
                                                GError              **error);

char         *clt_import_dup_raw_record        (CltWorkspace         *workspace,
                                                gint64                record_id,
                                                GError              **error);
gboolean      clt_import_undo                  (CltWorkspace         *workspace,
                                                gint64                batch_id,
                                                GError              **error);

G_END_DECLS
