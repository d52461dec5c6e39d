/* clt-consent-ledger.h: consent, subject rights and governance of a workspace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "clt-consent-event.h"
#include "clt-consent-status.h"
#include "clt-consent-types.h"
#include "clt-eligibility.h"
#include "clt-purpose.h"
#include "clt-workspace.h"

G_BEGIN_DECLS

#define CLT_CONSENT_ERROR (clt_consent_error_quark ())

typedef enum
{
  CLT_CONSENT_ERROR_NOT_FOUND,
  CLT_CONSENT_ERROR_INVALID,
} CltConsentError;

/**
 * CltConsentMonth:
 * @month: the month, "YYYY-MM"
 * @given: consents given in it (by event time)
 * @withdrawn: consents withdrawn or revoked in it
 */
typedef struct
{
  char   month[8];
  gint64 given;
  gint64 withdrawn;
} CltConsentMonth;

/**
 * CltExportSummary:
 *
 * One export, as the DPO panel lists it: no recipients, no personal data.
 */
typedef struct
{
  gint64  id;
  char   *created_at;
  char   *purpose;
  char   *purpose_label;
  char   *segment;       /* nullable: the segment's name, if it still exists */
  char   *format;
  char   *file_name;
  gint64  row_count;
  gint64  excluded;
  char   *actor;
} CltExportSummary;

/**
 * CltRestriction:
 *
 * A restriction (Art. 18) or objection (Art. 21) on a profile's records.
 */
typedef struct
{
  gint64  id;
  CltRestrictionKind kind;
  char   *purpose;       /* nullable: all purposes, or all direct marketing for an objection */
  char   *reason;
  char   *created_at;
  char   *actor;
  char   *lifted_at;     /* nullable: still active */
} CltRestriction;

/**
 * CltSubjectRequest:
 *
 * A data subject request (Art. 15-22 GDPR), as the DPO works it.
 */
typedef struct
{
  gint64  id;
  char   *kind;          /* access, portability, rectification, erasure, restriction, objection */
  char   *status;        /* open, done, refused */
  gint64  profile_id;    /* 0: no customer (erased since) */
  char   *name;          /* nullable: the customer's name */
  char   *received_at;   /* ISO 8601, UTC */
  char   *due_at;        /* "YYYY-MM-DD": the last day to answer on, in the local calendar */
  char   *completed_at;  /* nullable */
  guint   extension_months;  /* 0, 1 or 2 (Art. 12(3)) */
  char   *note;          /* the reasons given for an extension and a refusal, a line each */
  char   *actor;
} CltSubjectRequest;

/**
 * CltRetentionDue:
 *
 * A deletion retention makes due: a whole customer (category "profile") or one category of
 * their dated data ("purchases", "loyalty", "newsletter") that no purpose keeping them needs.
 * It names the rule that let go of it last: the purpose (with its label), why and since when.
 */
typedef struct
{
  gint64              profile_id;
  char               *name;           /* nullable: the customer's name */
  char               *category;
  char               *purpose;        /* nullable: no purpose ever kept it */
  char               *purpose_label;  /* nullable, as shown */
  CltRetentionReason  reason;
  char               *since;          /* nullable: ISO 8601 */
  char               *approved_at;    /* nullable: awaiting approval */
  char               *approved_by;    /* nullable */
} CltRetentionDue;

void     clt_export_summary_free           (CltExportSummary        *summary);
void     clt_restriction_free              (CltRestriction          *restriction);
void     clt_subject_request_free          (CltSubjectRequest       *request);
void     clt_retention_due_free            (CltRetentionDue         *due);
int      clt_subject_request_get_days_left (const CltSubjectRequest *request,
                                            GDateTime               *now);
gboolean clt_subject_request_is_overdue    (const CltSubjectRequest *request,
                                            GDateTime               *now);
gboolean clt_subject_request_can_extend    (const CltSubjectRequest *request,
                                            GDateTime               *now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltExportSummary, clt_export_summary_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltRestriction, clt_restriction_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltSubjectRequest, clt_subject_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltRetentionDue, clt_retention_due_free)

#define CLT_TYPE_CONSENT_LEDGER (clt_consent_ledger_get_type ())

G_DECLARE_FINAL_TYPE (CltConsentLedger, clt_consent_ledger, CLT, CONSENT_LEDGER, GObject)

GQuark            clt_consent_error_quark                 (void);
CltConsentLedger *clt_consent_ledger_new                  (CltWorkspace      *workspace);
CltConsentLedger *clt_consent_ledger_open                 (const char        *workspace_path,
                                                           const char        *actor,
                                                           GError           **error);
