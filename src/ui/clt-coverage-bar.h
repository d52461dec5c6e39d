/* clt-coverage-bar.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * CltCoverageKind:
 * @CLT_COVERAGE_FINE: may be contacted, with good proof and recently used
 * @CLT_COVERAGE_WEAK_PROOF: may be contacted, but without double opt-in proof
 * @CLT_COVERAGE_STALE: may be contacted, but the consent was not used for long
 * @CLT_COVERAGE_EXCLUDED: may not be contacted
 */
typedef enum
{
  CLT_COVERAGE_FINE,
  CLT_COVERAGE_WEAK_PROOF,
  CLT_COVERAGE_STALE,
  CLT_COVERAGE_EXCLUDED,
} CltCoverageKind;

#define CLT_N_COVERAGE_KINDS (CLT_COVERAGE_EXCLUDED + 1)

#define CLT_TYPE_COVERAGE_BAR (clt_coverage_bar_get_type ())

G_DECLARE_FINAL_TYPE (CltCoverageBar, clt_coverage_bar, CLT, COVERAGE_BAR, GtkWidget)

GtkWidget *clt_coverage_bar_new        (void);
GtkWidget *clt_coverage_bar_new_swatch (CltCoverageKind  kind);
void       clt_coverage_bar_set_counts (CltCoverageBar  *self,
                                        gint64           n_eligible,
                                        gint64           n_weak_proof,
                                        gint64           n_stale,
                                        gint64           n_excluded);
gint64     clt_coverage_bar_get_count  (CltCoverageBar  *self,
                                        CltCoverageKind  kind);

G_END_DECLS
