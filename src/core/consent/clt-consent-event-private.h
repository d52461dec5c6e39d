/* clt-consent-event-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "clt-consent-event.h"

G_BEGIN_DECLS

/* The columns _clt_consent_event_new_from_row() reads, over consent_events e. */
#define CLT_CONSENT_EVENT_COLUMNS \
  "e.id, e.identifier_kind, e.identifier, e.purpose, e.channel, e.action, e.event_time, e.recorded_time, " \
  "e.method, e.actor, e.evidence, e.batch_id, " \
  "(SELECT b.file_name || ', ' || r.row_number FROM source_records r JOIN import_batches b ON b.id = r.batch_id " \
  " WHERE r.id = e.source_record_id), e.notice, " \
  "(SELECT n.invalidated_at FROM notice_invalidations n WHERE n.notice = e.notice AND e.action = 'given')"

CltConsentEvent *_clt_consent_event_new_from_row (sqlite3_stmt *stmt);

G_END_DECLS
