/* clt-identity.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-resolver.h"
#include "clt-workspace.h"

G_BEGIN_DECLS

typedef enum
{
  CLT_REVIEW_SAME,
  CLT_REVIEW_DIFFERENT,
  CLT_REVIEW_SKIP
} CltReviewAnswer;

/* A pair in the review queue, with where each record came from. */
typedef struct
{
  CltMatchEvidence *evidence;
  char             *origin_a;
  char             *origin_b;
  gint64            profile_a;
  gint64            profile_b;
} CltReviewPair;

/* A source record of a profile: its system, file, row and import, and why it is there. */
typedef struct
{
  gint64  record_id;
  char   *source;
  char   *file;
  gint64  row;
  char   *imported_at;
  char   *summary;
  char   *rule;
} CltProfileRecord;

/* A golden value with the record it came from and the rule that chose it. */
typedef struct
{
  char   *field;
  char   *value;
  char   *origin;
  /* When the import of the value's record began (ISO 8601, UTC). */
  char   *imported_at;
  char   *rule;
  gboolean pinned;
  /* The other values the profile's records give, and where each came from. */
  GStrv   competing;
  GStrv   competing_origins;
} CltProfileValue;

/* A profile as a search finds it. */
typedef struct
{
  gint64  profile_id;
  char   *name;
  char   *email;
  char   *city;
  guint   n_records;
} CltProfileSummary;

typedef void (*CltIdentityLinkFunc) (const char *file_name,
                                     gint64      row,
                                     gint64      profile_id,
                                     gpointer    user_data);

gboolean   clt_identity_foreach_link   (CltWorkspace     *workspace,
                                        CltIdentityLinkFunc func,
                                        gpointer          user_data,
                                        GError          **error);
gint64     clt_identity_merge          (CltWorkspace     *workspace,
                                        gint64            keep,
                                        gint64            other,
                                        GError          **error);
gint64     clt_identity_split          (CltWorkspace     *workspace,
                                        gint64            profile_id,
                                        const gint64     *record_ids,
                                        guint             n_records,
                                        GError          **error);
gboolean   clt_identity_undo           (CltWorkspace     *workspace,
                                        gint64            operation_id,
                                        GError          **error);
gboolean   clt_identity_answer         (CltWorkspace     *workspace,
                                        gint64            record_a,
                                        gint64            record_b,
                                        CltReviewAnswer   answer,
                                        GError          **error);
gboolean   clt_identity_undo_answer    (CltWorkspace     *workspace,
                                        gint64            record_a,
                                        gint64            record_b,
                                        GError          **error);
GPtrArray *clt_identity_list_review    (CltWorkspace     *workspace,
                                        guint             limit,
                                        GError          **error);
gint64     clt_identity_count_review   (CltWorkspace     *workspace);
GPtrArray *clt_identity_list_records   (CltWorkspace     *workspace,
                                        gint64            profile_id,
                                        GError          **error);
GPtrArray *clt_identity_list_values    (CltWorkspace     *workspace,
                                        gint64            profile_id,
                                        GError          **error);
GPtrArray *clt_identity_find_profiles  (CltWorkspace     *workspace,
                                        const char       *text,
                                        guint             limit,
                                        GError          **error);
void       clt_identity_find_profiles_async  (CltWorkspace        *workspace,
                                              const char          *text,
                                              guint                limit,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GPtrArray *clt_identity_find_profiles_finish (CltWorkspace        *workspace,
                                              GAsyncResult        *result,
                                              GError             **error);
gint64     clt_identity_find_record    (CltWorkspace     *workspace,
                                        const char       *file_name,
                                        gint64            row,
                                        GError          **error);
gint64     clt_identity_get_profile    (CltWorkspace     *workspace,
                                        gint64            record_id);
gboolean   clt_identity_get_link       (CltWorkspace     *workspace,
                                        gint64            record_id,
                                        char            **rule,
                                        gint64           *partner);
char      *clt_identity_dup_record_name (CltWorkspace    *workspace,
                                         gint64           record_id);
gboolean   clt_identity_pin_value      (CltWorkspace     *workspace,
                                        gint64            profile_id,
                                        const char       *field,
                                        const char       *value,
                                        GError          **error);
gboolean   clt_identity_read_raw_row   (CltWorkspace     *workspace,
                                        gint64            record_id,
                                        GStrv            *columns,
                                        GStrv            *values,
                                        GError          **error);
char      *clt_identity_dup_pinned_value (CltWorkspace   *workspace,
                                          gint64          profile_id,
                                          const char     *field);

void       clt_identity_get_thresholds (CltWorkspace     *workspace,
                                        double           *upper,
                                        double           *lower);
gboolean   clt_identity_set_thresholds (CltWorkspace     *workspace,
                                        double            upper,
                                        double            lower,
                                        GError          **error);
GStrv      clt_identity_dup_source_order (CltWorkspace   *workspace,
                                          GError        **error);
gboolean   clt_identity_set_source_order (CltWorkspace   *workspace,
                                          const char * const *names,
                                          GError        **error);

void       clt_review_pair_free        (CltReviewPair     *pair);
void       clt_profile_record_free     (CltProfileRecord  *record);
void       clt_profile_value_free      (CltProfileValue   *value);
void       clt_profile_summary_free    (CltProfileSummary *summary);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltReviewPair, clt_review_pair_free)

G_END_DECLS
