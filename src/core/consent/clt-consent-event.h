/* clt-consent-event.h: one event of the consent ledger
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CLT_TYPE_CONSENT_EVENT (clt_consent_event_get_type ())

G_DECLARE_FINAL_TYPE (CltConsentEvent, clt_consent_event, CLT, CONSENT_EVENT, GObject)

gint64      clt_consent_event_get_id              (CltConsentEvent *self);
const char *clt_consent_event_get_identifier_kind (CltConsentEvent *self);
const char *clt_consent_event_get_identifier      (CltConsentEvent *self);
const char *clt_consent_event_get_purpose         (CltConsentEvent *self);
const char *clt_consent_event_get_channel         (CltConsentEvent *self);
const char *clt_consent_event_get_action          (CltConsentEvent *self);
const char *clt_consent_event_get_event_time      (CltConsentEvent *self);
const char *clt_consent_event_get_recorded_time   (CltConsentEvent *self);
const char *clt_consent_event_get_method          (CltConsentEvent *self);
const char *clt_consent_event_get_actor           (CltConsentEvent *self);
const char *clt_consent_event_get_evidence        (CltConsentEvent *self);
const char *clt_consent_event_get_source          (CltConsentEvent *self);
gint64      clt_consent_event_get_batch_id        (CltConsentEvent *self);
gboolean    clt_consent_event_get_weak_proof      (CltConsentEvent *self);
const char *clt_consent_event_get_notice          (CltConsentEvent *self);
const char *clt_consent_event_get_notice_invalidated (CltConsentEvent *self);

G_END_DECLS
