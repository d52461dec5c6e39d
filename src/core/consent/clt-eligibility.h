/* clt-eligibility.h: who of a set of profiles may be used for a purpose, and why not
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "clt-consent-types.h"

G_BEGIN_DECLS

#define CLT_TYPE_ELIGIBILITY (clt_eligibility_get_type ())

G_DECLARE_FINAL_TYPE (CltEligibility, clt_eligibility, CLT, ELIGIBILITY, GObject)

const char *clt_eligibility_get_purpose          (CltEligibility  *self);
const char *clt_eligibility_get_channel          (CltEligibility  *self);
gint64      clt_eligibility_get_n_candidates     (CltEligibility  *self);
gint64      clt_eligibility_get_n_eligible       (CltEligibility  *self);
gint64      clt_eligibility_get_n_excluded       (CltEligibility  *self,
                                                  CltExclusion     reason);
gint64      clt_eligibility_get_n_excluded_total (CltEligibility  *self);
gint64      clt_eligibility_get_n_weak_proof     (CltEligibility  *self);
gint64      clt_eligibility_get_n_stale          (CltEligibility  *self);
gboolean    clt_eligibility_get_recipient        (CltEligibility  *self,
                                                  guint            index,
                                                  gint64          *profile_id,
                                                  const char     **identifier_kind,
                                                  const char     **identifier,
                                                  const char     **basis);
gboolean    clt_eligibility_contains             (CltEligibility  *self,
                                                  gint64           profile_id,
                                                  const char     **identifier,
                                                  const char     **basis);
char       *clt_eligibility_dup_excluded_json    (CltEligibility  *self);
double      clt_eligibility_get_seconds          (CltEligibility  *self);

G_END_DECLS
