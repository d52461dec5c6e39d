/* clt-consent-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-page.h"

G_BEGIN_DECLS

#define CLT_TYPE_CONSENT_PAGE (clt_consent_page_get_type ())

G_DECLARE_FINAL_TYPE (CltConsentPage, clt_consent_page, CLT, CONSENT_PAGE, CltPage)

gboolean clt_consent_page_get_loading       (CltConsentPage *self);
void     clt_consent_page_export_register_to (CltConsentPage *self,
                                              GFile          *file);

G_END_DECLS