CltWorkspace     *clt_consent_ledger_get_workspace        (CltConsentLedger  *self);

/* Settings */
guint             clt_consent_ledger_get_stale_months     (CltConsentLedger  *self);
gboolean          clt_consent_ledger_set_stale_months     (CltConsentLedger  *self,
                                                           guint              months,
                                                           GError           **error);
gboolean          clt_consent_ledger_get_require_double_opt_in (CltConsentLedger *self);
gboolean          clt_consent_ledger_set_require_double_opt_in (CltConsentLedger *self,
                                                           gboolean           require,
                                                           GError           **error);

/* Purposes */
GListModel       *clt_consent_ledger_list_purposes        (CltConsentLedger  *self,
                                                           GError           **error);
CltPurpose       *clt_consent_ledger_dup_purpose          (CltConsentLedger  *self,
                                                           const char        *key,
                                                           GError           **error);
gboolean          clt_consent_ledger_save_purpose         (CltConsentLedger  *self,
                                                           CltPurpose        *purpose,
                                                           GError           **error);
CltPurpose       *clt_consent_ledger_add_purpose          (CltConsentLedger  *self,
                                                           CltPurpose        *draft,
                                                           GError           **error);

/* The ledger */
gint64            clt_consent_ledger_record               (CltConsentLedger  *self,
                                                           const char        *identifier_kind,
                                                           const char        *identifier,
                                                           const char        *purpose,
                                                           const char        *channel,
                                                           const char        *action,
                                                           const char        *event_time,
                                                           const char        *method,
                                                           const char        *notice,
                                                           const char        *evidence_json,
                                                           GError           **error);
gint64            clt_consent_ledger_invalidate_notice    (CltConsentLedger  *self,
                                                           const char        *notice,
                                                           GDateTime         *since,
                                                           const char        *reason,
                                                           GError           **error);
gint64            clt_consent_ledger_find_profile         (CltConsentLedger  *self,
                                                           const char        *email,
                                                           GError           **error);
GListModel       *clt_consent_ledger_list_states          (CltConsentLedger  *self,
                                                           gint64             profile_id,
                                                           GError           **error);
GListModel       *clt_consent_ledger_list_identifier_states (CltConsentLedger *self,
                                                           const char        *identifier_kind,
                                                           const char        *identifier,
                                                           GError           **error);
GListModel       *clt_consent_ledger_list_states_at       (CltConsentLedger  *self,
                                                           gint64             profile_id,
                                                           GDateTime         *at,
                                                           gboolean           as_recorded,
                                                           GError           **error);
GListModel       *clt_consent_ledger_list_identifier_states_at (CltConsentLedger *self,
                                                           const char        *identifier_kind,
                                                           const char        *identifier,
                                                           GDateTime         *at,
                                                           gboolean           as_recorded,
                                                           GError           **error);
GPtrArray        *clt_consent_ledger_list_restrictions_at (CltConsentLedger  *self,
                                                           gint64             profile_id,
                                                           GDateTime         *at,
                                                           GError           **error);
GListModel       *clt_consent_ledger_list_history         (CltConsentLedger  *self,
                                                           gint64             profile_id,
                                                           GError           **error);

/* Who may be used */
CltEligibility   *clt_consent_ledger_check                (CltConsentLedger  *self,
                                                           const char        *purpose,
                                                           const gint64      *profile_ids,
                                                           gsize              n_profile_ids,
                                                           GError           **error);
void              clt_consent_ledger_check_async          (CltConsentLedger  *self,
                                                           const char        *purpose,
                                                           GArray            *profile_ids,
                                                           GCancellable      *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer           user_data);
CltEligibility   *clt_consent_ledger_check_finish         (CltConsentLedger  *self,
                                                           GAsyncResult      *result,
                                                           GError           **error);
gint64            clt_consent_ledger_record_export        (CltConsentLedger  *self,
                                                           CltEligibility    *eligibility,
                                                           gint64             segment_id,
                                                           const char        *format,
                                                           const char        *file_name,
                                                           const char        *file_sha256,
                                                           GError           **error);

/* Suppression, restriction, objection and UWG §7(3) */
gboolean          clt_consent_ledger_is_suppressed        (CltConsentLedger  *self,
                                                           const char        *identifier_kind,
                                                           const char        *identifier,
                                                           char             **reason,
                                                           GError           **error);
gint64            clt_consent_ledger_restrict             (CltConsentLedger  *self,
                                                           gint64             profile_id,
                                                           CltRestrictionKind kind,
                                                           const char        *purpose,
                                                           const char        *reason,
                                                           GError           **error);
