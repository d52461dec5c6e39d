/* clt-insights-private.h: computing the insights of a workspace, for src/core, the command
 * line and the tests. Each model has its own file; these run in a worker thread on a
 * workspace the thread opened.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "clt-workspace.h"

G_BEGIN_DECLS

/* clt-clv.c: lifetime value and churn risk (BG/NBD and Gamma-Gamma). */
gboolean _clt_insights_clv_compute (CltWorkspace   *workspace,
                                    GDateTime      *calibration_end,
                                    GCancellable   *cancellable,
                                    void          (*progress) (double   fraction,
                                                               gpointer data),
                                    gpointer        data,
                                    JsonObject    **result_out,
                                    GError        **error);

G_END_DECLS
