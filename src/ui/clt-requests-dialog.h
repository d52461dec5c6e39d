/* clt-requests-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_REQUESTS_DIALOG (clt_requests_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CltRequestsDialog, clt_requests_dialog, CLT, REQUESTS_DIALOG, AdwDialog)

CltRequestsDialog *clt_requests_dialog_new         (CltWorkspace      *workspace);
void               clt_requests_dialog_record_for  (CltRequestsDialog *self,
                                                    gint64             profile_id,
                                                    const char        *name);
void               clt_requests_dialog_set_customer (CltRequestsDialog *self,
                                                    gint64             profile_id,
                                                    const char        *name);
void               clt_requests_dialog_set_received (CltRequestsDialog *self,
                                                    GDateTime         *received);
void               clt_requests_dialog_reload      (CltRequestsDialog *self);
gboolean           clt_requests_dialog_get_loading (CltRequestsDialog *self);
void               clt_requests_dialog_export_to   (CltRequestsDialog *self,
                                                    gint64             request_id,
                                                    GFile             *folder);

G_END_DECLS