gboolean          clt_consent_ledger_lift_restriction     (CltConsentLedger  *self,
                                                           gint64             restriction_id,
                                                           GError           **error);
gint64            clt_consent_ledger_assert_existing_customer (CltConsentLedger *self,
                                                           const char        *email,
                                                           const char        *purpose,
                                                           const char        *order_ref,
                                                           const char        *product_category,
                                                           gboolean           similar_products,
                                                           gboolean           notice_given,
                                                           GError           **error);

/* Subject requests */
GDateTime        *clt_consent_request_due_date            (GDateTime         *received,
                                                           guint              extension_months);
gint64            clt_consent_ledger_open_request         (CltConsentLedger  *self,
                                                           const char        *kind,
                                                           gint64             profile_id,
                                                           GDateTime         *received,
                                                           GError           **error);
GPtrArray        *clt_consent_ledger_list_requests        (CltConsentLedger  *self,
                                                           gint64             profile_id,
                                                           gboolean           open_only,
                                                           GError           **error);
gboolean          clt_consent_ledger_complete_request     (CltConsentLedger  *self,
                                                           gint64             request_id,
                                                           GError           **error);
gboolean          clt_consent_ledger_refuse_request       (CltConsentLedger  *self,
                                                           gint64             request_id,
                                                           const char        *reason,
                                                           GError           **error);
gboolean          clt_consent_ledger_extend_request       (CltConsentLedger  *self,
                                                           gint64             request_id,
                                                           guint              months,
                                                           const char        *reason,
                                                           GDateTime         *notified,
                                                           GError           **error);
gboolean          clt_consent_ledger_count_requests       (CltConsentLedger  *self,
                                                           GDateTime         *now,
                                                           gint64            *n_open,
                                                           gint64            *n_overdue,
                                                           GError           **error);

/* Erasure and retention */
gboolean          clt_consent_ledger_erase                (CltConsentLedger  *self,
                                                           gint64             profile_id,
                                                           GError           **error);
gint64            clt_consent_ledger_find_due             (CltConsentLedger  *self,
                                                           GDateTime         *now,
                                                           GError           **error);
GPtrArray        *clt_consent_ledger_list_due             (CltConsentLedger  *self,
                                                           guint              limit,
                                                           GError           **error);
GPtrArray        *clt_consent_ledger_preview_due          (CltConsentLedger  *self,
                                                           GDateTime         *now,
                                                           GError           **error);
gint64            clt_consent_ledger_approve_due          (CltConsentLedger  *self,
                                                           GError           **error);
gboolean          clt_consent_ledger_count_due            (CltConsentLedger  *self,
                                                           gint64            *n_pending,
                                                           gint64            *n_approved,
                                                           GError           **error);
gint64            clt_consent_ledger_purge                (CltConsentLedger  *self,
                                                           gboolean           dry_run,
                                                           GError           **error);

/* Governance: what the DPO panel shows */
GArray           *clt_consent_ledger_count_by_month       (CltConsentLedger  *self,
                                                           const char        *purpose,
                                                           GError           **error);
GPtrArray        *clt_consent_ledger_list_exports         (CltConsentLedger  *self,
                                                           guint              limit,
                                                           GError           **error);
GPtrArray        *clt_consent_ledger_list_restrictions    (CltConsentLedger  *self,
                                                           gint64             profile_id,
                                                           GError           **error);

/* Reports */
char             *clt_consent_ledger_dup_access_json      (CltConsentLedger  *self,
                                                           gint64             profile_id,
                                                           GError           **error);
char             *clt_consent_ledger_dup_access_html      (CltConsentLedger  *self,
                                                           gint64             profile_id,
                                                           GError           **error);
char             *clt_consent_ledger_dup_proof_html       (CltConsentLedger  *self,
                                                           gint64             profile_id,
                                                           GError           **error);
char             *clt_consent_ledger_dup_register_html    (CltConsentLedger  *self,
                                                           GError           **error);
void              clt_consent_ledger_write_access_async   (CltConsentLedger  *self,
                                                           gint64             profile_id,
                                                           GFile             *folder,
                                                           GCancellable      *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer           user_data);
gboolean          clt_consent_ledger_write_access_finish  (CltConsentLedger  *self,
                                                           GAsyncResult      *result,
                                                           GError           **error);
void              clt_consent_ledger_dup_proof_html_async (CltConsentLedger  *self,
                                                           gint64             profile_id,
                                                           GCancellable      *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer           user_data);
char             *clt_consent_ledger_dup_proof_html_finish (CltConsentLedger *self,
                                                           GAsyncResult      *result,
                                                           GError           **error);

G_END_DECLS
