/* clt-audience-suggestion.h: an audience the clustering proposes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CLT_TYPE_AUDIENCE_SUGGESTION (clt_audience_suggestion_get_type ())

typedef struct _CltAudienceSuggestion CltAudienceSuggestion;

GType                  clt_audience_suggestion_get_type        (void) G_GNUC_CONST;
CltAudienceSuggestion *clt_audience_suggestion_ref             (CltAudienceSuggestion *self);
void                   clt_audience_suggestion_unref           (CltAudienceSuggestion *self);
guint                  clt_audience_suggestion_get_index       (CltAudienceSuggestion *self);
const char            *clt_audience_suggestion_get_description (CltAudienceSuggestion *self);
gint64                 clt_audience_suggestion_get_size        (CltAudienceSuggestion *self);
double                 clt_audience_suggestion_get_share       (CltAudienceSuggestion *self);
const char * const    *clt_audience_suggestion_get_features    (CltAudienceSuggestion *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltAudienceSuggestion, clt_audience_suggestion_unref)

G_END_DECLS
