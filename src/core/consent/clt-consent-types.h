/* clt-consent-types.h: the enums of consent and governance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * CltExclusion:
 * @CLT_EXCLUSION_NO_CONSENT: no consent (unknown, refused or expired) and no other basis
 * @CLT_EXCLUSION_WITHDRAWN: the consent was withdrawn or revoked (or, on legitimate
 *   interest, the person objected for the purpose)
 * @CLT_EXCLUSION_BOUNCED: the address bounced (invalidated): it cannot be used
 * @CLT_EXCLUSION_SUPPRESSED: the address is on the suppression list
 * @CLT_EXCLUSION_RESTRICTED: an Art. 18 restriction or Art. 21 objection covers the purpose
 * @CLT_EXCLUSION_NO_ADDRESS: no address for the purpose's channel
 * @CLT_EXCLUSION_WEAK_PROOF: e-mail consent without double opt-in, when the workspace
 *   requires it
 *
 * Why a profile may not be used for a purpose.
 */
typedef enum
{
  CLT_EXCLUSION_NO_CONSENT,
  CLT_EXCLUSION_WITHDRAWN,
  CLT_EXCLUSION_BOUNCED,
  CLT_EXCLUSION_SUPPRESSED,
  CLT_EXCLUSION_RESTRICTED,
  CLT_EXCLUSION_NO_ADDRESS,
  CLT_EXCLUSION_WEAK_PROOF,
} CltExclusion;

#define CLT_N_EXCLUSIONS (CLT_EXCLUSION_WEAK_PROOF + 1)

/**
 * CltRestrictionKind:
 * @CLT_RESTRICTION_KIND_RESTRICTION: Art. 18: keep, but do not use
 * @CLT_RESTRICTION_KIND_OBJECTION: Art. 21: the person objected (to direct marketing
 *   when no purpose is given; their addresses go on the suppression list for marketing)
 */
typedef enum
{
  CLT_RESTRICTION_KIND_RESTRICTION,
  CLT_RESTRICTION_KIND_OBJECTION,
} CltRestrictionKind;

/**
 * CltRetentionReason:
 * @CLT_RETENTION_REASON_PERIOD: the purpose's retention period after the last activity ran out
 * @CLT_RETENTION_REASON_CONSENT: the consent the purpose rests on is no longer current
 *   (withdrawn, refused, bounced, given again without proof, or the address suppressed)
 * @CLT_RETENTION_REASON_OBJECTION: the person objected to the purpose, or withdrew from it
 * @CLT_RETENTION_REASON_NONE: no purpose ever kept the data (no consent, no dated activity
 *   that a purpose uses)
 *
 * Why retention makes a customer, or a category of their data, due for deletion.
 */
typedef enum
{
  CLT_RETENTION_REASON_PERIOD,
  CLT_RETENTION_REASON_CONSENT,
  CLT_RETENTION_REASON_OBJECTION,
  CLT_RETENTION_REASON_NONE,
} CltRetentionReason;

const char *clt_exclusion_get_label        (CltExclusion        reason);
const char *clt_retention_reason_get_label (CltRetentionReason  reason);

G_END_DECLS
