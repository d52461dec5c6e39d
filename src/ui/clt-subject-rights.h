/* clt-subject-rights.h: what the Consent tab and the subject requests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

const char *clt_subject_rights_kind_label         (const char *kind);
const char *clt_subject_rights_kind_icon          (const char *kind);
AdwDialog  *clt_subject_rights_erase_dialog_new    (void);
AdwDialog  *clt_subject_rights_restrict_dialog_new (void);
char       *clt_subject_rights_dup_reason          (AdwAlertDialog *dialog);
char       *clt_subject_rights_format_day          (GDateTime      *time);
char       *clt_subject_rights_dup_dates           (const CltSubjectRequest *request);
GtkWidget  *clt_subject_rights_deadline_badge      (const CltSubjectRequest *request);

void        clt_subject_rights_export_async        (CltWorkspace        *workspace,
                                                    gint64               profile_id,
                                                    gint64               request_id,
                                                    GFile               *folder,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean    clt_subject_rights_export_finish       (GAsyncResult        *result,
                                                    GError             **error);
AdwToast   *clt_subject_rights_exported_toast_new  (const char          *title,
                                                    GFile               *folder,
                                                    GtkWidget           *parent);
void        clt_subject_rights_erase_async         (CltWorkspace        *workspace,
                                                    gint64               profile_id,
                                                    gint64               request_id,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean    clt_subject_rights_erase_finish        (GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
