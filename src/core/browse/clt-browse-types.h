/* clt-browse-types.h: the profile browser's enums
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* sources.kind → category: hubspot/salesforce/pipedrive → CRM; shopify/stripe/square → shop;
 * loyalty → loyalty; mailchimp/brevo/cleverreach → newsletter; anything else → other. */
typedef enum
{
  CLT_SOURCE_CATEGORY_CRM        = 1 << 0,
  CLT_SOURCE_CATEGORY_SHOP       = 1 << 1,
  CLT_SOURCE_CATEGORY_LOYALTY    = 1 << 2,
  CLT_SOURCE_CATEGORY_NEWSLETTER = 1 << 3,
  CLT_SOURCE_CATEGORY_OTHER      = 1 << 4,
} CltSourceCategory;

typedef enum
{
  CLT_PROFILE_SORT_NAME,
  CLT_PROFILE_SORT_EMAIL,
  CLT_PROFILE_SORT_CITY,
  CLT_PROFILE_SORT_SOURCES,
  CLT_PROFILE_SORT_LAST_ACTIVITY,
  CLT_PROFILE_SORT_SPEND,
  CLT_PROFILE_SORT_CONSENT,
} CltProfileSort;

/* NOT_GIVEN: refused, withdrawn, revoked, expired or invalidated. */
typedef enum
{
  CLT_CONSENT_FILTER_ANY,
  CLT_CONSENT_FILTER_GIVEN,
  CLT_CONSENT_FILTER_NOT_GIVEN,
  CLT_CONSENT_FILTER_UNKNOWN,
} CltConsentFilter;

G_END_DECLS
