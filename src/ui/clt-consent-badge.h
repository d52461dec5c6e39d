/* clt-consent-badge.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CLT_TYPE_CONSENT_BADGE (clt_consent_badge_get_type ())

G_DECLARE_FINAL_TYPE (CltConsentBadge, clt_consent_badge, CLT, CONSENT_BADGE, GtkWidget)

/**
 * CltConsentBadgeKind:
 * @CLT_CONSENT_BADGE_NONE: nothing shown, while the customer is being read
 * @CLT_CONSENT_BADGE_GIVEN: "Yes": the customer may be e-mailed
 * @CLT_CONSENT_BADGE_REFUSED: "No": consent was refused or withdrawn
 * @CLT_CONSENT_BADGE_UNKNOWN: "Not known": no consent on record
 */
typedef enum
{
  CLT_CONSENT_BADGE_NONE,
  CLT_CONSENT_BADGE_GIVEN,
  CLT_CONSENT_BADGE_REFUSED,
  CLT_CONSENT_BADGE_UNKNOWN,
} CltConsentBadgeKind;

GtkWidget           *clt_consent_badge_new      (void);
void                 clt_consent_badge_set_kind (CltConsentBadge     *self,
                                                 CltConsentBadgeKind  kind);
CltConsentBadgeKind  clt_consent_badge_get_kind (CltConsentBadge     *self);
const char          *clt_consent_badge_get_text (CltConsentBadge     *self);

G_END_DECLS
