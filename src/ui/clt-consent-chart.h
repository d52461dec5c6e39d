/* clt-consent-chart.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CLT_TYPE_CONSENT_CHART (clt_consent_chart_get_type ())

G_DECLARE_FINAL_TYPE (CltConsentChart, clt_consent_chart, CLT, CONSENT_CHART, GtkWidget)

GtkWidget *clt_consent_chart_new        (void);
void       clt_consent_chart_set_months (CltConsentChart *self,
                                         GArray          *months);
guint      clt_consent_chart_get_n_months (CltConsentChart *self);
gint64     clt_consent_chart_get_total  (CltConsentChart *self,
                                         gboolean         withdrawn);

G_END_DECLS
