/* clt-suggestions.h: audiences proposed by clustering the customers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "clt-audience-suggestion.h"
#include "clt-workspace.h"

G_BEGIN_DECLS

gboolean   clt_insights_suggest_audiences (CltWorkspace  *workspace,
                                           GDateTime     *now,
                                           void         (*progress) (double fraction, gpointer user_data),
                                           gpointer       progress_data,
                                           GCancellable  *cancellable,
                                           GError       **error);
GPtrArray *clt_insights_list_suggestions  (CltWorkspace  *workspace,
                                           GError       **error);
gint64     clt_insights_save_suggestion   (CltWorkspace  *workspace,
                                           guint          index,
                                           const char    *name,
                                           const char    *actor,
                                           GError       **error);

G_END_DECLS
