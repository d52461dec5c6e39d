/* clt-consent-status-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "clt-consent-status.h"

G_BEGIN_DECLS

/* The columns _clt_consent_status_new_from_row() reads, over consent_current cc. */
#define CLT_CONSENT_STATUS_COLUMNS \
  "cc.identifier_kind, cc.identifier, cc.purpose, cc.channel, cc.event_id, cc.action, cc.event_time, cc.proof, " \
  "(cc.action = 'given' AND cc.denied_at IS NOT NULL AND NOT cc.proof), cc.invalidated_at IS NOT NULL, " \
  "EXISTS (SELECT 1 FROM suppressed_identifiers s WHERE s.kind = cc.identifier_kind AND s.value = cc.identifier), " \
  "(SELECT u.last_used_at FROM consent_usage u WHERE u.identifier_kind = cc.identifier_kind " \
  "  AND u.identifier = cc.identifier AND u.purpose = cc.purpose)"

CltConsentStatus *_clt_consent_status_new_from_row (sqlite3_stmt *stmt,
                                                  const char   *stale_before);

G_END_DECLS
