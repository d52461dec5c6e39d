/* clt-exporter.h: an audience leaves the workspace, only as far as its purpose allows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "clt-consent-ledger.h"
#include "clt-export-writer.h"

G_BEGIN_DECLS

#define CLT_TYPE_EXPORTER (clt_exporter_get_type ())

G_DECLARE_FINAL_TYPE (CltExporter, clt_exporter, CLT, EXPORTER, GObject)

CltExporter    *clt_exporter_new             (const char          *workspace_path);
void            clt_exporter_set_segment     (CltExporter         *self,
                                              gint64               segment_id);
void            clt_exporter_set_profiles    (CltExporter         *self,
                                              const gint64        *profile_ids,
                                              gsize                n_profile_ids);
void            clt_exporter_set_purpose     (CltExporter         *self,
                                              const char          *purpose);
void            clt_exporter_set_format      (CltExporter         *self,
                                              CltExportFormat      format);
void            clt_exporter_set_columns     (CltExporter         *self,
                                              const char * const  *columns);
void            clt_exporter_set_actor       (CltExporter         *self,
                                              const char          *actor);
double          clt_exporter_get_fraction    (CltExporter         *self);

CltEligibility *clt_exporter_check           (CltExporter         *self,
                                              GCancellable        *cancellable,
                                              GError             **error);
void            clt_exporter_check_async     (CltExporter         *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
CltEligibility *clt_exporter_check_finish    (CltExporter         *self,
                                              GAsyncResult        *result,
                                              GError             **error);
CltEligibility *clt_exporter_run             (CltExporter         *self,
                                              GFile               *file,
                                              gint64              *export_id,
                                              GCancellable        *cancellable,
                                              GError             **error);
void            clt_exporter_run_async       (CltExporter         *self,
                                              GFile               *file,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
CltEligibility *clt_exporter_run_finish      (CltExporter         *self,
                                              GAsyncResult        *result,
                                              gint64              *export_id,
                                              GError             **error);

G_END_DECLS
