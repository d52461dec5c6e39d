/* clt-consent-status.h: the current consent of one identifier for one purpose and channel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CLT_TYPE_CONSENT_STATUS (clt_consent_status_get_type ())

G_DECLARE_FINAL_TYPE (CltConsentStatus, clt_consent_status, CLT, CONSENT_STATUS, GObject)

const char *clt_consent_status_get_identifier_kind (CltConsentStatus *self);
const char *clt_consent_status_get_identifier      (CltConsentStatus *self);
const char *clt_consent_status_get_purpose         (CltConsentStatus *self);
const char *clt_consent_status_get_channel         (CltConsentStatus *self);
const char *clt_consent_status_get_action          (CltConsentStatus *self);
gint64      clt_consent_status_get_event_id        (CltConsentStatus *self);
const char *clt_consent_status_get_event_time      (CltConsentStatus *self);
const char *clt_consent_status_get_last_used       (CltConsentStatus *self);
gboolean    clt_consent_status_get_usable          (CltConsentStatus *self);
gboolean    clt_consent_status_get_weak_proof      (CltConsentStatus *self);
gboolean    clt_consent_status_get_stale           (CltConsentStatus *self);
gboolean    clt_consent_status_get_bounced         (CltConsentStatus *self);
gboolean    clt_consent_status_get_suppressed      (CltConsentStatus *self);
gboolean    clt_consent_status_get_regrant         (CltConsentStatus *self);

G_END_DECLS
