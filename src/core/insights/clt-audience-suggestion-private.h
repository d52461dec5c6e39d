/* clt-audience-suggestion-private.h: making suggestions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "clt-audience-suggestion.h"

G_BEGIN_DECLS

CltAudienceSuggestion *_clt_audience_suggestion_new (guint               index,
                                                     const char         *description,
                                                     gint64              size,
                                                     double              share,
                                                     const char * const *features);

G_END_DECLS
