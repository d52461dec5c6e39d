/* clt-profile-consent.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_PROFILE_CONSENT (clt_profile_consent_get_type ())

G_DECLARE_FINAL_TYPE (CltProfileConsent, clt_profile_consent, CLT, PROFILE_CONSENT, AdwBin)

void      clt_profile_consent_set_profile (CltProfileConsent  *self,
                                           CltWorkspace       *workspace,
                                           gint64              profile_id);
void      clt_profile_consent_reload      (CltProfileConsent  *self);
gboolean  clt_profile_consent_get_loading (CltProfileConsent  *self);
void      clt_profile_consent_show_proof  (CltProfileConsent  *self);
GFile    *clt_profile_consent_get_proof_file (CltProfileConsent *self);
void      clt_profile_consent_choose_export_folder (CltProfileConsent *self);
void      clt_profile_consent_export_to   (CltProfileConsent  *self,
                                           GFile              *folder);
void      clt_profile_consent_ask_restrict (CltProfileConsent *self);
gint64    clt_profile_consent_restrict    (CltProfileConsent  *self,
                                           CltRestrictionKind  kind,
                                           const char         *reason);
void      clt_profile_consent_ask_erase   (CltProfileConsent  *self);
void      clt_profile_consent_erase       (CltProfileConsent  *self);

G_END_DECLS
