/* clt-golden.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "clt-matcher.h"
#include "clt-workspace.h"

G_BEGIN_DECLS

/* The fields of a golden profile, each with a survivorship rule. */
typedef enum
{
  CLT_GOLDEN_FIRST_NAME,
  CLT_GOLDEN_LAST_NAME,
  CLT_GOLDEN_EMAIL,
  CLT_GOLDEN_PHONE,
  CLT_GOLDEN_STREET,
  CLT_GOLDEN_POSTCODE,
  CLT_GOLDEN_CITY,
  CLT_GOLDEN_COUNTRY,
  CLT_GOLDEN_BIRTHDAY,
  CLT_GOLDEN_COMPANY,
  CLT_GOLDEN_N_FIELDS
} CltGoldenField;

typedef enum
{
  CLT_SURVIVE_SOURCE_PRIORITY,
  CLT_SURVIVE_MOST_RECENT,
  CLT_SURVIVE_MOST_FREQUENT,
  CLT_SURVIVE_LONGEST
} CltSurvivorship;

/* One source record's values, as a candidate for a profile's golden values. */
typedef struct
{
  gint64      record_id;
  /* The source's priority: lower leads. */
  int         priority;
  /* The import the values came from: later imports are more recent. */
  gint64      batch_id;
  const char *values[CLT_GOLDEN_N_FIELDS];
} CltGoldenCandidate;

typedef struct _CltGoldenWriter CltGoldenWriter;

/* The columns clt_golden_candidate_read() reads, for a query on source_records AS r. */
#define CLT_GOLDEN_COLUMNS \
  "json_extract (r.normalized, '$.first_name'), json_extract (r.normalized, '$.last_name'), " \
  "json_extract (r.normalized, '$.email[0]'), json_extract (r.normalized, '$.phone[0]'), " \
  "json_extract (r.normalized, '$.street'), json_extract (r.normalized, '$.postcode'), " \
  "json_extract (r.normalized, '$.city'), json_extract (r.normalized, '$.country'), " \
  "json_extract (r.normalized, '$.birthday'), json_extract (r.normalized, '$.company'), " \
  "json_extract (r.normalized, '$.full_name')"
#define CLT_GOLDEN_N_COLUMNS 11

const char      *clt_golden_field_get_id      (CltGoldenField             field);
CltSurvivorship  clt_golden_field_get_rule    (CltGoldenField             field);
const char      *clt_survivorship_get_id      (CltSurvivorship            rule);
void             clt_golden_candidate_read    (CltGoldenCandidate        *candidate,
                                               sqlite3_stmt              *stmt,
                                               int                        column,
                                               GStringChunk              *strings);
void             clt_golden_candidate_match_values (const CltGoldenCandidate *candidate,
                                                    const char              **values);
int              clt_golden_choose            (const CltGoldenCandidate  *candidates,
                                               guint                      n_candidates,
                                               CltGoldenField             field);

CltGoldenWriter *clt_golden_writer_new        (CltWorkspace              *workspace,
                                               GError                   **error);
gboolean         clt_golden_writer_write      (CltGoldenWriter           *writer,
                                               gint64                     profile_id,
                                               const CltGoldenCandidate  *candidates,
                                               guint                      n_candidates,
                                               GError                   **error);
void             clt_golden_writer_free       (CltGoldenWriter           *writer);

char            *clt_golden_dup_origin       (sqlite3_stmt              *stmt,
                                               int                        column);
GArray          *clt_golden_read_candidates  (CltWorkspace              *workspace,
                                               gint64                     profile_id,
                                               GStringChunk              *strings,
                                               GPtrArray                **origins,
                                               GPtrArray                **imported,
                                               GError                   **error);
gboolean         clt_golden_refresh           (CltWorkspace              *workspace,
                                               gint64                     profile_id,
                                               GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltGoldenWriter, clt_golden_writer_free)

G_END_DECLS
