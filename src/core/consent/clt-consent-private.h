/* clt-consent-private.h: the consent rule and the suppression list, for src/core only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "clt-consent-ledger.h"
#include "clt-eligibility.h"

G_BEGIN_DECLS

/* What the rule needs to know of a purpose. */
typedef struct
{
  char     basis;        /* 'a' … 'f' */
  char     channel[16];
  gboolean marketing;
} CltPurposeRule;

gboolean    _clt_consent_refresh             (CltWorkspace          *workspace,
                                              gboolean               all,
                                              GError               **error);
gboolean    _clt_consent_rebuild             (CltWorkspace          *workspace,
                                              gboolean               holders_only,
                                              GError               **error);
gboolean    _clt_consent_mark_identifier     (CltWorkspace          *workspace,
                                              const char            *kind,
                                              const char            *value,
                                              GError               **error);
char       *_clt_consent_state_sql           (const char            *profile_expr,
                                              const char            *purpose_param,
                                              const char            *channel_param);
char       *_clt_consent_eligible_sql        (const CltPurposeRule  *rule,
                                              const char            *purpose_param,
                                              const char            *channel_param,
                                              const char            *doi_param,
                                              gboolean               details);
char       *_clt_consent_usable_sql          (const CltPurposeRule  *rule,
                                              const char            *purpose_param,
                                              const char            *channel_param,
                                              const char            *doi_param);
char       *_clt_consent_restricted_sql      (const CltPurposeRule  *rule,
                                              const char            *purpose_param);
void        _clt_bits_set                    (GByteArray            *bits,
                                              gint64                 id,
                                              gboolean               on);
gboolean    _clt_consent_sets_refresh        (CltWorkspace          *workspace,
                                              gboolean               all,
                                              gboolean               changed,
                                              GError               **error);
char       *_clt_consent_set_sql             (CltWorkspace          *workspace,
                                              const CltPurposeRule  *rule,
                                              const char            *purpose,
                                              const char            *purpose_param,
                                              const char            *channel_param,
                                              const char            *doi_param);
char       *_clt_consent_rows_sql            (const CltPurposeRule  *rule,
                                              const char            *purpose_param,
                                              const char            *channel_param,
                                              const char            *doi_param);
char       *_clt_purpose_rule_address_ids_sql (const CltPurposeRule *rule);
void        _clt_purpose_rule_load           (CltWorkspace          *workspace,
                                              const char            *purpose,
                                              const char            *channel,
                                              CltPurposeRule        *rule);
gboolean    _clt_purpose_rule_needs_consent  (const CltPurposeRule  *rule);
const char *_clt_purpose_rule_address_sql    (const CltPurposeRule  *rule);
gboolean    _clt_consent_require_doi         (CltWorkspace          *workspace);

/* The suppression list, as an import checks it. */
typedef struct _CltSuppression CltSuppression;

CltSuppression *_clt_suppression_load        (CltWorkspace          *workspace,
                                              GError               **error);
char           *_clt_suppression_check       (CltSuppression        *self,
                                              GPtrArray             *emails,
                                              GPtrArray             *phones);
void            _clt_suppression_free        (CltSuppression        *self);
GBytes         *_clt_suppression_hash        (CltWorkspace          *workspace,
                                              const char            *kind,
                                              const char            *normalised,
                                              GError               **error);
GHmac          *_clt_suppression_new_hmac    (CltWorkspace          *workspace,
                                              GError               **error);
GBytes         *_clt_suppression_digest      (GHmac                 *keyed,
                                              const char            *kind,
                                              const char            *normalised);
char           *_clt_suppression_dup_workspace_id (CltWorkspace     *workspace,
                                              GError               **error);

/* The erasure ledger beside the workspace (clt-erasure-ledger.c). */
gboolean        _clt_erasure_ledger_append   (CltWorkspace          *workspace,
                                              GPtrArray             *kinds_and_values,
                                              const char            *erased_at,
                                              GError               **error);
gboolean        _clt_erasure_ledger_reapply  (CltWorkspace          *workspace,
                                              GError               **error);

/* Eligibility results, as the ledger fills them. */
CltEligibility *_clt_eligibility_new         (const char            *purpose,
                                              const char            *channel,
                                              char                   legal_basis);
void            _clt_eligibility_add         (CltEligibility        *self,
                                              gint64                 profile_id,
                                              const char            *identifier_kind,
                                              const char            *identifier,
                                              const char            *basis,
                                              gint64                 consent_event_id,
                                              gint64                 assertion_id,
                                              gboolean               weak_proof,
                                              gboolean               stale);
void            _clt_eligibility_exclude     (CltEligibility        *self,
                                              CltExclusion           reason,
                                              gint64                 n);
void            _clt_eligibility_set_seconds (CltEligibility        *self,
                                              double                 seconds);
void            _clt_eligibility_get_basis_ids (CltEligibility      *self,
                                              guint                  index,
                                              gint64                *event_id,
                                              gint64                *assertion_id);

/* The ledger's connection, and a normalised identifier. */
CltWorkspace   *_clt_consent_ledger_get_db_workspace (CltConsentLedger *self);
char           *_clt_consent_normalise       (const char            *kind,
                                              const char            *value,
                                              GError               **error);
char           *_clt_consent_now             (void);
char           *_clt_consent_json_escape     (const char            *text);
gint64          _clt_consent_suppress_profile (CltConsentLedger *self,
                                              gint64                 profile_id,
                                              const char            *reason,
                                              const char            *scope,
                                              const char            *now,
                                              GError               **error);
gboolean        _clt_consent_erase_in_transaction (CltConsentLedger *self,
                                              gint64                 profile_id,
                                              gboolean               suppress,
                                              const char            *why,
                                              GError               **error);
gboolean        _clt_consent_scrub           (CltConsentLedger      *self,
                                              GError               **error);
gboolean        _clt_consent_erase_identifier_in_transaction (CltConsentLedger *self,
                                              const char            *kind,
                                              const char            *value,
                                              GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltSuppression, _clt_suppression_free)

G_END_DECLS
